//! Posting lists as text: ascending document ids written as gaps in base-32 digits,
//! about half the bytes of a JSON array of deltas (see `docs/search-index.md`). The
//! format is ours because JSON has no compact integer list and a reader must decode it
//! in a few lines of JavaScript; a binary format would need a second kind of file.

/// Digits that end a number (values 0-31). No ASCII digit is one of them: a run of
/// eighteen small gaps would otherwise read as an ID number to the output guard, which
/// cannot tell a posting list from text.
const LAST: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyzABCDEF";
/// Digits that another digit follows (values 0-31).
const MORE: &[u8; 32] = b"GHIJKLMNOPQRSTUVWXYZ-_.~!*()$+,:";

fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = (n % 32) as u8;
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    for i in (1..len).rev() {
        out.push(MORE[digits[i] as usize]);
    }
    out.push(LAST[digits[0] as usize]);
}

/// Writes `ids` (ascending, distinct) as a JSON string: the first id, then each gap
/// minus one.
pub fn write_ids(out: &mut Vec<u8>, ids: &[u32]) {
    out.push(b'"');
    let mut prev: Option<u32> = None;
    for &id in ids {
        push_number(out, prev.map_or(id, |p| id - p - 1));
        prev = Some(id);
    }
    out.push(b'"');
}

/// Reads what [`write_ids`] wrote (without the quotes); `None` if it is not such a list.
pub fn read_ids(text: &str) -> Option<Vec<u32>> {
    let mut ids = Vec::new();
    let mut n: u32 = 0;
    for b in text.bytes() {
        if let Some(d) = MORE.iter().position(|&m| m == b) {
            n = n.checked_mul(32)?.checked_add(d as u32)?;
        } else {
            let d = LAST.iter().position(|&m| m == b)? as u32;
            n = n.checked_mul(32)?.checked_add(d)?;
            let id = match ids.last() {
                Some(&p) => n.checked_add(p)?.checked_add(1)?,
                None => n,
            };
            ids.push(id);
            n = 0;
        }
    }
    (n == 0).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ids: &[u32]) -> String {
        let mut out = Vec::new();
        write_ids(&mut out, ids);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn small_gaps_take_one_digit() {
        assert_eq!(text(&[]), "\"\"");
        assert_eq!(text(&[0, 1, 2, 33]), "\"aaaE\"");
        assert_eq!(
            text(&[0, 1, 2, 33, 1100]),
            "\"aaaEHHk\"",
            "docs/search-index.md"
        );
        assert_eq!(text(&[32]), "\"Ha\"");
        assert_eq!(text(&[1023, 1024]), "\":Fa\"");
        // Dense lists hold no ASCII digit (see LAST).
        let dense: Vec<u32> = (0..40).collect();
        assert!(!text(&dense).bytes().any(|b| b.is_ascii_digit()));
    }

    #[test]
    fn round_trip_over_every_digit_count() {
        let ids = vec![0, 5, 37, 1_100, 40_000, 1_500_000, 40_000_000, u32::MAX];
        let t = text(&ids);
        assert_eq!(read_ids(&t[1..t.len() - 1]), Some(ids));
        assert_eq!(read_ids("H"), None, "a number without its last digit");
        assert_eq!(read_ids("a\""), None);
        assert_eq!(read_ids("0"), None, "not a digit of ours");
    }
}
