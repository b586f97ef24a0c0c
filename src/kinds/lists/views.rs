//! What the public sees of lists: list summaries and pages, a credit file's list
//! entries, export columns, search documents and feed entries; and the checks of a
//! list file.

use super::record::ListEntry;
use super::rules::{self, black_list_end};
use super::{ListFile, PublicList};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Field};
use crate::ident::check_uscc;
use crate::kinds::common::{
    check_header, check_party, check_party_said, item_ranges, party_href, require_text,
    warn_private_text,
};
use crate::kinds::CheckCx;
use crate::load::SourceText;
use crate::model::{Day, PartyType};
use crate::search::Doc;
use crate::urls;
use crate::views::href;
use crate::yaml::LineRange;
use serde::Serialize;
use std::collections::HashMap;

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
    /// Some entry was listed on another day than the list was published (the list
    /// page then shows each entry's date).
    pub entry_dates: bool,
    /// Some entry has its own 认定文书号.
    pub entry_documents: bool,
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
        entry_dates: l
            .entries
            .iter()
            .any(|e| e.listed_on(h) != h.published || e.valid_until.is_some()),
        entry_documents: l.entries.iter().any(|e| !e.document_no.is_empty()),
    }
}

#[derive(Debug, Serialize)]
pub struct ListEntryRow {
    name: String,
    uscc: String,
    /// The credit file, when the party has one (not a person).
    href: Option<String>,
    reason: String,
    listed: String,
    valid_until: String,
    document_no: String,
}

pub fn entry_row(model: &SiteModel, l: &PublicList, e: &ListEntry) -> ListEntryRow {
    ListEntryRow {
        name: e.name.clone(),
        uscc: e.uscc.clone().unwrap_or_default(),
        href: party_href(model, e.uscc.as_deref()),
        reason: e.reason.clone(),
        listed: e.listed_on(&l.header).to_string(),
        valid_until: e.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        document_no: e.document_no.clone(),
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
    /// 列入日期.
    pub listed: String,
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
        listed: e.listed_on(&l.header).to_string(),
        document_no: if e.document_no.is_empty() {
            l.header.document_no.clone()
        } else {
            e.document_no.clone()
        },
    }
}

pub fn export_rows<'a>(
    model: &'a SiteModel,
    lists: &'a [PublicList],
) -> impl Iterator<Item = Vec<Field>> + 'a {
    lists.iter().flat_map(move |l| {
        l.entries.iter().map(move |e| {
            vec![
                ("kind", "名单类别", l.header.kind.label().to_string()),
                ("list", "名单名称", l.header.title.clone()),
                ("name", "企业名称", e.name.clone()),
                (
                    "uscc",
                    "统一社会信用代码",
                    e.uscc.clone().unwrap_or_default(),
                ),
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
                (
                    "url",
                    "链接",
                    match &e.uscc {
                        Some(u) => model.url_of(&urls::entity(u)),
                        None => model.url_of(&urls::list(&l.slug)),
                    },
                ),
                ("party_type", "主体类别", e.party_type.label().to_string()),
                ("listed", "列入日期", e.listed_on(&l.header).to_string()),
                ("entry_document_no", "列入文书号", e.document_no.clone()),
                (
                    "entry_valid_until",
                    "列入有效期至",
                    e.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                ),
                ("list_id", "名单标识", l.slug.clone()),
            ]
        })
    })
}

/// One search document per entry: an enterprise's leads to its credit file, a
/// person's (by the name as published, never by an ID number) to the list.
pub fn docs(model: &SiteModel, lists: &[PublicList], out: &mut Vec<Doc>) {
    for l in lists {
        for e in &l.entries {
            let mut d = match &e.uscc {
                Some(uscc) => {
                    let mut d = Doc::new(e.name.clone(), model.url_of(&urls::entity(uscc)));
                    d.code = uscc.clone();
                    d
                }
                None => Doc::new(e.name.clone(), model.url_of(&urls::list(&l.slug))),
            };
            d.subtitle = format!("{} · {}", l.header.title, e.reason);
            d.badge = l.header.kind.label().to_string();
            d.year = l.header.published.year().to_string();
            out.push(d);
        }
    }
}

/// A feed entry per public list, dated by its newest entry.
pub fn feed(lists: &[PublicList], out: &mut Vec<FeedEntry>) {
    for l in lists {
        // An entry listed after the list was published (v2 `listed`) is news of its own.
        let newest = l.entries.iter().map(|e| e.listed_on(&l.header)).max();
        out.push(FeedEntry {
            date: newest.map_or(l.header.published, |d| d.max(l.header.published)),
            title: l.header.title.clone(),
            path: urls::list(&l.slug),
            anchor: None,
            summary: l.header.kind.label().to_string(),
        });
    }
}

/// One entry's time on its list, and where it is written.
#[derive(Clone, Copy)]
struct Listing {
    listed: Day,
    /// The first day it is off the list by its own dates (`None`: until removed).
    end: Option<Day>,
    range: LineRange,
}

pub(super) fn check_list(
    _cx: &CheckCx<'_>,
    src: &SourceText,
    file: &ListFile,
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let h = &file.header;
    check_header(&src, "list", &h.title, h.published, h.valid_until, diags);
    let ranges = item_ranges(&src, Some("entries"), &file.entries);
    let mut listings: HashMap<&str, Vec<Listing>> = HashMap::new();
    for (item, &range) in file.entries.iter().zip(&ranges) {
        let e = &item.value;
        require_text(&src, range, "name", &e.name, diags);
        check_party(&src, range, e.party_type, e.uscc.as_deref(), diags);
        let personal = e.id_number.is_some() || e.address.is_some() || e.phone.is_some();
        check_party_said(&src, range, e.party_type, personal, diags);
        if let Some(code) = e
            .uscc
            .as_deref()
            .filter(|_| e.party_type != PartyType::Person)
        {
            if check_uscc(code).is_ok() {
                listings.entry(code).or_default().push(Listing {
                    listed: e.listed_on(h),
                    end: rules::entry_end(h, e),
                    range,
                });
            }
        }
        let listed = e.listed_on(h);
        if e.removed.is_some_and(|r| r < listed) {
            diags.push(src.at(
                range,
                &["removed"],
                format!("removed date is before the entry was listed ({listed})"),
            ));
        }
        if e.valid_until.is_some_and(|u| u < listed) {
            diags.push(src.at(
                range,
                &["valid_until"],
                format!("valid_until is before the entry was listed ({listed})"),
            ));
        }
        if let (Some(until), Some(end)) = (e.valid_until, black_list_end(h, e)) {
            // Data contract §5: an error when later than `listed` + 3 years (the entry
            // still leaves on that day, the 3 years being up).
            if until > end {
                diags.push(
                    src.at(range, &["valid_until"], format!("valid_until {until} is more than 3 years after the entry was listed ({listed})"))
                        .with_hint(format!(
                            "严重失信主体名单 information is public for at most 3 years: the latest valid_until is {end}"
                        )),
                );
            }
        }
        let person = (e.party_type == PartyType::Person).then_some(e.name.as_str());
        warn_private_text(&src, range, &["reason"], &e.reason, person, diags);
        warn_private_text(
            &src,
            range,
            &["removed_reason"],
            &e.removed_reason,
            person,
            diags,
        );
    }
    for (code, mut times) in listings {
        times.sort_by_key(|t| (t.listed, t.range));
        for pair in times.windows(2) {
            let (before, again) = (pair[0], pair[1]);
            let day = again.listed;
            // Twice the same day is one listing written twice, whatever the dates
            // after it; else the earlier must be off the list by the later's day.
            let (message, hint) = if before.listed == day {
                (
                    format!("{code} is on this list twice: both entries listed {day}"),
                    "an entry written twice by mistake: delete one; an enterprise listed again later: write that entry's own `listed` date".to_string(),
                )
            } else if before.end.is_none_or(|end| end > day) {
                (
                    format!(
                        "{code} is on this list twice: listed {}, and again {day} while the earlier entry is still on the list",
                        before.listed
                    ),
                    format!("an enterprise listed again after it left the list: give the earlier entry its `removed` date (on or before {day}) or a `valid_until` before it; an entry written twice by mistake: delete one"),
                )
            } else {
                continue;
            };
            diags.push(src.at(again.range, &["uscc"], message).with_hint(hint));
        }
    }
}
