//! A grade batch or list file that does not parse as a whole (a YAML syntax error, a
//! key written twice), read part by part: its header block, then each item of its
//! items block on its own, so that the problems of the other items (an ID number, a
//! wrong check character) come in the same run, as they do for a file of records.

use super::decode::empty_if_null;
use super::{Item, SourceText};
use crate::diag::Diagnostics;
use crate::yaml::{decode, read_without_repeated_keys, syntax_diagnostic, LineRange};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// The header and the items that decode, when the whole file's error is at
/// `error_line` (1-based, already reported). A part that does not parse on its own
/// is reported unless that error is in it, or it names an anchor (its alias may be in
/// another part). `None` when the file cannot be cut into its two blocks, or the
/// header does not decode: then only the items' problems are reported.
pub fn document_in_parts<H: DeserializeOwned, T: DeserializeOwned>(
    src: &SourceText,
    header_key: &str,
    items_key: &str,
    error_line: usize,
    diags: &mut Diagnostics,
) -> Option<(H, Vec<Item<T>>)> {
    let source = src.source();
    let header_range = source.outline.top_level_block(header_key)?;
    let items_range = source.outline.top_level_block(items_key)?;
    let starts = line_starts(&src.text);
    let text_of = |(from, to): LineRange| &src.text[starts[from]..starts[to]];
    let reported = |(from, to): LineRange| (from + 1..=to).contains(&error_line);
    let report = |range: LineRange, e: &serde_yaml::Error, diags: &mut Diagnostics| {
        if !reported(range) && !e.to_string().contains("anchor") {
            diags.push(syntax_diagnostic(&src.path, text_of(range), e, range.0));
        }
    };
    // A part that does not parse is still read when its fault is a key written twice
    // (from the first `key:`), so that its other problems are reported too.
    let read = |range: LineRange, diags: &mut Diagnostics| {
        let text = text_of(range);
        match serde_yaml::from_str::<Value>(text) {
            Ok(value) => Some(value),
            Err(e) => {
                report(range, &e, diags);
                let (value, more) = read_without_repeated_keys(&src.path, text, range.0)?;
                diags.extend(more.into_iter().collect());
                Some(value)
            }
        }
    };
    let header = match read(header_range, diags) {
        Some(Value::Mapping(mut map)) => map.remove(header_key).map(empty_if_null),
        _ => None,
    }
    .and_then(|value| {
        let (header, problems) = decode::<H>(value, &source, header_range);
        diags.extend(problems.into_iter().collect());
        header
    });
    let mut items = Vec::new();
    for (index, range) in source.outline.items(items_range).into_iter().enumerate() {
        match read(range, diags) {
            Some(Value::Sequence(mut seq)) if seq.len() == 1 => {
                let (value, problems) = decode::<T>(seq.remove(0), &source, range);
                diags.extend(problems.into_iter().collect());
                items.extend(value.map(|value| Item { index, value }));
            }
            None => {}
            // Not one item (a cut that did not fall between items): the file's own
            // error is all that is said of the rest.
            Some(_) => break,
        }
    }
    Some((header?, items))
}

/// The byte offset where each line starts, and the text's length after the last.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
    if starts.last() != Some(&text.len()) {
        starts.push(text.len());
    }
    starts
}

/// The parts of a YAML file that does not parse as a whole, for reading one by one,
/// each with the number of lines before it: a part starts at each top-level key and at
/// each item of a top-level key's list (at the indent of its first item). Blank and
/// comment lines go with the part above them.
pub fn part_texts(text: &str) -> Vec<(usize, &str)> {
    let starts = line_starts(text);
    let mut cuts = vec![0];
    let mut item_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        let is_item = body == "-" || body.starts_with("- ");
        if indent == 0 && !is_item {
            item_indent = None;
            cuts.push(i);
        } else if is_item && *item_indent.get_or_insert(indent) == indent {
            cuts.push(i);
        }
    }
    cuts.dedup();
    let lines = starts.len() - 1;
    cuts.retain(|&c| c < lines);
    let mut parts: Vec<(usize, &str)> = cuts
        .windows(2)
        .map(|w| (w[0], &text[starts[w[0]]..starts[w[1]]]))
        .collect();
    if let Some(&last) = cuts.last() {
        parts.push((last, &text[starts[last]..]));
    }
    parts.retain(|(_, part)| !part.trim().is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::part_texts;

    #[test]
    fn a_document_is_cut_at_its_keys_and_items() {
        let text = "# 名单\nlist:\n  kind: black\n\nentries:\n  - name: 甲\n    reason: a\n  - name: 乙\n    notes:\n      - x\n  - name: 丙\n";
        let parts = part_texts(text);
        let starts: Vec<usize> = parts.iter().map(|p| p.0).collect();
        assert_eq!(starts, [0, 1, 4, 5, 7, 10], "{parts:?}");
        assert_eq!(parts[4].1, "  - name: 乙\n    notes:\n      - x\n");
        assert_eq!(parts.iter().map(|p| p.1).collect::<String>(), text);
    }
}
