//! PDF files: every stream is read, decompressed when it is FlateDecode (or hex), and
//! searched for ID numbers, both as bytes (metadata, forms, plain text) and as the text
//! of its string operands (`(…) Tj`, `[(…) 12 (…)] TJ`, `<…>`). Image streams cannot
//! be read: a PDF with images is scanned, and said to hold images.

use super::{find_written_id_number, Forms, Verdict, MAX_SCANNED_BYTES};
use std::io::Read;

fn found(text: &str) -> bool {
    text.lines()
        .any(|l| find_written_id_number(l, Forms { old_style: true }).is_some())
}

pub fn scan(bytes: &[u8]) -> Verdict {
    // The file itself: uncompressed text, metadata, the dictionaries.
    if found(&String::from_utf8_lossy(bytes)) {
        return Verdict::IdNumber("the file's own text".into());
    }
    let mut budget = MAX_SCANNED_BYTES;
    let mut images = false;
    let mut at = 0;
    let mut n = 0;
    while let Some(start) = find(bytes, b"stream", at) {
        let dict_from = bytes[..start]
            .windows(2)
            .rposition(|w| w == b"<<")
            .unwrap_or(0);
        let dict = String::from_utf8_lossy(&bytes[dict_from..start]);
        let mut body = start + b"stream".len();
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        let end = find(bytes, b"endstream", body).unwrap_or(bytes.len());
        at = end.max(body);
        n += 1;
        let raw = &bytes[body..end];
        if [
            "/Image",
            "/DCTDecode",
            "/JPXDecode",
            "/CCITTFaxDecode",
            "/JBIG2Decode",
        ]
        .iter()
        .any(|k| dict.contains(k))
        {
            images = true;
            continue;
        }
        let data = if dict.contains("/FlateDecode") {
            let mut out = Vec::new();
            let limit = budget as u64 + 1;
            let inflated = flate2::read::ZlibDecoder::new(raw)
                .take(limit)
                .read_to_end(&mut out);
            if inflated.is_err() && out.is_empty() {
                continue; // a damaged or unusual stream: nothing to read
            }
            if out.len() > budget {
                return Verdict::Unscannable(format!(
                    "too large to read through (more than {} MB unpacked)",
                    MAX_SCANNED_BYTES / (1024 * 1024)
                ));
            }
            out
        } else if dict.contains("/Filter") && !dict.contains("/ASCIIHexDecode") {
            continue; // another filter (LZW, ASCII85, …): not read
        } else {
            raw.to_vec()
        };
        budget = budget.saturating_sub(data.len());
        let text = String::from_utf8_lossy(&data);
        if found(&text) || found(&operand_text(&data)) {
            return Verdict::IdNumber(format!("stream {n}"));
        }
    }
    if images {
        Verdict::CleanButImages("images")
    } else {
        Verdict::Clean
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The string operands of a content stream, in order: literal strings with their
/// escapes decoded, hex strings decoded; the strings of one text-showing operator run
/// together, operators are separated by a space.
pub fn operand_text(data: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'(' => {
                let mut depth = 1;
                i += 1;
                while i < data.len() && depth > 0 {
                    match data[i] {
                        b'\\' if i + 1 < data.len() => {
                            i += 1;
                            let c = data[i];
                            if c.is_ascii_digit() {
                                let oct: String = data[i..(i + 3).min(data.len())]
                                    .iter()
                                    .take_while(|&&b| (b'0'..=b'7').contains(&b))
                                    .map(|&b| b as char)
                                    .collect();
                                i += oct.len().max(1) - 1;
                                if let Ok(v) = u8::from_str_radix(&oct, 8) {
                                    out.push(v as char);
                                }
                            } else {
                                out.push(c as char);
                            }
                        }
                        b'(' => {
                            depth += 1;
                            out.push('(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                out.push(')');
                            }
                        }
                        c => out.push(c as char),
                    }
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) != Some(&b'<') => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                let hex: Vec<u8> = data[i + 1..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                for pair in hex.chunks(2) {
                    let s = std::str::from_utf8(pair).unwrap_or("0");
                    if let Ok(v) = u8::from_str_radix(&format!("{s:0<2}"), 16) {
                        out.push(v as char);
                    }
                }
                i = end + 1;
            }
            b'T' if matches!(data.get(i + 1), Some(b'j' | b'J' | b'*')) => {
                out.push(' ');
                i += 2;
            }
            b'\'' | b'"' => {
                out.push(' ');
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
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
    fn a_clean_pdf_with_images_says_so() {
        let pdf = pdf_with(b"\xff\xd8\xff binary", "/Subtype /Image /Filter /DCTDecode");
        assert_eq!(scan(&pdf), Verdict::CleanButImages("images"));
        assert_eq!(scan(&pdf_with(b"BT (hello) Tj ET", "")), Verdict::Clean);
    }
}
