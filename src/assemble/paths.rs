//! Where the assembled site's files would land: a Markdown page or a file under
//! `content/` on a path gongshi writes itself, two listings on one address.

use super::{PageSpec, SiteModel};
use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::kinds::{KindPage, REGISTRY};
use crate::theme::{StaticFile, Theme};
use crate::urls;
use std::collections::{HashMap, HashSet};

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
pub(super) fn check_page_paths(model: &SiteModel) -> Diagnostics {
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
/// like the page of another (`grades/2024/page/2.yaml` beside `grades/2024.yaml`),
/// also while the other has one page only (it would be taken for that listing's page
/// 2, and would collide the day the listing grows). Records and credit files have ids
/// that cannot collide with listings (a pledge's number may not be `page`, `type` or
/// `status`, see `kinds::pledges::address_problem`; documents beside them are checked
/// as every file under content/ is); listings are checked.
pub(super) fn check_listing_paths(model: &SiteModel) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let firsts: HashSet<String> = model
        .pages
        .iter()
        .filter(|s| matches!(s, PageSpec::Kind(_, KindPage::Group { page: 1, .. })))
        .map(|&s| model.path_of(s))
        .collect();
    for path in &firsts {
        let Some((listing, n)) = path.strip_suffix('/').and_then(|p| p.rsplit_once("/page/"))
        else {
            continue;
        };
        if n.bytes().all(|b| b.is_ascii_digit()) && firsts.contains(&format!("{listing}/")) {
            let stem = path.trim_end_matches('/');
            let file = ["yaml", "yml"]
                .iter()
                .map(|ext| format!("content/{stem}.{ext}"))
                .find(|f| model.site.config.root.join(f).is_file())
                .unwrap_or_else(|| format!("content/{stem}.yaml"));
            diags.push(
                Diagnostic::whole_file(
                    file,
                    format!("a listing at /{path} would pose as page {n} of /{listing}/"),
                )
                .with_hint("rename the data file whose name ends in page/N: that is the address of a listing's page N"),
            );
        }
    }
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
/// it would pose as is not written. `theme` brings its static files, which are held to
/// the same rules (a theme's `static/robots.txt` replaced the generated one in a build
/// and not in the preview, and was missing from the change list).
pub fn check_asset_paths(model: &SiteModel, theme: &Theme) -> Diagnostics {
    let root = &model.site.config.root;
    let own_statics: Vec<(&str, std::path::PathBuf)> = theme
        .statics
        .iter()
        .filter_map(|(name, file)| match file {
            StaticFile::OnDisk(path) => Some((name.as_str(), theme.shown(path.clone()))),
            StaticFile::Builtin(_) => None,
        })
        .collect();
    let pages = PagePaths::asked(model, own_statics.iter().map(|(t, _)| *t));
    let written = Written::new(&pages);
    let mut diags = Diagnostics::new();
    for page in &model.site.pages {
        if let Some(dir) = written.file_as_folder(&page.path) {
            diags.push(
                Diagnostic::whole_file(
                    &page.source,
                    format!("this page would be written to /{}, inside /{dir}, which is a file gongshi writes", page.path),
                )
                .with_hint("rename or move the folder"),
            );
        }
    }
    let theme_files: ahash::AHashSet<&str> =
        theme.statics.iter().map(|(n, _)| n.as_str()).collect();
    for a in &model.site.assets {
        let t = a.target.as_str();
        let what = written.what_is_at(t).or_else(|| {
            theme_files
                .contains(t)
                .then(|| format!("the theme's file /{t}"))
        });
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
    // (A theme's robots.txt is the one exception: it replaces gongshi's.)
    for (t, shown) in own_statics.iter().filter(|(t, _)| *t != "robots.txt") {
        if let Some(what) = written.what_is_at(t) {
            diags.push(
                Diagnostic::whole_file(
                    shown,
                    format!("this theme file would be copied to /{t}, where gongshi writes {what}"),
                )
                .with_hint("rename or remove it"),
            );
        }
    }
    diags
}

/// The files gongshi writes at the site root (beside the sitemap's parts).
const ROOT_FILES: [&str; 6] = [
    "feed.xml",
    "sitemap.xml",
    "build-info.json",
    "404.html",
    "robots.txt",
    "index.html",
];

/// Whether gongshi writes a file of its own at `t` at the site root: the feed, the
/// sitemap and its parts (`sitemap-2.xml`), `build-info.json`…
pub fn is_root_file(t: &str) -> bool {
    ROOT_FILES.contains(&t) || (t.starts_with("sitemap-") && t.ends_with(".xml"))
}

/// Of `paths`, those at which gongshi writes a file of its own (a page, an export, the
/// feed, the search index…): a theme's static file that goes away from one of these
/// must not take gongshi's file with it in the preview.
pub fn written_by_gongshi(model: &SiteModel, paths: &[String]) -> Vec<String> {
    let pages = PagePaths::asked(model, paths.iter().map(String::as_str));
    let written = Written::new(&pages);
    paths
        .iter()
        .filter(|t| written.is_file(t) || t.starts_with("search/"))
        .cloned()
        .collect()
}

/// What gongshi writes, for [`check_asset_paths`]: its own files, the pages asked
/// about, and the sections whose HTML files are its own.
struct Written<'a> {
    files: ahash::AHashSet<String>,
    pages: &'a PagePaths,
    sections: Vec<&'static str>,
}

impl<'a> Written<'a> {
    fn new(pages: &'a PagePaths) -> Written<'a> {
        let mut files: ahash::AHashSet<String> = ROOT_FILES.iter().map(|s| s.to_string()).collect();
        files.extend(crate::exports::export_paths());
        Written {
            files,
            pages,
            sections: generated_sections(),
        }
    }

    fn is_file(&self, t: &str) -> bool {
        self.files.contains(t)
            || is_root_file(t)
            || t.strip_suffix("index.html")
                .is_some_and(|d| self.pages.pages.contains(d))
    }

    /// The folder of `t` that is a file gongshi writes.
    fn file_as_folder(&self, t: &str) -> Option<String> {
        t.match_indices('/')
            .map(|(i, _)| &t[..i])
            .find(|dir| self.is_file(dir))
            .map(str::to_string)
    }

    /// What gongshi writes at `t`, said for a message; `None`: nothing.
    fn what_is_at(&self, t: &str) -> Option<String> {
        let page_dir = t
            .strip_suffix("index.html")
            .filter(|d| self.pages.pages.contains(*d));
        let top = t.split('/').next().unwrap_or("");
        let lower = t.to_ascii_lowercase();
        let html_in_section = t.contains('/')
            && self.sections.contains(&top)
            && [".html", ".htm", ".xhtml", ".xht"]
                .iter()
                .any(|ext| lower.ends_with(ext));
        if t.starts_with("search/") {
            Some("the search index (search/)".to_string())
        } else if let Some(dir) = page_dir {
            Some(format!("the generated page /{dir}"))
        } else if self.is_file(t) {
            Some(format!("the generated file /{t}"))
        } else if self.pages.folders.contains(t) {
            Some(format!("the generated folder /{t}/"))
        } else if let Some(dir) = self.file_as_folder(t) {
            Some(format!("the file /{dir} (so /{dir} cannot be a folder)"))
        } else if html_in_section {
            Some(format!(
                "the pages of /{top}/ (an HTML file there would pose as one)"
            ))
        } else if lower != t {
            // `INDEX.HTML`, `Feed.xml`, `Data/penalties.csv`: the same file to a web
            // server or a copy that ignores the case of names.
            self.what_is_at(&lower)
                .map(|w| format!("{w} on a server that ignores the case of names (IIS, Windows)"))
        } else {
            None
        }
    }
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
    fn asked<'a>(model: &'a SiteModel, more: impl Iterator<Item = &'a str>) -> PagePaths {
        let more: Vec<&str> = more.collect();
        let targets = model
            .site
            .assets
            .iter()
            .map(|a| a.target.as_str())
            .chain(more.iter().copied());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Day;

    /// [`PagePaths::asked`] skips credit files and a kind's pages by their top folder.
    #[test]
    fn generated_pages_lie_in_their_sections() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let day = Day::parse("2026-11-23").unwrap();
        let site = crate::site::Site::open(root, None, Some(day)).unwrap();
        let theme = crate::theme::load_theme(&site.config);
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
