//! Validate: checks the loaded files against the data contract (each kind's own
//! checks, stray ID numbers, ids unique across files) and hands out the [`Checked`]
//! site, which is the only way to publish. Every problem is reported at once.

mod duplicates;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::find_id_number;
use crate::kinds::{CheckCx, REGISTRY};
use crate::load::{LoadedFile, SourceText};
use crate::model::Day;
use crate::rules::y2023_from;
use crate::site::Site;
use duplicates::SeenIds;

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

/// Reports every 居民身份证号 written anywhere but in an `id_number:` key.
fn scan_for_id_numbers(src: &SourceText, diags: &mut Diagnostics) {
    if find_id_number(src.text.as_bytes()).is_none() {
        return;
    }
    for (i, line) in src.text.lines().enumerate() {
        let key = line.trim_start().trim_start_matches("- ").trim_start();
        if key.starts_with("id_number:") {
            continue;
        }
        if let Some(at) = find_id_number(line.as_bytes()) {
            let col = line[..at].chars().count() + 1;
            diags.push(
                Diagnostic::new(
                    &src.path,
                    i + 1,
                    col,
                    "a personal ID number (居民身份证号) appears in text that is published",
                )
                .with_hint(
                    "keep ID numbers only in the `id_number:` key, which is never published",
                ),
            );
        }
    }
}

/// The checks of one decoded file on its own (everything but ids across files).
pub fn check_file(cx: &CheckCx<'_>, file: &LoadedFile) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(src) = file.src() {
        scan_for_id_numbers(src, &mut diags);
    }
    if let LoadedFile::Data(f) = file {
        REGISTRY[f.kind].check(cx, &f.src, f.data.as_ref(), &mut diags);
    }
    diags
}

/// Ids used twice across all files (per kind).
pub fn check_across<'a>(files: impl IntoIterator<Item = &'a LoadedFile>) -> Diagnostics {
    let mut seen: Vec<SeenIds<'a>> = REGISTRY.iter().map(|_| SeenIds::default()).collect();
    for file in files {
        if let LoadedFile::Data(f) = file {
            let ids = REGISTRY[f.kind].unique_ids(f.data.as_ref());
            seen[f.kind].scan(&f.src, ids);
        }
    }
    let mut diags = Diagnostics::new();
    for s in seen {
        diags.extend(s.into_diagnostics());
    }
    diags
}

/// `rules: auto` on a date before any profile gongshi knows was in force.
fn rules_warning(site: &Site) -> Option<Diagnostic> {
    let setting = site.config.rules;
    setting.is_guess(site.as_of).then(|| {
        Diagnostic::whole_file(
            "site.yaml",
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
    let mut diags = site.file_problems();
    diags.extend(check_across(site.files()));
    diags.extend(rules_warning(site).into_iter().collect());
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Checked {
        site,
        warnings: diags,
    })
}
