//! YAML with locations: decoding values into typed records while turning every serde
//! error into a [`Diagnostic`] that names file, line and column, and finding the line
//! of a key inside a record for the checks that run after decoding.

mod decode;
mod message;
mod null_word;
mod pre_parse;
mod stand_in;
mod syntax;

pub use decode::decode;
pub use null_word::{decode_clean, may_hold_null_word};
pub use pre_parse::pre_parse_problem;
pub use stand_in::{decode_stood_in, said_of_both, StandIn};
pub use syntax::{read_without_repeated_keys, syntax_diagnostic};

use crate::diag::Diagnostic;
use std::path::Path;

/// A line range `[start, end)` of a file, 0-based.
pub type LineRange = (usize, usize);

/// One step of a path into a YAML value: a key of a mapping or an item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Source text of one YAML file (or the front matter of a Markdown page), used to
/// point at keys after the text has been parsed.
#[derive(Debug)]
pub struct Outline<'a> {
    lines: Vec<&'a str>,
    /// Added to every reported line (front matter starts below the `---`).
    line_offset: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#') && t != "---" && t != "..."
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t == "-" || t.starts_with("- ")
}

impl<'a> Outline<'a> {
    pub fn new(text: &'a str, line_offset: usize) -> Self {
        Outline {
            lines: text.lines().collect(),
            line_offset,
        }
    }

    pub fn whole(&self) -> LineRange {
        (0, self.lines.len())
    }

    /// The items of a top-level key's list (`menu:`), each as its lines; none when
    /// the key is not there.
    pub fn items_of(&self, key: &str) -> Vec<LineRange> {
        self.top_level_block(key)
            .map(|block| self.items(block))
            .unwrap_or_default()
    }

    /// The lines of a top-level key's block (`records:` and everything indented below it).
    pub fn top_level_block(&self, key: &str) -> Option<LineRange> {
        let start = self
            .lines
            .iter()
            .position(|l| indent_of(l) == 0 && key_at_start(l, key).is_some())?;
        let end = (start + 1..self.lines.len())
            .find(|&i| {
                is_content(self.lines[i])
                    && indent_of(self.lines[i]) == 0
                    && !is_item(self.lines[i])
            })
            .unwrap_or(self.lines.len());
        Some((start, end))
    }

    /// Line ranges of the items of the first block sequence inside `range`.
    pub fn items(&self, range: LineRange) -> Vec<LineRange> {
        let (from, to) = range;
        let Some(first) = (from..to).find(|&i| is_item(self.lines[i])) else {
            return Vec::new();
        };
        let indent = indent_of(self.lines[first]);
        let mut starts = vec![first];
        let mut end = to;
        for i in first + 1..to {
            let line = self.lines[i];
            if !is_content(line) {
                continue;
            }
            let ind = indent_of(line);
            if ind == indent && is_item(line) {
                starts.push(i);
            } else if ind < indent || (ind == indent && !is_item(line) && indent > 0) {
                end = i;
                break;
            }
        }
        let mut ranges = Vec::with_capacity(starts.len());
        for (k, &s) in starts.iter().enumerate() {
            ranges.push((s, starts.get(k + 1).copied().unwrap_or(end)));
        }
        ranges
    }

    /// (line, column), 1-based, of the value of `path` (dotted keys) inside `range`;
    /// falls back to the start of the range.
    pub fn locate(&self, range: LineRange, path: &[&str]) -> (usize, usize) {
        let (mut from, to) = range;
        let mut found = None;
        for key in path {
            match (from..to).find_map(|i| key_anywhere(self.lines[i], key).map(|c| (i, c))) {
                Some((line, col)) => {
                    found = Some((line, col));
                    from = line;
                }
                None => break,
            }
        }
        match found {
            Some((line, col)) => (line + 1 + self.line_offset, col),
            None => self.start_of(range),
        }
    }

    /// Whether a line of `range` writes `key:` (a record's own key, as far as a line
    /// scan can tell).
    pub fn has_key(&self, range: LineRange, key: &str) -> bool {
        (range.0..range.1.min(self.lines.len())).any(|i| key_anywhere(self.lines[i], key).is_some())
    }

    /// Like [`Outline::locate`], but the column is where the last key itself starts
    /// (for "unknown key" problems, where the key is what needs fixing).
    pub fn locate_key(&self, range: LineRange, path: &[&str]) -> (usize, usize) {
        let (line, col) = self.locate(range, path);
        let key = path.last().copied().unwrap_or("");
        let text = line
            .checked_sub(1 + self.line_offset)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("");
        match text.find(&format!("{key}:")) {
            Some(byte) if !key.is_empty() => (line, char_col(text, byte)),
            _ => (line, col),
        }
    }

    /// (line, column), 1-based, of the value at `path` in the whole text: keys and
    /// item numbers, as a walk over the parsed value found it; the nearest enclosing
    /// place when the path cannot be followed in the text (a flow collection).
    pub fn locate_path(&self, path: &[PathSeg<'_>]) -> (usize, usize) {
        self.locate_path_in(self.whole(), path)
    }

    /// Like [`Outline::locate_path`], from within `range` (a record).
    pub fn locate_path_in(&self, range: LineRange, path: &[PathSeg<'_>]) -> (usize, usize) {
        let mut range = range;
        let mut found = None;
        for seg in path {
            // An item of a flow list (`holidays: [2026-10-08, 2026-13-01]`): on the
            // key's line, or, when the list runs on to other lines, the key itself.
            if let (PathSeg::Index(i), Some((line, col))) = (*seg, found) {
                if value_at(self.lines[line], col).starts_with('[') {
                    match flow_item(self.lines[line], col, i) {
                        Some(c) => {
                            found = Some((line, c));
                            continue;
                        }
                        None => break,
                    }
                }
            }
            match *seg {
                PathSeg::Index(i) => match self.items(range).get(i) {
                    Some(&r) => {
                        range = r;
                        found = None;
                    }
                    None => break,
                },
                PathSeg::Key(key) => {
                    let at = (range.0..range.1)
                        .find_map(|l| key_anywhere(self.lines[l], key).map(|c| (l, c)));
                    match at {
                        Some((line, col)) => {
                            found = Some((line, col));
                            range = (line, range.1);
                        }
                        None => break,
                    }
                }
            }
        }
        match found {
            Some((line, col)) => (line + 1 + self.line_offset, col),
            None => self.start_of(range),
        }
    }

    /// Where `find` finds something (a byte offset in a line) in the value whose key is
    /// at `at`: on the key's line, or on the lines below it that are indented deeper
    /// (a block text, `facts: |`, or a text folded over lines), so that a problem in
    /// such a text is told at its own line and column. `at` when it finds nothing.
    pub fn in_value(
        &self,
        at: (usize, usize),
        find: impl Fn(&str) -> Option<usize>,
    ) -> (usize, usize) {
        // The line's indentation, not its key's column: an item that is a text itself
        // (`- |`) has its lines at the dash's column plus two, and a text folded over
        // lines may go on at the key's column (a review found both told at worse
        // places when the key's column was used).
        let key_indent = indent_of(self.line(at.0));
        let mut line = at.0;
        loop {
            let text = self.line(line);
            if let Some(found) = find(text) {
                return (line, text[..found].chars().count() + 1);
            }
            line += 1;
            let next = self.line(line);
            let inside = next.trim().is_empty() || indent_of(next) > key_indent;
            if line > self.lines.len() + self.line_offset || !inside {
                return at;
            }
        }
    }

    /// The text of a 1-based line.
    pub fn line(&self, line: usize) -> &str {
        line.checked_sub(1 + self.line_offset)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    /// (line, column) of the first content of a range.
    pub fn start_of(&self, range: LineRange) -> (usize, usize) {
        let line = (range.0..range.1.max(range.0 + 1).min(self.lines.len()))
            .find(|&i| is_content(self.lines[i]))
            .unwrap_or(range.0);
        let col = self
            .lines
            .get(line)
            .map(|l| char_col(l, indent_of(l)))
            .unwrap_or(1);
        (line + 1 + self.line_offset, col)
    }
}

/// The text of `line` from 1-based character column `col`.
fn value_at(line: &str, col: usize) -> &str {
    let byte = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(b, _)| b);
    &line[byte..]
}

/// The 1-based column of item `i` of the flow list starting at column `col` of
/// `line`, when the item starts on that line.
fn flow_item(line: &str, col: usize, i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut index = 0;
    let mut awaiting = false;
    for (n, c) in value_at(line, col).chars().enumerate() {
        let here = col + n;
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                continue;
            }
            (Some(_), _) => continue,
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth == 1 {
                    awaiting = true;
                    continue;
                }
            }
            (None, ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
            }
            (None, ',') if depth == 1 => {
                index += 1;
                awaiting = true;
                continue;
            }
            (None, '#') => return None,
            _ => {}
        }
        if awaiting && !c.is_whitespace() {
            if index == i {
                return Some(here);
            }
            awaiting = false;
        }
    }
    None
}

fn char_col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// Column of the value when `line` (after indentation and `- `) starts with `key:`.
fn key_at_start(line: &str, key: &str) -> Option<usize> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").map(str::trim_start).unwrap_or(body);
    let rest = body.strip_prefix(key)?;
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let value_byte = line.len() - rest.trim_start().len();
    Some(char_col(
        line,
        if rest.trim().is_empty() {
            line.len() - rest.len() - 1 - key.len()
        } else {
            value_byte
        },
    ))
}

/// Like [`key_at_start`], but also finds `key:` inside a flow mapping `{ key: v }`.
fn key_anywhere(line: &str, key: &str) -> Option<usize> {
    if let Some(col) = key_at_start(line, key) {
        return Some(col);
    }
    let pat = format!("{key}:");
    let mut search = 0;
    while let Some(pos) = line[search..].find(&pat) {
        let at = search + pos;
        let before = line[..at].trim_end();
        if before.ends_with('{') || before.ends_with(',') {
            let after = at + pat.len();
            let value = line.len() - line[after..].trim_start().len();
            return Some(char_col(line, value));
        }
        search = at + pat.len();
    }
    None
}

/// Where decoded values came from, for diagnostics.
pub struct Source<'a> {
    /// Path as shown to the user.
    pub file: &'a Path,
    pub outline: Outline<'a>,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a Path, text: &'a str, line_offset: usize) -> Self {
        Source {
            file,
            outline: Outline::new(text, line_offset),
        }
    }

    pub fn at(&self, range: LineRange, path: &[&str], message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.outline.locate(range, path);
        Diagnostic::new(self.file, line, col, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_of_a_flow_list_is_found_on_its_line() {
        let text = "calendar:\n  holidays: [2026-10-08, \"x, y\", 2026-13-01]\n  workdays:\n    - 2026-10-10\n    - 2026-13-02\n";
        let o = Outline::new(text, 0);
        let at = |path: &[PathSeg<'_>]| o.locate_path(path);
        use PathSeg::{Index, Key};
        assert_eq!(at(&[Key("calendar"), Key("holidays"), Index(0)]), (2, 14));
        assert_eq!(at(&[Key("calendar"), Key("holidays"), Index(2)]), (2, 34));
        assert_eq!(at(&[Key("calendar"), Key("workdays"), Index(1)]), (5, 5));
        // Beyond the line: the key itself, never another list's item.
        let running = Outline::new("a: [1,\n  2]\nb:\n  - 3\n", 0);
        assert_eq!(running.locate_path(&[Key("a"), Index(1)]), (1, 4));
    }

    const DOC: &str = "batch:\n  title: T\n  scale: road\nrecords:\n  - name: A\n    grade: AA\n  - name: B\n    scroe: 1\n    repaired: { date: 2024-01-01, note: x }\n";

    #[test]
    fn finds_blocks_items_and_keys() {
        let o = Outline::new(DOC, 0);
        let block = o.top_level_block("records").unwrap();
        assert_eq!(block, (3, 9));
        let items = o.items(block);
        assert_eq!(items, vec![(4, 6), (6, 9)]);
        assert_eq!(o.locate(items[1], &["scroe"]), (8, 12));
        assert_eq!(o.locate(items[1], &["repaired", "date"]), (9, 23));
        assert_eq!(o.locate(items[0], &["name"]), (5, 11));
        assert_eq!(
            o.locate(o.top_level_block("batch").unwrap(), &["scale"]),
            (3, 10)
        );
    }

    #[test]
    fn top_level_sequence_items() {
        let text = "# penalties\n- a: 1\n  b: 2\n\n- a: 3\n";
        let o = Outline::new(text, 0);
        assert_eq!(o.items(o.whole()), vec![(1, 4), (4, 5)]);
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rec {
        name: String,
        score: Option<u32>,
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let text = "- name: A\n  scroe: 3\n";
        let src = Source::new(Path::new("p.yaml"), text, 0);
        let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let item = value.as_sequence().unwrap()[0].clone();
        let (value, problems) =
            decode::<Rec>(item, &src, src.outline.items(src.outline.whole())[0]);
        assert!(value.is_some(), "the rest decodes");
        let [err] = &problems[..] else {
            panic!("{problems:?}")
        };
        let err = err.clone();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("scroe"));
        assert!(err.hint.unwrap().contains("did you mean `score`"));
    }
}
