//! Search: writes the static search index under `/search/` (format in
//! `docs/search-index.md`): a small manifest, term shards chosen by hash, code buckets
//! in sorted ranges, and document shards. Shard names carry a content hash, so they can
//! be cached forever; only public records are indexed. The preview keeps the index
//! and, after an edit, writes again only the files the changed documents touch.

mod codes;
mod docs;
mod gaps;
mod grouped;
mod terms;
pub mod tokenize;

pub use docs::{collect_docs, doc_kinds, Doc, DocKind};
pub use gaps::read_ids;
pub use grouped::IndexChanges;

use crate::assemble::SiteModel;
use crate::sink::Sink;
use codes::{code_buckets, CodeBuckets};
use grouped::{write_through, Grouped};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use terms::{doc_terms, Indexed, TermShards, TermSource, Touched};

/// Documents per document shard.
pub const DOC_SHARD: usize = 8;
/// Document shards per hash group (one hash in the manifest per group), at least;
/// see [`doc_group`].
pub const DOC_GROUP: usize = 256;
/// Most document groups before groups grow, so that the manifest stays small.
pub const MAX_DOC_GROUPS: usize = 256;
/// Codes per code bucket.
pub const CODE_BUCKET: usize = 256;
/// Target size of a term shard in bytes.
pub const TERM_SHARD_BYTES: usize = 4 * 1024;
/// Longest posting list kept in a term shard; longer ones have files of their own.
pub const OWN_FILE_POSTINGS: usize = 400;
/// Longest posting list kept for a term; longer ones keep the best-ranked documents
/// and live in a file of their own.
pub const MAX_POSTINGS: usize = 5_000;
/// Term shards, cut lists and code buckets per hash group.
pub const FILE_GROUP: usize = 64;

/// Document shards per group: [`DOC_GROUP`], or a multiple of it when there would be
/// more than [`MAX_DOC_GROUPS`] groups (from about 520,000 documents).
pub fn doc_group(docs: usize) -> usize {
    let shards = docs.div_ceil(DOC_SHARD);
    DOC_GROUP * shards.div_ceil(DOC_GROUP * MAX_DOC_GROUPS).max(1)
}

const MANIFEST: &str = "search/manifest.json";

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> io::Result<Vec<u8>> {
    Ok(serde_json::to_vec(v)?)
}

fn doc_shard_json(docs: &[Doc], shard: usize) -> io::Result<Vec<u8>> {
    let from = shard * DOC_SHARD;
    to_json(&docs[from..(from + DOC_SHARD).min(docs.len())])
}

fn facet_counts<T: Indexed>(docs: &[T], field: impl Fn(&T) -> &str) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs {
        let v = field(d);
        if !v.is_empty() {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// The search index of a site: its documents, postings and files.
#[derive(Debug)]
pub struct SearchIndex {
    base: String,
    docs: Vec<Doc>,
    terms: TermShards,
    term_files: Grouped,
    list_files: Grouped,
    code_seps: String,
    code_files: Grouped,
    doc_files: Grouped,
}

impl SearchIndex {
    pub fn build(model: &SiteModel) -> io::Result<SearchIndex> {
        Self::from_docs(model.site.config.base_path.clone(), collect_docs(model))
    }

    fn from_docs(base: String, docs: Vec<Doc>) -> io::Result<SearchIndex> {
        let terms = TermShards::new(&docs);
        let term_files = Grouped::new("terms", FILE_GROUP, terms.all_json());
        let list_files = Grouped::new("lists", FILE_GROUP, terms.all_lists());
        let (code_seps, code_files) = code_files(&docs)?;
        let shards: Vec<Vec<u8>> = (0..docs.len().div_ceil(DOC_SHARD))
            .into_par_iter()
            .map(|s| doc_shard_json(&docs, s))
            .collect::<io::Result<_>>()?;
        let doc_files = Grouped::new("docs", doc_group(docs.len()), shards);
        Ok(SearchIndex {
            base,
            docs,
            terms,
            term_files,
            list_files,
            code_seps,
            code_files,
            doc_files,
        })
    }

    /// Writes the whole index into `sink` under `search/`.
    pub fn write(&self, sink: &dyn Sink) -> io::Result<()> {
        self.term_files.write(sink)?;
        self.list_files.write(sink)?;
        self.code_files.write(sink)?;
        self.doc_files.write(sink)?;
        sink.put(MANIFEST, &self.manifest()?)
    }

    fn manifest(&self) -> io::Result<Vec<u8>> {
        manifest_json(
            &self.base,
            &self.docs,
            &Hashes {
                terms: self.term_files.hashes(),
                term_count: self.term_files.len(),
                lists: self.list_files.hashes(),
                codes: self.code_files.hashes(),
                code_count: self.code_files.len(),
                code_seps: &self.code_seps,
                docs: self.doc_files.hashes(),
            },
        )
    }

    /// Brings the index up to date with `model` and returns the files that changed.
    /// When the documents keep their numbers (an edit that changes no title and adds
    /// or removes no record), only the shards of the changed documents and of their
    /// old and new terms are written again; otherwise the index is rebuilt, and the
    /// groups whose content is unchanged still keep their files.
    pub fn update(&mut self, model: &SiteModel) -> io::Result<IndexChanges> {
        self.update_docs(collect_docs(model))
    }

    fn update_docs(&mut self, docs: Vec<Doc>) -> io::Result<IndexChanges> {
        let same_numbers = docs.len() == self.docs.len()
            && docs
                .par_iter()
                .zip(&self.docs)
                .all(|(a, b)| a.kind == b.kind && a.title == b.title && a.link == b.link);
        if !same_numbers {
            return self.rebuild(docs);
        }
        let changed: Vec<usize> = (0..docs.len())
            .into_par_iter()
            .filter(|&i| docs[i] != self.docs[i])
            .collect();
        let mut changes = IndexChanges::default();
        if changed.is_empty() {
            return Ok(changes);
        }
        let mut touched = Touched::default();
        for &i in &changed {
            let (old, new) = (doc_terms(&self.docs[i]), doc_terms(&docs[i]));
            self.terms.move_doc(i as u32, &old, &new, &mut touched);
        }
        if self.terms.needs_resharding() {
            return self.rebuild(docs);
        }
        let codes_changed = changed.iter().any(|&i| docs[i].codes != self.docs[i].codes);
        self.docs = docs;
        let terms = &self.terms;
        self.term_files.replace_files(
            touched.shards.into_iter().map(|s| (s, terms.json(s))),
            &mut changes,
        );
        self.list_files.replace_files(
            touched.lists.into_iter().map(|n| (n, terms.list_json(n))),
            &mut changes,
        );
        let shards: BTreeSet<usize> = changed.iter().map(|i| i / DOC_SHARD).collect();
        let docs = &self.docs;
        let shards = shards
            .into_iter()
            .map(|s| Ok((s, doc_shard_json(docs, s)?)))
            .collect::<io::Result<Vec<_>>>()?;
        self.doc_files.replace_files(shards, &mut changes);
        if codes_changed {
            let (seps, files) = code_files(&self.docs)?;
            self.code_seps = seps;
            self.code_files.replace_all(files, &mut changes);
        }
        changes.put.insert(MANIFEST.to_string(), self.manifest()?);
        Ok(changes)
    }

    fn rebuild(&mut self, docs: Vec<Doc>) -> io::Result<IndexChanges> {
        let next = Self::from_docs(self.base.clone(), docs)?;
        let mut changes = IndexChanges::default();
        self.term_files.replace_all(next.term_files, &mut changes);
        self.list_files.replace_all(next.list_files, &mut changes);
        self.code_files.replace_all(next.code_files, &mut changes);
        self.doc_files.replace_all(next.doc_files, &mut changes);
        self.docs = next.docs;
        self.terms = next.terms;
        self.code_seps = next.code_seps;
        changes.put.insert(MANIFEST.to_string(), self.manifest()?);
        Ok(changes)
    }
}

/// The code buckets in their groups, and the manifest's group separators.
fn code_files(docs: &[Doc]) -> io::Result<(String, Grouped)> {
    let CodeBuckets {
        group_seps,
        files,
        firsts,
    } = code_buckets(docs, FILE_GROUP)?;
    let grouped = Grouped::with_index("codes", FILE_GROUP, files, Some(("first", firsts)));
    Ok((group_seps, grouped))
}

/// What the manifest says of the index files besides the documents.
struct Hashes<'a> {
    terms: &'a [String],
    term_count: usize,
    lists: &'a [String],
    codes: &'a [String],
    code_count: usize,
    code_seps: &'a str,
    docs: &'a [String],
}

fn manifest_json(base: &str, docs: &[impl Indexed], files: &Hashes) -> io::Result<Vec<u8>> {
    let kinds: Vec<Value> = doc_kinds()
        .iter()
        .enumerate()
        .map(|(k, DocKind { key, label })| {
            let from = docs.partition_point(|d| d.kind() < k);
            let to = docs.partition_point(|d| d.kind() <= k);
            json!({ "key": key, "label": label, "from": from, "to": to })
        })
        .collect();
    let mut years = facet_counts(docs, |d| d.facets()[2]);
    years.reverse();
    let manifest = json!({
        "version": 2,
        "base": base,
        "docs": docs.len(),
        "doc_shard": DOC_SHARD,
        "doc_group": doc_group(docs.len()),
        "doc_groups": files.docs,
        "file_group": FILE_GROUP,
        "terms": files.term_count,
        "term_groups": files.terms,
        "list_groups": files.lists,
        "codes": files.code_count,
        "code_seps": files.code_seps,
        "code_groups": files.codes,
        "kinds": kinds,
        "facets": {
            "grade": facet_counts(docs, |d| d.facets()[0]),
            "sector": facet_counts(docs, |d| d.facets()[1]),
            "year": years,
        },
    });
    to_json(&manifest)
}

/// Writes the whole index of `model` into `sink` under `search/`, as
/// [`SearchIndex::write`] would, holding only a group of files at a time.
pub fn write_indexes(model: &SiteModel, sink: &dyn Sink) -> io::Result<()> {
    let base = &model.site.config.base_path;
    write_through_docs(base, collect_docs(model), sink)
}

/// Writes the index of `docs`, dropping what each step needed once it is written
/// (codes, then what the document shards show), so that the postings are made beside
/// a smaller list of documents.
fn write_through_docs(base: &str, docs: Vec<Doc>, sink: &dyn Sink) -> io::Result<()> {
    let (code_seps, code_files) = code_files(&docs)?;
    code_files.write(sink)?;
    let code_count = code_files.len();
    let code_hashes = code_files.hashes().to_vec();
    drop(code_files);
    let make_doc_shard = |s: usize| doc_shard_json(&docs, s);
    let shards = docs.len().div_ceil(DOC_SHARD);
    let doc_hashes = write_through("docs", doc_group(docs.len()), shards, &make_doc_shard, sink)?;
    let docs: Vec<TermSource> = docs.into_iter().map(TermSource::from).collect();
    let terms = TermShards::new(&docs);
    let term_count = terms.count();
    let make_shard = |s: usize| Ok(terms.json(s));
    let term_hashes = write_through("terms", FILE_GROUP, term_count, &make_shard, sink)?;
    let make_list = |n: usize| Ok(terms.list_json(n));
    let lists = write_through("lists", FILE_GROUP, terms.list_count(), &make_list, sink)?;
    drop(terms);
    let hashes = Hashes {
        terms: &term_hashes,
        term_count,
        lists: &lists,
        codes: &code_hashes,
        code_count,
        code_seps: &code_seps,
        docs: &doc_hashes,
    };
    sink.put(MANIFEST, &manifest_json(base, &docs, &hashes)?)
}

#[cfg(test)]
mod tests;
