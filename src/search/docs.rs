//! The documents of the search index: one per public enterprise and Markdown page,
//! and those each kind contributes (see [`crate::kinds::Kind::docs`]), in ranking
//! order.

use crate::assemble::SiteModel;
use crate::kinds::{Facets, SearchKind, REGISTRY};
use crate::model::Day;
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;

/// A kind of search document: its key and label in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocKind {
    pub key: &'static str,
    pub label: &'static str,
}

const ENTITY: DocKind = DocKind {
    key: "entity",
    label: "企业",
};
const PAGE: DocKind = DocKind {
    key: "page",
    label: "公告页面",
};

/// Where Markdown pages rank among the kinds' documents (see [`SearchKind::rank`]).
const PAGE_RANK: u8 = 5;

/// Every kind of document, in ranking order: enterprises first, then the kinds'
/// documents and the pages by rank. A document's `k` is its kind's position here (and
/// in the manifest's `kinds`).
pub fn doc_kinds() -> Vec<DocKind> {
    let mut ranked: Vec<_> = REGISTRY.iter().map(|k| k.search()).collect();
    ranked.push(SearchKind {
        key: PAGE.key,
        label: PAGE.label,
        rank: PAGE_RANK,
    });
    ranked.sort_by_key(|s| s.rank);
    let mut kinds = vec![ENTITY];
    kinds.extend(ranked.into_iter().map(|s| DocKind {
        key: s.key,
        label: s.label,
    }));
    kinds
}

/// One search result as the browser shows it. Short keys keep shards small.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    /// Position of its kind in [`doc_kinds`].
    #[serde(rename = "k")]
    pub kind: usize,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "s", skip_serializing_if = "String::is_empty")]
    pub subtitle: String,
    /// The URL path including the base path (`/xyjt/entities/…/`) as the kinds give
    /// it; [`collect_docs`] makes it what the index holds: the path below the site
    /// root, or nothing for an enterprise whose page is `entities/<code>/`.
    #[serde(rename = "u", skip_serializing_if = "String::is_empty")]
    pub link: String,
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
    /// Characters in the title, for ranking (set by [`collect_docs`]).
    #[serde(skip)]
    title_chars: u32,
}

impl Doc {
    /// A document titled `title` at `url` (a URL path with the base path); the kind is
    /// set by whoever collects it.
    pub fn new(title: String, url: String) -> Doc {
        Doc {
            kind: 0,
            title,
            subtitle: String::new(),
            link: url,
            code: String::new(),
            badge: String::new(),
            grade: String::new(),
            sector: String::new(),
            year: String::new(),
            text: String::new(),
            codes: Vec::new(),
            title_chars: 0,
        }
    }
}

/// The enterprise's document: its name and code, its newest grade as badge and facet,
/// and the latest year of its records.
fn entity_doc(model: &SiteModel, e: &crate::assemble::Entity) -> Doc {
    let mut d = Doc::new(e.name.clone(), model.url_of(&urls::entity(&e.uscc)));
    d.code = e.uscc.clone();
    d.codes.push(e.uscc.clone());
    let mut year: Option<Day> = None;
    let mut grade: Option<(Day, &str, &str)> = None;
    for &(kind, index) in &e.links {
        let Facets { year: y, grade: g } = REGISTRY[kind].facets(model.dataset(kind), index);
        year = year.max(y);
        // The newest grade; of two on the same day, the later one.
        if let Some(g) = g {
            if grade.is_none_or(|best| g.0 >= best.0) {
                grade = Some(g);
            }
        }
    }
    if let Some((_, code, sector)) = grade {
        d.badge = code.to_string();
        d.grade = code.to_string();
        d.sector = sector.to_string();
    }
    d.year = year.map(|y| y.year().to_string()).unwrap_or_default();
    d.subtitle = e.held_summary();
    d
}

/// Every public record as a document, numbered in ranking order: by kind, then
/// shorter titles first (so an exact name outranks longer names containing it).
pub fn collect_docs(model: &SiteModel) -> Vec<Doc> {
    let site = &model.site;
    let kinds = doc_kinds();
    let position = |key: &str| kinds.iter().position(|k| k.key == key).unwrap_or(0);
    // The kinds' documents first, so that the list of all is made at its exact size
    // (a list that grows by doubling holds up to twice what it needs).
    let mut records = Vec::new();
    for (id, kind) in REGISTRY.iter().enumerate() {
        let from = records.len();
        kind.docs(model, model.dataset(id), &mut records);
        let k = position(kind.search().key);
        records[from..].iter_mut().for_each(|d| d.kind = k);
    }
    let mut docs = Vec::with_capacity(model.entities.len() + records.len() + site.pages.len());
    docs.extend(model.entities.iter().map(|e| entity_doc(model, e)));
    docs.append(&mut records);
    drop(records);
    let page_kind = position(PAGE.key);
    for p in &site.pages {
        let mut d = Doc::new(p.front.title.clone(), model.url_of(&p.path));
        d.kind = page_kind;
        d.subtitle = p.front.summary.clone();
        d.year = p
            .front
            .date
            .map(|x| x.year().to_string())
            .unwrap_or_default();
        d.text = p.body.clone();
        docs.push(d);
    }
    // In place, without a copy of every title and URL as sort keys (1.4 million at
    // province scale); the whole document breaks ties, so the order is always the same.
    docs.par_iter_mut()
        .for_each(|d| d.title_chars = d.title.chars().count() as u32);
    let key = |d: &Doc| (d.kind, d.title_chars);
    docs.par_sort_unstable_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| (&a.title, &a.link, &a.subtitle).cmp(&(&b.title, &b.link, &b.subtitle)))
            .then_with(|| (&a.code, &a.badge, &a.text).cmp(&(&b.code, &b.badge, &b.text)))
            .then_with(|| (&a.grade, &a.sector, &a.year).cmp(&(&b.grade, &b.sector, &b.year)))
            .then_with(|| a.codes.cmp(&b.codes))
    });
    let base = &site.config.base_path;
    for d in &mut docs {
        let below = d.link.strip_prefix(base.as_str()).unwrap_or(&d.link);
        let implied = d.kind == 0 && below == urls::entity(&d.code);
        d.link = match (implied, below) {
            (true, _) => String::new(),
            (false, "") => "./".to_string(),
            (false, below) => below.to_string(),
        };
    }
    docs
}
