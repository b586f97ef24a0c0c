//! Writing only what changed (issue 15): when the output folder holds a previous
//! gongshi build, a file whose bytes are the same as there is hard-linked from it into
//! the staging folder instead of written. The staging folder is still swapped in
//! whole, so the kill-anywhere guarantee holds (the previous files are only read and
//! linked, never changed), and the result is byte for byte a fresh build. What was
//! added, changed and removed is written to `changes.json`, so that a deploy script
//! uploads only those.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The change list's name in the output folder.
pub const CHANGES_FILE: &str = "changes.json";

/// How one file compares with the previous build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Changed,
    Unchanged,
}

/// The previous build, and what this build did with each file.
pub struct Reuse {
    previous: Option<PathBuf>,
    seen: Mutex<Vec<(String, Change)>>,
}

impl Reuse {
    /// `previous`: the output folder, when it holds a build of gongshi's.
    pub fn new(previous: Option<PathBuf>) -> Reuse {
        Reuse {
            previous,
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Puts `bytes` at `target` (a path in the staging folder for the site-relative
    /// `path`): a hard link to the previous build's file when it holds the same bytes,
    /// else a new file.
    pub fn put(&self, path: &str, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let old = self
            .previous
            .as_ref()
            .and_then(|p| super::safe_join(p, path).ok());
        let change = match old.as_deref().map(|o| same_bytes(o, bytes)) {
            None | Some(Same::Absent) => Change::Added,
            Some(Same::Differs) => Change::Changed,
            Some(Same::Equal) => Change::Unchanged,
        };
        let linked = change == Change::Unchanged
            && old
                .as_deref()
                .is_some_and(|o| fs::hard_link(o, target).is_ok());
        if !linked {
            fs::write(target, bytes)?;
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((path.to_string(), change));
        }
        Ok(())
    }

    /// The change list against the previous build (JSON), listing the files of the
    /// previous build that this one did not write as removed.
    pub fn changes_json(&self) -> io::Result<Vec<u8>> {
        let seen = self
            .seen
            .lock()
            .map_err(|_| io::Error::other("a writer thread panicked"))?;
        let mut added = Vec::new();
        let mut changed = Vec::new();
        let mut unchanged = 0usize;
        for (path, c) in seen.iter() {
            match c {
                Change::Added => added.push(path.as_str()),
                Change::Changed => changed.push(path.as_str()),
                Change::Unchanged => unchanged += 1,
            }
        }
        let written: HashSet<&str> = seen.iter().map(|(p, _)| p.as_str()).collect();
        let mut removed: Vec<String> = match &self.previous {
            Some(prev) => files_below(prev)
                .into_iter()
                .filter(|p| p != CHANGES_FILE && !written.contains(p.as_str()))
                .collect(),
            None => Vec::new(),
        };
        added.sort_unstable();
        changed.sort_unstable();
        removed.sort_unstable();
        let list = serde_json::json!({
            "previous": self.previous.is_some(),
            "added": added,
            "changed": changed,
            "removed": removed,
            "unchanged": unchanged,
        });
        let mut bytes = serde_json::to_vec_pretty(&list)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

enum Same {
    Absent,
    Differs,
    Equal,
}

/// Whether the file at `path` holds exactly `bytes` (its size is looked at first).
fn same_bytes(path: &Path, bytes: &[u8]) -> Same {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {
            if m.len() != bytes.len() as u64 {
                return Same::Differs;
            }
            match fs::read(path) {
                Ok(old) if old == bytes => Same::Equal,
                _ => Same::Differs,
            }
        }
        Ok(_) => Same::Differs,
        Err(_) => Same::Absent,
    }
}

/// Every file below `root`, as `/`-separated relative paths.
fn files_below(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}
