//! 行政处罚: penalty records (data contract §6), public for the period their severity
//! allows (§8), at `/penalties/` and `/penalties/<id>/`.

mod check;
pub mod record;
pub mod rules;
mod views;

pub use record::Penalty;
pub use views::{penalty_row, PenaltyRow};

use super::common::{
    enterprise_code, index_and_record_pages, needs_index_or_record, public_name, touch_records,
};
use super::{Facets, Kind, KindPage, KindTouched, Link, SearchKind, UniqueId};
use crate::assemble::SiteModel;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Field};
use crate::hash::hex_id;
use crate::load::{decode, Item, SourceText};
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use crate::render::{base_context, insert_listing, PageContext};
use crate::search::Doc;
use crate::urls;
use crate::views::page_slice;
use rules::penalty_status;
use std::collections::HashSet;

/// The penalties kind.
pub struct Penalties;

/// A penalty on the public site.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicPenalty {
    /// Stable URL id: `/penalties/<id>/`.
    pub id: String,
    /// The record with private fields removed and a person's name masked as configured.
    pub record: Penalty,
    /// The day it leaves the site.
    pub leaves: Day,
}

/// The stable id of a decision, from its issuing authority and number.
pub fn decision_id(authority_uscc: &str, decision_no: &str) -> String {
    hex_id(&[authority_uscc.as_bytes(), decision_no.trim().as_bytes()])
}

fn scrub(mut p: Penalty, mask: bool) -> Penalty {
    p.id_number = None;
    p.address = None;
    p.phone = None;
    if p.party_type == PartyType::Person {
        p.uscc = None;
        p.party = public_name(&p.party, p.party_type, mask);
    }
    p
}

impl Kind for Penalties {
    type File = Vec<Item<Penalty>>;
    /// Newest decision first.
    type Public = Vec<PublicPenalty>;

    const KEY: &'static str = "penalties";
    const SECTIONS: &'static [&'static str] = &["penalties"];
    const SEARCH: SearchKind = SearchKind {
        key: "penalty",
        label: "行政处罚",
        rank: 1,
    };
    const SHORT: &'static str = "处罚";

    fn decode(src: &SourceText, _slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        decode::records(src, "decision_no", diags)
    }

    fn check(config: &SiteConfig, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        check::check_penalties(config, src, file, diags)
    }

    fn unique_ids(file: &Self::File) -> Vec<UniqueId<'_>> {
        file.iter()
            .map(|i| UniqueId {
                index: i.index,
                key: "decision_no",
                what: "decision number",
                scope: &i.value.authority_uscc,
                id: &i.value.decision_no,
            })
            .collect()
    }

    fn attachments(_file: &Self::File) -> Vec<&str> {
        Vec::new()
    }

    fn public_attachments(_public: &Self::Public) -> Vec<&str> {
        Vec::new()
    }

    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public {
        let mask = cx.config.mask_person_names;
        let mut out = Vec::new();
        for p in files.iter().flat_map(|f| f.iter()).map(|i| &i.value) {
            match penalty_status(cx.config.rules, p, cx.as_of) {
                Ok(leaves) => out.push(PublicPenalty {
                    id: decision_id(&p.authority_uscc, &p.decision_no),
                    record: scrub(p.clone(), mask),
                    leaves,
                }),
                Err(reason) => cx.withhold(reason, 1),
            }
        }
        out.sort_by(|a, b| {
            b.record
                .decided
                .cmp(&a.record.decided)
                .then(a.id.cmp(&b.id))
        });
        out
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        vec![("penalties", public.len())]
    }

    fn summary(public: &Self::Public) -> String {
        format!("{} penalties", public.len())
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (i, p) in public.iter().enumerate() {
            let r = &p.record;
            if let Some(uscc) = enterprise_code(&r.uscc, r.party_type) {
                link(Link {
                    uscc,
                    name: &r.party,
                    date: r.decided,
                    index: i as u32,
                });
            }
        }
    }

    fn facets(public: &Self::Public, index: u32) -> Facets<'_> {
        Facets {
            year: Some(public[index as usize].record.decided),
            grade: None,
        }
    }

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage> {
        index_and_record_pages(public.len(), paginate)
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match page {
            KindPage::Index { page } | KindPage::Group { page, .. } => {
                urls::paged(urls::PENALTIES, page as usize)
            }
            KindPage::Record(i) => urls::penalty(&public[i as usize].id),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        match page {
            KindPage::Index { page } | KindPage::Group { page, .. } => {
                let page = page as usize;
                let mut ctx = base_context(model, &path, "penalties", "行政处罚信息");
                let rows: Vec<_> = page_slice(public, page, model.site.config.paginate)
                    .iter()
                    .map(|p| penalty_row(model, p))
                    .collect();
                let total = public.len();
                insert_listing(
                    model,
                    &mut ctx,
                    ("penalties", &rows),
                    total,
                    urls::PENALTIES,
                    page,
                );
                PageContext::new("penalties.html", ctx)
            }
            KindPage::Record(i) => {
                let view = views::penalty_view(model, &public[i as usize]);
                let title = format!("行政处罚 {}", view.decision_no);
                let mut ctx = base_context(model, &path, "penalties", &title);
                ctx.insert("penalty", &view);
                PageContext::new("penalty.html", ctx)
            }
        }
    }

    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let rows: Vec<PenaltyRow> = links
            .iter()
            .map(|&i| penalty_row(model, &public[i as usize]))
            .collect();
        tera::Value::from_serializable(&rows)
    }

    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut tera::Context) {
        let latest: Vec<_> = public
            .iter()
            .take(10)
            .map(|p| penalty_row(model, p))
            .collect();
        ctx.insert("latest_penalties", &latest);
    }

    fn export_rows(model: &SiteModel, public: &Self::Public) -> Vec<Vec<Field>> {
        views::export_rows(model, public)
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, public, out)
    }

    fn feed(_model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(public, out)
    }

    fn touched(
        old: Option<&Self::File>,
        new: Option<&Self::File>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    ) {
        touch_records(
            old,
            new,
            t,
            entities,
            |r| decision_id(&r.authority_uscc, &r.decision_no),
            |r| enterprise_code(&r.uscc, r.party_type),
        )
    }

    fn needs(
        t: &KindTouched,
        old: &Self::Public,
        new: &Self::Public,
        page: KindPage,
        paginate: usize,
    ) -> bool {
        needs_index_or_record(t, old, new, page, paginate, |r| &r.id)
    }
}
