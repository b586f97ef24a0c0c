//! Code buckets: every normalised code (USCC, decision or licence number, document
//! number) with its document id, sorted and cut into buckets, and the front-coded
//! separators that tell a reader which bucket a code is in.

use super::tokenize::normalize_code;
use super::{Doc, CODE_BUCKET};

/// Shortest prefix of `code` that still sorts after `previous`.
fn separator(previous: &str, code: &str) -> String {
    let common = previous
        .chars()
        .zip(code.chars())
        .take_while(|(a, b)| a == b)
        .count();
    code.chars().take(common + 1).collect()
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

/// The code buckets: their JSON, the front-coded separators of each group's first
/// bucket (for the manifest), and for every group its buckets' first codes,
/// front-coded (the group's `first.json`; see `docs/search-index.md`).
pub struct CodeBuckets {
    pub group_seps: String,
    pub files: Vec<Vec<u8>>,
    pub firsts: Vec<Vec<u8>>,
}

/// Sorts every normalised code of `docs` into buckets of [`CODE_BUCKET`], in groups of
/// `group` buckets.
pub fn code_buckets(docs: &[Doc], group: usize) -> std::io::Result<CodeBuckets> {
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
    let buckets: Vec<&[(String, u32)]> = codes.chunks(CODE_BUCKET).collect();
    let mut seps: Vec<String> = Vec::new();
    let mut files = Vec::with_capacity(buckets.len());
    for (i, bucket) in buckets.iter().enumerate() {
        if i % group == 0 {
            seps.push(match i {
                0 => String::new(),
                _ => separator(&buckets[i - 1][buckets[i - 1].len() - 1].0, &bucket[0].0),
            });
        }
        files.push(serde_json::to_vec(bucket)?);
    }
    let firsts = buckets
        .chunks(group)
        .map(|members| {
            let heads: Vec<String> = members.iter().map(|b| b[0].0.clone()).collect();
            serde_json::to_vec(&front_code(&heads))
        })
        .collect::<Result<_, _>>()?;
    Ok(CodeBuckets {
        group_seps: front_code(&seps),
        files,
        firsts,
    })
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
