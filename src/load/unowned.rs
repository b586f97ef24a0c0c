//! Files under `content/` that no record names and that are not published: data in
//! another form than YAML. A copy of a data file (`2025.yaml.old`, `2025.yml.bak`)
//! anywhere; in a data folder, a spreadsheet, text or JSON/XML file (a ledger waiting
//! for `gongshi import`, with the phone numbers and addresses a ledger keeps); and in
//! the folder of a kind whose records name their files (a pledge's scan), any file no
//! record names (its record was deleted, or lost its `file:` on the way through a
//! spreadsheet). In a data folder also a file that looks like a data file under
//! another name: no extension, a mistyped one (`2026.ymal`, `2026.yam`), or YAML
//! records in its text (`2026.dat`): its records are not loaded, and published as it
//! is it would show what a record keeps private (a person's phone and address).
//! Each is a warning: the file may be harmless, but gongshi cannot tell.
//! Other files in the folders of kinds whose records name no file (a 决定书 PDF in
//! `content/penalties/`) are attachments, as in contract v1.

use super::{Asset, LoadedFile};
use crate::diag::{display_path, Diagnostic};
use crate::kinds::REGISTRY;
use std::collections::HashSet;
use std::path::Path;

/// Why a file is not published unless a record names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unowned {
    /// A copy of a data file (`.yaml.old`), wherever it is.
    DataCopy,
    /// A spreadsheet, text or JSON/XML file in a data folder: data in another form.
    Table,
    /// A data file under another name in a data folder: no extension, a mistyped
    /// `.yaml`, or YAML records in its text.
    MisnamedData,
    /// Any file in the folder of a kind whose records name their files.
    NamedByRecords(&'static str),
}

/// The file types taken for data in another form in a data folder: what `gongshi
/// import` reads, the other spreadsheet formats, plain text and data formats.
const TABLE_TYPES: &[&str] = &[
    "csv", "tsv", "txt", "xls", "xlsx", "xlsm", "xlsb", "ods", "et", "numbers", "json", "xml",
];

/// Whether the file at `target` (its path below `content/`, `/`-separated) is
/// withheld unless a record names it, and why.
pub fn unowned(target: &str) -> Option<Unowned> {
    let name = target
        .rsplit('/')
        .next()
        .unwrap_or(target)
        .to_ascii_lowercase();
    if name.contains(".yaml.") || name.contains(".yml.") {
        return Some(Unowned::DataCopy);
    }
    let kind = data_kind(target)?;
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    if TABLE_TYPES.contains(&ext) {
        Some(Unowned::Table)
    } else if kind.names_files() {
        Some(Unowned::NamedByRecords(kind.key()))
    } else {
        None
    }
}

/// Whether the file at `target` (below `content/`; on disk at `source`) is a data file
/// under another name in a data folder: YAML record keys in its text (`2026.dat`), or
/// text with no extension (`2026`) or a mistyped one (`2026.ymal`, `2026.yam`). Reads
/// at most the first 64 KB, once, when the file is loaded; a file that is not text
/// (a recording `.amr`, a video `.rm`) is none.
pub fn misnamed_data(target: &str, source: &Path) -> bool {
    if data_kind(target).is_none() {
        return false;
    }
    let Some(head) = read_head(source) else {
        return false;
    };
    let name = target
        .rsplit('/')
        .next()
        .unwrap_or(target)
        .to_ascii_lowercase();
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    holds_records(&head) || (is_text(&head) && (!name.contains('.') || near_yaml(ext)))
}

/// The first 64 KB of a file (`None`: it cannot be read).
fn read_head(source: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(source)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .ok()?;
    Some(head)
}

/// Whether `head` reads as UTF-8 text (a character cut at its end aside).
fn is_text(head: &[u8]) -> bool {
    !head.contains(&0)
        && match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        }
}

/// Whether `ext` (lower case) looks like `yaml` or `yml` mistyped: at most two edits
/// from either (`ymal`, `yam`, `yaml_`, `yamll`, `taml`). Only asked of text.
fn near_yaml(ext: &str) -> bool {
    const DOCUMENTS: &[&str] = &["html", "htm", "xml", "xhtml"];
    if ext.is_empty() || ext == "yaml" || ext == "yml" || DOCUMENTS.contains(&ext) {
        return false;
    }
    ["yaml", "yml"]
        .iter()
        .any(|y| strsim::levenshtein(ext, y) <= 2)
}

/// Whether `head` (the start of a file) holds YAML records of a kind: a line that
/// starts (after indentation and a list's `- `) with a key only data files use. A
/// file with a NUL byte is not text.
fn holds_records(head: &[u8]) -> bool {
    const KEYS: &[&str] = &[
        "decision_no",
        "party",
        "party_type",
        "uscc",
        "id_number",
        "phone",
        "address",
        "batch",
        "records",
        "list",
        "entries",
        "authority_uscc",
        "decided",
    ];
    if head.contains(&0) {
        return false;
    }
    String::from_utf8_lossy(head).lines().any(|line| {
        let line = line.trim_start().trim_start_matches("- ").trim_start();
        KEYS.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        })
    })
}

/// The files under `content/` that records name, and those of them that belong to a
/// person's record (a pledge's 承诺书), from every decoded file.
pub struct Named<'a> {
    named: HashSet<&'a str>,
    personal: HashSet<&'a str>,
    /// Named by a record that is not a person's.
    impersonal: HashSet<&'a str>,
}

impl<'a> Named<'a> {
    pub fn of(files: impl Iterator<Item = &'a LoadedFile>) -> Named<'a> {
        let (mut named, mut personal, mut impersonal) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        for a in files.flat_map(LoadedFile::attachments) {
            named.insert(a.path);
            if a.personal {
                personal.insert(a.path);
            } else {
                impersonal.insert(a.path);
            }
        }
        Named {
            named,
            personal,
            impersonal,
        }
    }

    /// Whether a record names the file at `target`.
    pub fn is_named(&self, target: &str) -> bool {
        self.named.contains(target)
    }

    /// Whether a person's record names it: never published.
    pub fn is_personal(&self, target: &str) -> bool {
        self.personal.contains(target)
    }

    /// Whether both a person's record and another record name it: it is not published
    /// (it is the person's), so the other record shows no file either.
    pub fn is_shared(&self, target: &str) -> bool {
        self.personal.contains(target) && self.impersonal.contains(target)
    }

    /// Why `asset` is withheld as named by no record (see [`unowned`]), if it is.
    pub fn withheld(&self, asset: &Asset) -> Option<Unowned> {
        let t = asset.target.as_str();
        if self.is_named(t) {
            return None;
        }
        unowned(t).or_else(|| asset.misnamed_data.then_some(Unowned::MisnamedData))
    }
}

/// The data folder (`penalties`) that holds `target`, when its kind's records name no
/// file: such a file is an attachment published as it is, whatever becomes of the
/// records beside it.
pub fn loose_in_data_folder(target: &str) -> Option<&'static str> {
    let kind = data_kind(target)?;
    (!kind.names_files()).then(|| kind.key())
}

/// The kind whose data folder holds `target`.
fn data_kind(target: &str) -> Option<&'static dyn crate::kinds::DynKind> {
    let (folder, _) = target.split_once('/')?;
    REGISTRY.iter().copied().find(|k| k.key() == folder)
}

/// The warning for a file in a data folder whose records name no file (see
/// [`loose_in_data_folder`]): a 决定书 stays public after its penalty leaves the site.
pub fn loose_warning(root: &Path, asset: &Asset, folder: &str) -> Diagnostic {
    Diagnostic::whole_file(
        display_path(root, &asset.source),
        format!("published as it is, whatever becomes of the records in content/{folder}/: a decision document (决定书) here stays public after its record is revoked, repaired or past its publication period (信用修复管理办法)"),
    )
    .with_hint("remove it from content/ when its record leaves the site, or keep such documents out of the public site")
    .warning()
}

/// The warning for `asset`, named by a person's record and by another (see
/// [`Named::is_shared`]).
pub fn shared_warning(root: &Path, asset: &Asset) -> Diagnostic {
    Diagnostic::whole_file(
        display_path(root, &asset.source),
        "not published: both a person's record and another record name this file in `file:`; a person's file is never published, so the other record shows no file either".to_string(),
    )
    .with_hint("give each record its own scan: copy the file under another name and name the copy in the other record's `file:`")
    .warning()
}

/// The warning for `asset`, withheld for `why`; `root` is the site's folder.
pub fn warning(root: &Path, asset: &Asset, why: Unowned) -> Diagnostic {
    let shown = display_path(root, &asset.source);
    match why {
        Unowned::DataCopy => Diagnostic::whole_file(
            &shown,
            "not published: a copy of a data file (its name holds `.yaml.` or `.yml.`), which may hold records that must not be public".to_string(),
        )
        .with_hint("move it out of content/ (keep old versions in version control, not beside the data)"),
        Unowned::Table => Diagnostic::whole_file(
            &shown,
            "not published: a spreadsheet, text or data file in a data folder is taken for data in another form than YAML, and may hold the personal data a ledger keeps".to_string(),
        )
        .with_hint({
            let ext = shown.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let bring_in = if matches!(ext.as_str(), "txt" | "json" | "xml") {
                "if it holds records, write them into a .yaml file".to_string()
            } else {
                format!("to bring its records in, run `gongshi import {}`", shown.display())
            };
            format!("{bring_in}; then move it out of content/ (to offer a file for download, put it in a folder of its own, such as content/downloads/)")
        }),
        Unowned::MisnamedData => Diagnostic::whole_file(
            &shown,
            "not published, and its records are not loaded: this looks like a data file under another name (no `.yaml` extension, a mistyped one, or YAML records in its text), and published as it is it would show what a record keeps private".to_string(),
        )
        .with_hint("if it holds records, rename it to end in .yaml; otherwise move it out of the data folder (to offer a file for download, put it in a folder of its own, such as content/downloads/)"),
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
        // A copy of a data file, wherever it is.
        assert_eq!(unowned("penalties/2025.yaml.old"), Some(Unowned::DataCopy));
        assert_eq!(unowned("notices/2025.YML.bak2"), Some(Unowned::DataCopy));
        assert_eq!(unowned("penalties/导出.json"), Some(Unowned::Table));
    }

    #[test]
    fn a_data_file_under_another_name_in_a_data_folder_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, text: &[u8]| {
            let p = dir.path().join(name.replace('/', "_"));
            std::fs::write(&p, text).unwrap();
            misnamed_data(name, &p)
        };
        let records = "- decision_no: 罚1号\n  party: 张三\n".as_bytes();
        for name in [
            "penalties/2026-persons.ymal",
            "penalties/2026.yam",
            "penalties/2026.yaml_",
            "lists/2026.YMl_",
            "grades/2026.taml",
            "licences/2026-yaml",
            "penalties/2026",
            "penalties/2026.dat",
        ] {
            assert!(file(name, records), "{name}");
        }
        // Text with no record keys: by its name alone.
        assert!(file("penalties/2026.ymal", "说明".as_bytes()));
        assert!(file("penalties/b.conf", b"batch:\n  title: x\nrecords:\n"));
        assert!(file("penalties/c.dat", "  - phone\t: \"139\"\n".as_bytes()));
        // Documents and recordings, and anything outside the data folders: no (found by
        // a review: .amr and .rm are two edits from yml).
        for (name, text) in [
            ("penalties/决定书.pdf", &b"%PDF-1.4\0party: x\n"[..]),
            ("penalties/决定书.html", "<p>party: 甲公司</p>".as_bytes()),
            ("penalties/听证录音.amr", b"#!AMR\n\0\x01\x02"),
            ("penalties/video.rm", b".RMF\0\0\0\x12"),
            ("downloads/2026.ymal", records),
        ] {
            assert!(!file(name, text), "{name}");
        }
        assert!(!misnamed_data(
            "penalties/missing",
            &dir.path().join("missing")
        ));
    }
}
