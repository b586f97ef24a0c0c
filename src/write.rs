//! Write: builds into a staging folder beside the output and swaps it in only when the
//! whole build succeeded, so a failed or killed build leaves the previous site intact.

use crate::sink::Sink;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    committed: bool,
    /// The first write that failed (a full disk, a permission): the build is void.
    failed: Mutex<Option<io::Error>>,
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    output.with_file_name(format!(".{name}.gongshi-{tag}"))
}

/// Refuses output folders whose replacement would destroy the site or foreign files.
pub fn check_output_dir(output: &Path, site: &Path) -> Result<(), String> {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let out = abs(output);
    let site = abs(site);
    if site.starts_with(&out) {
        return Err(format!(
            "the output folder {} contains the site itself; choose another --output",
            output.display()
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a folder", output.display()));
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join("build-info.json").exists() {
            return Err(format!(
                "{} exists and was not written by gongshi (no build-info.json); move it away or choose another --output",
                output.display()
            ));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates an empty staging folder beside `output`.
    pub fn new(output: &Path) -> io::Result<Staging> {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        remove_stale_siblings(output);
        let tmp = sibling(output, &format!("tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            committed: false,
            failed: Mutex::new(None),
        })
    }

    /// The first write into the staging folder that failed, if one did.
    pub fn failure(&self) -> Option<String> {
        let failed = self.failed.lock().ok()?;
        failed.as_ref().map(|e| e.to_string())
    }

    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = safe_join(&self.tmp, path)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, bytes)
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.output, &format!("old-{}", std::process::id()));
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &old)?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.output) {
            if had_output {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            remove_in_background(&old)?;
        }
        Ok(())
    }
}

/// Removes a replaced output folder. Deleting 100,000 files can take longer than the
/// build itself on some disks, and the new site is already in place, so on Unix a
/// detached `rm -rf` does it; elsewhere (or if that cannot start) it is done here.
/// Leftovers of an interrupted removal are cleared by the next build.
fn remove_in_background(dir: &Path) -> io::Result<()> {
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

/// Removes replaced output folders that an earlier, interrupted removal left behind.
fn remove_stale_siblings(output: &Path) {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let prefix = format!(".{name}.gongshi-old-");
    let Some(parent) = output.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    }) else {
        return;
    };
    let own = format!("{prefix}{}", std::process::id());
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && n != own {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let result = self.write(path, bytes);
        if let Err(e) = &result {
            if let Ok(mut failed) = self.failed.lock() {
                failed.get_or_insert_with(|| io::Error::new(e.kind(), format!("{path}: {e}")));
            }
        }
        result
    }

    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = fs::read(from)?;
        self.put(path, &bytes)
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
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), &dir.path().join("site")).is_err());
        let foreign = dir.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("mine.txt"), "x").unwrap();
        assert!(check_output_dir(&foreign, &dir.path().join("site")).is_err());
        assert!(check_output_dir(&dir.path().join("new"), &dir.path().join("site")).is_ok());
        assert!(safe_join(dir.path(), "../x").is_err());
    }
}
