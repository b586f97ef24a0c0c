//! Where a build may write: an output folder that is not the site, not inside a folder
//! the build reads, and either new, empty, or gongshi's own output (recognised by the
//! `build-info.json` gongshi wrote there, not merely a file of that name).

use std::fs;
use std::path::{Path, PathBuf};

/// `p` made absolute with symbolic links resolved, although it (an output folder not
/// yet made) or some of its parents may not exist. Each component is resolved in turn:
/// one that exists is canonicalised (so a symbolic link is followed), one that does not
/// is appended as written, and `..` removes the last component. A path like
/// `site/missing/../../site` therefore resolves to the site itself, whatever exists.
pub fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut resolved = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    for part in p.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if fs::symlink_metadata(&resolved).is_ok() {
                    if let Ok(real) = fs::canonicalize(&resolved) {
                        resolved = real;
                    }
                }
            }
        }
    }
    resolved
}

/// Whether `dir` holds a `build-info.json` that gongshi wrote.
pub fn is_gongshi_output(dir: &Path) -> bool {
    let Ok(bytes) = fs::read(dir.join("build-info.json")) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|v| v["tool"] == "gongshi" && v["as_of"].is_string() && v["version"].is_string())
}

/// Refuses output folders whose replacement would destroy the site or foreign files,
/// or that lie inside a folder the build reads (`read`: content/, the theme).
pub fn check_output_dir(output: &Path, site: &Path, read: &[PathBuf]) -> Result<(), String> {
    let out = absolute(output);
    let site = absolute(site);
    if site.starts_with(&out) {
        return Err(format!(
            "the output folder {} contains the site itself; choose another --output",
            output.display()
        ));
    }
    if let Some(dir) = read
        .iter()
        .map(|d| absolute(d))
        .find(|d| out.starts_with(d))
    {
        return Err(format!(
            "the output folder {} is inside {}, which the build reads; choose another --output",
            output.display(),
            dir.display()
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a folder", output.display()));
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !is_gongshi_output(&out) {
            return Err(format!(
                "{} exists and was not written by gongshi (no build-info.json of gongshi's); move it away or choose another --output",
                output.display()
            ));
        }
    }
    Ok(())
}
