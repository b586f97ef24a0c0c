//! serde's messages about a value that did not decode, said as staff would read them
//! and placed where the problem was written: `grades[1].min_score`, at its line and
//! column, with what to write instead where that is clear.

use super::decode::{set, Step};
use super::syntax::HALF_WIDTH;
use super::{LineRange, PathSeg, Source};
use crate::diag::{closest, Diagnostic};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// serde_yaml's message for a value of the wrong type where one of a set of words is
/// expected (`severity: 1`) names no word: the words are learnt by decoding again with
/// a word that is none of them, and the message said as for an unknown word.
pub(super) fn name_the_variants<T: DeserializeOwned>(
    msg: String,
    value: &Value,
    path: &[Step],
) -> String {
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

pub(super) fn backticked(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

pub(super) fn expected_names(msg: &str) -> Vec<String> {
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

/// The key a Chinese name (`行政相对人名称:`) written in a data file stands for, in
/// the file's kind and where it was written, when that key is not written already.
fn chinese_name_of(
    name: &str,
    path: &[Step],
    src: &Source<'_>,
    range: LineRange,
    allowed: &[String],
) -> Option<&'static str> {
    let kind = src
        .file
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| crate::kinds::REGISTRY.iter().any(|k| k.key() == *c))?;
    // The mappings around the key within its record: the keys after the last item.
    let within = path
        .iter()
        .rposition(|s| matches!(s, Step::Index(_)))
        .map_or(path, |i| &path[i + 1..]);
    let keys: Vec<&str> = within
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) if k != name => Some(k.as_str()),
            _ => None,
        })
        .collect();
    let parent = keys.join(".");
    let at = crate::import::WrittenIn {
        kind,
        parent: &parent,
        allowed,
    };
    crate::import::key_named(name, &at).filter(|key| !src.outline.has_key(range, key))
}

pub(super) fn diagnose(msg: &str, path: &[Step], src: &Source<'_>, range: LineRange) -> Diagnostic {
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
        let named = chinese_name_of(&unknown, path, src, range, &expected);
        let hint = match named.or_else(|| closest(&unknown, expected.iter().map(String::as_str))) {
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
        // A header decoded on its own (a batch's `batch:` block) is the range's first line.
        let block = (path.is_empty() && range != src.outline.whole())
            .then(|| src.outline.lines.get(range.0))
            .flatten()
            .and_then(|l| l.trim_end().strip_suffix(':'))
            .filter(|k| !k.is_empty() && !k.starts_with([' ', '-', '#']) && !k.contains(' '));
        let place = match (path.last(), block) {
            (Some(Step::Key(_)), _) => format!("under `{shown}:`"),
            (None, Some(block)) => format!("under `{block}:`"),
            _ if path.is_empty() && src.file.ends_with("site.yaml") => "to site.yaml".into(),
            _ => "to this record".into(),
        };
        return diag.with_hint(format!("add `{missing}:` {place}"));
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
    let key = match path.last() {
        Some(Step::Key(key)) => key.as_str(),
        _ => "",
    };
    let hint = full_width_colon(&plain)
        .or_else(|| form_of(key, &plain))
        .or(hint.map(str::to_string));
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

/// How `key` is written, when what was written there is a common slip: a date where
/// the contract asks for a block of keys (`repaired: 2025-09-10`), or a word such as
/// 长期 where it asks for a date.
fn form_of(key: &str, plain: &str) -> Option<String> {
    let block = plain.contains("expected keys with values") && !plain.contains("invalid type: map");
    let written = plain
        .split('"')
        .nth(1)
        .filter(|w| crate::model::Day::parse(w).is_some())
        .unwrap_or("YYYY-MM-DD");
    let form = match key {
        "repaired" if block => format!("repaired: {{ date: {written}, note: 信用修复的说明 }}"),
        "revoked" if block => format!("revoked: {{ date: {written}, reason: 撤销, note: \"\" }}"),
        "objection" if block => format!("objection: {{ filed: {written}, status: pending }}"),
        "fulfilment" if block => format!("fulfilment: {{ status: kept, date: {written} }}"),
        _ => return no_end_date(key, plain),
    };
    Some(format!("`{key}` is a block of keys: write it as `{form}`"))
}

/// The hint for text where keys were wanted that holds a full-width colon
/// (`- name：甲公司`): an input method's `：` is not YAML's `:`.
fn full_width_colon(plain: &str) -> Option<String> {
    let written = plain
        .strip_prefix("invalid type: string \"")?
        .split('"')
        .next()?;
    let (key, value) = written.split_once(['：', '﹕'])?;
    Some(format!(
        "`：` is a full-width colon, which YAML does not read as the colon after a key: write `{}: {}` with the ASCII colon and a space ({HALF_WIDTH})",
        key.trim(),
        value.trim()
    ))
}

/// The hint for a date written as 长期 (no end).
fn no_end_date(key: &str, plain: &str) -> Option<String> {
    const NO_END: [&str; 4] = ["长期", "永久", "无期限", "不限期"];
    if !plain.contains("is not a date") || !NO_END.iter().any(|w| plain.contains(w)) {
        return None;
    }
    // Only where the contract lets the key be left out (a reviewer: `decided: 长期`
    // was told to leave out a required key).
    match key {
        "valid_to" => Some(
            "for a licence without an end (长期), write `valid_to: 2099-12-31`, which is shown as 长期"
                .to_string(),
        ),
        "valid_until" | "publish_until" => {
            Some(format!("when there is no end date, leave `{key}` out"))
        }
        _ => None,
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
    // A record of keys (`expected struct MenuItem`): Rust's name means nothing to staff.
    if let Some(at) = plain.find("expected struct ") {
        let name = plain[at + "expected struct ".len()..]
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let end = at + "expected struct ".len() + name.len();
        plain.replace_range(at..end, "expected keys with values");
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

    #[test]
    fn serde_types_are_said_in_plain_words() {
        let (plain, hint) = in_plain_words("invalid type: string \"x\", expected u32");
        assert_eq!(plain, "invalid type: string \"x\", expected a whole number");
        assert!(hint.unwrap().contains("without quotes"));
        assert_eq!(
            in_plain_words("expected f64x").0,
            "expected f64x",
            "a whole word only"
        );
        assert_eq!(
            in_plain_words("invalid type: integer `7`, expected struct MenuItem").0,
            "invalid type: integer `7`, expected keys with values"
        );
    }

    #[test]
    fn a_date_where_a_block_is_asked_shows_the_block() {
        let plain = "invalid type: string \"2025-09-10\", expected keys with values";
        let hint = form_of("repaired", plain).unwrap();
        assert!(
            hint.contains("repaired: { date: 2025-09-10, note:"),
            "{hint}"
        );
        let hint = form_of(
            "revoked",
            "invalid type: string \"去年\", expected keys with values",
        );
        assert!(hint
            .unwrap()
            .contains("revoked: { date: YYYY-MM-DD, reason: 撤销"));
        assert_eq!(
            form_of("authority", plain),
            None,
            "only the blocks the contract has"
        );
        let wrong_inside = "invalid type: map, expected keys with values";
        assert_eq!(form_of("repaired", wrong_inside), None);
    }

    #[test]
    fn a_date_written_as_no_end_says_what_to_write() {
        let plain = "`长期` is not a date; write dates as YYYY-MM-DD, e.g. 2024-03-02";
        assert!(form_of("valid_to", plain)
            .unwrap()
            .contains("valid_to: 2099-12-31"));
        assert!(form_of("valid_until", plain)
            .unwrap()
            .contains("leave `valid_until` out"));
        assert_eq!(form_of("decided", plain), None, "a required date");
        let other = "`下月` is not a date; write dates as YYYY-MM-DD, e.g. 2024-03-02";
        assert_eq!(form_of("valid_to", other), None);
    }
}
