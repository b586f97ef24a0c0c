//! Validate: checks the loaded files against the data contract (each kind's own
//! checks, stray ID numbers, ids unique across files) and hands out the [`Checked`]
//! site, which is the only way to publish. Every problem is reported at once.

mod active;
mod attachments;
mod duplicates;
mod id_numbers;
mod menu;
mod numbers;
mod page_links;

pub use id_numbers::scan_yaml as id_numbers_in_yaml;
mod portal;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::{CheckCx, KindId, UniqueId, REGISTRY};
use crate::load::{LoadedFile, SourceText, StoodIn};
use crate::model::Day;
use crate::rules::y2023_from;
use crate::site::Site;
use crate::views::link_problems;
use duplicates::SeenIds;
use std::collections::HashSet;

/// A site whose every file passed every check. Only [`validate`] makes one.
pub struct Checked<'a> {
    site: &'a Site,
    warnings: Diagnostics,
}

impl<'a> Checked<'a> {
    pub fn config(&self) -> &'a SiteConfig {
        &self.site.config
    }

    /// Every decoded file, in path order.
    pub fn files(&self) -> impl Iterator<Item = &'a LoadedFile> {
        self.site.files()
    }

    pub fn as_of(&self) -> Day {
        self.site.as_of
    }

    /// What is probably wrong but does not stop the build.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }
}

/// The checks of one decoded file on its own (everything but ids across files).
pub fn check_file(cx: &CheckCx<'_>, file: &LoadedFile) -> Diagnostics {
    let mut diags = Diagnostics::new();
    match file {
        LoadedFile::Data(f) => {
            id_numbers::scan_data(&f.src, &mut diags);
            numbers::scan(&f.src, &mut diags);
            REGISTRY[f.kind].check(cx, &f.src, f.data.as_ref(), &mut diags);
            if let Some(s) = &f.stood_in {
                let more = stood_in_problems(cx, f.kind, &f.src, s, &diags);
                diags.extend(more);
            }
        }
        LoadedFile::Unread(u) => {
            id_numbers::scan_data(&u.src, &mut diags);
            let more = stood_in_problems(cx, u.kind, &u.src, &u.stood_in, &diags);
            diags.extend(more);
        }
        LoadedFile::Misplaced(src) => id_numbers::scan_data(src, &mut diags),
        LoadedFile::Asset(a) => diags.extend(attachments::check_asset(cx, a)),
        LoadedFile::Page(p) | LoadedFile::UnreadPage(p) => {
            id_numbers::scan_page(p, &mut diags);
            for (line, column, problem) in link_problems(&p.body) {
                diags.push(
                    Diagnostic::new(&p.src.path, p.body_line + line - 1, column, problem).with_hint(
                        "link to pages of the site with relative links, to other sites with https://; put images in content/",
                    ),
                );
            }
        }
        LoadedFile::Nothing => {}
    }
    diags
}

/// What the checks say of the records that did not decode (see [`StoodIn`]): only what
/// they say with both sets of stand-ins, away from the lines where decoding found the
/// records' problems, and not already said of the file.
fn stood_in_problems(
    cx: &CheckCx<'_>,
    kind: KindId,
    src: &SourceText,
    s: &StoodIn,
    said: &Diagnostics,
) -> Diagnostics {
    let kind = &REGISTRY[kind];
    let (mut first, mut second) = (Diagnostics::new(), Diagnostics::new());
    kind.check(cx, src, s.first.as_ref(), &mut first);
    kind.check(cx, src, s.second.as_ref(), &mut second);
    crate::yaml::said_of_both(&first, &second, &s.lines, said)
}

/// Ids used twice across all files (per kind), and one dataset written twice
/// (`dup.yml` beside `dup.yaml`: both would be the same address).
pub fn check_across<'a>(files: impl IntoIterator<Item = &'a LoadedFile>) -> Diagnostics {
    let mut seen: Vec<SeenIds<'a>> = REGISTRY.iter().map(|_| SeenIds::default()).collect();
    let mut diags = Diagnostics::new();
    let mut stems: std::collections::HashMap<std::path::PathBuf, &std::path::Path> =
        std::collections::HashMap::new();
    for file in files {
        if let Some((kind, src, ids)) = unique_ids(file) {
            seen[kind].scan(src, ids);
        }
        if let LoadedFile::Data(f) = file {
            if let Some(other) = stems.insert(f.src.path.with_extension(""), &f.src.path) {
                diags.push(
                    Diagnostic::whole_file(
                        &f.src.path,
                        format!(
                            "{} and {} are one data file written twice",
                            other.display(),
                            f.src.path.display()
                        ),
                    )
                    .with_hint("keep one of them: .yaml and .yml name the same dataset"),
                );
            }
        }
    }
    for s in seen {
        diags.extend(s.into_diagnostics());
    }
    diags
}

/// The ids of a data file's records that must be unique, with its kind and text: of
/// the records that decoded, and of those that did not where the stand-ins agree on
/// the id (see [`stood_in_ids`]).
pub fn unique_ids(file: &LoadedFile) -> Option<(KindId, &SourceText, Vec<UniqueId<'_>>)> {
    match file {
        LoadedFile::Unread(u) => Some((
            u.kind,
            &u.src,
            stood_in_ids(u.kind, &u.stood_in, Vec::new()),
        )),
        LoadedFile::Data(f) => {
            let ids = REGISTRY[f.kind].unique_ids(f.data.as_ref());
            let ids = match &f.stood_in {
                Some(s) => stood_in_ids(f.kind, s, ids),
                None => ids,
            };
            Some((f.kind, &f.src, ids))
        }
        _ => None,
    }
}

/// `ids` (of a file's records that decoded) with those of its records that did not,
/// where both sets of stand-ins give the same id: a bad date in a copied record no
/// longer hides that its decision number is used twice. In file order.
fn stood_in_ids<'a>(kind: KindId, s: &'a StoodIn, mut ids: Vec<UniqueId<'a>>) -> Vec<UniqueId<'a>> {
    // Sets: a file whose header did not decode has all its records here.
    let second: HashSet<(usize, &str, &str)> = REGISTRY[kind]
        .unique_ids(s.second.as_ref())
        .iter()
        .map(|u| (u.index, u.scope, u.id))
        .collect();
    let decoded: HashSet<usize> = ids.iter().map(|u| u.index).collect();
    for u in REGISTRY[kind].unique_ids(s.first.as_ref()) {
        if second.contains(&(u.index, u.scope, u.id)) && !decoded.contains(&u.index) {
            ids.push(u);
        }
    }
    ids.sort_by_key(|u| u.index);
    ids
}

/// `rules: auto` on a date before any profile gongshi knows was in force.
fn rules_warning(site: &Site) -> Option<Diagnostic> {
    let setting = site.config.rules;
    setting.is_guess(site.as_of).then(|| {
        let (line, column) = site.config.rules_at;
        Diagnostic::new(
            "site.yaml",
            line,
            column,
            format!(
                "no publication rules known for {}: the 2023 measures (国家发展改革委令第58号, in force from {}) are applied",
                site.as_of,
                y2023_from()
            ),
        )
        .with_hint("to say which rules applied then, set disclosure.rules: 2023 or 2026 in site.yaml")
        .warning()
    })
}

/// Checks the whole site: the problems found while loading and checking each file,
/// and those across files. Warnings alone do not stop it; they travel with the
/// [`Checked`] site.
pub fn validate(site: &Site) -> Result<Checked<'_>, Diagnostics> {
    // Files never published (a person's scan, a file in a data folder that no record
    // names) are not checked for what publishing them would reveal; the latter are
    // warned about.
    let named = crate::load::unowned::Named::of(site.files());
    let mut diags = site.file_problems(|f| {
        matches!(f, LoadedFile::Asset(a) if named.is_personal(&a.target) || named.withheld(a).is_some())
    });
    for f in site.files() {
        if let LoadedFile::Asset(a) = f {
            if let Some(why) = named.withheld(a) {
                diags.push(crate::load::unowned::warning(&site.config.root, a, why));
            } else if named.is_shared(&a.target) {
                diags.push(crate::load::unowned::shared_warning(&site.config.root, a));
            } else if let Some(folder) = crate::load::unowned::loose_in_data_folder(&a.target) {
                let root = &site.config.root;
                diags.push(crate::load::unowned::loose_warning(root, a, folder));
            }
        }
    }
    diags.extend(check_across(site.files()));
    diags.extend(rules_warning(site).into_iter().collect());
    // site.yaml's footer and menu, named at their values, as its other problems are.
    let yaml = std::fs::read_to_string(site.config.root.join("site.yaml")).unwrap_or_default();
    let src = crate::yaml::Source::new(std::path::Path::new("site.yaml"), &yaml, 0);
    diags.extend(portal::portal_problems(&site.config, &src));
    let known = page_links::SiteFiles::of(site, &named);
    diags.extend(menu::missing_menu_pages(site, &src, &known));
    diags.extend(page_links::missing_link_targets(site, &known));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Checked {
        site,
        warnings: diags,
    })
}
