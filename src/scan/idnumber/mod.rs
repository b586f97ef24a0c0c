//! Personal ID numbers (居民身份证号) written the way people and copy-paste write them:
//! with spaces, zero-width characters or Markdown emphasis between the digits, in
//! full-width digits, or the 15 digits of an old-style number. The exact 18-character
//! form is [`crate::ident::find_id_number`], which the output guard uses; this looser
//! search runs on what staff write and on the attachments copied to the site.

mod run;
mod units;

use super::chars::{digit_value, numeral_value};
use run::Run;
use units::{numeral_counts, unit, unit_is_numeral, Digits, Unit};

/// Gap characters allowed between two digits (`** **` is five).
const MAX_GAP: usize = 6;

/// Which forms to look for.
#[derive(Debug, Clone, Copy)]
pub struct Forms {
    /// Also 15-digit old-style numbers (off where a 15-digit code is expected, such as
    /// a licence number).
    pub old_style: bool,
    /// Also numbers with punctuation between the groups (`110105-19491231-002X`), as
    /// people write them; off for machine text such as a PDF's own syntax, where
    /// numbers stand side by side.
    pub separators: bool,
}

impl Forms {
    /// Every form: for what people write.
    pub const ALL: Forms = Forms {
        old_style: true,
        separators: true,
    };

    /// 18-digit numbers only, written in any way: where a 15-digit run is likely
    /// something else (a code, a number in a theme's minified script), as an old-style
    /// number has no check digit to tell.
    pub const NEW_STYLE: Forms = Forms {
        old_style: false,
        separators: true,
    };
}

/// Byte offset in `text` of the first personal ID number, written in any of the
/// forms above.
pub fn find_written_id_number(text: &str, forms: Forms) -> Option<usize> {
    if too_few_digits(text) {
        return None; // most values: names, dates, amounts, codes
    }
    // After a right-to-left override (U+202E) a browser shows digits in reverse order:
    // a number written backwards there is read forwards.
    if let Some(at) = text.find('\u{202e}') {
        let shown: String = text[at..].chars().rev().collect();
        if find_written_id_number(&shown.replace('\u{202e}', ""), forms).is_some() {
            return Some(at);
        }
    }
    let decimal = search(text, forms, Digits::Decimal);
    if !text.chars().any(|c| numeral_value(c).is_some()) {
        return decimal;
    }
    // Each search finds what the others may not: a decimal or numeral one ends a
    // number at the other kind (`…002X一案`), the mixed one reads both kinds as one
    // number (found by a review).
    // The mixed search looks for 18-digit numbers only: a 15-digit one has no check
    // digit to tell it from a 14-digit serial beside a numeral word (`（一）2025…`).
    let mixed = Forms {
        old_style: false,
        ..forms
    };
    [
        decimal,
        search(text, forms, Digits::Numerals),
        search(text, mixed, Digits::Mixed),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// The shortest number of ours: an old-style number's 15 digits (an 18-digit number
/// has 17 and a digit or `X`).
const FEWEST_DIGITS: usize = 15;

/// Whether `text` has fewer characters that read as a digit (of any script, or a
/// numeral) than any number of ours, so that neither search can find one: a test
/// much cheaper than the search, which most values fail.
fn too_few_digits(text: &str) -> bool {
    if text.len() < FEWEST_DIGITS {
        return true;
    }
    if text.is_ascii() {
        return text.bytes().filter(u8::is_ascii_digit).count() < FEWEST_DIGITS;
    }
    text.chars()
        .filter(|&c| digit_value(c).is_some() || numeral_value(c).is_some())
        .nth(FEWEST_DIGITS - 1)
        .is_none()
}

/// How many bytes from `i` on are characters that are surely neither a digit nor
/// invisible: ASCII letters, punctuation and spaces (and, read for numerals, ASCII
/// digits), and Chinese characters (U+4000-U+9FFF) that are not numerals. Most of a
/// text; told from their bytes, without the full classification of [`unit`].
fn plain_span(bytes: &[u8], mut i: usize, digits: Digits) -> usize {
    let start = i;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' if digits.reads_decimal() => break,
            0x09..=0x0D | 0x20..=0x7E => i += 1,
            0xE4..=0xE9 => {
                // The text is UTF-8: a lead byte here begins a 3-byte character.
                let numeral = digits.reads_numerals()
                    && std::str::from_utf8(bytes.get(i..i + 3).unwrap_or_default())
                        .ok()
                        .and_then(|c| c.chars().next())
                        .is_some_and(|c| numeral_value(c).is_some());
                if numeral {
                    break;
                }
                i += 3;
            }
            _ => break,
        }
    }
    i - start
}

/// The search for numbers whose digits are `digits`. `skipping`: pass over the plain
/// characters between numbers by their bytes ([`plain_span`]); off only to test that
/// it changes nothing.
fn search(text: &str, forms: Forms, digits: Digits) -> Option<usize> {
    search_with(text, forms, digits, true)
}

fn search_with(text: &str, forms: Forms, digits: Digits, skipping: bool) -> Option<usize> {
    let mut run = Run::default();
    let mut gap = 0;
    let mut before_ok = true;
    // A run of spaces counts once: a browser shows it as one space.
    let mut after_space = false;
    let mut i = 0;
    while i < text.len() {
        if skipping && run.is_empty() {
            // Between numbers, each of these only says that a number may begin after
            // it (it is a space or a character that ends a number).
            let plain = plain_span(text.as_bytes(), i, digits);
            if plain > 0 {
                i += plain;
                before_ok = true;
                // (The last byte of a Chinese character is no space, whatever it
                // would be on its own: 0x85 and 0xA0 are, as U+0085 and U+00A0.)
                let last = text.as_bytes()[i - 1];
                after_space = last.is_ascii() && char::from(last).is_whitespace();
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let at = i;
        i += c.len_utf8();
        let mut unit = unit(c, forms, digits);
        if digits == Digits::Mixed && unit_is_numeral(c) {
            // A numeral is read with digits only within a number: one after it or
            // before it (`…233一名`, `…002X二〇二六年`, `（一）2025…`) is a word of the
            // text. Within a group, a gap may come first (`370123 一九九〇 〇一〇一 1233`).
            let in_group = !run.is_empty() && gap == 0;
            // (At a gap or the end of the text, only in a number written with numerals
            // already: `…220一、七项` ends a serial.)
            let lenient = in_group && run.has_numeral;
            if run.ends_with_x() || !numeral_counts(&text[i..], (in_group, lenient), forms) {
                // Yet it may be the last digit of a number written with numerals
                // (`…1〇1123三号`; not of a serial of 17 digits before `一案`).
                if let (true, true, Unit::Digit(d)) = (in_group, run.has_numeral, unit) {
                    if let Some(at) = run.ending_with(d, forms) {
                        return Some(at);
                    }
                }
                unit = Unit::Other;
            }
        }
        let repeated_space = after_space && c.is_whitespace();
        after_space = c.is_whitespace() || (after_space && unit == Unit::Invisible);
        match unit {
            Unit::Invisible => {}
            Unit::Digit(_) if run.ends_with_x() && gap == 0 => {
                // A digit right after the X: not a number of ours; start afresh after it.
                run.clear();
                before_ok = false;
            }
            Unit::Digit(d) => {
                if run.is_empty() && !before_ok {
                    continue;
                }
                if !run.is_empty() && (gap > MAX_GAP || run.ends_with_x()) {
                    if let Some(at) = run.numbers_ending_here(forms, true) {
                        return Some(at);
                    }
                    run.clear();
                }
                if run.is_empty() || gap > 0 {
                    if let Some(found) = run.begin_group(at, forms) {
                        return Some(found);
                    }
                }
                run.digits.push(d);
                run.has_numeral |= unit_is_numeral(c);
                gap = 0;
            }
            Unit::X if run.takes_x() => {
                run.digits.push(b'X');
                gap = 0;
            }
            Unit::Gap if repeated_space => {}
            Unit::Gap if !run.is_empty() => gap += 1,
            Unit::Gap => before_ok = true,
            Unit::X | Unit::Other => {
                // Letters beside a number do not hide it (`370117198001011231Tel…`, a
                // code such as `JT11010519491231002X`): a reader still sees it, and the
                // output guard refuses it, so it is reported here first.
                if let Some(at) = run.numbers_ending_here(forms, true) {
                    return Some(at);
                }
                run.clear();
                gap = 0;
                before_ok = true;
            }
        }
    }
    run.numbers_ending_here(forms, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> bool {
        find_written_id_number(text, Forms::ALL).is_some()
    }

    #[test]
    fn the_plain_form_and_its_disguises_are_found() {
        // 11010519491231002X is the GB 11643 standard's example.
        for text in [
            "证件号11010519491231002X。",
            "证件号 110105 19491231 002X",
            "110105\u{200b}19491231\u{200b}002X",
            "１１０１０５１９４９１２３１００２Ｘ",
            "1101**0519**4912_31_002x",
            "当事人110105,19491231,002X",
            "110105，19491231，002X",
            "110105:19491231:002X",
            "110105〜19491231〜002X",
            "110105、19491231、002X",
            "(110105)19491231(002X)",
            "【110105】19491231；002X",
            "一一〇一〇五一九四九一二三一〇〇二X",
            "壹壹零壹零伍壹玖肆玖壹贰叁壹零零贰X",
            "二○二六年 一一〇一〇五一九四九一二三一〇〇二X",
            "¹¹⁰¹⁰⁵¹⁹⁴⁹¹²³¹⁰⁰²X",
            "①①⓪①⓪⑤①⑨④⑨①②③①⓪⓪②X",
            "110105       19491231002X",
            "2026-01-01 110105 1949 1231 002X",
            "110105 1949 1231 002X 2026",
            "110105 19491231 002X 8",
            "11010519491231002X 2026",
            "电话 0531 1101 0519 4912 3100 2X",
            "1\u{2800}1\u{301}0\u{8}1\u{20e3}0519491231002X",
            "证件 \u{202e}X20013219491501011\u{202c}",
            "11010519491231002X一案",
            "当事人一11010519491231002X",
            "370123199001011006一名",
            "身份证：110105194912310\u{feff}02X",
            // Letters beside the number do not hide it (found by an audit).
            "AB11010519491231002X",
            "证件号码370117198001011231Tel13800000000",
            "驾驶员证件370117199003074564abc",
            "370117198001011231e0",
            "11010519491231002Xabc",
            // Beside other digits, a group of its own (found by an audit: the output
            // guard refused these, but the check of the data did not name them).
            "经办人电话0531 370123199001011233",
            "钢城交罚〔2026〕370123199001011233号",
            "11010519491231002X 0531",
            "62220212345678901234 110105 19491231 002X",
            "1 2 3 4 5 6 7 8 9 11010519491231002X",
            // Digits and numerals mixed in one number (found by a review).
            "1一0一05一九4九1二3一〇02X",
            "一1〇1〇5 19491231 002X",
            "证件号１１０１０５一九四九一二三一002X号",
            "110105 1949 1231 〇〇二X",
            // ... followed or preceded by a numeral that is a word of the text.
            "1一0一05一九4九1二3一〇02X一案",
            "3701231990〇1〇11233一名",
            "11010519491231〇〇2X二〇二六年",
            "110105 1949 1231 〇〇二X",
            "370123 一九九〇 〇一〇一 1233",
            "身份证号：37012三-一九六七〇521-四四22。",
            "驾驶员44030伍-1玖5零零贰20-3892一名",
            "370123-一九九〇〇一〇一-1233",
            "3701231990〇1〇1123叄",
            "幺幺0幺05幺9491231002X",
            // The last digit a numeral before a word (found by a review).
            "3701231990010112三三号",
            "3701231990010112三三Tel",
            "3701231990〇1〇1123三号",
            "3701231990〇1〇1123三的当事人",
            "身份证号3701231990〇1〇1123三号",
            "370123一九九〇〇一〇一一二三三等",
        ] {
            assert!(found(text), "{text:?}");
        }
        // The offset is that of the first digit.
        assert_eq!(
            find_written_id_number("号 110105 19491231 002X", Forms::ALL),
            Some(4)
        );
    }

    #[test]
    fn the_offset_is_that_of_the_group_the_number_begins_with() {
        let text = "电话0531 370123199001011233";
        let at = find_written_id_number(text, Forms::ALL).unwrap();
        assert_eq!(&text[at..], "370123199001011233");
        let text = "〔2026〕110105-19491231-002X号";
        let at = find_written_id_number(text, Forms::ALL).unwrap();
        assert_eq!(&text[at..], "110105-19491231-002X号");
    }

    /// Passing over plain characters by their bytes finds what reading every
    /// character finds, on texts made of the pieces that matter.
    #[test]
    fn skipping_finds_what_reading_every_character_finds() {
        const PIECES: &[&str] = &[
            "1",
            "0",
            "2",
            "7",
            "11010519",
            "49123100",
            "1101051949123100",
            "10105194912310",
            "11010519491231002X",
            "110105491231002",
            "X",
            "x",
            "Ｘ",
            "a",
            "-",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{b}",
            "中",
            "一",
            "〇",
            "二",
            "九",
            "１",
            "①",
            "¹",
            "\u{200b}",
            "\u{ad}",
            "\u{7f}",
            "\u{1}",
            "，",
            "·",
            "号",
            "\u{3000}",
            "é",
            "𝟏",
            "丁",
            "丅",
            "丠",
            "〜",
            "一一〇一〇五",
            "一九四九一二三一",
            "〇〇二",
            "一一〇一〇五一九四九一二三一〇〇二",
            "一〇一〇五一九四九一二三一〇〇二X",
        ];
        let mut next = crate::scan::test_numbers();
        let mut found = 0;
        for _ in 0..30_000 {
            let n = (next() % 14) as usize;
            let text: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            for digits in [Digits::Decimal, Digits::Numerals, Digits::Mixed] {
                for forms in [Forms::ALL, Forms::NEW_STYLE] {
                    let fast = search_with(&text, forms, digits, true);
                    let slow = search_with(&text, forms, digits, false);
                    assert_eq!(fast, slow, "{text:?} {digits:?}");
                    found += usize::from(fast.is_some());
                }
            }
        }
        assert!(
            found > 500,
            "the texts hold numbers often enough to test: {found}"
        );
    }

    #[test]
    fn old_fifteen_digit_numbers_are_found_when_asked() {
        assert!(found("老身份证号 110105491231002"));
        assert!(found("110105 491231 002"));
        assert!(found("370117751209035abc"), "letters after it");
        assert!(!found("110105491331002"), "no 13th month");
        let codes = Forms {
            old_style: false,
            separators: true,
        };
        assert_eq!(find_written_id_number("110105491231002", codes), None);
    }

    #[test]
    fn codes_amounts_and_dates_are_not_taken_for_id_numbers() {
        for text in [
            "91370117MA3C4D5X2G",
            "统一社会信用代码 913701170009927152",
            "罚款 2000 元，没收 1000 元",
            "2024-03-02 至 2025-03-01",
            "110105194912310021 (bad check digit)",
            "longer 1101051949123100201",
            "licence 370117000123",
            "11010519491231002X5",
            "0531-76000000",
            "电话 0531-76000000，0531-76000001，传真 0531-76000002",
            "罚款 2,000 元，没收 1,000 元；合计 3,000 元",
            "钢城交罚〔2026〕12号、钢城交罚〔2026〕13号",
            // Lists of dates and numbers: a month or a day starts no number (a
            // reviewer's finding).
            "| 2020-12-07 | 2020-12-07 | 2099-12-31 |",
            "2020-12-07,2020-12-07,2099-12-31\n2021-01-05,2021-01-05,2099-12-31",
            "<path d=\"M 12 07 20 20 12 07 20 99 12 31 19 90 01 01 12 33\"/>",
            "2024-03-02 至 2025-03-01，2025-03-02 起",
            "二〇二六年三月二日",
            "第一、二、三项",
            "一九四九年12月31日，2026年3月2日一案",
            "第1条第二款第3项，第一千零二十四号",
            "合计 12 万元，其中一 2000 元，二 3000 元",
            // A numeral beside a number of 14 digits (found by a review).
            "证据：一、道路运输证复印件（编号37011785061234）；二、询问笔录",
            "扣押道路运输证（证号37011785061234）一本",
            "扣押道路运输证（证号37011785061234）壹本",
            "（一）20250910124002",
            "一、20250421220319",
            "第一 13616850310146",
            "扣押编号65187328092746一次",
            "罚款41323¹ 400² 1000³",
            "证号37011785061234一、二项",
            // A serial of 17 digits before a numeral word (found by a review).
            "受理编号37011720220113150一案",
            "案件编号44030520210820685九次",
            "文书号37010220220813656二Tel13800000000",
            "检查记录37012320250206220一、七项",
            "检查记录44030520231210920四、三项",
            "①20250910124002",
            "受理流水号：②20240101004134（初次申请）",
            "⒈20250910124002",
            "扣押道路运输证（证号37011785061234①）",
            "罚款41323① 400② 1000③",
        ] {
            assert!(!found(text), "{text:?}");
        }
    }
}
