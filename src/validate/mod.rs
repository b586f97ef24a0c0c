//! Validate: checks the loaded records against the data contract (codes, grades,
//! scores, dates, duplicates, legal windows, stray ID numbers) and returns the
//! checked [`ValidSite`], or every problem found.

mod duplicates;
mod records;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::{check_uscc, find_id_number, UsccError};
use crate::load::{Asset, LoadedFile, LoadedSite, SourceText};
use crate::model::{
    BatchHeader, FrontMatter, GradeRecord, Licence, ListEntry, ListHeader, Penalty,
};
use crate::yaml::{LineRange, Source};
use rayon::prelude::*;
use std::path::PathBuf;

/// One grade batch, checked.
#[derive(Debug, Clone)]
pub struct Batch {
    pub slug: String,
    pub header: BatchHeader,
    pub records: Vec<GradeRecord>,
}

/// One published list, checked.
#[derive(Debug, Clone)]
pub struct List {
    pub slug: String,
    pub header: ListHeader,
    pub entries: Vec<ListEntry>,
}

/// One Markdown page, checked.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub source: PathBuf,
    pub front: FrontMatter,
    pub body: String,
}

/// The whole site after validation: every record obeys the data contract.
#[derive(Debug, Clone)]
pub struct ValidSite {
    pub config: SiteConfig,
    pub batches: Vec<Batch>,
    pub lists: Vec<List>,
    pub penalties: Vec<Penalty>,
    pub licences: Vec<Licence>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
}

/// A diagnostic for a bad USCC, naming the expected check character.
pub(crate) fn uscc_diagnostic(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    code: &str,
    err: &UsccError,
) -> Diagnostic {
    let d = src.at(range, &[key], format!("`{key}` {code}: {err}"));
    match err {
        UsccError::CheckCharacter { expected, .. } => d.with_hint(format!(
            "the check character should be '{expected}'; compare the code with the 营业执照, a typo in the first 17 characters also changes it"
        )),
        _ => d.with_hint("copy the 18-character 统一社会信用代码 from the 营业执照 or the national enterprise credit system"),
    }
}

pub(crate) fn check_code(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    code: &str,
    diags: &mut Diagnostics,
) -> bool {
    match check_uscc(code) {
        Ok(()) => true,
        Err(e) => {
            diags.push(uscc_diagnostic(src, range, key, code, &e));
            false
        }
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

/// The per-file checks of one decoded file (everything but duplicates across files).
pub fn check_file(config: &SiteConfig, file: &LoadedFile) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(src) = file.src() {
        scan_for_id_numbers(src, &mut diags);
    }
    match file {
        LoadedFile::Batch(f) => records::check_batch(config, f, &mut diags),
        LoadedFile::List(f) => records::check_list(f, &mut diags),
        LoadedFile::Penalties(f) => records::check_penalties(config, f, &mut diags),
        LoadedFile::Licences(f) => records::check_licences(f, &mut diags),
        LoadedFile::Page(_) | LoadedFile::Asset(_) | LoadedFile::Nothing => {}
    }
    diags
}

/// Decision numbers used twice by the same authority, across all files.
pub fn check_duplicates<'a>(files: impl IntoIterator<Item = &'a LoadedFile>) -> Diagnostics {
    let mut penalties = duplicates::DecisionNumbers::default();
    let mut licences = duplicates::DecisionNumbers::default();
    for file in files {
        match file {
            LoadedFile::Penalties(f) => penalties.scan(
                &f.src,
                f.records
                    .iter()
                    .map(|i| (i.index, &i.value.authority_uscc, &i.value.decision_no)),
            ),
            LoadedFile::Licences(f) => licences.scan(
                &f.src,
                f.records
                    .iter()
                    .map(|i| (i.index, &i.value.authority_uscc, &i.value.decision_no)),
            ),
            _ => {}
        }
    }
    let mut diags = penalties.into_diagnostics();
    diags.extend(licences.into_diagnostics());
    diags
}

impl ValidSite {
    /// Gathers the records of checked files.
    pub fn from_files(
        config: SiteConfig,
        files: impl IntoIterator<Item = LoadedFile>,
    ) -> ValidSite {
        let mut site = ValidSite {
            config,
            batches: Vec::new(),
            lists: Vec::new(),
            penalties: Vec::new(),
            licences: Vec::new(),
            pages: Vec::new(),
            assets: Vec::new(),
        };
        for file in files {
            match file {
                LoadedFile::Batch(f) => site.batches.push(Batch {
                    slug: f.slug,
                    header: f.header,
                    records: f.records.into_iter().map(|i| i.value).collect(),
                }),
                LoadedFile::List(f) => site.lists.push(List {
                    slug: f.slug,
                    header: f.header,
                    entries: f.entries.into_iter().map(|i| i.value).collect(),
                }),
                LoadedFile::Penalties(f) => site
                    .penalties
                    .extend(f.records.into_iter().map(|i| i.value)),
                LoadedFile::Licences(f) => {
                    site.licences.extend(f.records.into_iter().map(|i| i.value))
                }
                LoadedFile::Page(p) => site.pages.push(Page {
                    path: p.path,
                    source: p.src.path,
                    front: p.front,
                    body: p.body,
                }),
                LoadedFile::Asset(a) => site.assets.push(a),
                LoadedFile::Nothing => {}
            }
        }
        site
    }
}

/// Checks everything `load` decoded. `load_problems` are passed through so that one run
/// reports both kinds.
pub fn validate(
    config: SiteConfig,
    loaded: LoadedSite,
    load_problems: Diagnostics,
) -> Result<ValidSite, Diagnostics> {
    let mut diags = load_problems;
    let per_file: Vec<Diagnostics> = loaded
        .files
        .par_iter()
        .map(|f| check_file(&config, f))
        .collect();
    for d in per_file {
        diags.extend(d);
    }
    diags.extend(check_duplicates(&loaded.files));
    diags.into_result(ValidSite::from_files(config, loaded.files))
}
