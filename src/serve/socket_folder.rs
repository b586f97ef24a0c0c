//! The private folder of the Unix socket that tiny_http answers on behind the front
//! door ([`super::door`]).
//!
//! It is made afresh for each preview (mode 0700, a random name, never an existing
//! folder, so no other local user can put a socket of their own in it or take its
//! name first), removed when the preview
//! stops (Ctrl-C, a closed terminal, `kill`), and a folder left by a preview that was
//! killed outright (`kill -9`, a crash) is removed by the next one, so `/tmp` does not
//! fill with `gongshi-serve-*` folders.

use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use std::time::{Duration, SystemTime};

const PREFIX: &str = "gongshi-serve-";
/// The socket's name in the folder.
const SOCKET: &str = "s";
/// A folder younger than this may belong to a preview that is still starting (made,
/// not yet listening): it is left alone.
const STARTING: Duration = Duration::from_secs(60);

/// The folder, removed on drop (and by [`SocketFolder::remove_now`] before an exit that
/// skips drops).
pub struct SocketFolder {
    dir: tempfile::TempDir,
}

impl SocketFolder {
    /// Makes a new private folder under `parent` (the system's temporary folder), with
    /// a random name that no other user can take first, and removes the folders of
    /// previews that are no longer running.
    pub fn make_in(parent: &Path) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir_in(parent)
            .map_err(|e| {
                format!(
                    "cannot create a private folder for the preview in {}: {e}",
                    parent.display()
                )
            })?;
        let folder = SocketFolder { dir };
        folder.remove_stale_siblings();
        Ok(folder)
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join(SOCKET)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Removes the folder of `path` now (for a signal handler about to exit).
    pub fn remove_now(path: &Path) {
        let _ = std::fs::remove_dir_all(path);
    }

    /// Removes the `gongshi-serve-*` folders beside this one that belong to the same
    /// user, are older than a starting preview, and whose socket nobody answers on.
    fn remove_stale_siblings(&self) {
        let (Some(parent), Ok(own)) = (self.path().parent(), std::fs::metadata(self.path())) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(parent) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_ours = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(PREFIX));
            if !is_ours || path == self.path() {
                continue;
            }
            // Not followed: a link named like a folder of ours is not ours.
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let old_enough = meta
                .modified()
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .is_some_and(|age| age >= STARTING);
            if meta.is_dir() && meta.uid() == own.uid() && old_enough && !answers(&path) {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// Whether a preview still listens on the socket in `dir`.
fn answers(dir: &Path) -> bool {
    match UnixStream::connect(dir.join(SOCKET)) {
        Ok(_) => true,
        // Refused or missing: nobody listens. Anything else (permissions): leave it.
        Err(e) => !matches!(e.kind(), ErrorKind::ConnectionRefused | ErrorKind::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    fn age(path: &Path, by: Duration) {
        let then = SystemTime::now() - by;
        let file = std::fs::File::open(path).unwrap();
        file.set_modified(then).unwrap();
    }

    #[test]
    fn a_new_folder_is_private_and_removed_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = SocketFolder::make_in(tmp.path()).unwrap();
        let meta = std::fs::metadata(folder.path()).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o700);
        let path = folder.path().to_path_buf();
        // A second preview in the same process (tests) gets a folder of its own.
        let second = SocketFolder::make_in(tmp.path()).unwrap();
        assert_ne!(second.path(), path);
        drop(folder);
        assert!(!path.exists());
        assert!(second.path().exists());
    }

    #[test]
    fn folders_of_stopped_previews_are_removed_and_live_or_starting_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let make = |name: &str| {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            dir
        };
        // Killed: a socket file nobody listens on.
        let killed = make("gongshi-serve-1");
        drop(UnixListener::bind(killed.join(SOCKET)).unwrap());
        age(&killed, STARTING * 2);
        // Killed before it listened.
        let empty = make("gongshi-serve-2");
        age(&empty, STARTING * 2);
        // Running.
        let live = make("gongshi-serve-3");
        let _listener = UnixListener::bind(live.join(SOCKET)).unwrap();
        age(&live, STARTING * 2);
        // Starting (made a moment ago, not listening yet).
        let starting = make("gongshi-serve-4");
        // Not a preview's.
        let other = make("gongshi-server-stuff");
        age(&other, STARTING * 2);

        let _folder = SocketFolder::make_in(tmp.path()).unwrap();
        assert!(!killed.exists(), "a killed preview's folder stays");
        assert!(!empty.exists(), "an empty old folder stays");
        assert!(live.exists(), "a running preview's folder was removed");
        assert!(starting.exists(), "a starting preview's folder was removed");
        assert!(other.exists());
    }
}
