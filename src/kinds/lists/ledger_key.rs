//! How the publication ledger (data contract §12) tells a list's entries apart.
//!
//! - An enterprise is `<list>/<USCC>`, however many times it was listed: listed again
//!   after it left, it is the same record back online, which the ledger gives a row
//!   for each time online (see [`Listings`]).
//! - A person, whose name the ledger must not hold (not even as a digest: names are
//!   few enough to be guessed from one), is `<list>/person/<listed>/doc:<认定文书号>`
//!   when the entry has one, else `<list>/person/<listed>/<n>`, the n-th person listed
//!   that day: then removing or adding a person shifts the numbers of those after
//!   them. Persons under one 认定文书号 get `#2`, `#3`… in the order written. The two
//!   forms cannot meet, and an id that would repeat one before it in the list gets a
//!   `#k` too, so that no two entries share a row.

use super::record::{ListEntry, ListHeader};
use crate::model::Day;
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
            let n = numbered.entry(listed).or_insert(0);
            *n += 1;
            let (id, reference) = match e.document_no.as_str() {
                "" => (
                    format!("{slug}/person/{listed}/{n}"),
                    format!("{slug} 自然人 {listed} #{n}"),
                ),
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
/// any of its entries is.
#[derive(Default)]
pub(super) struct Listings {
    by_code: BTreeMap<String, Standing>,
}

/// Where an enterprise stands on a list so far.
struct Standing {
    public: bool,
    /// The latest day one of its entries was listed, on or before the as-of date.
    listed: Option<Day>,
    /// Why it is not public: that entry's reason (not yet public when none is).
    why: Withheld,
}

impl Listings {
    /// Notes one entry of `code`, listed on `listed`, in `state` as of `as_of`.
    pub(super) fn note(
        &mut self,
        code: String,
        listed: Day,
        as_of: Day,
        state: Result<(), Withheld>,
    ) {
        let s = self.by_code.entry(code).or_insert(Standing {
            public: false,
            listed: None,
            why: Withheld::NotYetPublic,
        });
        match state {
            Ok(()) => s.public = true,
            Err(why) if listed <= as_of && s.listed.is_none_or(|l| l <= listed) => {
                s.listed = Some(listed);
                s.why = why;
            }
            Err(_) => {}
        }
    }

    /// Each enterprise's code and outcome.
    pub(super) fn outcomes(self) -> impl Iterator<Item = (String, Result<(), Withheld>)> {
        self.by_code
            .into_iter()
            .map(|(code, s)| (code, if s.public { Ok(()) } else { Err(s.why) }))
    }
}
