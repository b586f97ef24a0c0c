//! The change list (issue 15): what a build added, changed and removed against the
//! previous one, put beside the output as `NAME.changes.json` (see
//! [`super::swap::change_list`]) so that a deploy script uploads only those. After a
//! build that put no list (see [`super::unlisted`]) it names every file to upload.

use std::io;

/// The change list among the records, until it is put beside the output.
pub const CHANGES: &str = "changes.json";

/// How one file compares with the previous build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    Unchanged,
}

impl Change {
    /// Its letter before a path in the build's notes (see [`with`]).
    pub fn letter(self) -> char {
        match self {
            Change::Added => 'a',
            Change::Changed => 'c',
            Change::Unchanged => 'u',
        }
    }
}

/// The paths of `entries` (a letter and a path each) that `change` describes.
pub fn with<'a>(entries: &'a [&'a str], change: Change) -> impl Iterator<Item = &'a str> + 'a {
    entries
        .iter()
        .filter(move |e| e.starts_with(change.letter()))
        .map(|e| &e[1..])
}

/// What the change list names as removed: what the previous build's site held that
/// this one does not, or (after a build that put no list) what any site since the last
/// list held, with every file of this one to upload.
pub enum Listed<'a> {
    Since(&'a [String]),
    Full(Vec<String>),
}

/// The change list's bytes. `previous`: there was a previous build; `entries`: this
/// build's files (sorted by path, each once), each after its [`Change`]'s letter.
pub fn compose(previous: bool, entries: &[&str], listed: &Listed) -> io::Result<Vec<u8>> {
    let (full, removed) = match listed {
        Listed::Since(removed) => (false, *removed),
        Listed::Full(removed) => (true, removed.as_slice()),
    };
    let mut changed: Vec<&str> = with(entries, Change::Changed).collect();
    let mut unchanged = with(entries, Change::Unchanged).count();
    if full {
        // What the portal holds is not known: every file is to be uploaded.
        changed.extend(with(entries, Change::Unchanged));
        changed.sort_unstable();
        unchanged = 0;
    }
    let list = serde_json::json!({
        "previous": previous,
        "full": full,
        "added": with(entries, Change::Added).collect::<Vec<_>>(),
        "changed": changed,
        "removed": removed,
        "unchanged": unchanged,
    });
    let mut bytes = serde_json::to_vec_pretty(&list)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_list_names_every_file_to_upload() {
        let entries = ["aa.html", "cb.html", "uc.html"];
        let removed = vec!["d.html".to_string()];
        let read = |listed: &Listed| -> serde_json::Value {
            serde_json::from_slice(&compose(true, &entries, listed).unwrap()).unwrap()
        };
        let since = read(&Listed::Since(&removed));
        assert_eq!(since["full"], false);
        assert_eq!(since["added"], serde_json::json!(["a.html"]));
        assert_eq!(since["changed"], serde_json::json!(["b.html"]));
        assert_eq!(since["removed"], serde_json::json!(["d.html"]));
        assert_eq!(since["unchanged"], 1);
        let full = read(&Listed::Full(removed.clone()));
        assert_eq!(full["full"], true);
        assert_eq!(full["added"], serde_json::json!(["a.html"]));
        assert_eq!(full["changed"], serde_json::json!(["b.html", "c.html"]));
        assert_eq!(full["unchanged"], 0);
    }
}
