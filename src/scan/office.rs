//! Office Open XML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods) files: zip
//! archives of XML. Every XML and text part is read, its tags dropped (a number split
//! over several runs of formatting is joined again), paragraphs and cells kept apart.

use super::{find_written_id_number, Forms, Verdict, MAX_SCANNED_BYTES};
use std::io::{Cursor, Read};

/// Tags that end a paragraph, cell or row: text on both sides does not run together.
const BREAKS: &[&str] = &[
    "</w:p>",
    "</w:tc>",
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
    super::markup::markup_text(xml, BREAKS)
}

/// Parts that are pictures: they cannot be read.
const IMAGES: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".bmp", ".tif", ".tiff", ".svg", ".wdp",
];

/// Calls `found` with each part of a zip archive (name, bytes) until it returns true;
/// true when it did, or when the archive cannot be read through (a guard fails closed).
pub fn zip_parts(bytes: &[u8], found: &mut dyn FnMut(&str, &[u8]) -> bool) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let mut budget = MAX_SCANNED_BYTES;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            return true;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut data = Vec::new();
        let read = entry
            .by_ref()
            .take(budget as u64 + 1)
            .read_to_end(&mut data);
        if read.is_err() || data.len() > budget {
            return true;
        }
        budget -= data.len();
        if found(&name, &data) {
            return true;
        }
    }
    false
}

pub fn scan(bytes: &[u8]) -> Verdict {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Verdict::Unscannable(format!("a damaged zip file ({e})")),
    };
    let mut budget = MAX_SCANNED_BYTES;
    let mut images = false;
    let mut unread = false;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => return Verdict::Unscannable(format!("a damaged zip file ({e})")),
        };
        let original = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = original.to_ascii_lowercase();
        if entry.is_dir() {
            continue;
        }
        if IMAGES.iter().any(|e| name.ends_with(e)) {
            images = true;
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
        // An embedded document (a zip or a PDF, which may look like text) is read as a
        // file of its own; what cannot be read one level down (a zip bomb, an
        // encrypted PDF) cannot be read here either.
        if data.starts_with(b"PK\x03\x04") || data.starts_with(b"%PDF-") {
            match super::scan_attachment(std::path::Path::new(&name), &data) {
                Verdict::Clean => {}
                Verdict::IdNumber(w) => return Verdict::IdNumber(format!("{original}: {w}")),
                Verdict::Unscannable(w) => return Verdict::Unscannable(format!("{original}: {w}")),
                Verdict::CleanButUnread(_) => unread = true,
            }
            continue;
        }
        // Every other part is read, whatever its name says: XML in any encoding, or text.
        let Some(text) = super::text::decode(&data) else {
            unread = true;
            continue;
        };
        if find_written_id_number(&xml_text(&text), Forms::ALL).is_some() {
            return Verdict::IdNumber(original);
        }
        if super::text::has_encoded_mime_parts(&text) {
            // A web page kept inside the document (Word's altChunk `afchunk.mht`).
            return Verdict::Unscannable(format!(
                "a document holding a MIME part with encoded text ({original})"
            ));
        }
    }
    if unread {
        return Verdict::CleanButUnread("embedded objects or images".into());
    }
    if images {
        Verdict::CleanButUnread("images".into())
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
        let b = super::super::markup::BREAK;
        assert_eq!(xml_text(xml), format!("11010519491231002X{b}next{b}"));
        assert_eq!(
            xml_text("<c><v>1</v></c><c><v>2</v></c>"),
            format!("1{b}2{b}")
        );
        assert_eq!(xml_text("a &amp; b &#x41;"), "a & b A");
    }

    #[test]
    fn a_tab_or_line_break_inside_a_paragraph_is_a_space() {
        for between in [
            "<w:r><w:tab/></w:r>",
            "<w:br/>",
            "<w:br w:type=\"textWrapping\"/>",
            "<text:tab/>",
        ] {
            let xml = format!("<w:p><w:t>110105</w:t>{between}<w:t>19491231002X</w:t></w:p>");
            assert!(
                find_written_id_number(&xml_text(&xml), Forms::ALL).is_some(),
                "{between}"
            );
        }
        // Cells and paragraphs stay apart; a tag that only begins like one is no break.
        let cells = "<c><v>110105</v></c><c><v>19491231002X</v></c>";
        assert!(find_written_id_number(&xml_text(cells), Forms::ALL).is_none());
        assert_eq!(xml_text("<text:span>1</text:span><text:s/>2"), "1 2");
    }
}
