//! How the publication ledger (data contract §12) tells a list's entries apart.
//!
//! - An enterprise is `<list>/<USCC>`, however many times it was listed: listed again
//!   after it left, it is the same record back online, which the ledger gives a row
//!   for each time online (see [`Listings`]).
//! - A person, whose name the ledger must not hold (not even as a digest: names are
//!   few enough to be guessed from one), is `<list>/person/<listed>/doc:<认定文书号>`
//!   when the entry has one, else `<list>/person/<listed>/<n>`, the n-th person
//!   without one listed that day: then removing or adding such a person shifts the
//!   numbers of those after them. Persons under one 认定文书号 get `#2`, `#3`… in
//!   the order written (and so shift the same way). The two forms cannot meet, and an
//!   id that would repeat one before it in the list gets a `#k` too, so that no two
//!   entries share a row.

use super::record::{ListEntry, ListHeader};
use crate::model::Day;
use crate::publish::Ended;
use crate::rules::Withheld;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The ledger ids and references of a list's persons, in their order.
pub(super) fn person_keys(
    slug: &str,
    h: &ListHeader,
    persons: &[&ListEntry],
) -> Vec<(String, String)> {
    let mut numbered: HashMap<Day, u32> = HashMap::new();
    let mut used = HashSet::new();
    persons
        .iter()
        .map(|e| {
            let listed = e.listed_on(h);
            let (id, reference) = match e.document_no.as_str() {
                "" => {
                    let n = numbered.entry(listed).or_insert(0);
                    *n += 1;
                    (
                        format!("{slug}/person/{listed}/{n}"),
                        format!("{slug} 自然人 {listed} #{n}"),
                    )
                }
                doc => (
                    format!("{slug}/person/{listed}/doc:{doc}"),
                    format!("{slug} 自然人 {listed} {doc}"),
                ),
            };
            let mut k = 1;
            let mut unique = id.clone();
            while !used.insert(unique.clone()) {
                k += 1;
                unique = format!("{id}#{k}");
            }
            let reference = match k {
                1 => reference,
                k => format!("{reference}#{k}"),
            };
            (unique, reference)
        })
        .collect()
}

/// The ledger's view of an enterprise's entries on one list: one record, public when
/// any of its entries is. When none is, it left for the reason of the entry that
/// ended last, unless that one had ended by the last build (see
/// [`crate::publish::Ended`]): then the one online then is dated later now, when one
/// is, or is gone from the data. A single entry gives its own reason, as every entry
/// did before re-listing was allowed: an end written in after the fact (a removal
/// entered late) is far more common than a deleted re-listing, which looks the same.
#[derive(Default)]
pub(super) struct Listings {
    by_code: BTreeMap<String, Standing>,
}

#[derive(Default)]
struct Standing {
    entries: usize,
    public: bool,
    later: bool,
    /// The reason of the entry that ended last, and the day it ended.
    last_ended: Option<(Day, Withheld)>,
}

impl Listings {
    /// Notes one entry of `code`: its state now, and the first day it is off the list
    /// (when it has one).
    pub(super) fn note(&mut self, code: String, state: Result<(), Withheld>, end: Option<Day>) {
        let s = self.by_code.entry(code).or_default();
        s.entries += 1;
        match (state, end) {
            (Ok(()), _) => s.public = true,
            (Err(Withheld::NotYetPublic), _) | (Err(_), None) => s.later = true,
            (Err(why), Some(end)) => {
                if s.last_ended.is_none_or(|(e, _)| e <= end) {
                    s.last_ended = Some((end, why));
                }
            }
        }
    }

    /// Each enterprise's code, outcome and, when it left, the entry that ended last.
    pub(super) fn outcomes(
        self,
    ) -> impl Iterator<Item = (String, Result<(), Withheld>, Option<Ended>)> {
        self.by_code.into_iter().map(|(code, s)| {
            let later = s.later.then_some(Withheld::NotYetPublic);
            match (s.public, s.last_ended) {
                (true, _) => (code, Ok(()), None),
                (false, Some((on, why))) => {
                    let ended = Ended {
                        on,
                        otherwise: later,
                    };
                    (code, Err(why), (s.entries > 1).then_some(ended))
                }
                (false, None) => (code, Err(Withheld::NotYetPublic), None),
            }
        })
    }
}
