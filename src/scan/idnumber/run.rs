//! The digits of a number being read, across the gaps between its groups, and
//! whether they make a personal ID number (18 characters with a valid check digit, or
//! an old-style 15).

use super::Forms;
use crate::ident::is_valid_id_number;

/// First two digits of the 省级 region codes (GB/T 2260), and 81-83 of the residence
/// permits of Hong Kong, Macao and Taiwan residents.
pub(super) fn is_region(d: &[u8]) -> bool {
    let code = (d[0] - b'0') * 10 + (d[1] - b'0');
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// A 15-digit 居民身份证号 of the first generation: region, YYMMDD of a birth in the
/// 1900s, and a sequence number (it has no check digit).
pub(super) fn is_valid_old_id_number(d: &[u8]) -> bool {
    if d.len() != 15 || !d.iter().all(u8::is_ascii_digit) || !is_region(d) {
        return false;
    }
    let n = |s: &[u8]| s.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let (year, month, day) = (1900 + n(&d[6..8]), n(&d[8..10]), n(&d[10..12]));
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
}

/// Digits read so far, joined across the gaps between their groups, with where each
/// group begins. Besides the whole run, an 18-digit number written whole or in its
/// usual groups is looked for from a later group (see [`Run::starts`]), so that one
/// written beside other digits (`电话0531 370123…`, `〔2026〕110105-19491231-002X`) is
/// still found. A group is never split (a longer run of digits is something else).
#[derive(Default)]
pub(super) struct Run {
    pub(super) digits: Vec<u8>,
    /// Each group's first digit (an index into `digits`), its byte offset in the text,
    /// and whether it is the first group of the run.
    pub(super) groups: Vec<(usize, usize, bool)>,
    /// Whether a numeral was read as one of the digits (the mixed search).
    pub(super) has_numeral: bool,
}

impl Run {
    pub(super) fn is_empty(&self) -> bool {
        self.digits.is_empty()
    }

    pub(super) fn clear(&mut self) {
        self.digits.clear();
        self.groups.clear();
        self.has_numeral = false;
    }

    pub(super) fn ends_with_x(&self) -> bool {
        self.digits.last() == Some(&b'X')
    }

    /// Whether an `X` can end a number here: 17 digits since a start.
    pub(super) fn takes_x(&self) -> bool {
        let len = self.digits.len();
        !self.ends_with_x() && self.starts(true, 1).any(|(g, _, _)| len - g == 17)
    }

    /// The groups that may begin a number ending here (index into `digits`, byte
    /// offset, whether it is the run's first): the run's first for a number that is the
    /// whole run (`at_end`), as before groups were looked at; any group (the first too,
    /// with digits after the number: `370123 1990 0101 1233 2026`) for an 18-digit
    /// number written whole or in its usual groups (6, 8 and 4; 6 and 12;
    /// 6, 4, 4 and 4; 4, 4, 4, 4 and 2, as a card number is read out):
    /// lists of numbers are full of other spans that pass for one (a reviewer found
    /// `131072, 196605, 196608` in a script, and dates, read as numbers).
    /// `more`: characters about to be added to the last group (an `X` looked at).
    fn starts(&self, at_end: bool, more: usize) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
        let end = self.digits.len() + more;
        self.groups
            .iter()
            .enumerate()
            .filter(move |&(k, &(_, _, first))| {
                if first && at_end {
                    return true;
                }
                let mut lengths = self.groups[k..]
                    .iter()
                    .zip(self.groups[k + 1..].iter().map(|n| n.0).chain([end]))
                    .map(|(&(g, _, _), next)| next - g);
                let written: [Option<usize>; 6] = std::array::from_fn(|_| lengths.next());
                matches!(
                    written,
                    [Some(18), None, None, None, None, None]
                        | [Some(6), Some(12), None, None, None, None]
                        | [Some(6), Some(8), Some(4), None, None, None]
                        | [Some(6), Some(4), Some(4), Some(4), None, None]
                        | [Some(4), Some(4), Some(4), Some(4), Some(2), None]
                )
            })
            .map(|(_, &(g, at, first))| (g, at, first))
    }

    /// Looks for a number ending where a new group begins (at byte `at`), then notes the
    /// group; groups that can no longer begin a number are let go.
    pub(super) fn begin_group(&mut self, at: usize, forms: Forms) -> Option<usize> {
        let found = self.numbers_ending_here(forms, false);
        let len = self.digits.len();
        if let Some(keep) = self.groups.iter().position(|&(g, _, _)| len - g <= 18) {
            let cut = self.groups[keep].0;
            self.groups.drain(..keep);
            self.digits.drain(..cut);
            self.groups.iter_mut().for_each(|(g, _, _)| *g -= cut);
        } else {
            self.digits.clear();
            self.groups.clear();
        }
        let first = len == 0;
        self.groups.push((self.digits.len(), at, first));
        found
    }

    /// The offset of the earliest group that begins an 18-digit number ending with the
    /// digit `d` after this run (not a 15-digit one: it has no check digit to tell it
    /// from a serial beside a numeral word).
    pub(super) fn ending_with(&self, d: u8, forms: Forms) -> Option<usize> {
        if self.digits.len() < 17 {
            return None;
        }
        let mut trial = Run {
            digits: self.digits.clone(),
            groups: self.groups.clone(),
            has_numeral: true,
        };
        trial.digits.push(d);
        let new_style = Forms {
            old_style: false,
            ..forms
        };
        trial.numbers_ending_here(new_style, true)
    }

    /// The offset of the earliest group that begins a number ending here; `at_end`:
    /// the run ends here.
    pub(super) fn numbers_ending_here(&self, forms: Forms, at_end: bool) -> Option<usize> {
        let end = self.digits.len();
        if end < 15 {
            return None; // most runs: amounts, dates, codes' digits
        }
        self.starts(at_end, 0).find_map(|(g, at, first)| {
            let run = &self.digits[g..end];
            let is_id = match run.len() {
                18 => is_region(run) && is_valid_id_number(run),
                15 => first && forms.old_style && is_valid_old_id_number(run),
                _ => false,
            };
            is_id.then_some(at)
        })
    }
}
