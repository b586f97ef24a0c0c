//! Embeds the default theme: writes `$OUT_DIR/default_theme.rs`, the list of every file
//! under `themes/default/` with `include_bytes!`, so that a new template (a new kind's
//! pages) is built into the binary without editing any Rust file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if e.file_type()?.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?);
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut found = Vec::new();
    files(&theme, &mut found)?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(std::io::Error::other)?);
    let mut f = fs::File::create(out.join("default_theme.rs"))?;
    writeln!(f, "&[")?;
    for path in found {
        let rel = path
            .strip_prefix(&theme)
            .map_err(std::io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            f,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )?;
    }
    writeln!(f, "]")?;
    Ok(())
}
