//! The menu of site.yaml (`menu`): a link to a page of the site that no Markdown page
//! makes, or to a file the site does not write, is on every page, and broken on every
//! page, so it is a warning naming the link. Pages are checked against what the
//! site's own files make (Markdown pages and their folders, files under `content/`, a
//! theme's own pages); a page path into a generated section (`penalties/`,
//! `entities/…`) is not checked. Files are checked against what the build writes
//! (see [`SiteFiles`]).

use super::page_links::SiteFiles;
use crate::assemble::generated_sections;
use crate::diag::{closest, Diagnostics};
use crate::load::LoadedFile;
use crate::site::Site;
use crate::urls::menu_target;
use crate::yaml::Source;
use std::collections::BTreeSet;

/// Each menu link to a page of the site that no Markdown page (or folder of pages)
/// makes, named at its value in `src`, the text of site.yaml.
pub fn missing_menu_pages(site: &Site, src: &Source<'_>, known: &SiteFiles<'_>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let menu = &site.config.menu;
    if menu.is_empty() {
        return diags;
    }
    // The published pages of Markdown files (not drafts), the folders that hold them
    // (each has an index), and the folders of HTML files copied from content/.
    let mut pages: BTreeSet<&str> = BTreeSet::new();
    for file in site.files() {
        match file {
            LoadedFile::Page(p) if !p.front.draft => {
                pages.insert(&p.path);
                for (i, _) in p.path.match_indices('/') {
                    pages.insert(&p.path[..=i]);
                }
            }
            LoadedFile::Asset(a) => {
                if let Some(folder) = a.target.strip_suffix("index.html") {
                    pages.insert(folder);
                }
            }
            _ => {}
        }
    }
    let generated = generated_sections();
    let whole = src.outline.whole();
    let items = src.outline.items_of("menu");
    for (i, m) in menu.iter().enumerate() {
        let at = items.get(i).copied().unwrap_or(whole);
        if let Some(file) = local_file(&m.path).filter(|f| !known.writes(f)) {
            let how = "a file's path is its path below content/ (content/files/a.pdf is files/a.pdf), or an export's (data/penalties.xlsx)";
            let hint = match known.targets.nearest_file(&file) {
                Some(near) => format!("did you mean {near}? {how}"),
                None => how.to_string(),
            };
            diags.push(
                src.at(at, &["path"], format!("menu `{}`: this site writes no file at /{file}, so the link would be broken on every page", m.title))
                    .with_hint(hint)
                    .warning(),
            );
            continue;
        }
        let Some(page) = local_page(&m.path) else {
            continue;
        };
        let top = page.split('/').next().unwrap_or("");
        // A theme may bring a page of its own among its static files.
        let in_theme = || known.written_elsewhere(&format!("{page}index.html"));
        if page.is_empty()
            || generated.contains(&top)
            || pages.contains(page.as_str())
            || in_theme()
        {
            continue;
        }
        let how = "a page's path is its file's below content/: content/notices/2024-plan.md is notices/2024-plan/";
        let near = closest(&page, pages.iter().copied().filter(|p| !p.is_empty()));
        let hint = match near {
            Some(near) => format!("did you mean {near}? {how}"),
            None => how.to_string(),
        };
        diags.push(
            src.at(
                at,
                &["path"],
                format!(
                    "menu `{}`: no page of this site is at /{page}, so the link would be broken on every page",
                    m.title
                ),
            )
            .with_hint(hint)
            .warning(),
        );
    }
    diags
}

/// The page a menu path names on this site, as `notices/` (`` for the home page);
/// `None` for an address elsewhere, a file (`feed.xml`, `docs/a.pdf`) or a path with
/// `..` (which the portal check refuses).
fn local_page(path: &str) -> Option<String> {
    let page = menu_target(path)?.page;
    let is_page = page.is_empty() || page.ends_with('/');
    (is_page && !page.split('/').any(|p| p == "..")).then_some(page)
}

/// The file a menu path names on this site, as `files/a.pdf`; `None` for a page, an
/// address elsewhere or a path with `..`.
fn local_file(path: &str) -> Option<String> {
    let file = menu_target(path)?.page;
    let is_file = !file.is_empty() && !file.ends_with('/');
    (is_file && !file.split('/').any(|p| p == "..")).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::{local_file, local_page};

    #[test]
    fn a_menu_path_names_a_file_by_its_path() {
        assert_eq!(local_file("files/a.pdf").as_deref(), Some("files/a.pdf"));
        assert_eq!(
            local_file("/data/penalties.xlsx#x").as_deref(),
            Some("data/penalties.xlsx")
        );
        for not_a_file in ["notices/", "", "https://www.gov.cn/a.pdf", "../a.pdf"] {
            assert_eq!(local_file(not_a_file), None, "{not_a_file}");
        }
    }

    #[test]
    fn a_menu_path_names_a_page_as_its_folder() {
        assert_eq!(local_page("notices").as_deref(), Some("notices/"));
        assert_eq!(local_page("/notices/#top").as_deref(), Some("notices/"));
        assert_eq!(local_page("./about/").as_deref(), Some("about/"));
        assert_eq!(local_page("").as_deref(), Some(""));
        assert_eq!(local_page("./").as_deref(), Some(""));
        assert_eq!(local_page("%E9%80%9A%E7%9F%A5/").as_deref(), Some("通知/"));
        for elsewhere in [
            "https://www.gov.cn/",
            "//cdn.x/",
            "feed.xml",
            "docs/a.pdf",
            "../x/",
        ] {
            assert_eq!(local_page(elsewhere), None, "{elsewhere}");
        }
    }
}
