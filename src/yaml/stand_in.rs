//! A value that did not decode, decoded anyway with stand-ins for what was wrong, so
//! that the checks that run after decoding can report the rest of its problems in
//! the same run (a bad `severity` no longer hides a wrong check character).
//!
//! A check may read the stood-in key itself (`publish_until` is checked against
//! `decided`): what it says then is about the stand-in, not about the record. So the
//! value is decoded twice, with two different stand-ins for each key set aside
//! ([`StandIn::First`], [`StandIn::Second`]), and only what the checks say of both
//! (the same problem, at the same place, in the same words) is a problem of the
//! record. A stood-in value is never published: only the checks see it.

use super::decode::{set, settle, value_at, Step};
use super::{LineRange, Source};
use crate::diag::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::BTreeSet;

/// Which of the two sets of stand-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandIn {
    /// What the decode settled on: an empty text, 2000-01-01, 0, false, the first
    /// word allowed; a bad optional value left out.
    First,
    /// Another value of the same type for each of them, where one decodes.
    Second,
}

/// Values tried, in order, for the second stand-in: a date, a text, a number, a
/// flag, a list of one date or one text (for a list written as one value); then the
/// words a message named, last first.
fn second_candidates(named: &[String]) -> Vec<Value> {
    let mut tried = vec![
        Value::String("2099-12-31".into()),
        Value::String("x".into()),
        Value::Number(1.into()),
        Value::Bool(true),
        Value::Sequence(vec![Value::String("2099-12-31".into())]),
        Value::Sequence(vec![Value::String("x".into())]),
    ];
    tried.extend(named.iter().rev().map(|n| Value::String(n.clone())));
    tried
}

/// `value` decoded with stand-ins `which` for its problems, when it had problems that
/// stand-ins could set aside (`None`: it decodes as it is, with at most unknown keys
/// removed, and is checked as written; or it could not be decoded at all).
pub fn decode_stood_in<T: DeserializeOwned>(
    value: Value,
    src: &Source<'_>,
    range: LineRange,
    which: StandIn,
) -> Option<T> {
    let settled = settle::<T>(value, src, range);
    if settled.set_aside.is_empty() {
        return None;
    }
    let first = settled.decoded?;
    if which == StandIn::First {
        return Some(first);
    }
    let mut value = settled.value;
    // Items of lists taken out as bad (a `2027-02-30` among the holidays): the first
    // stand-in is the list without them, the second has a stand-in item back in each
    // place, so that what a check says of the list (`categories` empty, only 警告) is
    // not said of both. Put back last first, so that each goes where it was.
    let mut items: Vec<(&[Step], usize)> = settled
        .set_aside
        .iter()
        .filter_map(|(path, _)| match path.split_last() {
            Some((Step::Index(i), list)) => Some((list, *i)),
            _ => None,
        })
        .collect();
    items.sort_by_key(|&(_, i)| std::cmp::Reverse(i));
    for (list, i) in items {
        if !put_item_back::<T>(&mut value, list, i) {
            return None;
        }
    }
    for (path, named) in &settled.set_aside {
        if matches!(path.last(), Some(Step::Index(_))) {
            continue;
        }
        let current = value_at(&mut value, path).cloned();
        let mut varied = false;
        for candidate in second_candidates(named) {
            if current.as_ref() == Some(&candidate) || !set(&mut value, path, candidate) {
                continue;
            }
            if serde_path_to_error::deserialize::<_, T>(&value).is_ok() {
                varied = true;
                break;
            }
            // Back as it was, for the next candidate and the next key.
            match &current {
                Some(c) => {
                    set(&mut value, path, c.clone());
                }
                None => {
                    remove_key(&mut value, path);
                }
            }
        }
        // No second value (a list or a record of its own): a check that reads it
        // elsewhere would say the same of both stand-ins, so the record is not
        // checked; with no second decode, nothing said of the first is reported.
        if !varied {
            return None;
        }
    }
    serde_path_to_error::deserialize::<_, T>(&value).ok()
}

/// What the checks said of a value with both sets of stand-ins (`first`, `second`):
/// the same problem at the same place in the same words, away from the `lines` where
/// decoding found the value's problems (there it may be about the stand-in), and not
/// already `said`. That is what is said of the value as written.
pub fn said_of_both(
    first: &Diagnostics,
    second: &Diagnostics,
    lines: &[usize],
    said: &Diagnostics,
) -> Diagnostics {
    // Sets: a file of thousands of bad records has as many problems to compare.
    let second: BTreeSet<&Diagnostic> = second.iter().collect();
    let said: BTreeSet<&Diagnostic> = said.iter().collect();
    let lines: BTreeSet<usize> = lines.iter().copied().collect();
    first
        .iter()
        .filter(|d| second.contains(d) && !lines.contains(&d.line) && !said.contains(d))
        .cloned()
        .collect()
}

/// Puts a stand-in item back at index `i` of the list at `list` that keeps `value`
/// decoding; false when none does (a list of records of their own).
fn put_item_back<T: DeserializeOwned>(value: &mut Value, list: &[Step], i: usize) -> bool {
    for candidate in second_candidates(&[]) {
        let Some(items) = value_at(value, list).and_then(Value::as_sequence_mut) else {
            return false;
        };
        let at = i.min(items.len());
        items.insert(at, candidate);
        if serde_path_to_error::deserialize::<_, T>(&*value).is_ok() {
            return true;
        }
        if let Some(items) = value_at(value, list).and_then(Value::as_sequence_mut) {
            items.remove(at);
        }
    }
    false
}

fn remove_key(value: &mut Value, path: &[Step]) {
    if let Some((Step::Key(last), parent)) = path.split_last() {
        if let Some(m) = value_at(value, parent).and_then(Value::as_mapping_mut) {
            m.shift_remove(last.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Record {
        name: String,
        when: crate::model::Day,
        severity: Severity,
        amount: Option<f64>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Severity {
        Minor,
        General,
        Serious,
    }

    fn both(text: &str) -> Option<(Record, Record)> {
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str(text).unwrap();
        let whole = src.outline.whole();
        let first = decode_stood_in::<Record>(value.clone(), &src, whole, StandIn::First)?;
        let second = decode_stood_in::<Record>(value, &src, whole, StandIn::Second)?;
        Some((first, second))
    }

    #[test]
    fn every_key_set_aside_gets_two_different_stand_ins_and_the_rest_stays() {
        let (a, b) = both("name: 甲\nwhen: 2024-13-45\nseverity: grave\namount: lots\n").unwrap();
        assert_eq!((a.name.as_str(), b.name.as_str()), ("甲", "甲"));
        assert_ne!(a.when, b.when);
        assert_ne!(a.severity, b.severity);
        assert_ne!(a.amount, b.amount);
    }

    #[test]
    fn a_record_whose_bad_value_has_no_second_stand_in_is_not_checked() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            name: String,
            inner: Option<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            day: u32,
        }
        let text = "name: 甲\ninner: [1, 2]\n";
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str(text).unwrap();
        let whole = src.outline.whole();
        let first = decode_stood_in::<Outer>(value.clone(), &src, whole, StandIn::First);
        assert!(first.is_some_and(|o| o.inner.is_none()));
        assert!(decode_stood_in::<Outer>(value, &src, whole, StandIn::Second).is_none());
    }

    /// Found by an audit: one bad date among site.yaml's holidays hid every problem of
    /// the content (the site was not stood in at all). The first stand-in leaves the
    /// item out, the second puts one back in its place.
    #[test]
    fn a_bad_item_of_a_list_is_out_of_the_first_stand_in_and_stood_in_for_in_the_second() {
        #[derive(Debug, serde::Deserialize)]
        struct Days {
            name: String,
            days: Vec<crate::model::Day>,
        }
        let text = "name: 甲\ndays: [2027-01-01, 2027-02-30, 2027-03-01]\n";
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str(text).unwrap();
        let whole = src.outline.whole();
        // Two bad items side by side, and a list written as one value: stood in too.
        for text in [
            "name: 甲\ndays: [2026-06-31, 2026-06-32]\n",
            "name: 甲\ndays: 2026-06-13\n",
        ] {
            let src = Source::new(Path::new("r.yaml"), text, 0);
            let value: Value = serde_yaml::from_str(text).unwrap();
            let whole = src.outline.whole();
            for which in [StandIn::First, StandIn::Second] {
                let d = decode_stood_in::<Days>(value.clone(), &src, whole, which);
                assert!(d.is_some(), "{text:?} {which:?}");
            }
        }
        let first = decode_stood_in::<Days>(value.clone(), &src, whole, StandIn::First).unwrap();
        let second = decode_stood_in::<Days>(value, &src, whole, StandIn::Second).unwrap();
        assert_eq!((first.name.as_str(), second.name.as_str()), ("甲", "甲"));
        // Without the item, then with a stand-in in its place: a check of the list
        // (how many, which) says different things of the two, and so nothing.
        assert_eq!(first.days.len(), 2);
        assert_eq!(second.days.len(), 3);
        assert_eq!(second.days[0], first.days[0]);
        assert_eq!(second.days[2], first.days[1]);
        // A list of records of their own has no stand-in item: not stood in.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Grades {
            grades: Vec<Grade>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Grade {
            code: String,
        }
        let text = "grades:\n  - { code: AA }\n  - AAA 优良 850\n";
        let src = Source::new(Path::new("r.yaml"), text, 0);
        let value: Value = serde_yaml::from_str(text).unwrap();
        let whole = src.outline.whole();
        assert!(decode_stood_in::<Grades>(value, &src, whole, StandIn::Second).is_none());
    }

    #[test]
    fn a_value_that_decodes_or_only_has_unknown_keys_is_not_stood_in() {
        assert!(both("name: 甲\nwhen: 2024-01-02\nseverity: minor\n").is_none());
        assert!(both("name: 甲\nwhen: 2024-01-02\nseverity: minor\nnmae: x\n").is_none());
    }
}
