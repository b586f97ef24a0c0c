//! Search: writes the static search index under `/search/` (format in
//! `docs/search-index.md`): a small manifest, term shards chosen by hash, code buckets
//! in sorted ranges, and document shards. Shard names carry a content hash, so they can
//! be cached forever; only public records are indexed.

mod docs;
pub mod tokenize;

pub use docs::{collect_docs, Doc, KINDS};

use crate::assemble::SiteModel;
use crate::hash::fnv1a64;
use crate::sink::Sink;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io;
use tokenize::{index_terms, normalize_code, term_hash};

/// Documents per document shard.
pub const DOC_SHARD: usize = 8;
/// Document shards per hash group (one hash in the manifest per group).
pub const DOC_GROUP: usize = 256;
/// Codes per code bucket.
pub const CODE_BUCKET: usize = 256;
/// Target size of a term shard in bytes.
pub const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Longest posting list kept for a term; longer ones keep the best-ranked documents.
pub const MAX_POSTINGS: usize = 5_000;
/// Term shards and code buckets per hash group.
pub const FILE_GROUP: usize = 64;

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

fn facet_terms(d: &Doc) -> impl Iterator<Item = String> + '_ {
    [("g", &d.grade), ("s", &d.sector), ("y", &d.year)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("#{k}:{v}"))
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
                let mut terms = index_terms(&d.title);
                if !d.text.is_empty() {
                    terms.extend(index_terms(&d.text));
                    terms.sort();
                    terms.dedup();
                }
                terms.extend(facet_terms(d));
                for t in terms {
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

/// `{"p":{term:[deltas]},"x":{term:count}}`, written directly (no intermediate values).
fn term_shard_json(terms: &[(&String, &Vec<u32>)]) -> Vec<u8> {
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

/// Returns the number of shards and their group hashes.
fn write_term_shards(
    postings: &BTreeMap<String, Vec<u32>>,
    sink: &dyn Sink,
) -> io::Result<(usize, Vec<String>)> {
    let estimate: usize = postings
        .iter()
        .map(|(t, ids)| t.len() + 6 + ids.len().min(MAX_POSTINGS) * 3)
        .sum();
    let count = estimate.div_ceil(TERM_SHARD_BYTES).max(1);
    let mut shards: Vec<Vec<(&String, &Vec<u32>)>> = vec![Vec::new(); count];
    for (term, ids) in postings {
        shards[(term_hash(term) as usize) % count].push((term, ids));
    }
    let files: Vec<Vec<u8>> = shards
        .par_iter()
        .map(|terms| term_shard_json(terms))
        .collect();
    Ok((count, write_grouped("terms", &files, FILE_GROUP, sink)?))
}

/// Shortest prefix of `code` that still sorts after `previous`.
fn separator(previous: &str, code: &str) -> String {
    let common = previous
        .chars()
        .zip(code.chars())
        .take_while(|(a, b)| a == b)
        .count();
    code.chars().take(common + 1).collect()
}

/// Writes the code buckets; returns the front-coded separators (see
/// `docs/search-index.md`), the number of buckets, and their group hashes.
fn write_code_buckets(docs: &[Doc], sink: &dyn Sink) -> io::Result<(String, usize, Vec<String>)> {
    let mut codes: Vec<(String, u32)> = docs
        .iter()
        .enumerate()
        .flat_map(|(id, d)| {
            d.codes
                .iter()
                .map(move |c| (normalize_code(c).replace('|', ""), id as u32))
        })
        .filter(|(c, _)| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    let mut seps: Vec<String> = Vec::new();
    let mut previous = String::new();
    let mut files = Vec::new();
    for (i, bucket) in codes.chunks(CODE_BUCKET).enumerate() {
        seps.push(if i == 0 {
            String::new()
        } else {
            separator(&previous, &bucket[0].0)
        });
        previous = bucket[bucket.len() - 1].0.clone();
        files.push(to_json(&bucket));
    }
    let hashes = write_grouped("codes", &files, FILE_GROUP, sink)?;
    Ok((front_code(&seps), files.len(), hashes))
}

/// `a|b|c` as `0:a|n:rest|…`, each entry giving how many leading characters it shares
/// with the one before.
fn front_code(items: &[String]) -> String {
    let mut out = String::new();
    let mut prev: &str = "";
    for (i, item) in items.iter().enumerate() {
        let shared = prev
            .chars()
            .zip(item.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if i > 0 {
            out.push('|');
        }
        out.push_str(&shared.to_string());
        out.push(':');
        out.extend(item.chars().skip(shared));
        prev = item;
    }
    out
}

/// Writes numbered files as `search/<dir>/<group-hash>/<n>.json`, `group` files per
/// hash: a file's URL changes whenever its content does, and the manifest needs one
/// hash per group instead of one per file.
fn write_grouped(
    dir: &str,
    files: &[Vec<u8>],
    group: usize,
    sink: &dyn Sink,
) -> io::Result<Vec<String>> {
    let mut hashes = Vec::new();
    for (g, members) in files.chunks(group).enumerate() {
        let index = g.to_string();
        let mut parts: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
        parts.push(index.as_bytes());
        let h = format!("{:08x}", fnv1a64(&parts) as u32);
        members.par_iter().enumerate().try_for_each(|(i, bytes)| {
            let n = g * group + i;
            sink.put(&format!("search/{dir}/{h}/{n}.json"), bytes)
        })?;
        hashes.push(h);
    }
    Ok(hashes)
}

fn write_doc_shards(docs: &[Doc], sink: &dyn Sink) -> io::Result<Vec<String>> {
    let shards: Vec<Vec<u8>> = docs.par_chunks(DOC_SHARD).map(to_json).collect();
    write_grouped("docs", &shards, DOC_GROUP, sink)
}

fn facet_counts(docs: &[Doc], field: impl Fn(&Doc) -> &str) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs {
        let v = field(d);
        if !v.is_empty() {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Writes the whole index into `sink` under `search/`.
pub fn write_indexes(model: &SiteModel, sink: &dyn Sink) -> io::Result<()> {
    let docs = collect_docs(model);
    let postings = postings(&docs);
    let (term_count, term_groups) = write_term_shards(&postings, sink)?;
    // Terms in so many documents that their lists were cut: a query that has rarer
    // terms does not need to fetch these.
    let stop: BTreeMap<&str, usize> = postings
        .iter()
        .filter(|(_, ids)| ids.len() > MAX_POSTINGS)
        .map(|(t, ids)| (t.as_str(), ids.len()))
        .collect();
    let stop = json!(stop);
    drop(postings);
    let (code_seps, code_count, code_groups) = write_code_buckets(&docs, sink)?;
    let doc_groups = write_doc_shards(&docs, sink)?;
    let kinds: Vec<Value> = KINDS
        .iter()
        .enumerate()
        .map(|(k, (key, label))| {
            let from = docs.partition_point(|d| d.kind < k);
            let to = docs.partition_point(|d| d.kind <= k);
            json!({ "key": key, "label": label, "from": from, "to": to })
        })
        .collect();
    let mut years = facet_counts(&docs, |d| &d.year);
    years.reverse();
    let manifest = json!({
        "version": 1,
        "base": model.site.config.base_path,
        "docs": docs.len(),
        "doc_shard": DOC_SHARD,
        "doc_group": DOC_GROUP,
        "doc_groups": doc_groups,
        "file_group": FILE_GROUP,
        "terms": term_count,
        "term_groups": term_groups,
        "codes": code_count,
        "code_seps": code_seps,
        "code_groups": code_groups,
        "stop": stop,
        "kinds": kinds,
        "facets": {
            "grade": facet_counts(&docs, |d| &d.grade),
            "sector": facet_counts(&docs, |d| &d.sector),
            "year": years,
        },
    });
    sink.put("search/manifest.json", &to_json(&manifest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_short_and_ordered() {
        assert_eq!(
            front_code(&["".into(), "9137A".into(), "9137B2".into(), "92".into()]),
            "0:|0:9137A|4:B2|1:2"
        );
        assert_eq!(
            separator("91370117MA3C4D5X2G", "91370117MB0000000X"),
            "91370117MB"
        );
        assert!(separator("A1", "B").as_str() <= "B");
    }
}
