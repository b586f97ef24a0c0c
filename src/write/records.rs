//! gongshi's records of a build (what made each page, which files it wrote), kept
//! beside the output folder as `.NAME.gongshi-WHAT`, not in it: they are not part of
//! the site, so they are neither uploaded nor served, and the output is byte for byte
//! what the preview serves.
//!
//! A record names the folder it describes by its identity (device and inode), which
//! the staging folder keeps when it is swapped in: a record is read only while that
//! folder is the output. Records are written into the staging folder as the build
//! goes, and moved beside the output (one rename each, so never read half written)
//! only when the build is about to be swapped in: a failed build leaves none, and a
//! build killed between the move and the swap leaves records of a folder that never
//! became the output, which the next build ignores. On platforms without inodes no
//! record is kept (every page is rendered, the previous output is walked).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where the records of one output folder live, and the folder they will describe.
pub struct Records {
    output: PathBuf,
    staging: PathBuf,
    identity: Option<[u8; 16]>,
}

impl Records {
    /// Records of `output`, to be written for `staging` (the folder that becomes it).
    pub fn new(output: &Path, staging: &Path) -> Records {
        Records {
            output: output.to_path_buf(),
            staging: staging.to_path_buf(),
            identity: identity(staging),
        }
    }

    /// Where this build's record `what` waits in the staging folder.
    fn pending(&self, what: &str) -> PathBuf {
        self.staging.join(format!(".gongshi-{what}"))
    }

    fn path(&self, what: &str) -> PathBuf {
        let name = self
            .output
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        self.output
            .with_file_name(format!(".{name}.gongshi-{what}"))
    }

    /// The body of the record `what` and when it was written, if it has `header` and
    /// describes the output folder as it is now.
    pub fn read(&self, what: &str, header: &[u8]) -> Option<(Vec<u8>, SystemTime)> {
        let now = identity(&self.output)?;
        let path = self.path(what);
        let written = fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file())?
            .modified()
            .ok()?;
        let bytes = fs::read(&path).ok()?;
        let rest = bytes.strip_prefix(header)?;
        let (owner, body) = rest.split_at_checked(16)?;
        (owner == now).then(|| (body.to_vec(), written))
    }

    /// Writes this build's record `what` (`header` and `body`, describing the staging
    /// folder) into the staging folder, until [`Records::publish`].
    pub fn write(&self, what: &str, header: &[u8], body: &[u8]) -> io::Result<()> {
        let Some(owner) = self.identity else {
            return Ok(());
        };
        let mut bytes = Vec::with_capacity(header.len() + 16 + body.len());
        bytes.extend_from_slice(header);
        bytes.extend_from_slice(&owner);
        bytes.extend_from_slice(body);
        fs::write(self.pending(what), bytes)
    }

    /// Adds `body` to the end of this build's record `what` (see [`Records::write`]).
    pub fn append(&self, what: &str, body: &[u8]) -> io::Result<()> {
        if self.identity.is_none() {
            return Ok(());
        }
        use std::io::Write;
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(self.pending(what))?;
        file.write_all(body)
    }

    /// Moves this build's records beside the output folder, replacing the previous
    /// build's: call once the staging folder holds the whole build, just before the
    /// swap (the previous records are no longer read).
    pub fn publish(&self, whats: &[&str]) -> io::Result<()> {
        for what in whats {
            let pending = self.pending(what);
            if pending.exists() {
                fs::rename(&pending, self.path(what))?;
            }
        }
        Ok(())
    }
}

/// A folder's device and inode.
#[cfg(unix)]
fn identity(dir: &Path) -> Option<[u8; 16]> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::symlink_metadata(dir).ok().filter(|m| m.is_dir())?;
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&m.dev().to_le_bytes());
    id[8..].copy_from_slice(&m.ino().to_le_bytes());
    Some(id)
}

#[cfg(not(unix))]
fn identity(_dir: &Path) -> Option<[u8; 16]> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_read_only_while_its_folder_is_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = dir.path().join("staging");
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&staging).unwrap();
        let records = Records::new(&out, &staging);
        records.write("x", b"h\n", b"body").unwrap();
        assert!(
            !dir.path().join(".out.gongshi-x").exists(),
            "not until published"
        );
        records.publish(&["x"]).unwrap();
        assert!(dir.path().join(".out.gongshi-x").is_file());
        assert!(!staging.join(".gongshi-x").exists());
        assert_eq!(
            records.read("x", b"h\n"),
            None,
            "the staging folder is not in place"
        );
        fs::remove_dir(&out).unwrap();
        fs::rename(&staging, &out).unwrap();
        let (body, _) = records.read("x", b"h\n").unwrap();
        assert_eq!(body, b"body");
        assert_eq!(records.read("x", b"other\n"), None);
        assert_eq!(records.read("y", b"h\n"), None);
    }
}
