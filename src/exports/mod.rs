//! Machine-readable outputs: `/data/` exports (JSON and CSV per kind), `sitemap.xml`,
//! `feed.xml` (Atom) and `build-info.json`. Only public records reach them.

mod datasets;
mod feed;
mod xlsx;

pub use datasets::{export_paths, write_datasets, Datasets};
pub use feed::{feed_xml, robots_txt, sitemap_files, FeedEntry};
pub use xlsx::TemplateColumn;

use crate::assemble::SiteModel;
use serde_json::{Map, Value};
use std::io;

/// One exported field: JSON key, CSV header (双公示 name), value.
pub type Field = (&'static str, &'static str, String);

/// A dataset's rows, made one at a time as they are written.
pub type Rows<'a> = Box<dyn Iterator<Item = Vec<Field>> + 'a>;

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
