//! Office Open XML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods) files: zip
//! archives of XML. Every XML and text part is read, its tags dropped (a number split
//! over several runs of formatting is joined again), paragraphs and cells kept apart.

use super::{find_written_id_number, Forms, Verdict, MAX_SCANNED_BYTES};
use std::io::{Cursor, Read};

/// Tags that end a paragraph, cell or row: text on both sides does not run together.
const BREAKS: &[&str] = &[
    "</w:p>",
    "</w:tc>",
    "<w:br",
    "<w:tab",
    "</si>",
    "</c>",
    "</row>",
    "</a:p>",
    "</text:p>",
    "</text:h>",
    "</table:table-cell>",
    "</is>",
];

/// The text of an XML part: tags dropped, breaks at paragraph and cell ends, character
/// references decoded.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 2);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..tag_end];
        if BREAKS.iter().any(|b| tag.starts_with(b)) {
            out.push('\n');
        }
        rest = &rest[tag_end..];
    }
    push_text(&mut out, rest);
    out
}

/// Appends XML character data, decoding `&#NN;`, `&#xNN;` and the named entities.
fn push_text(out: &mut String, data: &str) {
    let mut rest = data;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[amp..amp + 1 + semi + 1]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
}

pub fn scan(bytes: &[u8]) -> Verdict {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Verdict::Unscannable(format!("a damaged zip file ({e})")),
    };
    let mut budget = MAX_SCANNED_BYTES;
    let mut images = false;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => return Verdict::Unscannable(format!("a damaged zip file ({e})")),
        };
        let original = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = original.to_ascii_lowercase();
        let is_text = [".xml", ".rels", ".txt", ".csv", ".html", ".htm", ".vml"]
            .iter()
            .any(|e| name.ends_with(e));
        if !is_text {
            images |= [
                ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".bmp", ".tif",
            ]
            .iter()
            .any(|e| name.ends_with(e));
            continue;
        }
        let mut data = Vec::new();
        let limit = budget as u64 + 1;
        if let Err(e) = entry.by_ref().take(limit).read_to_end(&mut data) {
            return Verdict::Unscannable(format!("a damaged zip file ({e})"));
        }
        if data.len() > budget {
            return Verdict::Unscannable(format!(
                "too large to read through (more than {} MB unpacked)",
                MAX_SCANNED_BYTES / (1024 * 1024)
            ));
        }
        budget -= data.len();
        let text = xml_text(&String::from_utf8_lossy(&data));
        for line in text.lines() {
            if find_written_id_number(line, Forms { old_style: true }).is_some() {
                return Verdict::IdNumber(original);
            }
        }
    }
    if images {
        Verdict::CleanButImages("images")
    } else {
        Verdict::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_dropped_runs_joined_and_cells_kept_apart() {
        let xml = "<w:p><w:r><w:t>1101</w:t></w:r><w:r><w:rPr/><w:t>05&#49;9491231002X</w:t></w:r></w:p><w:p><w:t>next</w:t></w:p>";
        assert_eq!(xml_text(xml), "11010519491231002X\nnext\n");
        assert_eq!(xml_text("<c><v>1</v></c><c><v>2</v></c>"), "1\n2\n");
        assert_eq!(xml_text("a &amp; b &#x41;"), "a & b A");
    }
}
