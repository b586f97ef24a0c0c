//! The text a reader sees in markup (HTML, SVG, XML, the XML inside Office files):
//! character references decoded whatever their length (`&#0000049;`), named ones too,
//! CDATA and comments kept as text, tags dropped. A tag that ends a paragraph or cell
//! becomes a break, so that text on both sides does not run together; any other tag
//! (`1101<b>0519</b>…`) joins what it splits, as a browser shows it.

/// Marks a paragraph or cell end in the text: not a digit, not a gap.
pub const BREAK: char = '\u{1}';

/// Named references that stand for a character a number could be written with or
/// hidden behind. Any other name is dropped, as if it showed nothing, so that an
/// unusual name (`&ZeroWidthSpace;`, `&InvisibleTimes;`) cannot split a number.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" | "numsp" | "puncsp" | "hairsp" => ' ',
        "hyphen" | "dash" | "ndash" | "mdash" | "minus" => '-',
        "period" => '.',
        "sol" => '/',
        "ast" | "midast" => '*',
        "lowbar" | "UnderBar" => '_',
        "Newline" => '\n',
        "Tab" => '\t',
        _ => return None,
    })
}

/// The reference at the start of `s` (just after its `&`) as a browser reads it in
/// text, and the bytes it takes; `None` when it is not one (the `&` is shown as it is).
/// A numeric reference needs no `;` and may have any number of leading zeros (`&#49`,
/// `&#0000049;`, `&#x31`), as HTML reads it. A name needs its `;`, except `shy`: HTML
/// also reads a few legacy names without one, and the soft hyphen is the only one of
/// them that shows nothing (the others show a letter or sign, which ends a number as
/// the text `&name` would). `Some(None)`: shows nothing, or a name not known, or a
/// number that is no character.
pub(super) fn reference_at(s: &[u8]) -> Option<(Option<char>, usize)> {
    if let Some(num) = s.strip_prefix(b"#") {
        let (radix, digits) = match num.first() {
            Some(b'x' | b'X') => (16, &num[1..]),
            _ => (10, num),
        };
        let len = digits
            .iter()
            .take_while(|&&b| char::from(b).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        let value = digits[..len].iter().fold(0u32, |v, &b| {
            let d = char::from(b).to_digit(radix).unwrap_or(0);
            v.saturating_mul(radix).saturating_add(d)
        });
        let used = (s.len() - digits.len()) + len + usize::from(digits.get(len) == Some(&b';'));
        return Some((char::from_u32(value), used));
    }
    let name = s
        .iter()
        .take(64)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name > 0 && s.get(name) == Some(&b';') {
        let text = std::str::from_utf8(&s[..name]).ok()?;
        return Some((named(text), name + 1));
    }
    s.starts_with(b"shy").then_some((None, 3))
}

/// Appends character data, decoding references.
pub fn push_decoded(out: &mut String, data: &str) {
    let mut rest = data;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference_at(after.as_bytes()) {
            // What a reference takes is ASCII: `used` is a character boundary.
            Some((c, used)) => {
                out.extend(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The text of markup; `breaks` are the tags (as they start: `</w:p>`, `<w:br`) that
/// end a paragraph or cell.
pub fn markup_text(xml: &str, breaks: &[&str]) -> String {
    let mut out = String::with_capacity(xml.len() / 2);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        let tail = &rest[lt..];
        if let Some(body) = tail.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push_str(&body[..end]);
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        if let Some(body) = tail.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            push_decoded(&mut out, &body[..end]);
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let tag_end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..tag_end];
        if breaks.iter().any(|b| starts_with_ignore_case(tag, b)) {
            out.push(BREAK);
        }
        rest = &tail[tag_end..];
    }
    push_decoded(&mut out, rest);
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Text with JSON's and JavaScript's `\uXXXX` escapes decoded (surrogate pairs too).
pub fn unescape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let hex4 = |s: &str| {
        s.get(..4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(unit) = hex4(after) else {
            out.push_str("\\u");
            rest = after;
            continue;
        };
        rest = &after[4..];
        if (0xD800..0xDC00).contains(&unit) {
            if let Some(low) = rest.strip_prefix("\\u").and_then(hex4) {
                if (0xDC00..0xE000).contains(&low) {
                    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    out.extend(char::from_u32(c));
                    rest = &rest[6..];
                    continue;
                }
            }
        }
        out.extend(char::from_u32(unit));
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_of_any_length_and_names_are_decoded() {
        let mut s = String::new();
        push_decoded(
            &mut s,
            "&#0000000049;1&#x31;&#X0031;&amp;&shy;&ZeroWidthSpace;x&nbsp;y&bogus",
        );
        assert_eq!(s, "1111&x y&bogus");
        // As HTML reads text: numbers without `;`, `&shy` without it too.
        let mut s = String::new();
        let zeros = "0".repeat(70);
        push_decoded(
            &mut s,
            &format!("&#49x&#{zeros}49;&#x32&shy3&amp4&#;&#x;&#99999999999;5"),
        );
        assert_eq!(s, "1x123&amp4&#;&#x;5");
    }

    #[test]
    fn tags_join_breaks_part_cdata_and_comments_stay() {
        let xml = "<p>1101<b>0519</b></p><td>a</td><![CDATA[<x>12]]><!-- 34 -->";
        let text = markup_text(xml, &["</p>", "</td>"]);
        assert_eq!(text, format!("11010519{BREAK}a{BREAK}<x>12 34 "));
    }

    #[test]
    fn json_escapes_are_decoded() {
        assert_eq!(
            unescape_json(r#"\u0031\u0031 \ud835\udfcf \uZZ"#),
            "11 \u{1d7cf} \\uZZ"
        );
    }
}
