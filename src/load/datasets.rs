//! Decoding the four dataset kinds: a fast one-pass decode for clean files, and a
//! per-record decode that reports every bad record of a file with its location.

use super::{BatchFile, Item, ListFile, RecordFile, SourceText};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{BatchHeader, GradeRecord, ListEntry, ListHeader};
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
fn numbered<T>(items: Vec<T>) -> Vec<Item<T>> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, value)| Item { index, value })
        .collect()
}

pub(super) fn load_records<T: DeserializeOwned>(
    src: SourceText,
    diags: &mut Diagnostics,
) -> Option<RecordFile<T>> {
    // Fast path: a well-formed file decodes in one pass. Only a file with problems
    // takes the slower path that reports every bad record.
    if let Ok(records) = serde_yaml::from_str::<Option<Vec<T>>>(&src.text) {
        let records = numbered(records.unwrap_or_default());
        return Some(RecordFile { src, records });
    }
    let value = parse_value(&src, diags)?;
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
                .with_hint("write one record per `- decision_no: ...` block"),
            );
            return None;
        }
    };
    let whole = source.outline.whole();
    let ranges = source.outline.items(whole);
    let records = decode_items(seq, &source, &ranges, whole, diags);
    drop(source);
    Some(RecordFile { src, records })
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

fn load_with_header<H: DeserializeOwned, T: DeserializeOwned>(
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

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchDocument {
    batch: BatchHeader,
    #[serde(default)]
    records: Option<Vec<GradeRecord>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ListDocument {
    list: ListHeader,
    #[serde(default)]
    entries: Option<Vec<ListEntry>>,
}

pub(super) fn load_batch(
    src: SourceText,
    slug: String,
    diags: &mut Diagnostics,
) -> Option<BatchFile> {
    if let Ok(doc) = serde_yaml::from_str::<BatchDocument>(&src.text) {
        let records = numbered(doc.records.unwrap_or_default());
        return Some(BatchFile {
            src,
            slug,
            header: doc.batch,
            records,
        });
    }
    let (header, records) = load_with_header(&src, "batch", "records", diags)?;
    Some(BatchFile {
        src,
        slug,
        header,
        records,
    })
}

pub(super) fn load_list(
    src: SourceText,
    slug: String,
    diags: &mut Diagnostics,
) -> Option<ListFile> {
    if let Ok(doc) = serde_yaml::from_str::<ListDocument>(&src.text) {
        let entries = numbered(doc.entries.unwrap_or_default());
        return Some(ListFile {
            src,
            slug,
            header: doc.list,
            entries,
        });
    }
    let (header, entries) = load_with_header(&src, "list", "entries", diags)?;
    Some(ListFile {
        src,
        slug,
        header,
        entries,
    })
}
