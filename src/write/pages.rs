//! The record of what made each page (issue 15; `.NAME.gongshi-pages` beside the
//! output folder, see [`super::records`]) holds, for every page of the build, the
//! fingerprint of its inputs (see [`crate::render::Fingerprint`]) and its size. The
//! next build over that output keeps a page whose fingerprint it finds there (a hard
//! link, like any unchanged file) instead of rendering it again.
//!
//! A page is kept only if its file is still the one the build left: the same inode
//! and birth time, which a hard link keeps and a copy or a restored backup does not
//! (a file removed and copied back may get the same inode number, so the inode alone
//! does not tell: a tester's finding), with the recorded size, last modified no later
//! than the record. A page changed or put back by hand in the output folder is
//! rendered again. (A file overwritten in place with an older time, as `cp -a` over an
//! existing file does, is not seen: its inode and birth time stay; its change time
//! would show it, but linking and the removal of the replaced site change that too. A
//! fresh build into an empty folder is the remedy. Where the file system keeps no
//! birth time, the inode alone decides.)
//!
//! Besides pages, the dataset exports (`/data/`, fingerprinted by their rows) are
//! kept the same way.
//!
//! Format: the line `gongshi pages 2`, the output folder's identity, then one entry
//! per file, each 16 bytes of fingerprint, 4 of size, 8 of inode and 8 of birth time
//! (nanoseconds since 1970, 0 where not known; little-endian),
//! in sorted runs: one written when the pages are done (with the derived files made by
//! then: the exports are made beside the pages), one for those made after. The runs
//! are merged when read.

use super::records::Records;
use crate::render::Fingerprint;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

pub const RECORD: &str = "pages";

const HEADER: &[u8] = b"gongshi pages 2\n";
const ENTRY: usize = 36;

/// Which file a build left: its size, inode and birth time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    size: u32,
    inode: u64,
    born: u64,
}

impl Stamp {
    /// The stamp of a regular file (none for a file too large for the record, or on a
    /// platform without inodes, where no record is kept).
    pub fn of(m: &fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let size = u32::try_from(m.len()).ok()?;
            let born = m
                .created()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            m.is_file().then_some(Stamp {
                size,
                inode: m.ino(),
                born,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            None
        }
    }
}

/// The previous build's record, and this build's, made as pages are put.
pub struct PageRecords {
    /// Sorted by fingerprint.
    previous: Vec<(Fingerprint, Stamp)>,
    /// When the previous record was written: a page modified after it is not kept.
    written: Option<SystemTime>,
    current: Mutex<Vec<(Fingerprint, Stamp)>>,
    /// Whether this build's record was started.
    started: std::sync::atomic::AtomicBool,
}

impl PageRecords {
    /// Reads the record of the previous build (none if it is missing or not of the
    /// output folder as it is: then no page is kept).
    pub fn read(records: Option<&Records>) -> PageRecords {
        let (previous, written) = records
            .and_then(|r| r.read(RECORD, HEADER))
            .and_then(|(body, written)| Some((parse(&body)?, written)))
            .map_or((Vec::new(), None), |(p, w)| (p, Some(w)));
        PageRecords {
            previous,
            written,
            current: Mutex::new(Vec::new()),
            started: Default::default(),
        }
    }

    /// Whether the previous build's record was read (else nothing can be kept).
    pub fn has_record(&self) -> bool {
        self.written.is_some()
    }

    /// The stamp of the previous build's file at `old` when it was made from the inputs
    /// `fingerprint` and is still the file that build left.
    pub fn unchanged(&self, fingerprint: Fingerprint, old: &Path) -> Option<Stamp> {
        let written = self.written?;
        let i = self
            .previous
            .binary_search_by_key(&fingerprint, |e| e.0)
            .ok()?;
        let m = fs::symlink_metadata(old).ok()?;
        let stamp = Stamp::of(&m)?;
        let same = stamp == self.previous[i].1 && m.modified().is_ok_and(|t| t <= written);
        same.then_some(stamp)
    }

    /// Notes a file of this build, made from `fingerprint` (none: nothing to note).
    pub fn note(&self, fingerprint: Fingerprint, stamp: Option<Stamp>) {
        let Some(stamp) = stamp else {
            return;
        };
        if let Ok(mut current) = self.current.lock() {
            current.push((fingerprint, stamp));
        }
    }

    /// Writes what this build noted since the last call into its record (the first
    /// call, once the pages are done, starts it, which lets go of the pages' entries;
    /// the last, once the exports are done, adds what was noted since).
    pub fn write(&self, records: &Records) -> io::Result<()> {
        let mut current = self
            .current
            .lock()
            .map_err(|_| io::Error::other("a writer thread panicked"))?;
        let mut noted = std::mem::take(&mut *current);
        noted.sort_unstable();
        noted.dedup();
        let mut bytes = Vec::with_capacity(noted.len() * ENTRY);
        for (fingerprint, stamp) in noted {
            bytes.extend_from_slice(&fingerprint.to_le_bytes());
            bytes.extend_from_slice(&stamp.size.to_le_bytes());
            bytes.extend_from_slice(&stamp.inode.to_le_bytes());
            bytes.extend_from_slice(&stamp.born.to_le_bytes());
        }
        let started = self
            .started
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        if started {
            records.append(RECORD, &bytes)
        } else {
            records.write(RECORD, HEADER, &bytes)
        }
    }
}

/// The entries of a record's body, sorted, or `None` if it is not one gongshi wrote.
fn parse(body: &[u8]) -> Option<Vec<(Fingerprint, Stamp)>> {
    if body.len() % ENTRY != 0 {
        return None;
    }
    let number = |bytes: &[u8]| -> u128 {
        let mut le = [0u8; 16];
        le[..bytes.len()].copy_from_slice(bytes);
        u128::from_le_bytes(le)
    };
    let mut entries: Vec<(Fingerprint, Stamp)> = body
        .chunks_exact(ENTRY)
        .map(|e| {
            let stamp = Stamp {
                size: number(&e[16..20]) as u32,
                inode: number(&e[20..28]) as u64,
                born: number(&e[28..36]) as u64,
            };
            (number(&e[..16]), stamp)
        })
        .collect();
    entries.sort_unstable();
    Some(entries)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;

    fn stamp(path: &Path) -> Option<Stamp> {
        Stamp::of(&fs::metadata(path).unwrap())
    }

    #[test]
    fn a_page_is_kept_only_as_the_record_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap();
        let page = out.join("index.html");
        let other = out.join("other.html");
        fs::write(&page, "<p>1</p>").unwrap();
        fs::write(&other, "<p>2</p>").unwrap();
        // Records of the output folder itself, as if it had been the staging folder.
        let records = Records::new(&out, &out);
        let first = PageRecords::read(Some(&records));
        assert_eq!(first.unchanged(7, &page), None, "no record, nothing kept");
        first.note(7, stamp(&page));
        first.write(&records).unwrap();
        first.note(3, stamp(&other));
        first.write(&records).unwrap();
        records.seal(&[RECORD]).unwrap();
        records.publish(&[RECORD]).unwrap();

        let read = PageRecords::read(Some(&records));
        assert_eq!(read.unchanged(7, &page), stamp(&page));
        assert_eq!(read.unchanged(3, &other), stamp(&other), "a later run");
        assert_eq!(read.unchanged(8, &page), None, "other inputs");
        assert_eq!(read.unchanged(3, &page), None, "another file");
        assert_eq!(read.unchanged(7, &out.join("gone.html")), None);

        // The same bytes put back as another file (a copy, a restored backup), even
        // with the time it had.
        let time = fs::metadata(&page).unwrap().modified().unwrap();
        let copy = out.join("copy.tmp");
        fs::write(&copy, "<p>1</p>").unwrap();
        fs::File::options()
            .write(true)
            .open(&copy)
            .unwrap()
            .set_modified(time)
            .unwrap();
        fs::rename(&copy, &page).unwrap();
        assert_eq!(read.unchanged(7, &page), None, "another inode");

        // Put back with the inode number it had (the file system gave it again), its
        // size and its time: the birth time tells.
        let now = stamp(&page).unwrap();
        if now.born != 0 {
            let reborn = Stamp {
                born: now.born + 1,
                ..now
            };
            let records = Records::new(&out, &out);
            let pages = PageRecords::read(None);
            pages.note(9, Some(reborn));
            pages.note(10, Some(now));
            pages.write(&records).unwrap();
            records.seal(&[RECORD]).unwrap();
            records.publish(&[RECORD]).unwrap();
            let read = PageRecords::read(Some(&records));
            assert_eq!(read.unchanged(9, &page), None, "born again");
            assert_eq!(read.unchanged(10, &page), Some(now), "as recorded");
        }

        // Changed by hand after the build, in place.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&other, "<p>3</p>").unwrap();
        assert_eq!(read.unchanged(3, &other), None, "modified since");
    }

    #[test]
    fn a_record_gongshi_did_not_write_keeps_nothing() {
        assert_eq!(parse(b""), Some(vec![]));
        assert_eq!(parse(b"abc"), None, "cut short");
        let mut runs = Vec::new();
        for fp in [2u128, 1] {
            runs.extend_from_slice(&fp.to_le_bytes());
            runs.extend_from_slice(&5u32.to_le_bytes());
            runs.extend_from_slice(&9u64.to_le_bytes());
            runs.extend_from_slice(&7u64.to_le_bytes());
        }
        let s = Stamp {
            size: 5,
            inode: 9,
            born: 7,
        };
        assert_eq!(parse(&runs), Some(vec![(1, s), (2, s)]), "runs are merged");
    }
}
