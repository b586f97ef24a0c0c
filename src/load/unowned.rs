//! Files in a data folder that no record names. A data folder holds YAML data: a
//! spreadsheet or text file beside it is data in another form (a ledger waiting for
//! `gongshi import`, with the phone numbers and addresses a ledger keeps), and in the
//! folder of a kind whose records name their files (a pledge's scan), a file no record
//! names belongs to no public record (the record was deleted, or lost its `file:` on
//! the way through a spreadsheet). Neither is published, and each is a warning: the
//! file may be harmless, but gongshi cannot tell.

use super::Asset;
use crate::diag::{display_path, Diagnostic};
use crate::kinds::REGISTRY;
use std::path::Path;

/// Why a file in a data folder is not published unless a record names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unowned {
    /// A spreadsheet or text file: data in another form than YAML.
    Table,
    /// Any file in the folder of a kind whose records name their files.
    NamedByRecords(&'static str),
}

/// The file types taken for data in another form: what `gongshi import` reads, the
/// other spreadsheet formats and plain text.
const TABLE_TYPES: &[&str] = &[
    "csv", "tsv", "txt", "xls", "xlsx", "xlsm", "xlsb", "ods", "et", "numbers",
];

/// Whether the file at `target` (its path below `content/`, `/`-separated) is
/// withheld unless a record names it, and why.
pub fn unowned(target: &str) -> Option<Unowned> {
    let (folder, rest) = target.split_once('/')?;
    let kind = REGISTRY.iter().find(|k| k.key() == folder)?;
    let ext = Path::new(rest)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if TABLE_TYPES.contains(&ext.as_str()) {
        Some(Unowned::Table)
    } else if kind.names_files() {
        Some(Unowned::NamedByRecords(kind.key()))
    } else {
        None
    }
}

/// The warning for `asset`, withheld for `why`; `root` is the site's folder.
pub fn warning(root: &Path, asset: &Asset, why: Unowned) -> Diagnostic {
    let shown = display_path(root, &asset.source);
    match why {
        Unowned::Table => Diagnostic::whole_file(
            &shown,
            "not published: a spreadsheet or text file in a data folder is taken for data in another form than YAML, and may hold the personal data a ledger keeps".to_string(),
        )
        .with_hint({
            let bring_in = if shown.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
                "if it holds records, write them into a .yaml file".to_string()
            } else {
                format!("to bring its records in, run `gongshi import {}`", shown.display())
            };
            format!("{bring_in}; then move it out of content/ (to offer a file for download, put it in a folder of its own, such as content/downloads/)")
        }),
        Unowned::NamedByRecords(folder) => Diagnostic::whole_file(
            &shown,
            format!("not published: no record in content/{folder}/ names this file in `file:`"),
        )
        .with_hint(format!(
            "a file in content/{folder}/ is published with the public record that names it: name it in that record's `file:`, or move it out of content/"
        )),
    }
    .warning()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_in_data_folders_and_files_no_pledge_names_are_withheld() {
        assert_eq!(
            unowned("penalties/2026年处罚台账.csv"),
            Some(Unowned::Table)
        );
        assert_eq!(unowned("grades/2024/考核.XLSX"), Some(Unowned::Table));
        assert_eq!(unowned("lists/说明.txt"), Some(Unowned::Table));
        assert_eq!(
            unowned("pledges/files/2026-004.pdf"),
            Some(Unowned::NamedByRecords("pledges"))
        );
        // Elsewhere, and other types in the folders of kinds whose records name no
        // file, are attachments as before (contract v1).
        assert_eq!(unowned("penalties/决定书.pdf"), None);
        assert_eq!(unowned("downloads/台账.xlsx"), None);
        assert_eq!(unowned("台账.csv"), None);
        assert_eq!(unowned("notices/files/名单.xlsx"), None);
    }
}
