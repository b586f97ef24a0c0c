//! The search index as documented in docs/search-index.md: a reader following the
//! document finds names and codes, every file is reachable from the manifest, and
//! withheld records are absent.
mod common;
use common::*;
use gongshi::search::read_ids;
use gongshi::search::tokenize::{normalize_code, query_terms, term_hash};
use serde_json::Value;

fn json(files: &Files, path: &str) -> Value {
    serde_json::from_slice(files.get(path).unwrap_or_else(|| panic!("{path} missing"))).unwrap()
}

fn grouped(m: &Value, dir: &str, groups: &str, size: &str, i: usize) -> String {
    let g = m[groups][i / m[size].as_u64().unwrap() as usize]
        .as_str()
        .unwrap();
    format!("search/{dir}/{g}/{i}.json")
}

fn doc(files: &Files, m: &Value, id: u64) -> Value {
    let per = m["doc_shard"].as_u64().unwrap();
    let shard = (id / per) as usize;
    json(files, &grouped(m, "docs", "doc_groups", "doc_group", shard))[(id % per) as usize].clone()
}

/// A term's ids: from its shard, or from its cut list when it is a very common term.
fn postings(files: &Files, m: &Value, term: &str) -> Vec<u64> {
    let n = m["terms"].as_u64().unwrap() as u32;
    let shard = json(
        files,
        &grouped(
            m,
            "terms",
            "term_groups",
            "file_group",
            (term_hash(term) % n) as usize,
        ),
    );
    let own_file = match (&shard["l"][term], &shard["x"][term]) {
        (Value::Array(whole), _) => Some(whole),
        (_, Value::Array(cut)) => Some(cut),
        _ => None,
    };
    let text = match (&shard["p"][term], own_file) {
        (Value::String(text), _) => text.clone(),
        (_, Some(cut)) => {
            let list = cut[1].as_u64().unwrap() as usize;
            json(
                files,
                &grouped(m, "lists", "list_groups", "file_group", list),
            )
            .as_str()
            .unwrap()
            .to_string()
        }
        _ => return Vec::new(),
    };
    read_ids(&text)
        .unwrap()
        .into_iter()
        .map(u64::from)
        .collect()
}

fn front_decoded(text: &str) -> Vec<String> {
    let mut prev = String::new();
    text.split('|')
        .map(|e| {
            let (k, rest) = e.split_once(':').unwrap();
            let s: String = prev
                .chars()
                .take(k.parse().unwrap())
                .chain(rest.chars())
                .collect();
            prev = s.clone();
            s
        })
        .collect()
}

fn code_hits(files: &Files, m: &Value, code: &str) -> Vec<u64> {
    let group_seps = front_decoded(m["code_seps"].as_str().unwrap());
    let g = group_seps.iter().rposition(|s| s.as_str() <= code).unwrap();
    let Some(hash) = m["code_groups"][g].as_str() else {
        return Vec::new(); // no codes at all
    };
    let firsts = json(files, &format!("search/codes/{hash}/first.json"));
    let firsts = front_decoded(firsts.as_str().unwrap());
    let j = firsts.iter().rposition(|s| s.as_str() <= code).unwrap_or(0);
    let size = m["file_group"].as_u64().unwrap() as usize;
    let bucket = json(
        files,
        &grouped(m, "codes", "code_groups", "file_group", g * size + j),
    );
    bucket
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[0] == code)
        .map(|e| e[1].as_u64().unwrap())
        .collect()
}

#[test]
fn a_reader_following_the_format_finds_names_and_codes() {
    let s = Site::new("https://host.gov.cn/xyjt/");
    let mut p = String::new();
    p += &penalty(
        "钢城交罚〔2025〕1号",
        "ＡＢＣ运输有限公司",
        ACME,
        "2025-05-01",
        "general",
        "",
    );
    p += &penalty(
        "钢城交罚〔2025〕2号",
        "撤销专用物流公司",
        BETA,
        "2025-05-01",
        "general",
        "  revoked: { date: 2025-05-10, note: x }\n",
    );
    s.write("content/penalties/p.yaml", &p);
    s.write("content/grades/g.yaml", &format!("batch:\n  title: 批次\n  scale: road\n  domain: 道路运输\n  sector: 货运\n  period: 2025\n  authority: 局\n  published: 2025-01-01\nrecords:\n  - {{ name: ＡＢＣ运输有限公司, uscc: {ACME}, grade: AA }}\n  - {{ name: 丙货运有限公司, uscc: {GAMMA}, grade: B }}\n"));
    let files = s.build_ok("2025-06-01");
    let m = json(&files, "search/manifest.json");
    assert_eq!(m["base"], "/xyjt/");

    // Name: every bigram of 运输 leads to the entity and the penalty.
    let ids = postings(&files, &m, &query_terms("运输")[0]);
    let titles: Vec<String> = ids
        .iter()
        .map(|&i| doc(&files, &m, i)["t"].as_str().unwrap().to_string())
        .collect();
    assert!(titles.iter().all(|t| t.contains("运输")), "{titles:?}");
    assert!(ids.len() >= 2);
    // Full-width Latin is normalised on both sides.
    assert!(!postings(&files, &m, &query_terms("abc")[0]).is_empty());
    // Codes: a pasted USCC and a decision number with other brackets.
    let hits = code_hits(&files, &m, &normalize_code(&ACME.to_lowercase()));
    assert_eq!(hits.len(), 1);
    let entity = doc(&files, &m, hits[0]);
    assert_eq!((&entity["k"], &entity["c"]), (&0.into(), &ACME.into()));
    assert!(entity.get("u").is_none(), "implied by the code: {entity}");
    assert_eq!(
        code_hits(&files, &m, &normalize_code("钢城交罚(2025)1号")).len(),
        1
    );
    // Withheld: neither its name nor its code nor its decision number.
    assert!(postings(&files, &m, "撤销").is_empty());
    assert!(code_hits(&files, &m, BETA).is_empty());
    assert!(code_hits(&files, &m, &normalize_code("钢城交罚〔2025〕2号")).is_empty());
    // Facets list what is there.
    assert_eq!(
        m["facets"]["grade"],
        serde_json::json!([["AA", 1], ["B", 1]])
    );

    // Every index file is reachable from the manifest: no stale shards.
    let mut reachable = std::collections::BTreeSet::new();
    reachable.insert("search/manifest.json".to_string());
    for i in 0..m["terms"].as_u64().unwrap() as usize {
        reachable.insert(grouped(&m, "terms", "term_groups", "file_group", i));
    }
    for i in 0..m["codes"].as_u64().unwrap() as usize {
        reachable.insert(grouped(&m, "codes", "code_groups", "file_group", i));
    }
    for hash in m["code_groups"].as_array().unwrap() {
        reachable.insert(format!(
            "search/codes/{}/first.json",
            hash.as_str().unwrap()
        ));
    }
    // Cut lists are reached from the shards that name them.
    for i in 0..m["terms"].as_u64().unwrap() as usize {
        let shard = json(
            &files,
            &grouped(&m, "terms", "term_groups", "file_group", i),
        );
        let own_files = shard["l"].as_object().unwrap().values();
        for cut in own_files.chain(shard["x"].as_object().unwrap().values()) {
            let n = cut[1].as_u64().unwrap() as usize;
            reachable.insert(grouped(&m, "lists", "list_groups", "file_group", n));
        }
    }
    let shards = m["docs"]
        .as_u64()
        .unwrap()
        .div_ceil(m["doc_shard"].as_u64().unwrap()) as usize;
    for i in 0..shards {
        reachable.insert(grouped(&m, "docs", "doc_groups", "doc_group", i));
    }
    let written: std::collections::BTreeSet<String> = files
        .keys()
        .filter(|k| k.starts_with("search/") && k.ends_with(".json"))
        .cloned()
        .collect();
    assert_eq!(written, reachable);
}
