//! gongshi's records of a build (what made each page, which files it wrote), kept
//! beside the output folder as `.NAME.gongshi-WHAT`, not in it: they are not part of
//! the site, so they are neither uploaded nor served, and the output is byte for byte
//! what the preview serves.
//!
//! A record names the folder it describes by its identity (device, inode and the
//! modification time of its top level), which the staging folder keeps when it is
//! swapped in: a record is read only while that folder is the output, untouched at its
//! top level (a backup restored into it, a file added by hand beside `index.html`,
//! void the records; the next build then renders every page and walks the folder).
//! Records are written beside the output under a name of their own as the build goes,
//! sealed with the staging folder's identity once it holds the whole build, and take
//! their place (one rename each, so never read half written) once it is the output: a
//! failed build, or one whose swap fails, leaves the previous records, and a build
//! killed between the swap and the rename leaves records that name the replaced
//! folder, which the next build ignores. On platforms without inodes no record is kept
//! (every page is rendered, the previous output is walked).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The bytes of a folder's identity, at the end of each record.
const IDENTITY: usize = 28;

/// Where the records of one output folder live, and the folder they will describe.
pub struct Records {
    output: PathBuf,
    staging: PathBuf,
}

impl Records {
    /// Records of `output`, to be written for `staging` (the folder that becomes it).
    pub fn new(output: &Path, staging: &Path) -> Records {
        Records {
            output: output.to_path_buf(),
            staging: staging.to_path_buf(),
        }
    }

    /// Where this build's record `what` is written until [`Records::publish`].
    fn pending(&self, what: &str) -> PathBuf {
        super::swap::sibling(&self.output, &format!("{what}.new"), std::process::id())
    }

    /// Where the record `what` is kept.
    pub fn path(&self, what: &str) -> PathBuf {
        super::swap::beside(&self.output, what)
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
        let mut bytes = fs::read(&path).ok()?;
        let body = bytes.strip_prefix(header)?.len().checked_sub(IDENTITY)?;
        if bytes[bytes.len() - IDENTITY..] != now {
            return None;
        }
        bytes.truncate(header.len() + body);
        bytes.drain(..header.len());
        Some((bytes, written))
    }

    /// The body of the record `what`, whatever folder it describes (`InvalidData`
    /// without `header`).
    pub fn read_whatever_folder(&self, what: &str, header: &[u8]) -> io::Result<Vec<u8>> {
        let mut bytes = fs::read(self.path(what))?;
        let body = bytes
            .strip_prefix(header)
            .and_then(|b| b.len().checked_sub(IDENTITY))
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a record"))?;
        bytes.truncate(header.len() + body);
        bytes.drain(..header.len());
        Ok(bytes)
    }

    /// Starts this build's record `what` with `header` and `body`.
    pub fn write(&self, what: &str, header: &[u8], body: &[u8]) -> io::Result<()> {
        if cfg!(not(unix)) {
            return Ok(());
        }
        let mut file = fs::File::create(self.pending(what))?;
        file.write_all(header)?;
        file.write_all(body)
    }

    /// Writes `bytes` as this build's record `what`, on every platform: a record for
    /// people (the change list), not for the next build, so never sealed.
    pub fn write_plain(&self, what: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.pending(what), bytes)
    }

    /// As [`Records::write_plain`], and on the disk before this returns: for a record
    /// that must survive a power cut right after it is put in place.
    /// `write` writes its bytes.
    pub fn write_durable(
        &self,
        what: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut out = io::BufWriter::new(fs::File::create(self.pending(what))?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    }

    /// Adds `body` to the end of this build's record `what` (see [`Records::write`]).
    pub fn append(&self, what: &str, body: &[u8]) -> io::Result<()> {
        if cfg!(not(unix)) {
            return Ok(());
        }
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(self.pending(what))?;
        file.write_all(body)
    }

    /// Ends this build's records with the identity of the staging folder: call once
    /// the staging folder holds the whole build (nothing is written into it after).
    pub fn seal(&self, whats: &[&str]) -> io::Result<()> {
        let Some(identity) = identity(&self.staging) else {
            return Ok(());
        };
        for what in whats {
            let pending = self.pending(what);
            if pending.exists() {
                fs::OpenOptions::new()
                    .append(true)
                    .open(&pending)?
                    .write_all(&identity)?;
            }
        }
        Ok(())
    }

    /// Puts this build's sealed records in place of the previous build's: call once the
    /// staging folder is the output. (Killed before, the previous records remain; they
    /// name the folder that was replaced, so the next build does not read them.)
    pub fn publish(&self, whats: &[&str]) -> io::Result<()> {
        for what in whats {
            let pending = self.pending(what);
            let path = self.path(what);
            if pending.exists() {
                fs::rename(&pending, &path).map_err(|e| super::named(&path, e))?;
            }
        }
        Ok(())
    }

    /// Puts this build's record `what`, as it was written (not sealed), at `dest`; true
    /// when there was one to put.
    pub fn publish_to(&self, what: &str, dest: &Path) -> io::Result<bool> {
        let pending = self.pending(what);
        if !pending.exists() {
            return Ok(false);
        }
        fs::rename(&pending, dest).map_err(|e| super::named(dest, e))?;
        Ok(true)
    }

    /// Writes the record `what` (only `header`), sealed with the identity of the output
    /// folder as it is now, and puts it in place: for what is made after the swap.
    pub fn put_sealed_now(&self, what: &str, header: &[u8]) -> io::Result<()> {
        let Some(identity) = identity(&self.output) else {
            return Ok(());
        };
        let pending = self.pending(what);
        let path = self.path(what);
        let put = fs::File::create(&pending)
            .and_then(|mut file| file.write_all(&[header, &identity].concat()))
            .map_err(|e| super::named(&pending, e))
            .and_then(|()| fs::rename(&pending, &path).map_err(|e| super::named(&path, e)));
        if put.is_err() {
            let _ = fs::remove_file(&pending);
        }
        put
    }

    /// The staging folder these records will describe.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The path of the output folder these records describe.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Removes the records of a build that will not be swapped in.
    pub fn discard(&self, whats: &[&str]) {
        for what in whats {
            let _ = fs::remove_file(self.pending(what));
        }
    }
}

/// A folder's device, inode and modification time.
#[cfg(unix)]
fn identity(dir: &Path) -> Option<[u8; IDENTITY]> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::symlink_metadata(dir).ok().filter(|m| m.is_dir())?;
    let mut id = [0u8; IDENTITY];
    id[..8].copy_from_slice(&m.dev().to_le_bytes());
    id[8..16].copy_from_slice(&m.ino().to_le_bytes());
    id[16..24].copy_from_slice(&m.mtime().to_le_bytes());
    id[24..].copy_from_slice(&(m.mtime_nsec() as u32).to_le_bytes());
    Some(id)
}

#[cfg(not(unix))]
fn identity(_dir: &Path) -> Option<[u8; IDENTITY]> {
    None
}

#[cfg(test)]
#[cfg(unix)]
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
        records.write("x", b"h\n", b"bo").unwrap();
        records.append("x", b"dy").unwrap();
        records.seal(&["x"]).unwrap();
        assert!(
            !dir.path().join(".out.gongshi-x").exists(),
            "not until published"
        );
        records.publish(&["x"]).unwrap();
        assert!(dir.path().join(".out.gongshi-x").is_file());
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
        // Something added at the top level of the folder by hand.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("extra.html"), "x").unwrap();
        assert_eq!(records.read("x", b"h\n"), None);
    }
}
