//! Machine-readable outputs: `/data/` exports (JSON and CSV per kind), `sitemap.xml`,
//! `feed.xml` (Atom) and `build-info.json`. Only public records reach them.

mod feed;
mod xlsx;

pub use feed::{feed_xml, robots_txt, sitemap_files, FeedEntry};
pub use xlsx::TemplateColumn;

use crate::assemble::SiteModel;
use crate::kinds::REGISTRY;
use crate::sink::Sink;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io;

/// One exported field: JSON key, CSV header (双公示 name), value.
pub type Field = (&'static str, &'static str, String);

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) gets a leading `'`, so that it is shown as the text it is
/// (OWASP "CSV injection"). A number such as `-0.5` stays a number.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().map_or(true, |_| !cell.starts_with('-')) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// UTF-8 with BOM and CRLF line ends, so Excel opens the Chinese headers correctly;
/// every cell neutralised against formula injection.
pub fn to_csv(rows: &[Vec<Field>]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rows.len() * 300 + 256);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut line = |cells: &mut dyn Iterator<Item = &str>| -> csv::Result<()> {
        for cell in cells {
            w.write_field(neutralise_formula(cell).as_bytes())?;
        }
        // An empty record after the fields ends the line.
        w.write_record(std::iter::empty::<&[u8]>())
    };
    if let Some(first) = rows.first() {
        line(&mut first.iter().map(|f| f.1))?;
    }
    for row in rows {
        line(&mut row.iter().map(|f| f.2.as_str()))?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// A JSON array of objects, one per row, one row per line.
pub fn to_json(rows: &[Vec<Field>]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rows.len() * 400 + 4);
    out.extend_from_slice(b"[\n");
    for (i, row) in rows.iter().enumerate() {
        out.push(b'{');
        for (j, (key, _, value)) in row.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, key)?;
            out.push(b':');
            serde_json::to_writer(&mut out, value)?;
        }
        out.extend_from_slice(if i + 1 < rows.len() { b"},\n" } else { b"}\n" });
    }
    out.extend_from_slice(b"]\n");
    Ok(out)
}

/// Which kinds' dataset exports to write, by registry position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datasets(pub Vec<bool>);

impl Datasets {
    pub fn all() -> Datasets {
        Datasets(vec![true; REGISTRY.len()])
    }
}

/// The chosen kinds' `/data/<key>.json`, `.csv` and `.xlsx`.
pub fn write_datasets(model: &SiteModel, sink: &dyn Sink, which: &Datasets) -> io::Result<()> {
    REGISTRY
        .par_iter()
        .enumerate()
        .filter(|(id, _)| which.0.get(*id).copied().unwrap_or(false))
        .try_for_each(|(id, kind)| {
            let rows = kind.export_rows(model, model.dataset(id));
            let name = kind.key();
            let ((json, csv), book) = rayon::join(
                || rayon::join(|| to_json(&rows), || to_csv(&rows)),
                || xlsx::to_xlsx(&rows, kind.xlsx_template(), kind.title()),
            );
            sink.put(&format!("data/{name}.json"), &json?)?;
            // The CSV first: the guard reads its cells, which the .xlsx holds too.
            sink.put(&format!("data/{name}.csv"), &csv?)?;
            sink.put_derived(&format!("data/{name}.xlsx"), &book?)
        })
}

/// `build-info.json`: what was built, as of when, with which counts. No wall-clock time.
pub fn build_info(model: &SiteModel, pages: usize) -> io::Result<Vec<u8>> {
    let site = &model.site;
    let withheld: Map<String, Value> = site
        .withheld
        .iter()
        .map(|(reason, n)| (reason.key().to_string(), Value::from(*n)))
        .collect();
    let info = serde_json::json!({
        "tool": "gongshi",
        "version": env!("CARGO_PKG_VERSION"),
        "as_of": site.as_of.to_string(),
        "base_url": site.config.base_url,
        "rules": site.profile.key(),
        "rules_setting": site.config.rules.key(),
        "next_change": site.next_change.map(|d| d.to_string()),
        "published": site.published(),
        "entities": model.entities.len(),
        "withheld": withheld,
        "pages": pages,
    });
    let mut bytes = serde_json::to_vec_pretty(&info)?;
    bytes.push(b'\n');
    Ok(bytes)
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
        let csv = String::from_utf8(to_csv(&rows).unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv, "\u{feff}名称,金额\r\n\"x,\"\"y\"\"\",'=1+1\r\n");
    }

    #[test]
    fn every_formula_start_is_neutralised_and_numbers_stay_numbers() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+86 1",
            "-1+1",
            "-cmd",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralise_formula(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-0.5", "-12", "3", "钢城", "a=b", ""] {
            assert_eq!(neutralise_formula(safe), safe, "{safe:?}");
        }
    }
}
