//! The text an RTF reader shows: `\'hh` bytes (in the document's code page: GB18030
//! covers the Chinese ones, and digits are the same in all), `\uN` characters (their
//! one-character fallback skipped), control words and group braces dropped, and a
//! paragraph or line break as a line end. Enough to see the digits a reader sees, not a
//! full RTF reader.

/// The shown text of `text` when it is an RTF document.
pub fn rtf_text(text: &str) -> Option<String> {
    if !text.trim_start().starts_with("{\\rtf") {
        return None;
    }
    let mut out = String::with_capacity(text.len() / 2);
    // Bytes of `\'hh` escapes, decoded together (a GBK character takes two).
    let mut bytes: Vec<u8> = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&encoding_rs::GB18030.decode_without_bom_handling(bytes).0);
            bytes.clear();
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\'') => {
                    let hex: String = chars.by_ref().take(2).collect();
                    if let Ok(b) = u8::from_str_radix(&hex, 16) {
                        bytes.push(b);
                    }
                }
                Some(letter) if letter.is_ascii_alphabetic() => {
                    flush(&mut bytes, &mut out);
                    let mut word = String::from(letter);
                    while let Some(&l) = chars.peek().filter(|l| l.is_ascii_alphabetic()) {
                        word.push(l);
                        chars.next();
                    }
                    let mut number = String::new();
                    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit() || **d == '-') {
                        number.push(d);
                        chars.next();
                    }
                    // One space ends a control word and is part of it.
                    if chars.peek() == Some(&' ') {
                        chars.next();
                    }
                    match word.as_str() {
                        "u" => {
                            let n: i32 = number.parse().unwrap_or(0);
                            let unit = if n < 0 { n + 65536 } else { n } as u32;
                            out.extend(char::from_u32(unit));
                            skip_fallback(&mut chars);
                        }
                        "par" | "line" | "row" | "cell" | "sect" | "page" => out.push('\n'),
                        "tab" => out.push('\t'),
                        _ => {}
                    }
                }
                Some('~') => out.push(' '),
                Some('-') => {} // an optional hyphen shows nothing
                Some('_') => out.push('-'),
                Some(other) => {
                    flush(&mut bytes, &mut out);
                    if !matches!(other, '\r' | '\n') {
                        out.push(other);
                    } else {
                        out.push('\n');
                    }
                }
                None => {}
            },
            '{' | '}' | '\r' | '\n' => flush(&mut bytes, &mut out),
            _ => {
                flush(&mut bytes, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut bytes, &mut out);
    Some(out)
}

/// Skips the one-character fallback that follows `\uN` (a character, or a `\'hh`).
fn skip_fallback(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('\\') => {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.next() == Some('\'') {
                chars.nth(3);
            }
        }
        Some('{' | '}') | None => {}
        Some(_) => {
            chars.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unicode_show_as_a_reader_shows_them() {
        let shown = |t: &str| rtf_text(t).unwrap();
        assert_eq!(shown(r"{\rtf1 \'3370123}"), "370123");
        assert_eq!(shown(r"{\rtf1 \u51?70123}"), "370123");
        assert_eq!(shown(r"{\rtf1\ansi {\b 37}01\par 23}"), "3701\n23");
        assert_eq!(shown(r"{\rtf1 \u-24033\'3f x}"), "\u{a21f} x");
        assert_eq!(shown(r"{\rtf1 \'d6\'d0\'ce\'c4}"), "中文");
        assert_eq!(rtf_text("plain text"), None);
    }
}
