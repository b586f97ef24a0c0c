//! Files a record names (a pledge's 承诺书 scan). gongshi's exports give them as
//! addresses on the site (`/xyjt/pledges/files/2026-001.pdf`); a ledger may give a
//! path under `content/`. The file is found under `content/`, or beside the export
//! being imported (the exported site's own copy, which is then copied in); when it is
//! in neither place, the record is imported without it, with a warning.
//!
//! Only a file in the kind's own folder is copied in from beside the export: what
//! lands under `content/` elsewhere is published as it is, so a cell such as
//! `../Documents/工资表.txt` must not reach the clerk's other folders. A path that
//! climbs (`..`) is not followed at all.

use super::emit::Record;
use super::table::Table;
use super::values::Out;
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// Keys that name a file under `content/`.
const FILE_KEYS: &[&str] = &["file"];

/// Resolves the file of `record` (if it names one): rewrites it as a path under
/// `content/`, or drops it with a warning; returns the copy to make, if any.
pub fn resolve(
    config: &SiteConfig,
    kind_folder: &str,
    table: &Table,
    record: &mut Record,
    headers: &[String],
    diags: &mut Diagnostics,
) -> Option<(PathBuf, PathBuf)> {
    let at = record
        .entries
        .iter()
        .position(|e| FILE_KEYS.contains(&e.key))?;
    let Out::Text(written) = &record.entries[at].value else {
        return None;
    };
    let column = record.entries[at].column;
    let Some(parts) = path_parts(written) else {
        diags.push(
            super::at(table, record.row, column, headers, format!("the file `{written}` climbs out of its folder (`..`); the record is imported without it"))
                .with_hint(format!("copy the scan under content/{kind_folder}/ and write its path there (e.g. {kind_folder}/files/2026-001.pdf), then import again"))
                .warning(),
        );
        record.entries.remove(at);
        return None;
    };
    let content = config.content_dir();
    let suffixes: Vec<String> = (0..parts.len()).map(|i| parts[i..].join("/")).collect();
    if let Some(rel) = suffixes.iter().find(|s| content.join(s).is_file()) {
        record.entries[at].value = Out::Text(rel.clone());
        return None;
    }
    // Beside the export: the exported site's folder holds the file at its address,
    // in the kind's folder.
    let roots: Vec<&Path> = table.file.ancestors().skip(1).take(3).collect();
    let own = format!("{kind_folder}/");
    for rel in suffixes.iter().filter(|s| s.starts_with(&own)) {
        if let Some(root) = roots.iter().find(|r| r.join(rel).is_file()) {
            record.entries[at].value = Out::Text(rel.clone());
            return Some((root.join(rel), content.join(rel)));
        }
    }
    diags.push(
        super::at(table, record.row, column, headers, format!("the file `{written}` is neither under content/ nor in the {kind_folder}/ folder beside the spreadsheet; the record is imported without it"))
            .with_hint(format!("copy the scan under content/{kind_folder}/ (e.g. content/{kind_folder}/files/) and write its path there, then import again"))
            .warning(),
    );
    record.entries.remove(at);
    None
}

/// The parts of an address or path: scheme, host and query left out; `.` and empty
/// parts dropped. `None` when a part is `..` (written or percent-encoded).
fn path_parts(written: &str) -> Option<Vec<String>> {
    let mut s = written.trim();
    if let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    {
        s = rest.find('/').map_or("", |i| &rest[i..]);
    }
    let s = s.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned();
    let parts: Vec<&str> = decoded
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.iter().any(|p| p.trim() == "..") {
        return None;
    }
    Some(parts.into_iter().map(str::to_string).collect())
}

/// Copies the attachments of `planned` that are not in place yet; returns what it
/// made, so that a failed import can take it away.
pub fn copy_in(planned: &[super::Planned]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut made = Vec::new();
    for (from, to) in planned.iter().flat_map(|p| &p.copies) {
        if to.exists() {
            continue;
        }
        let copied = to
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(from, to));
        if let Err(e) = copied {
            remove(&made);
            return Err(Diagnostic::whole_file(
                to,
                format!("cannot copy {} here: {e}", from.display()),
            ));
        }
        made.push(to.clone());
    }
    Ok(made)
}

/// Takes away the files `copy_in` made.
pub fn remove(made: &[PathBuf]) {
    for f in made {
        let _ = std::fs::remove_file(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_paths() {
        let parts = |s| path_parts(s).expect(s);
        assert_eq!(
            parts("/xyjt/pledges/files/2026-001.pdf"),
            ["xyjt", "pledges", "files", "2026-001.pdf"]
        );
        assert_eq!(parts("https://x.gov.cn/a/b.pdf?x=1"), ["a", "b.pdf"]);
        assert_eq!(parts("files/%E6%89%BF.pdf"), ["files", "承.pdf"]);
        for climbs in [
            "pledges/../../etc/passwd",
            "../Documents/salary.txt",
            "https://x.gov.cn/xyjt/../../x",
            "pledges/%2e%2e/%2E%2E/x",
            "pledges\\..\\x",
        ] {
            assert_eq!(path_parts(climbs), None, "{climbs}");
        }
    }
}
