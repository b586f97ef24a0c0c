//! Assemble: gathers each enterprise's records into one credit file (一企一档) and
//! plans every page of the site ([`SiteModel`]). Nothing is rendered here.

use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::kinds::{KindId, KindPage, Link, REGISTRY};
use crate::model::Day;
use crate::publish::PublicSite;
use crate::urls;
use rayon::prelude::*;
use std::any::Any;
use std::collections::{HashMap, HashSet};

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
}

impl SiteModel {
    /// The entity with this USCC (entities are sorted by USCC).
    pub fn entity_of(&self, uscc: Option<&str>) -> Option<&Entity> {
        let u = uscc?;
        self.entities
            .binary_search_by(|e| e.uscc.as_str().cmp(u))
            .ok()
            .map(|i| &self.entities[i])
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
                if named.is_none_or(|(_, date)| l.date > date) {
                    named = Some((l.name, l.date));
                }
                links.push((kind, l.index));
                at[kind] += 1;
            }
        }
        entities.push(Entity {
            uscc: uscc.to_string(),
            name: named.map_or_else(String::new, |(name, _)| name.to_string()),
            links,
        });
    }
    entities
}

/// Top folders whose pages are generated from data.
pub fn generated_sections() -> Vec<&'static str> {
    let mut sections = vec![urls::ENTITIES.trim_end_matches('/')];
    sections.extend(REGISTRY.iter().flat_map(|k| k.sections().iter().copied()));
    sections.push(urls::SEARCH.trim_end_matches('/'));
    sections.push(urls::DATA.trim_end_matches('/'));
    sections
}

/// Generated paths are unique by construction (USCCs, decision ids and file names
/// are); only a Markdown page can land on a taken path.
fn check_page_paths(model: &SiteModel) -> Diagnostics {
    let generated = generated_sections();
    let mut diags = Diagnostics::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, page) in model.site.pages.iter().enumerate() {
        if Some(i) == model.home_page {
            continue;
        }
        let top = page.path.split('/').next().unwrap_or("");
        let clash = if generated.contains(&top) {
            Some(format!("the generated section /{top}/"))
        } else {
            seen.insert(&page.path, i)
                .map(|other| format!("{}", model.site.pages[other].source.display()))
        };
        if let Some(other) = clash {
            let (last, rest) = generated.split_last().unwrap_or((&"", &[]));
            diags.push(
                Diagnostic::whole_file(
                    &page.source,
                    format!(
                        "this page would be written to /{}, which is taken by {other}",
                        page.path
                    ),
                )
                .with_hint(format!(
                    "rename or move the file; the folders {} and {last} are generated",
                    rest.join(", ")
                )),
            );
        }
    }
    diags
}

/// Two listing pages that would be written to the same address: a data file named
/// like the page of another (`grades/2024/page/2.yaml` beside `grades/2024.yaml`).
/// Records and credit files have ids that cannot collide; listings are checked.
fn check_listing_paths(model: &SiteModel) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut seen: HashMap<String, PageSpec> = HashMap::new();
    for &spec in &model.pages {
        let PageSpec::Kind(kind, page @ (KindPage::Index { .. } | KindPage::Group { .. })) = spec
        else {
            continue;
        };
        let path = model.path_of(spec);
        if let Some(other) = seen.insert(path.clone(), spec) {
            let describe = |s: PageSpec| match s {
                PageSpec::Kind(k, KindPage::Group { group, page }) => {
                    let first =
                        REGISTRY[k].path(model.dataset(k), KindPage::Group { group, page: 1 });
                    format!("page {page} of /{first}")
                }
                s => format!("/{}", model.path_of(s)),
            };
            diags.push(
                Diagnostic::whole_file(
                    format!("content/{}/", REGISTRY[kind].key()),
                    format!(
                        "two pages would be written to /{path}: {} and {}",
                        describe(other),
                        describe(PageSpec::Kind(kind, page))
                    ),
                )
                .with_hint("rename the data file whose name ends in page/N: that is the address of a listing's page N"),
            );
        }
    }
    diags
}

/// Files under `content/` copied to the output where gongshi writes a file of its own
/// (a page, an export, the feed, the sitemap, the search index, a theme file): either
/// would replace the other. Also refused: a file or page whose folder has the name of
/// a file gongshi writes (`content/feed.xml/x.txt`), and an HTML file in a section
/// gongshi generates (`content/withdrawals/index.html`), even on a day when the page
/// it would pose as is not written. `theme_files` are the theme's static files.
pub fn check_asset_paths(model: &SiteModel, theme_files: &[&str]) -> Diagnostics {
    let pages = PagePaths::asked(model);
    let mut generated: ahash::AHashSet<String> = [
        "feed.xml",
        "sitemap.xml",
        "build-info.json",
        "404.html",
        "robots.txt",
        "changes.json",
        "index.html",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    generated.extend(theme_files.iter().map(|s| s.to_string()));
    for k in REGISTRY {
        for ext in ["json", "csv", "xlsx"] {
            generated.insert(format!("data/{}.{ext}", k.key()));
        }
    }
    let is_generated_file = |t: &str| {
        generated.contains(t)
            || (t.starts_with("sitemap-") && t.ends_with(".xml"))
            || t.strip_suffix("index.html")
                .is_some_and(|d| pages.pages.contains(d))
    };
    // The folders of `t` that are files gongshi writes.
    let file_as_folder = |t: &str| {
        t.match_indices('/')
            .map(|(i, _)| &t[..i])
            .find(|dir| is_generated_file(dir))
            .map(str::to_string)
    };
    let sections = generated_sections();
    let root = &model.site.config.root;
    let mut diags = Diagnostics::new();
    for page in &model.site.pages {
        if let Some(dir) = file_as_folder(&page.path) {
            diags.push(
                Diagnostic::whole_file(
                    &page.source,
                    format!("this page would be written to /{}, inside /{dir}, which is a file gongshi writes", page.path),
                )
                .with_hint("rename or move the folder"),
            );
        }
    }
    for a in &model.site.assets {
        let t = a.target.as_str();
        let page_dir = t
            .strip_suffix("index.html")
            .filter(|d| pages.pages.contains(*d));
        let is_dir_of_page = pages.folders.contains(t);
        let top = t.split('/').next().unwrap_or("");
        let lower = t.to_ascii_lowercase();
        let html_in_section = t.contains('/')
            && sections.contains(&top)
            && (lower.ends_with(".html") || lower.ends_with(".htm"));
        let what = if t.starts_with("search/") {
            Some("the search index (search/)".to_string())
        } else if let Some(dir) = page_dir {
            Some(format!("the generated page /{dir}"))
        } else if is_generated_file(t) {
            Some(format!("the generated file /{t}"))
        } else if is_dir_of_page {
            Some(format!("the generated folder /{t}/"))
        } else if let Some(dir) = file_as_folder(t) {
            Some(format!("the file /{dir} (so /{dir} cannot be a folder)"))
        } else if html_in_section {
            Some(format!(
                "the pages of /{top}/ (an HTML file there would pose as one)"
            ))
        } else {
            None
        };
        if let Some(what) = what {
            diags.push(
                Diagnostic::whole_file(
                    display_path(root, &a.source),
                    format!("this file would be copied to /{t}, where gongshi writes {what}"),
                )
                .with_hint("rename or move the file"),
            );
        }
    }
    diags
}

/// Of all page paths, the few that [`check_asset_paths`] asks about, found in one pass
/// over the pages instead of a set of every path (1.4 million at province scale).
struct PagePaths {
    /// Asked-about folders (`a/b/`) that are pages.
    pages: HashSet<String>,
    /// Asset targets (`a/b`) that are folders holding a page.
    folders: HashSet<String>,
}

impl PagePaths {
    fn asked(model: &SiteModel) -> PagePaths {
        let targets = model.site.assets.iter().map(|a| a.target.as_str());
        let mut asked_pages: HashSet<&str> = HashSet::new();
        for t in targets
            .clone()
            .chain(model.site.pages.iter().map(|p| p.path.as_str()))
        {
            let folders = t.match_indices('/').map(|(i, _)| &t[..i]);
            for s in folders.chain([t]) {
                asked_pages.insert(s.strip_suffix("index.html").unwrap_or(s));
            }
        }
        let asked_folders: HashSet<&str> = targets.collect();
        let mut found = PagePaths {
            pages: HashSet::new(),
            folders: HashSet::new(),
        };
        if asked_pages.is_empty() {
            return found;
        }
        // A page can only be asked about under the top folder of an asked path: the
        // credit files and a kind's pages are not even named when none is asked for
        // there (the common case: no asset or Markdown page in those sections).
        let tops: HashSet<&str> = asked_pages
            .iter()
            .chain(&asked_folders)
            .map(|p| p.split('/').next().unwrap_or(""))
            .collect();
        let in_asked_top = |section: &str| tops.contains(section.trim_end_matches('/'));
        let credit_files = in_asked_top(urls::ENTITIES);
        let kinds: Vec<bool> = REGISTRY
            .iter()
            .map(|k| k.sections().iter().any(|s| in_asked_top(s)))
            .collect();
        for &spec in &model.pages {
            match spec {
                PageSpec::Entity(_) if !credit_files => continue,
                PageSpec::Kind(kind, _) if !kinds[kind] => continue,
                _ => {}
            }
            let path = model.path_of(spec);
            for (i, _) in path.match_indices('/') {
                if asked_folders.contains(&path[..i]) {
                    found.folders.insert(path[..i].to_string());
                }
            }
            if asked_pages.contains(path.as_str()) {
                found.pages.insert(path);
            }
        }
        found
    }
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
    let model = SiteModel {
        site,
        entities,
        pages,
        home_page,
        folders,
    };
    let mut diags = check_page_paths(&model);
    diags.extend(check_listing_paths(&model));
    diags.into_result(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`PagePaths::asked`] skips credit files and a kind's pages by their top folder.
    #[test]
    fn generated_pages_lie_in_their_sections() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let day = Day::parse("2026-11-23").unwrap();
        let site = crate::site::Site::open(root, None, Some(day)).unwrap();
        let theme = crate::theme::load_theme(&site.config.root, &site.config.theme);
        let (model, _, _) = crate::plan::plan(&site, theme, &mut Vec::new()).unwrap();
        let mut seen = 0;
        for &spec in &model.pages {
            let path = model.path_of(spec);
            let top = path.split('/').next().unwrap_or("");
            match spec {
                PageSpec::Entity(_) => assert_eq!(format!("{top}/"), urls::ENTITIES),
                PageSpec::Kind(kind, _) => {
                    assert!(REGISTRY[kind].sections().contains(&top), "{path}");
                    seen += 1;
                }
                _ => {}
            }
        }
        assert!(seen > 20, "{seen} pages of kinds");
    }
}
