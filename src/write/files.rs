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
use super::reuse::CHANGES_FILE;
use std::io;
use std::path::Path;

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

/// The files of the previous build in `previous` that are not among `current` (sorted),
/// sorted. The change list is not a file of the site.
pub fn removed(previous: &Path, records: &Records, current: &[&str]) -> Vec<String> {
    let listed = records
        .read(RECORD, HEADER)
        .and_then(|(body, _)| parse(&body));
    let before = listed.unwrap_or_else(|| files_below(previous));
    let mut removed: Vec<String> = before
        .into_iter()
        .filter(|p| p != CHANGES_FILE && current.binary_search(&p.as_str()).is_err())
        .collect();
    removed.sort_unstable();
    removed
}

/// The paths of a list's body, or `None` if it is not one gongshi wrote (UTF-8,
/// strictly sorted).
fn parse(body: &[u8]) -> Option<Vec<String>> {
    let body = std::str::from_utf8(body).ok()?;
    if !(body.is_empty() || body.ends_with('\0')) {
        return None;
    }
    let paths: Vec<&str> = body.split_terminator('\0').collect();
    if !paths.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    Some(paths.into_iter().map(str::to_string).collect())
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

#[cfg(all(test, unix))]
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
        fs::write(old.join(CHANGES_FILE), "{}").unwrap();
        let records = Records::new(&old, &old);
        let now = ["a/index.html", "c/index.html", "feed.xml"];
        assert_eq!(removed(&old, &records, &now), ["b/index.html"], "walked");
        write(
            &records,
            &["a/index.html", "b/index.html", "d.txt", "feed.xml"],
        )
        .unwrap();
        records.publish(&[RECORD]).unwrap();
        assert_eq!(
            removed(&old, &records, &now),
            ["b/index.html", "d.txt"],
            "read from the list"
        );
    }

    #[test]
    fn a_list_gongshi_did_not_write_is_not_read() {
        assert_eq!(parse(b""), Some(vec![]));
        assert_eq!(parse(b"a\0b\0"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(parse(b"b\0a\0"), None, "unsorted");
        assert_eq!(parse(b"a\0a\0"), None, "twice");
        assert_eq!(parse(b"a"), None, "cut short");
    }
}
