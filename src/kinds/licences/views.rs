//! What the public sees of a licence: listing rows, the record page, export columns
//! (the 双公示 names), search documents, feed entries.

use super::record::Licence;
use super::PublicLicence;
use crate::assemble::SiteModel;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::party_href;
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
