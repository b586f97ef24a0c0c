//! The text a reader sees in markup (HTML, SVG, XML, the XML inside Office files):
//! character references decoded whatever their length (`&#0000049;`), named ones too,
//! CDATA and comments kept as text, tags dropped. A tag that ends a paragraph or cell
//! becomes a break, so that text on both sides does not run together; any other tag
//! (`1101<b>0519</b>…`) joins what it splits, as a browser shows it.

use super::entities::{expand_declared_entities, expand_entities};

/// Marks a paragraph or cell end in the text: not a digit, not a gap (a non-character,
/// which no text shows; a control character would now be read as showing nothing).
pub const BREAK: char = '\u{fdd0}';

/// Tags that show as a space or a line break within a paragraph (a tab, a line break
/// in HTML, Word and OpenDocument): a gap between the digits of a number, as a reader
/// sees it, not the end of a paragraph.
const SPACING: &[&str] = &[
    "<br",
    "<w:br",
    "<w:tab",
    "<w:cr",
    "<text:tab",
    "<text:line-break",
    "<text:s",
];

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
        "Newline" | "NewLine" => '\n',
        "Tab" => '\t',
        "colon" => ':',
        "lpar" => '(',
        "rpar" => ')',
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
/// end a paragraph or cell. Comments are kept as text (a number written in one is in
/// the file); see [`shown_markup_text`] for what a browser shows.
pub fn markup_text(xml: &str, breaks: &[&str]) -> String {
    text_of(xml, breaks, Comments::Text)
}

/// A markup document with the entities its DTD declares expanded as an XML reader
/// expands them: the references in a declared value decoded first, so that
/// `<!ENTITY x "&#60;script&#62;">` then `&x;` is a `<script>` tag. Tags kept; `None`
/// when it declares none. For the search for scripts, not for text.
pub fn entities_expanded(xml: &str) -> Option<String> {
    xml.contains("<!ENTITY")
        .then(|| expand_entities(xml, true).into_owned())
}

/// The text of markup as a browser or XML reader shows it: comments show nothing
/// (`3701<!-- x -->2319…` shows the digits side by side), and the entities a document
/// declares in its own DTD (`<!ENTITY a "3701231990">`, then `&a;&b;`) are expanded.
pub fn shown_markup_text(xml: &str, breaks: &[&str]) -> String {
    text_of(&expand_declared_entities(xml), breaks, Comments::Hidden)
}

/// Like [`shown_markup_text`], and with nothing of the elements a browser does not
/// show (see [`hidden_element`]): `370117<span hidden>x</span>198712210472` shows the
/// digits side by side.
pub fn visible_markup_text(xml: &str, breaks: &[&str]) -> String {
    text_of(
        &expand_declared_entities(xml),
        breaks,
        Comments::HiddenAndHiddenElements,
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Comments {
    Text,
    Hidden,
    /// Comments and the elements a browser does not show.
    HiddenAndHiddenElements,
}

fn text_of(xml: &str, breaks: &[&str], comments: Comments) -> String {
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
            if comments == Comments::Text {
                push_decoded(&mut out, &body[..end]);
            }
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let tag_end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..tag_end];
        if comments == Comments::HiddenAndHiddenElements {
            if let Some(after) =
                hidden_element(tag).and_then(|n| after_element(&tail[tag_end..], n))
            {
                rest = after;
                continue;
            }
        }
        let spacing = SPACING.iter().any(|b| {
            starts_with_ignore_case(tag, b)
                && !tag[b.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
        });
        if spacing {
            out.push(' ');
        } else if breaks.iter().any(|b| starts_with_ignore_case(tag, b)) {
            out.push(BREAK);
        }
        rest = &tail[tag_end..];
    }
    push_decoded(&mut out, rest);
    out
}

/// The name of the element `tag` opens, when a browser shows nothing of it: a
/// `<style>`, `<script>` or `<template>`, or an element marked `hidden` or styled
/// `display:none` / `visibility:hidden` (`370117<span hidden>x</span>1987…` shows
/// the digits side by side).
fn hidden_element(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix('<')?;
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    // Elements with no content (`<img hidden>`) hide nothing after them.
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen",
    ];
    if name.is_empty() || tag.ends_with("/>") || VOID.contains(&name.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let lower = tag.to_ascii_lowercase();
    let attrs = &lower[1 + name_len..];
    let squeezed: String = attrs.chars().filter(|c| !c.is_whitespace()).collect();
    let hidden = matches!(
        name.to_ascii_lowercase().as_str(),
        "style" | "script" | "template"
    ) || attrs.match_indices("hidden").any(|(at, _)| {
        attrs[..at].ends_with(char::is_whitespace)
            && attrs[at + 6..]
                .starts_with(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
    }) || squeezed.contains("display:none")
        || squeezed.contains("visibility:hidden");
    hidden.then_some(name)
}

/// What follows the end of the element `name` whose opening tag ended just before
/// `rest` (elements of the same name inside it counted; a `<script>`, `<style>` or
/// `<template>`... ends at its first closing tag, its content being no markup), or
/// `None` when it is not closed: then nothing is taken for hidden (a `<p hidden>`
/// closed by the next `<p>` hides only itself, which is not worth the guess).
fn after_element<'a>(rest: &'a str, name: &str) -> Option<&'a str> {
    let raw = matches!(name.to_ascii_lowercase().as_str(), "script" | "style");
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let mut depth = 1usize;
    let mut at = 0;
    while let Some(lt) = rest[at..].find('<') {
        let tail = &rest[at + lt..];
        let ends_name = |t: &str, prefix: &str| {
            starts_with_ignore_case(t, prefix)
                && !t[prefix.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
        };
        if ends_name(tail, &close) {
            depth -= 1;
            if depth == 0 {
                let end = tail.find('>').map_or(tail.len(), |e| e + 1);
                return Some(&tail[end..]);
            }
        } else if !raw && ends_name(tail, &open) {
            depth += 1;
        }
        at += lt + 1;
    }
    None
}

/// The values of the attributes of `markup`'s tags, references decoded, each apart
/// from the others: a browser shows some of them (`<input value="…">`, `title`, `alt`),
/// and `&#51;&#55;…` there reads as digits.
pub fn attribute_text(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        let tail = &rest[lt..];
        let tag_end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let mut tag = &tail[..tag_end];
        while let Some(eq) = tag.find('=') {
            let after = tag[eq + 1..].trim_start();
            let Some(quote) = after.chars().next().filter(|q| *q == '"' || *q == '\'') else {
                tag = &tag[eq + 1..];
                continue;
            };
            let body = &after[1..];
            let end = body.find(quote).unwrap_or(body.len());
            push_decoded(&mut out, &body[..end]);
            out.push(BREAK);
            tag = body.get(end + 1..).unwrap_or("");
        }
        rest = &tail[tag_end..];
    }
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Text with JSON's and JavaScript's escapes decoded: `\uXXXX` (surrogate pairs too),
/// `\u{X…}` and `\xXX`.
pub fn unescape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let hex = |s: &str, n: usize| {
        s.get(..n)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        // (the escape's value, the bytes it takes after the backslash)
        let escape = match after.as_bytes().first() {
            Some(b'x') => hex(&after[1..], 2).map(|v| (v, 3)),
            Some(b'u') if after[1..].starts_with('{') => {
                let body = &after[2..];
                body.find('}')
                    .filter(|&end| (1..=8).contains(&end))
                    .and_then(|end| hex(body, end).map(|v| (v, end + 3)))
            }
            Some(b'u') => hex(&after[1..], 4).map(|v| (v, 5)),
            _ => None,
        };
        let Some((mut unit, mut used)) = escape else {
            out.push('\\');
            rest = after;
            continue;
        };
        if (0xD800..0xDC00).contains(&unit) {
            let low = after[used..].strip_prefix("\\u").and_then(|l| hex(l, 4));
            if let Some(low) = low.filter(|l| (0xDC00..0xE000).contains(l)) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                used += 6;
            }
        }
        out.extend(char::from_u32(unit));
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::entities::MAX_EXPANDED;

    #[test]
    fn attribute_values_are_read_decoded_and_apart() {
        let html = "<input value=\"&#49;&#49;0105 19491231002X\" size='30'><p title=x>t</p>";
        assert_eq!(
            attribute_text(html),
            format!("110105 19491231002X{BREAK}30{BREAK}")
        );
    }

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
        assert_eq!(
            unescape_json(r#"\x31\u{31}\u{1D7CF} \x3 \u{} \n"#),
            "11\u{1d7cf} \\x3 \\u{} \\n"
        );
    }

    /// Found by an audit: digits split by what a browser does not show.
    #[test]
    fn a_browser_shows_nothing_of_styles_templates_and_hidden_elements() {
        for html in [
            "370117<style>p{}</style>198712210472",
            "370117<script>var a = 1;</script>198712210472",
            "370117<template>x</template>198712210472",
            "370117<span hidden>x</span>198712210472",
            "370117<span hidden=\"\">x</span>198712210472",
            "370117<span style=\"display: none\">0</span>198712210472",
            "370117<div style=\"visibility:hidden\"><div>1</div>2</div>198712210472",
            "370117<SPAN HIDDEN>x<span>y</span></SPAN>198712210472",
        ] {
            assert_eq!(
                visible_markup_text(html, &[]),
                "370117198712210472",
                "{html}"
            );
        }
        for html in [
            "370117<span class=\"unhidden\">x</span>1987",
            "370117<input type=\"hidden\" value=\"1\">x1987",
            "370117<span hidden/>x1987",
        ] {
            assert!(visible_markup_text(html, &[]).contains('x'), "{html}");
        }
        // Not closed, or with no content: nothing after it is taken for hidden (found
        // by a review: the rest of the file had dropped out of the view).
        for html in [
            "a<style>p{}",
            "<img hidden src=\"a.png\">3701<!-- x -->23",
            "<p hidden>x<p>3701<!-- x -->23</p>",
        ] {
            let shown = visible_markup_text(html, &[]);
            assert!(
                shown.contains("370123") || shown.ends_with('}'),
                "{html}: {shown}"
            );
        }
        // A script's content is no markup: its first closing tag ends it.
        assert_eq!(
            visible_markup_text("1<script>a='<script>'</script>2", &[]),
            "12"
        );
    }

    #[test]
    fn a_browser_shows_no_comment_and_expands_declared_entities() {
        let html = "<p>3701<!-- x -->23</p>";
        assert_eq!(shown_markup_text(html, &[]), "370123");
        assert_eq!(markup_text(html, &[]), "3701 x 23");
        let svg =
            r#"<!DOCTYPE svg [<!ENTITY a "37"><!ENTITY b '&a;01'><!ENTITY % p "9">]><t>&b;&a;</t>"#;
        assert!(
            shown_markup_text(svg, &[]).ends_with("370137"),
            "{}",
            shown_markup_text(svg, &[])
        );
        // A billion laughs stops growing.
        let mut bomb = String::from("<!DOCTYPE x [<!ENTITY l0 \"1234567890\">");
        for i in 1..10 {
            let refs = format!("&l{};", i - 1).repeat(10);
            bomb.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
        }
        bomb.push_str("]><x>&l9;</x>");
        assert!(shown_markup_text(&bomb, &[]).len() <= MAX_EXPANDED);
        // Many declarations in a large file: linear, not a pass per declaration.
        let mut big = String::from("<!DOCTYPE x [");
        for i in 0..20_000 {
            big.push_str(&format!("<!ENTITY e{i} \"{i}\">"));
        }
        big.push_str("]>");
        big.push_str(&"<p>&e7;&amp; text</p>".repeat(50_000));
        let start = std::time::Instant::now();
        assert!(shown_markup_text(&big, &[]).contains("7& text"));
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    }
}
