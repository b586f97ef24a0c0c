//! What one character is to the search for ID numbers: a digit (of which kind, for
//! each of the three searches), an X, a gap between groups, nothing, or anything else.

use super::super::chars::{digit_value, is_check_x, is_invisible, numeral_value};
use super::Forms;

/// What one character is to the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Digit(u8),
    /// `X`, the check character of an 18-character number.
    X,
    /// May stand between the digits of a number written loosely.
    Gap,
    /// Shows nothing: skipped as if it were not there.
    Invisible,
    Other,
}

/// Punctuation people put between groups of digits (`110105-19491231-002X`,
/// `110105，19491231，002X`, `(110105)19491231`): dashes, dots, slashes, commas,
/// colons, brackets and quotes, in their ASCII, full-width and Chinese forms. A number
/// of exactly 15 or 18 digits with a valid region, birth date (and check digit) is
/// still required, so a list of amounts or dates is not taken for one.
pub(super) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '.'
            | '/'
            | '\\'
            | '|'
            | '~'
            | '`'
            | '\''
            | '"'
            | ','
            | ':'
            | ';'
            | '+'
            | '='
            | '#'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '·'
            | '・'
            | '‐'
            ..='―'
                | '−'
                | '－'
                | '．'
                | '／'
                | '﹣'
                | '～'
                | '〜'
                | '，'
                | '、'
                | '：'
                | '；'
                | '＋'
                | '＝'
                | '＃'
                | '＂'
                | '＇'
                | '。'
                | '（'
                | '）'
                | '［'
                | '］'
                | '｛'
                | '｝'
                | '＜'
                | '＞'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '「'
                | '」'
                | '『'
                | '』'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '‘'
                | '’'
                | '“'
                | '”'
    )
}

/// Which digits make a number: decimal digits of any script, or (a search of its own,
/// so that `…002X一案` still ends a number) numerals such as 一〇 or ①, which a
/// decimal digit then ends, or (a third search, for 18-digit numbers written with
/// both, `1一0一05…`) decimal digits and numerals written as Chinese characters, a
/// numeral only within a number (see [`numeral_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Digits {
    Decimal,
    Numerals,
    Mixed,
}

impl Digits {
    pub(super) fn reads_decimal(self) -> bool {
        self != Digits::Numerals
    }

    pub(super) fn reads_numerals(self) -> bool {
        self != Digits::Decimal
    }
}

pub(super) fn unit(c: char, forms: Forms, digits: Digits) -> Unit {
    let value = match digits {
        Digits::Decimal => digit_value(c),
        Digits::Numerals => numeral_value(c),
        Digits::Mixed => digit_value(c).or_else(|| numeral_value(c).filter(|_| is_word_numeral(c))),
    };
    if let Some(d) = value {
        return Unit::Digit(b'0' + d);
    }
    if digits == Digits::Numerals && digit_value(c).is_some() {
        return Unit::Other;
    }
    if is_check_x(c) {
        Unit::X
    } else if is_invisible(c) {
        Unit::Invisible
    } else if c.is_whitespace() || c == '*' || c == '_' || (forms.separators && is_separator(c)) {
        Unit::Gap
    } else {
        Unit::Other
    }
}

/// Whether `c` is a numeral and no decimal digit.
pub(super) fn unit_is_numeral(c: char) -> bool {
    numeral_value(c).is_some() && digit_value(c).is_none()
}

/// A numeral written as a Chinese character (一, 〇, 壹, and ○ typed for 〇), the only
/// numerals the mixed search reads: superscript and enclosed figures (², ①, ⑴) beside
/// digits are exponents, footnotes and list marks.
pub(super) fn is_word_numeral(c: char) -> bool {
    matches!(c, '〇' | '○' | '\u{4e00}'..='\u{9fff}')
}

/// Whether a numeral before `rest` is read as a digit by the mixed search: where a
/// digit of either kind or an X comes next; `in_group` (it follows a digit), also where
/// a gap and a group of two digits or more come next (`37012三-一九六七…`); `lenient`
/// (in a number written with numerals already), where the text ends or any gap comes
/// next (the group ends there). Never before a word (`…220一、七项`).
pub(super) fn numeral_counts(rest: &str, (in_group, lenient): (bool, bool), forms: Forms) -> bool {
    let is_digit = |c: char| digit_value(c).is_some() || numeral_value(c).is_some();
    let mut shown = rest.chars().filter(|&c| !is_invisible(c));
    match shown.next() {
        None => lenient,
        Some(c) if is_digit(c) || is_check_x(c) => true,
        Some(c) if in_group && unit(c, forms, Digits::Mixed) == Unit::Gap => {
            let mut after = shown.skip_while(|&c| unit(c, forms, Digits::Mixed) == Unit::Gap);
            lenient || (after.next().is_some_and(is_digit) && after.next().is_some_and(is_digit))
        }
        Some(_) => false,
    }
}
