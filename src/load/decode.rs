//! Decoding data files for the kinds: a file that is a list of records, or a document
//! with a header and a list of items. Each reports every bad record of a file with its
//! location; a kind tries its own one-pass decode of a clean file first.

use super::{Item, SourceText};
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{decode, syntax_diagnostic, LineRange, Source};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

fn parse_value(src: &SourceText, diags: &mut Diagnostics) -> Option<Value> {
    match serde_yaml::from_str::<Value>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(syntax_diagnostic(&src.path, &e, 0));
            None
        }
    }
}

/// Decodes every item of a sequence, reporting each bad item.
fn decode_items<T: DeserializeOwned>(
    seq: Vec<Value>,
    source: &Source<'_>,
    ranges: &[LineRange],
    whole: LineRange,
    diags: &mut Diagnostics,
) -> Vec<Item<T>> {
    let mut out = Vec::with_capacity(seq.len());
    for (index, value) in seq.into_iter().enumerate() {
        let range = ranges.get(index).copied().unwrap_or(whole);
        match decode::<T>(value, source, range) {
            Ok(value) => out.push(Item { index, value }),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// Items numbered in file order.
pub fn numbered<T>(items: Vec<T>) -> Vec<Item<T>> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, value)| Item { index, value })
        .collect()
}

/// A file holding a list of records (`- key: …` blocks). `what` names the first key
/// of a record, for the hint when the file is not a list.
pub fn records<T: DeserializeOwned>(
    src: &SourceText,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Item<T>>> {
    // Fast path: a well-formed file decodes in one pass. Only a file with problems
    // takes the slower path that reports every bad record.
    if let Ok(records) = serde_yaml::from_str::<Option<Vec<T>>>(&src.text) {
        return Some(numbered(records.unwrap_or_default()));
    }
    let value = parse_value(src, diags)?;
    let source = src.source();
    let seq = match value {
        Value::Sequence(seq) => seq,
        Value::Null => Vec::new(),
        _ => {
            diags.push(
                Diagnostic::new(
                    &src.path,
                    1,
                    1,
                    "expected a list of records, each starting with `- `",
                )
                .with_hint(format!("write one record per `- {what}: ...` block")),
            );
            return None;
        }
    };
    let whole = source.outline.whole();
    let ranges = source.outline.items(whole);
    Some(decode_items(seq, &source, &ranges, whole, diags))
}

/// Splits a `{header_key: ..., items_key: [...]}` document, checking for stray keys.
fn split_document(
    src: &SourceText,
    header_key: &str,
    items_key: &str,
    diags: &mut Diagnostics,
) -> Option<(Value, Vec<Value>)> {
    let value = parse_value(src, diags)?;
    let source = src.source();
    let Value::Mapping(mut map) = value else {
        diags.push(Diagnostic::new(
            &src.path,
            1,
            1,
            format!("expected `{header_key}:` and `{items_key}:` at the top of the file"),
        ));
        return None;
    };
    let header = map.remove(header_key);
    let items = map.remove(items_key);
    for (key, _) in map {
        let key = key.as_str().unwrap_or("?").to_string();
        diags.push(
            source
                .at(
                    source.outline.whole(),
                    &[&key],
                    format!("unknown top-level key `{key}`"),
                )
                .with_hint(format!(
                    "a file here has just `{header_key}:` and `{items_key}:`"
                )),
        );
    }
    let Some(header) = header else {
        diags.push(Diagnostic::new(
            &src.path,
            1,
            1,
            format!("required key `{header_key}:` is missing"),
        ));
        return None;
    };
    let items = match items {
        Some(Value::Sequence(s)) => s,
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            diags.push(source.at(
                source.outline.whole(),
                &[items_key],
                format!("`{items_key}` must be a list of `- ` items"),
            ));
            Vec::new()
        }
    };
    Some((header, items))
}

/// A document with a header and a list of items, decoded part by part so that every
/// problem is reported (a kind tries a one-pass decode of a clean file first).
pub fn document<H: DeserializeOwned, T: DeserializeOwned>(
    src: &SourceText,
    header_key: &str,
    items_key: &str,
    diags: &mut Diagnostics,
) -> Option<(H, Vec<Item<T>>)> {
    let (header, items) = split_document(src, header_key, items_key, diags)?;
    let source = src.source();
    let whole = source.outline.whole();
    let header_range = source.outline.top_level_block(header_key).unwrap_or(whole);
    let items_range = source.outline.top_level_block(items_key).unwrap_or(whole);
    let ranges = source.outline.items(items_range);
    let header = decode::<H>(header, &source, header_range)
        .map_err(|d| diags.push(d))
        .ok();
    let items = decode_items(items, &source, &ranges, items_range, diags);
    Some((header?, items))
}
