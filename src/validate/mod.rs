//! Validate: checks the loaded records against the data contract (codes, grades,
//! scores, dates, duplicates, legal windows, stray ID numbers) and returns the
//! checked [`ValidSite`], or every problem found.

mod records;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::{check_uscc, find_id_number, UsccError};
use crate::load::{Asset, LoadedSite, SourceText};
use crate::model::{
    BatchHeader, FrontMatter, GradeRecord, Licence, ListEntry, ListHeader, Penalty,
};
use crate::yaml::{LineRange, Source};
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

/// Checks everything `load` decoded. `load_problems` are passed through so that one run
/// reports both kinds.
pub fn validate(
    config: SiteConfig,
    loaded: LoadedSite,
    load_problems: Diagnostics,
) -> Result<ValidSite, Diagnostics> {
    let mut diags = load_problems;
    let mut ids = records::DecisionNumbers::default();

    let mut batches = Vec::with_capacity(loaded.batches.len());
    for file in loaded.batches {
        scan_for_id_numbers(&file.src, &mut diags);
        records::check_batch(&config, &file, &mut diags);
        batches.push(Batch {
            slug: file.slug,
            header: file.header,
            records: file.records.into_iter().map(|i| i.value).collect(),
        });
    }
    let mut lists = Vec::with_capacity(loaded.lists.len());
    for file in loaded.lists {
        scan_for_id_numbers(&file.src, &mut diags);
        records::check_list(&file, &mut diags);
        lists.push(List {
            slug: file.slug,
            header: file.header,
            entries: file.entries.into_iter().map(|i| i.value).collect(),
        });
    }
    let mut penalties = Vec::new();
    for file in loaded.penalties {
        scan_for_id_numbers(&file.src, &mut diags);
        records::check_penalties(&config, &file, &mut ids, &mut diags);
        penalties.extend(file.records.into_iter().map(|i| i.value));
    }
    let mut licences = Vec::new();
    let mut licence_ids = records::DecisionNumbers::default();
    for file in loaded.licences {
        scan_for_id_numbers(&file.src, &mut diags);
        records::check_licences(&file, &mut licence_ids, &mut diags);
        licences.extend(file.records.into_iter().map(|i| i.value));
    }
    let mut pages = Vec::with_capacity(loaded.pages.len());
    for page in loaded.pages {
        scan_for_id_numbers(&page.src, &mut diags);
        pages.push(Page {
            path: page.path,
            source: page.src.path,
            front: page.front,
            body: page.body,
        });
    }
    diags.into_result(ValidSite {
        config,
        batches,
        lists,
        penalties,
        licences,
        pages,
        assets: loaded.assets,
    })
}
