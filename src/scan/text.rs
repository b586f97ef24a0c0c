//! Text attachments: UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised by
//! its zero bytes), and GB18030 for the rest (which covers GBK and GB2312).

use super::{find_written_id_number, Forms, Verdict};
use std::borrow::Cow;

/// The text of `bytes`, or `None` when they are not text.
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then_some(text);
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return (!t.contains('\0')).then_some(Cow::Borrowed(t));
    }
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if half > 0 && (zeros(0) > half / 3 || zeros(1) > half / 3) {
        let enc = if zeros(1) > zeros(0) {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return (!had_errors).then_some(text);
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    Some(text)
}

/// Scans decoded text, line by line so that the finding can be located.
pub fn scan(text: &str) -> Verdict {
    for (i, line) in text.lines().enumerate() {
        if find_written_id_number(line, Forms { old_style: true }).is_some() {
            return Verdict::IdNumber(format!("line {}", i + 1));
        }
    }
    Verdict::Clean
}
