//! Term postings: for every term, the ascending ids of the documents that hold it,
//! kept in the shards a reader fetches by term hash, so that one document's terms can
//! be moved and only the shards they live in written again.

use super::gaps::write_ids;
use super::tokenize::{index_terms, term_hash};
use super::{Doc, MAX_POSTINGS, OWN_FILE_POSTINGS, TERM_SHARD_BYTES};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the postings and the manifest read of a document: a [`Doc`], or in a build
/// its [`TermSource`] once the document shards are written.
pub trait Indexed: Sync {
    /// Position of its kind in [`super::doc_kinds`].
    fn kind(&self) -> usize;
    fn title(&self) -> &str;
    fn text(&self) -> &str;
    /// Grade, sector and year (empty when it has none).
    fn facets(&self) -> [&str; 3];
}

impl Indexed for Doc {
    fn kind(&self) -> usize {
        self.kind
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn text(&self) -> &str {
        &self.text
    }
    fn facets(&self) -> [&str; 3] {
        [&self.grade, &self.sector, &self.year]
    }
}

/// The part of a [`Doc`] the postings and the manifest are made from, in a quarter of
/// its memory.
pub struct TermSource {
    kind: u8,
    title: Box<str>,
    text: Box<str>,
    facets: [Box<str>; 3],
}

impl From<Doc> for TermSource {
    fn from(d: Doc) -> TermSource {
        TermSource {
            kind: d.kind as u8,
            title: d.title.into(),
            text: d.text.into(),
            facets: [d.grade.into(), d.sector.into(), d.year.into()],
        }
    }
}

impl Indexed for TermSource {
    fn kind(&self) -> usize {
        usize::from(self.kind)
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn text(&self) -> &str {
        &self.text
    }
    fn facets(&self) -> [&str; 3] {
        [&self.facets[0], &self.facets[1], &self.facets[2]]
    }
}

/// The terms a document is found by: its title and text, and its facet values.
pub fn doc_terms(d: &impl Indexed) -> Vec<String> {
    let mut terms = index_terms(d.title());
    if !d.text().is_empty() {
        terms.extend(index_terms(d.text()));
        terms.sort();
        terms.dedup();
    }
    let facets = ["g", "s", "y"].into_iter().zip(d.facets());
    terms.extend(
        facets
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("#{k}:{v}")),
    );
    terms
}

/// term → ascending doc ids. Chunks of documents are indexed in parallel, a few at a
/// time, and merged in order, so every list stays sorted and the partial maps never
/// hold more than a few chunks' postings beside the merged ones.
fn postings(docs: &[impl Indexed]) -> BTreeMap<String, Vec<u32>> {
    const CHUNK: usize = 4096;
    let per_round = CHUNK * 2 * rayon::current_num_threads();
    let mut merged: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (round, docs) in docs.chunks(per_round).enumerate() {
        let first = round * per_round;
        let partial: Vec<HashMap<String, Vec<u32>>> = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut map: HashMap<String, Vec<u32>> = HashMap::new();
                for (i, d) in chunk.iter().enumerate() {
                    let id = (first + c * CHUNK + i) as u32;
                    for t in doc_terms(d) {
                        match map.get_mut(t.as_str()) {
                            Some(ids) => ids.push(id),
                            None => {
                                map.insert(t, vec![id]);
                            }
                        }
                    }
                }
                map
            })
            .collect();
        for map in partial {
            for (t, ids) in map {
                match merged.get_mut(t.as_str()) {
                    Some(all) => all.extend(ids),
                    None => {
                        merged.insert(t, ids);
                    }
                }
            }
        }
    }
    merged.values_mut().for_each(Vec::shrink_to_fit);
    merged
}

/// Whether a term with `ids` documents has its list cut to the best-ranked ids.
fn is_cut(ids: usize) -> bool {
    ids > MAX_POSTINGS
}

/// Whether a term with `ids` documents has its list in a file of its own, so that a
/// shard stays small and a query fetches only the long lists it needs.
fn has_own_file(ids: usize) -> bool {
    ids > OWN_FILE_POSTINGS
}

/// What a term adds to the estimated size of the term shards: its posting list (about
/// two bytes an id), or only its count and list number.
fn weight(term: &str, ids: usize) -> usize {
    if has_own_file(ids) {
        term.len() + 16
    } else {
        term.len() + 4 + ids * 2
    }
}

/// The postings, split into shards by term hash; the lists of very common terms are
/// cut and kept apart, one file each, so that a shard stays small.
#[derive(Debug)]
pub struct TermShards {
    shards: Vec<BTreeMap<String, Vec<u32>>>,
    /// Estimated bytes of all shards; it decides how many there are.
    estimate: usize,
    /// Terms whose posting lists have files of their own, in order: term `lists[n]`
    /// has list file `n`.
    lists: Vec<String>,
    list_of: HashMap<String, usize>,
    /// Set when an edit moved a list into or out of its own file: the list files must
    /// be numbered again.
    lists_moved: bool,
}

impl TermShards {
    pub fn new(docs: &[impl Indexed]) -> TermShards {
        let postings = postings(docs);
        let estimate = postings.iter().map(|(t, ids)| weight(t, ids.len())).sum();
        let lists: Vec<String> = postings
            .iter()
            .filter(|(_, ids)| has_own_file(ids.len()))
            .map(|(t, _)| t.clone())
            .collect();
        let list_of = lists
            .iter()
            .enumerate()
            .map(|(n, t)| (t.clone(), n))
            .collect();
        let count = Self::count_for(estimate);
        let mut shards = vec![BTreeMap::new(); count];
        for (term, ids) in postings {
            shards[term_hash(&term) as usize % count].insert(term, ids);
        }
        TermShards {
            shards,
            estimate,
            lists,
            list_of,
            lists_moved: false,
        }
    }

    fn count_for(estimate: usize) -> usize {
        estimate.div_ceil(TERM_SHARD_BYTES).max(1)
    }

    pub fn count(&self) -> usize {
        self.shards.len()
    }

    /// Whether a fresh index would have a different number of shards or lists.
    pub fn needs_resharding(&self) -> bool {
        self.lists_moved || Self::count_for(self.estimate) != self.count()
    }

    /// Document `id` now has `new` terms instead of `old`; the shards and cut lists it
    /// touched are added to `touched`.
    pub fn move_doc(&mut self, id: u32, old: &[String], new: &[String], touched: &mut Touched) {
        let old_set: BTreeSet<&String> = old.iter().collect();
        let new_set: BTreeSet<&String> = new.iter().collect();
        let count = self.count();
        for term in old_set.symmetric_difference(&new_set) {
            let s = term_hash(term) as usize % count;
            touched.shards.insert(s);
            let ids = self.shards[s].entry((*term).clone()).or_default();
            let before = ids.len();
            if before > 0 {
                self.estimate -= weight(term, before);
            }
            match (ids.binary_search(&id), new_set.contains(term)) {
                (Ok(at), false) => {
                    ids.remove(at);
                }
                (Err(at), true) => ids.insert(at, id),
                _ => {}
            }
            let len = ids.len();
            if len == 0 {
                self.shards[s].remove(term.as_str());
            } else {
                self.estimate += weight(term, len);
            }
            if has_own_file(before) != has_own_file(len) {
                self.lists_moved = true;
            } else if let Some(&n) = self.list_of.get(term.as_str()) {
                touched.lists.insert(n);
            }
        }
    }

    /// Shard `s` as `{"p":{term:"ids"},"l":{term:[count,list]},"x":{term:[count,list]}}`
    /// (lists here, lists in their own files, cut lists), written directly.
    pub fn json(&self, s: usize) -> Vec<u8> {
        let terms = &self.shards[s];
        let mut out = Vec::with_capacity(TERM_SHARD_BYTES + 1024);
        let here = terms.iter().filter(|(_, ids)| !has_own_file(ids.len()));
        out.extend_from_slice(b"{\"p\":{");
        for (i, (term, ids)) in here.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let _ = serde_json::to_writer(&mut out, term);
            out.push(b':');
            write_ids(&mut out, ids);
        }
        let own = |cut: bool| {
            terms
                .iter()
                .filter(move |(_, ids)| has_own_file(ids.len()) && is_cut(ids.len()) == cut)
        };
        for (key, cut) in [("l", false), ("x", true)] {
            out.extend_from_slice(format!("}},\"{key}\":{{").as_bytes());
            for (i, (term, ids)) in own(cut).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let _ = serde_json::to_writer(&mut out, term);
                let list = self.list_of.get(term.as_str()).copied().unwrap_or_default();
                out.extend_from_slice(format!(":[{},{list}]", ids.len()).as_bytes());
            }
        }
        out.extend_from_slice(b"}}");
        out
    }

    /// Every shard's JSON.
    pub fn all_json(&self) -> Vec<Vec<u8>> {
        (0..self.count())
            .into_par_iter()
            .map(|s| self.json(s))
            .collect()
    }

    /// List `n` as a JSON string: a common term's ids, at most the best-ranked (lowest)
    /// [`MAX_POSTINGS`].
    pub fn list_json(&self, n: usize) -> Vec<u8> {
        let term = &self.lists[n];
        let s = term_hash(term) as usize % self.count();
        let ids = self.shards[s].get(term).map_or(&[][..], |ids| &ids[..]);
        let mut out = Vec::with_capacity(MAX_POSTINGS * 2);
        write_ids(&mut out, &ids[..ids.len().min(MAX_POSTINGS)]);
        out
    }

    /// How many lists have files of their own.
    pub fn list_count(&self) -> usize {
        self.lists.len()
    }

    /// Every cut list's JSON.
    pub fn all_lists(&self) -> Vec<Vec<u8>> {
        (0..self.list_count())
            .into_par_iter()
            .map(|n| self.list_json(n))
            .collect()
    }
}

/// The term shards and cut lists an edit touched.
#[derive(Debug, Default)]
pub struct Touched {
    pub shards: BTreeSet<usize>,
    pub lists: BTreeSet<usize>,
}
