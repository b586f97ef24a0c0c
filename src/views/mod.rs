//! Views: what templates see. Plain serializable structs with display-ready strings
//! and site-relative links (templates prefix them with `root`), built from the model.
//! Templates never see domain types, so a private field cannot leak by accident.

mod detail;
mod markdown;

pub use detail::{entity_view, licence_view, penalty_view};
pub use markdown::markdown_to_html;

use crate::assemble::SiteModel;
use crate::config::GradeScale;
use crate::model::Day;
use crate::publish::{PublicBatch, PublicLicence, PublicList, PublicPenalty};
use crate::urls::{self, encode_path};
use serde::Serialize;

/// Shared by every page (tera's global context).
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub authority: String,
    pub authority_uscc: String,
    pub contact: String,
    pub as_of: String,
    pub version: String,
}

impl SiteView {
    pub fn new(model: &SiteModel) -> Self {
        let c = &model.site.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            authority: c.authority.name.clone(),
            authority_uscc: c.authority.uscc.clone(),
            contact: c.authority.contact.clone(),
            as_of: model.site.as_of.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

pub fn href(path: &str) -> String {
    encode_path(path)
}

fn fmt_amount(v: Option<f64>) -> String {
    v.map(|v| {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
    .unwrap_or_default()
}

pub fn fmt_score(v: Option<f64>) -> String {
    fmt_amount(v)
}

pub fn fmt_wan(v: Option<f64>) -> String {
    fmt_amount(v)
}

/// Links to pages of a paginated listing.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// A window of page links around the current one, with first and last.
    pub items: Vec<PagerItem>,
}

#[derive(Debug, Serialize)]
pub struct PagerItem {
    pub number: usize,
    pub href: String,
    pub current: bool,
    /// A gap (…) before this item.
    pub gap_before: bool,
}

impl Pager {
    pub fn new(base: &str, current: usize, total: usize) -> Self {
        let link = |n: usize| href(&urls::paged(base, n));
        let mut numbers: Vec<usize> = vec![1, total];
        numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        let mut items = Vec::with_capacity(numbers.len());
        let mut last = 0;
        for n in numbers {
            items.push(PagerItem {
                number: n,
                href: link(n),
                current: n == current,
                gap_before: last != 0 && n > last + 1,
            });
            last = n;
        }
        Pager {
            current,
            total,
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            items,
        }
    }
}

/// The slice of `items` shown on page `page` (1-based).
pub fn page_slice<T>(items: &[T], page: usize, per: usize) -> &[T] {
    let start = ((page - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

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
}

pub fn penalty_row(model: &SiteModel, p: &PublicPenalty) -> PenaltyRow {
    let r = &p.record;
    PenaltyRow {
        href: href(&urls::penalty(&p.id)),
        decision_no: r.decision_no.clone(),
        party: r.party.clone(),
        party_href: model
            .entity_of(r.uscc.as_deref())
            .map(|e| href(&urls::entity(&e.uscc))),
        party_type: r.party_type.label().into(),
        violation_type: r.violation_type.clone(),
        content: r.content.clone(),
        decided: r.decided.to_string(),
        severity: r.severity.label().into(),
        authority: r.authority.clone(),
    }
}

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
        party: r.party.clone(),
        party_href: model
            .entity_of(r.uscc.as_deref())
            .map(|e| href(&urls::entity(&e.uscc))),
        content: r.content.clone(),
        decided: r.decided.to_string(),
        status: r.status.label().into(),
        status_key: format!("{:?}", r.status).to_lowercase(),
    }
}

#[derive(Debug, Serialize)]
pub struct BatchSummary {
    pub href: String,
    pub title: String,
    pub scale: String,
    pub domain: String,
    pub sector: String,
    pub period: String,
    pub published: String,
    pub valid_until: String,
    pub expired: bool,
    pub document_no: String,
    pub authority: String,
    pub count: usize,
    pub distribution: Vec<GradeCount>,
}

#[derive(Debug, Serialize)]
pub struct GradeCount {
    pub code: String,
    pub label: String,
    pub count: usize,
    /// Percentage with one decimal, as text.
    pub percent: String,
    /// 0-100, for the bar width.
    pub width: u32,
}

fn scale_of<'a>(model: &'a SiteModel, b: &PublicBatch) -> Option<&'a GradeScale> {
    model.site.config.scales.get(&b.header.scale)
}

pub fn grade_label(scale: Option<&GradeScale>, code: &str) -> String {
    scale
        .and_then(|s| s.grades.iter().find(|g| g.code == code))
        .map(|g| g.label.clone())
        .unwrap_or_default()
}

pub fn batch_summary(model: &SiteModel, b: &PublicBatch) -> BatchSummary {
    let scale = scale_of(model, b);
    let total = b.records.len();
    let distribution = scale
        .map(|s| {
            s.grades
                .iter()
                .map(|g| {
                    let count = b.records.iter().filter(|r| r.grade == g.code).count();
                    let pct = if total == 0 {
                        0.0
                    } else {
                        count as f64 * 100.0 / total as f64
                    };
                    GradeCount {
                        code: g.code.clone(),
                        label: g.label.clone(),
                        count,
                        percent: format!("{pct:.1}"),
                        width: pct.round() as u32,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let h = &b.header;
    BatchSummary {
        href: href(&urls::batch(&b.slug)),
        title: h.title.clone(),
        scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
        domain: h.domain.clone(),
        sector: h.sector.clone(),
        period: h.period.0.clone(),
        published: h.published.to_string(),
        valid_until: h.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        expired: b.expired,
        document_no: h.document_no.clone(),
        authority: h.authority.clone(),
        count: total,
        distribution,
    }
}

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
pub struct PageLink {
    pub href: String,
    pub title: String,
    pub date: String,
    pub summary: String,
}

pub fn page_links(model: &SiteModel) -> Vec<PageLink> {
    let mut pages: Vec<_> = model
        .site
        .pages
        .iter()
        .filter(|p| !p.path.is_empty())
        .collect();
    pages.sort_by(|a, b| {
        a.front
            .weight
            .cmp(&b.front.weight)
            .then(b.front.date.cmp(&a.front.date))
            .then(a.path.cmp(&b.path))
    });
    pages
        .into_iter()
        .map(|p| PageLink {
            href: href(&p.path),
            title: p.front.title.clone(),
            date: p.front.date.map(|d: Day| d.to_string()).unwrap_or_default(),
            summary: p.front.summary.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_windows_with_gaps() {
        let p = Pager::new("penalties/", 5, 10);
        let numbers: Vec<usize> = p.items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 5, 6, 7, 10]);
        assert!(p.items[1].gap_before && p.items[6].gap_before && !p.items[2].gap_before);
        assert_eq!(p.prev.as_deref(), Some("penalties/page/4/"));
        assert_eq!(Pager::new("penalties/", 1, 1).next, None);
    }

    #[test]
    fn amounts_drop_trailing_zeros() {
        assert_eq!(fmt_wan(Some(0.2)), "0.2");
        assert_eq!(fmt_wan(Some(3.0)), "3");
        assert_eq!(fmt_wan(None), "");
        assert_eq!(page_slice(&[1, 2, 3, 4, 5], 2, 2), &[3, 4]);
        assert_eq!(page_slice(&[1, 2, 3], 3, 2), &[] as &[i32]);
    }
}
