//! Write: builds into a staging folder beside the output and swaps it in only when the
//! whole build succeeded, so a failed or killed build leaves the previous site intact.

mod changes;
mod files;
mod lock;
mod pages;
mod place;
mod records;
mod reuse;
mod spare;
mod swap;
mod unlisted;

pub use place::{absolute, check_output_dir};
pub use swap::change_list;

use crate::sink::{DerivedMaker, PageFingerprint, PageMaker, Producer, Sink};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    /// Whether the staging folder started from the spare (see [`spare`]): a file or
    /// folder may then be in the way of what this build puts.
    from_spare: bool,
    committed: bool,
    /// The first write that failed (a full disk, a permission): the build is void.
    failed: Mutex<Option<io::Error>>,
    /// The previous build, whose unchanged files are linked rather than written.
    reuse: reuse::Reuse,
    /// This build's hold on the output folder (dropped last).
    _lock: lock::Lock,
}

impl Staging {
    /// Creates an empty staging folder beside `output`, holding the output's lock. Its
    /// errors say what they are about (the lock, or the staging folder).
    pub fn new(output: &Path) -> io::Result<Staging> {
        let staging_error = |e: io::Error| {
            let msg = format!(
                "cannot create a staging folder beside {}: {e}",
                output.display()
            );
            io::Error::new(e.kind(), msg)
        };
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(staging_error)?;
        }
        let lock = lock::Lock::take(output)?;
        let tmp = swap::sibling(output, "tmp", std::process::id());
        let records = records::Records::new(output, &tmp);
        // The output is looked at once a killed build's is put back.
        let prepare = || {
            swap::recover(output)?;
            if tmp.exists() {
                fs::remove_dir_all(&tmp)?;
            }
            let previous = place::is_gongshi_output(output).then(|| output.to_path_buf());
            // The spare of the output as it is now, if there is one, else nothing.
            // (The list of files is read only when there is a spare to use.)
            let usable = || previous.is_some() && files::is_readable(&records);
            let from_spare = spare::take(output, &records, &tmp, usable)?;
            if !from_spare {
                fs::create_dir_all(&tmp)?;
            }
            Ok((previous, from_spare))
        };
        let (previous, from_spare) = prepare().map_err(staging_error)?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            from_spare,
            committed: false,
            failed: Mutex::new(None),
            reuse: reuse::Reuse::new(previous, records, from_spare),
            _lock: lock,
        })
    }

    /// Writes the change list (what this build added, changed and removed against the
    /// previous one, put beside the output with it) and the list of this build's
    /// files, which the next build reads. Call once every other file is written. The
    /// error says what failed and what to do.
    pub fn write_change_list(&self) -> Result<(), String> {
        self.reuse.finish().map_err(|failed| match failed {
            reuse::Unfinished::Spare(e) => format!(
                "{e}: that file of the previous site (kept beside the output as {}) left the site and must not stay; the output is as it was, and the next build starts from an empty folder",
                spare::path(&self.output).display()
            ),
            reuse::Unfinished::Records(e) => {
                format!("cannot write {}: {e}", change_list(&self.output).display())
            }
        })
    }

    /// The first write into the staging folder that failed, if one did.
    pub fn failure(&self) -> Option<String> {
        let failed = self.failed.lock().ok()?;
        failed.as_ref().map(|e| e.to_string())
    }

    /// Where the site-relative `path` goes in the staging folder, its folder made.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = safe_join(&self.tmp, path)?;
        self.make_folder(&target)?;
        Ok(target)
    }

    /// Makes the folder of `target`, a path in the staging folder.
    fn make_folder(&self, target: &Path) -> io::Result<()> {
        match target.parent() {
            Some(parent) if self.from_spare => spare::make_folder(&self.tmp, parent),
            Some(parent) => fs::create_dir_all(parent),
            None => Ok(()),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(path)?;
        self.reuse.put(path, &target, bytes).map(|_| ())
    }

    /// Puts a page or derived file: kept from the previous build when made from the same
    /// inputs, else made. A failure of `make` is returned as it is (the build reports
    /// it); a failure of the disk is noted too (the build is void).
    fn put_made(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        make: &mut dyn FnMut() -> io::Result<Option<Vec<u8>>>,
    ) -> io::Result<()> {
        let disk = |result: io::Result<()>| {
            self.note_failure(path, &result);
            result
        };
        let target = match safe_join(&self.tmp, path) {
            Ok(target) => target,
            Err(e) => return disk(Err(e)),
        };
        let fingerprint = fingerprint();
        if self
            .reuse
            .keep_page(path, &target, fingerprint, &|| self.make_folder(&target))
        {
            return Ok(());
        }
        if let Err(e) = self.make_folder(&target) {
            return disk(Err(e));
        }
        match make()? {
            Some(bytes) => disk(self.reuse.put_page(path, &target, &bytes, fingerprint)),
            None => Ok(()),
        }
    }

    fn note_failure(&self, path: &str, result: &io::Result<()>) {
        if let Err(e) = result {
            if let Ok(mut failed) = self.failed.lock() {
                failed.get_or_insert_with(|| io::Error::new(e.kind(), format!("{path}: {e}")));
            }
        }
    }

    /// Replaces the output folder with the staging folder (atomically where the
    /// platform can), and keeps the replaced site as the spare or removes it. Returns
    /// what went wrong once the new site was in place, which the build reports as
    /// warnings: the site is online, but the change list is missing or the next build
    /// will write every file.
    pub fn commit(mut self) -> io::Result<Vec<String>> {
        self.reuse.retire_change_list()?;
        let replaced = swap::swap_in(&self.tmp, &self.output)?;
        self.committed = true;
        let mut after_swap = self.reuse.take_warnings();
        // The site is in place whatever happens to its records: without them the next
        // build renders every page and walks this folder, as it does after a kill here.
        let published = match self.reuse.publish() {
            Ok(listed) => {
                if let (true, Err(e)) = (listed, self.reuse.settle_unlisted()) {
                    after_swap.push(format!(
                        "{e}: that file says that no change list describes the site the portal may hold, so the next build's change list names every file again; gongshi writes that file itself: move away what is at that name"
                    ));
                }
                true
            }
            Err(e) => {
                self.reuse.discard();
                after_swap.push(format!(
                    "the site is in place, but its change list {} and gongshi's records of this build could not be put beside it ({e}): deploy the whole site this time, deleting on the portal what is not in the output (`rsync -a --delete`), so that pages that left the site go there too (the next build's change list names every file); the next build renders every page again. gongshi writes those files itself: move away what is at that name",
                    change_list(&self.output).display()
                ));
                false
            }
        };
        if let Some(old) = replaced {
            // Kept as the spare for the next build, or removed. A spare that could not
            // be made whole is removed, wherever it got to.
            let kept = match published.then(|| self.reuse.keep_spare(&old)) {
                Some(Ok(kept)) => kept,
                Some(Err(e)) => {
                    after_swap.push(format!(
                        "the site it replaced could not be kept beside it as {} for the next build ({e}), and is removed: the site and its change list are fine, but the next build makes every folder again, which takes longer. If something of yours is at the name in parentheses, move it away, since that name is gongshi's; otherwise check that gongshi may change every folder of the output",
                        spare::path(&self.output).display()
                    ));
                    false
                }
                None => false,
            };
            if !kept {
                let spare = spare::path(&self.output);
                let leftover = if old.exists() { old } else { spare };
                if leftover.exists() {
                    if let Err(e) = remove_in_background(&leftover) {
                        after_swap.push(format!(
                            "the site it replaced, {}, could not be removed ({e}); the next build removes it",
                            leftover.display()
                        ));
                    }
                }
            }
        }
        Ok(after_swap)
    }
}

/// Removes a replaced output folder. Deleting 100,000 files can take longer than the
/// build itself on some disks, and the new site is already in place, so on Unix a
/// detached `rm -rf` does it; elsewhere (or if that cannot start) it is done here.
/// Leftovers of an interrupted removal are cleared by the next build. The folder is
/// first given a name of its own (see [`set_aside`]).
fn remove_in_background(dir: &Path) -> io::Result<()> {
    let dir = &set_aside(dir);
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return Ok(());
        }
    }
    fs::remove_dir_all(dir)
}

/// `e`, saying which file or folder it is about.
fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Renames `dir` (`.NAME.gongshi-WHAT`) to a name beside it that nothing else has
/// (`.NAME.gongshi-WHAT.goneN-PID`, with this process's number: to the next build, an
/// earlier build's leftover), so that its own name is free at once: the next staging
/// folder of this process, which has that name, must not be emptied by a removal still
/// under way (a process that builds twice, as tests do). Where it cannot be renamed, it
/// is removed under its own name.
fn set_aside(dir: &Path) -> PathBuf {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return dir.to_path_buf();
    };
    let pid = std::process::id();
    for n in 0..1000 {
        let aside = dir.with_file_name(format!("{name}.gone{n}-{pid}"));
        if fs::symlink_metadata(&aside).is_ok() {
            continue; // an earlier removal, still under way
        }
        return match fs::rename(dir, &aside) {
            Ok(()) => aside,
            Err(_) => dir.to_path_buf(),
        };
    }
    dir.to_path_buf()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            self.reuse.discard();
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let result = self.write(path, bytes);
        self.note_failure(path, &result);
        result
    }

    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = fs::read(from)?;
        self.put(path, &bytes)
    }

    /// A page the previous build made from the same inputs is linked, not rendered.
    fn put_page(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        make: PageMaker,
    ) -> io::Result<()> {
        self.put_made(path, fingerprint, &mut || Ok(make()))
    }

    /// Likewise a derived file (the `.xlsx` of an unchanged CSV is not made again).
    fn put_derived(
        &self,
        path: &str,
        _from: &str,
        fingerprint: PageFingerprint,
        make: DerivedMaker,
    ) -> io::Result<()> {
        self.put_made(path, fingerprint, &mut || make().map(Some))
    }

    /// Writes the record of what made each page (the next build reads it).
    fn pages_done(&self) -> io::Result<()> {
        let result = self.reuse.write_page_record();
        self.note_failure("the record of the pages", &result);
        result
    }

    /// Kept from the previous build, like a page, when made from the same inputs; else
    /// written and compared on the way with the previous build's file. A failure of
    /// the disk voids the build; a producer that stopped (the privacy guard refusing
    /// the file) is its own to report.
    fn put_parts(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        produce: Producer,
    ) -> io::Result<()> {
        let result = match self.target(path) {
            // Only a previous record can keep it: a fresh build learns the fingerprint
            // as it writes (see `crate::exports`).
            Ok(target)
                if self.reuse.may_keep()
                    && self
                        .reuse
                        .keep_page(path, &target, fingerprint(), &|| Ok(())) =>
            {
                return Ok(())
            }
            Ok(target) => self.reuse.put_parts(path, &target, fingerprint, produce),
            Err(e) => Err(reuse::PartsFailed::Disk(e)),
        };
        match result {
            Ok(()) => Ok(()),
            Err(reuse::PartsFailed::Producer(e)) => Err(e),
            Err(reuse::PartsFailed::Disk(e)) => {
                let result = Err(e);
                self.note_failure(path, &result);
                result
            }
        }
    }
}

/// Joins a site-relative path, refusing anything that would climb out.
fn safe_join(root: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut out = root.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(io::Error::other(format!(
                    "refusing to write outside the output folder: {rel}"
                )))
            }
            p => out.push(p),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder removed in the background gives up its name at once: a folder made
    /// there next (this process's next staging folder) is not removed with it.
    #[test]
    fn a_folder_removed_in_the_background_frees_its_name_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".out.gongshi-tmp-42");
        for i in 0..300 {
            fs::create_dir_all(old.join(format!("e/{i}"))).unwrap();
            for j in 0..10 {
                fs::write(old.join(format!("e/{i}/{j}.html")), "old").unwrap();
            }
        }
        remove_in_background(&old).unwrap();
        fs::create_dir(&old).unwrap();
        fs::write(old.join("new.html"), "new").unwrap();
        let removing = || {
            fs::read_dir(dir.path())
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().contains("gone"))
        };
        let start = std::time::Instant::now();
        while removing() && start.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!removing(), "the old folder is removed");
        assert_eq!(fs::read_to_string(old.join("new.html")).unwrap(), "new");
        // Set aside under a name the next build takes for a leftover, whatever the
        // name it had (the spare's has no process number).
        let spare = spare::path(&dir.path().join("out"));
        fs::create_dir(&spare).unwrap();
        let aside = set_aside(&spare);
        assert!(!spare.exists());
        let leftover = swap::leftover_names(&dir.path().join("out"));
        assert!(leftover.contains(&aside), "{leftover:?} {aside:?}");
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        fs::write(out.join("build-info.json"), "{}").unwrap();

        let s = Staging::new(&out).unwrap();
        s.put("a/index.html", b"new").unwrap();
        drop(s);
        assert!(
            out.join("stale.html").exists(),
            "an abandoned build leaves the old site"
        );

        let s = Staging::new(&out).unwrap();
        s.put("a/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(
            !out.join("stale.html").exists(),
            "stale files do not linger"
        );
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        // The replaced folder is removed in the background; give it a moment.
        let mut leftovers = usize::MAX;
        for _ in 0..100 {
            leftovers = fs::read_dir(dir.path()).unwrap().count();
            if leftovers == 1 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(leftovers, 1, "the replaced output folder is removed");
    }

    #[test]
    fn a_file_the_guard_refuses_is_not_a_failure_of_the_disk_and_leaves_nothing() {
        use crate::sink::{PartWriter, PrivacyGuard};
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::new(&dir.path().join("output")).unwrap();
        let guard = PrivacyGuard::new(&s);
        let mut rows = |write: PartWriter| {
            write(b"a,1\n")?;
            write(b"b,11010519491231002X\n")
        };
        guard.put_parts("data/x.csv", &|| 1, &mut rows).unwrap();
        guard
            .put_derived("data/x.xlsx", "data/x.csv", &|| 1, &mut || {
                Ok(b"PK".to_vec())
            })
            .unwrap();
        assert_eq!(guard.leaks(), vec!["data/x.csv", "data/x.xlsx"]);
        assert_eq!(
            s.failure(),
            None,
            "the build reports the ID number, not the disk"
        );
        assert!(!s.tmp.join("data/x.csv").exists() && !s.tmp.join("data/x.xlsx").exists());
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let content = site.join("content");
        fs::create_dir_all(&content).unwrap();
        let read = [content.clone(), site.join("themes/default")];
        assert!(check_output_dir(dir.path(), &site, &read).is_err());
        let foreign = dir.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("mine.txt"), "x").unwrap();
        assert!(check_output_dir(&foreign, &site, &read).is_err());
        // A file merely named build-info.json is not gongshi's.
        fs::write(foreign.join("build-info.json"), "{}").unwrap();
        assert!(check_output_dir(&foreign, &site, &read).is_err());
        fs::write(
            foreign.join("build-info.json"),
            r#"{"tool":"gongshi","version":"0.1.0","as_of":"2026-01-01"}"#,
        )
        .unwrap();
        assert!(check_output_dir(&foreign, &site, &read).is_ok());
        assert!(check_output_dir(&dir.path().join("new"), &site, &read).is_ok());
        // Inside a folder the build reads, even when it does not exist yet.
        let inside = content.join("out");
        let err = check_output_dir(&inside, &site, &read).unwrap_err();
        assert!(err.contains("which the build reads"), "{err}");
        assert!(check_output_dir(&site.join("themes/default/o"), &site, &read).is_err());
        assert!(safe_join(dir.path(), "../x").is_err());
    }

    #[test]
    fn a_killed_build_leaves_an_output_that_the_next_one_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        // Killed between the two renames of the fallback: only the old site, renamed.
        let old = swap::sibling(&out, "old", 999_999_999);
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "old site").unwrap();
        let tmp = swap::sibling(&out, "tmp", 999_999_998);
        fs::create_dir_all(&tmp).unwrap();
        let s = Staging::new(&out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "old site"
        );
        assert!(
            !old.exists() && !tmp.exists(),
            "leftovers of dead builds are removed"
        );
        drop(s);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The output put back from a killed build's fallback swap is the previous build:
    /// what left the site since is listed as removed (a review found `previous: false`).
    #[test]
    fn the_output_put_back_after_a_kill_is_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let old = swap::sibling(&out, "old", 999_999_999);
        fs::create_dir_all(&old).unwrap();
        let info = r#"{"tool":"gongshi","version":"0","as_of":"2026-01-01"}"#;
        fs::write(old.join("build-info.json"), info).unwrap();
        fs::write(old.join("gone.html"), "left the site").unwrap();
        let s = Staging::new(&out).unwrap();
        s.put("build-info.json", info.as_bytes()).unwrap();
        s.write_change_list().unwrap();
        s.commit().unwrap();
        let list = fs::read_to_string(change_list(&out)).unwrap();
        let list: serde_json::Value = serde_json::from_str(&list).unwrap();
        assert_eq!(list["previous"], true, "{list}");
        assert_eq!(list["removed"], serde_json::json!(["gone.html"]), "{list}");
    }
}
