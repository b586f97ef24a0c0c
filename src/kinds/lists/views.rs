//! What the public sees of lists: list summaries and pages, a credit file's list
//! entries, export columns, search documents and feed entries; and the checks of a
//! list file.

use super::record::ListEntry;
use super::{ListFile, PublicList};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::{check_code, check_header, item_ranges, require_text};
use crate::load::SourceText;
use crate::search::Doc;
use crate::urls;
use crate::views::href;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Serialize)]
pub struct ListSummary {
    pub href: String,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub authority: String,
    pub document_no: String,
    pub basis: String,
    pub published: String,
    pub valid_until: String,
    pub count: usize,
}

pub fn list_summary(l: &PublicList) -> ListSummary {
    let h = &l.header;
    ListSummary {
        href: href(&urls::list(&l.slug)),
        kind: h.kind.key().into(),
        kind_label: h.kind.label().into(),
        title: h.title.clone(),
        authority: h.authority.clone(),
        document_no: h.document_no.clone(),
        basis: h.basis.clone(),
        published: h.published.to_string(),
        valid_until: h.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        count: l.entries.len(),
    }
}

#[derive(Debug, Serialize)]
pub struct ListEntryRow {
    name: String,
    uscc: String,
    href: String,
    reason: String,
}

pub fn entry_row(e: &ListEntry) -> ListEntryRow {
    ListEntryRow {
        name: e.name.clone(),
        uscc: e.uscc.clone(),
        href: href(&urls::entity(&e.uscc)),
        reason: e.reason.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct EntityListRow {
    pub list_title: String,
    pub list_href: String,
    pub kind: String,
    pub kind_label: String,
    pub reason: String,
    pub published: String,
    pub document_no: String,
}

pub fn entity_row(l: &PublicList, e: &ListEntry) -> EntityListRow {
    EntityListRow {
        list_title: l.header.title.clone(),
        list_href: href(&urls::list(&l.slug)),
        kind: l.header.kind.key().into(),
        kind_label: l.header.kind.label().into(),
        reason: e.reason.clone(),
        published: l.header.published.to_string(),
        document_no: l.header.document_no.clone(),
    }
}

pub fn export_rows(model: &SiteModel, lists: &[PublicList]) -> Vec<Vec<Field>> {
    let mut rows = Vec::new();
    for l in lists {
        for e in &l.entries {
            rows.push(vec![
                ("kind", "名单类别", l.header.kind.label().to_string()),
                ("list", "名单名称", l.header.title.clone()),
                ("name", "企业名称", e.name.clone()),
                ("uscc", "统一社会信用代码", e.uscc.clone()),
                ("reason", "列入原因", e.reason.clone()),
                ("basis", "认定依据", l.header.basis.clone()),
                ("authority", "认定机关", l.header.authority.clone()),
                ("document_no", "文号", l.header.document_no.clone()),
                ("published", "公布日期", l.header.published.to_string()),
                (
                    "valid_until",
                    "有效期至",
                    l.header
                        .valid_until
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                ("url", "链接", model.url_of(&urls::entity(&e.uscc))),
            ]);
        }
    }
    rows
}

/// One search document per entry, leading to the enterprise's credit file.
pub fn docs(model: &SiteModel, lists: &[PublicList], out: &mut Vec<Doc>) {
    for l in lists {
        for e in &l.entries {
            let mut d = Doc::new(e.name.clone(), model.url_of(&urls::entity(&e.uscc)));
            d.code = e.uscc.clone();
            d.subtitle = format!("{} · {}", l.header.title, e.reason);
            d.badge = l.header.kind.label().to_string();
            d.year = l.header.published.year().to_string();
            out.push(d);
        }
    }
}

pub fn feed(lists: &[PublicList], out: &mut Vec<FeedEntry>) {
    for l in lists {
        out.push(FeedEntry {
            date: l.header.published,
            title: l.header.title.clone(),
            path: urls::list(&l.slug),
            summary: l.header.kind.label().to_string(),
        });
    }
}

pub(super) fn check_list(src: &SourceText, file: &ListFile, diags: &mut Diagnostics) {
    let src = src.source();
    let h = &file.header;
    check_header(&src, "list", &h.title, h.published, h.valid_until, diags);
    let ranges = item_ranges(&src, Some("entries"), &file.entries);
    let mut seen = HashSet::new();
    for (item, &range) in file.entries.iter().zip(&ranges) {
        let e = &item.value;
        require_text(&src, range, "name", &e.name, diags);
        if check_code(&src, range, "uscc", &e.uscc, diags) && !seen.insert(e.uscc.as_str()) {
            diags.push(src.at(
                range,
                &["uscc"],
                format!("{} is on this list twice", e.uscc),
            ));
        }
        if let Some(removed) = e.removed {
            if removed < h.published {
                diags.push(src.at(
                    range,
                    &["removed"],
                    "removed date is before the list was published",
                ));
            }
        }
    }
}
