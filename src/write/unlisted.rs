//! What may be on the portal that no change list has accounted for. A build swaps its
//! site in and then puts its change list beside it; killed in between (or unable to put
//! the list), it leaves a site that no list describes, and the next build's list,
//! compared with that site, would miss what the one before it removed: a deploy that
//! uploads from lists would leave those pages online.
//!
//! So, just before its swap, a build leaves `.NAME.gongshi-unlisted` beside the output:
//! the files of every site since the last list that was put in place (the output it
//! replaces, and what an earlier marker named). It removes the marker once its own list
//! is in place. A build that finds one lists every file of its site (`"full": true`)
//! and, as removed, every file those sites held that its site does not, so that a
//! deploy from that list is right whichever of them the portal holds.
//!
//! Format: the line `gongshi unlisted 1`, then each site-relative path followed by a
//! NUL, in byte order. Plain (not sealed with a folder's identity, see
//! [`super::records`]): it describes sites that are gone, and is kept on every
//! platform.

use super::records::Records;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Its name among the records.
pub const RECORD: &str = "unlisted";
const HEADER: &[u8] = b"gongshi unlisted 1\n";

/// Where the marker of the output `output` is.
pub fn path(output: &Path) -> PathBuf {
    super::swap::beside(output, RECORD)
}

/// The paths the marker names (each ended by a NUL), if there is one. One that cannot
/// be read is taken as naming nothing: the list is still full.
pub fn read(output: &Path) -> Option<String> {
    let bytes = match fs::read(path(output)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(_) => return Some(String::new()),
        Ok(bytes) => bytes,
    };
    let body = bytes
        .strip_prefix(HEADER)
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|b| super::files::is_list(b));
    Some(body.unwrap_or_default())
}

/// The paths of two lists (each sorted, each path ended by a NUL), sorted, each once.
pub fn union<'a>(a: &'a str, b: &'a str) -> Vec<&'a str> {
    let mut all: Vec<&str> = a.split_terminator('\0').collect();
    all.extend(b.split_terminator('\0'));
    all.sort_unstable();
    all.dedup();
    all
}

/// Writes (pending, see [`Records::write_plain`]) the marker this build leaves before
/// its swap: the files of `before`, the site it replaces, and those `earlier` named.
pub fn prepare(records: &Records, earlier: Option<&str>, before: &str) -> io::Result<()> {
    let mut bytes = HEADER.to_vec();
    match earlier {
        None => bytes.extend_from_slice(before.as_bytes()),
        Some(earlier) => {
            for path in union(earlier, before) {
                bytes.extend_from_slice(path.as_bytes());
                bytes.push(0);
            }
        }
    }
    records.write_plain(RECORD, &bytes)
}

/// Puts the prepared marker in place: call just before the swap.
pub fn put(records: &Records) -> io::Result<()> {
    records.publish_to(RECORD, &path(records.output()))?;
    Ok(())
}

/// Removes the marker: call once this build's change list is in place.
pub fn clear(output: &Path) -> io::Result<()> {
    let marker = path(output);
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(super::named(&marker, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_names_the_files_of_every_site_since_the_last_list() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let records = Records::new(&out, &dir.path().join("staging"));
        assert_eq!(read(&out), None, "no marker: the last list was put");
        prepare(&records, None, "a\0c\0").unwrap();
        assert_eq!(read(&out), None, "not until it is put");
        put(&records).unwrap();
        assert_eq!(read(&out).as_deref(), Some("a\0c\0"));
        prepare(&records, Some("a\0c\0"), "b\0c\0d\0").unwrap();
        put(&records).unwrap();
        assert_eq!(read(&out).as_deref(), Some("a\0b\0c\0d\0"));
        clear(&out).unwrap();
        assert_eq!(read(&out), None);
        clear(&out).unwrap();
        fs::write(path(&out), "not one of gongshi's").unwrap();
        assert_eq!(read(&out).as_deref(), Some(""), "still a marker");
    }
}
