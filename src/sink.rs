//! Where rendered files go: the [`Sink`] trait (a staging folder for `build`, memory
//! for `serve`) and the privacy guard every output byte passes through.

use crate::ident::find_id_number;
use std::io;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Receives output files by site-relative path (`penalties/x/index.html`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies a file as it is (theme static files, content assets).
    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.put(path, &bytes)
    }
}

/// Passes files on to `inner`, refusing any file that contains a valid 居民身份证号
/// (data contract §9). Refused files are remembered so the build can fail naming them.
pub struct PrivacyGuard<'a, S: Sink + ?Sized> {
    inner: &'a S,
    leaks: Mutex<Vec<String>>,
}

impl<'a, S: Sink + ?Sized> PrivacyGuard<'a, S> {
    pub fn new(inner: &'a S) -> Self {
        PrivacyGuard {
            inner,
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// Paths of the files that were refused, sorted.
    pub fn leaks(&self) -> Vec<String> {
        let mut v = self
            .leaks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        v.sort();
        v
    }
}

/// Whether an output file holds an 18-character ID number as a reader of it sees it:
/// in markup with its character references decoded, in JSON with its `\u` escapes
/// decoded, in either with digits of any script read as digits and characters that
/// show nothing left out. (What staff write is searched more loosely, with the gaps
/// people put between digits, before anything is built: see `validate`.)
pub fn holds_id_number(path: &str, bytes: &[u8]) -> bool {
    if find_id_number(bytes).is_some() {
        return true;
    }
    let ext = path.rsplit('.').next().unwrap_or("");
    if ext == "xlsx" {
        // A spreadsheet is compressed XML: read inside it.
        let found = crate::scan::scan_attachment(Path::new(path), bytes);
        return matches!(found, crate::scan::Verdict::IdNumber(_));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false; // not text: a copied attachment, searched when it was checked
    };
    let mut decoded = std::borrow::Cow::Borrowed(text);
    if matches!(ext, "html" | "htm" | "xml" | "svg") && text.contains("&") {
        let mut out = String::with_capacity(text.len());
        crate::scan::push_decoded(&mut out, text);
        decoded = out.into();
    }
    if matches!(ext, "json" | "js") && text.contains("\\u") {
        decoded = crate::scan::unescape_json(&decoded).into();
    }
    let folded = crate::scan::fold(&decoded);
    let last = folded.as_deref().unwrap_or(&decoded);
    (folded.is_some() || !matches!(decoded, std::borrow::Cow::Borrowed(_)))
        && find_id_number(last.as_bytes()).is_some()
}

impl<S: Sink + ?Sized> Sink for PrivacyGuard<'_, S> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if holds_id_number(path, bytes) {
            self.leaks
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(path.to_string());
            return Ok(());
        }
        self.inner.put(path, bytes)
    }

    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.put(path, &bytes)
    }
}

/// Keeps files in memory (tests, `serve`).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .map_err(|_| io::Error::other("output store poisoned"))?
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_refuses_files_with_id_numbers() {
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        guard.put("a.html", b"ok 91350100M000100Y43").unwrap();
        guard
            .put("b.json", b"{\"id\":\"11010519491231002X\"}")
            .unwrap();
        assert_eq!(guard.leaks(), vec!["b.json".to_string()]);
        let files = mem.files.lock().unwrap();
        assert!(files.contains_key("a.html"));
        assert!(!files.contains_key("b.json"));
    }
}
