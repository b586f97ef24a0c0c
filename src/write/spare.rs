//! The spare (issue 15): the site a build replaced, kept beside the output folder as
//! `.NAME.gongshi-spare` with only the files the new site shares with it, so that the
//! next build starts its staging folder from it instead of from an empty folder.
//!
//! A daily rebuild changes about 1% of the files, but a staging folder made from
//! nothing has to make every one of the site's folders and link every unchanged file
//! (at 100,000 enterprises, 141,000 folders and 156,000 links: on ext4 most of such a
//! rebuild's time). Started from the spare, it finds them there: a file the spare
//! already shares with the output (the same inode, linked by the build before) is left
//! as it is, and only what changed since is written, linked or removed.
//!
//! What keeps the guarantees:
//! - **Kill anywhere.** The spare becomes the staging folder by one rename, so a build
//!   killed while it updates it leaves a staging folder, which the next build removes
//!   (see [`super::swap::recover`]); the output is only ever swapped, as before. A file
//!   in the staging folder is never written into: it may be the output's own file
//!   (a hard link), so it is replaced ([`new_file`], [`link_into`]).
//! - **Byte for byte a fresh build.** The spare holds only paths of the output it was
//!   kept for, with the same bytes, and is used only while the output is that folder
//!   and its list of files is readable (the spare's record is sealed with the output's
//!   identity, see [`super::records`]): what the new build does not put is then on the
//!   previous build's list of files, among the removed, and is removed from the staging
//!   folder with any folder it leaves empty ([`prune`]).
//! - **What was done by hand in the output** does not come back from the spare: the
//!   folders of the replaced site changed since its list of files was written (by
//!   their change time, which cannot be set back) are removed whole first, with
//!   whatever was added, linked or changed in them by hand, and what is in them is
//!   put again by the next build ([`clear_changed_folders`]). A replaced site without
//!   that list is not kept. The spare itself is gongshi's, like its records: what is
//!   put into it by hand is not looked for.
//! - **Privacy.** What left the site, and every file whose bytes changed, is removed
//!   from the replaced site before it becomes the spare: the spare holds nothing that
//!   is not in the output as it is, so a record that left the site is not kept beside
//!   it either.
//!
//! The build waits for that removal (the spare must be whole before it is named one),
//! so a build that changed more than 5% of the previous site's files (and more than
//! [`PRUNE_ANYWAY`]) keeps no spare: on the work disk, removing the 21,381 changed
//! pages of a penalty template's edit took 5.9 s, as long as the build saved. The
//! replaced site is then removed in the background, as it always was, and the next
//! build starts from an empty folder; a daily rebuild changes about 2%.

use super::records::Records;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The spare's record (beside the output, like the others): which output it was kept for.
const RECORD: &str = "spare.record";
const HEADER: &[u8] = b"gongshi spare 1\n";

/// So many files are removed from the replaced site to keep it as the spare, whatever
/// share of it they are (a small site's edit changes a large share of few files).
const PRUNE_ANYWAY: usize = 1000;

/// Where the spare of `output` is kept.
pub fn path(output: &Path) -> PathBuf {
    super::swap::beside(output, "spare")
}

/// Makes the spare of `output` the staging folder `tmp` when it was kept for the output
/// as it is now (`usable`, asked only when there is a spare: the output's records of
/// its files can be read); else removes it. True when the staging folder starts from
/// the spare.
pub fn take(
    output: &Path,
    records: &Records,
    tmp: &Path,
    usable: impl FnOnce() -> bool,
) -> io::Result<bool> {
    let spare = path(output);
    match fs::symlink_metadata(&spare) {
        Ok(m) if m.is_dir() => {}
        // Not gongshi's: the name is, so that the spare can be kept there next time.
        Ok(_) => {
            fs::remove_file(&spare)?;
            return Ok(false);
        }
        Err(_) => return Ok(false),
    }
    if records.read(RECORD, HEADER).is_some() && usable() && fs::rename(&spare, tmp).is_ok() {
        return Ok(true);
    }
    let gone = super::swap::sibling(output, "gone", std::process::id());
    // Left by a build of the same process number whose removal was cut short (in a
    // container every build may get the same number).
    if fs::symlink_metadata(&gone).is_ok() {
        remove_any(&gone)?;
    }
    fs::rename(&spare, &gone)?;
    super::remove_in_background(&gone)?;
    Ok(false)
}

/// What the replaced site holds that the new one does not.
pub struct Leaving {
    /// The paths whose bytes changed, and those that left the site.
    pub differs: Vec<String>,
    /// The folders of the replaced site, but its top level, sorted.
    pub folders: Vec<String>,
    /// When the replaced site's list of files was written: a folder changed since
    /// holds what was done by hand.
    pub since: SystemTime,
}

/// Whether a replaced site of `files` files, `differs` of them to be removed, is worth
/// keeping: at most 5% of them, or at most [`PRUNE_ANYWAY`].
pub fn worth_keeping(differs: usize, files: usize) -> bool {
    differs * 20 <= files || differs <= PRUNE_ANYWAY
}

/// Keeps `replaced` (the site this build replaced; `output` is now the new one) as the
/// spare, once what is `leaving` it is removed. False (and `replaced` left as it is)
/// on platforms without the records that tell which output a spare was kept for.
pub fn keep(
    output: &Path,
    records: &Records,
    replaced: &Path,
    leaving: &Leaving,
) -> io::Result<bool> {
    if cfg!(not(unix)) {
        return Ok(false);
    }
    // First what was done there by hand: a link where a folder was would lead the
    // removal of the site's own files out of the folder.
    clear_changed_folders(replaced, &leaving.folders, leaving.since)?;
    prune(replaced, &leaving.differs)?;
    let spare = path(output);
    fs::rename(replaced, &spare).map_err(|e| super::named(&spare, e))?;
    records.put_sealed_now(RECORD, HEADER)?;
    Ok(true)
}

/// Removes from `root` every one of its `folders` (sorted) that changed since `since`,
/// whole, and anything that stands where one was. A folder's change time is set by the
/// system to the time of any change to what it holds (a file or folder added, removed
/// or renamed, a link put in place of a folder) or to the folder itself (its
/// permissions), and cannot be set back: a backup restored with `cp -a`, or `touch -d`,
/// does not hide a change. A link can only stand in a folder that changed, which is
/// removed before anything below it is looked at; removing a folder removes the links
/// in it, never what they lead to.
fn clear_changed_folders(root: &Path, folders: &[String], since: SystemTime) -> io::Result<()> {
    use rayon::prelude::*;
    let changed: Vec<&String> = folders
        .par_iter()
        .filter(|rel| match fs::symlink_metadata(root.join(rel)) {
            Ok(m) => !m.is_dir() || changed_since(&m, since),
            Err(_) => true,
        })
        .collect();
    for rel in changed {
        let folder = super::safe_join(root, rel)?;
        remove_any(&folder).map_err(|e| cannot_remove(&folder, e))?;
    }
    Ok(())
}

#[cfg(unix)]
fn changed_since(m: &fs::Metadata, since: SystemTime) -> bool {
    use std::os::unix::fs::MetadataExt;
    let changed = u64::try_from(m.ctime())
        .ok()
        .map(|s| std::time::UNIX_EPOCH + std::time::Duration::new(s, m.ctime_nsec() as u32));
    changed.is_none_or(|t| t >= since)
}

#[cfg(not(unix))]
fn changed_since(_m: &fs::Metadata, _since: SystemTime) -> bool {
    true
}

/// Removes each of `paths` (site-relative) from `root`, and every folder that leaves
/// empty. A path not there is no error.
pub fn prune(root: &Path, paths: &[String]) -> io::Result<()> {
    for rel in paths {
        let file = super::safe_join(root, rel)?;
        // Already gone (a page deleted by hand): its folders may still be left empty.
        match fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if gone_already(&e) => {}
            Err(e) => return Err(cannot_remove(&file, e)),
        }
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != root) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// `e`, saying that `path` of the replaced site could not be removed.
fn cannot_remove(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot remove {} ({e})", path.display()))
}

/// An error that says the file is not there: nothing is, a file stands where one of
/// its folders was, or a folder (of the new build) stands where it was.
fn gone_already(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory | io::ErrorKind::IsADirectory
    )
}

/// Creates `target` as a new file. In a staging folder started from the spare
/// something may be there already, perhaps the output's own file: it is removed,
/// never written into.
pub fn new_file(target: &Path) -> io::Result<fs::File> {
    let create = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
    };
    match create() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::AlreadyExists | io::ErrorKind::IsADirectory
            ) =>
        {
            remove_any(target)?;
            create()
        }
        made => made,
    }
}

/// Links `old` at `target`; nothing to do when `target` is that file already (a file
/// the spare shares with the output: looked at first when `from_spare`).
pub fn link_into(old: &Path, target: &Path, from_spare: bool) -> io::Result<()> {
    if from_spare && same_file(old, target) {
        return Ok(());
    }
    match fs::hard_link(old, target) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if same_file(old, target) {
                return Ok(());
            }
            remove_any(target)?;
            fs::hard_link(old, target)
        }
        linked => linked,
    }
}

/// Makes the folder `dir` in the staging folder `root`, removing a file of the spare
/// that stands where one of its folders goes.
pub fn make_folder(root: &Path, dir: &Path) -> io::Result<()> {
    // Looked at first: most are there, and a `mkdir` that fails still locks the parent.
    if fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    let Err(e) = fs::create_dir_all(dir) else {
        return Ok(());
    };
    let Ok(below) = dir.strip_prefix(root) else {
        return Err(e);
    };
    let mut at = root.to_path_buf();
    for part in below.components() {
        at.push(part);
        // Only a file or link: a folder here may be another writer's, just made.
        match fs::symlink_metadata(&at) {
            Ok(m) if !m.is_dir() => match fs::remove_file(&at) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
            _ => {}
        }
    }
    fs::create_dir_all(dir)
}

fn remove_any(path: &Path) -> io::Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use crate::sink::Sink;
    use crate::write::Staging;

    fn build(out: &Path, files: &[(&str, &str)]) {
        let s = Staging::new(out).unwrap();
        let info = r#"{"tool":"gongshi","version":"0","as_of":"2026-01-01"}"#;
        s.put("build-info.json", info.as_bytes()).unwrap();
        for (path, text) in files {
            s.put(path, text.as_bytes()).unwrap();
        }
        s.write_change_list().unwrap();
        s.commit().unwrap();
    }

    /// Every file and folder below `root`, folders ending in `/`.
    fn tree(root: &Path) -> Vec<String> {
        let mut all: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy();
                if e.file_type().is_dir() {
                    format!("{rel}/")
                } else {
                    format!("{rel}={}", fs::read_to_string(e.path()).unwrap())
                }
            })
            .collect();
        all.sort();
        all
    }

    #[test]
    fn a_file_of_the_spare_where_a_folder_goes_is_replaced_and_the_reverse() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = [("keep.html", "k"), ("b", "file b"), ("c/index.html", "c")];
        build(&out, &first);
        build(&out, &[first[0], first[1], first[2], ("d", "1")]);
        assert_eq!(
            tree(&path(&out)).len(),
            5,
            "the first build, whole: {:?}",
            tree(&path(&out))
        );
        build(
            &out,
            &[
                ("keep.html", "k"),
                ("b/index.html", "b"),
                ("c", "file c"),
                ("d", "1"),
            ],
        );
        assert_eq!(
            tree(&out),
            [
                "b/",
                "b/index.html=b",
                "build-info.json={\"tool\":\"gongshi\",\"version\":\"0\",\"as_of\":\"2026-01-01\"}",
                "c=file c",
                "d=1",
                "keep.html=k"
            ]
        );
        // The spare: the second build, without what the third removed.
        assert_eq!(
            tree(&path(&out)),
            [
                "build-info.json={\"tool\":\"gongshi\",\"version\":\"0\",\"as_of\":\"2026-01-01\"}",
                "d=1",
                "keep.html=k"
            ]
        );
        assert!(same_file(
            &out.join("keep.html"),
            &path(&out).join("keep.html")
        ));
    }

    /// A spare not kept for the output goes under a name of this process; what an
    /// earlier process of the same number left there (in a container every build may
    /// get the same number) does not stop the build. A file in the spare's place is
    /// removed, so that the spare can be kept there.
    #[test]
    fn a_leftover_of_the_same_process_number_does_not_stop_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(path(&out)).unwrap();
        let gone = crate::write::swap::sibling(&out, "gone", std::process::id());
        fs::create_dir_all(gone.join("a")).unwrap();
        fs::write(gone.join("a/b.html"), "x").unwrap();
        build(&out, &[("a.html", "1")]);
        fs::write(path(&out), "not a folder").unwrap();
        build(&out, &[("a.html", "1")]);
        build(&out, &[("a.html", "1")]);
        assert!(path(&out).is_dir(), "the spare is kept again");
    }

    #[test]
    fn a_file_shared_with_the_output_is_replaced_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        build(&out, &[("a.html", "one"), ("b.html", "b"), ("c.html", "c")]);
        build(&out, &[("a.html", "one"), ("b.html", "b"), ("c.html", "c")]);
        assert!(same_file(&out.join("a.html"), &path(&out).join("a.html")));
        let s = Staging::new(&out).unwrap();
        s.put("a.html", b"two").unwrap();
        // Not committed: the output is as it was.
        drop(s);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "one");
        assert!(
            !path(&out).exists(),
            "the spare was taken, and dropped with the build"
        );
    }

    /// What goes wrong once the new site is in place does not fail the build, but is
    /// said: a spare that cannot be kept, a change list that cannot be put in place.
    #[test]
    fn a_spare_or_change_list_that_cannot_be_put_in_place_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files = [("a.html", "a"), ("b/index.html", "b")];
        build(&out, &files);
        build(&out, &files);
        // Something of the clerk's where the spare goes.
        let s = Staging::new(&out).unwrap();
        s.put("a.html", b"a2").unwrap();
        s.put("b/index.html", b"b").unwrap();
        s.write_change_list().unwrap();
        let spare = path(&out);
        fs::create_dir_all(spare.join("mine")).unwrap();
        let said = s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a2");
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("could not be kept"), "{}", said[0]);
        assert!(
            spare.join("mine").exists(),
            "the clerk's folder is left alone"
        );
        fs::remove_dir_all(&spare).unwrap();
        // Something where a record goes: the change list is not put either.
        build(&out, &files);
        let records = crate::write::swap::beside(&out, crate::write::files::RECORD);
        fs::remove_file(&records).unwrap();
        fs::create_dir_all(records.join("mine")).unwrap();
        let s = Staging::new(&out).unwrap();
        s.put("a.html", b"a3").unwrap();
        s.write_change_list().unwrap();
        let said = s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a3");
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("change list"), "{}", said[0]);
        assert!(!crate::write::change_list(&out).exists());
    }
}
