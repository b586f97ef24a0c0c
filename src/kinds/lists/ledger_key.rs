//! How the publication ledger (data contract §12) tells a list's entries apart: by
//! the enterprise's code, and a person, whose name the ledger must not hold, by the
//! entry's 认定文书号 or place.

use super::party_code;
use super::record::{ListEntry, ListHeader};
use crate::model::Day;
use crate::publish::LedgerKey;
use std::collections::HashMap;

/// Where a person's entry stands among the persons its list put on the list the same
/// day: what tells their ledger rows apart, since the ledger holds no names (not even
/// as digests: names are few enough to be guessed from one).
#[derive(Default)]
pub(super) struct PersonCounter {
    /// Persons listed that day.
    all: HashMap<Day, u32>,
    /// Persons listed that day under one 认定文书号.
    by_document: HashMap<(Day, String), u32>,
}

/// A person's place: among all persons listed that day, and among those with the
/// same 认定文书号 (0 for none).
#[derive(Clone, Copy)]
pub(super) struct PersonPlace {
    all: u32,
    same_document: u32,
}

impl PersonCounter {
    pub(super) fn place(&mut self, listed: Day, document_no: &str) -> PersonPlace {
        fn next<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, u32>, key: K) -> u32 {
            let n = counts.entry(key).or_insert(0);
            *n += 1;
            *n
        }
        let all = next(&mut self.all, listed);
        let same_document = match document_no {
            "" => 0,
            doc => next(&mut self.by_document, (listed, doc.to_string())),
        };
        PersonPlace { all, same_document }
    }
}

/// Who an entry puts on the list, as the ledger tells entries apart.
#[derive(Clone, Copy)]
pub(super) enum Listed {
    /// An enterprise; `again`: listed again after an earlier entry of the same code
    /// left the list.
    Enterprise {
        again: bool,
    },
    Person(PersonPlace),
}

/// An entry's id and reference in the publication ledger: `<list>/<USCC>`, and
/// `<list>/<USCC>/<listed>` for an enterprise listed again after it left. A person is
/// `<list>/person/<listed>/<认定文书号>` when the entry has one (`#n` added for the
/// n-th person under the same one), so that removing or reordering other persons
/// changes nothing; else `<list>/person/<listed>/<n>`, the n-th person listed that day.
/// The numbered id is given as `formerly` to a person with a 认定文书号 (as gongshi
/// numbered every person before, and as the entry was numbered before its number was
/// written in), so that the ledger carries their rows over.
pub(super) fn entry_key(slug: &str, h: &ListHeader, e: &ListEntry, who: Listed) -> LedgerKey {
    let listed = e.listed_on(h);
    let place = match who {
        Listed::Person(place) => place,
        Listed::Enterprise { again } => {
            let code = party_code(e).unwrap_or_default();
            return match again {
                false => (format!("{slug}/{code}"), format!("{slug} {code}")),
                true => (
                    format!("{slug}/{code}/{listed}"),
                    format!("{slug} {code} {listed}"),
                ),
            }
            .into();
        }
    };
    let numbered = format!("{slug}/person/{listed}/{}", place.all);
    if e.document_no.is_empty() {
        let reference = format!("{slug} 自然人 {listed} #{}", place.all);
        return (numbered, reference).into();
    }
    let nth = match place.same_document {
        1 => String::new(),
        n => format!("#{n}"),
    };
    let doc = &e.document_no;
    LedgerKey {
        id: format!("{slug}/person/{listed}/{doc}{nth}"),
        reference: format!("{slug} 自然人 {listed} {doc}{nth}"),
        formerly: Some(numbered),
    }
}
