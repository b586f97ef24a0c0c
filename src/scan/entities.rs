//! The general entities a markup document declares in its own DTD
//! (`<!ENTITY a "3701231990">`), expanded as an XML reader expands them, so that the
//! searches for ID numbers and scripts read what a reader would show or run.

use super::markup::push_decoded;

/// Most text an expansion of declared entities may make (a "billion laughs" document
/// stops growing here; what it would show beyond is no reader's either).
pub(super) const MAX_EXPANDED: usize = 16 << 20;

/// `xml` with the general entities its internal DTD subset declares expanded (as many
/// rounds as entities refer to entities, at most eight; each round one pass over the
/// text, so that a large file with many declarations takes linear time).
pub(super) fn expand_declared_entities(xml: &str) -> std::borrow::Cow<'_, str> {
    expand_entities(xml, false)
}

/// [`expand_declared_entities`]; with `decode_values`, a declared value's references
/// are decoded before it is put in, as an XML reader does.
pub(super) fn expand_entities(xml: &str, decode_values: bool) -> std::borrow::Cow<'_, str> {
    let mut declared: std::collections::HashMap<&str, std::borrow::Cow<'_, str>> =
        Default::default();
    let mut rest = xml;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + 8..];
        let decl = rest.trim_start();
        let name_len = decl
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(0);
        let (name, after) = decl.split_at(name_len);
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            continue;
        };
        // A parameter entity (`<!ENTITY % p …>`) is not text.
        if let (false, Some(end)) = (
            name.starts_with('%') || name.is_empty(),
            after[1..].find(quote),
        ) {
            let value = &after[1..1 + end];
            declared.entry(name).or_insert_with(|| {
                if decode_values {
                    let mut decoded = String::new();
                    push_decoded(&mut decoded, value);
                    decoded.into()
                } else {
                    value.into()
                }
            });
        }
    }
    if declared.is_empty() {
        return std::borrow::Cow::Borrowed(xml);
    }
    let mut text = xml.to_string();
    for _ in 0..8 {
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        let mut rest = text.as_str();
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            let value = after
                .find(';')
                .filter(|&end| end <= 64)
                .and_then(|end| declared.get(&after[..end]).map(|v| (end, v.as_ref())));
            match value {
                Some((end, value)) => {
                    out.push_str(value);
                    rest = &after[end + 1..];
                    changed = true;
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
            if out.len() > MAX_EXPANDED {
                return std::borrow::Cow::Owned(text);
            }
        }
        out.push_str(rest);
        text = out;
        if !changed {
            break;
        }
    }
    std::borrow::Cow::Owned(text)
}
