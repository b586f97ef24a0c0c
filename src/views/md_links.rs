//! Links between a site's own files, written in Markdown as an editor (and GitHub)
//! reads them: from the Markdown file's folder. `[信用修复](credit-repair.md)` in
//! `content/guides/objection.md` means `content/guides/credit-repair.md`, and
//! `![图](img/chart.png)` in `content/notices/2024-plan.md` means
//! `content/notices/img/chart.png`. A browser reads a link from the page's address
//! instead, and a page's address is one folder deeper than its file
//! (`/notices/2024-plan/`), so both links were broken on the site: a `.md` file is
//! never written, and the image is not in the page's folder.
//!
//! [`ContentFiles::site_target`] says where such a link leads on the site. A link the
//! browser already follows to a file of the site is left as it is, so no link that
//! works in a site written for contract v1 changes.

use crate::diag::closest;
use std::collections::{BTreeMap, BTreeSet};

/// The files a Markdown link can name: pages by their Markdown file, and the files
/// copied from `content/`, all by their path below `content/` with `/` separators.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ContentFiles {
    /// `guides/credit-repair.md` → its page's path, `guides/credit-repair/`.
    pages: BTreeMap<String, String>,
    /// Markdown files that are drafts (never written).
    drafts: BTreeSet<String>,
    /// Files copied as they are (`notices/img/chart.png`).
    files: BTreeSet<String>,
}

/// What a relative `.md` link of a page names, when it is no page of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum MissingPage {
    /// The file is a draft, never written.
    Draft(String),
    /// No such Markdown file; the nearest one, if any is near.
    Absent { file: String, near: Option<String> },
}

impl ContentFiles {
    /// Notes a Markdown file (`source` below `content/`) and its page's path.
    pub fn add_page(&mut self, source: &str, page: &str, draft: bool) {
        if draft {
            self.drafts.insert(source.to_string());
        } else {
            self.pages.insert(source.to_string(), page.to_string());
        }
    }

    /// Notes a file copied to the site at `target` (its path below `content/`).
    pub fn add_file(&mut self, target: &str) {
        self.files.insert(target.to_string());
    }

    /// Where the relative link `dest` of the Markdown file `source` (below `content/`),
    /// shown on the page at `page`, leads on the site, as a path from the site root
    /// with the link's `?query` and `#anchor`: a `.md` file's page, or a file copied
    /// from `content/` that the browser would miss. `None` for any other link, which
    /// is written as it is.
    pub fn site_target(&self, source: &str, page: &str, dest: &str) -> Option<String> {
        let (path, suffix) = relative_path(dest)?;
        let from_file = join(folder_of(source), &path)?;
        if is_markdown(&path) {
            return self.pages.get(&from_file).map(|p| format!("{p}{suffix}"));
        }
        let from_page = join(page, &path);
        let browser_finds = from_page.is_some_and(|p| self.files.contains(&p));
        (self.files.contains(&from_file) && !browser_finds).then(|| format!("{from_file}{suffix}"))
    }

    /// When the relative link `dest` of the Markdown file `source` names a Markdown
    /// file that is no page of the site, what it names.
    pub fn missing_page(&self, source: &str, dest: &str) -> Option<MissingPage> {
        let (path, _) = relative_path(dest)?;
        if !is_markdown(&path) {
            return None;
        }
        let file = join(folder_of(source), &path)?;
        if self.pages.contains_key(&file) {
            None
        } else if self.drafts.contains(&file) {
            Some(MissingPage::Draft(file))
        } else {
            let near = closest(&file, self.pages.keys().map(String::as_str)).map(str::to_string);
            Some(MissingPage::Absent { file, near })
        }
    }
}

/// A relative link's path, decoded, and what follows it (`?query`, `#anchor`); `None`
/// for a link from the root, to another site (a scheme, `//`), or within the page.
fn relative_path(dest: &str) -> Option<(String, &str)> {
    let dest = dest.trim();
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(split);
    let scheme = path.find(':').is_some_and(|i| !path[..i].contains('/'));
    if path.is_empty() || path.starts_with(['/', '\\']) || scheme {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    Some((decoded, suffix))
}

fn is_markdown(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".md")
}

/// The folder of a file below `content/`, with its `/`: `guides/x.md` → `guides/`.
fn folder_of(source: &str) -> &str {
    source.rfind('/').map_or("", |i| &source[..=i])
}

/// `path` read from the folder `from` (`` or ending in `/`), with `.` and `..` taken
/// away; `None` when it climbs above the root.
fn join(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> ContentFiles {
        let mut f = ContentFiles::default();
        f.add_page("guides/credit-repair.md", "guides/credit-repair/", false);
        f.add_page("guides/objection.md", "guides/objection/", false);
        f.add_page("notices/2024-plan.md", "notices/2024-plan/", false);
        f.add_page("notices/index.md", "notices/", false);
        f.add_page("notices/draft.md", "notices/draft/", true);
        f.add_file("notices/img/chart.png");
        f.add_file("notices/2024-plan/map.png");
        f
    }

    #[test]
    fn a_markdown_link_leads_to_its_page() {
        let f = site();
        let at = |dest| f.site_target("guides/objection.md", "guides/objection/", dest);
        assert_eq!(
            at("credit-repair.md").as_deref(),
            Some("guides/credit-repair/")
        );
        assert_eq!(
            at("./credit-repair.md#steps").as_deref(),
            Some("guides/credit-repair/#steps")
        );
        assert_eq!(
            at("../notices/2024-plan.md").as_deref(),
            Some("notices/2024-plan/")
        );
        assert_eq!(at("../notices/index.md").as_deref(), Some("notices/"));
        assert_eq!(at("../notices/draft.md"), None);
        assert_eq!(at("missing.md"), None);
        assert_eq!(at("../../outside.md"), None);
    }

    #[test]
    fn a_file_is_found_from_the_markdown_file_unless_the_browser_finds_one() {
        let f = site();
        let at = |dest| f.site_target("notices/2024-plan.md", "notices/2024-plan/", dest);
        assert_eq!(
            at("img/chart.png").as_deref(),
            Some("notices/img/chart.png")
        );
        assert_eq!(
            at("img/chart.png?v=2").as_deref(),
            Some("notices/img/chart.png?v=2")
        );
        // Written from the page's address, as a v1 site may have: it works as it is.
        assert_eq!(at("../img/chart.png"), None);
        assert_eq!(at("map.png"), None);
        // Neither finds it: written as it is.
        assert_eq!(at("img/none.png"), None);
        // From an index page the two readings are one.
        let index = |dest| f.site_target("notices/index.md", "notices/", dest);
        assert_eq!(index("img/chart.png"), None);
    }

    #[test]
    fn links_from_the_root_elsewhere_or_within_the_page_are_not_read() {
        let f = site();
        for dest in [
            "/guides/credit-repair.md",
            "https://x.cn/a.md",
            "#top",
            "?q=1",
            "",
            "mailto:a@b.cn",
        ] {
            assert_eq!(
                f.site_target("guides/objection.md", "guides/objection/", dest),
                None,
                "{dest}"
            );
            assert_eq!(f.missing_page("guides/objection.md", dest), None, "{dest}");
        }
    }

    #[test]
    fn a_markdown_link_to_no_page_says_why() {
        let f = site();
        assert_eq!(
            f.missing_page("guides/objection.md", "credit-repair.md"),
            None
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "../notices/draft.md"),
            Some(MissingPage::Draft("notices/draft.md".into()))
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "credit-repar.md"),
            Some(MissingPage::Absent {
                file: "guides/credit-repar.md".into(),
                near: Some("guides/credit-repair.md".into())
            })
        );
        assert_eq!(f.missing_page("guides/objection.md", "img/chart.png"), None);
    }
}
