//! Assemble: gathers each enterprise's records into one credit file (一企一档) and
//! plans every page of the site ([`SiteModel`]). Nothing is rendered here.

use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::kinds::{KindId, KindPage, Link, REGISTRY};
use crate::model::Day;
use crate::publish::PublicSite;
use crate::urls;
use crate::views::md_links::LinkTargets;
use rayon::prelude::*;
use std::any::Any;

mod paths;

pub use paths::{check_asset_paths, generated_sections, is_root_file, written_by_gongshi};
use paths::{check_listing_paths, check_page_paths};

/// Everything public about one enterprise: its records, by kind and the kind's own
/// record number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entity {
    pub uscc: String,
    pub name: String,
    /// (kind, record), grouped by kind in registry order.
    pub links: Vec<(KindId, u32)>,
}

impl Entity {
    /// The records of one kind.
    pub fn links_of(&self, kind: KindId) -> Vec<u32> {
        self.links
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|&(_, i)| i)
            .collect()
    }

    pub fn count_of(&self, kind: KindId) -> usize {
        self.links.iter().filter(|(k, _)| *k == kind).count()
    }

    /// `评价 1 · 名单 0 · 处罚 2 · …`, as listings and search results show it.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = REGISTRY
            .iter()
            .enumerate()
            .map(|(id, k)| format!("{} {}", k.short(), self.count_of(id)))
            .collect();
        parts.join(" · ")
    }

    /// Like [`Entity::summary`], naming only the kinds it has records of (for search
    /// results, where every byte is fetched).
    pub fn held_summary(&self) -> String {
        let parts: Vec<String> = REGISTRY
            .iter()
            .enumerate()
            .filter(|&(id, _)| self.count_of(id) > 0)
            .map(|(id, k)| format!("{} {}", k.short(), self.count_of(id)))
            .collect();
        parts.join(" · ")
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSpec {
    Home,
    EntitiesIndex {
        page: usize,
    },
    Entity(usize),
    /// A page of a kind of dataset.
    Kind(KindId, KindPage),
    Markdown(usize),
    /// A folder's index page ([`crate::folders`]).
    Folder(usize),
    Search,
    DataIndex,
}

/// The public site with its enterprises gathered and its pages planned.
pub struct SiteModel {
    pub site: PublicSite,
    /// Sorted by USCC.
    pub entities: Vec<Entity>,
    pub pages: Vec<PageSpec>,
    /// Index of `content/index.md` among the pages, which feeds the home page.
    pub home_page: Option<usize>,
    /// The index pages of the folders of Markdown pages.
    pub folders: Vec<crate::folders::Folder>,
    /// What the Markdown pages' links to the site's own files can name.
    pub link_targets: LinkTargets,
    /// Finds an entity by its code (see [`SiteModel::entity_of`]).
    codes: CodeIndex,
}

/// Each entity's place by a hash of its code, sorted by hash. Records look their
/// party's credit file up for every row of every page that names it; a binary search
/// of the entities themselves reads one entity and its code on the heap at each of 17
/// steps at 100k, each a cache miss, while this array of 8-byte pairs stays in cache.
struct CodeIndex(Vec<(u32, u32)>);

impl CodeIndex {
    fn of(entities: &[Entity]) -> CodeIndex {
        let mut pairs: Vec<(u32, u32)> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (code_hash(&e.uscc), i as u32))
            .collect();
        pairs.sort_unstable();
        CodeIndex(pairs)
    }

    /// The entity whose code is `code`: among those whose codes hash alike.
    fn find<'a>(&self, entities: &'a [Entity], code: &str) -> Option<&'a Entity> {
        let h = code_hash(code);
        let from = self.0.partition_point(|&(k, _)| k < h);
        self.0[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| &entities[i as usize])
            .find(|e| e.uscc == code)
    }
}

/// 32 bits of a code's hash: two codes of a million share one about a hundred times,
/// which [`CodeIndex::find`] tells apart by the codes themselves.
fn code_hash(code: &str) -> u32 {
    let h = crate::hash::fnv1a64(&[code.as_bytes()]);
    (h ^ (h >> 32)) as u32
}

impl SiteModel {
    /// The entity with this USCC.
    pub fn entity_of(&self, uscc: Option<&str>) -> Option<&Entity> {
        self.codes.find(&self.entities, uscc?)
    }

    /// The public records of the kind at `kind`.
    pub fn dataset(&self, kind: KindId) -> &dyn Any {
        self.site.dataset(kind)
    }

    /// Site-relative path of a page.
    pub fn path_of(&self, spec: PageSpec) -> String {
        let s = &self.site;
        match spec {
            PageSpec::Home => urls::HOME.into(),
            PageSpec::EntitiesIndex { page } => urls::paged(urls::ENTITIES, page),
            PageSpec::Entity(i) => urls::entity(&self.entities[i].uscc),
            PageSpec::Kind(kind, page) => REGISTRY[kind].path(self.dataset(kind), page),
            PageSpec::Markdown(i) => s.pages[i].path.clone(),
            PageSpec::Folder(i) => self.folders[i].path.clone(),
            PageSpec::Search => urls::SEARCH.into(),
            PageSpec::DataIndex => urls::DATA.into(),
        }
    }

    /// The URL path of a site-relative path, with the base path (`/xyjt/penalties/…/`).
    pub fn url_of(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_path, urls::encode_path(path))
    }

    pub fn page_count(&self, items: usize) -> usize {
        items.div_ceil(self.site.config.paginate).max(1)
    }
}

/// Every public record of each USCC, sorted by USCC: each kind's links in the order
/// of their USCCs ([`crate::publish::Published::by_holder`], made once per kind and
/// kept while the kind does not change), merged. An entity's links come kind by kind
/// in registry order, and it is named by its first record with the newest date.
fn gather_entities(site: &PublicSite) -> Vec<Entity> {
    site.kinds
        .par_iter()
        .enumerate()
        .for_each(|(kind, published)| {
            published.by_holder(kind);
        });
    let runs: Vec<(Vec<Link<'_>>, &[u32])> = site
        .kinds
        .iter()
        .enumerate()
        .map(|(kind, published)| {
            let mut links = Vec::new();
            REGISTRY[kind].links(published.data(), &mut |l| links.push(l));
            (links, published.by_holder(kind))
        })
        .collect();
    fn head<'a>(run: &(Vec<Link<'a>>, &[u32]), at: usize) -> Option<Link<'a>> {
        run.1.get(at).map(|&i| run.0[i as usize])
    }
    let mut at = vec![0; runs.len()];
    let mut entities = Vec::new();
    while let Some(uscc) = runs
        .iter()
        .zip(&at)
        .filter_map(|(run, &i)| head(run, i).map(|l| l.uscc))
        .min()
    {
        let mut links = Vec::new();
        let mut named: Option<(&str, Day)> = None;
        for (kind, run) in runs.iter().enumerate() {
            while let Some(l) = head(run, at[kind]).filter(|l| l.uscc == uscc) {
                // A licence may leave its party's name out (contract §7).
                let has_name = !l.name.trim().is_empty();
                if has_name && named.is_none_or(|(_, date)| l.date > date) {
                    named = Some((l.name, l.date));
                }
                links.push((kind, l.index));
                at[kind] += 1;
            }
        }
        entities.push(Entity {
            uscc: uscc.to_string(),
            name: named.map_or_else(|| uscc.to_string(), |(name, _)| name.to_string()),
            links,
        });
    }
    entities
}

/// Gathers entities and plans pages. Fails when a Markdown page would overwrite a
/// generated page, or two listings would share an address.
pub fn assemble(site: PublicSite) -> Result<SiteModel, Diagnostics> {
    let entities = gather_entities(&site);
    let home_page = site
        .pages
        .iter()
        .position(|p| p.path.is_empty() && !crate::folders::is_intro(p));
    if let Some(p) = site
        .pages
        .iter()
        .find(|p| p.path.is_empty() && crate::folders::is_intro(p))
    {
        return Err(Diagnostic::whole_file(
            display_path(&site.config.root, &p.source),
            "_index.md introduces a folder of pages; the home page is generated, and its text is content/index.md",
        )
        .with_hint("rename the file to content/index.md (or move it into a folder)")
        .into());
    }
    let per = site.config.paginate;
    let mut pages = vec![PageSpec::Home, PageSpec::Search, PageSpec::DataIndex];
    pages.extend(
        (1..=entities.len().div_ceil(per).max(1)).map(|page| PageSpec::EntitiesIndex { page }),
    );
    pages.extend((0..entities.len()).map(PageSpec::Entity));
    for (kind, k) in REGISTRY.iter().enumerate() {
        pages.extend(
            k.pages(site.dataset(kind), per)
                .into_iter()
                .map(|p| PageSpec::Kind(kind, p)),
        );
    }
    let folders = crate::folders::plan_folders(&site.pages);
    pages.extend(
        (0..site.pages.len())
            .filter(|&i| Some(i) != home_page && !crate::folders::is_intro(&site.pages[i]))
            .map(PageSpec::Markdown),
    );
    pages.extend((0..folders.len()).map(PageSpec::Folder));
    let mut link_targets = LinkTargets::generated();
    for p in &site.pages {
        link_targets.add_page(&p.file, &p.path, false);
    }
    for a in &site.assets {
        link_targets.add_file(&a.target);
    }
    for t in &site.withheld_files {
        link_targets.add_unpublished(t);
    }
    let model = SiteModel {
        site,
        codes: CodeIndex::of(&entities),
        entities,
        pages,
        home_page,
        folders,
        link_targets,
    };
    let mut diags = check_page_paths(&model);
    diags.extend(check_listing_paths(&model));
    diags.into_result(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(uscc: String) -> Entity {
        Entity {
            uscc,
            ..Entity::default()
        }
    }

    #[test]
    fn every_code_finds_its_own_entity_even_when_hashes_collide() {
        // Codes until two share a hash (the birthday bound: about 77,000 of them).
        let mut seen = std::collections::HashMap::new();
        let mut codes = Vec::new();
        let collision = (0u32..1_000_000).find_map(|n| {
            let code = format!("91370117{n:010}");
            codes.push(code.clone());
            seen.insert(code_hash(&code), code.clone())
                .filter(|other| *other != code)
                .map(|other| (other, code))
        });
        let (a, b) = collision.expect("two codes with one hash");
        assert_eq!(code_hash(&a), code_hash(&b));
        let mut entities: Vec<Entity> = codes.into_iter().map(entity).collect();
        entities.sort_by(|x, y| x.uscc.cmp(&y.uscc));
        let index = CodeIndex::of(&entities);
        for code in [
            &a,
            &b,
            &entities[0].uscc,
            &entities[entities.len() - 1].uscc,
        ] {
            assert_eq!(index.find(&entities, code).map(|e| &e.uscc), Some(code));
        }
        assert!(entities.iter().step_by(997).all(|e| index
            .find(&entities, &e.uscc)
            .is_some_and(|f| f.uscc == e.uscc)));
        assert!(index.find(&entities, "91370117X000000000").is_none());
        assert!(CodeIndex::of(&[]).find(&[], &a).is_none());
    }
}
