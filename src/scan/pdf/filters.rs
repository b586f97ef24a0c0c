//! The stream filters of PDF 32000-1 §7.4 that can hold text: Flate (with its PNG and
//! TIFF predictors), LZW, ASCII85, ASCIIHex and RunLength, applied in the order the
//! stream's `/Filter` lists them. The image filters are not decoded: what they hold is
//! a picture.

use std::io::Read;

/// Why a stream was not decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecoded {
    /// A picture (DCT, JPX, CCITT, JBIG2).
    Image,
    /// A filter gongshi does not know, or data it could not decode.
    Unknown(String),
    /// More than the budget once decoded.
    TooLarge,
}

/// Parameters of a filter (`/DecodeParms`) that change its output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Params {
    pub predictor: u32,
    pub colors: u32,
    pub bits: u32,
    pub columns: u32,
    pub early_change: Option<u32>,
}

/// Applies `filters` to `data` in turn, stopping at `budget` bytes.
pub fn decode(
    data: &[u8],
    filters: &[(String, Params)],
    budget: usize,
) -> Result<Vec<u8>, Undecoded> {
    let mut bytes = data.to_vec();
    for (name, params) in filters {
        bytes = match name.as_str() {
            "FlateDecode" | "Fl" => predict(&inflate(&bytes, budget)?, params),
            "LZWDecode" | "LZW" => predict(&lzw(&bytes, params, budget)?, params),
            "ASCIIHexDecode" | "AHx" => ascii_hex(&bytes),
            "ASCII85Decode" | "A85" => ascii85(&bytes),
            "RunLengthDecode" | "RL" => run_length(&bytes, budget)?,
            "DCTDecode" | "DCT" | "JPXDecode" | "CCITTFaxDecode" | "CCF" | "JBIG2Decode" => {
                return Err(Undecoded::Image)
            }
            other => return Err(Undecoded::Unknown(other.to_string())),
        };
        if bytes.len() > budget {
            return Err(Undecoded::TooLarge);
        }
    }
    Ok(bytes)
}

fn inflate(data: &[u8], budget: usize) -> Result<Vec<u8>, Undecoded> {
    let limit = budget as u64 + 1;
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() {
        // Some writers leave out the zlib header: try raw deflate.
        out.clear();
        let raw = flate2::read::DeflateDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out);
        if raw.is_err() && out.is_empty() {
            return Err(Undecoded::Unknown("damaged FlateDecode data".into()));
        }
    }
    if out.len() > budget {
        return Err(Undecoded::TooLarge);
    }
    Ok(out)
}

fn lzw(data: &[u8], params: &Params, budget: usize) -> Result<Vec<u8>, Undecoded> {
    use weezl::{decode::Decoder, BitOrder};
    let mut decoder = if params.early_change == Some(0) {
        Decoder::new(BitOrder::Msb, 8)
    } else {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let result = decoder.into_stream(&mut out).decode(data);
    if result.status.is_err() && out.is_empty() {
        return Err(Undecoded::Unknown("damaged LZWDecode data".into()));
    }
    if out.len() > budget {
        return Err(Undecoded::TooLarge);
    }
    Ok(out)
}

/// Undoes a PNG (10-15) or TIFF (2) predictor.
fn predict(data: &[u8], p: &Params) -> Vec<u8> {
    let colors = p.colors.clamp(1, 32) as usize;
    let bits = if p.bits == 0 { 8 } else { p.bits.min(16) } as usize;
    let columns = p.columns.clamp(1, 1 << 20) as usize;
    let bpp = (colors * bits).div_ceil(8).max(1);
    let row = (colors * bits * columns).div_ceil(8);
    match p.predictor {
        10..=15 => {
            let mut out = Vec::with_capacity(data.len());
            let mut prev = vec![0u8; row];
            for chunk in data.chunks(row + 1) {
                let (kind, line) = (chunk[0], &chunk[1..]);
                let mut cur = line.to_vec();
                cur.resize(row, 0);
                for i in 0..row {
                    let left = if i >= bpp { cur[i - bpp] } else { 0 };
                    let up = prev[i];
                    let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
                    cur[i] = cur[i].wrapping_add(match kind {
                        1 => left,
                        2 => up,
                        3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                        4 => paeth(left, up, up_left),
                        _ => 0,
                    });
                }
                out.extend_from_slice(&cur[..line.len().min(row)]);
                prev = cur;
            }
            out
        }
        2 if bits == 8 => {
            let mut out = data.to_vec();
            for line in out.chunks_mut(row.max(1)) {
                for i in bpp..line.len() {
                    line[i] = line[i].wrapping_add(line[i - bpp]);
                }
            }
            out
        }
        _ => data.to_vec(),
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group = [0u32; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = u32::from(b - b'!');
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .fold(0u32, |v, &d| v.wrapping_mul(85).wrapping_add(d));
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for slot in group.iter_mut().skip(n) {
            *slot = 84;
        }
        let v = group
            .iter()
            .fold(0u32, |v, &d| v.wrapping_mul(85).wrapping_add(d));
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

fn run_length(data: &[u8], budget: usize) -> Result<Vec<u8>, Undecoded> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() && out.len() <= budget {
        let len = data[i];
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let end = (i + usize::from(len) + 1).min(data.len());
                out.extend_from_slice(&data[i..end]);
                i = end;
            }
            _ => {
                if let Some(&b) = data.get(i) {
                    out.extend(std::iter::repeat_n(b, 257 - usize::from(len)));
                }
                i += 1;
            }
        }
    }
    if out.len() > budget {
        return Err(Undecoded::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(ascii_hex(b"31 3130>"), b"110");
        // "11010519" in ASCII85 (as Python's base64.a85encode writes it).
        assert_eq!(ascii85(b"<~0ek@:0JtRF~>"), b"11010519");
        assert_eq!(
            run_length(&[2, b'1', b'1', b'0', 253, b'5', 128], 100).unwrap(),
            b"1105555"
        );
    }

    #[test]
    fn png_up_predictor_is_undone() {
        let p = Params {
            predictor: 12,
            columns: 3,
            ..Params::default()
        };
        // Row 1 as is (filter 0), row 2 as differences from row 1 (filter 2, "up").
        let data = [0, b'1', b'1', b'0', 2, 0, 255, 5];
        assert_eq!(predict(&data, &p), b"110105");
    }
}
