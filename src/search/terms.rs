//! Term postings: for every term, the ascending ids of the documents that hold it,
//! kept in the shards a reader fetches by term hash, so that one document's terms can
//! be moved and only the shards they live in written again.

use super::tokenize::{index_terms, term_hash};
use super::{Doc, MAX_POSTINGS, TERM_SHARD_BYTES};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The terms a document is found by: its title and text, and its facet values.
pub fn doc_terms(d: &Doc) -> Vec<String> {
    let mut terms = index_terms(&d.title);
    if !d.text.is_empty() {
        terms.extend(index_terms(&d.text));
        terms.sort();
        terms.dedup();
    }
    let facets = [("g", &d.grade), ("s", &d.sector), ("y", &d.year)];
    terms.extend(
        facets
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("#{k}:{v}")),
    );
    terms
}

/// term → ascending doc ids. Chunks of documents are indexed in parallel and merged
/// in order, so every list stays sorted.
fn postings(docs: &[Doc]) -> BTreeMap<String, Vec<u32>> {
    const CHUNK: usize = 4096;
    let partial: Vec<HashMap<String, Vec<u32>>> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::new();
            for (i, d) in chunk.iter().enumerate() {
                let id = (c * CHUNK + i) as u32;
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
    let mut merged: BTreeMap<String, Vec<u32>> = BTreeMap::new();
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
    merged
}

/// What a term adds to the estimated size of the term shards.
fn weight(term: &str, ids: usize) -> usize {
    term.len() + 6 + ids.min(MAX_POSTINGS) * 3
}

/// The postings, split into shards by term hash.
#[derive(Debug)]
pub struct TermShards {
    shards: Vec<BTreeMap<String, Vec<u32>>>,
    /// Estimated bytes of all shards; it decides how many there are.
    estimate: usize,
    /// Terms whose posting lists are cut, with their full document counts.
    stop: BTreeMap<String, usize>,
}

impl TermShards {
    pub fn new(docs: &[Doc]) -> TermShards {
        let postings = postings(docs);
        let estimate = postings.iter().map(|(t, ids)| weight(t, ids.len())).sum();
        let stop = postings
            .iter()
            .filter(|(_, ids)| ids.len() > MAX_POSTINGS)
            .map(|(t, ids)| (t.clone(), ids.len()))
            .collect();
        let count = Self::count_for(estimate);
        let mut shards = vec![BTreeMap::new(); count];
        for (term, ids) in postings {
            shards[term_hash(&term) as usize % count].insert(term, ids);
        }
        TermShards {
            shards,
            estimate,
            stop,
        }
    }

    fn count_for(estimate: usize) -> usize {
        estimate.div_ceil(TERM_SHARD_BYTES).max(1)
    }

    pub fn count(&self) -> usize {
        self.shards.len()
    }

    /// Whether the shards have grown or shrunk enough that a fresh index would have
    /// a different number of them.
    pub fn needs_resharding(&self) -> bool {
        Self::count_for(self.estimate) != self.count()
    }

    pub fn stop(&self) -> &BTreeMap<String, usize> {
        &self.stop
    }

    /// Document `id` now has `new` terms instead of `old`; the shards it touched are
    /// added to `touched`.
    pub fn move_doc(
        &mut self,
        id: u32,
        old: &[String],
        new: &[String],
        touched: &mut BTreeSet<usize>,
    ) {
        let old_set: BTreeSet<&String> = old.iter().collect();
        let new_set: BTreeSet<&String> = new.iter().collect();
        let count = self.count();
        for term in old_set.symmetric_difference(&new_set) {
            let s = term_hash(term) as usize % count;
            touched.insert(s);
            let ids = self.shards[s].entry((*term).clone()).or_default();
            if !ids.is_empty() {
                self.estimate -= weight(term, ids.len());
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
            if len > MAX_POSTINGS {
                self.stop.insert((*term).clone(), len);
            } else {
                self.stop.remove(term.as_str());
            }
        }
    }

    /// Shard `s` as `{"p":{term:[deltas]},"x":{term:count}}`, written directly.
    pub fn json(&self, s: usize) -> Vec<u8> {
        let terms = &self.shards[s];
        let mut out = Vec::with_capacity(TERM_SHARD_BYTES + 1024);
        out.extend_from_slice(b"{\"p\":{");
        for (i, (term, ids)) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let _ = serde_json::to_writer(&mut out, term);
            out.extend_from_slice(b":[");
            let mut prev = 0;
            for (j, &id) in ids.iter().take(MAX_POSTINGS).enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice((id - prev).to_string().as_bytes());
                prev = id;
            }
            out.push(b']');
        }
        out.extend_from_slice(b"},\"x\":{");
        let truncated = terms.iter().filter(|(_, ids)| ids.len() > MAX_POSTINGS);
        for (i, (term, ids)) in truncated.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let _ = serde_json::to_writer(&mut out, term);
            out.push(b':');
            out.extend_from_slice(ids.len().to_string().as_bytes());
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
}
