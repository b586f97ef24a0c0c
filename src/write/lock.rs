//! One build of an output folder at a time: `.NAME.gongshi-lock` beside it is locked
//! (`flock`) by the build that is writing the output, and names its process id for the
//! message a second build gives. Two builds at once would each swap in their own site
//! and list their changes against an output the other replaced. The kernel lets go of
//! the lock of a killed build, so its lock file is simply taken over, whatever process
//! has its old id now (in a container every build is process 1). Where the file system
//! cannot lock files, the process id alone decides, as it did before.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Held while a build writes its output folder; removed when dropped.
pub struct Lock {
    path: PathBuf,
    /// Open, and locked where the file system can: the lock lasts as long as it.
    _file: File,
}

impl Lock {
    /// Takes the lock of `output`, or says which build holds it.
    pub fn take(output: &Path) -> io::Result<Lock> {
        let path = super::swap::beside(output, "lock");
        // A lock file removed by the build that held it between our open and our lock
        // is not the lock any more: open the new one.
        for _ in 0..3 {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| cannot_create(&path, output, e))?;
            match try_lock(&file) {
                Ok(true) if !is_at(&file, &path) => continue,
                Ok(true) => {}
                Ok(false) => return Err(busy(output, &path, holder(&mut file), true)),
                Err(_) => {
                    // No locks here: a running process with the id the file names
                    // holds it, unless that id is this process's own.
                    let me = std::process::id();
                    let pid = holder(&mut file).filter(|&pid| pid != me);
                    if let Some(pid) = pid.filter(|&pid| super::swap::is_running(pid)) {
                        return Err(busy(output, &path, Some(pid), false));
                    }
                }
            }
            file.set_len(0)?;
            file.rewind()?;
            file.write_all(std::process::id().to_string().as_bytes())?;
            return Ok(Lock { path, _file: file });
        }
        Err(io::Error::other(format!(
            "another gongshi build of {} started at the same moment; run this one again",
            output.display()
        )))
    }
}

/// Locks `file` for this process if no other holds it: `Ok(false)` when one does.
#[cfg(target_os = "linux")]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Elsewhere the process id decides (`File::try_lock` needs a newer Rust than the
/// one this crate supports).
#[cfg(not(target_os = "linux"))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether `path` is still the file that was opened.
fn is_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// The process id the lock file names.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// A second build's message. Where the lock is a `flock` (`locked`), a running build
/// holds it for certain: deleting the file would let a second one start, so the
/// message does not offer that; where the process id alone decides, it may be stale.
fn busy(output: &Path, path: &Path, pid: Option<u32>, locked: bool) -> io::Error {
    let who = pid.map_or(String::new(), |pid| format!(" (process {pid})"));
    let remedy = if locked {
        "wait for it to end, or stop it".to_string()
    } else {
        format!(
            "wait for it to end (if none is running, delete {})",
            path.display()
        )
    };
    io::Error::new(
        io::ErrorKind::ResourceBusy,
        format!(
            "another gongshi build of {} is running{who}; {remedy}",
            output.display()
        ),
    )
}

fn cannot_create(path: &Path, output: &Path, e: io::Error) -> io::Error {
    let msg = format!(
        "cannot create {}, which keeps a second build of {} from starting: {e}; check that \
         the folder holding the output can be written",
        path.display(),
        output.display()
    );
    io::Error::new(e.kind(), msg)
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a build that opened it meanwhile sees that it is
        // no longer the lock file (see `is_at`) and opens the next.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_build_at_a_time_and_a_killed_builds_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let lock_file = dir.path().join(".out.gongshi-lock");
        let held = Lock::take(&out).unwrap();
        assert!(lock_file.is_file());
        let err = Lock::take(&out).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::ResourceBusy);
        assert!(err.to_string().contains("another gongshi build"), "{err}");
        drop(held);
        assert!(!lock_file.exists(), "released");
        fs::write(&lock_file, "999999999").unwrap();
        let taken = Lock::take(&out).unwrap();
        assert_eq!(
            fs::read_to_string(&lock_file).unwrap(),
            std::process::id().to_string()
        );
        drop(taken);
        // A killed build's lock naming a process that runs (in a container, the next
        // build is process 1 again; here, this test's own process) is taken over: the
        // kernel let go of the killed build's lock (a tester's finding).
        fs::write(&lock_file, std::process::id().to_string()).unwrap();
        let taken = Lock::take(&out).unwrap();
        drop(taken);
        fs::write(&lock_file, "1").unwrap();
        let taken = Lock::take(&out).unwrap();
        drop(taken);
        assert!(!lock_file.exists());
    }
}
