//! Numbered index files kept in hash-named groups, `search/<dir>/<group-hash>/<n>.json`:
//! a file's URL changes whenever its content does, and the manifest needs one hash
//! per group instead of one per file. Groups can be replaced one at a time, which is
//! how the preview updates the index after an edit.

use crate::hash::fnv1a64;
use crate::sink::Sink;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// Files the index gains and loses in an update.
#[derive(Debug, Default)]
pub struct IndexChanges {
    pub put: BTreeMap<String, Vec<u8>>,
    pub removed: Vec<String>,
}

impl IndexChanges {
    /// Writes the files the index gains (the lost ones are for the caller to drop).
    pub fn write(&self, sink: &dyn Sink) -> io::Result<()> {
        self.put
            .iter()
            .try_for_each(|(path, bytes)| sink.put(path, bytes))
    }
}

/// The hash of group `g` of files `members` (and its index file).
fn group_hash(members: &[Vec<u8>], g: usize, index: Option<&[u8]>) -> String {
    let number = g.to_string();
    let mut parts: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
    parts.push(number.as_bytes());
    parts.extend(index);
    format!("{:08x}", fnv1a64(&parts) as u32)
}

/// Makes, hashes and writes `count` numbered files of `dir` one group at a time, and
/// returns the group hashes: what [`Grouped::new`] and [`Grouped::write`] do, without
/// ever holding more than a group per thread (for a build, which does not update the
/// index afterwards).
pub fn write_through(
    dir: &'static str,
    group: usize,
    count: usize,
    make: &(dyn Fn(usize) -> io::Result<Vec<u8>> + Sync),
    sink: &dyn Sink,
) -> io::Result<Vec<String>> {
    (0..count.div_ceil(group))
        .into_par_iter()
        .map(|g| {
            let numbers = g * group..((g + 1) * group).min(count);
            let files = numbers.clone().map(make).collect::<io::Result<Vec<_>>>()?;
            let hash = group_hash(&files, g, None);
            for (n, bytes) in numbers.zip(&files) {
                sink.put(&format!("search/{dir}/{hash}/{n}.json"), bytes)?;
            }
            Ok(hash)
        })
        .collect()
}

/// The numbered files of one directory of the index, with their group hashes.
#[derive(Debug)]
pub struct Grouped {
    dir: &'static str,
    group: usize,
    files: Vec<Vec<u8>>,
    /// A named file in every group folder, made from the group's files (the code
    /// buckets' first codes): `(name, one file per group)`.
    index: Option<(&'static str, Vec<Vec<u8>>)>,
    hashes: Vec<String>,
}

impl Grouped {
    pub fn new(dir: &'static str, group: usize, files: Vec<Vec<u8>>) -> Grouped {
        Self::with_index(dir, group, files, None)
    }

    /// Like [`Grouped::new`], with a file `<name>.json` in every group folder; it is
    /// part of the group's hash.
    pub fn with_index(
        dir: &'static str,
        group: usize,
        files: Vec<Vec<u8>>,
        index: Option<(&'static str, Vec<Vec<u8>>)>,
    ) -> Grouped {
        let mut grouped = Grouped {
            dir,
            group,
            files,
            index,
            hashes: Vec::new(),
        };
        grouped.hashes = (0..grouped.group_count())
            .into_par_iter()
            .map(|g| grouped.hash_of(g))
            .collect();
        grouped
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn hashes(&self) -> &[String] {
        &self.hashes
    }

    fn group_count(&self) -> usize {
        self.files.len().div_ceil(self.group)
    }

    fn members(&self, g: usize) -> std::ops::Range<usize> {
        g * self.group..((g + 1) * self.group).min(self.files.len())
    }

    fn hash_of(&self, g: usize) -> String {
        let heads = self.index.as_ref().map(|(_, heads)| heads[g].as_slice());
        group_hash(&self.files[self.members(g)], g, heads)
    }

    fn path(&self, g: usize, n: usize) -> String {
        format!("search/{}/{}/{n}.json", self.dir, self.hashes[g])
    }

    fn index_path(&self, g: usize) -> Option<(String, &[u8])> {
        let (name, heads) = self.index.as_ref()?;
        let path = format!("search/{}/{}/{name}.json", self.dir, self.hashes[g]);
        Some((path, &heads[g]))
    }

    /// Writes every file.
    pub fn write(&self, sink: &dyn Sink) -> io::Result<()> {
        (0..self.files.len())
            .into_par_iter()
            .try_for_each(|n| sink.put(&self.path(n / self.group, n), &self.files[n]))?;
        (0..self.group_count()).try_for_each(|g| match self.index_path(g) {
            Some((path, bytes)) => sink.put(&path, bytes),
            None => Ok(()),
        })
    }

    fn remove_group(&self, g: usize, changes: &mut IndexChanges) {
        if g < self.hashes.len() {
            changes
                .removed
                .extend(self.members(g).map(|n| self.path(g, n)));
            changes
                .removed
                .extend(self.index_path(g).map(|(path, _)| path));
        }
    }

    fn put_group(&self, g: usize, changes: &mut IndexChanges) {
        if g < self.hashes.len() {
            for n in self.members(g) {
                changes.put.insert(self.path(g, n), self.files[n].clone());
            }
            if let Some((path, bytes)) = self.index_path(g) {
                changes.put.insert(path, bytes.to_vec());
            }
        }
    }

    /// Replaces some files; the groups whose content changed move to new paths.
    /// (Not for groups with an index file, which would have to be made again.)
    pub fn replace_files(
        &mut self,
        replaced: impl IntoIterator<Item = (usize, Vec<u8>)>,
        changes: &mut IndexChanges,
    ) {
        let mut touched = BTreeSet::new();
        for (n, bytes) in replaced {
            if self.files[n] != bytes {
                self.files[n] = bytes;
                touched.insert(n / self.group);
            }
        }
        for g in touched {
            let hash = self.hash_of(g);
            if hash != self.hashes[g] {
                self.remove_group(g, changes);
                self.hashes[g] = hash;
                self.put_group(g, changes);
            }
        }
    }

    /// Becomes `next`, recording the groups that differ.
    pub fn replace_all(&mut self, next: Grouped, changes: &mut IndexChanges) {
        let groups = self.group_count().max(next.group_count());
        for g in 0..groups {
            let same = self.hashes.get(g) == next.hashes.get(g)
                && self.members(g).len() == next.members(g).len();
            if !same {
                self.remove_group(g, changes);
                next.put_group(g, changes);
            }
        }
        *self = next;
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::sink::MemorySink;

    fn files(n: usize) -> Vec<Vec<u8>> {
        (0..n).map(|i| format!("[{i}]").into_bytes()).collect()
    }

    fn written(g: &Grouped) -> BTreeMap<String, Vec<u8>> {
        let mem = MemorySink::default();
        g.write(&mem).unwrap();
        mem.files.into_inner().unwrap()
    }

    /// Applies `changes` to `before` as the preview's store does (for tests).
    pub(in crate::search) fn apply(
        mut before: BTreeMap<String, Vec<u8>>,
        changes: IndexChanges,
    ) -> BTreeMap<String, Vec<u8>> {
        for r in &changes.removed {
            assert!(
                before.remove(r).is_some(),
                "removed a file that was not there: {r}"
            );
        }
        before.extend(changes.put);
        before
    }

    #[test]
    fn replacing_a_file_moves_only_its_group() {
        let mut g = Grouped::new("terms", 4, files(10));
        let before = written(&g);
        let mut changes = IndexChanges::default();
        g.replace_files([(5, b"[five]".to_vec())], &mut changes);
        // Group 1 (files 4..8) moved; groups 0 and 2 did not.
        assert_eq!(changes.put.len(), 4);
        assert_eq!(changes.removed.len(), 4);
        assert!(changes
            .put
            .keys()
            .all(|p| p.starts_with(&format!("search/terms/{}/", g.hashes()[1]))));
        let mut expected = files(10);
        expected[5] = b"[five]".to_vec();
        assert_eq!(
            apply(before, changes),
            written(&Grouped::new("terms", 4, expected))
        );
    }

    #[test]
    fn writing_through_writes_what_a_held_index_writes() {
        for (count, group) in [(0, 4), (3, 4), (10, 4), (8, 4)] {
            let held = Grouped::new("docs", group, files(count));
            let mem = MemorySink::default();
            let make = |n: usize| Ok(format!("[{n}]").into_bytes());
            let hashes = write_through("docs", group, count, &make, &mem).unwrap();
            assert_eq!(hashes, held.hashes());
            assert_eq!(mem.files.into_inner().unwrap(), written(&held));
        }
    }

    #[test]
    fn an_unchanged_file_changes_nothing() {
        let mut g = Grouped::new("docs", 4, files(10));
        let mut changes = IndexChanges::default();
        g.replace_files([(5, b"[5]".to_vec())], &mut changes);
        assert!(changes.put.is_empty() && changes.removed.is_empty());
    }

    #[test]
    fn replacing_everything_keeps_equal_groups_and_handles_new_sizes() {
        let mut g = Grouped::new("codes", 4, files(10));
        let before = written(&g);
        let mut next_files = files(13);
        next_files[1] = b"[one]".to_vec();
        let next = Grouped::new("codes", 4, next_files.clone());
        let mut changes = IndexChanges::default();
        g.replace_all(next, &mut changes);
        // Group 1 is the same; 0 changed, 2 grew, 3 is new.
        assert!(!changes
            .removed
            .iter()
            .any(|p| p.contains(&format!("/{}/", g.hashes()[1]))));
        assert_eq!(
            apply(before, changes),
            written(&Grouped::new("codes", 4, next_files))
        );
        let mut changes = IndexChanges::default();
        g.replace_all(Grouped::new("codes", 4, files(3)), &mut changes);
        assert_eq!(changes.removed.len(), 13);
        assert_eq!(changes.put.len(), 3);
    }
}
