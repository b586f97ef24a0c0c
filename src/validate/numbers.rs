//! Values YAML reads as a number written another way: `licence_no: 0x1F` is 31,
//! `+123` is 123, `0o17` is 15, and the record would publish that number, not what
//! staff wrote. (A leading zero, `0012`, stays text; a decimal point or exponent is
//! refused where text is wanted, see [`crate::model::Text`].) Each such value is an
//! error at its place, except under the keys that hold numbers.

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceText;

/// Keys whose values are numbers: `score: +85` is 85 as meant. A person's phone and
/// ID number are never published, so what they become does not reach the site.
const NOT_TEXT: &[&str] = &["score", "fine_wan", "confiscated_wan", "phone", "id_number"];

/// Every `key: value` line of `src` whose plain value YAML reads as another number.
/// Comment lines and the lines of a block text (`facts: |`, `>`) are text, not values.
pub fn scan(src: &SourceText, diags: &mut Diagnostics) {
    let text = &src.text;
    // Cheap first: most files have no `+` and no `0x`, `0o` or `0b` anywhere (a test
    // of `: 0` let through nearly every penalty file, `confiscated_wan: 0`, and
    // missed a value aligned with more spaces, `licence_no:   0x1F`).
    if !text.contains('+') && !["0x", "0o", "0b"].iter().any(|p| text.contains(p)) {
        return;
    }
    // The indentation of the key that opened a block text, while in it.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(key_indent) = block {
            if body.trim().is_empty() || indent > key_indent {
                continue;
            }
            block = None;
        }
        if body.starts_with('#') {
            continue;
        }
        let Some((before, after)) = body.split_once(": ") else {
            continue;
        };
        let value = after.trim_start_matches(' ');
        let value_start =
            (line.len() - body.len()) + before.len() + 2 + (after.len() - value.len());
        let key = before.trim_start_matches("- ").trim();
        if value.starts_with(['|', '>']) {
            block = Some(key_column(line));
            continue;
        }
        let value = value
            .split(" #")
            .next()
            .unwrap_or(value)
            .trim_end_matches([' ', '\r', '\t']);
        let Some(number) = read_as_another_number(value) else {
            continue;
        };
        if NOT_TEXT.contains(&key) {
            continue;
        }
        let column = line[..value_start].chars().count() + 1;
        diags.push(
            Diagnostic::new(
                &src.path,
                i + 1,
                column,
                format!(
                    "`{key}: {value}` is read by YAML as the number {number}, not as it is written"
                ),
            )
            .with_hint(format!(
                "put it in quotes so that it stays as written: {key}: \"{value}\""
            )),
        );
    }
}

/// The number serde_yaml reads `value` as, when that is not how it is written (a
/// hexadecimal, octal or binary integer, or a `+` sign).
fn read_as_another_number(value: &str) -> Option<i128> {
    let (sign, body) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => (1, value),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else if value.starts_with('+') && !(body.len() > 1 && body.starts_with('0')) {
        (10, body)
    } else {
        return None;
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    i128::from_str_radix(digits, radix).ok().map(|n| sign * n)
}

/// The column (in bytes, from 0) where the key of `line` starts: its indentation and
/// any `- ` before it, so that the lines of `- facts: |` deeper than its key, not its
/// dash, are its block text.
fn key_column(line: &str) -> usize {
    let mut body = line.trim_start_matches(' ');
    while let Some(rest) = body.strip_prefix("- ") {
        body = rest.trim_start_matches(' ');
    }
    line.len() - body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values aligned with more than one space after the colon are read too.
    #[test]
    fn an_aligned_value_is_found() {
        let src = SourceText {
            path: "content/licences/l.yaml".into(),
            text: "- decision_no:  许1号\n  licence_no:    0x1F\n".into(),
        };
        let mut diags = Diagnostics::new();
        scan(&src, &mut diags);
        let found: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(2, 18)], "{diags:?}");
    }

    #[test]
    fn numbers_written_another_way_are_found() {
        for (v, n) in [
            ("0x1F", 31),
            ("+123", 123),
            ("0o17", 15),
            ("0b101", 5),
            ("-0x10", -16),
        ] {
            assert_eq!(read_as_another_number(v), Some(n), "{v}");
        }
        for v in [
            "0012", "123", "-5", "+0012", "0x", "0xZZ", "1e3", "0x+1", "钢城",
        ] {
            assert_eq!(read_as_another_number(v), None, "{v}");
        }
    }

    #[test]
    fn each_is_an_error_at_its_value_but_not_under_a_number_key() {
        let src = SourceText {
            path: "content/licences/l.yaml".into(),
            text: "- decision_no: 许1号\n  licence_no: 0x1F # 编号\n  score: +85\n  phone: +8613912345678\n  document_no: \"+123\"\n  content: +1\n  facts: |\n    记分调整: +3\n\n    超限比例: +12\n  # 备注: +1\n- decision_no: 许2号\n  note: >\n    a: 0x10\n  licence_no: +7\n".into(),
        };
        let mut diags = Diagnostics::new();
        scan(&src, &mut diags);
        let found: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(2, 15), (6, 12), (15, 15)], "{diags:?}");
        let first = diags.iter().next().unwrap();
        assert!(first.message.contains("number 31"), "{}", first.message);
    }
}
