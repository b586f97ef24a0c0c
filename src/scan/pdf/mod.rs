//! PDF files: the file's own text (metadata, dictionaries, uncompressed streams) and
//! every stream, decoded through its filters ([`filters`]), are searched for ID numbers,
//! both as bytes and as the strings they show ([`syntax::string_groups`]). Shown strings
//! are also read through the file's ToUnicode CMaps and `/Differences` ([`fonts`]), as
//! nearly all Chinese PDFs show glyph numbers, not characters. What cannot be read
//! (images, unknown filters, fonts without a Unicode map) is said, so that the file is
//! checked by eye.
//!
//! Written here rather than with a PDF library: only strings are needed, and this must
//! read damaged and hostile files without ever failing or panicking, in bounded memory.

mod filters;
mod fonts;
mod syntax;

use super::{find_written_id_number, Forms, Verdict, MAX_SCANNED_BYTES};
use filters::{Params, Undecoded};
use fonts::{find, FontMap};

/// How the PDF's own syntax is searched: numbers stand side by side in it, so only
/// spaces may join the groups of a number.
const SYNTAX: Forms = Forms {
    old_style: true,
    separators: false,
};

/// The text of a string as written: UTF-16 with its byte-order mark, UTF-8 with its
/// mark, else one byte per character (PDFDocEncoding is Latin-1 for digits).
fn plain(bytes: &[u8], out: &mut String) {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        out.push_str(&fonts::utf16_be(rest));
    } else if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        out.push_str(&String::from_utf8_lossy(rest));
    } else {
        out.extend(bytes.iter().map(|&b| char::from(b)));
    }
}

/// Whether the strings of `data`, read plainly or through any of `maps`, hold a number.
fn strings_hold_number(data: &[u8], maps: &[FontMap]) -> bool {
    let groups = syntax::string_groups(data);
    if groups.is_empty() {
        return false;
    }
    let view = |read: &dyn Fn(&[u8], &mut String)| {
        let mut text = String::new();
        for group in &groups {
            for s in group {
                read(s, &mut text);
            }
            text.push(' ');
        }
        find_written_id_number(&text, Forms::ALL).is_some()
    };
    view(&plain) || maps.iter().any(|m| view(&|b, out| m.read(b, out)))
}

/// The object `N G R` refers to, when `value` is such a reference.
fn resolve<'a>(bytes: &'a [u8], value: &'a [u8]) -> &'a [u8] {
    let text = String::from_utf8_lossy(value);
    let parts: Vec<&str> = text.split_whitespace().collect();
    if let [num, gen, "R"] = parts[..] {
        let head = format!("{num} {gen} obj");
        let mut at = 0;
        while let Some(pos) = find(bytes, head.as_bytes(), at) {
            let boundary = pos == 0 || !bytes[pos - 1].is_ascii_digit();
            if boundary {
                return syntax::object_at(bytes, pos + head.len());
            }
            at = pos + 1;
        }
    }
    value
}

/// The filters of a stream and their parameters.
fn stream_filters(bytes: &[u8], dict: &[u8]) -> Vec<(String, Params)> {
    let names = syntax::dict_value(dict, b"Filter")
        .map(|v| syntax::names(resolve(bytes, v)))
        .unwrap_or_default();
    let parms = syntax::dict_value(dict, b"DecodeParms")
        .or_else(|| syntax::dict_value(dict, b"DP"))
        .map(|v| syntax::dicts(resolve(bytes, v)))
        .unwrap_or_default();
    names
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            let p = parms.get(k).copied().unwrap_or(b"null");
            let params = Params {
                predictor: syntax::int(p, b"Predictor"),
                colors: syntax::int(p, b"Colors"),
                bits: syntax::int(p, b"BitsPerComponent"),
                columns: syntax::int(p, b"Columns"),
                early_change: syntax::dict_value(p, b"EarlyChange")
                    .map(|_| syntax::int(p, b"EarlyChange")),
            };
            (name, params)
        })
        .collect()
}

/// Whether the file is encrypted (a trailer or cross-reference stream names an
/// `/Encrypt` dictionary): its strings and streams are ciphertext, though a reader opens
/// it without a password when the user password is empty, as "no copying" PDFs are.
fn is_encrypted(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(pos) = find(bytes, b"/Encrypt", at) {
        at = pos + b"/Encrypt".len();
        // `/EncryptMetadata` and other longer names are not the key.
        if !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            return true;
        }
    }
    false
}

pub fn scan(bytes: &[u8]) -> Verdict {
    if is_encrypted(bytes) {
        return Verdict::Unscannable(
            "an encrypted PDF (a \"no copying\" PDF is one): its text cannot be read without decrypting it".into(),
        );
    }
    if find_written_id_number(&String::from_utf8_lossy(bytes), SYNTAX).is_some() {
        return Verdict::IdNumber("the file's own text".into());
    }
    let mut budget = MAX_SCANNED_BYTES;
    let mut images = false;
    let mut unread: Option<String> = None;
    let mut streams: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut at = 0;
    let mut n = 0;
    while let Some(start) = find(bytes, b"stream", at) {
        at = start + b"stream".len();
        if bytes[..start].ends_with(b"end") {
            continue;
        }
        let Some(dict) = syntax::dict_before(bytes, start) else {
            continue;
        };
        let mut body = at;
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        let end = find(bytes, b"endstream", body).unwrap_or(bytes.len());
        at = end.max(body);
        n += 1;
        let subtype = syntax::dict_value(dict, b"Subtype")
            .map(syntax::names)
            .unwrap_or_default();
        if subtype.iter().any(|s| s == "Image") {
            images = true;
            continue;
        }
        match filters::decode(&bytes[body..end], &stream_filters(bytes, dict), budget) {
            Ok(data) => {
                budget = budget.saturating_sub(data.len());
                streams.push((n, data));
            }
            Err(Undecoded::Image) => images = true,
            Err(Undecoded::Unknown(what)) => {
                unread = Some(format!("a stream it cannot decode ({what})"))
            }
            Err(Undecoded::TooLarge) => {
                return Verdict::Unscannable(format!(
                    "too large to read through (more than {} MB unpacked)",
                    MAX_SCANNED_BYTES / (1024 * 1024)
                ))
            }
        }
    }
    let mut maps: Vec<FontMap> = fonts::differences(bytes);
    let sources = std::iter::once(bytes).chain(streams.iter().map(|(_, d)| d.as_slice()));
    maps.extend(fonts::predefined(sources));
    for (_, data) in &streams {
        if find(data, b"beginbf", 0).is_some() {
            maps.extend(fonts::parse_cmap(data));
        }
        maps.extend(fonts::differences(data));
    }
    if strings_hold_number(bytes, &maps) {
        return Verdict::IdNumber("the file's own text".into());
    }
    for (n, data) in &streams {
        if find_written_id_number(&String::from_utf8_lossy(data), SYNTAX).is_some()
            || strings_hold_number(data, &maps)
        {
            return Verdict::IdNumber(format!("stream {n}"));
        }
    }
    let identity = |d: &[u8]| {
        find(d, b"/Identity-H", 0)
            .or_else(|| find(d, b"/Identity-V", 0))
            .is_some()
    };
    let has_cmap = maps.iter().any(|m| matches!(m, FontMap::Cmap { .. }));
    if !has_cmap && (identity(bytes) || streams.iter().any(|(_, d)| identity(d))) {
        unread = Some("text in fonts without a Unicode map".into());
    }
    match (images, unread) {
        (_, Some(what)) => Verdict::CleanButUnread(what),
        (true, None) => Verdict::CleanButUnread("images".into()),
        (false, None) => Verdict::Clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn pdf_with(stream: &[u8], filter: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n1 0 obj\n<< /Length 10 ".to_vec();
        out.extend_from_slice(filter.as_bytes());
        out.extend_from_slice(b" >>\nstream\n");
        out.extend_from_slice(stream);
        out.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        out
    }

    #[test]
    fn text_in_plain_and_compressed_streams_is_found() {
        let content = b"BT /F1 12 Tf 72 700 Td [(1101)-20(0519)10(4912)(31002X)] TJ ET";
        assert!(matches!(scan(&pdf_with(content, "")), Verdict::IdNumber(_)));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(content).unwrap();
        let packed = z.finish().unwrap();
        assert!(!String::from_utf8_lossy(&packed).contains("1101"));
        let pdf = pdf_with(&packed, "/Filter /FlateDecode");
        assert!(matches!(scan(&pdf), Verdict::IdNumber(w) if w == "stream 1"));
        // Hex strings, and octal escapes.
        assert!(matches!(
            scan(&pdf_with(
                b"<3131303130353139343931323331303032> Tj (X) Tj",
                ""
            )),
            Verdict::IdNumber(_)
        ));
        assert!(
            matches!(
                scan(&pdf_with(b"(\\061\\0611010519491231002X) Tj", "")),
                Verdict::Clean
            ),
            "19 digits are not an ID number"
        );
    }

    #[test]
    fn text_in_adobes_predefined_chinese_cmaps_is_read() {
        // Full-width digits: read byte by byte, the codes show no digit.
        let utf16: String = "证件号码１１０１０５１９４９１２３１００２Ｘ"
            .encode_utf16()
            .map(|u| format!("{u:04X}"))
            .collect();
        let font = "/Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H";
        let pdf = pdf_with(format!("<< {font} >> BT <{utf16}> Tj ET").as_bytes(), "");
        assert!(matches!(scan(&pdf), Verdict::IdNumber(_)));
        // GBK: full-width digits are two bytes each.
        let (gbk, _, _) = encoding_rs::GBK.encode("１１０１０５１９４９１２３１００２Ｘ");
        let hex: String = gbk.iter().map(|b| format!("{b:02X}")).collect();
        let pdf = pdf_with(
            format!("/Encoding /GBK-EUC-H BT <{hex}> Tj ET").as_bytes(),
            "",
        );
        assert!(matches!(scan(&pdf), Verdict::IdNumber(_)));
        let pdf = pdf_with(format!("BT <{hex}> Tj ET").as_bytes(), "");
        assert!(
            !matches!(scan(&pdf), Verdict::IdNumber(_)),
            "read only where named"
        );
    }

    #[test]
    fn an_encrypted_pdf_cannot_be_read() {
        let mut pdf = pdf_with(b"\x8a\x11 ciphertext", "/Filter /FlateDecode");
        pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R /Encrypt 5 0 R >>\n");
        assert!(matches!(scan(&pdf), Verdict::Unscannable(w) if w.contains("encrypted")));
        let plain = pdf_with(b"BT (hello) Tj ET /EncryptMetadata false", "");
        assert_eq!(scan(&plain), Verdict::Clean);
    }

    #[test]
    fn a_clean_pdf_with_images_says_so() {
        let pdf = pdf_with(b"\xff\xd8\xff binary", "/Subtype /Image /Filter /DCTDecode");
        assert_eq!(scan(&pdf), Verdict::CleanButUnread("images".into()));
        assert_eq!(scan(&pdf_with(b"BT (hello) Tj ET", "")), Verdict::Clean);
    }
}
