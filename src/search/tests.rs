//! The index's own files: cut lists of common terms, code groups, and an updated
//! index equal to a fresh one.

use super::grouped::tests::apply;
use super::*;
use crate::sink::MemorySink;

fn doc(n: usize, text: &str) -> Doc {
    let mut d = Doc::new(format!("企业{n}"), format!("/x/entities/{n}/"));
    d.text = text.to_string();
    d.codes = vec![format!("9137{n:014}")];
    d
}

fn written(index: &SearchIndex) -> BTreeMap<String, Vec<u8>> {
    let mem = MemorySink::default();
    index.write(&mem).unwrap();
    mem.files.into_inner().unwrap()
}

fn value(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `docs` where every document holds 常见, the first `rare` also 罕见, and the first
/// few hundred 中等.
fn docs(count: usize, rare: usize) -> Vec<Doc> {
    (0..count)
        .map(|n| {
            let middle = if n <= OWN_FILE_POSTINGS {
                " 中等"
            } else {
                ""
            };
            doc(
                n,
                &format!("常见{middle} {}", if n < rare { "罕见" } else { "" }),
            )
        })
        .collect()
}

#[test]
fn a_common_term_has_a_cut_list_of_its_own_and_a_rare_one_stays_in_its_shard() {
    let index = SearchIndex::from_docs("/x/".into(), docs(MAX_POSTINGS + 3, 2)).unwrap();
    let files = written(&index);
    let m = value(&files, MANIFEST);
    assert_eq!(m["version"], 2);
    let shard_of = |term: &str| {
        let n = tokenize::term_hash(term) as usize % m["terms"].as_u64().unwrap() as usize;
        let group = m["term_groups"][n / FILE_GROUP].as_str().unwrap();
        value(&files, &format!("search/terms/{group}/{n}.json"))
    };
    let common = shard_of("常见");
    assert!(common["p"].get("常见").is_none());
    let cut = &common["x"]["常见"];
    assert_eq!(cut[0], MAX_POSTINGS + 3);
    let list = cut[1].as_u64().unwrap() as usize;
    let group = m["list_groups"][list / FILE_GROUP].as_str().unwrap();
    let text = value(&files, &format!("search/lists/{group}/{list}.json"));
    let ids = read_ids(text.as_str().unwrap()).unwrap();
    assert_eq!(ids, (0..MAX_POSTINGS as u32).collect::<Vec<_>>());
    let rare = shard_of("罕见");
    assert_eq!(
        read_ids(rare["p"]["罕见"].as_str().unwrap()),
        Some(vec![0, 1])
    );
    // A list too long for a shard but not cut: whole, in a file of its own.
    let middle = &shard_of("中等")["l"]["中等"];
    assert_eq!(middle[0], OWN_FILE_POSTINGS + 1);
    let list = middle[1].as_u64().unwrap() as usize;
    let group = m["list_groups"][list / FILE_GROUP].as_str().unwrap();
    let text = value(&files, &format!("search/lists/{group}/{list}.json"));
    let ids = read_ids(text.as_str().unwrap()).unwrap();
    assert_eq!(ids, (0..=OWN_FILE_POSTINGS as u32).collect::<Vec<_>>());
    assert!(
        m.get("stop").is_none(),
        "the manifest no longer grows with the vocabulary"
    );
}

#[test]
fn an_updated_index_equals_a_fresh_one() {
    let count = MAX_POSTINGS + 40;
    let mut index = SearchIndex::from_docs("/x/".into(), docs(count, 3)).unwrap();
    let mut files = written(&index);
    // Edits that keep every term's side of the cut, then one that makes 罕见 common,
    // then one that makes 常见 rare, then a code change.
    let mut next = docs(count, 3);
    next[7].text = "新词".into(); // leaves the cut list of 常见: it is written again
    next[count - 1].text = "常见 罕见".into();
    let steps: Vec<Vec<Doc>> = vec![
        next.clone(),
        docs(count, MAX_POSTINGS + 1),
        (0..count)
            .map(|n| doc(n, if n < 10 { "常见" } else { "" }))
            .collect(),
        {
            let mut d = next.clone();
            d[3].codes = vec!["91370000CHANGED001".into()];
            d
        },
    ];
    for (step, docs) in steps.into_iter().enumerate() {
        let changes = index.update_docs(docs.clone()).unwrap();
        files = apply(files, changes);
        let fresh = written(&SearchIndex::from_docs("/x/".into(), docs).unwrap());
        assert!(
            files == fresh,
            "step {step}: the updated index differs from a fresh one"
        );
    }
}

#[test]
fn documents_groups_grow_instead_of_the_manifest() {
    assert_eq!(doc_group(10), DOC_GROUP);
    assert_eq!(doc_group(DOC_SHARD * DOC_GROUP * MAX_DOC_GROUPS), DOC_GROUP);
    assert_eq!(
        doc_group(DOC_SHARD * DOC_GROUP * MAX_DOC_GROUPS + 1),
        2 * DOC_GROUP
    );
    let docs_at_1m: usize = 1_410_000;
    let groups = docs_at_1m
        .div_ceil(DOC_SHARD)
        .div_ceil(doc_group(docs_at_1m));
    assert!(groups <= MAX_DOC_GROUPS, "{groups}");
}

#[test]
fn a_build_writes_through_what_the_preview_holds() {
    let docs = docs(MAX_POSTINGS + 40, 3);
    let held = written(&SearchIndex::from_docs("/x/".into(), docs.clone()).unwrap());
    let mem = MemorySink::default();
    write_through_docs("/x/", docs, &mem).unwrap();
    assert!(mem.files.into_inner().unwrap() == held);
}
