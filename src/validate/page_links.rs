//! Markdown links to the site's own files: to other Markdown files
//! (`[信用修复](credit-repair.md)`), read from the linking file's folder and leading to
//! that file's page, and to files under `content/` (see [`crate::views::md_links`]).
//! One that names no page (a typo, a moved file, a draft) or no file would be
//! broken, so it is a warning at the link.

use crate::assemble::is_root_file;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::unowned::Named;
use crate::load::LoadedFile;
use crate::site::Site;
use crate::theme::load_theme;
use crate::views::links_in;
use crate::views::md_links::{LinkTargets, MissingAddress, MissingFile, MissingPage};
use std::cell::OnceCell;
use std::collections::HashSet;

/// What the site will write, as far as checking a link needs: the targets of
/// Markdown links (pages, files copied from `content/`, the generated sections and
/// exports), the root's files, and the theme's files (read only when asked about).
pub struct SiteFiles<'a> {
    site: &'a Site,
    pub targets: LinkTargets,
    theme: OnceCell<HashSet<String>>,
}

impl<'a> SiteFiles<'a> {
    /// The files of `site`; `named` says which files of `content/` are withheld.
    pub fn of(site: &'a Site, named: &Named) -> SiteFiles<'a> {
        let mut targets = LinkTargets::generated();
        for file in site.files() {
            match file {
                LoadedFile::Page(p) => targets.add_page(&p.file, &p.path, p.front.draft),
                LoadedFile::Asset(a)
                    if named.is_personal(&a.target) || named.withheld(a).is_some() =>
                {
                    targets.add_unpublished(&a.target)
                }
                LoadedFile::Asset(a) => targets.add_file(&a.target),
                _ => {}
            }
        }
        SiteFiles {
            site,
            targets,
            theme: OnceCell::new(),
        }
    }

    /// Whether the build writes a file at `path` (from the site root, decoded) that is
    /// not one of [`LinkTargets`]: one of the root's files, or the theme's.
    pub fn written_elsewhere(&self, path: &str) -> bool {
        is_root_file(path)
            || self
                .theme
                .get_or_init(|| match load_theme(&self.site.config) {
                    Ok(theme) => theme.statics.into_iter().map(|(name, _)| name).collect(),
                    Err(_) => HashSet::new(),
                })
                .contains(path)
    }

    /// Whether the build writes a file at `path` (from the site root, decoded).
    pub fn writes(&self, path: &str) -> bool {
        self.targets.has(path) || self.written_elsewhere(path)
    }
}

/// Each link of a published Markdown page to a Markdown file that is no page of the
/// site, or to a file the site does not publish.
pub fn missing_link_targets(site: &Site, known: &SiteFiles<'_>) -> Diagnostics {
    let files = &known.targets;
    let written_elsewhere = |path: &str| known.written_elsewhere(path);
    let mut diags = Diagnostics::new();
    for file in site.files() {
        let LoadedFile::Page(p) = file else { continue };
        if p.front.draft {
            continue;
        }
        for link in links_in(&p.body) {
            let base_path = &site.config.base_path;
            let problem = match files.missing_file(&p.file, &p.path, &link.dest, written_elsewhere)
            {
                Some(missing) => file_problem(&link.dest, missing),
                None => match files.missing_page(&p.file, base_path, &link.dest) {
                    Some(missing) => page_problem(&link.dest, missing),
                    None => match files.missing_address(
                        &p.file,
                        &p.path,
                        base_path,
                        &link.dest,
                        written_elsewhere,
                    ) {
                        Some(missing) => address_problem(&link.dest, &p.path, base_path, missing),
                        None => continue,
                    },
                },
            };
            let (problem, hint) = problem;
            diags.push(
                Diagnostic::new(
                    &p.src.path,
                    p.body_line + link.line - 1,
                    link.column,
                    problem,
                )
                .with_hint(hint)
                .warning(),
            );
        }
    }
    diags
}

/// What is wrong with the link `dest`, on the page at `page`, to an address where the
/// site writes no page, and how to mend it.
fn address_problem(
    dest: &str,
    page: &str,
    base_path: &str,
    missing: MissingAddress,
) -> (String, String) {
    let problem = format!(
        "the link `{dest}` leads to {base_path}{}, where the site has no page, so it would be broken",
        missing.path
    );
    let how = if dest.starts_with('/') {
        String::new()
    } else {
        format!(" (a browser reads it from this page's address, {base_path}{page})")
    };
    let hint = match missing.near {
        Some(near) => format!("did you mean /{near}? write it from the site root, `/{near}`, to have it read so from any page{how}"),
        None => format!("write a page's address from the site root, as the site's own are written (`/penalties/`){how}"),
    };
    (problem, hint)
}

/// What is wrong with the link `dest` to a file the site does not publish, and how to
/// mend it.
fn file_problem(dest: &str, missing: MissingFile) -> (String, String) {
    let how =
        "a link to a file under content/ is read from the folder of the Markdown file it is in";
    match missing {
        MissingFile::Unpublished(file) => (
            format!("the link `{dest}` leads to content/{file}, which is never published, so it would be broken"),
            "the build withholds that file (see its own warning), and the page writes this link as `#`: take the link out".to_string(),
        ),
        MissingFile::NoExport { file, near } => (
            format!("the link `{dest}` leads to /{file}, which is none of the site's exports, so it would be broken"),
            match near {
                Some(near) => format!("did you mean /{near}? the exports are data/<kind>.csv, .json and .xlsx"),
                None => "the exports are data/<kind>.csv, .json and .xlsx".to_string(),
            },
        ),
        MissingFile::Absent { file, near } => (
            format!("the link `{dest}` leads to content/{file}, which does not exist, so it would be broken"),
            match near {
                Some(near) => format!("did you mean content/{near}? {how}"),
                None => how.to_string(),
            },
        ),
    }
}

/// What is wrong with the link `dest` to a Markdown file that is no page, and how to
/// mend it.
fn page_problem(dest: &str, missing: MissingPage) -> (String, String) {
    let how = if dest.contains('\\') {
        "write `/` between folders, not `\\`; a link to a Markdown file is read from the folder of the file it is in"
    } else {
        "a link to a Markdown file is read from the folder of the file it is in"
    };
    match missing {
        MissingPage::Draft(file) => (
            format!("the link `{dest}` leads to content/{file}, a draft (`draft: true`), which is never published"),
            "publish that page (take out `draft: true`) or take the link out until it is".to_string(),
        ),
        MissingPage::Outside => (
            format!("the link `{dest}` leads above content/, where no page of this site is"),
            how.to_string(),
        ),
        MissingPage::Absent { file, near } => (
            format!("the link `{dest}` leads to content/{file}, which is no page of this site, so it would be broken"),
            match near {
                Some(near) => format!("did you mean content/{near}? {how}"),
                None => how.to_string(),
            },
        ),
    }
}
