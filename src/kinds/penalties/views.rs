//! What the public sees of a penalty: listing rows, the record page, export columns
//! (the 双公示 names), search documents and feed entries.

use super::record::Procedure;
use super::PublicPenalty;
use crate::assemble::SiteModel;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::party_href;
use crate::model::PartyType;
use crate::search::Doc;
use crate::urls;
use crate::views::{fmt_wan, href};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct PenaltyRow {
    pub href: String,
    pub decision_no: String,
    pub party: String,
    pub party_href: Option<String>,
    pub party_type: String,
    pub violation_type: String,
    pub content: String,
    pub decided: String,
    pub severity: String,
    pub authority: String,
    /// 异议处理中, or empty.
    pub objection: String,
}

/// The label of a record with an objection being handled.
fn objection_label(p: &PublicPenalty) -> String {
    if p.objection_pending {
        "异议处理中".to_string()
    } else {
        String::new()
    }
}

/// 异议处理中 between `open` and `close` when an objection is being handled (data
/// contract §6: wherever the record is shown), else nothing.
fn pending_suffix(p: &PublicPenalty, open: &str, close: &str) -> String {
    if p.objection_pending {
        format!("{open}{}{close}", objection_label(p))
    } else {
        String::new()
    }
}

pub fn penalty_row(model: &SiteModel, p: &PublicPenalty) -> PenaltyRow {
    let r = &p.record;
    PenaltyRow {
        href: href(&urls::penalty(&p.id)),
        decision_no: r.decision_no.clone(),
        party: r.party.clone(),
        party_href: party_href(model, r.uscc.as_deref()),
        party_type: r.party_type.label().into(),
        violation_type: r.violation_type.clone(),
        content: r.content.clone(),
        decided: r.decided.to_string(),
        severity: r.severity.label().into(),
        authority: r.authority.clone(),
        objection: objection_label(p),
    }
}

/// Every 双公示 field of a 行政处罚 record, in the order of the national standard.
#[derive(Debug, Serialize)]
pub struct PenaltyView {
    pub decision_no: String,
    pub party: String,
    pub party_type: String,
    pub is_person: bool,
    pub uscc: String,
    pub party_href: Option<String>,
    pub legal_rep: String,
    pub violation_type: String,
    pub facts: String,
    pub basis: String,
    pub categories: String,
    pub content: String,
    pub fine_wan: String,
    pub confiscated_wan: String,
    pub licence_action: String,
    pub decided: String,
    pub severity: String,
    pub publish_until: String,
    pub authority: String,
    pub authority_uscc: String,
    /// 简易程序 / 普通程序, or empty.
    pub procedure: String,
    /// 异议处理中, or empty.
    pub objection: String,
    /// 备注.
    pub note: String,
}

pub fn penalty_view(model: &SiteModel, p: &PublicPenalty) -> PenaltyView {
    let r = &p.record;
    let is_person = r.party_type == PartyType::Person;
    PenaltyView {
        decision_no: r.decision_no.clone(),
        party: r.party.clone(),
        party_type: r.party_type.label().into(),
        is_person,
        uscc: r.uscc.clone().unwrap_or_default(),
        party_href: party_href(model, r.uscc.as_deref()),
        legal_rep: if is_person {
            String::new()
        } else {
            r.legal_rep.clone().unwrap_or_default()
        },
        violation_type: r.violation_type.clone(),
        facts: r.facts.clone(),
        basis: r.basis.clone(),
        categories: r.categories.join("、"),
        content: r.content.clone(),
        fine_wan: fmt_wan(r.fine_wan),
        confiscated_wan: fmt_wan(r.confiscated_wan),
        licence_action: r.licence_action.clone(),
        decided: r.decided.to_string(),
        severity: r.severity.label().into(),
        publish_until: p.period_end.to_string(),
        authority: r.authority.clone(),
        authority_uscc: r.authority_uscc.clone(),
        procedure: procedure_label(&r.procedure).into(),
        objection: objection_label(p),
        note: r.note.clone(),
    }
}

fn procedure_label(p: &Option<Procedure>) -> &'static str {
    match p {
        Some(Procedure::Simple) => "简易程序",
        Some(Procedure::Ordinary) => "普通程序",
        None => "",
    }
}

pub fn export_rows<'a>(
    model: &'a SiteModel,
    penalties: &'a [PublicPenalty],
) -> impl Iterator<Item = Vec<Field>> + 'a {
    penalties.iter().map(move |p| {
        let r = &p.record;
        vec![
            ("decision_no", "行政处罚决定书文号", r.decision_no.clone()),
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
            ("violation_type", "违法行为类型", r.violation_type.clone()),
            ("facts", "违法事实", r.facts.clone()),
            ("basis", "处罚依据", r.basis.clone()),
            ("categories", "处罚类别", r.categories.join("、")),
            ("content", "处罚内容", r.content.clone()),
            ("fine_wan", "罚款金额（万元）", fmt_wan(r.fine_wan)),
            (
                "confiscated_wan",
                "没收违法所得、没收非法财物的金额（万元）",
                fmt_wan(r.confiscated_wan),
            ),
            (
                "licence_action",
                "暂扣或吊销证照名称及编号",
                r.licence_action.clone(),
            ),
            ("decided", "处罚决定日期", r.decided.to_string()),
            ("severity", "失信严重程度", r.severity.label().to_string()),
            ("publish_until", "公示截止期", p.period_end.to_string()),
            ("authority", "处罚机关", r.authority.clone()),
            (
                "authority_uscc",
                "处罚机关统一社会信用代码",
                r.authority_uscc.clone(),
            ),
            ("source", "数据来源", r.authority.clone()),
            (
                "source_uscc",
                "数据来源单位统一社会信用代码",
                r.authority_uscc.clone(),
            ),
            ("url", "链接", model.url_of(&urls::penalty(&p.id))),
            (
                "procedure",
                "处罚程序",
                procedure_label(&r.procedure).to_string(),
            ),
            ("objection", "异议状态", objection_label(p)),
            (
                "objection_filed",
                "异议提出日期",
                r.objection
                    .as_ref()
                    .filter(|_| p.objection_pending)
                    .map(|o| o.filed.to_string())
                    .unwrap_or_default(),
            ),
            ("domain", "重点领域", r.domain.clone().unwrap_or_default()),
            (
                "online",
                "上网公示日期",
                r.online.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("note", "备注", r.note.clone()),
        ]
    })
}

/// One search document per public penalty: found by party, decision number and
/// violation type.
pub fn docs(model: &SiteModel, penalties: &[PublicPenalty], out: &mut Vec<Doc>) {
    for p in penalties {
        let r = &p.record;
        let mut d = Doc::new(r.party.clone(), model.url_of(&urls::penalty(&p.id)));
        d.code = r.decision_no.clone();
        d.codes.push(r.decision_no.clone());
        d.subtitle = format!("{} · {} · {}", r.decided, r.violation_type, r.content);
        d.subtitle.push_str(&pending_suffix(p, " · ", ""));
        d.badge = r.severity.label().to_string();
        d.year = r.decided.year().to_string();
        d.text = r.violation_type.clone();
        out.push(d);
    }
}

/// The newest 50 penalties.
pub fn feed(penalties: &[PublicPenalty], out: &mut Vec<FeedEntry>) {
    for p in penalties.iter().take(50) {
        let r = &p.record;
        out.push(FeedEntry {
            date: r.decided,
            title: format!(
                "行政处罚：{} {}{}",
                r.party,
                r.decision_no,
                pending_suffix(p, "（", "）")
            ),
            path: urls::penalty(&p.id),
            anchor: None,
            summary: format!(
                "{}；{}{}",
                r.violation_type,
                r.content,
                pending_suffix(p, "；", "")
            ),
        });
    }
}
