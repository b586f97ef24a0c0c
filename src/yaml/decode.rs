//! Decoding one YAML value (a record, a header, a page's front matter) into its typed
//! form, reporting every problem of it in one run. serde stops at the first problem of
//! a value (an unknown key, a value of the wrong type, a missing key), so the value is
//! decoded again with that problem set aside until it decodes: a bad key is removed
//! (and its absence not reported again), a missing key is filled with a stand-in (a
//! variant the message names, an empty text, a date, …) that is never used, as the
//! value then has problems and is not published.

use super::{LineRange, PathSeg, Source};
use crate::diag::{closest, Diagnostic};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// Most decodes of one value (each one finds one more problem).
const MAX_ROUNDS: usize = 32;

/// Decodes `value` into `T`, with every problem found in it, each pointing at its key
/// within `range`. The value is given (`Some`) when its only problems were unknown
/// keys (removed): the checks that run after decoding can then report theirs in the
/// same run. Any problem is an error.
pub fn decode<T: DeserializeOwned>(
    value: Value,
    src: &Source<'_>,
    range: LineRange,
) -> (Option<T>, Vec<Diagnostic>) {
    let settled = settle::<T>(value, src, range);
    let given = settled.set_aside.is_empty();
    (settled.decoded.filter(|_| given), settled.problems)
}

/// A value decoded with every problem set aside, as far as it could be.
pub(super) struct Settled<T> {
    /// The value as it decoded: bad keys removed, missing ones filled.
    pub value: Value,
    /// `value` decoded (`None`: it never did, within [`MAX_ROUNDS`]).
    pub decoded: Option<T>,
    pub problems: Vec<Diagnostic>,
    /// Where a value was removed as bad or filled with a stand-in (unknown keys, which
    /// no check reads, are not here), with the variants a message named for it.
    pub set_aside: Vec<(Vec<Step>, Vec<String>)>,
}

/// Decodes `value` again and again, setting aside one more problem each time.
pub(super) fn settle<T: DeserializeOwned>(
    value: Value,
    src: &Source<'_>,
    range: LineRange,
) -> Settled<T> {
    let mut value = value;
    let mut problems = Vec::new();
    // Keys set aside: removed as bad, and filled with a stand-in (with the index of
    // the stand-in tried).
    let mut removed: Vec<Vec<Step>> = Vec::new();
    let mut filled: Vec<(Vec<Step>, usize)> = Vec::new();
    let mut set_aside: Vec<(Vec<Step>, Vec<String>)> = Vec::new();
    let note = |set_aside: &mut Vec<(Vec<Step>, Vec<String>)>, at: &[Step], names: Vec<String>| {
        match set_aside.iter_mut().find(|(p, _)| p.as_slice() == at) {
            Some((_, known)) if known.is_empty() => *known = names,
            Some(_) => {}
            None => set_aside.push((at.to_vec(), names)),
        }
    };
    let mut decoded = None;
    for _ in 0..MAX_ROUNDS {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(v) => {
                decoded = Some(v);
                break;
            }
            Err(err) => err,
        };
        let path: Vec<Step> = err
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
                _ => None,
            })
            .collect();
        let msg = err.into_inner().to_string();
        // (A key missing inside a stand-in is the stand-in's own problem, below.)
        let in_stand_in = filled.iter().any(|(f, _)| path.starts_with(f));
        if let (Some(missing), false) = (backticked(&msg, "missing field "), in_stand_in) {
            let mut at = path.clone();
            at.push(Step::Key(missing));
            if filled.iter().any(|(f, _)| *f == at) {
                break; // a stand-in that did not stay: give up on this value
            }
            if !removed.contains(&at) {
                problems.push(diagnose(&msg, &path, src, range));
            }
            if !set(&mut value, &at, stand_in(0)) {
                break;
            }
            note(&mut set_aside, &at, Vec::new());
            filled.push((at, 0));
            continue;
        }
        // A stand-in of the wrong kind: the next one (a variant the message names
        // first).
        if let Some(i) = filled.iter().position(|(f, _)| path.starts_with(f)) {
            let named = expected_names(&msg);
            let (at, tried) = &mut filled[i];
            *tried += 1;
            let next = match (*tried, named.first()) {
                (1, Some(variant)) => Value::String(variant.clone()),
                (n, _) => stand_in(n),
            };
            let at = at.clone();
            if *tried < STAND_INS && set(&mut value, &at, next) {
                note(&mut set_aside, &at, named);
                continue;
            }
            break;
        }
        let msg = name_the_variants::<T>(msg, &value, &path);
        problems.push(diagnose(&msg, &path, src, range));
        let mut at = path;
        // (The path of an unknown key may end with it or not.)
        let unknown = backticked(&msg, "unknown field ");
        if let Some(unknown) = &unknown {
            if at.last() != Some(&Step::Key(unknown.clone())) {
                at.push(Step::Key(unknown.clone()));
            }
        }
        if at.is_empty() || !remove(&mut value, &at) {
            break;
        }
        // A bad value removed leaves its key's default, which the checks after
        // decoding would read as written: only a value rid of unknown keys is given.
        if unknown.is_none() {
            note(&mut set_aside, &at, expected_names(&msg));
        }
        removed.push(at);
    }
    Settled {
        value,
        decoded,
        problems,
        set_aside,
    }
}

/// serde_yaml's message for a value of the wrong type where one of a set of words is
/// expected (`severity: 1`) names no word: the words are learnt by decoding again with
/// a word that is none of them, and the message said as for an unknown word.
fn name_the_variants<T: DeserializeOwned>(msg: String, value: &Value, path: &[Step]) -> String {
    let Some(found) = msg
        .strip_prefix("invalid type: ")
        .and_then(|m| m.strip_suffix(", expected a Value::Tagged enum"))
    else {
        return msg;
    };
    let mut probe = value.clone();
    if !set(&mut probe, path, Value::String("\u{1}".into())) {
        return msg;
    }
    let Err(err) = serde_path_to_error::deserialize::<_, T>(&probe) else {
        return msg;
    };
    let probed = err.into_inner().to_string();
    let Some(at) = probed.find("expected ") else {
        return msg;
    };
    // `1` for a scalar, else what it is (`a list`).
    let shown = found
        .split('`')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_else(|| match found {
            "sequence" => "a list".to_string(),
            "map" => "keys with values".to_string(),
            other => other.to_string(),
        });
    format!("unknown variant `{shown}`, {}", &probed[at..])
}

/// One step of the path to a problem: a key, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// How many stand-ins are tried for a missing key.
const STAND_INS: usize = 7;

/// The `n`th stand-in for a missing key of a type not known here.
fn stand_in(n: usize) -> Value {
    match n {
        0 => Value::String(String::new()),
        1 => Value::String("2000-01-01".into()),
        2 => Value::Number(0.into()),
        3 => Value::Bool(false),
        4 => Value::Sequence(Vec::new()),
        5 => Value::Mapping(Mapping::new()),
        _ => Value::Null,
    }
}

/// The value at `path`, when there is one.
pub(super) fn value_at<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut here = value;
    for step in path {
        here = match step {
            Step::Key(key) => here.as_mapping_mut()?.get_mut(key.as_str())?,
            Step::Index(i) => here.as_sequence_mut()?.get_mut(*i)?,
        };
    }
    Some(here)
}

/// Removes the key at `path`; false when there is none (or it is a list's item).
fn remove(value: &mut Value, path: &[Step]) -> bool {
    let Some((Step::Key(last), parent)) = path.split_last() else {
        return false;
    };
    value_at(value, parent)
        .and_then(Value::as_mapping_mut)
        .is_some_and(|m| m.remove(last.as_str()).is_some())
}

/// Sets the key at `path` to `to`; false when its parent is not a mapping.
pub(super) fn set(value: &mut Value, path: &[Step], to: Value) -> bool {
    let Some((Step::Key(last), parent)) = path.split_last() else {
        return false;
    };
    match value_at(value, parent).and_then(Value::as_mapping_mut) {
        Some(m) => {
            m.insert(Value::String(last.clone()), to);
            true
        }
        None => false,
    }
}

fn backticked(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

fn expected_names(msg: &str) -> Vec<String> {
    let Some(i) = msg.find("expected ") else {
        return Vec::new();
    };
    msg[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn diagnose(msg: &str, path: &[Step], src: &Source<'_>, range: LineRange) -> Diagnostic {
    let mut steps: Vec<PathSeg<'_>> = path
        .iter()
        .map(|step| match step {
            Step::Key(key) => PathSeg::Key(key),
            Step::Index(i) => PathSeg::Index(*i),
        })
        .collect();
    // `grades[1].min_score`, as staff find it.
    let mut shown = String::new();
    for step in path {
        match step {
            Step::Key(key) if shown.is_empty() => shown.push_str(key),
            Step::Key(key) => {
                shown.push('.');
                shown.push_str(key);
            }
            Step::Index(i) => shown.push_str(&format!("[{}]", i + 1)),
        }
    }
    let at = |steps: &[PathSeg<'_>]| src.outline.locate_path_in(range, steps);
    if let Some(unknown) = backticked(msg, "unknown field ") {
        if steps.last() != Some(&PathSeg::Key(&unknown)) {
            steps.push(PathSeg::Key(&unknown));
        }
        let (line, col) = at(&steps);
        // The column of the key itself, which is what needs fixing.
        let text = src.outline.line(line);
        let col = text
            .find(&format!("{unknown}:"))
            .map_or(col, |byte| text[..byte].chars().count() + 1);
        let expected = expected_names(msg);
        let diag = Diagnostic::new(src.file, line, col, format!("unknown key `{unknown}`"));
        let hint = match closest(&unknown, expected.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean `{near}`? Allowed keys here: {}",
                expected.join(", ")
            ),
            None => format!("allowed keys here: {}", expected.join(", ")),
        };
        return diag.with_hint(hint);
    }
    let (line, col) = at(&steps);
    if let Some(missing) = backticked(msg, "missing field ") {
        let diag = Diagnostic::new(
            src.file,
            line,
            col,
            format!("required key `{missing}` is missing"),
        );
        return diag.with_hint(format!("add `{missing}:` to this record"));
    }
    if let Some(variant) = backticked(msg, "unknown variant ") {
        let expected = expected_names(msg);
        let key = shown
            .rsplit('.')
            .next()
            .filter(|k| !k.is_empty())
            .unwrap_or("value");
        return Diagnostic::new(
            src.file,
            line,
            col,
            format!("`{key}` cannot be `{variant}`"),
        )
        .with_hint(format!("use one of: {}", expected.join(", ")));
    }
    let (plain, hint) = in_plain_words(msg);
    let message = if shown.is_empty() {
        plain
    } else {
        format!("`{shown}`: {plain}")
    };
    let diag = Diagnostic::new(src.file, line, col, message);
    match hint {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// serde's message with Rust's type names said as staff would (`expected f64` is
/// `expected a number`), and what to write instead where that is clear.
fn in_plain_words(msg: &str) -> (String, Option<&'static str>) {
    let mut plain = msg.to_string();
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected keys with values"),
        ("expected a boolean", "expected true or false"),
    ] {
        if let Some(at) = plain.find(rust) {
            if plain[at + rust.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
            {
                plain.replace_range(at..at + rust.len(), words);
            }
        }
    }
    let number = plain.contains("expected a number") || plain.contains("expected a whole number");
    let hint = if number && plain.contains("invalid type: string") {
        Some("write the number without quotes or units (0.2, not \"0.2\" or 2千)")
    } else if plain.contains("expected a list") {
        Some("write a list as [a, b] or as lines that start with `- `")
    } else {
        None
    };
    (plain, hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Record {
        name: String,
        severity: Severity,
        amount: Option<f64>,
        when: Option<Inner>,
        items: Option<Vec<Inner>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        inner: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Severity {
        Minor,
        General,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        day: u32,
    }

    fn problems(text: &str) -> (bool, Vec<String>) {
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str(text).unwrap();
        let (value, problems) = decode::<Record>(value, &src, src.outline.whole());
        let shown = problems
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        (value.is_some(), shown)
    }

    #[test]
    fn every_problem_of_a_value_is_reported_at_once() {
        let (decoded, found) = problems(
            "name: a\nnmae: b\nseverity: grave\namount: lots\nwhen: { day: x, hour: 1 }\n",
        );
        assert!(!decoded, "severity had to be stood in for");
        assert_eq!(found.len(), 5, "{found:?}");
        for expected in [
            "2:1 unknown key `nmae`",
            "3:11 `severity` cannot be `grave`",
            "4:9 `amount`: invalid type",
            "5:14 `when.day`: invalid type",
            "5:17 unknown key `hour`",
        ] {
            assert!(
                found.iter().any(|f| f.starts_with(expected)),
                "{expected}: {found:?}"
            );
        }
    }

    #[test]
    fn problems_in_list_items_are_at_their_item_and_all_reported() {
        let (decoded, found) =
            problems("name: a\nseverity: minor\nitems:\n  - day: 1\n  - day: x\n  - dya: 2\n");
        assert!(!decoded);
        assert!(
            found.iter().any(|f| f.starts_with("5:10 `items[2].day`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.starts_with("6:5 unknown key `dya`")),
            "{found:?}"
        );
    }

    #[test]
    fn a_word_of_the_wrong_type_is_told_the_words_allowed() {
        for (text, shown) in [
            ("name: a\nseverity: 1\n", "2:11 `severity` cannot be `1`"),
            (
                "name: a\nseverity: [minor]\n",
                "2:11 `severity` cannot be `a list`",
            ),
        ] {
            let src = Source::new(Path::new("r.yaml"), text, 0);
            let value: Value = serde_yaml::from_str(text).unwrap();
            let (_, found) = decode::<Record>(value, &src, src.outline.whole());
            assert_eq!(found.len(), 1, "{found:?}");
            let d = &found[0];
            assert_eq!(format!("{}:{} {}", d.line, d.column, d.message), shown);
            assert_eq!(d.hint.as_deref(), Some("use one of: minor, general"));
        }
    }

    #[test]
    fn a_missing_required_mapping_is_one_problem() {
        let text = "other: 1\n";
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str("{}").unwrap();
        let (decoded, found) = decode::<Outer>(value, &src, src.outline.whole());
        assert!(decoded.is_none());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("`inner` is missing"));
    }

    #[test]
    fn a_bad_value_removed_does_not_give_the_value_with_its_default() {
        let (decoded, found) = problems("name: a\nseverity: minor\namount: lots\n");
        assert!(!decoded, "amount would read as absent");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn serde_types_are_said_in_plain_words() {
        let (_, found) = problems("name: a\nseverity: minor\namount: \"0.2\"\n");
        assert!(
            found[0].ends_with("invalid type: string \"0.2\", expected a number"),
            "{found:?}"
        );
        let (plain, hint) = in_plain_words("invalid type: string \"x\", expected u32");
        assert_eq!(plain, "invalid type: string \"x\", expected a whole number");
        assert!(hint.unwrap().contains("without quotes"));
        assert_eq!(
            in_plain_words("expected f64x").0,
            "expected f64x",
            "a whole word only"
        );
    }

    #[test]
    fn every_missing_key_is_reported_and_an_unknown_one_keeps_the_value() {
        let (decoded, found) = problems("amount: 1\n");
        assert!(!decoded);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().any(|f| f.contains("`name` is missing")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.contains("`severity` is missing")),
            "{found:?}"
        );
        // Only an unknown key: the rest is decoded, for the later checks.
        let (decoded, found) = problems("name: a\nseverity: minor\nnmae: b\n");
        assert!(decoded);
        assert_eq!(found.len(), 1, "{found:?}");
        let (decoded, found) = problems("name: a\nseverity: minor\n");
        assert!(decoded && found.is_empty());
    }
}
