//! One build of an output folder at a time: `.NAME.gongshi-lock` beside it holds the
//! process id of the build that is writing it. Two builds at once would each swap in
//! their own site and list their changes against an output the other replaced. A lock
//! left by a killed build (its process is gone) is taken over. Where running processes
//! cannot be looked up (other than Linux), every lock but this process's is taken for
//! a killed build's.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Held while a build writes its output folder; removed when dropped.
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock of `output`, or says which build holds it.
    pub fn take(output: &Path) -> io::Result<Lock> {
        let path = super::swap::beside(output, "lock");
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let lock = Lock { path };
                    file.write_all(std::process::id().to_string().as_bytes())?;
                    return Ok(lock);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    if let Some(pid) = holder.filter(|&pid| super::swap::is_running(pid)) {
                        return Err(io::Error::new(
                            io::ErrorKind::ResourceBusy,
                            format!(
                                "another gongshi build of {} is running (process {pid}); wait \
                                 for it to end (if none is running, delete {})",
                                output.display(),
                                path.display()
                            ),
                        ));
                    }
                    // Left by a build that was killed.
                    let _ = fs::remove_file(&path);
                }
                Err(e) => {
                    let msg = format!(
                        "cannot create {}, which keeps a second build of {} from starting: \
                         {e}; check that the folder holding the output can be written",
                        path.display(),
                        output.display()
                    );
                    return Err(io::Error::new(e.kind(), msg));
                }
            }
        }
        Err(io::Error::other(format!(
            "another gongshi build of {} started at the same moment; run this one again",
            output.display()
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
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
    }
}
