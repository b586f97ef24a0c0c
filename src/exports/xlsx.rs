//! `/data/<kind>.xlsx`: the same records as the CSV, as a spreadsheet staff can open
//! and send on. Penalties and licences follow the national 双公示 template's column
//! order and names (columns gongshi has no data for, such as the old registration
//! codes or 证件类型, are there and empty), then gongshi's own columns; the other kinds
//! have the CSV's columns. The header row is frozen, columns are as wide as their
//! text, dates are dates, amounts and scores are numbers, everything else (codes
//! above all) is text. The file is the same bytes for the same records.

use super::{Field, Rows};
use crate::model::Day;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::io;

/// A template column: its header, and the export field (by key) that fills it; `""`
/// for a column gongshi has no data for.
pub type TemplateColumn = (&'static str, &'static str);

/// Keys whose values are numbers in the spreadsheet.
const NUMBER_KEYS: &[&str] = &["fine_wan", "confiscated_wan", "score"];

/// Whether the column of export key `key` holds codes (USCCs, decision, licence and
/// pledge numbers): their cells carry the Text number format (`@`), so that Excel
/// keeps them as typed when they are edited.
fn is_code_key(key: &str) -> bool {
    key == "id" || key.ends_with("uscc") || key.ends_with("_no")
}

/// Most characters (UTF-16 units) an Excel cell holds.
const CELL_LIMIT: usize = 32_767;
const CUT_NOTE: &str = "……（过长，全文见 CSV 或 JSON 文件）";

/// `value` as a cell can hold it.
fn fit_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.encode_utf16().count() <= CELL_LIMIT {
        return value.into();
    }
    let room = CELL_LIMIT - CUT_NOTE.encode_utf16().count();
    let mut used = 0;
    let end = value
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(value.len(), |(i, _)| i);
    format!("{}{CUT_NOTE}", &value[..end]).into()
}

/// Widest column, in character widths.
const MAX_WIDTH: f64 = 60.0;

/// The columns of the file: the template's, then every other field of the rows in
/// their CSV order. Each is (header, field index in a row).
fn columns(first: &[Field], template: &[TemplateColumn]) -> Vec<(&'static str, Option<usize>)> {
    if template.is_empty() {
        return first
            .iter()
            .enumerate()
            .map(|(i, f)| (f.1, Some(i)))
            .collect();
    }
    let index = |key: &str| first.iter().position(|f| f.0 == key);
    let mut cols: Vec<(&'static str, Option<usize>)> =
        template.iter().map(|(h, key)| (*h, index(key))).collect();
    for (i, f) in first.iter().enumerate() {
        if !template.iter().any(|(_, key)| *key == f.0) {
            cols.push((f.1, Some(i)));
        }
    }
    cols
}

/// Display width: a CJK character is two columns wide.
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

fn excel_date(d: Day) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.0.year() as u16, d.0.month() as u8, d.0.day() as u8)
}

/// The spreadsheet of `rows`, written row by row (see [`Workbook`]'s constant memory
/// mode), so that only the compressed file is held.
/// `headers` are the CSV's, for a dataset with no rows.
pub fn to_xlsx(
    rows: Rows,
    template: &[TemplateColumn],
    sheet: &str,
    headers: &[&str],
) -> io::Result<Vec<u8>> {
    write(rows, template, sheet, headers).map_err(io::Error::other)
}

fn write(
    rows: Rows,
    template: &[TemplateColumn],
    sheet: &str,
    headers: &[&str],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date (as the zip entries have), so that the same records give
    // the same bytes whatever the day of the build.
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    // Level 2 (zlib-rs's fast deflate): the 100k site's five spreadsheets are 12.5 %
    // larger than at level 4 (13.4 against 11.9 MB) and take a fifth less time to
    // make, 0.3-0.4 s of the exports' 2 s (BENCHMARKS.md, ninth round).
    book.set_zip_compression_level(2);
    // Rows are written in order, each to a temporary file as soon as it is complete,
    // so that a 100,000-row dataset does not sit in memory as cells.
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet)?;
    let header = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut rows = rows.peekable();
    let Some(first) = rows.peek() else {
        // No records: the CSV's header row alone, so that the file still says what
        // its columns are (and imports as nothing).
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header)?;
        }
        return book.save_to_buffer();
    };
    let cols = columns(first, template);
    let codes: Vec<bool> = cols
        .iter()
        .map(|(_, field)| {
            field
                .and_then(|i| first.get(i))
                .is_some_and(|f| is_code_key(f.0))
        })
        .collect();
    let mut widths: Vec<f64> = cols.iter().map(|(h, _)| width(h).min(24.0)).collect();
    for (c, (h, _)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        for (c, (_, field)) in cols.iter().enumerate() {
            let Some((key, _, value)) = field.and_then(|i| row.get(i)) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let c16 = c as u16;
            widths[c] = widths[c].max(width(value));
            if NUMBER_KEYS.contains(key) {
                if let Ok(n) = value.parse::<f64>() {
                    ws.write_number(r, c16, n)?;
                    continue;
                }
            }
            if let Some(when) = Day::parse(value).and_then(|d| excel_date(d).ok()) {
                ws.write_datetime_with_format(r, c16, &when, &date)?;
                continue;
            }
            // A date Excel cannot hold (before 1900) is written as the text it is; a
            // text longer than a cell holds is cut, and says so (the CSV and JSON
            // exports keep it whole).
            let value = fit_cell(value);
            if codes[c] {
                ws.write_string_with_format(r, c16, value.as_ref(), &text)?;
            } else {
                ws.write_string(r, c16, value.as_ref())?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        if codes[c] {
            // What staff type into a code column is text too (a code keeps its digits).
            // (Only there: in constant-memory mode the row still held gets the column's
            // format on every cell without one of its own, numbers included.)
            ws.set_column_format(c as u16, &text)?;
        }
        ws.set_column_width(c as u16, (w + 2.0).min(MAX_WIDTH))?;
    }
    ws.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_columns_come_first_and_the_rest_follow() {
        let row: Vec<Field> = vec![
            ("decision_no", "行政处罚决定书文号", "罚1号".into()),
            ("party", "行政相对人名称", "甲".into()),
            ("severity", "失信严重程度", "一般".into()),
        ];
        let template: &[TemplateColumn] = &[
            ("行政相对人名称", "party"),
            ("证件类型", ""),
            ("行政处罚决定书文号", "decision_no"),
        ];
        let cols = columns(&row, template);
        assert_eq!(
            cols,
            vec![
                ("行政相对人名称", Some(1)),
                ("证件类型", None),
                ("行政处罚决定书文号", Some(0)),
                ("失信严重程度", Some(2))
            ]
        );
        // Found by an audit: a 33,000-character text and a date before 1900 failed
        // the whole build ("data/: cannot write").
        let mut odd = row.clone();
        odd.push(("facts", "违法事实", "事".repeat(33_000)));
        odd.push(("decided", "处罚决定日期", "1899-01-15".into()));
        assert!(to_xlsx(Box::new([odd].into_iter()), template, "处罚", &[]).is_ok());
        let long = "事".repeat(33_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT);
        assert!(cut.ends_with(CUT_NOTE));
        assert_eq!(fit_cell("短"), "短");
        let a = to_xlsx(Box::new([row.clone()].into_iter()), template, "处罚", &[]).unwrap();
        let b = to_xlsx(Box::new([row].into_iter()), template, "处罚", &[]).unwrap();
        assert_eq!(a, b, "the same bytes each time");
        assert!(a.starts_with(b"PK"));
    }
}
