//! Swapping a finished staging folder in as the output folder, and recovering from a
//! build that was killed half way. On Linux the two folders are exchanged in one
//! atomic step (`renameat2(RENAME_EXCHANGE)`), so there is always an output folder:
//! the old site or the new one. Elsewhere two renames are used, and a build killed
//! between them leaves the old site under a sibling name, which the next build puts
//! back before anything else.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The sibling `.NAME.gongshi-TAG-PID` of `output`.
pub fn sibling(output: &Path, tag: &str, pid: u32) -> PathBuf {
    beside(output, &format!("{tag}-{pid}"))
}

/// The sibling `.NAME.gongshi-WHAT` of `output` (its records, its lock).
pub fn beside(output: &Path, what: &str) -> PathBuf {
    output.with_file_name(format!(".{}.gongshi-{what}", name_of(output)))
}

/// The change list of the build in `output`, beside it as `NAME.changes.json`, not in
/// it: it names the pages that left the site, so it must not be uploaded with it.
pub fn change_list(output: &Path) -> PathBuf {
    output.with_file_name(format!("{}.changes.json", name_of(output)))
}

fn name_of(output: &Path) -> String {
    output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output")
        .to_string()
}

fn parent_of(output: &Path) -> &Path {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether process `pid` is running (on Linux, by /proc; elsewhere a build is assumed
/// gone unless it is this one).
pub fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

/// The leftovers of earlier builds of `output` whose process is gone: (tag, path).
fn leftovers(output: &Path) -> Vec<(String, PathBuf)> {
    let prefix = format!(".{}.gongshi-", name_of(output));
    let Ok(entries) = fs::read_dir(parent_of(output)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((tag, pid)) = rest.rsplit_once('-') else {
            continue;
        };
        // This process has made nothing beside the output yet (a build looks for
        // leftovers first): one with its number is an earlier process's that had the
        // same number (in a container every build may).
        let own = std::process::id();
        if pid
            .parse::<u32>()
            .is_ok_and(|pid| pid == own || !is_running(pid))
        {
            out.push((tag.to_string(), e.path()));
        }
    }
    out.sort();
    out
}

/// The paths [`recover`] takes for leftovers of earlier builds.
#[cfg(test)]
pub fn leftover_names(output: &Path) -> Vec<PathBuf> {
    leftovers(output)
        .into_iter()
        .map(|(_, path)| path)
        .collect()
}

/// Puts back an output folder that a killed build left under a sibling name, and
/// removes what earlier killed or interrupted builds left behind.
pub fn recover(output: &Path) -> io::Result<()> {
    let found = leftovers(output);
    if !output.exists() {
        if let Some((_, old)) = found.iter().find(|(tag, _)| tag == "old") {
            fs::rename(old, output)?;
        }
    }
    for (_, path) in leftovers(output) {
        // A staging or replaced folder, or the record of a build that did not finish.
        let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
    }
    Ok(())
}

/// Exchanges two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// Makes `staging` the output folder. Returns the path now holding the replaced site
/// (to be removed), if there was one.
pub fn swap_in(staging: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
    if !output.exists() {
        fs::rename(staging, output)?;
        return Ok(None);
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        return Ok(Some(staging.to_path_buf()));
    }
    let old = sibling(output, "old", std::process::id());
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    Ok(Some(old))
}
