//! What a character is when looking for numbers in text: a decimal digit of any script
//! (full-width ０-９, mathematical 𝟏, Arabic-Indic ١ … all read as the digit they
//! show), or a character that shows nothing at all (soft hyphen, zero-width space,
//! direction marks, variation selectors), which a number may hide behind.
//!
//! The tables are Unicode 14's general categories Nd (decimal digits, which always come
//! in runs of ten from a zero) and Cf (format characters), written out here because
//! the standard library can only tell an ASCII digit's value.

/// A full-width ASCII character (`１２３ＡＢＣ（）－＋`) as its half-width form, the
/// ideographic space as a space; any other character as it is.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The zero of every run of ten decimal digits (category Nd).
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// Characters that show nothing (category Cf, inclusive ranges), plus the variation
/// selectors, the Hangul fillers and the braille blank, which show nothing either, and
/// the combining marks (accents, underlines, the keycap of 3️⃣), which only mark the
/// digit they follow.
const INVISIBLE: [(u32, u32); 34] = [
    (0xAD, 0xAD),
    (0x300, 0x36F),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x115F, 0x1160),
    (0x180B, 0x180F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0x20D0, 0x20FF),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
    (0xFFFE, 0xFFFE),
    (0xFFFF, 0xFFFF),
];

/// The value of a decimal digit of any script.
pub fn digit_value(c: char) -> Option<u8> {
    let c = c as u32;
    if c < 0x80 {
        return (0x30..=0x39).contains(&c).then(|| (c - 0x30) as u8);
    }
    if (0x1C5A..0xA620).contains(&c) {
        return None; // Chinese text: no digits between these
    }
    let i = DIGIT_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let value = c - DIGIT_ZEROS[i];
    (value < 10).then_some(value as u8)
}

/// The digit shown by a numeral that is not a decimal digit, as people write the
/// digits of a number one by one in other forms: Chinese numerals (〇一二…, the
/// financial 零壹贰…, and ○ for zero as in 二○二六), superscripts, subscripts and
/// circled or parenthesised digits. Only the search of what staff write reads these
/// (see [`super::idnumber`]); a number word such as 十 is not a digit.
pub fn numeral_value(c: char) -> Option<u8> {
    let v = match c {
        '〇' | '零' | '○' | '⓪' | '⓿' | '⁰' | '₀' => 0,
        '一' | '壹' | '弌' | '幺' => 1,
        '二' | '贰' | '貳' | '弍' => 2,
        '三' | '叁' | '參' | '叄' | '弎' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴'..='⁹' => c as u32 - '⁴' as u32 + 4,
        '₁'..='₉' => c as u32 - '₁' as u32 + 1,
        '①'..='⑨' => c as u32 - '①' as u32 + 1,
        '⑴'..='⑼' => c as u32 - '⑴' as u32 + 1,
        '⒈'..='⒐' => c as u32 - '⒈' as u32 + 1,
        '⓵'..='⓽' => c as u32 - '⓵' as u32 + 1,
        '❶'..='❾' => c as u32 - '❶' as u32 + 1,
        '➀'..='➈' => c as u32 - '➀' as u32 + 1,
        '➊'..='➒' => c as u32 - '➊' as u32 + 1,
        _ => return None,
    };
    Some(v as u8)
}

/// Whether `c` shows nothing: also the control characters (but the line breaks and
/// tabs, which are spaces to a reader), which a browser does not show.
pub fn is_invisible(c: char) -> bool {
    let c = c as u32;
    if c < 0xAD {
        return c < 0x09 || (0x0E..0x20).contains(&c) || (0x7F..=0x9F).contains(&c) && c != 0x85;
    }
    if (0x3165..0xFE00).contains(&c) {
        return false; // Chinese text: nothing invisible between these
    }
    INVISIBLE.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// Whether `c` is the check character X of an ID number, as people type it.
pub fn is_check_x(c: char) -> bool {
    matches!(
        c,
        'X' | 'x' | 'Ｘ' | 'ｘ' | 'Ⅹ' | 'ⅹ' | 'Χ' | 'χ' | 'Х' | 'х'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script_are_read() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('７'), Some(7));
        assert_eq!(digit_value('\u{1D7D5}'), Some(7), "mathematical bold 7");
        assert_eq!(digit_value('\u{0667}'), Some(7), "Arabic-Indic 7");
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('七'), None, "a numeral word is not a digit");
        assert_eq!(digit_value('\u{0659}'), None, "just below a run");
        for (c, v) in [
            ('〇', 0),
            ('七', 7),
            ('柒', 7),
            ('⁷', 7),
            ('₇', 7),
            ('⑦', 7),
            ('❼', 7),
            ('➐', 7),
            ('¹', 1),
        ] {
            assert_eq!(numeral_value(c), Some(v), "{c}");
        }
        assert_eq!(numeral_value('十'), None);
        assert_eq!(numeral_value('7'), None, "a decimal digit is digit_value's");
    }

    #[test]
    fn what_shows_nothing_is_removed() {
        for c in [
            '\u{ad}', '\u{200b}', '\u{200e}', '\u{2063}', '\u{feff}', '\u{fe0f}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in [
            '\u{8}', '\u{7f}', '\u{90}', '\u{301}', '\u{20e3}', '\u{2800}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(!is_invisible(' '));
        assert!(!is_invisible('\n') && !is_invisible('\t') && !is_invisible('\u{85}'));
        assert!(!is_invisible('中'));
    }
}
