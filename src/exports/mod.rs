//! Machine-readable outputs: `/data/` exports (JSON and CSV per dataset), `sitemap.xml`,
//! `feed.xml` (Atom) and `build-info.json`. Only public records reach them.

mod feed;
mod records;

pub use feed::{feed_xml, sitemap_xml};

use crate::assemble::SiteModel;
use crate::sink::Sink;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io;

/// One exported field: JSON key, CSV header (双公示 name), value.
pub type Field = (&'static str, &'static str, String);

/// The rows of one dataset.
type RowsOf = fn(&SiteModel) -> Vec<Vec<Field>>;

/// Appends one CSV cell, quoted when needed (RFC 4180). A leading `=`, `+`, `@` or a
/// `-` not starting a number would be run as a formula by Excel, so it gets a `'`.
fn push_csv_cell(out: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '@'])
        || (s.starts_with('-') && !s[1..].starts_with(|c: char| c.is_ascii_digit()) && s.len() > 1);
    let quote = s.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// UTF-8 with BOM and CRLF line ends, so Excel opens the Chinese headers correctly.
pub fn to_csv(rows: &[Vec<Field>]) -> Vec<u8> {
    let mut out = String::with_capacity(rows.len() * 300 + 256);
    out.push('\u{feff}');
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    };
    if let Some(first) = rows.first() {
        line(&mut first.iter().map(|f| f.1));
    }
    for row in rows {
        line(&mut row.iter().map(|f| f.2.as_str()));
    }
    out.into_bytes()
}

/// A JSON array of objects, one per row, one row per line.
pub fn to_json(rows: &[Vec<Field>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 400 + 4);
    out.extend_from_slice(b"[\n");
    for (i, row) in rows.iter().enumerate() {
        out.push(b'{');
        for (j, (key, _, value)) in row.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            // Writing a &str into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, key);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, value);
        }
        out.extend_from_slice(if i + 1 < rows.len() { b"},\n" } else { b"}\n" });
    }
    out.extend_from_slice(b"]\n");
    out
}

/// Which dataset exports to write.
#[derive(Debug, Clone, Copy)]
pub struct Datasets {
    pub grades: bool,
    pub lists: bool,
    pub penalties: bool,
    pub licences: bool,
}

impl Datasets {
    pub const ALL: Datasets = Datasets {
        grades: true,
        lists: true,
        penalties: true,
        licences: true,
    };
}

/// Writes `/data/*.json` and `/data/*.csv`.
pub fn write_exports(model: &SiteModel, sink: &dyn Sink) -> io::Result<()> {
    write_datasets(model, sink, Datasets::ALL)
}

/// The chosen datasets' `/data/<name>.json` and `/data/<name>.csv`.
pub fn write_datasets(model: &SiteModel, sink: &dyn Sink, which: Datasets) -> io::Result<()> {
    let datasets: [(&str, bool, RowsOf); 4] = [
        ("grades", which.grades, records::grade_rows),
        ("lists", which.lists, records::list_rows),
        ("penalties", which.penalties, records::penalty_rows),
        ("licences", which.licences, records::licence_rows),
    ];
    datasets
        .par_iter()
        .filter(|(_, wanted, _)| *wanted)
        .try_for_each(|(name, _, rows_of)| {
            let rows = rows_of(model);
            let (json, csv) = rayon::join(|| to_json(&rows), || to_csv(&rows));
            sink.put(&format!("data/{name}.json"), &json)?;
            sink.put(&format!("data/{name}.csv"), &csv)
        })
}

/// `build-info.json`: what was built, as of when, with which counts. No wall-clock time.
pub fn build_info(model: &SiteModel, pages: usize) -> Vec<u8> {
    let site = &model.site;
    let withheld: Map<String, Value> = site
        .withheld
        .iter()
        .map(|(reason, n)| (format!("{reason:?}"), Value::from(*n)))
        .collect();
    let info = serde_json::json!({
        "tool": "gongshi",
        "version": env!("CARGO_PKG_VERSION"),
        "as_of": site.as_of.to_string(),
        "base_url": site.config.base_url,
        "rules": match site.config.rules { crate::config::RulesProfile::Y2026 => "2026", crate::config::RulesProfile::Y2023 => "2023" },
        "published": site.published,
        "entities": model.entities.len(),
        "withheld": withheld,
        "pages": pages,
    });
    let mut bytes = serde_json::to_vec_pretty(&info).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_bom_quotes_and_formula_guard() {
        let rows = vec![vec![
            ("a", "名称", "x,\"y\"".to_string()),
            ("b", "金额", "=1+1".to_string()),
        ]];
        let csv = String::from_utf8(to_csv(&rows)).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv, "\u{feff}名称,金额\r\n\"x,\"\"y\"\"\",'=1+1\r\n");
    }
}
