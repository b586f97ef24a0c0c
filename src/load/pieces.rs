//! A large list file decoded in pieces, in parallel: the preview reads a saved file
//! again on every save, and a build reads every file. Cutting never changes what is
//! read: a piece that does not parse on its own makes the whole file be read as one.

use rayon::prelude::*;
use serde::de::DeserializeOwned;

/// A list file this large is decoded in pieces of about this size (the preview reads
/// a saved file again on every save, and one of 2,500 penalties is 1.7 MB).
const PIECE_BYTES: usize = 256 * 1024;

/// The records of a large list file, decoded in pieces in parallel, or `None` (a
/// small file, or a piece that does not decode on its own: the whole file is then
/// decoded as one). Pieces are cut before lines that start with `- ` in the first
/// column, which in a list file can only begin a record: a cut anywhere else (inside
/// a quoted or flow value, or across an anchor and its alias) leaves a piece that
/// does not parse, so cutting never changes what is read.
pub(super) fn in_pieces<T: DeserializeOwned + Send>(text: &str) -> Option<Vec<T>> {
    in_pieces_of(text, PIECE_BYTES)
}

fn in_pieces_of<T: DeserializeOwned + Send>(text: &str, size: usize) -> Option<Vec<T>> {
    if text.len() < 2 * size || !one_plain_list(text) {
        return None;
    }
    let pieces = cut_before_items(text, size);
    if pieces.len() < 2 {
        return None;
    }
    let decoded: Option<Vec<Vec<T>>> = pieces
        .par_iter()
        .map(|piece| {
            serde_yaml::from_str::<Option<Vec<T>>>(piece)
                .ok()
                .map(Option::unwrap_or_default)
        })
        .collect();
    Some(decoded?.into_iter().flatten().collect())
}

/// Whether `text` is one plain YAML document that is a list starting in the first
/// column: its first line that is not blank or a comment starts with `- `, and no line
/// is a directive (`%TAG` applies to the whole document, not to a piece) or a document
/// marker (`---`, `...`: a second document is an error as a whole, not in pieces).
pub(super) fn one_plain_list(text: &str) -> bool {
    // YAML also ends a line at a lone CR, NEL, LS and PS, where the cut and the
    // checks below would not see a line start.
    let other_breaks = text.contains(['\u{85}', '\u{2028}', '\u{2029}'])
        || text
            .match_indices('\r')
            .any(|(i, _)| !text[i + 1..].starts_with('\n'));
    if other_breaks {
        return false;
    }
    let mut lines = text.lines();
    let starts_as_list = lines
        .by_ref()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.starts_with("- ") || l.trim_end() == "-");
    starts_as_list
        && !text
            .lines()
            .any(|l| l.starts_with('%') || l.starts_with("---") || l.starts_with("..."))
}

/// `text` cut into pieces of at least `size` bytes, each cut just before a line that
/// starts with `- ` (or is `-`).
pub(super) fn cut_before_items(text: &str, size: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(nl) = text[at..].find('\n') {
        at += nl + 1;
        let line = &text[at..];
        let item = line.starts_with("- ") || line.starts_with("-\n") || line.starts_with("-\r\n");
        if item && at - start >= size {
            pieces.push(&text[start..at]);
            start = at;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Record = BTreeMap<String, serde_yaml::Value>;

    fn whole(text: &str) -> Vec<Record> {
        serde_yaml::from_str::<Option<Vec<Record>>>(text)
            .unwrap()
            .unwrap_or_default()
    }

    #[test]
    fn a_list_cut_before_its_items_reads_the_same() {
        let text: String = (0..50)
            .map(|i| {
                format!(
                    "# record {i}\n- no: \"{i}\"\n  facts: |\n    line one\n    - not an item\n  tags: [a, b]\n"
                )
            })
            .collect();
        let pieces = cut_before_items(&text, 100);
        assert!(pieces.len() > 10, "{} pieces", pieces.len());
        assert_eq!(pieces.concat(), text);
        assert!(pieces[1..].iter().all(|p| p.starts_with("- ")));
        let read: Vec<Record> = in_pieces_of(&text, 100).expect("decodes in pieces");
        assert_eq!(read, whole(&text));
        assert_eq!(read.len(), 50);
    }

    #[test]
    fn a_cut_that_would_change_the_reading_gives_up() {
        // An alias in a later piece than its anchor.
        let anchored = "- &a {no: 1}\n- no: 2\n- *a\n";
        assert!(in_pieces_of::<Record>(anchored, 1).is_none());
        // A quoted value whose next line starts with `- ` in the first column.
        let quoted = "- no: 1\n  facts: \"one\n- no: 2\"\n- no: 3\n";
        assert_eq!(whole(quoted).len(), 2, "one record holds the quote");
        assert!(in_pieces_of::<Record>(quoted, 1).is_none());
        // A flow list across lines.
        let flow = "- no: 1\n  tags: [a,\n- b]\n- no: 2\n";
        assert!(in_pieces_of::<Record>(flow, 1).is_none());
        // Not a list at all.
        let mapping = "records:\n- no: 1\n- no: 2\n";
        assert!(in_pieces_of::<Record>(mapping, 1).is_none());
    }

    #[test]
    fn a_file_that_is_not_one_plain_list_is_read_whole() {
        let items: String = (0..20).map(|i| format!("- no: {i}\n")).collect();
        assert!(in_pieces_of::<Record>(&items, 10).is_some());
        // A second document: an error as a whole, so never read in pieces (a piece
        // per document would be read, and the privacy scan reads only the first).
        let two = format!("{}...\n{}", &items[..40], &items[40..]);
        assert!(serde_yaml::from_str::<Option<Vec<Record>>>(&two).is_err());
        assert!(in_pieces_of::<Record>(&two, 10).is_none());
        let marked = format!("---\n{items}");
        assert!(in_pieces_of::<Record>(&marked, 10).is_none());
        // A directive applies to the whole document.
        let tagged = format!("%TAG !! tag:example.com,2000:\n---\n{items}");
        assert!(in_pieces_of::<Record>(&tagged, 10).is_none());
        // An indented list, then items in the first column.
        let indented = format!("  - no: x\n{items}");
        assert!(in_pieces_of::<Record>(&indented, 10).is_none());
        // A document end after a line break that is not a newline.
        for brk in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            let hidden = format!("- no: a{brk}...\n{items}");
            assert!(in_pieces_of::<Record>(&hidden, 10).is_none(), "{brk:?}");
        }
        let crlf = items.replace('\n', "\r\n");
        assert!(in_pieces_of::<Record>(&crlf, 10).is_some());
        // Comments first are fine.
        let commented = format!("# 行政处罚\n\n{items}");
        assert!(in_pieces_of::<Record>(&commented, 10).is_some());
    }

    #[test]
    fn a_small_file_is_read_whole() {
        assert!(in_pieces_of::<Record>("- no: 1\n- no: 2\n", 1 << 20).is_none());
    }
}
