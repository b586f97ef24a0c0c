//! Where rendered files go: the [`Sink`] trait (a staging folder for `build`, memory
//! for `serve`) and the privacy guard every output byte passes through.

use std::io;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Takes the parts of a file in order (see [`Sink::put_parts`]).
pub type PartWriter<'a> = &'a mut dyn FnMut(&[u8]) -> io::Result<()>;

/// Makes a file part by part, handing each part to the writer it is given.
pub type Producer<'a> = &'a mut dyn FnMut(PartWriter) -> io::Result<()>;

/// Makes a page's bytes; `None` when it could not (and has said why).
pub type PageMaker<'a> = &'a mut dyn FnMut() -> Option<Vec<u8>>;

/// Makes a derived file's bytes (see [`Sink::put_derived`]).
pub type DerivedMaker<'a> = &'a mut dyn FnMut() -> io::Result<Vec<u8>>;

/// The fingerprint of what a page is made from (see [`crate::render::Fingerprint`]),
/// computed only when a sink asks.
pub type PageFingerprint<'a> = &'a dyn Fn() -> crate::render::Fingerprint;

/// Receives output files by site-relative path (`penalties/x/index.html`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Puts a file that `produce` makes part by part (a dataset export of a million
    /// rows), so that it is never held whole. Every part must end at the end of a line
    /// (of a record), so that no number runs from one part into the next: the privacy
    /// guard reads part by part. If `produce` fails, no file is put. Like a page, it
    /// may be kept from the previous build when made from the same inputs
    /// (`fingerprint`). Any sink that does not write as it goes collects the parts and
    /// puts the file.
    fn put_parts(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        produce: Producer,
    ) -> io::Result<()> {
        let _ = fingerprint;
        let mut whole = Vec::new();
        produce(&mut |part| {
            whole.extend_from_slice(part);
            Ok(())
        })?;
        self.put(path, &whole)
    }

    /// Puts a file that holds only the text of the file `from`, put before it (the
    /// `.xlsx` export holds the cells of the CSV export, in another form): the privacy
    /// guard has read that text and does not read it again, and refuses this file too
    /// if it refused `from`. Like a page, it may be kept from the previous build when
    /// made from the same inputs (`fingerprint`, which covers `from`'s bytes); any
    /// other sink puts what `make` returns.
    fn put_derived(
        &self,
        path: &str,
        from: &str,
        fingerprint: PageFingerprint,
        make: DerivedMaker,
    ) -> io::Result<()> {
        let _ = (from, fingerprint);
        self.put(path, &make()?)
    }

    /// Copies a file as it is (theme static files, content assets).
    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.put(path, &bytes)
    }

    /// Puts a rendered page. A sink that holds the page the previous build made from
    /// the same inputs (the same `fingerprint`) may keep that one and not call `make`;
    /// any other puts what `make` returns.
    fn put_page(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        make: PageMaker,
    ) -> io::Result<()> {
        let _ = fingerprint;
        match make() {
            Some(bytes) => self.put(path, &bytes),
            None => Ok(()),
        }
    }

    /// Every page has been put (the files that cover every record come next).
    fn pages_done(&self) -> io::Result<()> {
        Ok(())
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

    /// Remembers that the file at `path` was refused.
    fn refuse(&self, path: &str) {
        self.leaks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path.to_string());
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

/// Whether an output file holds an ID number (see [`crate::scan::guard`]); a
/// spreadsheet export is read part by part.
pub fn holds_id_number(path: &str, bytes: &[u8]) -> bool {
    use crate::scan::guard::{self, Syntax};
    if path.ends_with(".xlsx") {
        return crate::scan::zip_parts(bytes, &mut |name, part| holds_id_number(name, part));
    }
    guard::holds_id_number(bytes, Syntax::of(path))
}

impl<S: Sink + ?Sized> Sink for PrivacyGuard<'_, S> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if holds_id_number(path, bytes) {
            self.refuse(path);
            return Ok(());
        }
        self.inner.put(path, bytes)
    }

    fn copy_file(&self, path: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.put(path, &bytes)
    }

    /// A page kept from the previous build passed this guard when it was written; a
    /// page made now is read like any file.
    fn put_page(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        make: PageMaker,
    ) -> io::Result<()> {
        let mut leaked = false;
        let result = self.inner.put_page(path, fingerprint, &mut || {
            let bytes = make()?;
            if holds_id_number(path, &bytes) {
                leaked = true;
                return None;
            }
            Some(bytes)
        });
        if leaked {
            self.refuse(path);
        }
        result
    }

    fn pages_done(&self) -> io::Result<()> {
        self.inner.pages_done()
    }

    fn put_derived(
        &self,
        path: &str,
        from: &str,
        fingerprint: PageFingerprint,
        make: DerivedMaker,
    ) -> io::Result<()> {
        let mut leaks = self.leaks.lock().unwrap_or_else(PoisonError::into_inner);
        if leaks.iter().any(|l| l == from) {
            leaks.push(path.to_string());
            return Ok(());
        }
        drop(leaks);
        self.inner.put_derived(path, from, fingerprint, make)
    }

    /// Reads each part before passing it on; a part with an ID number stops the file,
    /// which the inner sink then discards, and the file is refused.
    fn put_parts(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        produce: Producer,
    ) -> io::Result<()> {
        let mut leaked = false;
        let result = self
            .inner
            .put_parts(path, fingerprint, &mut |write: PartWriter| {
                produce(&mut |part: &[u8]| {
                    if holds_id_number(path, part) {
                        leaked = true;
                        return Err(io::Error::other("refused: it holds an ID number"));
                    }
                    write(part)
                })
            });
        if leaked {
            self.refuse(path);
            return Ok(());
        }
        result
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

    #[test]
    fn guard_reads_every_part_of_a_file_made_in_parts() {
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        let parts = |rows: &'static [&'static str]| {
            move |write: PartWriter| rows.iter().try_for_each(|r| write(r.as_bytes()))
        };
        guard
            .put_parts("ok.csv", &|| 1, &mut parts(&["a,1\n", "b,2\n"]))
            .unwrap();
        guard
            .put_parts(
                "bad.csv",
                &|| 2,
                &mut parts(&["a,1\n", "b,11010519491231002X\n", "c\n"]),
            )
            .unwrap();
        assert_eq!(guard.leaks(), vec!["bad.csv".to_string()]);
        // What is made of a refused file is refused with it, unread.
        guard
            .put_derived("bad.xlsx", "bad.csv", &|| 1, &mut || Ok(b"PK".to_vec()))
            .unwrap();
        guard
            .put_derived("ok.xlsx", "ok.csv", &|| 1, &mut || Ok(b"PK".to_vec()))
            .unwrap();
        assert_eq!(
            guard.leaks(),
            vec!["bad.csv".to_string(), "bad.xlsx".to_string()]
        );
        let files = mem.files.lock().unwrap();
        assert_eq!(files["ok.csv"], b"a,1\nb,2\n");
        assert!(!files.contains_key("bad.csv") && !files.contains_key("bad.xlsx"));
        assert!(files.contains_key("ok.xlsx"));
    }
}
