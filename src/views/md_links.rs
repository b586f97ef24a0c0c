//! Links between a site's own files, written in Markdown as an editor (and GitHub)
//! reads them: from the Markdown file's folder. `[信用修复](credit-repair.md)` in
//! `content/guides/objection.md` means `content/guides/credit-repair.md`, and
//! `![图](img/chart.png)` in `content/notices/2024-plan.md` means
//! `content/notices/img/chart.png`. A browser reads a link from the page's address
//! instead, and a page's address is one folder deeper than its file
//! (`/notices/2024-plan/`), so both links were broken on the site: a `.md` file is
//! never written, and the image is not in the page's folder.
//!
//! [`LinkTargets::site_target`] says where such a link leads on the site. A link the
//! browser may already follow to something the site writes (a file copied from
//! `content/`, a page, a generated section's page or file, anything at the site root)
//! is left as it is, so no link that works in a site written for contract v1
//! changes.

use crate::diag::closest;
use crate::load::is_page_name;
use crate::urls::{
    below_sub_path, encode_path, join, DATA_SECTION as DATA, SEARCH_SECTION as SEARCH,
};
use std::collections::{BTreeMap, BTreeSet};

/// What a Markdown link can name: pages by their Markdown file, and the files copied
/// from `content/`, all by their path below `content/` with `/` separators; and the
/// generated sections, whose pages a link may name by their address.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkTargets {
    /// `guides/credit-repair.md` → its page's path, `guides/credit-repair/`.
    pages: BTreeMap<String, String>,
    /// The pages' paths (`guides/credit-repair/`).
    page_paths: BTreeSet<String>,
    /// The generated sections (`penalties`, `data`).
    sections: BTreeSet<String>,
    /// The exports (`data/penalties.csv`).
    exports: BTreeSet<String>,
    /// Markdown files that are drafts (never written).
    drafts: BTreeSet<String>,
    /// Files copied as they are (`notices/img/chart.png`).
    files: BTreeSet<String>,
    /// Files under `content/` that are never published (a person's 承诺书).
    unpublished: BTreeSet<String>,
}

/// What a relative link to a file names, when the site has no such file.
#[derive(Debug, PartialEq, Eq)]
pub enum MissingFile {
    /// No such file; the nearest file of `content/`, if any is near.
    Absent { file: String, near: Option<String> },
    /// The file is under `content/` but never published.
    Unpublished(String),
    /// A file under `data/` that is none of the exports; the nearest export.
    NoExport { file: String, near: Option<String> },
}

/// What a relative `.md` link of a page names, when it is no page of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum MissingPage {
    /// The file is a draft, never written.
    Draft(String),
    /// No such Markdown file; the nearest one, if any is near.
    Absent { file: String, near: Option<String> },
    /// A path that climbs above `content/`.
    Outside,
}

impl LinkTargets {
    /// No pages or files yet; the generated sections are `sections` (`penalties`).
    pub fn new<'a>(sections: impl IntoIterator<Item = &'a str>) -> LinkTargets {
        LinkTargets {
            sections: sections.into_iter().map(str::to_string).collect(),
            ..LinkTargets::default()
        }
    }

    /// The generated sections and the exports, as every build writes them; no pages
    /// or files of `content/` yet.
    pub fn generated() -> LinkTargets {
        let mut targets = LinkTargets::new(crate::assemble::generated_sections());
        targets.exports.extend(crate::exports::export_paths());
        targets
    }

    /// Notes a Markdown file (`source` below `content/`) and its page's path.
    pub fn add_page(&mut self, source: &str, page: &str, draft: bool) {
        if draft {
            self.drafts.insert(source.to_string());
        } else {
            self.pages.insert(source.to_string(), page.to_string());
            self.page_paths.insert(page.to_string());
        }
    }

    /// Whether the site writes something at `path` (from the site root, decoded),
    /// as far as these targets know: a file copied from `content/`, a Markdown page
    /// (its folder, with or without the slash, or its `index.html`), a generated
    /// section's page, an export, or any file of the search index.
    pub fn has(&self, path: &str) -> bool {
        let top = path.split('/').next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        let page = path.strip_suffix("index.html").unwrap_or(path);
        self.files.contains(path)
            || self.exports.contains(path)
            || self.page_paths.contains(page)
            || self.page_paths.contains(&format!("{page}/"))
            || self.is_folder_page(page)
            || (self.sections.contains(top)
                && (top == SEARCH || !last.contains('.') || last == "index.html"))
    }

    /// Whether a folder of Markdown pages has its index page at `path` (`notices/`, or
    /// `notices` as a browser asks for it), as every folder above a page does.
    fn is_folder_page(&self, path: &str) -> bool {
        let folder = format!("{}/", path.trim_end_matches('/'));
        folder != "/"
            && self
                .page_paths
                .range(folder.clone()..)
                .next()
                .is_some_and(|p| p.starts_with(&folder))
    }

    /// The file copied from `content/` or the export nearest to `path`, if any is near.
    pub fn nearest_file(&self, path: &str) -> Option<&str> {
        closest(
            path,
            self.files.iter().chain(&self.exports).map(String::as_str),
        )
    }

    /// Notes an export the build writes (`data/penalties.csv`).
    pub fn add_export(&mut self, path: &str) {
        self.exports.insert(path.to_string());
    }

    /// Notes a file copied to the site at `target` (its path below `content/`).
    pub fn add_file(&mut self, target: &str) {
        self.files.insert(target.to_string());
    }

    /// Notes a file under `content/` (at `target` below it) that is never published.
    pub fn add_unpublished(&mut self, target: &str) {
        self.unpublished.insert(target.to_string());
    }

    /// Where the link `dest` of the Markdown file `source` (below `content/`), shown
    /// on the page at `page`, leads on the site, as an encoded path from the site root
    /// with the link's `?query` and `#anchor`: a `.md` file's page (for a relative link
    /// or one from the root, `base_path` taken off), or a file copied from `content/`
    /// that the browser would miss. `None` for any other link, which is written as it
    /// is (a link from the root to anything but a page's file is made relative
    /// elsewhere).
    pub fn site_target(
        &self,
        source: &str,
        page: &str,
        base_path: &str,
        dest: &str,
    ) -> Option<String> {
        let link = Link::read(dest, base_path)?;
        let target = if is_page_name(&link.path) {
            self.pages.get(&link.below_content(source)?)?.clone()
        } else if link.from_root {
            return None;
        } else {
            let from_file = link.below_content(source)?;
            // Anything at the root may be the theme's or a generated file.
            let browser_finds =
                join(page, &link.path).is_none_or(|p| !p.contains('/') || self.has(&p));
            if !self.files.contains(&from_file) || browser_finds {
                return None;
            }
            from_file
        };
        Some(format!("{}{}", encode_path(&target), link.suffix))
    }

    /// Whether the link `dest` of the Markdown file `source`, shown on the page at
    /// `page`, names a file of `content/` that is not published (read from the file's
    /// folder or from the page's address), where the browser finds nothing the site
    /// writes: the page writes it as `#`, so that the file's name (a person's, in a
    /// 承诺书's) is not published in its address.
    pub fn names_withheld(&self, source: &str, page: &str, base_path: &str, dest: &str) -> bool {
        let Some(link) = Link::read(dest, base_path).filter(|l| !is_page_name(&l.path)) else {
            return false;
        };
        let from = if link.from_root { "" } else { page };
        let from_page = join(from, &link.path);
        if from_page.as_deref().is_some_and(|p| self.has(p)) {
            return false;
        }
        [link.below_content(source), from_page]
            .iter()
            .flatten()
            .any(|p| self.unpublished.contains(p))
    }

    /// When the link `dest` of the Markdown file `source` names a Markdown file that is
    /// no page of the site, what it names.
    pub fn missing_page(&self, source: &str, base_path: &str, dest: &str) -> Option<MissingPage> {
        let link = Link::read(dest, base_path).filter(|l| is_page_name(&l.path))?;
        let Some(file) = link.below_content(source) else {
            return Some(MissingPage::Outside);
        };
        if self.pages.contains_key(&file) {
            None
        } else if self.drafts.contains(&file) {
            Some(MissingPage::Draft(file))
        } else {
            // A name in other letter case (saved on Windows), else the nearest.
            let lower = file.to_lowercase();
            let near = self
                .pages
                .keys()
                .find(|p| p.to_lowercase() == lower)
                .map(String::as_str)
                .or_else(|| closest(&file, self.pages.keys().map(String::as_str)))
                .map(str::to_string);
            Some(MissingPage::Absent { file, near })
        }
    }

    /// When the relative link `dest` of the Markdown file `source`, shown on the page at
    /// `page`, names a file (`files/plan.pdf`) that the site does not publish: read
    /// from `source` and from `page`, it is no file copied from `content/`, no page,
    /// and not what `written_elsewhere` says the build writes (the exports, the search
    /// index, the root's files, the theme's files).
    pub fn missing_file(
        &self,
        source: &str,
        page: &str,
        dest: &str,
        written_elsewhere: impl Fn(&str) -> bool,
    ) -> Option<MissingFile> {
        let link = Link::read(dest, "/").filter(|l| !l.from_root && !is_page_name(&l.path))?;
        let name = link.path.rsplit('/').next().unwrap_or("");
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        if ext.is_empty() || ext == "html" || ext == "htm" {
            return None;
        }
        let from_file = link.below_content(source);
        let from_page = join(page, &link.path);
        let readings: Vec<&str> = [&from_file, &from_page]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if readings.is_empty()
            || from_file.as_ref().is_some_and(|f| self.files.contains(f))
            || from_page
                .as_deref()
                .is_some_and(|p| self.has(p) || written_elsewhere(p))
        {
            return None;
        }
        if let Some(r) = readings.iter().find(|r| self.unpublished.contains(**r)) {
            return Some(MissingFile::Unpublished(r.to_string()));
        }
        let file = readings[0].to_string();
        if file.starts_with(DATA) && file[DATA.len()..].starts_with('/') {
            let near = closest(&file, self.exports.iter().map(String::as_str)).map(str::to_string);
            return Some(MissingFile::NoExport { file, near });
        }
        let near = closest(&file, self.files.iter().map(String::as_str)).map(str::to_string);
        Some(MissingFile::Absent { file, near })
    }
}

/// A link to an address of this site (`other/`, `/guides/objection/`, `a.html`) where
/// the site writes no page.
#[derive(Debug, PartialEq, Eq)]
pub struct MissingAddress {
    /// The address as the browser reads it, from the site root (`notices/other/`).
    pub path: String,
    /// The nearest page's address, if any is near.
    pub near: Option<String>,
}

impl LinkTargets {
    /// When the link `dest` of the page at `page` names an address of this site (a
    /// folder, a name without an extension, an `.html` file), read as a browser reads
    /// it, where the build writes nothing: neither a page, a folder's index, a
    /// generated section, nor what `written_elsewhere` says (the root's files, the
    /// theme's). A link from the root is read from the site's root, as the page writes
    /// it, with or without the sub-path. A relative link that climbs above the site
    /// leads to the portal around it and is not checked; nor is an address inside a
    /// generated section (`penalties/…`).
    pub fn missing_address(
        &self,
        source: &str,
        page: &str,
        base_path: &str,
        dest: &str,
        written_elsewhere: impl Fn(&str) -> bool,
    ) -> Option<MissingAddress> {
        let link = Link::read(dest, base_path).filter(|l| !is_page_name(&l.path))?;
        let name = link.path.rsplit('/').next().unwrap_or("");
        let lower = name.to_ascii_lowercase();
        if name.contains('.') && !lower.ends_with(".html") && !lower.ends_with(".htm") {
            return None;
        }
        // A file copied from `content/` that the link names from the Markdown file's
        // folder: the page leads there (see [`LinkTargets::site_target`]).
        if link
            .below_content(source)
            .is_some_and(|f| self.files.contains(&f))
        {
            return None;
        }
        let from = if link.from_root { "" } else { page };
        let path = join(from, &link.path)?;
        // A folder's address is served by its `index.html` (a file of `content/` or of
        // the theme).
        let index = format!("{}/index.html", path.trim_end_matches('/'));
        let found = |p: &str| self.has(p) || written_elsewhere(p);
        if path.is_empty() || found(&path) || found(&index) {
            return None;
        }
        let near = closest(&path, self.page_paths.iter().map(String::as_str)).map(str::to_string);
        Some(MissingAddress { path, near })
    }
}

/// A link to this site, as written in Markdown.
struct Link<'a> {
    /// Its path, decoded, from the site root when `from_root`, else relative.
    path: String,
    from_root: bool,
    /// What follows the path: `?query`, `#anchor`, as written.
    suffix: &'a str,
}

impl<'a> Link<'a> {
    /// `None` for a link to another site (a scheme, `//`), within the page (`#top`),
    /// or that does not decode.
    fn read(dest: &'a str, base_path: &str) -> Option<Link<'a>> {
        let dest = dest.trim();
        let split = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split);
        let scheme = path.find(':').is_some_and(|i| !path[..i].contains('/'));
        if path.is_empty() || path.starts_with("//") || path.starts_with('\\') || scheme {
            return None;
        }
        let (path, from_root) = match path.strip_prefix('/') {
            Some(rest) => (below_sub_path(rest, base_path), true),
            None => (path, false),
        };
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?
            .into_owned();
        Some(Link {
            path,
            from_root,
            suffix,
        })
    }

    /// The file it names below `content/`, read from the folder of `source` when it is
    /// relative; `None` when it climbs above `content/`.
    fn below_content(&self, source: &str) -> Option<String> {
        let from = if self.from_root {
            ""
        } else {
            folder_of(source)
        };
        join(from, &self.path)
    }
}

/// The folder of a file below `content/`, with its `/`: `guides/x.md` → `guides/`.
fn folder_of(source: &str) -> &str {
    source.rfind('/').map_or("", |i| &source[..=i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> LinkTargets {
        let mut f = LinkTargets::new(["data", "penalties", "search"]);
        f.add_export("data/penalties.csv");
        f.add_page("guides/credit-repair.md", "guides/credit-repair/", false);
        f.add_page("guides/objection.md", "guides/objection/", false);
        f.add_page("notices/2024-plan.md", "notices/2024-plan/", false);
        f.add_page("notices/index.md", "notices/", false);
        f.add_page("notices/draft.md", "notices/draft/", true);
        f.add_page("notices/2024.03-plan.md", "notices/2024.03-plan/", false);
        f.add_file("notices/img/chart.png");
        f.add_file("notices/2024-plan/map.png");
        f.add_unpublished("notices/person.pdf");
        f
    }

    #[test]
    fn a_markdown_link_leads_to_its_page() {
        let f = site();
        let at = |dest| f.site_target("guides/objection.md", "guides/objection/", "/xyjt/", dest);
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
        // From the site root, with or without the sub-path, as the contract writes.
        assert_eq!(
            at("/guides/credit-repair.md").as_deref(),
            Some("guides/credit-repair/")
        );
        assert_eq!(
            at("/xyjt/notices/2024-plan.md#a").as_deref(),
            Some("notices/2024-plan/#a")
        );
        assert_eq!(at("/guides/").as_deref(), None);
    }

    #[test]
    fn a_target_is_written_encoded_and_markdown_is_any_case() {
        let mut f = site();
        f.add_page("guides/c#.md", "guides/c#/", false);
        f.add_page("guides/旧指南.markdown", "guides/旧指南/", false);
        f.add_file("guides/100%.txt");
        let at = |dest| f.site_target("guides/objection.md", "guides/objection/", "/", dest);
        assert_eq!(at("c%23.md").as_deref(), Some("guides/c%23/"));
        assert_eq!(
            at("100%25.txt?x#y").as_deref(),
            Some("guides/100%25.txt?x#y")
        );
        assert_eq!(
            at("旧指南.markdown").as_deref(),
            Some("guides/%E6%97%A7%E6%8C%87%E5%8D%97/")
        );
        assert_eq!(at("Credit-Repair.MD"), None);
    }

    #[test]
    fn a_file_is_found_from_the_markdown_file_unless_the_browser_finds_one() {
        let f = site();
        let at = |dest| f.site_target("notices/2024-plan.md", "notices/2024-plan/", "/xyjt/", dest);
        assert_eq!(
            at("img/chart.png").as_deref(),
            Some("notices/img/chart.png")
        );
        assert_eq!(
            at("img/chart.png?v=2").as_deref(),
            Some("notices/img/chart.png?v=2")
        );
        // Written from the page's address, as a v1 site may have: it works as it is,
        // and so does a link the browser reads as a page, a generated page or file,
        // or anything at the root (the theme's files).
        assert_eq!(at("../img/chart.png"), None);
        assert_eq!(at("map.png"), None);
        let mut both = site();
        both.add_page("notices/b.md", "notices/b/", false);
        both.add_file("b/index.html");
        both.add_file("style.css");
        both.add_file("notices/style.css");
        both.add_file("penalties/a.pdf");
        let at = |dest| both.site_target("notices/a.md", "notices/a/", "/", dest);
        assert_eq!(at("../b/index.html"), None, "the page of notices/b.md");
        assert_eq!(at("../style.css"), None, "notices/style.css");
        assert_eq!(at("../penalties/a.pdf").as_deref(), Some("penalties/a.pdf"));
        // Neither finds it: written as it is.
        assert_eq!(at("img/none.png"), None);
        // From an index page the two readings are one.
        let index = |dest| f.site_target("notices/index.md", "notices/", "/xyjt/", dest);
        assert_eq!(index("img/chart.png"), None);
    }

    #[test]
    fn links_elsewhere_within_the_page_or_from_the_root_to_a_file_are_not_read() {
        let f = site();
        for dest in [
            "/notices/img/chart.png",
            "//x.cn/a.md",
            "https://x.cn/a.md",
            "#top",
            "?q=1",
            "",
            "mailto:a@b.cn",
        ] {
            assert_eq!(
                f.site_target("guides/objection.md", "guides/objection/", "/xyjt/", dest),
                None,
                "{dest}"
            );
            assert_eq!(
                f.missing_page("guides/objection.md", "/xyjt/", dest),
                None,
                "{dest}"
            );
        }
    }

    #[test]
    fn a_markdown_link_to_no_page_says_why() {
        let f = site();
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "credit-repair.md"),
            None
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "../notices/draft.md"),
            Some(MissingPage::Draft("notices/draft.md".into()))
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "credit-repar.md"),
            Some(MissingPage::Absent {
                file: "guides/credit-repar.md".into(),
                near: Some("guides/credit-repair.md".into())
            })
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "img/chart.png"),
            None
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "Credit-Repair.MD"),
            Some(MissingPage::Absent {
                file: "guides/Credit-Repair.MD".into(),
                near: Some("guides/credit-repair.md".into())
            })
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "/xyjt/guides/none.md"),
            Some(MissingPage::Absent {
                file: "guides/none.md".into(),
                near: None
            })
        );
        assert_eq!(
            f.missing_page("guides/objection.md", "/xyjt/", "../../x.md"),
            Some(MissingPage::Outside)
        );
    }

    #[test]
    fn a_link_to_a_file_that_neither_reading_finds_is_named() {
        let f = site();
        let missing = |dest| {
            f.missing_file(
                "notices/2024-plan.md",
                "notices/2024-plan/",
                dest,
                |p: &str| p == "feed.xml",
            )
        };
        assert_eq!(
            missing("img/chart.pgn"),
            Some(MissingFile::Absent {
                file: "notices/img/chart.pgn".into(),
                near: Some("notices/img/chart.png".into())
            })
        );
        // Read from the page's address only, when the file's reading climbs out.
        assert_eq!(
            missing("../../../img/chart.pgn"),
            None,
            "above the site either way"
        );
        assert_eq!(
            missing("../../notices/img/chart.pgn"),
            Some(MissingFile::Absent {
                file: "notices/img/chart.pgn".into(),
                near: Some("notices/img/chart.png".into())
            })
        );
        assert_eq!(
            missing("person.pdf"),
            Some(MissingFile::Unpublished("notices/person.pdf".into()))
        );
        assert_eq!(
            missing("../../data/penalty.csv"),
            Some(MissingFile::NoExport {
                file: "data/penalty.csv".into(),
                near: Some("data/penalties.csv".into())
            })
        );
        // Found by either reading, generated, at the site root, a page, or elsewhere.
        for dest in [
            "img/chart.png",
            "../img/chart.png",
            "../../data/penalties.csv",
            "../../search/manifest.json",
            "../../feed.xml",
            "other/",
            "../2024-plan/",
            "../2024.03-plan",
            "../../guides/credit-repair",
            "x.md",
            "page.html",
            "/files/none.pdf",
            "https://x.cn/none.pdf",
            "noextension",
        ] {
            assert_eq!(missing(dest), None, "{dest}");
        }
    }

    #[test]
    fn an_address_where_the_site_writes_no_page_is_missing() {
        let f = site();
        let root_files = |p: &str| p == "404.html";
        let at =
            |page: &str, dest: &str| f.missing_address("x.md", page, "/xyjt/", dest, root_files);
        for (page, dest) in [
            ("guides/objection/", "../credit-repair/"),
            ("guides/objection/", "../credit-repair"),
            ("guides/objection/", "/guides/credit-repair/#how"),
            ("guides/objection/", "/xyjt/notices/"),
            ("guides/objection/", "/xyjt"),
            ("guides/objection/", "/"),
            ("guides/objection/", "/guides/"),
            ("notices/2024-plan/", "../"),
            ("guides/objection/", "/penalties/page/2/"),
            ("guides/objection/", "/search/?q=甲"),
            ("guides/objection/", "/404.html"),
            ("guides/objection/", "../../../portal/"),
            ("guides/objection/", "https://example.com/a/"),
            ("guides/objection/", "/files/a.pdf"),
            ("guides/objection/", "credit-repair.md"),
        ] {
            assert_eq!(at(page, dest), None, "{dest}");
        }
        let missing = |page: &str, dest: &str| at(page, dest).map(|m| (m.path, m.near));
        assert_eq!(
            missing("guides/objection/", "other/"),
            Some(("guides/objection/other/".into(), None))
        );
        assert_eq!(
            missing("guides/objection/", "/xyjt/guides/credit-repiar/"),
            Some((
                "guides/credit-repiar/".into(),
                Some("guides/credit-repair/".into())
            ))
        );
        assert_eq!(
            missing("notices/", "/about.html").map(|m| m.0),
            Some("about.html".into())
        );
    }
}
