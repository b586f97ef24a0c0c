//! Markdown links to the site's own files: to other Markdown files
//! (`[信用修复](credit-repair.md)`), read from the linking file's folder and leading to
//! that file's page, and to files under `content/` (see [`crate::views::md_links`]).
//! One that names no page (a typo, a moved file, a draft) or no file would be
//! broken, so it is a warning at the link.

use crate::assemble::generated_sections;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::LoadedFile;
use crate::site::Site;
use crate::theme::load_theme;
use crate::views::links_in;
use crate::views::md_links::{ContentFiles, MissingPage};
use std::cell::OnceCell;
use std::collections::HashSet;

/// Each link of a published Markdown page to a Markdown file that is no page of the
/// site.
pub fn missing_link_pages(site: &Site) -> Diagnostics {
    let mut files = ContentFiles::default();
    for file in site.files() {
        match file {
            LoadedFile::Page(p) => files.add_page(&p.file, &p.path, p.front.draft),
            LoadedFile::Asset(a) => files.add_file(&a.target),
            _ => {}
        }
    }
    let generated = generated_sections();
    // The theme's own files, read only if a link names no file of content/.
    let theme_files: OnceCell<HashSet<String>> = OnceCell::new();
    let written_elsewhere = |path: &str| {
        let top = path.split('/').next().unwrap_or("");
        generated.contains(&top)
            || theme_files
                .get_or_init(|| match load_theme(&site.config) {
                    Ok(theme) => theme.statics.into_iter().map(|(name, _)| name).collect(),
                    Err(_) => HashSet::new(),
                })
                .contains(path)
    };
    let mut diags = Diagnostics::new();
    for file in site.files() {
        let LoadedFile::Page(p) = file else { continue };
        if p.front.draft {
            continue;
        }
        for link in links_in(&p.body) {
            let at = |problem: String, hint: String| {
                Diagnostic::new(
                    &p.src.path,
                    p.body_line + link.line - 1,
                    link.column,
                    problem,
                )
                .with_hint(hint)
                .warning()
            };
            if let Some((file, near)) =
                files.missing_file(&p.file, &p.path, &link.dest, written_elsewhere)
            {
                let how = "a link to a file under content/ is read from the folder of the Markdown file it is in";
                diags.push(at(
                    format!("the link `{}` leads to content/{file}, which does not exist, so it would be broken", link.dest),
                    match near {
                        Some(near) => format!("did you mean content/{near}? {how}"),
                        None => how.to_string(),
                    },
                ));
                continue;
            }
            let base_path = &site.config.base_path;
            let Some(missing) = files.missing_page(&p.file, base_path, &link.dest) else {
                continue;
            };
            let (problem, hint) = match missing {
                MissingPage::Draft(file) => (
                    format!("the link `{}` leads to content/{file}, a draft (`draft: true`), which is never published", link.dest),
                    "publish that page (take out `draft: true`) or take the link out until it is".to_string(),
                ),
                MissingPage::Outside => (
                    format!("the link `{}` leads above content/, where no page of this site is", link.dest),
                    "a link to a Markdown file is read from the folder of the file it is in".to_string(),
                ),
                MissingPage::Absent { file, near } => {
                    let how = if link.dest.contains('\\') {
                        "write `/` between folders, not `\\`; a link to a Markdown file is read from the folder of the file it is in"
                    } else {
                        "a link to a Markdown file is read from the folder of the file it is in"
                    };
                    (
                        format!("the link `{}` leads to content/{file}, which is no page of this site, so it would be broken", link.dest),
                        match near {
                            Some(near) => format!("did you mean content/{near}? {how}"),
                            None => how.to_string(),
                        },
                    )
                }
            };
            diags.push(at(problem, hint));
        }
    }
    diags
}
