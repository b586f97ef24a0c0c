//! The previewed site in memory, and the build status that live reload watches.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// The state of the last rebuild, as the browser sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Bumped after every rebuild attempt.
    pub version: u64,
    /// The problems of the last attempt; empty when it succeeded.
    pub errors: Vec<String>,
    /// Warnings of the last attempt (they do not stop it).
    pub warnings: Vec<String>,
}

/// Site files by path, shared between the rebuilding thread and the HTTP workers.
#[derive(Default)]
pub struct Store {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    status: Mutex<Status>,
    changed: Condvar,
    /// The path the site is served under (`base_url`'s, `/xyjt/`), as of the last
    /// successful build: a change of `base_url` in `site.yaml` moves the preview.
    base: RwLock<String>,
}

impl Store {
    /// The path the site is served under.
    pub fn base(&self) -> String {
        self.base
            .read()
            .map(|b| b.clone())
            .unwrap_or_else(|_| "/".into())
    }

    /// Serves the site under `base` from now on.
    pub fn set_base(&self, base: &str) {
        if let Ok(mut b) = self.base.write() {
            base.clone_into(&mut b);
        }
    }

    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().ok()?.get(path).cloned()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files
            .read()
            .map(|f| f.contains_key(path))
            .unwrap_or(false)
    }

    pub fn len(&self) -> usize {
        self.files.read().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The paths of the files whose path starts with `prefix`.
    pub fn paths_starting_with(&self, prefix: &str) -> Vec<String> {
        self.files
            .read()
            .map(|f| {
                f.keys()
                    .filter(|k| k.starts_with(prefix))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A copy of every file, by path.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .read()
            .map(|f| f.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect())
            .unwrap_or_default()
    }

    /// Replaces every file (a full build).
    pub fn replace_all(&self, files: BTreeMap<String, Vec<u8>>) {
        let map = files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        if let Ok(mut f) = self.files.write() {
            *f = map;
        }
    }

    /// Removes `removed`, then puts `files`.
    pub fn update(&self, files: BTreeMap<String, Vec<u8>>, removed: &[String]) {
        let Ok(mut f) = self.files.write() else {
            return;
        };
        for r in removed {
            f.remove(r);
        }
        for (k, v) in files {
            f.insert(k, Arc::new(v));
        }
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Records the outcome of a rebuild and wakes the waiting browsers.
    pub fn finish_rebuild(&self, errors: Vec<String>, warnings: Vec<String>) {
        if let Ok(mut s) = self.status.lock() {
            s.version += 1;
            s.errors = errors;
            s.warnings = warnings;
        }
        self.changed.notify_all();
    }

    /// Waits until the version differs from `seen` (or `timeout` passes).
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> Status {
        let Ok(guard) = self.status.lock() else {
            return Status::default();
        };
        match self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == seen)
        {
            Ok((s, _)) => s.clone(),
            Err(_) => Status::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_replaces_hashed_shards_and_removes_pages() {
        let store = Store::default();
        let mut all = BTreeMap::new();
        all.insert("a/index.html".to_string(), b"a".to_vec());
        all.insert("search/terms/0.aaaa.json".to_string(), b"old".to_vec());
        store.replace_all(all);
        let mut next = BTreeMap::new();
        next.insert("search/terms/0.bbbb.json".to_string(), b"new".to_vec());
        let gone = [
            "a/index.html".to_string(),
            "search/terms/0.aaaa.json".to_string(),
        ];
        store.update(next, &gone);
        assert!(!store.contains("a/index.html"));
        assert!(!store.contains("search/terms/0.aaaa.json"));
        assert_eq!(
            store.get("search/terms/0.bbbb.json").unwrap().as_slice(),
            b"new"
        );
    }

    #[test]
    fn waiting_browsers_wake_on_a_rebuild() {
        let store = Arc::new(Store::default());
        let s2 = store.clone();
        let waiter = std::thread::spawn(move || s2.wait_for_change(0, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(50));
        store.finish_rebuild(vec!["content/a.yaml:1:1: bad".into()], Vec::new());
        let status = waiter.join().unwrap();
        assert_eq!(status.version, 1);
        assert_eq!(status.errors.len(), 1);
    }
}
