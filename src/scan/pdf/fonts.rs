//! How a PDF's fonts turn the bytes of a shown string into characters, where that is
//! not simply one byte per Latin-1 character: ToUnicode CMaps (PDF 32000-1 §9.10.3),
//! which nearly every Chinese PDF relies on (its text is glyph numbers of an
//! Identity-H font), and `/Differences` arrays, which rename single-byte codes.
//!
//! Which font a string is shown in is not worked out (that needs the whole object
//! graph); each string is read through every map the file holds instead. A number in
//! any of them is found; reading through the wrong map only makes noise.

use std::collections::HashMap;

/// Most codes one CMap may define (a damaged or hostile range stops here).
const MAX_CODES: usize = 1 << 20;

/// One way of reading a shown string.
#[derive(Debug)]
pub enum FontMap {
    /// Codes of 1 to 4 bytes (`widths`) to text.
    Cmap {
        widths: Vec<usize>,
        codes: HashMap<(usize, u32), String>,
    },
    /// Single bytes to characters.
    Simple(Box<[Option<char>; 256]>),
    /// Two-byte codes that are UTF-16 (Adobe's predefined `Uni…-UCS2-H` and
    /// `Uni…-UTF16-H` CMaps, which iText and others use for Chinese text by default).
    Utf16,
    /// Codes in a national multi-byte encoding (Adobe's predefined `GBK-EUC-H`,
    /// `GBpc-EUC-H`, `ETen-B5-H` … CMaps).
    Legacy(&'static encoding_rs::Encoding),
}

/// Adobe's predefined CMaps whose codes are UTF-16 (`/UniGB-UCS2-H`, `/UniCNS-UTF16-V`,
/// …: a name that begins `/Uni` and ends so), and those in a national encoding.
const UTF16_CMAPS: &[&[u8]] = &[b"-UCS2-H", b"-UCS2-V", b"-UTF16-H", b"-UTF16-V"];
const LEGACY_CMAPS: &[(&[&[u8]], &encoding_rs::Encoding)] = &[
    (
        &[
            b"/GB-EUC-",
            b"/GBpc-EUC-",
            b"/GBK-EUC-",
            b"/GBKp-EUC-",
            b"/GBK2K-",
        ],
        encoding_rs::GB18030,
    ),
    (&[b"/B5pc-", b"/ETen-B5-", b"/HKscs-B5-"], encoding_rs::BIG5),
];

/// The predefined CMaps that any of `sources` (the file, its decoded streams) names,
/// each once. Only sources that name an `/Encoding` are searched.
pub fn predefined<'a>(sources: impl Iterator<Item = &'a [u8]>) -> Vec<FontMap> {
    let (mut utf16, mut legacy) = (false, [false; LEGACY_CMAPS.len()]);
    for data in sources.filter(|d| find(d, b"/Encoding", 0).is_some()) {
        utf16 = utf16 || UTF16_CMAPS.iter().any(|suffix| names_uni(data, suffix));
        for (named, (names, _)) in legacy.iter_mut().zip(LEGACY_CMAPS) {
            *named = *named || names.iter().any(|n| find(data, n, 0).is_some());
        }
    }
    let mut maps: Vec<FontMap> = utf16.then_some(FontMap::Utf16).into_iter().collect();
    for (named, (_, encoding)) in legacy.iter().zip(LEGACY_CMAPS) {
        if *named {
            maps.push(FontMap::Legacy(encoding));
        }
    }
    maps
}

/// Whether `data` names a CMap `/Uni…{suffix}`.
fn names_uni(data: &[u8], suffix: &[u8]) -> bool {
    let mut at = 0;
    while let Some(pos) = find(data, suffix, at) {
        at = pos + 1;
        // The name's start, a few bytes back (`/UniGB`, `/UniCNS`, `/UniJIS`, `/UniKS`).
        let head = &data[pos.saturating_sub(8)..pos];
        if head
            .iter()
            .rposition(|&b| b == b'/')
            .is_some_and(|n| head[n..].starts_with(b"/Uni"))
        {
            return true;
        }
    }
    false
}

/// `bytes` read as UTF-16 big-endian (an odd last byte as the high half of a unit).
pub fn utf16_be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from(p[0]) << 8 | u16::from(p.get(1).copied().unwrap_or(0)))
        .collect();
    String::from_utf16_lossy(&units)
}

impl FontMap {
    /// The text of `bytes` read through this map; codes it does not know read as
    /// nothing a number could be made of.
    pub fn read(&self, bytes: &[u8], out: &mut String) {
        match self {
            FontMap::Simple(table) => {
                out.extend(
                    bytes
                        .iter()
                        .map(|&b| table[usize::from(b)].unwrap_or('\u{fffd}')),
                );
            }
            FontMap::Utf16 => out.push_str(&utf16_be(bytes)),
            FontMap::Legacy(encoding) => {
                out.push_str(&encoding.decode_without_bom_handling(bytes).0);
            }
            FontMap::Cmap { widths, codes } => {
                let mut i = 0;
                while i < bytes.len() {
                    let hit = widths.iter().find_map(|&w| {
                        let code = bytes.get(i..i + w)?;
                        let value = code.iter().fold(0u32, |v, &b| v << 8 | u32::from(b));
                        codes.get(&(w, value)).map(|t| (w, t))
                    });
                    match hit {
                        Some((w, text)) => {
                            out.push_str(text);
                            i += w;
                        }
                        None => {
                            out.push('\u{fffd}');
                            i += widths.first().copied().unwrap_or(1);
                        }
                    }
                }
            }
        }
    }
}

/// The hex strings `<…>` of a CMap section, as (byte width, value) pairs, and arrays.
#[derive(Debug)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

fn tokens(text: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'<' => {
                let end = text[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(text.len(), |p| i + p);
                let digits: Vec<u8> = text[i + 1..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                out.push(Token::Hex(
                    digits
                        .chunks(2)
                        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
                        .collect(),
                ));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let end = text[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"<[]".contains(b))
                    .map_or(text.len(), |p| i + p);
                out.push(Token::Word(
                    String::from_utf8_lossy(&text[i..end]).into_owned(),
                ));
                i = end.max(i + 1);
            }
        }
    }
    out
}

fn value(code: &[u8]) -> u32 {
    code.iter()
        .take(4)
        .fold(0u32, |v, &b| v << 8 | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from(p[0]) << 8 | u16::from(p.get(1).copied().unwrap_or(0)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Reads a ToUnicode CMap; `None` when `text` is not one.
pub fn parse_cmap(text: &[u8]) -> Option<FontMap> {
    let toks = tokens(text);
    let mut widths: Vec<usize> = Vec::new();
    let mut codes = HashMap::new();
    let mut section = "";
    let mut i = 0;
    while i < toks.len() && codes.len() < MAX_CODES {
        match &toks[i] {
            Token::Word(w) if w.starts_with("begin") => {
                section = match w.as_str() {
                    "begincodespacerange" => "space",
                    "beginbfchar" => "char",
                    "beginbfrange" => "range",
                    _ => "",
                };
                i += 1;
            }
            Token::Word(w) if w.starts_with("end") => {
                section = "";
                i += 1;
            }
            Token::Hex(lo) if section == "space" => {
                if (1..=4).contains(&lo.len()) && !widths.contains(&lo.len()) {
                    widths.push(lo.len());
                }
                i += 2;
            }
            Token::Hex(src) if section == "char" => {
                if let Some(Token::Hex(dst)) = toks.get(i + 1) {
                    codes.insert((src.len(), value(src)), utf16(dst));
                }
                i += 2;
            }
            Token::Hex(lo) if section == "range" => {
                let Some(Token::Hex(hi)) = toks.get(i + 1) else {
                    i += 1;
                    continue;
                };
                let (from, to) = (value(lo), value(hi));
                let count = to.saturating_sub(from).min(MAX_CODES as u32) as usize + 1;
                match toks.get(i + 2) {
                    Some(Token::Hex(dst)) if !dst.is_empty() => {
                        let mut dst = dst.clone();
                        for k in 0..count {
                            codes.insert((lo.len(), from + k as u32), utf16(&dst));
                            if let Some(last) = dst.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                        i += 3;
                    }
                    Some(Token::Open) => {
                        let mut j = i + 3;
                        let mut k = 0;
                        while let Some(Token::Hex(dst)) = toks.get(j) {
                            if k < count {
                                codes.insert((lo.len(), from + k as u32), utf16(dst));
                            }
                            k += 1;
                            j += 1;
                        }
                        i = j + 1;
                    }
                    _ => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    if codes.is_empty() {
        return None;
    }
    if widths.is_empty() {
        widths = codes.keys().map(|&(w, _)| w).collect();
        widths.sort_unstable();
        widths.dedup();
    }
    widths.sort_unstable_by(|a, b| b.cmp(a));
    Some(FontMap::Cmap { widths, codes })
}

/// The character a glyph name (Adobe Glyph List naming) stands for, for the names
/// that matter here: digits, letters, spaces and `uniXXXX`.
fn glyph_char(name: &str) -> Option<char> {
    let base = name.split(['.', '_']).next().unwrap_or(name);
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = DIGITS.iter().position(|&n| n == base) {
        return char::from_digit(d as u32, 10);
    }
    if base.len() == 1 && base.is_ascii() {
        return base.chars().next();
    }
    match base {
        "space" | "nbspace" => return Some(' '),
        "hyphen" | "minus" => return Some('-'),
        "period" => return Some('.'),
        _ => {}
    }
    let hex = base
        .strip_prefix("uni")
        .or_else(|| base.strip_prefix('u'))?;
    let code = hex.get(..hex.len().clamp(4, 6))?;
    u32::from_str_radix(code, 16).ok().and_then(char::from_u32)
}

/// Reads every `/Differences [ code /name … ]` array in `text`: single-byte maps,
/// Latin-1 where the array does not rename a code.
pub fn differences(text: &[u8]) -> Vec<FontMap> {
    let mut maps = Vec::new();
    let mut at = 0;
    while let Some(pos) = find(text, b"/Differences", at) {
        let Some(open) = text[pos..].iter().position(|&b| b == b'[').map(|p| pos + p) else {
            break;
        };
        let close = text[open..]
            .iter()
            .position(|&b| b == b']')
            .map_or(text.len(), |p| open + p);
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        for (b, slot) in table.iter_mut().enumerate() {
            *slot = Some(char::from(b as u8));
        }
        let mut code = 0usize;
        for word in String::from_utf8_lossy(&text[open + 1..close])
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .filter(|w| !w.is_empty())
        {
            if let Ok(n) = word.parse::<usize>() {
                code = n;
            } else {
                if let Some(slot) = table.get_mut(code) {
                    *slot = glyph_char(word);
                }
                code += 1;
            }
        }
        maps.push(FontMap::Simple(table));
        at = close;
    }
    maps
}

pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_to_unicode_cmap_reads_glyph_numbers() {
        let cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0031> <0004> <0030> endbfchar
            1 beginbfrange <0010> <0019> <0030> endbfrange
            1 beginbfrange <0020> <0021> [<0058> <4E2D>] endbfrange endcmap";
        let map = parse_cmap(cmap).unwrap();
        let mut out = String::new();
        map.read(&[0, 3, 0, 3, 0, 4, 0, 0x11, 0, 0x20, 0, 0x21], &mut out);
        assert_eq!(out, "1101X中");
    }

    #[test]
    fn differences_rename_codes() {
        let maps = differences(b"/Encoding << /Differences [ 97 /one /zero /uni0035 /X.sc ] >>");
        let mut out = String::new();
        maps[0].read(b"aabcd!", &mut out);
        assert_eq!(out, "1105X!");
    }
}
