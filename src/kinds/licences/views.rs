//! What the public sees of a licence: listing rows, the record page, export columns
//! (the 双公示 names), search documents, feed entries; and the checks of a file.

use super::record::{Licence, LicenceStatus, LICENCE_CATEGORIES};
use super::PublicLicence;
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::{
    check_code, check_party, item_ranges, party_href, require_text, warn_private_text,
};
use crate::kinds::CheckCx;
use crate::load::{Item, SourceText};
use crate::model::PartyType;
use crate::search::Doc;
use crate::urls;
use crate::views::href;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LicenceRow {
    pub href: String,
    pub decision_no: String,
    pub document_name: String,
    pub party: String,
    pub party_href: Option<String>,
    pub content: String,
    pub decided: String,
    pub status: String,
    pub status_key: String,
}

pub fn licence_row(model: &SiteModel, l: &PublicLicence) -> LicenceRow {
    let r = &l.record;
    LicenceRow {
        href: href(&urls::licence(&l.id)),
        decision_no: r.decision_no.clone(),
        document_name: r.document_name.clone(),
        party: licensee(model, r),
        party_href: party_href(model, r.uscc.as_deref()),
        content: r.content.clone(),
        decided: r.decided.to_string(),
        status: l.status.label().into(),
        status_key: l.status.key().into(),
    }
}

/// Every 双公示 field of a 行政许可 record.
#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub decision_no: String,
    pub document_name: String,
    pub party: String,
    pub party_type: String,
    pub is_person: bool,
    pub uscc: String,
    pub party_href: Option<String>,
    pub legal_rep: String,
    pub category: String,
    pub certificate: String,
    pub licence_no: String,
    pub content: String,
    pub decided: String,
    pub valid_from: String,
    pub valid_to: String,
    pub authority: String,
    pub authority_uscc: String,
    pub status: String,
    pub status_key: String,
}
pub fn licence_view(model: &SiteModel, l: &PublicLicence) -> LicenceView {
    let r = &l.record;
    let is_person = r.party_type == PartyType::Person;
    LicenceView {
        decision_no: r.decision_no.clone(),
        document_name: r.document_name.clone(),
        party: licensee(model, r),
        party_type: r.party_type.label().into(),
        is_person,
        uscc: r.uscc.clone().unwrap_or_default(),
        party_href: party_href(model, r.uscc.as_deref()),
        legal_rep: if is_person {
            String::new()
        } else {
            r.legal_rep.clone().unwrap_or_default()
        },
        category: r.category.clone(),
        certificate: r.certificate.clone(),
        licence_no: r.licence_no.clone(),
        content: r.content.clone(),
        decided: r.decided.to_string(),
        valid_from: r.valid_from.map(|d| d.to_string()).unwrap_or_default(),
        valid_to: r
            .valid_to
            .map(|d| {
                if d.is_indefinite() {
                    "长期".to_string()
                } else {
                    d.to_string()
                }
            })
            .unwrap_or_default(),
        authority: r.authority.clone(),
        authority_uscc: r.authority_uscc.clone(),
        status: l.status.label().into(),
        status_key: l.status.key().into(),
    }
}

pub fn export_rows<'a>(
    model: &'a SiteModel,
    licences: &'a [PublicLicence],
) -> impl Iterator<Item = Vec<Field>> + 'a {
    licences.iter().map(move |l| {
        let r = &l.record;
        vec![
            ("party", "行政相对人名称", r.party.clone()),
            (
                "party_type",
                "行政相对人类别",
                r.party_type.label().to_string(),
            ),
            (
                "uscc",
                "统一社会信用代码",
                r.uscc.clone().unwrap_or_default(),
            ),
            (
                "legal_rep",
                "法定代表人",
                r.legal_rep
                    .clone()
                    .filter(|_| r.uscc.is_some())
                    .unwrap_or_default(),
            ),
            (
                "document_name",
                "行政许可决定文书名称",
                r.document_name.clone(),
            ),
            ("decision_no", "行政许可决定文书号", r.decision_no.clone()),
            ("category", "许可类别", r.category.clone()),
            ("certificate", "许可证书名称", r.certificate.clone()),
            ("licence_no", "许可编号", r.licence_no.clone()),
            ("content", "许可内容", r.content.clone()),
            ("decided", "许可决定日期", r.decided.to_string()),
            (
                "valid_from",
                "有效期自",
                r.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            ),
            (
                "valid_to",
                "有效期至",
                r.valid_to.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("authority", "许可机关", r.authority.clone()),
            (
                "authority_uscc",
                "许可机关统一社会信用代码",
                r.authority_uscc.clone(),
            ),
            ("status", "当前状态", l.status.label().to_string()),
            ("source", "数据来源", r.authority.clone()),
            (
                "source_uscc",
                "数据来源单位统一社会信用代码",
                r.authority_uscc.clone(),
            ),
            ("url", "链接", model.url_of(&urls::licence(&l.id))),
            (
                "online",
                "上网公示日期",
                r.online.map(|d| d.to_string()).unwrap_or_default(),
            ),
        ]
    })
}

/// One search document per public licence: found by party, decision and licence
/// number and content.
pub fn docs(model: &SiteModel, licences: &[PublicLicence], out: &mut Vec<Doc>) {
    for l in licences {
        let r = &l.record;
        let mut d = Doc::new(licensee(model, r), model.url_of(&urls::licence(&l.id)));
        d.code = r.decision_no.clone();
        d.codes.push(r.decision_no.clone());
        if !r.licence_no.is_empty() {
            d.codes.push(r.licence_no.clone());
        }
        d.subtitle = format!("{} · {} · {}", r.decided, r.document_name, r.content);
        d.badge = l.status.label().to_string();
        d.year = r.decided.year().to_string();
        d.text = r.content.clone();
        out.push(d);
    }
}

/// Whom a licence was granted to, as shown: its party; when `party` is left out
/// (contract §7 allows it), the name on the credit file of its `uscc`, else 未载明.
fn licensee(model: &SiteModel, r: &Licence) -> String {
    if !r.party.trim().is_empty() {
        return r.party.clone();
    }
    match model.entity_of(r.uscc.as_deref()) {
        Some(e) => e.name.clone(),
        None => "未载明".to_string(),
    }
}

/// The newest 50 licences.
pub fn feed(model: &SiteModel, licences: &[PublicLicence], out: &mut Vec<FeedEntry>) {
    for l in licences.iter().take(50) {
        let r = &l.record;
        out.push(FeedEntry {
            date: r.decided,
            title: format!("行政许可：{} {}", licensee(model, r), r.decision_no),
            path: urls::licence(&l.id),
            anchor: None,
            summary: r.content.clone(),
        });
    }
}

/// Contract §7 marks neither `party` nor `uscc` as required, unlike §6; the 双公示
/// data standard asks for both, so leaving them out is a warning, not an error. A
/// licence without a `uscc` is on no credit file; one without `party_type` is an
/// organisation's, so the warning says how to keep a person's name masked.
fn check_licensee(
    src: &crate::yaml::Source<'_>,
    range: crate::yaml::LineRange,
    l: &Licence,
    diags: &mut Diagnostics,
) {
    if l.party.trim().is_empty() {
        diags.push(
            src.at(
                range,
                &["party"],
                "`party` (行政相对人名称) is left out: the licence is published without the name of whom it was granted to",
            )
            .with_hint("the 双公示 data standard asks for 行政相对人名称; add `party:`")
            .warning(),
        );
    }
    match l.uscc.as_deref() {
        None if l.party_type != PartyType::Person => diags.push(
            src.at(
                range,
                &["party_type"],
                "`uscc` (统一社会信用代码) is left out: the licence is published, but on no enterprise's credit file (一企一档)",
            )
            .with_hint("add the party's 统一社会信用代码 as `uscc:`; if the party is a natural person, write `party_type: person` so that the name is masked (contract §9)")
            .warning(),
        ),
        _ => check_party(src, range, l.party_type, l.uscc.as_deref(), diags),
    }
}

pub(super) fn check_licences(
    cx: &CheckCx<'_>,
    src: &SourceText,
    records: &[Item<Licence>],
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let ranges = item_ranges(&src, None, records);
    for (item, &range) in records.iter().zip(&ranges) {
        let l = &item.value;
        for (key, value) in [
            ("decision_no", &l.decision_no),
            ("document_name", &l.document_name),
            ("content", &l.content),
        ] {
            require_text(&src, range, key, value, diags);
        }
        // Both left out, they are the site's authority's; when site.yaml has none (an
        // error there), saying so of every such licence too would repeat that problem.
        let site_has_none = cx.config.authority.uscc.trim().is_empty();
        let relies_on_site =
            site_has_none && l.authority.trim().is_empty() && l.authority_uscc.trim().is_empty();
        if !relies_on_site {
            require_text(&src, range, "authority", &l.authority, diags);
        }
        check_licensee(&src, range, l, diags);
        let personal = l.id_number.is_some() || l.address.is_some() || l.phone.is_some();
        crate::kinds::common::check_party_said(&src, range, l.party_type, personal, diags);
        if relies_on_site {
            // Reported in site.yaml.
        } else if l.authority_uscc.trim().is_empty() {
            // Left out with another agency's name (see `Licences::resolve`).
            require_text(&src, range, "authority_uscc", &l.authority_uscc, diags);
        } else {
            check_code(&src, range, "authority_uscc", &l.authority_uscc, diags);
        }
        let person = (l.party_type == PartyType::Person).then_some(l.party.as_str());
        for (key, text) in [
            ("document_name", &l.document_name),
            ("certificate", &l.certificate),
            ("content", &l.content),
        ] {
            warn_private_text(&src, range, &[key], text, person, diags);
        }
        if !l.category.is_empty() && !LICENCE_CATEGORIES.contains(&l.category.as_str()) {
            diags.push(
                src.at(
                    range,
                    &["category"],
                    format!("`{}` is not a 许可类别", l.category),
                )
                .with_hint(format!("use: {}", LICENCE_CATEGORIES.join("、"))),
            );
        }
        // Contract §7: a warning when `valid_to` is after the as-of day (on that day
        // itself the licence is still valid and may be written either way).
        if l.status == LicenceStatus::Expired && l.valid_to.is_some_and(|to| to > cx.as_of) {
            diags.push(
                src.at(range, &["status"], format!("the licence is written `expired` but is valid until {}", l.valid_to.map(|d| d.to_string()).unwrap_or_default()))
                    .with_hint("the status shown follows the dates (有效 until valid_to): write status: valid, or correct valid_to")
                    .warning(),
            );
        }
        if let (Some(from), Some(to)) = (l.valid_from, l.valid_to) {
            if to < from {
                diags.push(src.at(range, &["valid_to"], "valid_to is before valid_from"));
            }
        }
        if let Some(online) = l.online.filter(|&d| d < l.decided) {
            diags.push(src.at(
                range,
                &["online"],
                format!("`online` {online} is before the decision ({})", l.decided),
            ));
        }
    }
}
