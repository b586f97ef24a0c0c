//! Views of single records: an enterprise's credit file, a penalty, a licence.

use super::{
    fmt_score, fmt_wan, grade_label, href, licence_row, penalty_row, LicenceRow, PenaltyRow,
};
use crate::assemble::{Entity, SiteModel};
use crate::model::PartyType;
use crate::publish::{PublicLicence, PublicPenalty};
use crate::urls;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct EntityGradeRow {
    pub batch_title: String,
    pub batch_href: String,
    pub scale: String,
    pub grade: String,
    pub grade_label: String,
    pub score: String,
    pub period: String,
    pub published: String,
    pub expired: bool,
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

/// 一企一档: one enterprise, every public record.
#[derive(Debug, Serialize)]
pub struct EntityView {
    pub uscc: String,
    pub name: String,
    pub grades: Vec<EntityGradeRow>,
    pub lists: Vec<EntityListRow>,
    pub penalties: Vec<PenaltyRow>,
    pub licences: Vec<LicenceRow>,
}

pub fn entity_view(model: &SiteModel, e: &Entity) -> EntityView {
    let site = &model.site;
    let mut grades: Vec<EntityGradeRow> = e
        .grades
        .iter()
        .map(|&(bi, ri)| {
            let b = &site.batches[bi];
            let r = &b.records[ri];
            let scale = site.config.scales.get(&b.header.scale);
            EntityGradeRow {
                batch_title: b.header.title.clone(),
                batch_href: href(&urls::batch(&b.slug)),
                scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
                grade: r.grade.clone(),
                grade_label: grade_label(scale, &r.grade),
                score: fmt_score(r.score),
                period: b.header.period.0.clone(),
                published: b.header.published.to_string(),
                expired: b.expired,
            }
        })
        .collect();
    grades.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.batch_title.cmp(&b.batch_title))
    });
    let lists = e
        .list_entries
        .iter()
        .map(|&(li, ei)| {
            let l = &site.lists[li];
            EntityListRow {
                list_title: l.header.title.clone(),
                list_href: href(&urls::list(&l.slug)),
                kind: l.header.kind.key().into(),
                kind_label: l.header.kind.label().into(),
                reason: l.entries[ei].reason.clone(),
                published: l.header.published.to_string(),
                document_no: l.header.document_no.clone(),
            }
        })
        .collect();
    EntityView {
        uscc: e.uscc.clone(),
        name: e.name.clone(),
        grades,
        lists,
        penalties: e
            .penalties
            .iter()
            .map(|&i| penalty_row(model, &site.penalties[i]))
            .collect(),
        licences: e
            .licences
            .iter()
            .map(|&i| licence_row(model, &site.licences[i]))
            .collect(),
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
        party_href: model
            .entity_of(r.uscc.as_deref())
            .map(|e| href(&urls::entity(&e.uscc))),
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
        publish_until: p.leaves.to_string(),
        authority: r.authority.clone(),
        authority_uscc: r.authority_uscc.clone(),
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
        party: r.party.clone(),
        party_type: r.party_type.label().into(),
        is_person,
        uscc: r.uscc.clone().unwrap_or_default(),
        party_href: model
            .entity_of(r.uscc.as_deref())
            .map(|e| href(&urls::entity(&e.uscc))),
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
        status: r.status.label().into(),
        status_key: format!("{:?}", r.status).to_lowercase(),
    }
}
