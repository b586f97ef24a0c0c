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

/// The front-coded separators (see `docs/search-index.md`) and the buckets' JSON.
pub fn code_buckets(docs: &[Doc]) -> std::io::Result<(String, Vec<Vec<u8>>)> {
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
        files.push(serde_json::to_vec(&bucket)?);
    }
    Ok((front_code(&seps), files))
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
