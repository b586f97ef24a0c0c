//! 信用承诺: credit pledges (data contract §11), public from `signed` until
//! `valid_until`, a breached one as 违诺 for the window of its severity; at
//! `/pledges/` (with one listing per type and per status, so that they can be filtered
//! without JavaScript) and `/pledges/<id>/`.

mod address;
mod check;
mod import;
mod publish;
pub mod record;
pub mod rules;
mod views;

pub use record::{Pledge, PledgeType};
pub use rules::PledgeStatus;
pub use views::{pledge_row, PledgeRow};

use super::common::{enterprise_code, listing_differs, page_numbers, touch_records};
use super::{
    Accountable, Attachment, CheckCx, Event, Facets, Kind, KindPage, KindTouched, Link, SearchKind,
    UniqueId,
};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows};
use crate::import::spec::ImportSpec;
use crate::load::{decode, Item, SourceText};
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use crate::render::{base_context, insert_listing, PageContext};
use crate::search::Doc;
use crate::urls;
use crate::views::page_slice;
use crate::yaml::StandIn;
pub use address::{address_problem, digest_key, pledge_key};
use std::collections::HashSet;

/// The URL folder of pledges.
pub const SECTION: &str = "pledges/";

/// The pledges kind.
pub struct Pledges;

/// A pledge on the public site.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicPledge {
    /// Stable URL id: `/pledges/<key>/`.
    pub key: String,
    /// The record with private fields removed and a person's name masked as configured.
    pub record: Pledge,
    pub status: PledgeStatus,
    /// The day it leaves the site.
    pub leaves: Day,
}

impl PublicPledge {
    /// A person's 承诺书 carries personal data and is never published.
    pub fn file_public(&self) -> bool {
        self.record.party_type != PartyType::Person
    }
}

/// A listing of some of the pledges: one type, or one status.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Below `/pledges/`: `type/approval`, `status/breached`.
    pub path: String,
    pub label: String,
    /// Positions in [`PublicPledges::pledges`], newest first.
    pub members: Vec<u32>,
}

/// The public pledges, newest first, and their listings by type and status.
#[derive(Debug, Default)]
pub struct PublicPledges {
    pub pledges: Vec<PublicPledge>,
    pub groups: Vec<Group>,
}

impl PublicPledges {
    fn group_slice(&self, group: &Group, page: usize, per: usize) -> Vec<&PublicPledge> {
        page_slice(&group.members, page, per)
            .iter()
            .map(|&i| &self.pledges[i as usize])
            .collect()
    }
}

impl Kind for Pledges {
    type File = Vec<Item<Pledge>>;
    type Public = PublicPledges;

    const KEY: &'static str = "pledges";
    const EXPORT_HEADERS: &'static [&'static str] = &[
        "承诺编号",
        "承诺主体名称",
        "承诺主体类别",
        "统一社会信用代码",
        "承诺类型",
        "承诺事项",
        "承诺内容",
        "承诺日期",
        "承诺有效期至",
        "受理单位",
        "受理单位统一社会信用代码",
        "履约状态",
        "履约状态日期",
        "失信严重程度",
        "备注",
        "承诺书",
        "链接",
    ];
    const SECTIONS: &'static [&'static str] = &["pledges"];
    const SEARCH: SearchKind = SearchKind {
        key: "pledge",
        label: "信用承诺",
        rank: 6,
    };
    const SHORT: &'static str = "承诺";
    const IMPORT: ImportSpec = import::IMPORT;
    const SHEET: &'static str = "信用承诺";
    const NAMES_FILES: bool = true;

    fn decode(src: &SourceText, _slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        decode::records(src, "id", diags)
    }

    fn stood_in(src: &SourceText, _slug: &str, which: StandIn) -> Option<Self::File> {
        decode::stood_in_records(src, which)
    }

    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        check::check_pledges(cx, src, file, diags)
    }

    fn accountable(_cx: &CheckCx<'_>, file: &Self::File, out: &mut Vec<Accountable>) {
        for p in file.iter().map(|i| &i.value) {
            let Some(repaired) = p.repaired.as_ref().filter(|_| p.breach().is_some()) else {
                continue;
            };
            out.push(Accountable {
                id: pledge_key(&p.id),
                reference: p.id.trim().to_string(),
                decided: None,
                online: None,
                published: true,
                event: Some((Event::Repaired, repaired.date)),
                period_end: None,
            });
        }
    }

    fn unique_ids(file: &Self::File) -> Vec<UniqueId<'_>> {
        file.iter()
            .map(|i| UniqueId {
                index: i.index,
                key: "id",
                what: "pledge number",
                scope: "",
                id: &i.value.id,
            })
            .collect()
    }

    fn attachments(file: &Self::File) -> Vec<Attachment<'_>> {
        file.iter()
            .filter_map(|i| {
                let path = i.value.file.as_deref()?;
                let personal = i.value.party_type == PartyType::Person;
                Some(Attachment { path, personal })
            })
            .collect()
    }

    fn public_attachments(public: &Self::Public) -> Vec<&str> {
        public
            .pledges
            .iter()
            .filter(|p| p.file_public())
            .filter_map(|p| p.record.file.as_deref())
            .collect()
    }

    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public {
        publish::publish(cx, files)
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        vec![("pledges", public.pledges.len())]
    }

    fn summary(public: &Self::Public) -> String {
        crate::out::counted(public.pledges.len(), "pledge", "pledges")
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (i, p) in public.pledges.iter().enumerate() {
            let r = &p.record;
            if let Some(uscc) = enterprise_code(&r.uscc, r.party_type) {
                link(Link {
                    uscc,
                    name: &r.party,
                    date: r.signed,
                    index: i as u32,
                });
            }
        }
    }

    fn facets(public: &Self::Public, index: u32) -> Facets<'_> {
        Facets {
            year: Some(public.pledges[index as usize].record.signed),
            grade: None,
        }
    }

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage> {
        let mut pages: Vec<KindPage> = page_numbers(public.pledges.len(), paginate)
            .map(|page| KindPage::Index { page })
            .collect();
        for (g, group) in public.groups.iter().enumerate() {
            pages.extend(
                page_numbers(group.members.len(), paginate).map(|page| KindPage::Group {
                    group: g as u32,
                    page,
                }),
            );
        }
        pages.extend((0..public.pledges.len() as u32).map(KindPage::Record));
        pages
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match page {
            KindPage::Index { page } => urls::paged(SECTION, page as usize),
            KindPage::Group { group, page } => urls::paged(
                &views::group_path(&public.groups[group as usize].path),
                page as usize,
            ),
            KindPage::Record(i) => views::path_of(&public.pledges[i as usize]),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        let per = model.site.config.paginate;
        let (group, page) = match page {
            KindPage::Record(i) => {
                let view = views::pledge_view(model, &public.pledges[i as usize]);
                let title = format!("信用承诺 {}", view.id);
                let mut ctx = base_context(model, &path, "pledges", &title);
                ctx.insert("pledge", &view);
                return PageContext::new("pledge.html", ctx);
            }
            KindPage::Index { page } => (None, page as usize),
            KindPage::Group { group, page } => {
                (Some(&public.groups[group as usize]), page as usize)
            }
        };
        let (shown, total, base) = match group {
            None => (
                page_slice(&public.pledges, page, per).iter().collect(),
                public.pledges.len(),
                SECTION.to_string(),
            ),
            Some(g) => (
                public.group_slice(g, page, per),
                g.members.len(),
                views::group_path(&g.path),
            ),
        };
        let heading = match group {
            None => "信用承诺".to_string(),
            Some(g) => format!("信用承诺 · {}", g.label),
        };
        let mut ctx = base_context(model, &path, "pledges", &heading);
        let rows: Vec<PledgeRow> = shown.into_iter().map(|p| pledge_row(model, p)).collect();
        insert_listing(model, &mut ctx, ("pledges", &rows), total, &base, page);
        let (types, statuses) = views::filters(public, group.map(|g| g.path.as_str()));
        ctx.insert("heading", &heading);
        ctx.insert("filter_types", &types);
        ctx.insert("filter_statuses", &statuses);
        ctx.insert("filtered", &group.is_some());
        ctx.insert("all_total", &public.pledges.len());
        PageContext::new("pledges.html", ctx)
    }

    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let rows: Vec<PledgeRow> = links
            .iter()
            .map(|&i| pledge_row(model, &public.pledges[i as usize]))
            .collect();
        tera::Value::from_serializable(&rows)
    }

    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars) {
        let latest: Vec<_> = public
            .pledges
            .iter()
            .take(5)
            .map(|p| pledge_row(model, p))
            .collect();
        ctx.insert("latest_pledges", &latest);
    }

    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a> {
        Box::new(views::export_rows(model, &public.pledges))
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, &public.pledges, out)
    }

    fn feed(_model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(&public.pledges, out)
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
            |r| pledge_key(&r.id),
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
        let page_no = match page {
            KindPage::Record(i) => return t.keys.contains(&new.pledges[i as usize].key),
            KindPage::Index { page } | KindPage::Group { page, .. } => page as usize,
        };
        if !t.any {
            return false;
        }
        // Every listing shows the filter menu with its counts.
        if old.groups.len() != new.groups.len()
            || old
                .groups
                .iter()
                .zip(&new.groups)
                .any(|(a, b)| a.path != b.path || a.members.len() != b.members.len())
        {
            return true;
        }
        match page {
            KindPage::Group { group, .. } => {
                let g = &new.groups[group as usize];
                let Some(before) = old.groups.iter().find(|o| o.path == g.path) else {
                    return true;
                };
                let (a, b) = (
                    old.group_slice(before, page_no, paginate),
                    new.group_slice(g, page_no, paginate),
                );
                a != b
            }
            _ => listing_differs(&old.pledges, &new.pledges, page_no, paginate, |x, y| x == y),
        }
    }
}
