//! Where a build may write: an output folder that is not the site, not inside a folder
//! the build reads, and either new, empty, or gongshi's own output (recognised by the
//! `build-info.json` gongshi wrote there, not merely a file of that name).

use std::fs;
use std::path::{Path, PathBuf};

/// `p` made absolute through its nearest existing ancestor (an output folder may not
/// exist yet), with symbolic links resolved.
pub fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        (_, Some(name)) => std::env::current_dir().unwrap_or_default().join(name),
        _ => p.to_path_buf(),
    }
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
