//! Writing only what changed (issue 15): when the output folder holds a previous
//! gongshi build, a file whose bytes are the same as there is hard-linked from it into
//! the staging folder instead of written. The staging folder is still swapped in
//! whole, so the kill-anywhere guarantee holds (the previous files are only read and
//! linked, never changed), and the result is byte for byte a fresh build. What was
//! added, changed and removed is written to `changes.json`, so that a deploy script
//! uploads only those.

use crate::sink::Producer;
use std::fs;
use std::io::{self, Read, Write};
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

/// The previous build, and what this build did with each file: the added and changed
/// paths, each list packed in one string (a fresh build of 1,000,000 enterprises adds
/// 1.6 million paths: a list of strings would take half as much again), and how many
/// files were the same.
pub struct Reuse {
    previous: Option<PathBuf>,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Paths, each followed by a NUL (which no path holds).
    added: String,
    changed: String,
    unchanged: usize,
}

impl Reuse {
    /// `previous`: the output folder, when it holds a build of gongshi's.
    pub fn new(previous: Option<PathBuf>) -> Reuse {
        Reuse {
            previous,
            seen: Mutex::new(Seen::default()),
        }
    }

    fn note(&self, path: &str, change: Change) {
        if let Ok(mut seen) = self.seen.lock() {
            let list = match change {
                Change::Added => &mut seen.added,
                Change::Changed => &mut seen.changed,
                Change::Unchanged => {
                    seen.unchanged += 1;
                    return;
                }
            };
            list.push_str(path);
            list.push('\0');
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
        self.note(path, change);
        Ok(())
    }

    /// Like [`Reuse::put`] for a file made part by part: it is written as it comes and
    /// compared with the previous build's file on the way; when the two are the same,
    /// the previous file is linked in its place. If `produce` fails, nothing is left.
    pub fn put_parts(
        &self,
        path: &str,
        target: &Path,
        produce: Producer,
    ) -> Result<(), PartsFailed> {
        let old = self
            .previous
            .as_ref()
            .and_then(|p| super::safe_join(p, path).ok())
            .filter(|o| fs::symlink_metadata(o).is_ok_and(|m| m.is_file()));
        let mut previous = old.as_deref().and_then(|o| fs::File::open(o).ok());
        let mut same = previous.is_some();
        let file = fs::File::create(target).map_err(PartsFailed::Disk)?;
        let mut out = io::BufWriter::with_capacity(1 << 18, file);
        let mut held = Vec::new();
        let mut disk: Option<io::Error> = None;
        let produced = produce(&mut |part: &[u8]| {
            if let Err(e) = out.write_all(part) {
                let err = io::Error::new(e.kind(), e.to_string());
                disk = Some(e);
                return Err(err);
            }
            if let (true, Some(file)) = (same, previous.as_mut()) {
                held.resize(part.len(), 0);
                same = file.read_exact(&mut held).is_ok() && held == part;
            }
            Ok(())
        });
        let written = match (produced, disk) {
            (_, Some(e)) => Err(PartsFailed::Disk(e)),
            (Err(e), None) => Err(PartsFailed::Producer(e)),
            (Ok(()), None) => out.flush().map_err(PartsFailed::Disk),
        };
        drop(out);
        if let Err(e) = written {
            let _ = fs::remove_file(target);
            return Err(e);
        }
        // The same bytes, and the previous file has no more.
        let ended = same
            && previous
                .as_mut()
                .is_some_and(|f| matches!(f.read(&mut [0u8; 1]), Ok(0)));
        let change = match (old.as_deref(), previous.is_some()) {
            (Some(_), true) if ended => Change::Unchanged,
            (Some(_), true) => Change::Changed,
            _ => Change::Added,
        };
        if let (Change::Unchanged, Some(o)) = (change, old.as_deref()) {
            link_over(o, target);
        }
        self.note(path, change);
        Ok(())
    }

    /// The change list of the build in `staging` against the previous build (JSON);
    /// the files of the previous build that this one did not write are removed.
    pub fn changes_json(&self, staging: &Path) -> io::Result<Vec<u8>> {
        let seen = self
            .seen
            .lock()
            .map_err(|_| io::Error::other("a writer thread panicked"))?;
        let mut added: Vec<&str> = seen.added.split_terminator('\0').collect();
        let mut changed: Vec<&str> = seen.changed.split_terminator('\0').collect();
        let mut removed: Vec<String> = match &self.previous {
            Some(prev) => files_below(prev)
                .into_iter()
                .filter(|p| p != CHANGES_FILE && !staging.join(p).is_file())
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
            "unchanged": seen.unchanged,
        });
        let mut bytes = serde_json::to_vec_pretty(&list)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Why a file made in parts was not put: the disk failed (the build is void), or its
/// producer stopped (the privacy guard refused the file, which it reports itself, or
/// the rows could not be made). Either way no file is left.
pub enum PartsFailed {
    Disk(io::Error),
    Producer(io::Error),
}

/// Replaces the file at `target` by a hard link to `old`, which holds the same bytes
/// (so that the disk keeps one copy); where no link can be made, the file stays.
fn link_over(old: &Path, target: &Path) {
    let mut link = target.as_os_str().to_owned();
    link.push(".link");
    let link = PathBuf::from(link);
    if fs::hard_link(old, &link).is_ok() && fs::rename(&link, target).is_err() {
        let _ = fs::remove_file(&link);
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
        // A folder (or anything else) where the file goes: the file is new there, as a
        // file made in parts says too.
        Ok(_) | Err(_) => Same::Absent,
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
