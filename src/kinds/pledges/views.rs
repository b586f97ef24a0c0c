//! What the public sees of a pledge: listing rows, the record page, export columns,
//! search documents and feed entries.

use super::{Group, PublicPledge, PublicPledges};
use crate::assemble::SiteModel;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::party_href;
use crate::model::PartyType;
use crate::search::Doc;
use crate::views::href;
use serde::Serialize;

fn pledge_path(id: &str) -> String {
    format!("{}{id}/", super::SECTION)
}

fn valid_until(p: &PublicPledge) -> String {
    p.record.last_valid_day().to_string()
}

#[derive(Debug, Serialize)]
pub struct PledgeRow {
    pub href: String,
    pub id: String,
    pub party: String,
    pub party_href: Option<String>,
    pub pledge_type: String,
    pub matter: String,
    pub signed: String,
    pub valid_until: String,
    pub status: String,
    pub status_key: String,
}

pub fn pledge_row(model: &SiteModel, p: &PublicPledge) -> PledgeRow {
    let r = &p.record;
    PledgeRow {
        href: href(&pledge_path(&p.key)),
        id: r.id.clone(),
        party: r.party.clone(),
        party_href: party_href(model, r.uscc.as_deref()),
        pledge_type: r.pledge_type.label().into(),
        matter: r.matter.clone(),
        signed: r.signed.to_string(),
        valid_until: valid_until(p),
        status: p.status.label().into(),
        status_key: p.status.key().into(),
    }
}

/// Every field of a public pledge.
#[derive(Debug, Serialize)]
pub struct PledgeView {
    pub id: String,
    pub party: String,
    pub party_type: String,
    pub is_person: bool,
    pub uscc: String,
    pub party_href: Option<String>,
    pub pledge_type: String,
    pub matter: String,
    pub text: String,
    /// The 承诺书, when it is published.
    pub file_href: Option<String>,
    pub signed: String,
    pub valid_until: String,
    pub authority: String,
    pub authority_uscc: String,
    pub status: String,
    pub status_key: String,
    pub fulfilment_date: String,
    pub fulfilment_note: String,
    pub severity: String,
    pub leaves: String,
}

pub fn pledge_view(model: &SiteModel, p: &PublicPledge) -> PledgeView {
    let r = &p.record;
    let f = r.fulfilment.as_ref();
    PledgeView {
        id: r.id.clone(),
        party: r.party.clone(),
        party_type: r.party_type.label().into(),
        is_person: r.party_type == PartyType::Person,
        uscc: r.uscc.clone().unwrap_or_default(),
        party_href: party_href(model, r.uscc.as_deref()),
        pledge_type: r.pledge_type.label().into(),
        matter: r.matter.clone(),
        text: r.text.clone(),
        file_href: r.file.as_deref().filter(|_| p.file_public()).map(href),
        signed: r.signed.to_string(),
        valid_until: valid_until(p),
        authority: r.authority.clone(),
        authority_uscc: r.authority_uscc.clone().unwrap_or_default(),
        status: p.status.label().into(),
        status_key: p.status.key().into(),
        fulfilment_date: f.map(|f| f.date.to_string()).unwrap_or_default(),
        fulfilment_note: f.map(|f| f.note.clone()).unwrap_or_default(),
        severity: r
            .breach()
            .map(|(_, s)| s.label().to_string())
            .unwrap_or_default(),
        leaves: p.leaves.to_string(),
    }
}

pub fn export_rows<'a>(
    model: &'a SiteModel,
    pledges: &'a [PublicPledge],
) -> impl Iterator<Item = Vec<Field>> + 'a {
    pledges.iter().map(move |p| {
        let r = &p.record;
        let f = r.fulfilment.as_ref();
        vec![
            ("id", "承诺编号", r.id.clone()),
            ("party", "承诺主体名称", r.party.clone()),
            (
                "party_type",
                "承诺主体类别",
                r.party_type.label().to_string(),
            ),
            (
                "uscc",
                "统一社会信用代码",
                r.uscc.clone().unwrap_or_default(),
            ),
            ("type", "承诺类型", r.pledge_type.label().to_string()),
            ("matter", "承诺事项", r.matter.clone()),
            ("text", "承诺内容", r.text.clone()),
            ("signed", "承诺日期", r.signed.to_string()),
            ("valid_until", "承诺有效期至", valid_until(p)),
            ("authority", "受理单位", r.authority.clone()),
            (
                "authority_uscc",
                "受理单位统一社会信用代码",
                r.authority_uscc.clone().unwrap_or_default(),
            ),
            ("status", "履约状态", p.status.label().to_string()),
            (
                "fulfilment_date",
                "履约状态日期",
                f.map(|f| f.date.to_string()).unwrap_or_default(),
            ),
            (
                "severity",
                "失信严重程度",
                r.breach()
                    .map(|(_, s)| s.label().to_string())
                    .unwrap_or_default(),
            ),
            (
                "note",
                "备注",
                f.map(|f| f.note.clone()).unwrap_or_default(),
            ),
            (
                "file",
                "承诺书",
                r.file
                    .as_deref()
                    .map(|f| model.url_of(f))
                    .unwrap_or_default(),
            ),
            ("url", "链接", model.url_of(&pledge_path(&p.key))),
        ]
    })
}

/// One search document per public pledge: found by party, pledge number and matter.
pub fn docs(model: &SiteModel, pledges: &[PublicPledge], out: &mut Vec<Doc>) {
    for p in pledges {
        let r = &p.record;
        let mut d = Doc::new(r.party.clone(), model.url_of(&pledge_path(&p.key)));
        d.code = r.id.clone();
        d.codes.push(r.id.clone());
        d.subtitle = format!("{} · {} · {}", r.signed, r.pledge_type.label(), r.matter);
        d.badge = p.status.label().to_string();
        d.year = r.signed.year().to_string();
        d.text = r.matter.clone();
        out.push(d);
    }
}

/// The 50 newest pledge disclosures: a pledge on the day it was signed, a breach (违诺)
/// on the day of the breach, which may be long after the pledge was signed (so the
/// pledges' signing order does not decide which are newest).
pub fn feed(pledges: &[PublicPledge], out: &mut Vec<FeedEntry>) {
    let news = |p: &PublicPledge| {
        let r = &p.record;
        match r.breach() {
            Some((date, _)) if p.status == super::PledgeStatus::Breached => (date, "违诺"),
            _ => (r.signed, "信用承诺"),
        }
    };
    // Newest first, then by path as the feed orders; the paths differ by key only.
    let mut newest: Vec<_> = pledges.iter().map(|p| (news(p), p)).collect();
    newest.sort_by(|((a, _), pa), ((b, _), pb)| b.cmp(a).then_with(|| pa.key.cmp(&pb.key)));
    for ((date, what), p) in newest.into_iter().take(50) {
        let r = &p.record;
        out.push(FeedEntry {
            date,
            title: format!("{what}：{} {}", r.party, r.id),
            path: pledge_path(&p.key),
            anchor: None,
            summary: format!("{}；{}", r.pledge_type.label(), r.matter),
        });
    }
}

/// The path of a pledge's page, for the kind.
pub fn path_of(p: &PublicPledge) -> String {
    pledge_path(&p.key)
}

/// The listing of one group (`type/approval/`) below `/pledges/`.
pub fn group_path(group: &str) -> String {
    format!("{}{group}/", super::SECTION)
}

/// A link to one listing of pledges, for the filter menu.
#[derive(Serialize)]
pub(super) struct Filter {
    label: String,
    href: String,
    count: usize,
    current: bool,
}

/// The filter menu of the listings: every type and every status that has pledges.
pub(super) fn filters(public: &PublicPledges, current: Option<&str>) -> (Vec<Filter>, Vec<Filter>) {
    let filter = |g: &Group| Filter {
        label: g.label.clone(),
        href: href(&group_path(&g.path)),
        count: g.members.len(),
        current: current == Some(g.path.as_str()),
    };
    let (types, statuses): (Vec<&Group>, Vec<&Group>) = public
        .groups
        .iter()
        .partition(|g| g.path.starts_with("type/"));
    (
        types.into_iter().map(filter).collect(),
        statuses.into_iter().map(filter).collect(),
    )
}
