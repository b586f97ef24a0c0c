//! Decoding one YAML value (a record, a header, a page's front matter) into its typed
//! form, reporting every problem of it in one run. serde stops at the first problem of
//! a value (an unknown key, a value of the wrong type, a missing key), so the value is
//! decoded again with that problem set aside until it decodes: a bad key is removed
//! (and its absence not reported again), a missing key is filled with a stand-in (a
//! variant the message names, an empty text, a date, …) that is never used, as the
//! value then has problems and is not published.

use super::message::{backticked, diagnose, expected_names, name_the_variants};
use super::{LineRange, Source};
use crate::diag::Diagnostic;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// Most decodes of one value (each one finds one more problem).
const MAX_ROUNDS: usize = 64;

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
    // List items taken out, to show later problems where they were written.
    let mut gone = GoneItems::default();
    let mut decoded = None;
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        rounds += 1;
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
        // serde_yaml reads a scalar as text where text is wanted when it decodes the
        // file's text (a clean file: `note:` is "", `document_no: 2026` is "2026"),
        // but not from a Value (a file with a problem elsewhere): the same record
        // must decode the same either way. (Not a round: each scalar is read once.)
        if msg.starts_with("invalid type: ")
            && msg.ends_with(", expected a string")
            && read_as_text(&mut value, &path)
        {
            rounds -= 1;
            continue;
        }
        // (A key missing inside a stand-in is the stand-in's own problem, below.)
        let in_stand_in = filled.iter().any(|(f, _)| path.starts_with(f));
        if let (Some(missing), false) = (backticked(&msg, "missing field "), in_stand_in) {
            let mut at = path.clone();
            at.push(Step::Key(missing));
            if filled.iter().any(|(f, _)| *f == at) {
                break; // a stand-in that did not stay: give up on this value
            }
            if !removed.contains(&at) {
                problems.push(diagnose(&msg, &gone.original(&path), src, range));
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
        problems.push(diagnose(&msg, &gone.original(&path), src, range));
        let mut at = path;
        // (The path of an unknown key may end with it or not.)
        let unknown = backticked(&msg, "unknown field ");
        if let Some(unknown) = &unknown {
            if at.last() != Some(&Step::Key(unknown.clone())) {
                at.push(Step::Key(unknown.clone()));
            }
        }
        if let Some((Step::Index(i), list)) = at.split_last() {
            // An item of a list that is not what the list holds (`- 7` among the
            // menu's links): taken out, so that the items after it are read too.
            let (i, list) = (*i, list.to_vec());
            if !remove_item(&mut value, &list, i) {
                break;
            }
            gone.note(&list, i);
            for stored in removed.iter_mut().chain(filled.iter_mut().map(|(p, _)| p)) {
                shift_after_item(stored, &list, i);
            }
            for (stored, _) in set_aside.iter_mut() {
                // An item taken out earlier at this place sat before this one: it
                // stays where it was (not emptied, as a path into this item is).
                let gone_here = stored.len() == list.len() + 1
                    && stored.starts_with(&list)
                    && stored.last() == Some(&Step::Index(i));
                if !gone_here {
                    shift_after_item(stored, &list, i);
                }
            }
            removed.retain(|p| !p.is_empty());
            filled.retain(|(p, _)| !p.is_empty());
            // Never given: the value lacks one of its items.
            set_aside.push((at, Vec::new()));
            continue;
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
    if decoded.is_none() && (rounds >= MAX_ROUNDS || problems.is_empty()) {
        // Never a value withheld without a word.
        let (line, column) = src.outline.start_of(range);
        let (message, hint) = if problems.is_empty() {
            (
                "this could not be read as the keys and values gongshi expects here",
                "write it as `key: value` lines, as the other records are (README.md lists the keys)",
            )
        } else {
            (
                "more problems than are shown here: mend these and run again",
                "the problems above are the first ones found in this record",
            )
        };
        problems.push(Diagnostic::new(src.file, line, column, message).with_hint(hint));
    }
    Settled {
        value,
        decoded,
        problems,
        set_aside,
    }
}

/// Puts the text of the scalar at `path` in its place (an empty value is ""), as
/// serde_yaml reads a scalar where text is wanted; false when it is not a scalar.
fn read_as_text(value: &mut Value, path: &[Step]) -> bool {
    let Some(here) = value_at(value, path) else {
        return false;
    };
    let text = match here {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => return false,
    };
    *here = Value::String(text);
    true
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

/// Removes the key at `path`; false when there is none (or it is a list's item). The
/// keys after it keep their order, so that problems are found in the order written.
fn remove(value: &mut Value, path: &[Step]) -> bool {
    let Some((Step::Key(last), parent)) = path.split_last() else {
        return false;
    };
    value_at(value, parent)
        .and_then(Value::as_mapping_mut)
        .is_some_and(|m| m.shift_remove(last.as_str()).is_some())
}

/// Removes the item `i` of the list at `list`; false when there is none.
fn remove_item(value: &mut Value, list: &[Step], i: usize) -> bool {
    match value_at(value, list).and_then(Value::as_sequence_mut) {
        Some(items) if i < items.len() => {
            items.remove(i);
            true
        }
        _ => false,
    }
}

/// A path as it is after the item `i` of the list at `list` was taken out: the items
/// after it move up one; a path into the item itself is emptied (nothing is there).
fn shift_after_item(path: &mut Vec<Step>, list: &[Step], i: usize) {
    if !path.starts_with(list) {
        return;
    }
    match path.get_mut(list.len()) {
        Some(Step::Index(j)) if *j == i => path.clear(),
        Some(Step::Index(j)) if *j > i => *j -= 1,
        _ => {}
    }
}

/// The list items taken out of a value, each as its list's path and its index as
/// written.
#[derive(Default)]
struct GoneItems(Vec<(Vec<Step>, usize)>);

impl GoneItems {
    /// Notes that the item now at `i` of the list now at `list` was taken out.
    fn note(&mut self, list: &[Step], i: usize) {
        let written = self.original(&[list, &[Step::Index(i)]].concat());
        if let Some((Step::Index(i), list)) = written.split_last() {
            self.0.push((list.to_vec(), *i));
        }
    }

    /// `path` (in the value as it is now) as it was written, counting the items
    /// taken out before each index.
    fn original(&self, path: &[Step]) -> Vec<Step> {
        let mut written: Vec<Step> = Vec::with_capacity(path.len());
        for step in path {
            let step = match step {
                Step::Index(i) => {
                    let mut taken: Vec<usize> = self
                        .0
                        .iter()
                        .filter(|(list, _)| *list == written)
                        .map(|(_, j)| *j)
                        .collect();
                    taken.sort_unstable();
                    let mut at = *i;
                    for j in taken {
                        if j <= at {
                            at += 1;
                        }
                    }
                    Step::Index(at)
                }
                key => key.clone(),
            };
            written.push(step);
        }
        written
    }
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

    #[test]
    fn an_item_of_the_wrong_type_is_set_aside_and_the_items_after_it_are_read() {
        let text = "name: a\nitems:\n  - 7\n  - { day: x }\n  - [1]\n  - { day: 1, hour: 2 }\nseverity: grave\n";
        let (decoded, found) = problems(text);
        assert!(!decoded);
        for expected in [
            "3:3 `items[1]`: invalid type: integer `7`, expected keys with values",
            "4:12 `items[2].day`: invalid type",
            "5:3 `items[3]`: invalid type: sequence, expected keys with values",
            "6:15 unknown key `hour`",
            "7:11 `severity` cannot be `grave`",
        ] {
            assert!(
                found.iter().any(|f| f.starts_with(expected)),
                "{expected}: {found:?}"
            );
        }
        assert_eq!(found.len(), 5, "{found:?}");
    }

    #[test]
    fn problems_come_in_the_order_written() {
        let (_, found) = problems("name: [a]\nseverity: grave\namount: lots\n");
        let lines: Vec<&str> = found.iter().map(|f| &f[..2]).collect();
        assert_eq!(lines, ["1:", "2:", "3:"], "{found:?}");
    }

    #[test]
    fn a_number_in_quotes_is_said_in_plain_words() {
        let (_, found) = problems("name: a\nseverity: minor\namount: \"0.2\"\n");
        assert!(
            found[0].ends_with("invalid type: string \"0.2\", expected a number"),
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_text_decodes_as_it_does_from_the_file() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Noted {
            note: String,
            when: Option<Inner>,
        }
        for (text, note) in [
            ("note:\n", ""),
            ("note: 2026\n", "2026"),
            ("note: yes\n", "yes"),
        ] {
            let from_text = serde_yaml::from_str::<Noted>(text).unwrap().note;
            assert_eq!(from_text, note);
            let src = Source::new(Path::new("r.yaml"), text, 0);
            let value: Value = serde_yaml::from_str(text).unwrap();
            let (decoded, problems) = decode::<Noted>(value, &src, src.outline.whole());
            assert!(problems.is_empty(), "{text}: {problems:?}");
            assert!(decoded.is_some(), "{text}");
        }
    }

    #[test]
    fn a_value_with_more_problems_than_rounds_says_so() {
        let mut text = String::from("name: a\nseverity: minor\n");
        for i in 0..80 {
            text += &format!("extra{i}: x\n");
        }
        let (decoded, found) = problems(&text);
        assert!(!decoded);
        assert!(
            found
                .last()
                .unwrap()
                .contains("more problems than are shown"),
            "{found:?}"
        );
        // Empty texts are not problems, and do not use up the rounds.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Notes {
            notes: Vec<String>,
        }
        let text = format!("notes:\n{}", "  -\n  - 7\n".repeat(40));
        assert_eq!(
            serde_yaml::from_str::<Notes>(&text).unwrap().notes.len(),
            80
        );
        let src = Source::new(Path::new("r.yaml"), &text, 0);
        let value: Value = serde_yaml::from_str(&text).unwrap();
        let (decoded, found) = decode::<Notes>(value, &src, src.outline.whole());
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(decoded.unwrap().notes.len(), 80);
    }
}
