//! YAML syntax errors as diagnostics, at the place to fix.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// What to do about a full-width look-alike: the hint of every message about one.
pub const HALF_WIDTH: &str = "switch the input method to half-width, 半角";

/// A YAML syntax error (or a whole-document decoding error) at its reported location.
pub fn syntax_diagnostic(
    file: &Path,
    text: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let msg = err.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    // The reader's own errors (a control character) come with a byte position only.
    let (line, col, msg) = match position_only(&msg) {
        Some((i, at)) if err.location().is_none_or(|l| l.index() == 0) => {
            let (l, c) = line_column(text, at);
            (l, c, msg[..i].to_string())
        }
        _ => (line, col, msg),
    };
    if msg.contains("control characters are not allowed") {
        return Diagnostic::new(
            PathBuf::from(file),
            line + line_offset,
            col,
            "this line holds a control character (an invisible character such as NUL or BEL), which YAML does not allow",
        )
        .with_hint("delete it: retype the text around it, or copy it again from a plain-text source");
    }
    if let Some(d) = look_alike(file, text, line, line_offset) {
        return d;
    }
    // serde_yaml places a key written twice at the start of its mapping: at the second
    // one instead, which is the one to remove.
    if let Some((key, l, c)) = repeated_key(&msg, text, line, col) {
        return written_twice(file, &key, l + line_offset, c);
    }
    // A problem of the whole document (an alias repeated too often) has no place of
    // its own: its first line.
    let (line, col) = if line > 0 {
        (line + line_offset, col)
    } else {
        (1 + line_offset, 1)
    };
    let hint = if msg.contains("repetition limit") || msg.contains("recursion limit") {
        // No location comes with these: the file as a whole is at fault.
        "an alias (*name) repeats what its anchor (&name) holds too many times, or nests too deep: write the values out instead of aliasing them"
    } else {
        "check indentation and quoting on this line (values containing ': ' or '#' need quotes)"
    };
    Diagnostic::new(PathBuf::from(file), line, col, format!("YAML: {msg}")).with_hint(hint)
}

/// What an input method types for YAML's own characters, on the error's line (`line`,
/// 1-based) or the one before it, where YAML fails because of it: a full-width colon
/// after a key (`facts：…`), which YAML reads as part of the text and then fails a
/// line later, or indentation with a tab, a full-width or a no-break space, which
/// YAML does not take for indentation. (Only there: such a line further up, in a
/// block text, is no cause of this error.)
fn look_alike(file: &Path, text: &str, line: usize, line_offset: usize) -> Option<Diagnostic> {
    if line == 0 {
        return None;
    }
    let lines = text.lines().enumerate().skip(line.saturating_sub(2));
    let (i, col, message, hint) = lines
        .take(line.min(2))
        .find_map(|(i, l)| look_alike_on(l).map(|(col, message, hint)| (i, col, message, hint)))?;
    Some(Diagnostic::new(PathBuf::from(file), i + 1 + line_offset, col, message).with_hint(hint))
}

/// The look-alike on one line, if any: its column, the message and the hint.
fn look_alike_on(l: &str) -> Option<(usize, String, String)> {
    let body = l.trim_start_matches(' ');
    let indent = l.len() - body.len();
    if body.starts_with('\t') {
        return Some((
            indent + 1,
            "this line is indented with a tab, which YAML does not take for indentation".into(),
            "indent with spaces only (most editors can be set to insert spaces for the Tab key)"
                .into(),
        ));
    }
    if let Some(space) = body
        .chars()
        .next()
        .filter(|c| matches!(c, '\u{3000}' | '\u{a0}'))
    {
        let name = if space == '\u{3000}' {
            "a full-width space (全角空格)"
        } else {
            "a no-break space"
        };
        return Some((
            indent + 1,
            format!("this line is indented with {name}, which YAML does not take for indentation"),
            format!("indent with ordinary spaces only ({HALF_WIDTH})"),
        ));
    }
    let key_start = body.strip_prefix("- ").map_or(body, str::trim_start);
    let key_len = key_start
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(key_start.len());
    let (key, rest) = key_start.split_at(key_len);
    let after = rest.trim_start_matches(' ');
    let colon = after.chars().next().filter(|c| matches!(c, '：' | '﹕'))?;
    if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = l[..l.len() - after.len()].chars().count() + 1;
    Some((
        col,
        format!("`{key}` is followed by a full-width colon `{colon}`, which YAML does not read as the colon after a key"),
        format!("write `{key}: ` with the ASCII colon and a space ({HALF_WIDTH})"),
    ))
}

/// `… at position N` at the end of a message: where that begins, and N.
fn position_only(msg: &str) -> Option<(usize, usize)> {
    let i = msg.rfind(" at position ")?;
    let n = msg[i + " at position ".len()..].trim().parse().ok()?;
    Some((i, n))
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The key a `duplicate entry` error `msg` (at `line`, `col`) names, and where it is
/// written the second time.
fn repeated_key(msg: &str, text: &str, line: usize, col: usize) -> Option<(String, usize, usize)> {
    let key = msg
        .split("duplicate entry with key \"")
        .nth(1)?
        .split('"')
        .next()?;
    let (l, c) = second_key(text, line, col, key)?;
    Some((key.to_string(), l, c))
}

fn written_twice(file: &Path, key: &str, line: usize, col: usize) -> Diagnostic {
    Diagnostic::new(
        PathBuf::from(file),
        line,
        col,
        format!("`{key}` is written twice"),
    )
    .with_hint(format!(
        "a key is written once: keep the right `{key}:` line and remove the other"
    ))
}

/// `text` (of `file`, after `line_offset` lines) read with each key written again in
/// a mapping left out, value and all, so that a record whose key is written twice
/// still has its other problems reported in the same run; with a problem for each
/// such key after the first (which [`syntax_diagnostic`] reports, from the error of
/// the text as it is). `None` when it has another syntax error, or none.
pub fn read_without_repeated_keys(
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Option<(serde_yaml::Value, Vec<Diagnostic>)> {
    let mut text = text.to_string();
    let mut repeated = Vec::new();
    for _ in 0..32 {
        let e = match serde_yaml::from_str(&text) {
            Ok(_) if repeated.is_empty() => return None,
            Ok(value) => {
                repeated.remove(0);
                return Some((value, repeated));
            }
            Err(e) => e,
        };
        let at = e.location()?;
        let (key, line, col) = repeated_key(&e.to_string(), &text, at.line(), at.column())?;
        text = blank_out(&text, line, col);
        repeated.push(written_twice(file, &key, line + line_offset, col));
    }
    None
}

/// `text` with the key at `line`, `col` (1-based) blanked out with the lines of its
/// value (those indented further, a list at the key's own indent, comments), the lines
/// kept so that the rest keep their numbers.
fn blank_out(text: &str, line: usize, col: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanking = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let indent = l.chars().take_while(|c| *c == ' ').count();
        let body = l.trim();
        let of_value = body.is_empty()
            || body.starts_with('#')
            || indent >= col
            || (indent + 1 == col && (body == "-" || body.starts_with("- ")));
        blanking = if i + 1 == line {
            true
        } else {
            blanking && of_value
        };
        if blanking {
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(l);
        }
    }
    out
}

/// Where `key` is written a second time in the block mapping that starts at `line`,
/// `col` (1-based), as a 1-based line and column.
fn second_key(text: &str, line: usize, col: usize, key: &str) -> Option<(usize, usize)> {
    let indent = col.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let chars: Vec<char> = l.chars().collect();
        let content = chars.iter().position(|c| !c.is_whitespace());
        // The mapping ends at a line less indented than its keys (its own first line
        // may start with `- `).
        if i + 1 > line && content.is_some_and(|c| c < indent) {
            break;
        }
        let at: String = chars.iter().skip(indent).collect();
        let quoted = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        if quoted.iter().any(|q| at.starts_with(q.as_str())) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::read_without_repeated_keys;
    use std::path::Path;

    /// Each key written again is left out with its value (also a list at the key's
    /// own indent, and comments in it), every one after the first is reported at its
    /// line, and the lines keep their numbers.
    #[test]
    fn a_record_is_read_from_the_first_of_each_repeated_key() {
        let text = "- a: 1\n  list:\n  - x\n  list:\n  - y\n  # note\n  - z\n  b: |\n    text\n  a: 2\n  a: 3\n  c: 4\n";
        let (value, more) = read_without_repeated_keys(Path::new("f.yaml"), text, 10).unwrap();
        let record = &value[0];
        assert_eq!(record["a"], 1);
        assert_eq!(
            record["list"],
            serde_yaml::from_str::<serde_yaml::Value>("[x]").unwrap()
        );
        assert_eq!(record["c"], 4);
        let lines: Vec<(usize, &str)> = more.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            lines,
            [(20, "`a` is written twice"), (21, "`a` is written twice")]
        );
        assert!(read_without_repeated_keys(Path::new("f.yaml"), "- a: [1\n", 0).is_none());
    }

    #[test]
    fn a_control_character_is_shown_at_its_line_and_column() {
        // Found by an audit: reported at 1:1 "at position 285".
        let text = "- 名称: 甲\n  事实: 当事人\u{7}存在\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let d = syntax_diagnostic(Path::new("a.yaml"), text, &err, 0);
        let shown = d.to_string();
        assert!(shown.starts_with("a.yaml:2:10: "), "{shown}");
        assert!(shown.contains("control character"), "{shown}");
    }

    use super::*;

    #[test]
    fn a_key_written_twice_is_found_at_its_second_line() {
        let text = "- a: 1\n  b: 2\n  sub:\n    b: 3\n  b: 4\n- b: 5\n";
        assert_eq!(second_key(text, 1, 3, "b"), Some((5, 3)));
        let top = "title: x\nlanguage: zh\nlanguage: en\n";
        assert_eq!(second_key(top, 1, 1, "language"), Some((3, 1)));
        assert_eq!(second_key("{a: 1, a: 2}", 1, 1, "a"), None);
    }
}
