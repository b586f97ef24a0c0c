//! The record of what made each page (issue 15; `.NAME.gongshi-pages` beside the
//! output folder, see [`super::records`]) holds, for every page of the build, the
//! fingerprint of its inputs (see [`crate::render::Fingerprint`]) and its size. The
//! next build over that output keeps a page whose fingerprint it finds there (a hard
//! link, like any unchanged file) instead of rendering it again.
//!
//! A page is kept only if its file is still there with the recorded size and was last
//! modified no later than the record: a page changed by hand in the output folder is
//! rendered again.
//!
//! Besides pages, files derived from another (the `.xlsx` export of a CSV) are kept
//! the same way.
//!
//! Format: the line `gongshi pages 1`, the output folder's identity, then one entry
//! per file, each 16 bytes of fingerprint and 4 of size (little-endian): a sorted run
//! for the pages, then one for the files made after them.

use super::records::Records;
use crate::render::Fingerprint;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

pub const RECORD: &str = "pages";

const HEADER: &[u8] = b"gongshi pages 1\n";
const ENTRY: usize = 20;

/// The previous build's record, and this build's, made as pages are put.
pub struct PageRecords {
    /// Sorted by fingerprint.
    previous: Vec<(Fingerprint, u32)>,
    /// When the previous record was written: a page modified after it is not kept.
    written: Option<SystemTime>,
    current: Mutex<Vec<(Fingerprint, u32)>>,
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

    /// The size of the previous build's file at `old` when it was made from the inputs
    /// `fingerprint` and is still as that build left it.
    pub fn unchanged(&self, fingerprint: Fingerprint, old: &Path) -> Option<u32> {
        let written = self.written?;
        let i = self
            .previous
            .binary_search_by_key(&fingerprint, |e| e.0)
            .ok()?;
        let size = self.previous[i].1;
        let m = fs::symlink_metadata(old).ok()?;
        let same =
            m.is_file() && m.len() == u64::from(size) && m.modified().is_ok_and(|t| t <= written);
        same.then_some(size)
    }

    /// Notes a page of this build, made from `fingerprint`, of `size` bytes. A page
    /// too large for the record is left out of it (and rendered every time).
    pub fn note(&self, fingerprint: Fingerprint, size: usize) {
        let Ok(size) = u32::try_from(size) else {
            return;
        };
        if let Ok(mut current) = self.current.lock() {
            current.push((fingerprint, size));
        }
    }

    /// Writes what this build noted since the last call into its record (the first
    /// call, once the pages are done, starts it, which lets go of the pages' entries;
    /// the last, once the exports are done, adds theirs).
    pub fn write(&self, records: &Records) -> io::Result<()> {
        let mut current = self
            .current
            .lock()
            .map_err(|_| io::Error::other("a writer thread panicked"))?;
        let mut noted = std::mem::take(&mut *current);
        noted.sort_unstable();
        noted.dedup();
        let mut bytes = Vec::with_capacity(noted.len() * ENTRY);
        for (fingerprint, size) in noted {
            bytes.extend_from_slice(&fingerprint.to_le_bytes());
            bytes.extend_from_slice(&size.to_le_bytes());
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
fn parse(body: &[u8]) -> Option<Vec<(Fingerprint, u32)>> {
    if body.len() % ENTRY != 0 {
        return None;
    }
    let entries: Vec<(Fingerprint, u32)> = body
        .chunks_exact(ENTRY)
        .map(|e| {
            let (fp, size) = e.split_at(16);
            let fp = Fingerprint::from_le_bytes(fp.try_into().unwrap_or_default());
            let size = u32::from_le_bytes(size.try_into().unwrap_or_default());
            (fp, size)
        })
        .collect();
    let mut entries = entries;
    entries.sort_unstable();
    Some(entries)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_kept_only_as_the_record_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap();
        let page = out.join("index.html");
        fs::write(&page, "<p>1</p>").unwrap();
        // Records of the output folder itself, as if it had been the staging folder.
        let records = Records::new(&out, &out);
        let first = PageRecords::read(Some(&records));
        assert_eq!(first.unchanged(7, &page), None, "no record, nothing kept");
        first.note(7, 8);
        first.write(&records).unwrap();
        first.note(3, 100);
        first.write(&records).unwrap();
        records.publish(&[RECORD]).unwrap();

        let read = PageRecords::read(Some(&records));
        assert_eq!(read.unchanged(7, &page), Some(8));
        assert_eq!(read.unchanged(8, &page), None, "other inputs");
        assert_eq!(read.unchanged(3, &page), None, "another size");
        assert_eq!(read.unchanged(7, &out.join("gone.html")), None);

        // Changed by hand after the build, even to the same size.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&page, "<p>2</p>").unwrap();
        assert_eq!(PageRecords::read(Some(&records)).unchanged(7, &page), None);
    }

    #[test]
    fn a_record_gongshi_did_not_write_keeps_nothing() {
        assert_eq!(parse(b""), Some(vec![]));
        assert_eq!(parse(b"abc"), None, "cut short");
        let mut runs = Vec::new();
        for fp in [2u128, 1] {
            runs.extend_from_slice(&fp.to_le_bytes());
            runs.extend_from_slice(&1u32.to_le_bytes());
        }
        assert_eq!(parse(&runs), Some(vec![(1, 1), (2, 1)]), "runs are merged");
    }
}
