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

impl<S: Sink + ?Sized> Sink for PrivacyGuard<'_, S> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if find_id_number(bytes).is_some() {
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
