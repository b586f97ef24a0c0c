//! The documents of the search index: one per public entity, penalty, licence, list
//! entry, grade batch and Markdown page, in ranking order.

use crate::assemble::SiteModel;
use crate::urls;
use crate::views::href;
use serde::Serialize;

/// Record kinds, in the order their documents are numbered (earlier ranks first).
pub const KINDS: [(&str, &str); 6] = [
    ("entity", "企业"),
    ("penalty", "行政处罚"),
    ("licence", "行政许可"),
    ("list", "红黑名单"),
    ("batch", "信用评价"),
    ("page", "公告页面"),
];

/// One search result as the browser shows it. Short keys keep shards small.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    /// Kind index into [`KINDS`].
    #[serde(rename = "k")]
    pub kind: usize,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "s")]
    pub subtitle: String,
    /// URL path including the base path (`/xyjt/entities/…/`).
    #[serde(rename = "u")]
    pub url: String,
    /// The record's code (USCC or decision number), shown and matched exactly.
    #[serde(rename = "c", skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// Badge: a grade code or a list kind.
    #[serde(rename = "b", skip_serializing_if = "String::is_empty")]
    pub badge: String,
    #[serde(skip)]
    pub grade: String,
    #[serde(skip)]
    pub sector: String,
    #[serde(skip)]
    pub year: String,
    /// Text whose terms are indexed (besides the title).
    #[serde(skip)]
    pub text: String,
    /// Codes looked up exactly and by prefix.
    #[serde(skip)]
    pub codes: Vec<String>,
}

fn doc(kind: usize, title: String, url: String) -> Doc {
    Doc {
        kind,
        title,
        subtitle: String::new(),
        url,
        code: String::new(),
        badge: String::new(),
        grade: String::new(),
        sector: String::new(),
        year: String::new(),
        text: String::new(),
        codes: Vec::new(),
    }
}

/// Every public record as a document, numbered in ranking order: by kind, then
/// shorter titles first (so an exact name outranks longer names containing it).
pub fn collect_docs(model: &SiteModel) -> Vec<Doc> {
    let site = &model.site;
    let url = |path: &str| format!("{}{}", site.config.base_path, href(path));
    let mut docs = Vec::new();
    for e in &model.entities {
        let mut d = doc(0, e.name.clone(), url(&urls::entity(&e.uscc)));
        d.code = e.uscc.clone();
        d.codes.push(e.uscc.clone());
        let latest = e
            .grades
            .iter()
            .map(|&(b, r)| (&site.batches[b], &site.batches[b].records[r]))
            .max_by_key(|(b, _)| b.header.published);
        if let Some((b, r)) = latest {
            d.badge = r.grade.clone();
            d.grade = r.grade.clone();
            d.sector = if b.header.sector.is_empty() {
                b.header.domain.clone()
            } else {
                b.header.sector.clone()
            };
        }
        let years = e
            .grades
            .iter()
            .map(|&(b, _)| site.batches[b].header.published)
            .chain(
                e.penalties
                    .iter()
                    .map(|&p| site.penalties[p].record.decided),
            )
            .chain(e.licences.iter().map(|&l| site.licences[l].record.decided));
        d.year = years
            .max()
            .map(|y| y.year().to_string())
            .unwrap_or_default();
        d.subtitle = format!(
            "评价 {} · 名单 {} · 处罚 {} · 许可 {}",
            e.grades.len(),
            e.list_entries.len(),
            e.penalties.len(),
            e.licences.len()
        );
        docs.push(d);
    }
    for p in &site.penalties {
        let r = &p.record;
        let mut d = doc(1, r.party.clone(), url(&urls::penalty(&p.id)));
        d.code = r.decision_no.clone();
        d.codes.push(r.decision_no.clone());
        d.subtitle = format!("{} · {} · {}", r.decided, r.violation_type, r.content);
        d.badge = r.severity.label().to_string();
        d.year = r.decided.year().to_string();
        d.text = r.violation_type.clone();
        docs.push(d);
    }
    for l in &site.licences {
        let r = &l.record;
        let mut d = doc(2, r.party.clone(), url(&urls::licence(&l.id)));
        d.code = r.decision_no.clone();
        d.codes.push(r.decision_no.clone());
        if !r.licence_no.is_empty() {
            d.codes.push(r.licence_no.clone());
        }
        d.subtitle = format!("{} · {} · {}", r.decided, r.document_name, r.content);
        d.badge = r.status.label().to_string();
        d.year = r.decided.year().to_string();
        d.text = r.content.clone();
        docs.push(d);
    }
    for l in &site.lists {
        for e in &l.entries {
            let mut d = doc(3, e.name.clone(), url(&urls::entity(&e.uscc)));
            d.code = e.uscc.clone();
            d.subtitle = format!("{} · {}", l.header.title, e.reason);
            d.badge = l.header.kind.label().to_string();
            d.year = l.header.published.year().to_string();
            docs.push(d);
        }
    }
    for b in &site.batches {
        let mut d = doc(4, b.header.title.clone(), url(&urls::batch(&b.slug)));
        d.subtitle = format!(
            "{} · {} · {}家企业",
            b.header.domain,
            b.header.period.0,
            b.records.len()
        );
        d.sector = if b.header.sector.is_empty() {
            b.header.domain.clone()
        } else {
            b.header.sector.clone()
        };
        d.year = b.header.published.year().to_string();
        d.code = b.header.document_no.clone();
        if !b.header.document_no.is_empty() {
            d.codes.push(b.header.document_no.clone());
        }
        docs.push(d);
    }
    for p in &site.pages {
        let mut d = doc(5, p.front.title.clone(), url(&p.path));
        d.subtitle = p.front.summary.clone();
        d.year = p
            .front
            .date
            .map(|x| x.year().to_string())
            .unwrap_or_default();
        d.text = p.body.clone();
        docs.push(d);
    }
    docs.sort_by_cached_key(|d| {
        (
            d.kind,
            d.title.chars().count(),
            d.title.clone(),
            d.url.clone(),
        )
    });
    docs
}
