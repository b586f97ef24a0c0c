//! The search tokenizer, mirrored line for line by `themes/default/static/js/search.js`
//! so that index time and query time agree:
//!
//! 1. normalise: full-width ASCII → ASCII, ideographic space → space, ASCII lower-case;
//! 2. split into runs of Han characters, of Latin letters, and of digits; anything else
//!    separates;
//! 3. Han runs give character bigrams, plus single characters at index time (so that a
//!    one-character query finds something); Latin words and digit runs stay whole.
//!
//! Codes (USCC, decision numbers) are matched separately by [`normalize_code`].

/// Full-width ASCII and the ideographic space to their ASCII forms, ASCII lower-cased.
pub fn normalize_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    Latin,
    Digit,
    Other,
}

fn class(c: char) -> Class {
    match c as u32 {
        // The Basic Multilingual Plane's ideographs, and planes 2 and 3 (Extensions
        // B to H: 生僻字 in names, which GB 18030-2022 requires).
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3007 | 0x20000..=0x3FFFF => {
            Class::Han
        }
        _ if c.is_ascii_lowercase() => Class::Latin,
        _ if c.is_ascii_digit() => Class::Digit,
        _ => Class::Other,
    }
}

fn runs(text: &str) -> Vec<(Class, Vec<char>)> {
    let mut out: Vec<(Class, Vec<char>)> = Vec::new();
    for c in text.chars().map(normalize_char) {
        let k = class(c);
        match out.last_mut() {
            Some((last, chars)) if *last == k && k != Class::Other => chars.push(c),
            _ => out.push((k, vec![c])),
        }
    }
    out.retain(|(k, _)| *k != Class::Other);
    out
}

fn push_han(chars: &[char], with_unigrams: bool, out: &mut Vec<String>) {
    if with_unigrams || chars.len() == 1 {
        out.extend(chars.iter().map(|c| c.to_string()));
    }
    out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
}

/// Terms of a text at index time (bigrams and single characters), deduplicated.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, chars) in runs(text) {
        match k {
            Class::Han => push_han(&chars, true, &mut out),
            _ => out.push(chars.into_iter().collect()),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Terms of a query: bigrams of Han runs (a single character stands alone), whole
/// Latin words and digit runs. Order kept, duplicates removed.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, chars) in runs(text) {
        match k {
            Class::Han => push_han(&chars, false, &mut out),
            _ => out.push(chars.into_iter().collect()),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

/// A code as looked up: normalised characters, ASCII upper-case, without spaces or
/// brackets, so `钢城交罚(2024)12号` finds `钢城交罚〔2024〕12号`.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .map(normalize_char)
        .filter(|c| !c.is_whitespace() && !"()[]{}〔〕【】（）［］".contains(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// FNV-1a 32-bit over UTF-8 bytes: which term shard holds a term (the JS computes the same).
pub fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_give_bigrams_and_unigrams() {
        assert_eq!(query_terms("运输"), vec!["运输"]);
        assert_eq!(query_terms("某某物流"), vec!["某某", "某物", "物流"]);
        assert_eq!(query_terms("运"), vec!["运"]);
        let idx = index_terms("济南运输");
        for t in ["济", "南", "运", "输", "济南", "南运", "运输"] {
            assert!(idx.contains(&t.to_string()), "{t}");
        }
    }

    #[test]
    fn mixed_latin_digits_and_full_width() {
        assert_eq!(
            query_terms("ＡＢＣ物流123号"),
            vec!["abc", "物流", "123", "号"]
        );
        assert_eq!(
            query_terms("G104国道 4S店"),
            vec!["g", "104", "国道", "4", "s", "店"]
        );
        assert_eq!(query_terms("济南　顺达"), vec!["济南", "顺达"]);
        assert_eq!(
            index_terms("Logistics物流").first().map(String::as_str),
            Some("logistics")
        );
    }

    #[test]
    fn codes_normalise_brackets_case_and_width() {
        assert_eq!(normalize_code("钢城交罚〔2024〕12号"), "钢城交罚202412号");
        assert_eq!(normalize_code("钢城交罚(2024)12号"), "钢城交罚202412号");
        assert_eq!(normalize_code(" 91370117ma3c4d5x2g "), "91370117MA3C4D5X2G");
        assert_eq!(normalize_code("９１３７"), "9137");
    }

    #[test]
    fn term_hash_is_fnv1a() {
        assert_eq!(term_hash(""), 0x811c9dc5);
        assert_eq!(term_hash("a"), 0xe40c292c);
    }
}

#[cfg(test)]
mod shared_vectors {
    //! The vectors that `tests/browser/tokenizer.test.mjs` runs against search.js.
    use super::*;
    use serde_json::Value;

    fn vectors() -> Value {
        serde_json::from_str(include_str!("../../tests/tokenizer-vectors.json")).unwrap()
    }

    fn strings(v: &Value) -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn rust_agrees_with_the_shared_vectors() {
        let v = vectors();
        for case in v["query_terms"].as_array().unwrap() {
            let input = case[0].as_str().unwrap();
            assert_eq!(
                query_terms(input),
                strings(&case[1]),
                "query_terms({input:?})"
            );
        }
        for case in v["index_terms"].as_array().unwrap() {
            let input = case[0].as_str().unwrap();
            assert_eq!(
                index_terms(input),
                strings(&case[1]),
                "index_terms({input:?})"
            );
        }
        for case in v["normalize_code"].as_array().unwrap() {
            let input = case[0].as_str().unwrap();
            assert_eq!(
                normalize_code(input),
                case[1].as_str().unwrap(),
                "{input:?}"
            );
        }
        for case in v["term_hash"].as_array().unwrap() {
            let input = case[0].as_str().unwrap();
            assert_eq!(
                u64::from(term_hash(input)),
                case[1].as_u64().unwrap(),
                "{input:?}"
            );
        }
    }
}
