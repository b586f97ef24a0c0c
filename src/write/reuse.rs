//! Writing only what changed (issue 15): when the output folder holds a previous
//! gongshi build, a file whose bytes are the same as there is hard-linked from it into
//! the staging folder instead of written. The staging folder is still swapped in
//! whole, so the kill-anywhere guarantee holds (the previous files are only read and
//! linked, never changed), and the result is byte for byte a fresh build. What was
//! added, changed and removed is written to the change list beside the output folder
//! (`output.changes.json`, see [`super::swap::change_list`]), so that a deploy script
//! uploads only those.

use super::changes::{self, Change, Listed, CHANGES};
use super::files;
use super::pages::{PageRecords, Stamp};
use super::records::Records;
use super::spare;
use super::unlisted;
use crate::render::Fingerprint;
use crate::sink::{PageFingerprint, Producer};
use std::borrow::Cow;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The previous build, and what this build did with each file: every path it put,
/// after a letter saying how it compares with the previous build, all packed in one
/// string (a fresh build of 1,000,000 enterprises puts 1.6 million paths: a list of
/// strings would take half as much again).
pub struct Reuse {
    previous: Option<PathBuf>,
    /// Whether the staging folder started from the spare (see [`super::spare`]).
    from_spare: bool,
    seen: Mutex<String>,
    /// Once the build is finished, when the replaced site is worth keeping as the
    /// spare: what it holds that the new one does not.
    differs: Mutex<Option<spare::Leaving>>,
    /// Warnings about the records, said after the swap (see [`Reuse::take_warnings`]).
    warnings: Mutex<Vec<String>>,
    /// What made each page, in the previous build and in this one.
    pages: PageRecords,
    /// Where those records and the list of files are kept.
    records: Records,
}

impl Reuse {
    /// `previous`: the output folder, when it holds a build of gongshi's; `records`:
    /// where the records of its builds are kept.
    /// `from_spare`: the staging folder holds the spare.
    pub fn new(previous: Option<PathBuf>, records: Records, from_spare: bool) -> Reuse {
        Reuse {
            pages: PageRecords::read(previous.is_some().then_some(&records)),
            records,
            previous,
            from_spare,
            seen: Mutex::new(String::new()),
            differs: Mutex::new(None),
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// Links the previous build's page at `path` to `target` when it was made from the
    /// same inputs (`fingerprint`) and is as that build left it; true when it was, and
    /// the page need not be rendered. `make_folder` makes `target`'s folder, when a
    /// link is to be made there (from the spare, the file is often there already).
    pub fn keep_page(
        &self,
        path: &str,
        target: &Path,
        fingerprint: Fingerprint,
        make_folder: &dyn Fn() -> io::Result<()>,
    ) -> bool {
        let Some(old) = self
            .previous
            .as_ref()
            .and_then(|p| super::safe_join(p, path).ok())
        else {
            return false;
        };
        let Some(stamp) = self.pages.unchanged(fingerprint, &old) else {
            return false;
        };
        // The spare's file is the previous build's: the same inode and birth time.
        let there = self.from_spare
            && fs::symlink_metadata(target).is_ok_and(|m| Stamp::of(&m) == Some(stamp));
        if !there && (make_folder().is_err() || spare::link_into(&old, target, false).is_err()) {
            return false;
        }
        self.pages.note(fingerprint, Some(stamp));
        self.note(path, Change::Unchanged);
        true
    }

    /// Puts a rendered page (as [`Reuse::put`]) and notes what it was made from.
    pub fn put_page(
        &self,
        path: &str,
        target: &Path,
        bytes: &[u8],
        fingerprint: Fingerprint,
    ) -> io::Result<()> {
        let stamp = self.put(path, target, bytes)?;
        self.pages.note(fingerprint, stamp);
        Ok(())
    }

    /// Writes the record of what made each page (see [`super::pages`]).
    pub fn write_page_record(&self) -> io::Result<()> {
        self.pages.write(&self.records)
    }

    fn note(&self, path: &str, change: Change) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(change.letter());
            seen.push_str(path);
            seen.push('\0');
        }
    }

    /// Puts `bytes` at `target` (a path in the staging folder for the site-relative
    /// `path`): a hard link to the previous build's file when it holds the same bytes,
    /// else a new file. Returns the stamp of the file put.
    pub fn put(&self, path: &str, target: &Path, bytes: &[u8]) -> io::Result<Option<Stamp>> {
        let old = self
            .previous
            .as_ref()
            .and_then(|p| super::safe_join(p, path).ok());
        let change = match old.as_deref().map(|o| same_bytes(o, bytes)) {
            None | Some(Same::Absent) => Change::Added,
            Some(Same::Differs) => Change::Changed,
            Some(Same::Equal) => Change::Unchanged,
        };
        let linked = match old.as_deref() {
            Some(o)
                if change == Change::Unchanged
                    && spare::link_into(o, target, self.from_spare).is_ok() =>
            {
                fs::symlink_metadata(o).ok()
            }
            _ => None,
        };
        let put = match linked {
            Some(m) => m,
            None => {
                let mut file = spare::new_file(target)?;
                file.write_all(bytes)?;
                file.metadata()?
            }
        };
        self.note(path, change);
        Ok(Stamp::of(&put))
    }

    /// Whether the previous build left a record of what made its files, so that one
    /// of them can be kept without being made (see [`Reuse::keep_page`]).
    pub fn may_keep(&self) -> bool {
        self.previous.is_some() && self.pages.has_record()
    }

    /// Like [`Reuse::put_page`] for a file made part by part: it is written as it comes
    /// and compared with the previous build's file on the way; when the two are the
    /// same, the previous file is linked in its place. What made it (`fingerprint`,
    /// asked once the file is made) is noted. If `produce` fails, nothing is left.
    pub fn put_parts(
        &self,
        path: &str,
        target: &Path,
        fingerprint: PageFingerprint,
        produce: Producer,
    ) -> Result<(), PartsFailed> {
        let old = self
            .previous
            .as_ref()
            .and_then(|p| super::safe_join(p, path).ok())
            .filter(|o| fs::symlink_metadata(o).is_ok_and(|m| m.is_file()));
        let mut previous = old.as_deref().and_then(|o| fs::File::open(o).ok());
        let mut same = previous.is_some();
        let file = spare::new_file(target).map_err(PartsFailed::Disk)?;
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
        let put = fs::symlink_metadata(target).map_err(PartsFailed::Disk)?;
        self.pages.note(fingerprint(), Stamp::of(&put));
        Ok(())
    }

    /// Takes out of a staging folder made from the spare what the new build did not
    /// put, then writes the list of this build's files and the change list against the
    /// previous build: call once every other file is there.
    pub fn finish(&self) -> Result<(), Unfinished> {
        let seen = self
            .seen
            .lock()
            .map_err(|_| Unfinished::Records(io::Error::other("a writer thread panicked")))?;
        // Each entry is a letter (one byte) and a path.
        let mut entries: Vec<&str> = seen.split_terminator('\0').collect();
        entries.sort_unstable_by(|a, b| a[1..].cmp(&b[1..]));
        entries.dedup_by(|a, b| a[1..] == b[1..]);
        let paths: Vec<&str> = entries.iter().map(|e| &e[1..]).collect();
        // The previous build's list is read before this build's replaces it.
        let previous_list = files::PreviousList::read(&self.records);
        let before = match &self.previous {
            Some(previous) => previous_list.files(previous),
            None => Cow::Borrowed(""),
        };
        let removed = files::missing(before.split_terminator('\0'), &paths);
        if self.from_spare {
            // What the spare holds that this build did not put.
            spare::prune(self.records.staging(), &removed).map_err(Unfinished::Spare)?;
        }
        // No previous site (the output was deleted by hand), but the list of the last
        // build's files is still beside it: that site may be on the portal.
        let gone = match self.previous {
            None => files::last_build(&self.records),
            Some(_) => unlisted::Marker::Absent,
        };
        let (listed, warnings) = unlisted::plan(&self.records, (&before, gone), &paths, &removed)
            .map_err(Unfinished::Records)?;
        for warning in warnings {
            self.warn(warning);
        }
        self.write_records(&entries, &paths, &listed)
            .map_err(Unfinished::Records)?;
        self.note_leaving(&entries, removed, &previous_list);
        Ok(())
    }

    fn write_records(&self, entries: &[&str], paths: &[&str], listed: &Listed) -> io::Result<()> {
        files::write(&self.records, paths)?;
        self.pages.write(&self.records)?;
        let bytes = changes::compose(self.previous.is_some(), entries, listed)?;
        self.records.write_plain(CHANGES, &bytes)?;
        // The last file of the build is in place: the records can name the folder.
        self.records.seal(&RECORDS)
    }

    /// Notes what the replaced site holds that this one does not, when it is worth
    /// keeping as the spare (see [`Reuse::keep_spare`]).
    fn note_leaving(
        &self,
        entries: &[&str],
        removed: Vec<String>,
        previous_list: &files::PreviousList,
    ) {
        if self.previous.is_none() {
            return;
        }
        let with = |change: Change| changes::with(entries, change);
        let files = removed.len() + entries.len() - with(Change::Added).count();
        let mut differs: Vec<String> = with(Change::Changed).map(str::to_string).collect();
        differs.extend(removed);
        // Without the list, what was done by hand in the output is not known.
        if let (Some(since), true) = (
            previous_list.written(),
            spare::worth_keeping(differs.len(), files),
        ) {
            let folders = previous_list.folders();
            if let Ok(mut d) = self.differs.lock() {
                *d = Some(spare::Leaving {
                    differs,
                    folders,
                    since,
                });
            }
        }
    }

    /// Keeps `replaced`, the site this build replaced, as the spare for the next build
    /// (see [`super::spare`]); false when it is not kept (the caller removes it).
    /// Call once this build's records are in place.
    pub fn keep_spare(&self, replaced: &Path) -> io::Result<bool> {
        let leaving = self.differs.lock().ok().and_then(|mut d| d.take());
        let Some(leaving) = leaving else {
            return Ok(false);
        };
        spare::keep(self.records.output(), &self.records, replaced, &leaving)
    }

    /// Removes the previous build's change list: call before the swap, so that a build
    /// killed between the swap and [`Reuse::publish`] leaves no change list, rather
    /// than one that describes the site it replaced.
    pub fn retire_change_list(&self) -> io::Result<()> {
        let list = super::swap::change_list(self.records.output());
        match fs::remove_file(&list) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "cannot remove the previous change list {} ({e}); gongshi writes that file itself: move away or delete what is there, and build again",
                        list.display()
                    ),
                ))
            }
            _ => {}
        }
        // Then the marker that says no list describes the site about to be put (killed
        // before it, the output is still the one the last list describes).
        unlisted::put(&self.records)
    }

    /// Notes a warning about this build's records, said once the site is in place.
    fn warn(&self, problem: String) {
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(problem);
        }
    }

    /// The warnings noted so far (see [`Reuse::warn`]).
    pub fn take_warnings(&self) -> Vec<String> {
        self.warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }

    /// Puts this build's records and change list in place (the staging folder is now
    /// the output); true when there was a change list to put (see
    /// [`Reuse::settle_unlisted`]).
    pub fn publish(&self) -> io::Result<bool> {
        // The records first: a change list that cannot be put in place must not cost
        // the next build its reuse of this one.
        self.records.publish(&RECORDS)?;
        let change_list = super::swap::change_list(self.records.output());
        self.records.publish_to(CHANGES, &change_list)
    }

    /// Removes the marker of sites no list describes: call once this build's change
    /// list is in place.
    pub fn settle_unlisted(&self) -> io::Result<()> {
        unlisted::clear(self.records.output())
    }

    /// Removes this build's records (it will not be swapped in).
    pub fn discard(&self) {
        self.records.discard(&RECORDS);
        self.records.discard(&[CHANGES, unlisted::RECORD]);
    }
}

/// Why [`Reuse::finish`] failed: a file of the spare that left the site could not be
/// taken out of the staging folder, or the records could not be written.
pub enum Unfinished {
    Spare(io::Error),
    Records(io::Error),
}

/// The records this module keeps beside the output folder.
const RECORDS: [&str; 2] = [files::RECORD, super::pages::RECORD];

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
