//! Nulls written as words. serde_yaml, decoding a file's text straight into a record,
//! reads a plain `~` or `null` where text is wanted as that word: `party: ~` would be
//! the party "~" on a page. Read into a value first (the path every file with a
//! problem takes), the same scalar is null, which a record reads as absent or empty,
//! as it reads `party:`. So a file that may hold such a null takes that path.

use serde::de::DeserializeOwned;

/// The words YAML reads as null (besides the empty value).
const NULL_WORDS: [&str; 4] = ["~", "null", "Null", "NULL"];

/// Decodes `text` in one pass straight into `T`, unless it may hold a null written as
/// a word (then `None`, as for a text that does not decode: the caller takes the path
/// through a value).
pub fn decode_clean<T: DeserializeOwned>(text: &str) -> Option<T> {
    if may_hold_null_word(text) {
        return None;
    }
    serde_yaml::from_str(text).ok()
}

/// Whether `text` may hold a null written as a word where a value stands: the word
/// alone after `:`, `-`, `?`, `[`, `{` or `,`, and before the end of the line, `,`,
/// `]`, `}` or a comment. It errs on the side of yes (such a word inside a quoted or
/// block text), which costs only time.
pub fn may_hold_null_word(text: &str) -> bool {
    // An anchor, a tag or an alias where a value stands (`party: &x ~`, `!!null ~`,
    // `*x`): serde_yaml reads past the first two, and an alias may stand for a null.
    let marked = ['&', '!', '*'].iter().any(|&mark| {
        text.match_indices(mark).any(|(at, _)| {
            let before = text[..at].trim_end_matches([' ', '\t']);
            before.is_empty() || before.ends_with([':', '-', '?', '[', '{', ',', '\n'])
        })
    });
    marked
        || NULL_WORDS.iter().any(|word| {
            text.match_indices(word).any(|(at, _)| {
                let before = text[..at].trim_end_matches([' ', '\t']);
                let after = text[at + word.len()..].trim_start_matches([' ', '\t']);
                let opens =
                    before.is_empty() || before.ends_with([':', '-', '?', '[', '{', ',', '\n']);
                let closes =
                    after.is_empty() || after.starts_with(['\n', '\r', ',', ']', '}', '#']);
                opens && closes
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_word_as_a_value_is_seen_and_a_word_in_text_is_not() {
        for text in [
            "party: ~\n",
            "- party: null\n  note: x\n",
            "a: NULL # comment\n",
            "a: { b: Null, c: 1 }\n",
            "- ~\n",
            "a: [x, ~]\n",
            "a:\t~\r\n",
            "party: &x ~\n",
            "party: !!null ~\n",
            "- party: *x\n",
        ] {
            assert!(may_hold_null_word(text), "{text:?}");
        }
        for text in [
            "facts: 约~5吨\n",
            "note: nullable\n",
            "note: 无 null 值\n",
            "a: '~x'\n",
            "party: 济南某某运输有限公司\n",
            "note: 甲&乙 *重要* 注意!\n",
        ] {
            assert!(!may_hold_null_word(text), "{text:?}");
        }
    }

    #[test]
    fn a_text_with_a_null_word_is_left_to_the_path_through_a_value() {
        #[derive(serde::Deserialize)]
        struct R {
            party: String,
        }
        // What this module is for: straight from the text, `~` is the word.
        assert_eq!(serde_yaml::from_str::<R>("party: ~\n").unwrap().party, "~");
        assert!(decode_clean::<R>("party: ~\n").is_none());
        assert_eq!(decode_clean::<R>("party: 甲\n").unwrap().party, "甲");
    }
}
