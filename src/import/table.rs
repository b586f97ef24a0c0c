//! Reading a spreadsheet into rows of cells that remember where they were: `.xlsx`,
//! `.xls`, `.ods` through calamine; `.csv` through the csv crate, in UTF-8 (with or
//! without a byte-order mark) or GB18030, which older systems export (detected, or
//! chosen with `--encoding`; see [`super::csv_file`]).

use super::csv_file::{csv_rows, decode_csv, Encoding};
use super::hidden_rows::hidden_rows;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date (a serial number of days since 1899-12-30, with a date format).
    Date(f64),
    Bool(bool),
    /// `#N/A`, `#VALUE!`, …
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way it would be shown (a whole number without `.0`).
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) | Cell::Date(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as a person writes it: `2000`, `0.25`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n}");
        s
    }
}

/// One row, with its number in the sheet (1-based, as the spreadsheet shows it).
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    /// Cells from column A (index 0).
    pub cells: Vec<Cell>,
}

/// One sheet of one file.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: PathBuf,
    /// The sheet's name; for a CSV file, the file's name.
    pub sheet: String,
    pub rows: Vec<Row>,
    /// The workbook counts dates from 1904 (older Mac Excel): a serial typed in a
    /// date column without a date format is 1,462 days later than it reads.
    pub epoch_1904: bool,
    /// The sheet is hidden in its workbook (staff hide a sheet of withdrawn rows).
    pub hidden: bool,
    /// The rows hidden in the sheet (1-based; `.xlsx` only, see [`hidden_rows`]).
    pub hidden_rows: BTreeSet<usize>,
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads every sheet of `path` (or only `sheet`). CSV files have one sheet.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
) -> Result<Vec<Table>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = decode_csv(&bytes, encoding)?;
            Ok(vec![Table {
                file: path.to_path_buf(),
                sheet: name,
                rows: csv_rows(&text)?,
                epoch_1904: false,
                hidden: false,
                hidden_rows: BTreeSet::new(),
            }])
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => workbook(path, bytes, sheet),
        _ => Err(format!(
            "`.{ext}` is not a spreadsheet gongshi reads: save it as .xlsx, .xls, .ods or .csv"
        )),
    }
}

fn workbook(path: &Path, bytes: Vec<u8>, only: Option<&str>) -> Result<Vec<Table>, String> {
    use calamine::Reader;
    let mut hidden_rows = hidden_rows(std::io::Cursor::new(&bytes));
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            format!(
                "cannot open as a spreadsheet ({e}); is it damaged, or protected by a password?"
            )
        })?;
    let names = book.sheet_names();
    let hidden: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    // A workbook saved with Excel's 1904 date system (older Mac Excel) counts its
    // dates from 1904-01-01: the same day has a serial 1,462 smaller.
    let epoch_1904 = match &book {
        calamine::Sheets::Xlsx(x) => x.has_1904_epoch(),
        calamine::Sheets::Xls(x) => x.has_1904_epoch(),
        calamine::Sheets::Xlsb(x) => x.has_1904_epoch(),
        calamine::Sheets::Ods(_) => false,
    };
    if let Some(want) = only {
        if !names.iter().any(|n| n == want) {
            return Err(format!(
                "there is no sheet `{want}`; the sheets are: {}",
                names.join(", ")
            ));
        }
    }
    let mut tables = Vec::new();
    for name in names
        .iter()
        .filter(|n| only.is_none_or(|w| w == n.as_str()))
    {
        if let calamine::Sheets::Xlsx(xlsx) = &mut book {
            let mut rows = xlsx_rows(xlsx, name, epoch_1904)?;
            let merged = xlsx
                .merge_cells_by_sheet_name(name)
                .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
            fill_merged(&mut rows, &merged);
            tables.push(Table {
                file: path.to_path_buf(),
                sheet: name.clone(),
                rows,
                epoch_1904,
                hidden: hidden.contains(name),
                hidden_rows: hidden_rows.remove(name).unwrap_or_default(),
            });
            continue;
        }
        // (An .xls file's merges were read with it: the one error is a sheet not
        // found, which `worksheet_range` below reports. An .ods file's are not read.)
        let merged = match &book {
            calamine::Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let range = book
            .worksheet_range(name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row: Vec<Cell> = vec![Cell::Empty; left as usize];
                row.extend(cells.iter().map(|c| cell(c, epoch_1904)));
                Row {
                    number: top as usize + i + 1,
                    cells: row,
                }
            })
            .filter(|r| !r.cells.iter().all(Cell::is_empty))
            .collect();
        fill_merged(&mut rows, &merged);
        tables.push(Table {
            file: path.to_path_buf(),
            sheet: name.clone(),
            rows,
            epoch_1904,
            hidden: hidden.contains(name),
            hidden_rows: BTreeSet::new(),
        });
    }
    Ok(tables)
}

/// Cells merged down several rows (处罚机关 written once beside a block of records), as
/// Excel shows them: the value in its column on every row of the block that has cells
/// of its own. A merge's other columns stay empty, as Excel shows the value once
/// across them; a merge within one row (a title) is left as it is. `rows` are in row
/// order.
fn fill_merged(rows: &mut [Row], merged: &[calamine::Dimensions]) {
    for m in merged.iter().filter(|m| m.end.0 > m.start.0) {
        let (top, bottom, column) = (
            m.start.0 as usize + 1,
            m.end.0 as usize + 1,
            m.start.1 as usize,
        );
        let first = rows.partition_point(|r| r.number < top);
        let Some(value) = rows
            .get(first)
            .filter(|r| r.number == top)
            .and_then(|r| r.cells.get(column))
            .filter(|c| !c.is_empty())
            .cloned()
        else {
            continue;
        };
        let end = rows.partition_point(|r| r.number <= bottom);
        for row in &mut rows[first + 1..end] {
            if row.cells.len() <= column {
                row.cells.resize(column + 1, Cell::Empty);
            }
            if row.cells[column].is_empty() {
                row.cells[column] = value.clone();
            }
        }
    }
}

/// Excel's own limits (rows, columns): a cell beyond them is not one of a real sheet.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;

/// Days from 1899-12-30 (the 1900 system's day 0) to 1904-01-01 (the 1904 system's).
pub const DAYS_1900_TO_1904: f64 = 1462.0;

/// The rows of an `.xlsx` sheet, read cell by cell: calamine's `worksheet_range` makes
/// a grid from the first cell to the last, so one stray cell at XFD1048576 (or a
/// damaged reference) asked for gigabytes, or made it panic.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    epoch_1904: bool,
) -> Result<Vec<Row>, String> {
    let unreadable = |e: calamine::XlsxError| format!("cannot read sheet `{name}`: {e}");
    let mut reader = book.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> = Default::default();
    while let Some((c, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
        let (row, column) = c.get_position();
        if row >= EXCEL_ROWS || column >= EXCEL_COLUMNS {
            return Err(format!(
                "sheet `{name}` has a cell beyond the last row or column Excel allows (row {}, column {}): the file is damaged; open it in Excel or WPS and save it again",
                u64::from(row) + 1,
                u64::from(column) + 1
            ));
        }
        let mut value = cell(&calamine::Data::from(c.get_value().clone()), epoch_1904);
        if let Cell::Number(n) = value {
            let format = reader
                .styles()
                .get(style)
                .and_then(|s| s.number_format.as_ref());
            if let Some(shown) = format.and_then(|f| zero_padded(&f.format_code, n)) {
                value = Cell::Text(shown);
            }
        }
        if value != Cell::Empty {
            rows.entry(row).or_default().push((column, value));
        }
    }
    Ok(rows
        .into_iter()
        .filter(|(_, cells)| !cells.iter().all(|(_, v)| v.is_empty()))
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut out = vec![Cell::Empty; width];
            for (c, value) in cells {
                out[c as usize] = value;
            }
            Row {
                number: row as usize + 1,
                cells: out,
            }
        })
        .collect())
}

/// A whole number in a cell formatted `000000` (a code kept as a number, shown with
/// its leading zeros), as Excel shows it.
fn zero_padded(format_code: &str, n: f64) -> Option<String> {
    // The format for positive numbers (before `;`), without `[Red]` or `[$-804]`.
    let positive = format_code.split(';').next().unwrap_or("");
    let mut digits = String::new();
    let mut in_brackets = false;
    for c in positive.chars() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            c if !in_brackets => digits.push(c),
            _ => {}
        }
    }
    let width = digits.len();
    let zeros = width >= 2 && digits.bytes().all(|b| b == b'0');
    (zeros && n >= 0.0 && n.fract() == 0.0 && n < 1e15).then(|| format!("{:0width$}", n as u64))
}

fn cell(data: &calamine::Data, epoch_1904: bool) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() && epoch_1904 => {
            Cell::Date(d.as_f64() + DAYS_1900_TO_1904)
        }
        Data::DateTime(d) if d.is_datetime() => Cell::Date(d.as_f64()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stray cell at Excel's last row and column (found by an audit: calamine's
    /// grid from A1 to it took 21 GB) is read as one more row.
    #[test]
    fn a_far_away_cell_is_one_more_row_not_a_grid() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "行政处罚决定书文号").unwrap();
        ws.write_string(1, 0, "罚1号").unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("far.xlsx");
        std::fs::write(&path, book.save_to_buffer().unwrap()).unwrap();
        let tables = read(&path, None, None).unwrap();
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells, vec![Cell::Text("罚1号".into())]);
        assert_eq!(rows[2].number, 1_048_576);
        assert_eq!(rows[2].cells.len(), 16_384);
        // A damaged reference beyond Excel's limits is refused, not allocated.
        let xml = |cell: &str| {
            format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#
            )
        };
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "x").unwrap();
        let good = book.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                bytes = xml("ZZZZZZ99999999").into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, &bytes).unwrap();
        }
        let damaged = dir.path().join("damaged.xlsx");
        std::fs::write(&damaged, out.finish().unwrap().into_inner()).unwrap();
        let err = read(&damaged, None, None).unwrap_err();
        assert!(err.contains("beyond the last row or column"), "{err}");
    }

    /// A workbook of older Mac Excel counts dates from 1904 (found by an audit: a
    /// penalty of 2026-03-02 was imported as of 2022-03-01); and a licence number kept
    /// as a number formatted `000000000000` is what Excel shows, with its zeros.
    #[test]
    fn dates_of_the_1904_system_and_codes_formatted_with_leading_zeros() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        let zeros = rust_xlsxwriter::Format::new().set_num_format("000000000000");
        let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        ws.write_string(0, 0, "许可编号").unwrap();
        ws.write_string(0, 1, "许可决定日期").unwrap();
        ws.write_number_with_format(1, 0, 123.0, &zeros).unwrap();
        ws.write_number_with_format(1, 1, 44_621.0, &day).unwrap();
        ws.write_number(2, 0, 123.0).unwrap();
        let saved = book.save_to_buffer().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(saved)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut f, &mut text).unwrap();
            if name == "xl/workbook.xml" {
                assert!(text.contains("<workbookPr "), "{text}");
                text = text.replace("<workbookPr ", r#"<workbookPr date1904="1" "#);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
        }
        let path = dir.path().join("mac.xlsx");
        std::fs::write(&path, out.finish().unwrap().into_inner()).unwrap();
        let rows = &read(&path, None, None).unwrap()[0].rows;
        // 2026-03-02 is 44,621 days after 1904-01-01 and 46,083 after 1899-12-30.
        assert_eq!(rows[1].cells[1], Cell::Date(46_083.0));
        assert_eq!(rows[1].cells[0], Cell::Text("000000000123".into()));
        assert_eq!(rows[2].cells[0], Cell::Number(123.0), "no format, no zeros");
        for format in ["000000", "000000;[Red]-000000", "[$-804]000000"] {
            assert_eq!(
                zero_padded(format, 123.0).as_deref(),
                Some("000123"),
                "{format}"
            );
        }
        for format in ["0", "0.00", "#,##0", "yyyy-mm-dd", "\"NO.\"000000"] {
            assert_eq!(zero_padded(format, 123.0), None, "{format}");
        }
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn csv_in_either_encoding_with_row_numbers() {
        // A cell on two lines is one row, as a spreadsheet shows it (an acceptance
        // tester's row 3 was reported as line 5).
        let text = "名称,代码\r\n\r\n甲,'=1\r\n\"乙\n丙\",2\r\n\"丁\r\n戊\r\n己\",3\r\n庚,4\r\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        for bytes in [
            text.as_bytes().to_vec(),
            gb.into_owned(),
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ] {
            let t = decode_csv(&bytes, None).unwrap();
            let rows = csv_rows(&t).unwrap();
            assert_eq!(rows.len(), 5);
            assert_eq!(rows[1].number, 3, "the blank line counts");
            assert_eq!(rows[1].cells[1], Cell::Text("=1".into()));
            assert_eq!(rows[2].number, 4);
            assert_eq!(rows[3].number, 5, "a cell on two lines is one row");
            assert_eq!(rows[4].number, 6, "a cell on three lines is one row");
        }
        assert!(decode_csv(b"\xff\xfe\xfd", Some(Encoding::Utf8)).is_err());
    }
}
