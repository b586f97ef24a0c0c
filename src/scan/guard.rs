//! The last guard's reading of an output file: an 18-character ID number as a reader
//! of the file sees it — in markup with its character references decoded, in JSON
//! with its `\u` escapes decoded, digits of any script read as digits, characters
//! that show nothing left out. One pass over the bytes, nothing copied; a file that is
//! not UTF-8 (a copied PDF, an image) is searched as it is. (What staff write is
//! searched more loosely, with the gaps people put between digits, before anything is
//! built: see `validate`.)

use super::chars::{digit_value, is_check_x, is_invisible};
use crate::ident::{find_id_number, is_valid_id_number};

/// How a file's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// HTML, XML, SVG: `&#49;` is a `1`.
    Markup,
    /// JSON, JavaScript: `\u0031` is a `1`.
    Escaped,
    Plain,
}

impl Syntax {
    pub fn of(path: &str) -> Syntax {
        let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" | "xml" | "svg" => Syntax::Markup,
            "json" | "js" | "mjs" => Syntax::Escaped,
            _ => Syntax::Plain,
        }
    }
}

/// What a character is to the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Digit(u8),
    /// `X` (or a letter or digit that is not one of ours: it ends a number).
    Letter(u8),
    /// Shows nothing: passed over.
    Nothing,
    /// Anything else: ends a number.
    Other,
}

fn unit_of(c: char) -> Unit {
    if c.is_ascii() {
        let b = c as u8;
        return if b.is_ascii_digit() {
            Unit::Digit(b)
        } else if b.is_ascii_alphabetic() {
            Unit::Letter(b)
        } else {
            Unit::Other
        };
    }
    if let Some(d) = digit_value(c) {
        Unit::Digit(b'0' + d)
    } else if is_check_x(c) {
        Unit::Letter(b'X')
    } else if is_invisible(c) {
        Unit::Nothing
    } else {
        Unit::Other
    }
}

/// The search for one number at a time, as [`find_id_number`] does it: a run of 18
/// digits, or 17 and an X, not followed by a digit (a letter after it does not hide it).
#[derive(Default)]
struct Search {
    digits: [u8; 18],
    len: usize,
    /// 17 digits and an X were seen: valid if what follows is not a digit.
    pending: bool,
}

impl Search {
    /// Feeds one unit; true when an ID number has been found.
    fn feed(&mut self, u: Unit) -> bool {
        if self.pending {
            self.pending = false;
            let bounded = matches!(u, Unit::Other | Unit::Letter(_));
            if bounded && is_valid_id_number(&self.digits) {
                return true;
            }
            if !matches!(u, Unit::Nothing) {
                self.len = 0;
            } else {
                self.pending = true; // an invisible character does not decide
                return false;
            }
        }
        match u {
            Unit::Digit(d) => {
                if self.len < 18 {
                    self.digits[self.len] = d;
                }
                self.len += 1;
                false
            }
            Unit::Nothing => false,
            Unit::Letter(l) => {
                let found = self.len == 18 && is_valid_id_number(&self.digits);
                if self.len == 17 && (l == b'X' || l == b'x') {
                    self.digits[17] = b'X';
                    self.pending = true;
                }
                self.len = 0;
                found
            }
            Unit::Other => {
                let found = self.len == 18 && is_valid_id_number(&self.digits);
                self.len = 0;
                found
            }
        }
    }

    /// The end of the text.
    fn finish(&mut self) -> bool {
        (self.pending || self.len == 18) && is_valid_id_number(&self.digits)
    }
}

/// Whether `bytes` hold an ID number, read as `syntax` says.
pub fn holds_id_number(bytes: &[u8], syntax: Syntax) -> bool {
    let plain_ascii = bytes.is_ascii()
        && match syntax {
            Syntax::Markup => !bytes.contains(&b'&'),
            Syntax::Escaped => !bytes.windows(2).any(|w| w == b"\\u"),
            Syntax::Plain => true,
        };
    if plain_ascii {
        return find_id_number(bytes).is_some();
    }
    match search(bytes, syntax, true) {
        Some(found) => found,
        None => find_id_number(bytes).is_some(), // not text: as it is
    }
}

/// Whether none of 8 bytes can matter to a search that is between numbers: no digit,
/// no byte of a multi-byte character, no `special` (`&` or `\\`) (SWAR: one test for
/// eight bytes).
fn idle_word(word: u64, special: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if word & HIGH != 0 {
        return false;
    }
    // A byte in '0'..='9' (all bytes below 0x80 here): (b + (0x80 - 0x30)) has its high
    // bit set for b >= 0x30, (b + (0x80 - 0x3A)) for b >= 0x3A.
    let ge_0 = word.wrapping_add(ONES * (0x80 - 0x30));
    let ge_colon = word.wrapping_add(ONES * (0x80 - 0x3A));
    let digit = ge_0 & !ge_colon & HIGH;
    let x = word ^ (ONES * u64::from(special));
    let has_special = x.wrapping_sub(ONES) & !x & HIGH;
    digit == 0 && has_special == 0
}

/// The search over text; `None` when `bytes` are not UTF-8. `skipping`: pass over what
/// cannot start a number without decoding it (off only to test that it changes
/// nothing).
fn search(bytes: &[u8], syntax: Syntax, skipping: bool) -> Option<bool> {
    let mut s = Search::default();
    let special = match syntax {
        Syntax::Markup => b'&',
        Syntax::Escaped => b'\\',
        Syntax::Plain => 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        if skipping && s.len == 0 && !s.pending {
            i = skip_between_numbers(bytes, i, special);
            if i >= bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let (u, len) = if b < 0x80 {
            let decoded = match (b, syntax) {
                (b'&', Syntax::Markup) => reference(&bytes[i..]),
                (b'\\', Syntax::Escaped) => unicode_escape(&bytes[i..]),
                _ => None,
            };
            match decoded {
                Some((Some(c), len)) => (unit_of(c), len),
                Some((None, len)) => (Unit::Nothing, len),
                None => (unit_of(char::from(b)), 1),
            }
        } else if (0xE4..=0xE9).contains(&b) {
            // CJK ideographs (U+4000-U+9FFF), most of a Chinese page: neither digits
            // nor invisible, passed over without decoding.
            match bytes.get(i + 1..i + 3) {
                Some([c1, c2]) if is_cont(*c1) && is_cont(*c2) => (Unit::Other, 3),
                _ => return None,
            }
        } else {
            let (c, len) = decode_utf8(&bytes[i..])?;
            (unit_of(c), len)
        };
        if s.feed(u) {
            return Some(true);
        }
        i += len;
    }
    Some(s.finish())
}

/// Where the next byte that can start a number is, from `i`, when no number has begun:
/// letters, punctuation and CJK ideographs change nothing there (a letter or any other
/// character only ends a number), so they are passed without decoding, and so is a run
/// of digits too short to be one. Runs of markup and Latin text go eight bytes at a
/// time.
fn skip_between_numbers(bytes: &[u8], mut i: usize, special: u8) -> usize {
    loop {
        while let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0x30; 8]));
            if !idle_word(word, special) {
                break;
            }
            i += 8;
        }
        match bytes.get(i) {
            None => return i,
            Some(&b) if b.is_ascii_digit() => {
                // A run of fewer than 17 ASCII digits that a plain ASCII character ends
                // (not a digit, so a letter or any other) is not a number: passed whole.
                let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(i + run) {
                    _ if run >= 17 => return i,
                    None => return bytes.len(),
                    Some(&next) if next < 0x80 && next != special => i += run + 1,
                    Some(_) => return i,
                }
            }
            Some(&b) if b < 0x80 => {
                if b == special {
                    return i;
                }
                i += 1;
            }
            Some(0xE4..=0xE9) => match bytes.get(i + 1..i + 3) {
                Some([c1, c2]) if is_cont(*c1) && is_cont(*c2) => i += 3,
                _ => return i,
            },
            Some(_) => return i,
        }
    }
}

fn is_cont(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The character at the start of `s` (not ASCII) and its length in bytes; `None` when
/// the bytes are not UTF-8.
fn decode_utf8(s: &[u8]) -> Option<(char, usize)> {
    let (len, first) = match s[0] {
        0xC2..=0xDF => (2, u32::from(s[0] & 0x1F)),
        0xE0..=0xEF => (3, u32::from(s[0] & 0x0F)),
        0xF0..=0xF4 => (4, u32::from(s[0] & 0x07)),
        _ => return None,
    };
    let rest = s.get(1..len)?;
    if !rest.iter().all(|&b| is_cont(b)) {
        return None;
    }
    let value = rest
        .iter()
        .fold(first, |v, &b| v << 6 | u32::from(b & 0x3F));
    // Overlong forms and surrogates are not UTF-8.
    let shortest = match len {
        2 => value >= 0x80,
        3 => value >= 0x800,
        _ => value >= 0x10000,
    };
    char::from_u32(value).filter(|_| shortest).map(|c| (c, len))
}

/// A character reference at the start of `s` (`&#49;`, `&#49`, `&#x31;`, `&shy;`):
/// the character (`None` for one that shows nothing, or a name not known) and its
/// length with the `&` (see [`super::markup::reference_at`]).
fn reference(s: &[u8]) -> Option<(Option<char>, usize)> {
    super::markup::reference_at(&s[1..]).map(|(c, used)| (c, used + 1))
}

/// A `\uXXXX` escape at the start of `s`, with its length; a surrogate pair
/// (`\ud835\udfcf`, a digit outside the first plane) is one character.
fn unicode_escape(s: &[u8]) -> Option<(Option<char>, usize)> {
    let unit = escaped_unit(s)?;
    if (0xD800..0xDC00).contains(&unit) {
        let low = s.get(6..).and_then(escaped_unit);
        if let Some(low @ 0xDC00..=0xDFFF) = low {
            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            return Some((char::from_u32(c), 12));
        }
    }
    Some((char::from_u32(unit), 6))
}

/// The code unit of a `\uXXXX` escape at the start of `s`.
fn escaped_unit(s: &[u8]) -> Option<u32> {
    let hex = s.get(2..6).filter(|_| s.starts_with(b"\\u"))?;
    let hex = std::str::from_utf8(hex).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_reads_as_a_reader_does() {
        let id = "11010519491231002X";
        assert!(holds_id_number(id.as_bytes(), Syntax::Plain));
        assert!(holds_id_number(
            "<p>&#49;1010519491231002X</p>".as_bytes(),
            Syntax::Markup
        ));
        assert!(
            !holds_id_number(
                "<p>&amp;#49;1010519491231002X</p>".as_bytes(),
                Syntax::Markup
            ),
            "shown as &#49;…"
        );
        assert!(holds_id_number(
            r#"{"a":"\u00311010519491231002X"}"#.as_bytes(),
            Syntax::Escaped
        ));
        assert!(holds_id_number(
            "号１１０１０５\u{ad}１９４９１２３１００２Ｘ".as_bytes(),
            Syntax::Plain
        ));
        assert!(holds_id_number(
            "𝟏𝟏𝟎𝟏𝟎𝟓𝟏𝟗𝟒𝟗𝟏𝟐𝟑𝟏𝟎𝟎𝟐X".as_bytes(),
            Syntax::Plain
        ));
        assert!(!holds_id_number(
            "钢城交罚〔2026〕48号 2026-09-29".as_bytes(),
            Syntax::Markup
        ));
        assert!(!holds_id_number(b"\xff\xfe binary 1101", Syntax::Plain));
        let padded = format!("<p class=\"abcdefgh\">中文{id}</p><p>abcdefghijklmnop</p>");
        for cut in 0..8 {
            let text = format!("{}{padded}", "y".repeat(cut));
            assert!(holds_id_number(text.as_bytes(), Syntax::Markup), "{cut}");
        }
        assert!(idle_word(u64::from_le_bytes(*b"<p>abc/>"), b'&'));
        assert!(!idle_word(u64::from_le_bytes(*b"<p>ab9/>"), b'&'));
        assert!(!idle_word(u64::from_le_bytes(*b"<p>a&b/>"), b'&'));
        assert!(
            holds_id_number(b"\xff\xfe binary 11010519491231002X", Syntax::Plain),
            "not text: as it is"
        );
        assert!(holds_id_number(
            b"<td>1101051949123100&#50;X</td>",
            Syntax::Markup
        ));
        // As HTML reads them (found by review): a number without its `;`, leading
        // zeros past any bound, `&shy` without its `;`, and in JSON a digit outside the
        // first plane written as a surrogate pair.
        assert!(holds_id_number(
            b"<p>1101051949123100&#50X</p>",
            Syntax::Markup
        ));
        let zeros = "0".repeat(70);
        let long = format!("<p>&#{zeros}49;1010519491231002X</p>");
        assert!(holds_id_number(long.as_bytes(), Syntax::Markup));
        assert!(holds_id_number(
            b"<p>110105&shy19491231002X</p>",
            Syntax::Markup
        ));
        assert!(holds_id_number(
            br#"{"a":"\ud835\udfcf1010519491231002X"}"#,
            Syntax::Escaped
        ));
        assert_eq!(Syntax::of("notice/ATTACHMENT.HTML"), Syntax::Markup);
        assert!(holds_id_number(
            "<td>1101051949123100\u{200b}2X</td>".as_bytes(),
            Syntax::Markup
        ));
        assert!(holds_id_number(
            b"<td>a11010519491231002X</td>",
            Syntax::Markup
        ));
        assert!(!holds_id_number(
            b"<td>110105194912310021X</td>",
            Syntax::Markup
        ));
        // Letters after the number do not hide it, on the ASCII path and the other.
        for text in [
            "<td>370117198001011231e0</td>",
            "<td>证件370117198001011231Tel</td>",
            "<td>证件11010519491231002Xab</td>",
            "<td>证件1101051949123100&#50;Xab</td>",
        ] {
            assert!(holds_id_number(text.as_bytes(), Syntax::Markup), "{text}");
        }
        assert!(!holds_id_number(
            "<td>证件11010519491231002X5</td>".as_bytes(),
            Syntax::Markup
        ));
        assert_eq!(decode_utf8("中".as_bytes()), Some(('中', 3)));
        assert_eq!(decode_utf8("𝟏".as_bytes()), Some(('𝟏', 4)));
        assert_eq!(decode_utf8(b"\xc0\x80"), None, "overlong");
        assert_eq!(decode_utf8(b"\xed\xa0\x80"), None, "surrogate");
    }

    /// Passing over what cannot start a number finds what reading every character
    /// finds, on texts made of the pieces that matter: digits, X, references, escapes,
    /// invisible characters, ideographs, letters and punctuation.
    #[test]
    fn skipping_finds_what_reading_every_character_finds() {
        const PIECES: &[&[u8]] = &[
            "1".as_bytes(),
            "0".as_bytes(),
            "2".as_bytes(),
            "11010519".as_bytes(),
            "49123100".as_bytes(),
            "1101051949123100".as_bytes(),
            "1010519491231002X".as_bytes(),
            "11010519491231002X".as_bytes(),
            "2X".as_bytes(),
            "X".as_bytes(),
            "x".as_bytes(),
            "a".as_bytes(),
            "-".as_bytes(),
            " ".as_bytes(),
            "<".as_bytes(),
            "中".as_bytes(),
            "&#49;".as_bytes(),
            "&#50;".as_bytes(),
            "&#50".as_bytes(),
            "&amp;".as_bytes(),
            "&shy;".as_bytes(),
            "&shy".as_bytes(),
            "\\u0031".as_bytes(),
            "\\ud835\\udfcf".as_bytes(),
            "\\".as_bytes(),
            "\u{200b}".as_bytes(),
            "\u{ad}".as_bytes(),
            "１".as_bytes(),
            "é".as_bytes(),
            "&".as_bytes(),
            b"\0",
            b"\xff",
            b"\x80",
            b"\xe4\x80",
            b"\xe9\xbf\xbf",
        ];
        let mut next = crate::scan::test_numbers();
        let mut found = 0;
        for _ in 0..20_000 {
            let n = (next() % 12) as usize;
            let text: Vec<u8> = (0..n)
                .flat_map(|_| {
                    PIECES[(next() % PIECES.len() as u64) as usize]
                        .iter()
                        .copied()
                })
                .collect();
            for syntax in [Syntax::Markup, Syntax::Escaped, Syntax::Plain] {
                let fast = search(&text, syntax, true);
                let shown = String::from_utf8_lossy(&text);
                assert_eq!(fast, search(&text, syntax, false), "{shown:?} {syntax:?}");
                found += usize::from(fast == Some(true));
            }
        }
        assert!(
            found > 100,
            "the texts hold numbers often enough to test: {found}"
        );
    }
}
