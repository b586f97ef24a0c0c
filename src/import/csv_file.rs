//! CSV files: their bytes decoded (UTF-8 with or without a byte-order mark, UTF-16
//! by its mark, or GB18030, which older systems export) and their records read as
//! rows numbered as a spreadsheet numbers them.

use super::table::{Cell, Row};

/// The encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// CSV bytes as text: a UTF-8 or UTF-16 byte-order mark decides; else valid UTF-8 is
/// UTF-8 and anything else GB18030 (GBK and GB2312 are subsets); `--encoding` overrides.
pub(super) fn decode_csv(bytes: &[u8], chosen: Option<Encoding>) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if chosen.is_none() || enc == encoding_rs::UTF_8 {
            let (text, _, bad) = enc.decode(bytes);
            let _ = bom;
            return if bad {
                Err(format!("the file is not valid {}", enc.name()))
            } else {
                Ok(text.into_owned())
            };
        }
    }
    let enc = match chosen {
        Some(Encoding::Utf8) => encoding_rs::UTF_8,
        Some(Encoding::Gb18030) => encoding_rs::GB18030,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    let (text, bad) = enc.decode_without_bom_handling(bytes);
    if bad {
        return Err(format!(
            "the file is not valid {} text; if it was saved in another encoding, say which with --encoding (utf-8 or gb18030)",
            enc.name()
        ));
    }
    Ok(text.into_owned())
}

pub(super) fn csv_rows(text: &str) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let bytes = text.as_bytes();
    // (byte offset, line breaks before it) of the last record's start.
    let mut counted = (0usize, 0usize);
    // Line breaks inside quoted cells so far: a spreadsheet shows such a record as one
    // row, so rows are numbered as Excel or WPS numbers them, not as lines.
    let mut inside_cells = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a CSV file gongshi can read: {e}"))?;
        // The csv crate's line numbers lag behind blank lines and CR LF; the byte offset
        // is right, and the line is counted from it (past the line end it may point at),
        // going on from the previous record.
        let start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        let start = start
            + bytes[start..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        if start >= counted.0 {
            counted.1 += bytes[counted.0..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted.0 = start;
        }
        let number = counted.1 + 1 - inside_cells;
        inside_cells += record
            .iter()
            .map(|c| c.matches('\n').count())
            .sum::<usize>();
        let cells: Vec<Cell> = record
            .iter()
            .map(|c| {
                // A `'` that an export put before a formula-like cell is not data.
                let c = c
                    .strip_prefix('\'')
                    .filter(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r']))
                    .unwrap_or(c);
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        if !cells.iter().all(Cell::is_empty) {
            rows.push(Row { number, cells });
        }
    }
    Ok(rows)
}
