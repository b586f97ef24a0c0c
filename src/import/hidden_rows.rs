//! Rows hidden in an `.xlsx` sheet. Staff hide the rows of withdrawn or draft records,
//! or filter a sheet down to what they are working on (a filter hides the other
//! rows); the import reads every row, so it says which ones it read that Excel or WPS
//! did not show. calamine reads cells, not rows' visibility, so this reads the
//! `hidden` attribute of the sheet's `<row>` elements from the workbook's XML, found
//! through `xl/workbook.xml` and its relationships (ECMA-376 Part 1, 18.3.1.73).
//! `.xls` and `.ods` files are not read for it.

use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Seek};

/// The rows hidden in each sheet of an `.xlsx` workbook (1-based row numbers), by
/// sheet name; sheets with none are left out. A part that cannot be read gives no
/// rows: calamine reports a damaged workbook.
pub fn hidden_rows<R: Read + Seek>(book: R) -> BTreeMap<String, BTreeSet<usize>> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(book) else {
        return out;
    };
    let sheets = sheet_ids(&mut zip);
    let targets = relationship_targets(&mut zip);
    for (name, id) in sheets {
        let Some(part) = targets.get(&id) else {
            continue;
        };
        let rows = rows_hidden_in(&mut zip, part);
        if !rows.is_empty() {
            out.insert(name, rows);
        }
    }
    out
}

/// Each `<sheet name=… r:id=…>` of the workbook, in order.
fn sheet_ids<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let mut sheets = Vec::new();
    each_element(zip, "xl/workbook.xml", "sheet", |e| {
        if let (Some(name), Some(id)) = (attribute(e, "name"), attribute(e, "id")) {
            sheets.push((name, id));
        }
    });
    sheets
}

/// The workbook's relationships: id → part name in the archive.
fn relationship_targets<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> BTreeMap<String, String> {
    let mut targets = BTreeMap::new();
    each_element(zip, "xl/_rels/workbook.xml.rels", "Relationship", |e| {
        if let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target")) {
            // Relative to xl/, or from the package root when it starts with `/`.
            let (from, path) = match target.strip_prefix('/') {
                Some(root) => ("", root),
                None => ("xl/", target.as_str()),
            };
            if let Some(part) = crate::urls::join(from, path) {
                targets.insert(id, part);
            }
        }
    });
    targets
}

/// The row numbers of the `<row hidden="1">` (or `ht="0"`) elements of a worksheet
/// part. A row without its `r` number follows the one before it.
fn rows_hidden_in<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> BTreeSet<usize> {
    let mut hidden = BTreeSet::new();
    let mut number = 0;
    each_element(zip, part, "row", |e| {
        number = attribute(e, "r")
            .and_then(|r| r.parse().ok())
            .unwrap_or(number + 1);
        // Hidden, or of no height (as some tools other than Excel hide a row).
        let marked = attribute(e, "hidden").is_some_and(|h| h == "1" || h == "true");
        let flat = attribute(e, "ht").is_some_and(|h| h.parse::<f64>() == Ok(0.0));
        if marked || flat {
            hidden.insert(number);
        }
    });
    hidden
}

/// Calls `f` with each element named `local` (any namespace prefix) of the archive's
/// XML part `part`, read as a stream; stops quietly at the first XML error.
fn each_element<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    local: &str,
    mut f: impl FnMut(&BytesStart<'_>),
) {
    let Ok(file) = zip.by_name(part) else { return };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == local => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The value of the attribute whose local name is `local` (`r:id` is `id`).
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::hidden_rows;

    #[test]
    fn rows_hidden_by_hand_or_by_a_filter_are_found_by_sheet() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let shown = book.add_worksheet().set_name("公示").unwrap();
        for row in 0..6 {
            shown.write(row, 0, "x").unwrap();
        }
        shown.set_row_hidden(2).unwrap();
        shown.set_row_hidden(4).unwrap();
        let plain = book.add_worksheet().set_name("R&D").unwrap();
        plain.write(0, 0, "x").unwrap();
        let other = book.add_worksheet().set_name("其他").unwrap();
        other.write(9, 0, "x").unwrap();
        other.set_row_hidden(9).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let found = hidden_rows(std::io::Cursor::new(bytes));
        let rows = |s: &str| found.get(s).map(|r| r.iter().copied().collect::<Vec<_>>());
        assert_eq!(rows("公示"), Some(vec![3, 5]));
        assert_eq!(rows("其他"), Some(vec![10]));
        assert_eq!(rows("R&D"), None);
        assert!(hidden_rows(std::io::Cursor::new(b"not a zip".to_vec())).is_empty());
    }

    /// As other tools write a workbook: an absolute part name, rows of no height,
    /// rows without their number, a namespace prefix on every element.
    #[test]
    fn rows_of_no_height_or_without_numbers_are_read_too() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "xl/workbook.xml",
                r#"<x:workbook xmlns:x="main" xmlns:r="rels"><x:sheets><x:sheet name="台账 &amp; 记录" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId7" Target="../xl/./worksheets/s.xml"/></Relationships>"#,
            ),
            (
                "xl/worksheets/s.xml",
                r#"<x:worksheet xmlns:x="main"><x:sheetData><x:row r="2"/><x:row ht="0" customHeight="1"/><x:row r="7" ht="15"/><x:row r="9" hidden="true"><x:c r="A9"/></x:row></x:sheetData></x:worksheet>"#,
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let found = hidden_rows(std::io::Cursor::new(bytes));
        let rows: Vec<usize> = found["台账 & 记录"].iter().copied().collect();
        assert_eq!(rows, vec![3, 9]);
    }
}
