//! What a content change affects: which records changed between two versions of a
//! file (each kind says, see [`crate::kinds::Kind::touched`]), which pages must be
//! rendered again, and which pages no longer exist.

use crate::assemble::{Entity, PageSpec, SiteModel};
use crate::kinds::{KindTouched, REGISTRY};
use crate::load::LoadedFile;
use crate::urls;
use std::collections::HashSet;

/// What the changes since the last good rebuild touched.
#[derive(Debug)]
pub struct Touched {
    /// USCCs whose credit files change.
    pub entities: HashSet<String>,
    /// By registry position.
    pub kinds: Vec<KindTouched>,
    /// Paths of Markdown pages that changed.
    pub pages: HashSet<String>,
    pub any_pages: bool,
    pub any_assets: bool,
}

impl Default for Touched {
    fn default() -> Self {
        Touched {
            entities: HashSet::new(),
            kinds: vec![KindTouched::default(); REGISTRY.len()],
            pages: HashSet::new(),
            any_pages: false,
            any_assets: false,
        }
    }
}

impl Touched {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.pages.is_empty()
            && !self.any_pages
            && !self.any_assets
            && self.kinds.iter().all(|k| !k.any && k.keys.is_empty())
    }

    /// Records what differs between two versions of one file (`None`: absent).
    /// A file that could not be read at all counts as absent: once it reads again,
    /// every record in it is new.
    pub fn file_changed(&mut self, old: Option<&LoadedFile>, new: Option<&LoadedFile>) {
        for (id, kind) in REGISTRY.iter().enumerate() {
            let (o, n) = (
                old.and_then(|f| f.data_of(id)),
                new.and_then(|f| f.data_of(id)),
            );
            if o.is_some() || n.is_some() {
                let o = o.map(|d| d as &dyn std::any::Any);
                let n = n.map(|d| d as &dyn std::any::Any);
                kind.touched(o, n, &mut self.kinds[id], &mut self.entities);
            }
        }
        for f in [old, new].into_iter().flatten() {
            match f {
                LoadedFile::Page(p) => {
                    self.any_pages = true;
                    self.pages.insert(p.path.clone());
                }
                LoadedFile::Asset(_) => self.any_assets = true,
                LoadedFile::Data(_)
                | LoadedFile::Unread(_)
                | LoadedFile::Misplaced(_)
                | LoadedFile::UnreadPage(_)
                | LoadedFile::Nothing => {}
            }
        }
    }

    /// The pages of `new` that must be rendered again; `old` is the model the served
    /// pages came from. Credit files are looked up by the USCCs that changed rather
    /// than each asked about (a site has far more of them than a save touches).
    pub fn pages_due(&self, old: &SiteModel, new: &SiteModel) -> Vec<PageSpec> {
        // A Markdown page's links to the site's own files change with those files,
        // and a data edit can publish or withhold an attachment.
        let link_targets_changed = old.link_targets != new.link_targets;
        let mut due: Vec<PageSpec> = new
            .pages
            .iter()
            .copied()
            .filter(|&s| {
                !matches!(s, PageSpec::Entity(_)) && self.needs(old, new, s, link_targets_changed)
            })
            .collect();
        let mut entities: Vec<usize> = self
            .entities
            .iter()
            .filter_map(|u| {
                new.entities
                    .binary_search_by(|e| e.uscc.as_str().cmp(u))
                    .ok()
            })
            .collect();
        entities.sort_unstable();
        due.extend(entities.into_iter().map(PageSpec::Entity));
        due
    }

    /// Whether a page of `new` must be rendered again; `old` is the model the served
    /// pages came from, and `link_targets_changed` whether the pages and files that Markdown
    /// links can name differ between them.
    fn needs(
        &self,
        old: &SiteModel,
        new: &SiteModel,
        spec: PageSpec,
        link_targets_changed: bool,
    ) -> bool {
        let per = new.site.config.paginate;
        match spec {
            PageSpec::Home | PageSpec::DataIndex => true,
            PageSpec::Search => false,
            PageSpec::EntitiesIndex { page } => {
                // Listings show the name, the code and the count of each kind.
                let same = |x: &Entity, y: &Entity| {
                    x.uscc == y.uscc
                        && x.name == y.name
                        && x.links.iter().map(|l| l.0).eq(y.links.iter().map(|l| l.0))
                };
                crate::kinds::common::listing_differs(&old.entities, &new.entities, page, per, same)
            }
            PageSpec::Entity(i) => self.entities.contains(&new.entities[i].uscc),
            PageSpec::Kind(kind, page) => REGISTRY[kind].needs(
                &self.kinds[kind],
                old.dataset(kind),
                new.dataset(kind),
                page,
                per,
            ),
            PageSpec::Markdown(i) => {
                self.pages.contains(&new.site.pages[i].path) || link_targets_changed
            }
            PageSpec::Folder(_) => self.any_pages || link_targets_changed,
        }
    }

    /// Whether any file of the kind at `kind` changed.
    pub fn kind_changed(&self, kind: usize) -> bool {
        self.kinds[kind].any
    }
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

/// Output files of pages that `old` had and `new` does not. Only what changed is
/// compared: the enterprises, the kinds whose files changed, the Markdown pages.
pub fn removed_pages(old: &SiteModel, new: &SiteModel, touched: &Touched) -> Vec<String> {
    let mut gone: Vec<String> = Vec::new();
    let same_entities = old.entities.len() == new.entities.len()
        && old
            .entities
            .iter()
            .zip(&new.entities)
            .all(|(a, b)| a.uscc == b.uscc);
    if !same_entities {
        gone.extend(
            vanished(&old.entities, &new.entities, |e| &e.uscc).map(|e| urls::entity(&e.uscc)),
        );
    }
    let paths = |m: &SiteModel, keep: &dyn Fn(&PageSpec) -> bool| -> Vec<String> {
        m.pages
            .iter()
            .filter(|p| keep(p))
            .map(|&p| m.path_of(p))
            .collect()
    };
    let changed = |spec: &PageSpec| match spec {
        PageSpec::EntitiesIndex { .. } => !same_entities,
        PageSpec::Kind(kind, _) => touched.kinds[*kind].any,
        PageSpec::Markdown(_) | PageSpec::Folder(_) => touched.any_pages,
        _ => false,
    };
    let (before, after) = (paths(old, &changed), paths(new, &changed));
    gone.extend(vanished(&before, &after, |p| p.as_str()).cloned());
    gone.iter().map(|p| urls::index_file(p)).collect()
}
