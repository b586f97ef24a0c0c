//! Just enough of PDF's syntax (PDF 32000-1 §7.2-7.3) to find a stream's own
//! dictionary, read a key of it, and collect the strings a content stream shows.
//! Everything here is bounded by the input and never fails: damaged syntax reads as
//! less, not as an error.

/// The dictionary `<< … >>` that ends just before `at` (where the keyword `stream`
/// starts), found by matching brackets backwards.
pub fn dict_before(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let mut end = at;
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end < 2 || &bytes[end - 2..end] != b">>" {
        return None;
    }
    let mut depth = 0i32;
    let mut i = end;
    while i >= 2 {
        match &bytes[i - 2..i] {
            b">>" => {
                depth += 1;
                i -= 2;
            }
            b"<<" => {
                depth -= 1;
                i -= 2;
                if depth == 0 {
                    return Some(&bytes[i..end]);
                }
            }
            _ => i -= 1,
        }
    }
    None
}

/// Index just past the PDF object (string, dictionary, array or other token) that
/// starts at `i`.
fn skip_object(d: &[u8], mut i: usize) -> usize {
    match d.get(i) {
        Some(b'(') => {
            let mut depth = 0;
            while i < d.len() {
                match d[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            d.len()
        }
        Some(b'<') if d.get(i + 1) == Some(&b'<') => skip_nested(d, i, b"<<", b">>"),
        Some(b'<') => d[i..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(d.len(), |p| i + p + 1),
        Some(b'[') => skip_nested(d, i, b"[", b"]"),
        Some(b'/') => {
            i += 1;
            while i < d.len() && !is_delimiter(d[i]) {
                i += 1;
            }
            i
        }
        Some(_) => {
            while i < d.len() && !is_delimiter(d[i]) {
                i += 1;
            }
            i.max(1)
        }
        None => i,
    }
}

/// The object (a dictionary, array, …) starting after spaces at `i`.
pub fn object_at(d: &[u8], i: usize) -> &[u8] {
    let start = skip_space(d, i);
    &d[start..skip_object(d, start).max(start).min(d.len())]
}

fn skip_nested(d: &[u8], mut i: usize, open: &[u8], close: &[u8]) -> usize {
    i += open.len();
    while i < d.len() {
        if d[i..].starts_with(close) {
            return i + close.len();
        }
        let next = skip_object(d, i);
        i = if next > i { next } else { i + 1 };
        while i < d.len() && d[i].is_ascii_whitespace() {
            i += 1;
        }
    }
    d.len()
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

/// The value of `key` (`/Filter`) at the top level of the dictionary `dict`, as
/// written (a name, an array, a nested dictionary, or `12 0 R`).
pub fn dict_value<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let inner = dict.strip_prefix(b"<<")?.strip_suffix(b">>")?;
    let mut i = 0;
    loop {
        i = skip_space(inner, i);
        if i >= inner.len() {
            return None;
        }
        let key_end = skip_object(inner, i).max(i + 1);
        let name = &inner[i..key_end];
        let value_start = skip_space(inner, key_end);
        if value_start >= inner.len() {
            return None;
        }
        let mut value_end = skip_object(inner, value_start).max(value_start + 1);
        if inner[value_start] != b'/' {
            // `12 0 R`: a value runs on to the next name.
            loop {
                let j = skip_space(inner, value_end);
                if j >= inner.len() || inner[j] == b'/' {
                    break;
                }
                value_end = skip_object(inner, j).max(j + 1);
            }
        }
        if name.strip_prefix(b"/") == Some(key) {
            return Some(trim(&inner[value_start..value_end]));
        }
        i = value_end;
    }
}

fn skip_space(d: &[u8], mut i: usize) -> usize {
    while i < d.len() && d[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// The names in a value (`/FlateDecode` or `[/A85 /Fl]`), without their slash.
pub fn names(value: &[u8]) -> Vec<String> {
    value
        .split(|&b| b == b'/')
        .skip(1)
        .map(|n| {
            let end = n.iter().position(|&b| is_delimiter(b)).unwrap_or(n.len());
            String::from_utf8_lossy(&n[..end]).into_owned()
        })
        .collect()
}

/// The dictionaries in a value (`<< … >>` or `[null << … >>]`), in order; `null`
/// counts as an empty one.
pub fn dicts(value: &[u8]) -> Vec<&[u8]> {
    let inner = match value.strip_prefix(b"[") {
        Some(v) => v.strip_suffix(b"]").unwrap_or(v),
        None => value,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        if inner[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = skip_object(inner, i).max(i + 1);
        let token = &inner[i..end];
        if token.starts_with(b"<<") || token == b"null" {
            out.push(token);
        }
        i = end;
    }
    out
}

/// An integer value of a dictionary, 0 when absent.
pub fn int(dict: &[u8], key: &[u8]) -> u32 {
    dict_value(dict, key)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The strings shown by a content stream (and any other strings, in a dictionary),
/// grouped: the strings of one text-showing operator (`[(11)-20(01)] TJ`) make one
/// group; a new group starts after each operator. Literal strings have their escapes
/// decoded; hex strings are decoded.
pub fn string_groups(data: &[u8]) -> Vec<Vec<Vec<u8>>> {
    let mut groups: Vec<Vec<Vec<u8>>> = vec![Vec::new()];
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'(' => {
                let (s, end) = literal(data, i);
                if let Some(g) = groups.last_mut() {
                    g.push(s);
                }
                i = end;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                let hex: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let s = hex
                    .chunks(2)
                    .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
                    .collect();
                if let Some(g) = groups.last_mut() {
                    g.push(s);
                }
                i = end + 1;
            }
            b'T' if matches!(
                data.get(i + 1),
                Some(b'j' | b'J' | b'*' | b'd' | b'D' | b'm')
            ) =>
            {
                groups.push(Vec::new());
                i += 2;
            }
            b'\'' | b'"' | b'/' => {
                groups.push(Vec::new());
                i += 1;
            }
            _ => i += 1,
        }
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// A literal string starting at `data[start] == b'('`: its bytes and where it ends.
fn literal(data: &[u8], start: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 1;
    let mut i = start + 1;
    while i < data.len() {
        match data[i] {
            b'\\' if i + 1 < data.len() => {
                i += 1;
                let c = data[i];
                match c {
                    b'0'..=b'7' => {
                        let digits = data[i..(i + 3).min(data.len())]
                            .iter()
                            .take_while(|&&b| (b'0'..=b'7').contains(&b))
                            .count();
                        let v = data[i..i + digits]
                            .iter()
                            .fold(0u32, |v, &b| v * 8 + u32::from(b - b'0'));
                        out.push(v as u8);
                        i += digits - 1;
                    }
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'\r' | b'\n' => {}
                    _ => out.push(c),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b'(');
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (out, i + 1);
                }
                out.push(b')');
            }
            c => out.push(c),
        }
        i += 1;
    }
    (out, data.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streams_own_dictionary_and_its_keys_are_read() {
        let pdf = b"1 0 obj\n<< /Length 5 /Filter [/ASCII85Decode /FlateDecode] /DecodeParms [null << /Predictor 12 /Columns 4 >>] /X << /Subtype /Image >> >>\nstream\n";
        let at = pdf.windows(6).rposition(|w| w == b"stream").unwrap();
        let dict = dict_before(pdf, at).unwrap();
        assert!(dict.starts_with(b"<< /Length"));
        assert_eq!(
            names(dict_value(dict, b"Filter").unwrap()),
            ["ASCII85Decode", "FlateDecode"]
        );
        let parms = dicts(dict_value(dict, b"DecodeParms").unwrap());
        assert_eq!(parms.len(), 2);
        assert_eq!(int(parms[1], b"Predictor"), 12);
        assert_eq!(
            dict_value(dict, b"Subtype"),
            None,
            "a nested key is not the stream's"
        );
        assert_eq!(int(dict, b"Length"), 5);
    }

    #[test]
    fn strings_are_grouped_by_operator() {
        let groups = string_groups(b"BT [(11)-20(0\\061)] TJ <3035> Tj (a\\)b) ' ET");
        assert_eq!(
            groups,
            vec![
                vec![b"11".to_vec(), b"01".to_vec()],
                vec![b"05".to_vec()],
                vec![b"a)b".to_vec()]
            ]
        );
    }
}
