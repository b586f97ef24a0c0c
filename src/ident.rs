//! Identifiers and privacy: USCC check characters (GB 32100-2015), 居民身份证号 detection
//! (GB 11643-1999) and masking of natural persons' names.

const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a string is not a valid 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    Length(usize),
    BadCharacter { position: usize, found: char },
    CheckCharacter { expected: char, found: char },
}

impl std::fmt::Display for UsccError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsccError::Length(n) => write!(f, "a 统一社会信用代码 has 18 characters, this one has {n}"),
            UsccError::BadCharacter { position, found } => write!(
                f,
                "character {position} ('{found}') is not allowed in a 统一社会信用代码 (digits and upper-case letters except I, O, S, V, Z)"
            ),
            UsccError::CheckCharacter { expected, found } => write!(
                f,
                "check character is '{found}' but the first 17 characters require '{expected}'"
            ),
        }
    }
}

fn uscc_value(c: char) -> Option<u32> {
    USCC_CHARSET
        .iter()
        .position(|&b| b as char == c)
        .map(|p| p as u32)
}

/// The check character the first 17 characters of a USCC call for.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    Some(USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char)
}

/// Checks length, alphabet and check character of a 统一社会信用代码.
pub fn check_uscc(code: &str) -> Result<(), UsccError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccError::Length(chars.len()));
    }
    if let Some((i, &c)) = chars
        .iter()
        .enumerate()
        .find(|(_, c)| uscc_value(**c).is_none())
    {
        return Err(UsccError::BadCharacter {
            position: i + 1,
            found: c,
        });
    }
    let first17: String = chars[..17].iter().collect();
    let expected = uscc_check_char(&first17).expect("alphabet checked above");
    if expected != chars[17] {
        return Err(UsccError::CheckCharacter {
            expected,
            found: chars[17],
        });
    }
    Ok(())
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

fn digits(s: &[u8]) -> u32 {
    s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// True when `s` (18 ASCII bytes) is a 居民身份证号: a region code, a real birth date
/// (1900–2099) and a valid check digit. The date check keeps codes that merely share
/// the shape (an all-digit USCC, say) from being taken for ID numbers.
pub fn is_valid_id_number(s: &[u8]) -> bool {
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) || s[0] == b'0' {
        return false;
    }
    let (year, month, day) = (digits(&s[6..10]), digits(&s[10..12]), digits(&s[12..14]));
    if !(1900..=2099).contains(&year)
        || chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_none()
    {
        return false;
    }
    let sum: u32 = s[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let expected = ID_CHECK[(sum % 11) as usize];
    s[17].to_ascii_uppercase() == expected
}

/// Byte offset of the first 18-character run that is a valid 居民身份证号, standing alone
/// (not part of a longer run of digits). Letters beside it do not hide it: in
/// `证件370117198001011231Tel138…` or a code such as `JT11010519491231002X` a reader
/// still sees the number.
pub fn find_id_number(haystack: &[u8]) -> Option<usize> {
    let n = haystack.len();
    let mut i = 0;
    while i < n {
        if !haystack[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && haystack[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        let ends_with_x = digits == 17 && i < n && (haystack[i] == b'X' || haystack[i] == b'x');
        let len = if ends_with_x { 18 } else { digits };
        let after = start + len;
        let bounded = after >= n || !haystack[after].is_ascii_digit();
        if len == 18 && bounded && is_valid_id_number(&haystack[start..after]) {
            return Some(start);
        }
    }
    None
}

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "南宫", "西门", "独孤",
];

/// A natural person's name as published: surname followed by 某某 (张三 → 张某某).
pub fn mask_person_name(name: &str) -> String {
    let name = name.trim();
    // No name is masked to no name (a licence may leave its party out), not to 某某.
    if name.is_empty() {
        return String::new();
    }
    let surname = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.chars().count() > 2)
        .map(|s| s.to_string())
        .unwrap_or_else(|| name.chars().next().map(String::from).unwrap_or_default());
    format!("{surname}某某")
}

/// An id (a decision number, a pledge number) as compared for uniqueness: the same
/// number typed with full-width digits, spaces, another kind of brackets or another
/// letter case, or digits of another script is the same number (`钢城交罚〔２０２５〕２５号`
/// is `钢城交罚 [2025] 25号`). Borrowed when already in that form: a number written in
/// the national style (`钢城交罚〔2025〕25号`), as most are.
pub fn id_key(id: &str) -> std::borrow::Cow<'_, str> {
    // 〔〕, the brackets of the national style for document numbers, stand for all
    // (full-width （）［］｛｝ are half-width here already).
    let canonical = |c: char| match crate::scan::half_width(c) {
        '[' | '【' | '(' | '{' | '﹝' | '〖' => Some('〔'),
        ']' | '】' | ')' | '}' | '﹞' | '〗' => Some('〕'),
        c if c.is_whitespace() => None,
        c => match crate::scan::digit_value(c) {
            Some(d) => Some(char::from(b'0' + d)),
            None => Some(c.to_ascii_uppercase()),
        },
    };
    if id.chars().all(|c| canonical(c) == Some(c)) {
        return std::borrow::Cow::Borrowed(id);
    }
    std::borrow::Cow::Owned(id.chars().filter_map(canonical).collect())
}

/// The valid code that `code` was most likely meant to be, typed with an input
/// method's full-width characters, lower case, spaces, or the letters O and I for the
/// digits 0 and 1 (letters a 统一社会信用代码 never holds); `None` when that is not
/// a valid code either.
pub fn uscc_meant(code: &str) -> Option<String> {
    let meant: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width forms (０-９, Ａ-Ｚ, ａ-ｚ) are ASCII + 0xFEE0.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' => '1',
            c => c,
        })
        .collect();
    (meant != code && check_uscc(&meant).is_ok()).then_some(meant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_test_vectors_are_valid() {
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "9137100022470981X0",
            "11370117MB2854771J",
        ] {
            assert_eq!(check_uscc(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        assert_eq!(
            check_uscc("91350100M000100Y44"),
            Err(UsccError::CheckCharacter {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn rejects_length_and_alphabet() {
        assert_eq!(check_uscc("9135"), Err(UsccError::Length(4)));
        assert!(matches!(
            check_uscc("91350100I000100Y43"),
            Err(UsccError::BadCharacter { position: 9, .. })
        ));
    }

    #[test]
    fn finds_valid_id_numbers_only() {
        // 11010519491231002X is the GB 11643 standard's example.
        assert!(is_valid_id_number(b"11010519491231002X"));
        // Right check digit but no real birth date: an all-digit USCC, not a person.
        assert!(!is_valid_id_number(b"913701170009927152"));
        assert_eq!(
            find_id_number("证件号11010519491231002X。".as_bytes()),
            Some(9)
        );
        assert_eq!(find_id_number(b"id 110105194912310021 bad check"), None);
        assert_eq!(find_id_number(b"longer 1101051949123100201"), None);
        assert_eq!(
            find_id_number(b"11010519491231002X5"),
            None,
            "a digit after X"
        );
        // Letters beside it do not hide it (found by an audit).
        assert_eq!(find_id_number(b"id 370117198001011231Tel138"), Some(3));
        assert_eq!(find_id_number(b"370117198001011231e0"), Some(0));
        assert_eq!(find_id_number(b"11010519491231002Xab"), Some(0));
        assert_eq!(find_id_number(b"91370117MA3C4D5X2G 370117000123"), None);
    }

    #[test]
    fn masks_names() {
        assert_eq!(mask_person_name("张三"), "张某某");
        assert_eq!(mask_person_name("欧阳修文"), "欧阳某某");
        assert_eq!(mask_person_name("欧阳"), "欧某某");
    }

    #[test]
    fn ids_written_differently_are_the_same_id() {
        let key = |s: &str| super::id_key(s).into_owned();
        let plain = key("钢城交罚〔2025〕25号");
        for same in [
            "钢城交罚〔２０２５〕２５号",
            "钢城交罚〔2025〕25号 ",
            "钢城交罚 〔2025〕25号",
            "钢城交罚[2025]25号",
            "钢城交罚（2025）25号",
            "钢城交罚【2025】２５号",
            "钢城交罚﹝2025﹞25号",
            "钢城交罚〖2025〗25号",
        ] {
            assert_eq!(key(same), plain, "{same}");
        }
        for other in [
            "钢城交罚〔2025〕26号",
            "钢城交罚〔2024〕25号",
            "钢城交罚2025 25号",
        ] {
            assert_ne!(key(other), plain, "{other}");
        }
        assert_eq!(key("jn-2026-001"), key("JN-2026-001"));
        assert!(matches!(
            super::id_key("JN-2026-001"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            super::id_key("钢城交罚〔2025〕25号"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// A code typed with an input method's full-width forms, lower case, spaces, or O
    /// and I for 0 and 1 gets the valid code as its hint; a code that is wrong in
    /// another way (a typo, a bad check character) gets none.
    #[test]
    fn the_code_meant_is_suggested_only_when_it_is_valid() {
        for typed in [
            "９１３５０１００Ｍ０００１００Ｙ４３",
            "91350100m000100y43",
            "91350100MO00100Y43",
            "9135 0100 M000 100Y 43",
        ] {
            assert_eq!(
                uscc_meant(typed).as_deref(),
                Some("91350100M000100Y43"),
                "{typed}"
            );
        }
        for typed in [
            "91350100M000100Y44",
            "91350100M000100Y43",
            "9135010",
            "9I350100M000100Y44",
        ] {
            assert_eq!(uscc_meant(typed), None, "{typed}");
        }
    }
}
