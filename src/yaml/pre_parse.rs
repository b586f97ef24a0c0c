//! What is looked at before a YAML text is parsed: collections nested deeper than a
//! parser should be given, and binary values, which serde_yaml would read as their
//! base64 text without a word.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// How deep collections may nest. The contract's files nest three or four levels;
/// a parser given thousands takes time that grows with the square of the depth.
pub const MAX_DEPTH: usize = 64;

/// Where `text` nests deeper than [`MAX_DEPTH`] (1-based line and column), found in
/// one pass before the text is parsed: flow collections (`[[[…`) outside quotes and
/// comments, compact block sequences (`- - - …`), and indentation.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    if memchr::memchr2(b'[', b'{', text.as_bytes()).is_none() && text.lines().all(shallow) {
        return None; // most files: no brackets, a few levels of indentation
    }
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
        let directive = text.lines().nth(line - 1).is_some_and(|l| l.starts_with("%TAG"));
        if directive {
            return at(line, col, "a `%TAG` directive: gongshi reads plain YAML, without tags of its own making".into())
                .with_hint("remove this line and write the values without tags");
        }
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
    if !text.contains('!') && !text.contains("%TAG") {
        return None; // no tag at all: most files
    }
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

/// Whether a line of a text without brackets is within [`MAX_DEPTH`] whether or not it
/// continues a quoted value: what [`too_deep`] counts for it is at most what is
/// counted here.
fn shallow(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut dashes = 0;
    let mut rest = line.trim_start();
    while rest.starts_with("- ") || rest == "-" {
        dashes += 1;
        rest = rest[1..].trim_start();
    }
    indent <= MAX_DEPTH * 4 && dashes + indent / 2 <= MAX_DEPTH
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
                // A tag's characters may be written as %-escapes, which the parser
                // reads as the characters (`!!binar%79`).
                let tag = percent_encoding::percent_decode_str(token).decode_utf8_lossy();
                if c == '!' && tag.trim_end_matches('>').ends_with("binary") {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_in_one_pass() {
        assert_eq!(too_deep("a: [1, [2, {b: 3}]]\n- - x\n"), None);
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let start = std::time::Instant::now();
        assert_eq!(too_deep(&deep), Some((1, 4 + MAX_DEPTH)));
        assert!(start.elapsed().as_secs() < 2);
        assert!(too_deep(&"- ".repeat(1000)).is_some());
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
    fn a_tag_directive_is_told_as_such() {
        let text = "%TAG !x! tag:yaml.org,2002:\n---\na: !x!binary aGk=\n";
        let d = pre_parse_problem(Path::new("a.yaml"), text, 0).unwrap();
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("%TAG"), "{}", d.message);
        let d = pre_parse_problem(Path::new("a.yaml"), "a: !!binary aGk=\n", 0).unwrap();
        assert!(d.message.contains("`!!binary`"), "{}", d.message);
    }

    #[test]
    fn binary_tags_are_found_where_a_tag_can_stand() {
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
        // Written with %-escapes, which the parser reads as the characters (found by a
        // review: the base64 of an ID number was published).
        assert_eq!(binary_tag("facts: !!binar%79 aGk=\n"), Some((1, 8)));
        assert_eq!(
            binary_tag("a: !<tag:yaml.org,2002:%62inary> aGk=\n"),
            Some((1, 4))
        );
        assert_eq!(binary_tag("a: !!str%20 x\n"), None);
    }
}
