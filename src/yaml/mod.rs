//! YAML with locations: decoding values into typed records while turning every serde
//! error into a [`Diagnostic`] that names file, line and column, and finding the line
//! of a key inside a record for the checks that run after decoding.

mod decode;
mod stand_in;

pub use decode::decode;
pub use stand_in::{decode_stood_in, StandIn};

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

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

/// How deep collections may nest. The contract's files nest three or four levels;
/// a parser given thousands takes time that grows with the square of the depth.
pub const MAX_DEPTH: usize = 64;

/// Where `text` nests deeper than [`MAX_DEPTH`] (1-based line and column), found in
/// one pass before the text is parsed: flow collections (`[[[…`) outside quotes and
/// comments, compact block sequences (`- - - …`), and indentation.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if quote.is_none() && indent > MAX_DEPTH * 4 {
            return Some((i + 1, 1));
        }
        let mut dashes = 0;
        let mut rest = line.trim_start();
        while quote.is_none() && (rest.starts_with("- ") || rest == "-") {
            dashes += 1;
            rest = rest[1..].trim_start();
        }
        if dashes + indent / 2 > MAX_DEPTH {
            return Some((i + 1, 1));
        }
        let mut prev = ' ';
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some('\''), '\'') if chars.peek().map(|p| p.1) == Some('\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => break,
                (None, '"' | '\'') if depth > 0 || matches!(prev, ' ' | ':' | '[' | '{' | ',') => {
                    quote = Some(c)
                }
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, line[..at].chars().count() + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
        if quote == Some('\'') && depth == 0 {
            quote = None; // a single-quoted plain value does not run on here
        }
    }
    None
}

/// The problem found in a text before it is parsed, if any: collections nested too
/// deep (see [`too_deep`]) or a binary value (see [`binary_tag`]).
pub fn pre_parse_problem(file: &Path, text: &str, line_offset: usize) -> Option<Diagnostic> {
    let at = |line: usize, col: usize, message: String| {
        Diagnostic::new(PathBuf::from(file), line + line_offset, col, message)
    };
    if let Some((line, col)) = too_deep(text) {
        return Some(
            at(
                line,
                col,
                format!("collections nested more than {MAX_DEPTH} levels deep"),
            )
            .with_hint(
                "records nest a few levels at most: check the brackets and the indentation here",
            ),
        );
    }
    binary_tag(text).map(|(line, col)| {
        at(line, col, "a binary value (`!!binary`): it would be published as its base64 text, which no reader can read and no privacy check can look into".into())
            .with_hint("write the text itself, without the tag")
    })
}

/// Where `text` tags a value as binary (`!!binary`, the tag written out, or a tag
/// made with a `%TAG` directive, which gongshi refuses), as a 1-based line and
/// column. serde_yaml reads such a value as its base64 text without a word, so it is
/// refused before parsing. Only where a tag can be is looked at: at the start of a
/// value (after `key:`, `- `, `? `, an anchor or another tag, and inside brackets
/// after `[`, `{` or `,`), not in quotes, comments or the lines of a `|` or `>` text.
pub fn binary_tag(text: &str) -> Option<(usize, usize)> {
    // The indentation of the line whose `|` or `>` text runs on below it.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        if line.starts_with("%TAG") {
            return Some((i + 1, 1));
        }
        let (found, content) = tags_on_line(line);
        if let Some(byte) = found {
            return Some((i + 1, line[..byte].chars().count() + 1));
        }
        let last = content.split_whitespace().last().unwrap_or("");
        let is_block = last.starts_with(['|', '>'])
            && last[1..]
                .chars()
                .all(|c| matches!(c, '-' | '+' | '1'..='9'));
        // (After a plain text too, the lines more indented are more of that text.)
        if is_block {
            block = Some(indent);
        }
    }
    None
}

/// The byte offset of a binary tag on `line`, if one starts a value there, and the
/// line without its comment.
fn tags_on_line(line: &str) -> (Option<usize>, &str) {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut value_may_start = true;
    let mut prev = ' ';
    let mut skip_to = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at < skip_to {
            continue;
        }
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        match (quote, c) {
            (Some('\''), '\'') if next == '\'' => skip_to = at + 2,
            (Some('"'), '\\') => skip_to = at + 1 + next.len_utf8(),
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if prev.is_whitespace() => return (None, &line[..at]),
            (None, '"' | '\'') if value_may_start => quote = Some(c),
            (None, '!' | '&') if value_may_start => {
                let rest = &line[at..];
                let token = match rest.strip_prefix("!<").and_then(|v| v.find('>')) {
                    // A verbatim tag `!<…>` may hold commas.
                    Some(close) => &rest[..close + 3],
                    None => rest
                        .split(|t: char| {
                            t.is_whitespace() || (depth > 0 && matches!(t, ',' | ']' | '}'))
                        })
                        .next()
                        .unwrap_or(""),
                };
                if c == '!' && token.trim_end_matches('>').ends_with("binary") {
                    return (Some(at), line);
                }
                // An anchor or another tag (`!!str`): the value starts after it.
                skip_to = at + token.len();
                prev = ' ';
                continue;
            }
            (None, '[' | '{') if value_may_start || depth > 0 => depth += 1,
            (None, ']' | '}') if depth > 0 => depth -= 1,
            _ => {}
        }
        if quote.is_none() && !c.is_whitespace() {
            value_may_start = match c {
                ':' | '-' | '?' => next.is_whitespace(),
                '[' | '{' | ',' => depth > 0,
                _ => false,
            };
        }
        prev = c;
    }
    (None, line)
}

/// A YAML syntax error (or a whole-document decoding error) at its reported location.
pub fn syntax_diagnostic(
    file: &Path,
    text: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let msg = err.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    // serde_yaml places a key written twice at the start of its mapping: at the second
    // one instead, which is the one to remove.
    if let Some(key) = msg
        .split("duplicate entry with key \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
    {
        if let Some((l, c)) = second_key(text, line, col, key) {
            return Diagnostic::new(
                PathBuf::from(file),
                l + line_offset,
                c,
                format!("`{key}` is written twice"),
            )
            .with_hint(format!(
                "a key is written once: keep the right `{key}:` line and remove the other"
            ));
        }
    }
    // A problem of the whole document (an alias repeated too often) has no place of
    // its own: its first line.
    let (line, col) = if line > 0 {
        (line + line_offset, col)
    } else {
        (1 + line_offset, 1)
    };
    let hint = if msg.contains("repetition limit") || msg.contains("recursion limit") {
        // No location comes with these: the file as a whole is at fault.
        "an alias (*name) repeats what its anchor (&name) holds too many times, or nests too deep: write the values out instead of aliasing them"
    } else {
        "check indentation and quoting on this line (values containing ': ' or '#' need quotes)"
    };
    Diagnostic::new(PathBuf::from(file), line, col, format!("YAML: {msg}")).with_hint(hint)
}

/// Where `key` is written a second time in the block mapping that starts at `line`,
/// `col` (1-based), as a 1-based line and column.
fn second_key(text: &str, line: usize, col: usize, key: &str) -> Option<(usize, usize)> {
    let indent = col.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let chars: Vec<char> = l.chars().collect();
        let content = chars.iter().position(|c| !c.is_whitespace());
        // The mapping ends at a line less indented than its keys (its own first line
        // may start with `- `).
        if i + 1 > line && content.is_some_and(|c| c < indent) {
            break;
        }
        let at: String = chars.iter().skip(indent).collect();
        let quoted = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        if quoted.iter().any(|q| at.starts_with(q.as_str())) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col));
            }
        }
    }
    None
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

    #[test]
    fn a_key_written_twice_is_found_at_its_second_line() {
        let text = "- a: 1\n  b: 2\n  sub:\n    b: 3\n  b: 4\n- b: 5\n";
        assert_eq!(second_key(text, 1, 3, "b"), Some((5, 3)));
        let top = "title: x\nlanguage: zh\nlanguage: en\n";
        assert_eq!(second_key(top, 1, 1, "language"), Some((3, 1)));
        assert_eq!(second_key("{a: 1, a: 2}", 1, 1, "a"), None);
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
    fn deep_nesting_is_found_in_one_pass() {
        assert_eq!(too_deep("a: [1, [2, {b: 3}]]\n- - x\n"), None);
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let start = std::time::Instant::now();
        assert_eq!(too_deep(&deep), Some((1, 4 + MAX_DEPTH)));
        assert!(start.elapsed().as_secs() < 2);
        assert!(too_deep(&"- ".repeat(1000)).is_some());
        assert_eq!(binary_tag("a: !!binary aGk=\n"), Some((1, 4)));
        assert_eq!(
            binary_tag("a:\n  - b: 1\n  - !!binary aGk=\n"),
            Some((3, 5))
        );
        assert_eq!(
            binary_tag("a: [x, !<tag:yaml.org,2002:binary> aGk=]"),
            Some((1, 8))
        );
        assert_eq!(binary_tag("!!binary aGk="), Some((1, 1)));
        // In a quoted or plain text, or a comment: not a tag.
        assert_eq!(binary_tag("a: \"!!binary aGk=\"\nb: '!!binary'\n"), None);
        assert_eq!(
            binary_tag("a: x !!binary # !!binary\nb: 1 # : !!binary\n"),
            None
        );
        assert_eq!(binary_tag("a: !!str 5\n"), None);
        // After an anchor or another tag; a tag made by a directive.
        assert_eq!(binary_tag("a: &x !!binary aGk=\n"), Some((1, 7)));
        assert_eq!(
            binary_tag("%TAG !x! tag:yaml.org,2002:\n---\na: !x!binary aGk=\n"),
            Some((1, 1))
        );
        assert_eq!(binary_tag("a: !x!binary aGk=\n"), Some((1, 4)));
        // Text that merely holds the word: a plain value, a `|` or `>` block, a quote.
        assert_eq!(binary_tag("note: 见文书, !!binary 说明\n"), None);
        assert_eq!(
            binary_tag("facts: |\n  !!binary aGk=\n  - !!binary\nb: 1\n"),
            None
        );
        assert_eq!(
            binary_tag("facts: >-\n  !!binary\nb: !!binary aGk=\n"),
            Some((3, 4))
        );
        assert_eq!(binary_tag("a: 'it''s !!binary'\n"), None);
        assert_eq!(binary_tag("a: [x, &y !!binary aGk=]\n"), Some((1, 11)));
        assert!(too_deep(&format!("{}a: 1\n", " ".repeat(5000))).is_some());
        // Brackets inside quotes and comments do not count.
        let quoted = format!(
            "a: \"{}\" # {}\nb: '{}'\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&quoted), None);
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
