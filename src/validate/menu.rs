//! The menu of site.yaml (`menu`): a link to a page of the site that no Markdown page
//! makes is on every page, and broken on every page, so it is a warning naming the
//! link. Only what the site's own pages make is checked: a path into a generated
//! section (`penalties/`, `entities/…`) or to a file is left to the build.

use crate::assemble::generated_sections;
use crate::diag::{closest, Diagnostics};
use crate::load::LoadedFile;
use crate::site::Site;
use crate::yaml::Source;
use std::collections::BTreeSet;
use std::path::Path;

/// Files every build writes at the top of the site, which a menu may link to.
const TOP_FILES: &[&str] = &[
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "build-info.json",
];

/// Each menu link to a page of the site that no Markdown page (or folder of pages)
/// makes.
pub fn missing_menu_pages(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let menu = &site.config.menu;
    if menu.is_empty() {
        return diags;
    }
    // The pages of Markdown files, and the folders that hold them (each has an index).
    let mut pages: BTreeSet<&str> = BTreeSet::new();
    for file in site.files() {
        if let LoadedFile::Page(p) | LoadedFile::UnreadPage(p) = file {
            pages.insert(&p.path);
            for (i, _) in p.path.match_indices('/') {
                pages.insert(&p.path[..=i]);
            }
        }
    }
    let generated = generated_sections();
    let yaml = std::fs::read_to_string(site.config.root.join("site.yaml")).unwrap_or_default();
    let src = Source::new(Path::new("site.yaml"), &yaml, 0);
    let whole = src.outline.whole();
    let items = src
        .outline
        .top_level_block("menu")
        .map(|block| src.outline.items(block))
        .unwrap_or_default();
    for (i, m) in menu.iter().enumerate() {
        let Some(page) = local_page(&m.path) else {
            continue;
        };
        let top = page.split('/').next().unwrap_or("");
        // A theme may bring a page of its own among its static files.
        let in_theme = || {
            let statics = site.config.theme_dir().join("static");
            statics.join(&page).join("index.html").is_file()
        };
        if page.is_empty()
            || generated.contains(&top)
            || pages.contains(page.as_str())
            || in_theme()
        {
            continue;
        }
        let hint = match closest(&page, pages.iter().copied()) {
            Some(near) => format!("did you mean {near}? A page's path is its file's below content/: content/notices/2024-plan.md is notices/2024-plan/"),
            None => "a page's path is its file's below content/: content/notices/2024-plan.md is notices/2024-plan/".to_string(),
        };
        diags.push(
            src.at(
                items.get(i).copied().unwrap_or(whole),
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
/// `None` for an address elsewhere, a file, or a path the portal check refuses.
fn local_page(path: &str) -> Option<String> {
    let path = path.trim();
    if path.contains(':') || path.starts_with("//") || path.split('/').any(|p| p == "..") {
        return None;
    }
    let path = path.split(['#', '?']).next().unwrap_or("");
    // `%E9%80%9A…/` is the folder `通…/` as a browser asks for it.
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let local = path.trim_start_matches('/');
    let last = local.rsplit('/').next().unwrap_or("");
    if last.contains('.') || TOP_FILES.contains(&local) {
        return None;
    }
    Some(if local.is_empty() || local.ends_with('/') {
        local.to_string()
    } else {
        format!("{local}/")
    })
}

#[cfg(test)]
mod tests {
    use super::local_page;

    #[test]
    fn a_menu_path_names_a_page_as_its_folder() {
        assert_eq!(local_page("notices").as_deref(), Some("notices/"));
        assert_eq!(local_page("/notices/#top").as_deref(), Some("notices/"));
        assert_eq!(local_page("").as_deref(), Some(""));
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
