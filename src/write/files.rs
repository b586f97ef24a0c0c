//! The list of a build's files (issue 15; `.NAME.gongshi-files` beside the output
//! folder, see [`super::records`]) names every file the build put there, sorted, so
//! that the next build knows what it removed without walking the previous output (at
//! 100,000 enterprises that walk opens 141,000 folders: 1.7 s of a 2.6 s rebuild's
//! last step).
//!
//! Format: the line `gongshi files 1`, the output folder's identity, then each
//! site-relative path followed by a NUL (which no path holds), in byte order. Without
//! a list of the output as it is (a build of an earlier gongshi, a build killed before
//! its swap), the previous output is walked.

use super::records::Records;
use std::borrow::Cow;
use std::io;
use std::path::Path;
use std::time::SystemTime;

pub const RECORD: &str = "files";
const HEADER: &[u8] = b"gongshi files 1\n";

/// Writes the list of `paths` (sorted, each once).
pub fn write(records: &Records, paths: &[&str]) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(paths.iter().map(|p| p.len() + 1).sum::<usize>());
    for path in paths {
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
    }
    records.write(RECORD, HEADER, &bytes)
}

/// Whether the list of the files of the output as it is now can be read.
pub fn is_readable(records: &Records) -> bool {
    PreviousList::read(records).is_listed()
}

/// The list of the files of the last build of this output whatever folder it names
/// (the output may have been deleted since): `Absent` when there is none, `Unreadable`
/// when it is not one gongshi wrote.
pub fn last_build(records: &Records) -> super::unlisted::Marker {
    let body = records.read_whatever_folder(RECORD, HEADER);
    super::unlisted::Marker::of(&records.path(RECORD), body)
}

/// The previous build's list of its files, as read before this build replaces it.
pub struct PreviousList {
    /// The paths, each ended by a NUL (`None`: no list of the output as it is).
    body: Option<String>,
    /// When the list was written: a folder of the output changed since holds something
    /// the previous build did not put there.
    written: Option<SystemTime>,
}

impl PreviousList {
    pub fn read(records: &Records) -> PreviousList {
        let (body, written) = records
            .read(RECORD, HEADER)
            .and_then(|(body, written)| Some((String::from_utf8(body).ok()?, written)))
            .filter(|(body, _)| is_list(body))
            .map_or((None, None), |(b, w)| (Some(b), Some(w)));
        PreviousList { body, written }
    }

    /// Whether the previous build's list was read (else its output is walked).
    pub fn is_listed(&self) -> bool {
        self.body.is_some()
    }

    /// The files of the previous build in `previous`, sorted, each ended by a NUL. The
    /// change list is not a file of the site. Files put into the output folder by hand
    /// are not the previous build's: they are among these only when the previous build
    /// left no list (and the folder is walked).
    pub fn files(&self, previous: &Path) -> Cow<'_, str> {
        match &self.body {
            Some(body) => Cow::Borrowed(body),
            None => {
                let mut walked = files_below(previous);
                walked.sort_unstable();
                let mut body = String::new();
                for path in walked {
                    body.push_str(&path);
                    body.push('\0');
                }
                Cow::Owned(body)
            }
        }
    }

    /// The folders of the previous build's files, but the top level, sorted (so that a
    /// folder comes before those in it). Empty without a list.
    pub fn folders(&self) -> Vec<String> {
        let Some(body) = &self.body else {
            return Vec::new();
        };
        let mut folders: Vec<&str> = Vec::new();
        for path in body.split_terminator('\0') {
            let mut at = path;
            while let Some((parent, _)) = at.rsplit_once('/') {
                folders.push(parent);
                at = parent;
            }
        }
        folders.sort_unstable();
        folders.dedup();
        folders.into_iter().map(str::to_string).collect()
    }

    /// When the list was written (after every file of its build).
    pub fn written(&self) -> Option<SystemTime> {
        self.written
    }
}

/// The paths of `before` (sorted) that are not in `now` (sorted).
pub fn missing<'a>(before: impl Iterator<Item = &'a str>, now: &[&str]) -> Vec<String> {
    let mut now = now.iter().peekable();
    let mut gone = Vec::new();
    for path in before {
        while now.next_if(|n| **n < path).is_some() {}
        if now.peek() != Some(&&path) {
            gone.push(path.to_string());
        }
    }
    gone
}

/// Whether a list's body is one gongshi wrote: paths each ended by a NUL, strictly
/// sorted.
pub fn is_list(body: &str) -> bool {
    if !(body.is_empty() || body.ends_with('\0')) {
        return false;
    }
    let mut paths = body.split_terminator('\0');
    let Some(mut last) = paths.next() else {
        return true;
    };
    paths.all(|p| {
        let sorted = last < p;
        last = p;
        sorted
    })
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

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_list_names_what_was_removed_and_a_missing_list_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("out");
        for f in ["a/index.html", "b/index.html", "feed.xml"] {
            fs::create_dir_all(old.join(f).parent().unwrap()).unwrap();
            fs::write(old.join(f), "x").unwrap();
        }
        let records = Records::new(&old, &old);
        let now = ["a/index.html", "c/index.html", "feed.xml"];
        let removed = |records: &Records| {
            missing(
                PreviousList::read(records)
                    .files(&old)
                    .split_terminator('\0'),
                &now,
            )
        };
        assert_eq!(removed(&records), ["b/index.html"], "walked");
        write(
            &records,
            &["a/index.html", "b/index.html", "d.txt", "feed.xml"],
        )
        .unwrap();
        records.seal(&[RECORD]).unwrap();
        records.publish(&[RECORD]).unwrap();
        assert_eq!(
            removed(&records),
            ["b/index.html", "d.txt"],
            "read from the list"
        );
    }

    #[test]
    fn a_list_gongshi_did_not_write_is_not_read() {
        assert!(is_list(""));
        assert!(is_list("a\0b\0"));
        assert!(!is_list("b\0a\0"), "unsorted");
        assert!(!is_list("a\0a\0"), "twice");
        assert!(!is_list("a"), "cut short");
    }

    #[test]
    fn what_is_missing_is_found_by_merging_two_sorted_lists() {
        let before = ["a", "b", "c/d", "e", "z"];
        let now = ["0", "b", "c", "e", "f"];
        assert_eq!(missing(before.into_iter(), &now), ["a", "c/d", "z"]);
        assert!(missing(before.into_iter(), &before).is_empty());
        assert_eq!(missing(["x"].into_iter(), &[]), ["x"]);
    }
}
