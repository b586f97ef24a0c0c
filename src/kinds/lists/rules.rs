//! When a list and its entries are public (data contract §5): the list from its
//! `published` date until its `valid_until`; an entry from its `listed` date until the
//! first of `removed`, its own `valid_until`, the list's, and, on a black list
//! (严重失信主体名单), three years after it was listed.

use super::record::{ListEntry, ListHeader, ListKind};
use crate::model::Day;
use crate::rules::Withheld;

/// How long a black-list entry is public at most (months).
pub const BLACK_LIST_MONTHS: u32 = 36;

/// Whether the list itself is public on `as_of`.
pub fn list_state(h: &ListHeader, as_of: Day) -> Result<(), Withheld> {
    if h.published > as_of {
        Err(Withheld::NotYetPublic)
    } else if h.valid_until.is_some_and(|u| as_of > u) {
        Err(Withheld::ListExpired)
    } else {
        Ok(())
    }
}

/// The first day a black-list entry is no longer public, at the latest.
pub fn black_list_end(h: &ListHeader, e: &ListEntry) -> Option<Day> {
    (h.kind == ListKind::Black).then(|| e.listed_on(h).add_months(BLACK_LIST_MONTHS))
}

/// The first day entry `e` is no longer public by its own dates (its list's aside);
/// `None` while it stays until removed.
pub fn entry_end(h: &ListHeader, e: &ListEntry) -> Option<Day> {
    [
        e.removed,
        e.valid_until.map(Day::succ),
        black_list_end(h, e),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// Whether entry `e` of list `h` is public on `as_of`; `Err(reason)` when it is not.
pub fn entry_state(h: &ListHeader, e: &ListEntry, as_of: Day) -> Result<(), Withheld> {
    list_state(h, as_of)?;
    if e.listed_on(h) > as_of {
        return Err(Withheld::NotYetPublic);
    }
    if e.removed.is_some_and(|r| r <= as_of) {
        return Err(Withheld::RemovedFromList);
    }
    if entry_end(h, e).is_some_and(|end| as_of >= end) {
        return Err(Withheld::Expired);
    }
    Ok(())
}

/// Every day on which entry `e` may appear or leave.
pub fn change_days(h: &ListHeader, e: &ListEntry) -> Vec<Day> {
    let mut days = vec![h.published, e.listed_on(h)];
    days.extend(h.valid_until.map(Day::succ));
    days.extend(e.valid_until.map(Day::succ));
    days.extend(e.removed);
    days.extend(black_list_end(h, e));
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartyType;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn list(kind: ListKind) -> ListHeader {
        ListHeader {
            kind,
            title: "名单".into(),
            authority: "局".into(),
            document_no: String::new(),
            basis: String::new(),
            published: day("2023-01-10"),
            valid_until: None,
        }
    }

    fn entry(listed: Option<&str>) -> ListEntry {
        ListEntry {
            name: "甲公司".into(),
            uscc: Some("91350100M000100Y43".into()),
            party_type: PartyType::Legal,
            id_number: None,
            address: None,
            phone: None,
            reason: String::new(),
            listed: listed.map(day),
            document_no: String::new(),
            valid_until: None,
            removed: None,
            removed_reason: String::new(),
        }
    }

    #[test]
    fn an_entry_listed_later_is_not_back_dated_to_its_list() {
        let h = list(ListKind::Honour);
        let e = entry(Some("2024-06-01"));
        assert_eq!(
            entry_state(&h, &e, day("2024-05-31")),
            Err(Withheld::NotYetPublic)
        );
        assert_eq!(entry_state(&h, &e, day("2024-06-01")), Ok(()));
        assert_eq!(entry_state(&h, &entry(None), day("2023-01-10")), Ok(()));
    }

    #[test]
    fn a_black_list_entry_leaves_after_three_years_at_most() {
        let h = list(ListKind::Black);
        let e = entry(Some("2023-03-15"));
        assert_eq!(entry_state(&h, &e, day("2026-03-14")), Ok(()));
        assert_eq!(
            entry_state(&h, &e, day("2026-03-15")),
            Err(Withheld::Expired)
        );
        // An honour list has no such limit.
        assert_eq!(
            entry_state(&list(ListKind::Honour), &e, day("2030-01-01")),
            Ok(())
        );
    }

    #[test]
    fn an_entrys_own_end_and_removal_count() {
        let h = list(ListKind::Watch);
        let mut e = entry(None);
        e.valid_until = Some(day("2024-01-09"));
        assert_eq!(entry_state(&h, &e, day("2024-01-09")), Ok(()));
        assert_eq!(
            entry_state(&h, &e, day("2024-01-10")),
            Err(Withheld::Expired)
        );
        e.removed = Some(day("2023-06-01"));
        assert_eq!(entry_state(&h, &e, day("2023-05-31")), Ok(()));
        assert_eq!(
            entry_state(&h, &e, day("2023-06-01")),
            Err(Withheld::RemovedFromList)
        );
    }
}
