//! Markdown links to other Markdown files (`[信用修复](credit-repair.md)`): they are
//! read from the linking file's folder and lead to that file's page (see
//! [`crate::views::md_links`]). One that names a file that is no page of the site (a
//! typo, a moved file, a draft) would be broken, so it is a warning at the link.

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::LoadedFile;
use crate::site::Site;
use crate::views::links_in;
use crate::views::md_links::{ContentFiles, MissingPage};

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
    let mut diags = Diagnostics::new();
    for file in site.files() {
        let LoadedFile::Page(p) = file else { continue };
        if p.front.draft {
            continue;
        }
        for link in links_in(&p.body) {
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
