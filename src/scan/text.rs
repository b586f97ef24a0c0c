//! Text attachments: UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised by
//! its zero bytes), and GB18030 for the rest (which covers GBK and GB2312).

use super::{find_written_id_number, Forms, Verdict};
use std::borrow::Cow;

/// The text of `bytes`, or `None` when they are not text.
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    // UTF-32 (which encoding_rs does not read: its BOM starts like UTF-16's).
    for (bom, big_endian) in [([0xFF, 0xFE, 0, 0], false), ([0, 0, 0xFE, 0xFF], true)] {
        if let Some(body) = bytes.strip_prefix(&bom[..]) {
            return utf32(body, big_endian).map(Cow::Owned);
        }
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then_some(text);
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return (!t.contains('\0')).then_some(Cow::Borrowed(t));
    }
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if half > 0 && (zeros(0) > half / 3 || zeros(1) > half / 3) {
        let enc = if zeros(1) > zeros(0) {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return (!had_errors).then_some(text);
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    Some(text)
}

/// UTF-32 text, or `None` when it is not.
fn utf32(body: &[u8], big_endian: bool) -> Option<String> {
    if body.len() % 4 != 0 {
        return None;
    }
    body.chunks_exact(4)
        .map(|unit| {
            let unit: [u8; 4] = unit.try_into().ok()?;
            let value = if big_endian {
                u32::from_be_bytes(unit)
            } else {
                u32::from_le_bytes(unit)
            };
            char::from_u32(value).filter(|c| *c != '\0')
        })
        .collect()
}

/// Tags that end a block in HTML, SVG and XML: text on both sides is kept apart.
const BLOCK_ENDS: &[&str] = &[
    "</p", "<p ", "<p>", "<br", "</div", "</td", "</th", "</tr", "</li", "</h", "</text", "<hr",
];

/// Whether `text` is a MIME message (a web archive saved as `.mht`, an e-mail) with
/// parts in base64 or quoted-printable, where `=33=37` or `MzcwMTE3` hides the digits
/// from a search of the text as it is.
/// The header may have spaces before its colon and its value folded onto the next
/// line (RFC 5322).
pub fn has_encoded_mime_parts(text: &str) -> bool {
    const HEADER: &str = "content-transfer-encoding";
    let lower = text.to_ascii_lowercase();
    lower.match_indices(HEADER).any(|(at, _)| {
        let line_start = lower[..at].rfind('\n').map_or(0, |i| i + 1);
        if !lower[line_start..at].trim().is_empty() {
            return false; // not a header: words before it on its line
        }
        let rest = lower[at + HEADER.len()..].trim_start_matches([' ', '\t']);
        let Some(value) = rest.strip_prefix(':') else {
            return false;
        };
        let value = value.trim_start().trim_start_matches('"');
        value.starts_with("base64") || value.starts_with("quoted-printable")
    })
}

/// Scans decoded text as a whole (a number may be split over two lines) and, where
/// the text is markup or holds escapes, as a reader of it would see it: references
/// decoded and tags dropped, or `\u0031` escapes decoded. Says on which line.
pub fn scan(text: &str) -> Verdict {
    scan_for(text, Forms::ALL)
}

/// Like [`scan`], for the numbers written in `forms`.
pub fn scan_for(text: &str, forms: Forms) -> Verdict {
    let mut views: Vec<std::borrow::Cow<'_, str>> = vec![std::borrow::Cow::Borrowed(text)];
    if text.contains('&') || text.contains('<') {
        views.push(super::markup::markup_text(text, BLOCK_ENDS).into());
        if text.contains('&') {
            views.push(super::markup::attribute_text(text).into());
        }
        if text.contains("<!--") || text.contains("<!ENTITY") {
            views.push(super::markup::shown_markup_text(text, BLOCK_ENDS).into());
        }
        // As a browser shows it, also without what it does not show (a style, a
        // hidden element); and with paragraphs and cells side by side, as a reader
        // sees them one under the other (`<td>370117</td><td>19871221…`): a gap, not
        // an end (a space, so that line numbers stay the file's).
        let visible = super::markup::visible_markup_text(text, BLOCK_ENDS);
        views.push(visible.replace(super::BREAK, " ").into());
        views.push(visible.into());
    }
    if text.contains("\\u") || text.contains("\\x") {
        views.push(super::markup::unescape_json(text).into());
    }
    if let Some(shown) = super::rtf::rtf_text(text) {
        views.push(shown.into());
    }
    for view in &views {
        if let Some(at) = find_written_id_number(view, forms) {
            let line = view[..at].matches('\n').count() + 1;
            return Verdict::IdNumber(format!("line {line}"));
        }
    }
    Verdict::Clean
}
