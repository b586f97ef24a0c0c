//! 红黑名单: one file is one published list (data contract §5): its entries are public
//! from the list's date until they are removed or the list expires, at `/lists/` and
//! `/lists/<slug>/`.

mod import;
mod ledger_key;
pub mod record;
pub mod rules;
mod views;

use ledger_key::Listings;
pub use record::{ListEntry, ListHeader};
pub use views::list_summary;

use super::common::{changed_pairs, enterprise_code, public_name};
use super::{CheckCx, Facets, Kind, KindPage, KindTouched, Link, SearchKind, UniqueId};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows};
use crate::import::spec::ImportSpec;
use crate::load::{decode, Item, SourceText};
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use crate::render::{base_context, PageContext};
use crate::search::Doc;
use crate::urls;
use crate::yaml::StandIn;
use std::collections::HashSet;

/// The lists kind.
pub struct Lists;

/// One list file, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct ListFile {
    /// Its path below `content/lists/`, without extension: its URL.
    pub slug: String,
    pub header: ListHeader,
    pub entries: Vec<Item<ListEntry>>,
}

/// A list on the public site, with the entries that are on it that day.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicList {
    pub slug: String,
    pub header: ListHeader,
    pub entries: Vec<ListEntry>,
}

/// The public lists, newest first, with every entry numbered across them.
#[derive(Debug, Default)]
pub struct PublicLists {
    pub lists: Vec<PublicList>,
    /// The number of each list's first entry.
    starts: Vec<u32>,
}

impl PublicLists {
    fn entry(&self, index: u32) -> (&PublicList, &ListEntry) {
        let l = self.starts.partition_point(|&s| s <= index) - 1;
        let list = &self.lists[l];
        (list, &list.entries[(index - self.starts[l]) as usize])
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ListDocument {
    list: ListHeader,
    #[serde(default)]
    entries: Option<Vec<ListEntry>>,
}

/// The code of the enterprise an entry belongs to (none for a person).
fn party_code(e: &ListEntry) -> Option<String> {
    enterprise_code(&e.uscc, e.party_type).map(str::to_string)
}

/// An entry as published: a person's name masked, no code.
fn scrub(mut e: ListEntry, mask: bool) -> ListEntry {
    e.id_number = None;
    e.address = None;
    e.phone = None;
    if e.party_type == PartyType::Person {
        e.uscc = None;
        e.name = public_name(&e.name, e.party_type, mask);
    }
    e
}

/// The list page of a page number; `None` for the index of lists.
fn list_page(page: KindPage) -> Option<usize> {
    match page {
        KindPage::Index { .. } => None,
        KindPage::Group { group, .. } | KindPage::Record(group) => Some(group as usize),
    }
}

impl Kind for Lists {
    type File = ListFile;
    type Public = PublicLists;

    const KEY: &'static str = "lists";
    const EXPORT_HEADERS: &'static [&'static str] = &[
        "名单类别",
        "名单名称",
        "企业名称",
        "统一社会信用代码",
        "列入原因",
        "认定依据",
        "认定机关",
        "文号",
        "公布日期",
        "有效期至",
        "链接",
        "主体类别",
        "列入日期",
        "列入文书号",
        "列入有效期至",
        "名单标识",
    ];
    const SECTIONS: &'static [&'static str] = &["lists"];
    const SEARCH: SearchKind = SearchKind {
        key: "list",
        label: "红黑名单",
        rank: 3,
    };
    const SHORT: &'static str = "名单";
    const IMPORT: ImportSpec = import::IMPORT;
    const SHEET: &'static str = "红黑名单";

    fn decode(src: &SourceText, slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        let slug = slug.to_string();
        if let Some(doc) = crate::yaml::decode_clean::<ListDocument>(&src.text) {
            let entries = decode::numbered(doc.entries.unwrap_or_default());
            return Some(ListFile {
                slug,
                header: doc.list,
                entries,
            });
        }
        let (header, entries) = decode::document(src, "list", "entries", diags)?;
        Some(ListFile {
            slug,
            header,
            entries,
        })
    }

    fn stood_in(src: &SourceText, slug: &str, which: StandIn) -> Option<Self::File> {
        let (header, entries) = decode::stood_in_document(src, "list", "entries", which)?;
        Some(ListFile {
            slug: slug.to_string(),
            header,
            entries,
        })
    }

    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        views::check_list(cx, src, file, diags)
    }

    fn unique_ids(_file: &Self::File) -> Vec<UniqueId<'_>> {
        Vec::new()
    }

    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public {
        let mask = cx.config.mask_person_names;
        let mut lists = Vec::new();
        for l in files {
            let h = &l.header;
            cx.next_change(
                [Some(h.published), h.valid_until.map(Day::succ)]
                    .into_iter()
                    .flatten(),
                |day| rules::list_state(h, day).is_ok(),
            );
            let list_end = h.valid_until.map(Day::succ);
            let mut entries = Vec::new();
            let mut firms = Listings::default();
            let mut persons = Vec::new();
            for e in l.entries.iter().map(|i| &i.value) {
                cx.next_change(rules::change_days(h, e), |day| {
                    rules::entry_state(h, e, day).is_ok()
                });
                let state = rules::entry_state(h, e, cx.as_of);
                match party_code(e) {
                    Some(code) => {
                        let end = [rules::entry_end(h, e), list_end]
                            .into_iter()
                            .flatten()
                            .min();
                        firms.note(code, state, end)
                    }
                    None => persons.push((e, state)),
                }
                match state {
                    Ok(()) => entries.push(scrub(e.clone(), mask)),
                    Err(reason) => cx.withhold(reason, 1),
                }
            }
            if cx.keeps_outcomes() {
                let slug = &l.slug;
                for (code, state, ended) in firms.outcomes() {
                    let key = || (format!("{slug}/{code}"), format!("{slug} {code}"));
                    cx.track_listings(key, state, ended);
                }
                let who: Vec<&ListEntry> = persons.iter().map(|(e, _)| *e).collect();
                let keys = ledger_key::person_keys(slug, h, &who);
                for (key, (_, state)) in keys.into_iter().zip(persons) {
                    cx.track(|| key, state);
                }
            }
            if rules::list_state(h, cx.as_of).is_ok() {
                lists.push(PublicList {
                    slug: l.slug.clone(),
                    header: h.clone(),
                    entries,
                });
            }
        }
        lists.sort_by(|a, b| {
            b.header
                .published
                .cmp(&a.header.published)
                .then(a.slug.cmp(&b.slug))
        });
        let mut starts = Vec::with_capacity(lists.len());
        let mut next = 0;
        for l in &lists {
            starts.push(next);
            next += l.entries.len() as u32;
        }
        PublicLists { lists, starts }
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        let entries = public.lists.iter().map(|l| l.entries.len()).sum();
        vec![("lists", public.lists.len()), ("list_entries", entries)]
    }

    fn summary(public: &Self::Public) -> String {
        let entries: usize = public.lists.iter().map(|l| l.entries.len()).sum();
        format!(
            "{} in {}",
            crate::out::counted(entries, "list entry", "list entries"),
            crate::out::counted(public.lists.len(), "list", "lists")
        )
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (l, &start) in public.lists.iter().zip(&public.starts) {
            for (i, e) in l.entries.iter().enumerate() {
                if let Some(uscc) = enterprise_code(&e.uscc, e.party_type) {
                    link(Link {
                        uscc,
                        name: &e.name,
                        date: e.listed_on(&l.header),
                        index: start + i as u32,
                    });
                }
            }
        }
    }

    fn facets(_public: &Self::Public, _index: u32) -> Facets<'_> {
        Facets::default()
    }

    fn pages(public: &Self::Public, _paginate: usize) -> Vec<KindPage> {
        let mut pages = vec![KindPage::Index { page: 1 }];
        pages
            .extend((0..public.lists.len() as u32).map(|group| KindPage::Group { group, page: 1 }));
        pages
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match list_page(page) {
            None => urls::LISTS.into(),
            Some(i) => urls::list(&public.lists[i].slug),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        let Some(i) = list_page(page) else {
            let mut ctx = base_context(model, &path, "lists", "红黑名单");
            let lists: Vec<_> = public.lists.iter().map(list_summary).collect();
            ctx.insert("lists", &lists);
            return PageContext::new("lists.html", ctx);
        };
        let l = &public.lists[i];
        let mut ctx = base_context(model, &path, "lists", &l.header.title);
        ctx.insert("list", &list_summary(l));
        let rows: Vec<_> = l
            .entries
            .iter()
            .map(|e| views::entry_row(model, l, e))
            .collect();
        ctx.insert("entries", &rows);
        PageContext::new("list.html", ctx)
    }

    fn entity_section(_model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let rows: Vec<_> = links
            .iter()
            .map(|&i| {
                let (l, e) = public.entry(i);
                views::entity_row(l, e)
            })
            .collect();
        tera::Value::from_serializable(&rows)
    }

    fn home(_model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars) {
        let lists: Vec<_> = public.lists.iter().map(list_summary).collect();
        ctx.insert("lists", &lists);
    }

    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a> {
        Box::new(views::export_rows(model, &public.lists))
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, &public.lists, out)
    }

    fn feed(_model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(&public.lists, out)
    }

    fn touched(
        old: Option<&Self::File>,
        new: Option<&Self::File>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    ) {
        t.any = true;
        match (old, new) {
            // The same list: only its entries that changed.
            (Some(a), Some(b)) if a.header == b.header && a.slug == b.slug => {
                t.keys.insert(b.slug.clone());
                let key = |e: &ListEntry| (e.uscc.clone(), e.name.clone(), e.listed);
                for (o, n) in changed_pairs(&a.entries, &b.entries, key) {
                    let codes = [o, n].into_iter().flatten().filter_map(party_code);
                    entities.extend(codes);
                }
            }
            _ => {
                for f in [old, new].into_iter().flatten() {
                    t.keys.insert(f.slug.clone());
                    entities.extend(f.entries.iter().filter_map(|e| party_code(&e.value)));
                }
            }
        }
    }

    fn needs(
        t: &KindTouched,
        _old: &Self::Public,
        new: &Self::Public,
        page: KindPage,
        _paginate: usize,
    ) -> bool {
        match list_page(page) {
            None => t.any,
            Some(i) => t.keys.contains(&new.lists[i].slug),
        }
    }
}
