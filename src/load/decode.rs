//! Decoding data files for the kinds: a file that is a list of records, or a document
//! with a header and a list of items. Each reports every bad record of a file with its
//! location; a kind tries its own one-pass decode of a clean file first.

use super::pieces::{cut_before_items, in_pieces, one_plain_list};
use super::{Item, SourceText};
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{
    decode, decode_stood_in, read_without_repeated_keys, syntax_diagnostic, LineRange, Source,
    StandIn,
};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

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
        let (value, problems) = decode::<T>(value, source, range);
        diags.extend(problems.into_iter().collect());
        if let Some(value) = value {
            out.push(Item { index, value });
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
pub fn records<T: DeserializeOwned + Send>(
    src: &SourceText,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Item<T>>> {
    // Fast path: a well-formed file decodes in one pass (a large one in pieces, in
    // parallel). Only a file with problems takes the slower path that reports every
    // bad record.
    if !crate::yaml::may_hold_null_word(&src.text) {
        if let Some(records) = in_pieces(&src.text) {
            return Some(numbered(records));
        }
        if let Ok(records) = serde_yaml::from_str::<Option<Vec<T>>>(&src.text) {
            return Some(numbered(records.unwrap_or_default()));
        }
    }
    let value = match serde_yaml::from_str::<Value>(&src.text) {
        Ok(value) => value,
        Err(e) => {
            let whole_error = syntax_diagnostic(&src.path, &src.text, &e, 0);
            let items = item_by_item(src, whole_error.line, diags);
            diags.push(whole_error);
            return items;
        }
    };
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

/// The records of a list file that does not parse as a whole (a syntax error, a key
/// written twice at `error_line`), each parsed on its own, so that the problems of
/// the others are reported in the same run. A record that does not parse on its own is
/// reported unless the error of the whole file is in it, or it names an anchor (its
/// alias may be in another record). `None`: the file is not one plain list.
fn item_by_item<T: DeserializeOwned>(
    src: &SourceText,
    error_line: usize,
    diags: &mut Diagnostics,
) -> Option<Vec<Item<T>>> {
    let source = src.source();
    let whole = source.outline.whole();
    let ranges = source.outline.items(whole);
    let mut out = Vec::new();
    let mut index = 0;
    for (before, piece) in record_texts(&src.text)? {
        let (first_line, lines) = (before + 1, piece.matches('\n').count());
        let range = ranges.get(index).copied().unwrap_or(whole);
        let parsed = serde_yaml::from_str::<Value>(piece);
        // Comments before the first record.
        if matches!(parsed, Ok(Value::Null)) {
            continue;
        }
        let value = match parsed {
            Ok(value) => Some(value),
            Err(e) => {
                let here = first_line..first_line + lines.max(1);
                let d = syntax_diagnostic(&src.path, piece, &e, first_line - 1);
                if !here.contains(&error_line) && !e.to_string().contains("anchor") {
                    diags.push(d);
                }
                // A key written twice: the record is read from its first `key:`, so
                // that its other problems are reported in the same run.
                read_without_repeated_keys(&src.path, piece, first_line - 1).map(|(value, more)| {
                    diags.extend(more.into_iter().collect());
                    value
                })
            }
        };
        match value {
            Some(Value::Sequence(mut seq)) if seq.len() == 1 => {
                let (value, problems) = decode::<T>(seq.remove(0), &source, range);
                diags.extend(problems.into_iter().collect());
                out.extend(value.map(|value| Item { index, value }));
            }
            None => {}
            // Not one record (a cut that did not fall between records): the file's
            // own error is all that is said.
            Some(_) => return Some(out),
        }
        index += 1;
    }
    Some(out)
}

/// The text of each record of a plain list file, with the number of lines before it
/// (the first may be comments only); `None` when the file is not one plain list.
pub fn record_texts(text: &str) -> Option<Vec<(usize, &str)>> {
    if !one_plain_list(text) {
        return None;
    }
    let mut before = 0;
    let pieces = cut_before_items(text, 0).into_iter().map(|piece| {
        let at = before;
        before += piece.matches('\n').count();
        (at, piece)
    });
    Some(pieces.collect())
}

/// Splits a `{header_key: ..., items_key: [...]}` document, checking for stray keys.
fn split_document(
    src: &SourceText,
    value: Value,
    header_key: &str,
    items_key: &str,
    diags: &mut Diagnostics,
) -> Option<(Value, Vec<Value>)> {
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
    // `batch:` with nothing under it is a header with no keys yet: each missing key is
    // then told, and the items checked, as under `batch: {}`.
    let header = header.map(empty_if_null);
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

/// A header written with nothing under it (`batch:`) as one with no keys yet.
pub(super) fn empty_if_null(value: Value) -> Value {
    match value {
        Value::Null => Value::Mapping(Default::default()),
        other => other,
    }
}

/// A document with a header and a list of items, decoded part by part so that every
/// problem is reported (a kind tries a one-pass decode of a clean file first).
pub fn document<H: DeserializeOwned, T: DeserializeOwned>(
    src: &SourceText,
    header_key: &str,
    items_key: &str,
    diags: &mut Diagnostics,
) -> Option<(H, Vec<Item<T>>)> {
    let value = match serde_yaml::from_str::<Value>(&src.text) {
        Ok(value) => value,
        Err(e) => {
            let whole_error = syntax_diagnostic(&src.path, &src.text, &e, 0);
            let line = whole_error.line;
            diags.push(whole_error);
            return super::document_parts::document_in_parts(
                src, header_key, items_key, line, diags,
            );
        }
    };
    let (header, items) = split_document(src, value, header_key, items_key, diags)?;
    let source = src.source();
    let whole = source.outline.whole();
    let header_range = source.outline.top_level_block(header_key).unwrap_or(whole);
    let items_range = source.outline.top_level_block(items_key).unwrap_or(whole);
    let ranges = source.outline.items(items_range);
    let (header, problems) = decode::<H>(header, &source, header_range);
    diags.extend(problems.into_iter().collect());
    let items = decode_items(items, &source, &ranges, items_range, diags);
    Some((header?, items))
}

/// The items of `seq` that did not decode, decoded with stand-ins `which` (see
/// [`crate::yaml::StandIn`]); the others are left out.
fn stood_in_items<T: DeserializeOwned>(
    seq: Vec<Value>,
    source: &Source<'_>,
    ranges: &[LineRange],
    whole: LineRange,
    which: StandIn,
) -> Vec<Item<T>> {
    seq.into_iter()
        .enumerate()
        .filter_map(|(index, value)| {
            let range = ranges.get(index).copied().unwrap_or(whole);
            decode_stood_in(value, source, range, which).map(|value| Item { index, value })
        })
        .collect()
}

/// The records of a list file that did not decode, with stand-ins `which` for their
/// problems, for the checks only (`None`: there are none).
pub fn stood_in_records<T: DeserializeOwned>(
    src: &SourceText,
    which: StandIn,
) -> Option<Vec<Item<T>>> {
    let Ok(Value::Sequence(seq)) = serde_yaml::from_str::<Value>(&src.text) else {
        return None;
    };
    let source = src.source();
    let whole = source.outline.whole();
    let ranges = source.outline.items(whole);
    let items = stood_in_items(seq, &source, &ranges, whole, which);
    (!items.is_empty()).then_some(items)
}

/// The items of a document that did not decode, with stand-ins `which` for their
/// problems, under its header (`None`: there are none). When the header itself did
/// not decode, it is stood in for too, and every item comes with it: none of them was
/// checked under the header as written (a bad `published:` would otherwise hide a
/// grade that is not in the batch's scale).
pub fn stood_in_document<H: DeserializeOwned, T: DeserializeOwned>(
    src: &SourceText,
    header_key: &str,
    items_key: &str,
    which: StandIn,
) -> Option<(H, Vec<Item<T>>)> {
    let Ok(Value::Mapping(mut map)) = serde_yaml::from_str::<Value>(&src.text) else {
        return None;
    };
    let seq = match map.remove(items_key) {
        Some(Value::Sequence(seq)) => seq,
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return None,
    };
    let source = src.source();
    let whole = source.outline.whole();
    let header_range = source.outline.top_level_block(header_key).unwrap_or(whole);
    let header_value = empty_if_null(map.remove(header_key)?);
    let items_range = source.outline.top_level_block(items_key).unwrap_or(whole);
    let ranges = source.outline.items(items_range);
    if let (Some(header), _) = decode::<H>(header_value.clone(), &source, header_range) {
        let items = stood_in_items(seq, &source, &ranges, items_range, which);
        return (!items.is_empty()).then_some((header, items));
    }
    let header = decode_stood_in::<H>(header_value, &source, header_range, which)?;
    let items = seq
        .into_iter()
        .enumerate()
        .filter_map(|(index, value)| {
            let range = ranges.get(index).copied().unwrap_or(items_range);
            let value = match decode::<T>(value.clone(), &source, range) {
                (Some(decoded), _) => decoded,
                (None, _) => decode_stood_in(value, &source, range, which)?,
            };
            Some(Item { index, value })
        })
        .collect();
    Some((header, items))
}
