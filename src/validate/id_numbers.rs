//! Personal ID numbers (居民身份证号) anywhere but the `id_number:` key, searched in
//! what is published, as it will be published: the values of data files and front
//! matter after YAML has resolved escapes (`"\u0031"`), folded and continued lines and
//! aliases; and the text of a Markdown page as it renders (entities decoded, emphasis
//! and code spans joined). Searching the values rather than the lines means `check`
//! finds what the guard on output files would, in one run.

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{PageFile, SourceText};
use crate::scan::{find_written_id_number, Forms};
use crate::views::shown_text;
use crate::yaml::{Outline, PathSeg};
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use std::fmt;
use std::path::Path;

/// Keys whose values are codes: a 15-digit value there is a code, not an old ID number.
const CODE_KEYS: &[&str] = &[
    "decision_no",
    "licence_no",
    "document_no",
    "entry_document_no",
    "uscc",
    "authority_uscc",
    "id",
    "certificate",
];

/// The key under which an ID number belongs (never published).
const ID_KEY: &str = "id_number";

/// One step of a path, owned.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Walks a YAML document, collecting the paths of values that hold an ID number.
struct Walk<'a> {
    path: &'a mut Vec<Seg>,
    found: &'a mut Vec<Vec<Seg>>,
    /// Code values holding what reads as a 15-digit old-style ID number: found only
    /// when their record turns out to be a person's (`party_type: person`), whose
    /// licence or certificate number is often the holder's ID number.
    old_style_codes: &'a mut Vec<Vec<Seg>>,
}

impl Walk<'_> {
    fn check(&mut self, text: &str) {
        let code = matches!(self.path.last(), Some(Seg::Key(k)) if CODE_KEYS.contains(&k.as_str()));
        let forms = if code { Forms::NEW_STYLE } else { Forms::ALL };
        if find_written_id_number(text, forms).is_some() {
            self.found.push(self.path.clone());
        } else if code && find_written_id_number(text, Forms::ALL).is_some() {
            self.old_style_codes.push(self.path.clone());
        }
    }

    fn reborrow(&mut self) -> Walk<'_> {
        Walk {
            path: self.path,
            found: self.found,
            old_style_codes: self.old_style_codes,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E>(mut self, v: &str) -> Result<(), E> {
        self.check(v);
        Ok(())
    }
    fn visit_u64<E>(mut self, v: u64) -> Result<(), E> {
        self.check(&v.to_string());
        Ok(())
    }
    fn visit_i64<E>(mut self, v: i64) -> Result<(), E> {
        self.check(&v.to_string());
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.path.push(Seg::Index(i));
            let more = seq.next_element_seed(self.reborrow())?;
            self.path.pop();
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let old_style_before = self.old_style_codes.len();
        let mut person = false;
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            let name = match &key {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            self.path.push(Seg::Key(name.clone()));
            self.check(&name);
            if name == ID_KEY {
                map.next_value::<de::IgnoredAny>()?;
            } else if name == "party_type" {
                let value = map.next_value::<serde_yaml::Value>()?;
                person = value.as_str().is_some_and(|v| v.trim() == "person");
                value
                    .deserialize_any(self.reborrow())
                    .map_err(de::Error::custom)?;
            } else {
                map.next_value_seed(self.reborrow())?;
            }
            self.path.pop();
        }
        // Old-style numbers in this record's own codes (a nested record has settled
        // its own before it ended).
        let own: Vec<Vec<Seg>> = self.old_style_codes.drain(old_style_before..).collect();
        if person {
            self.found.extend(own);
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(mut self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self.reborrow())
    }
}

fn diagnostic(file: &Path, line: usize, col: usize, key: Option<&str>) -> Diagnostic {
    let what = match key {
        Some(k) => format!("a personal ID number (居民身份证号) is in `{k}`, which is published"),
        None => "a personal ID number (居民身份证号) appears in text that is published".into(),
    };
    Diagnostic::new(file, line, col, what)
        .with_hint("keep ID numbers only in the `id_number:` key, which is never published")
}

/// Whether the values of `text` may hold an ID number: false only when the text has
/// nothing that hides a value from its lines (escapes `\`, aliases `*`, tags `!`) and
/// its lines, trimmed and joined (a value continued or folded over lines reads as one),
/// hold none outside `id_number:`. Saves walking the parsed values of nearly every
/// file; when it says "may", the walk decides.
fn may_hold_id_number(text: &str) -> bool {
    if text.contains(['\\', '*', '!']) {
        return true;
    }
    let mut joined = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim();
        let key = t.strip_prefix("- ").map_or(t, str::trim_start);
        // A line that is only an `id_number:` is left out; one that goes on to other
        // keys (a flow mapping) is kept, and then the walk decides.
        let only_id = key.starts_with("id_number:") && !key.contains([',', '{', '}']);
        if !only_id {
            joined.push_str(t);
        }
        joined.push('\n');
    }
    find_written_id_number(&joined, Forms::ALL).is_some()
}

/// Every value of the YAML `text` (a data file, or front matter starting below line
/// `line_offset`) that holds an ID number; false when the text does not parse (which
/// is said too: what could not be read could not be checked).
pub fn scan_yaml(file: &Path, text: &str, line_offset: usize, diags: &mut Diagnostics) -> bool {
    if !may_hold_id_number(text) {
        return true;
    }
    let mut path = Vec::new();
    let mut found = Vec::new();
    let walk = Walk {
        path: &mut path,
        found: &mut found,
        old_style_codes: &mut Vec::new(),
    };
    if let Err(e) = walk.deserialize(serde_yaml::Deserializer::from_str(text)) {
        // The loader says why it does not parse; but what could not be read could not
        // be checked either, and it may hold a number: never let that through quietly.
        let line = line_offset + e.location().map_or(1, |l| l.line());
        diags.push(
            Diagnostic::new(
                file,
                line,
                1,
                format!("{COULD_NOT_READ}: it does not read as one YAML document"),
            )
            .with_hint("fix the YAML first; keep ID numbers only in the `id_number:` key, which is never published"),
        );
        return false;
    }
    if found.is_empty() {
        return true;
    }
    let outline = Outline::new(text, line_offset);
    for segs in &found {
        let path: Vec<PathSeg<'_>> = segs
            .iter()
            .map(|s| match s {
                Seg::Key(k) => PathSeg::Key(k),
                Seg::Index(i) => PathSeg::Index(*i),
            })
            .collect();
        let key_at = outline.locate_path(&path);
        // Point at the number itself, on that line or below it in a block text.
        let (line, col) = if outline.line(key_at.0).contains(ID_KEY) {
            key_at
        } else {
            outline.in_value(key_at, |t| find_written_id_number(t, Forms::ALL))
        };
        let key = segs.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        });
        diags.push(diagnostic(file, line, col, key));
    }
    true
}

/// A data file's values.
pub fn scan_data(src: &SourceText, diags: &mut Diagnostics) {
    let mut whole = Diagnostics::new();
    let read = scan_yaml(&src.path, &src.text, 0, &mut whole);
    // A file that does not parse as a whole (a syntax error in one record, in one
    // entry of a list): each record, or each block and item, on its own, so that a
    // number in another is not left for the next run. (Cut only then: a clean file is
    // read once, on every build.)
    if read {
        diags.extend(whole);
        return;
    }
    let parts = crate::load::decode::record_texts(&src.text)
        .unwrap_or_else(|| crate::load::part_texts(&src.text));
    if parts.len() < 2 {
        diags.extend(whole);
        return;
    }
    for (before, text) in parts {
        scan_yaml(&src.path, text, before, diags);
    }
}

/// What is said of YAML that could not be read to be searched.
const COULD_NOT_READ: &str =
    "this file could not be checked for personal ID numbers (居民身份证号)";

/// Most findings reported for one page body.
const MAX_PER_PAGE: usize = 50;

/// A page: its front matter's values and its body, as written and as it renders.
pub fn scan_page(page: &PageFile, diags: &mut Diagnostics) {
    if let Some(front) = crate::load::front_matter_text(&page.src.text) {
        scan_yaml(&page.src.path, front, 1, diags);
    }
    let body = &page.body;
    let mut lines: Vec<(usize, usize)> = Vec::new();
    // As written, line by line: the exact column, and text that does not render.
    for (i, line) in body.lines().enumerate() {
        if let Some(at) = find_written_id_number(line, Forms::ALL) {
            lines.push((i, line[..at].chars().count() + 1));
        }
    }
    // As it renders, and the targets of links; also with paragraphs and list items
    // side by side, as a reader sees them one under the other (`370117`, then
    // `198712210472`): the break between them a gap of the same length in bytes, so
    // that offsets stay the text's.
    let shown = shown_text(body);
    const GAP: char = '\u{2003}';
    const _: () = assert!(crate::scan::BREAK.len_utf8() == GAP.len_utf8());
    let side_by_side = shown
        .text
        .replace(crate::scan::BREAK, GAP.encode_utf8(&mut [0; 4]));
    let mut rendered = Vec::new();
    for text in [&shown.text, &side_by_side] {
        let mut from = 0;
        while let Some(at) = text
            .get(from..)
            .and_then(|t| find_written_id_number(t, Forms::ALL))
        {
            rendered.push(shown.body_offset(from + at));
            from += at + text[from + at..].chars().next().map_or(1, char::len_utf8);
            if rendered.len() >= MAX_PER_PAGE {
                break;
            }
        }
    }
    rendered.sort_unstable();
    rendered.dedup();
    for (offset, target) in &shown.links {
        if find_written_id_number(target, Forms::ALL).is_some() {
            rendered.push(*offset);
        }
    }
    for offset in rendered {
        let end = offset.min(body.len());
        let line = body.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        if !lines.iter().any(|&(l, _)| l == line) {
            lines.push((line, 1));
        }
    }
    lines.sort_unstable();
    for (line, col) in lines.into_iter().take(MAX_PER_PAGE) {
        diags.push(diagnostic(&page.src.path, page.body_line + line, col, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_does_not_read_as_one_document_is_not_passed_unchecked() {
        let file = Path::new("content/penalties/x.yaml");
        let mut diags = Diagnostics::new();
        let text = "- facts: 无\n...\n- facts: 身份证号110105-19491231-002X\n";
        scan_yaml(file, text, 0, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let mut diags = Diagnostics::new();
        scan_yaml(file, "- facts: 无\n- facts: 无\n", 0, &mut diags);
        assert!(diags.is_empty());
    }
}
