//! What a content change affects: which records changed between two versions of a
//! file, which pages must be rendered again, and which pages no longer exist.

use crate::assemble::{Entity, PageSpec, SiteModel};
use crate::load::{Item, LoadedFile};
use crate::model::{Licence, PartyType, Penalty};
use crate::publish::decision_id;
use crate::urls;
use crate::views::page_slice;
use std::collections::{HashMap, HashSet};

/// The records a change touched, by kind, and the kinds of listing it affects.
#[derive(Debug, Default)]
pub struct Touched {
    pub entities: HashSet<String>,
    pub penalties: HashSet<String>,
    pub licences: HashSet<String>,
    pub batches: HashSet<String>,
    pub lists: HashSet<String>,
    pub pages: HashSet<String>,
    pub any_grades: bool,
    pub any_lists: bool,
    pub any_penalties: bool,
    pub any_licences: bool,
    pub any_pages: bool,
    pub any_assets: bool,
}

fn party(uscc: &Option<String>, party_type: PartyType, out: &mut HashSet<String>) {
    if let (Some(u), false) = (uscc, party_type == PartyType::Person) {
        out.insert(u.clone());
    }
}

/// Pairs of records (old, new) that differ, matched by `key`.
fn changed_pairs<'a, T: PartialEq, K: std::hash::Hash + Eq>(
    old: &'a [Item<T>],
    new: &'a [Item<T>],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let old_map: HashMap<K, &T> = old.iter().map(|i| (key(&i.value), &i.value)).collect();
    let new_map: HashMap<K, &T> = new.iter().map(|i| (key(&i.value), &i.value)).collect();
    let mut out = Vec::new();
    for (k, o) in &old_map {
        match new_map.get(k) {
            Some(n) if n == o => {}
            n => out.push((Some(*o), n.copied())),
        }
    }
    out.extend(
        new_map
            .iter()
            .filter(|(k, _)| !old_map.contains_key(*k))
            .map(|(_, n)| (None, Some(*n))),
    );
    out
}

fn penalties_of(f: Option<&LoadedFile>) -> &[Item<Penalty>] {
    match f {
        Some(LoadedFile::Penalties(f)) => &f.records,
        _ => &[],
    }
}

fn licences_of(f: Option<&LoadedFile>) -> &[Item<Licence>] {
    match f {
        Some(LoadedFile::Licences(f)) => &f.records,
        _ => &[],
    }
}

impl Touched {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.penalties.is_empty()
            && self.licences.is_empty()
            && self.batches.is_empty()
            && self.lists.is_empty()
            && self.pages.is_empty()
            && !(self.any_grades
                || self.any_lists
                || self.any_penalties
                || self.any_licences
                || self.any_pages
                || self.any_assets)
    }

    fn penalty(&mut self, p: &Penalty) {
        self.penalties
            .insert(decision_id(&p.authority_uscc, &p.decision_no));
        party(&p.uscc, p.party_type, &mut self.entities);
    }

    fn licence(&mut self, l: &Licence) {
        self.licences
            .insert(decision_id(&l.authority_uscc, &l.decision_no));
        party(&l.uscc, l.party_type, &mut self.entities);
    }

    fn kind(&mut self, file: &LoadedFile) {
        match file {
            LoadedFile::Batch(_) => self.any_grades = true,
            LoadedFile::List(_) => self.any_lists = true,
            LoadedFile::Penalties(_) => self.any_penalties = true,
            LoadedFile::Licences(_) => self.any_licences = true,
            LoadedFile::Page(_) => self.any_pages = true,
            LoadedFile::Asset(_) => self.any_assets = true,
            LoadedFile::Nothing => {}
        }
    }

    /// Records what differs between two versions of one file (`None`: absent).
    pub fn file_changed(&mut self, old: Option<&LoadedFile>, new: Option<&LoadedFile>) {
        for f in [old, new].into_iter().flatten() {
            self.kind(f);
        }
        // A file that could not be read at all counts as absent: once it reads again,
        // every record in it is new.
        let is = |f: Option<&LoadedFile>, p: fn(&LoadedFile) -> bool| {
            f.is_none_or(|f| matches!(f, LoadedFile::Nothing) || p(f))
        };
        if is(old, |f| matches!(f, LoadedFile::Penalties(_)))
            && is(new, |f| matches!(f, LoadedFile::Penalties(_)))
        {
            let key = |p: &Penalty| (p.authority_uscc.clone(), p.decision_no.clone());
            for (o, n) in changed_pairs(penalties_of(old), penalties_of(new), key) {
                for p in [o, n].into_iter().flatten() {
                    self.penalty(p);
                }
            }
            return;
        }
        if is(old, |f| matches!(f, LoadedFile::Licences(_)))
            && is(new, |f| matches!(f, LoadedFile::Licences(_)))
        {
            let key = |l: &Licence| (l.authority_uscc.clone(), l.decision_no.clone());
            for (o, n) in changed_pairs(licences_of(old), licences_of(new), key) {
                for l in [o, n].into_iter().flatten() {
                    self.licence(l);
                }
            }
            return;
        }
        match (old, new) {
            (Some(LoadedFile::Batch(a)), Some(LoadedFile::Batch(b)))
                if a.header == b.header && a.slug == b.slug =>
            {
                self.batches.insert(b.slug.clone());
                for (o, n) in changed_pairs(&a.records, &b.records, |r| r.uscc.clone()) {
                    self.entities
                        .extend([o, n].into_iter().flatten().map(|r| r.uscc.clone()));
                }
            }
            (Some(LoadedFile::List(a)), Some(LoadedFile::List(b)))
                if a.header == b.header && a.slug == b.slug =>
            {
                self.lists.insert(b.slug.clone());
                for (o, n) in changed_pairs(&a.entries, &b.entries, |e| e.uscc.clone()) {
                    self.entities
                        .extend([o, n].into_iter().flatten().map(|e| e.uscc.clone()));
                }
            }
            _ => {
                for f in [old, new].into_iter().flatten() {
                    self.everything_of(f);
                }
            }
        }
    }

    fn everything_of(&mut self, file: &LoadedFile) {
        match file {
            LoadedFile::Batch(f) => {
                self.batches.insert(f.slug.clone());
                self.entities
                    .extend(f.records.iter().map(|r| r.value.uscc.clone()));
            }
            LoadedFile::List(f) => {
                self.lists.insert(f.slug.clone());
                self.entities
                    .extend(f.entries.iter().map(|e| e.value.uscc.clone()));
            }
            LoadedFile::Page(p) => {
                self.pages.insert(p.path.clone());
            }
            LoadedFile::Penalties(f) => {
                for i in &f.records {
                    self.penalty(&i.value);
                }
            }
            LoadedFile::Licences(f) => {
                for i in &f.records {
                    self.licence(&i.value);
                }
            }
            LoadedFile::Asset(_) | LoadedFile::Nothing => {}
        }
    }

    /// Whether a page of `new` must be rendered again; `old` is the model the served
    /// pages came from.
    pub fn needs(&self, old: &SiteModel, new: &SiteModel, spec: PageSpec) -> bool {
        let per = new.site.config.paginate;
        let s = &new.site;
        match spec {
            PageSpec::Home | PageSpec::DataIndex => true,
            PageSpec::Search => false,
            PageSpec::GradesIndex => self.any_grades,
            PageSpec::ListsIndex => self.any_lists,
            PageSpec::EntitiesIndex { page } => {
                let same = |x: &Entity, y: &Entity| {
                    x.uscc == y.uscc
                        && x.name == y.name
                        && x.grades.len() == y.grades.len()
                        && x.list_entries.len() == y.list_entries.len()
                        && x.penalties.len() == y.penalties.len()
                        && x.licences.len() == y.licences.len()
                };
                listing_differs(&old.entities, &new.entities, page, per, same)
            }
            PageSpec::Penalties { page } => {
                self.any_penalties
                    && listing_differs(&old.site.penalties, &s.penalties, page, per, |x, y| {
                        x.id == y.id && x.record == y.record
                    })
            }
            PageSpec::Licences { page } => {
                self.any_licences
                    && listing_differs(&old.site.licences, &s.licences, page, per, |x, y| {
                        x.id == y.id && x.record == y.record
                    })
            }
            PageSpec::Entity(i) => self.entities.contains(&new.entities[i].uscc),
            PageSpec::Penalty(i) => self.penalties.contains(&s.penalties[i].id),
            PageSpec::Licence(i) => self.licences.contains(&s.licences[i].id),
            PageSpec::GradeBatch { batch, .. } => self.batches.contains(&s.batches[batch].slug),
            PageSpec::List(i) => self.lists.contains(&s.lists[i].slug),
            PageSpec::Markdown(i) => self.pages.contains(&s.pages[i].path),
        }
    }
}

/// Whether page `page` of a listing shows something else in `new` than in `old`: the
/// total (shown on every page), or an item on the page.
fn listing_differs<T>(
    old: &[T],
    new: &[T],
    page: usize,
    per: usize,
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    let (a, b) = (page_slice(old, page, per), page_slice(new, page, per));
    old.len() != new.len() || a.len() != b.len() || a.iter().zip(b).any(|(x, y)| !same(x, y))
}

/// The items of `old` whose key no longer occurs in `new`.
pub(super) fn vanished<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> &'a str + Copy + 'a,
) -> impl Iterator<Item = &'a T> {
    let live: ahash::AHashSet<&str> = new.iter().map(key).collect();
    old.iter().filter(move |x| !live.contains(key(x)))
}

/// Output files of pages that `old` had and `new` does not.
pub fn removed_pages(old: &SiteModel, new: &SiteModel) -> Vec<String> {
    let (o, n) = (&old.site, &new.site);
    let mut gone: Vec<String> = Vec::new();
    gone.extend(vanished(&old.entities, &new.entities, |e| &e.uscc).map(|e| urls::entity(&e.uscc)));
    gone.extend(vanished(&o.penalties, &n.penalties, |p| &p.id).map(|p| urls::penalty(&p.id)));
    gone.extend(vanished(&o.licences, &n.licences, |l| &l.id).map(|l| urls::licence(&l.id)));
    gone.extend(vanished(&o.lists, &n.lists, |l| &l.slug).map(|l| urls::list(&l.slug)));
    gone.extend(vanished(&o.pages, &n.pages, |p| &p.path).map(|p| p.path.clone()));
    let batch_pages: HashMap<&str, usize> = new
        .site
        .batches
        .iter()
        .map(|b| (b.slug.as_str(), new.page_count(b.records.len())))
        .collect();
    for b in &old.site.batches {
        let keep = batch_pages.get(b.slug.as_str()).copied().unwrap_or(0);
        for page in keep + 1..=old.page_count(b.records.len()) {
            gone.push(urls::paged(&urls::batch(&b.slug), page));
        }
    }
    for (base, before, after) in [
        (urls::ENTITIES, old.entities.len(), new.entities.len()),
        (
            urls::PENALTIES,
            old.site.penalties.len(),
            new.site.penalties.len(),
        ),
        (
            urls::LICENCES,
            old.site.licences.len(),
            new.site.licences.len(),
        ),
    ] {
        for page in new.page_count(after) + 1..=old.page_count(before) {
            gone.push(urls::paged(base, page));
        }
    }
    gone.iter().map(|p| urls::index_file(p)).collect()
}
