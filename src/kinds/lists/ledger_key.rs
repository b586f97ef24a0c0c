//! How the publication ledger (data contract §12) tells a list's entries apart: an
//! enterprise by its code (and the day it was listed, when that is not the list's),
//! a person, whose name the ledger must not hold, by the entry's 认定文书号 or place.

use super::party_code;
use super::record::{ListEntry, ListHeader};
use crate::model::Day;
use crate::publish::{Formerly, LedgerKey};
use std::collections::HashMap;

/// The ledger keys of one list's entries, in their order; `public[i]`: whether entry
/// `i` is public in this build.
///
/// - An enterprise is `<list>/<USCC>` when it was listed on the list's date (as every
///   entry was before `listed`), else `<list>/<USCC>/<listed>`: so an enterprise
///   listed again after it left is a record of its own, and no entry's id depends on
///   the others.
/// - A person is `<list>/person/<listed>/<认定文书号>` when the entry has one (`#n`
///   added for the n-th person under the same one), else `<list>/person/<listed>/<n>`,
///   the n-th person listed that day: then removing or adding a person shifts the
///   numbers of those after them. Names are not used, not even as digests: they are
///   few enough to be guessed from one.
///
/// Where an entry had another id before (the numbered one of a person whose number
/// was written in, or which gongshi gave every person before; `<list>/<USCC>` of an
/// enterprise listed on another day), that id is `formerly`, so that the ledger can
/// carry its rows over.
pub(super) fn entry_keys(
    slug: &str,
    h: &ListHeader,
    entries: &[&ListEntry],
    public: &[bool],
) -> Vec<LedgerKey> {
    let family_of = |e: &ListEntry| match party_code(e) {
        Some(code) => format!("{slug}/{code}"),
        None => format!("{slug}/person/{}", e.listed_on(h)),
    };
    let mut published: HashMap<String, usize> = HashMap::new();
    for (e, _) in entries.iter().zip(public).filter(|(_, &p)| p) {
        *published.entry(family_of(e)).or_default() += 1;
    }
    let mut places = PersonCounter::default();
    entries
        .iter()
        .map(|e| {
            let family = family_of(e);
            let public = published.get(&family).copied().unwrap_or(0);
            let listed = e.listed_on(h);
            match party_code(e) {
                Some(code) => enterprise_key(slug, &code, listed, h.published, family, public),
                None => {
                    let place = places.place(listed, &e.document_no);
                    person_key(slug, e, listed, place, family, public)
                }
            }
        })
        .collect()
}

fn enterprise_key(
    slug: &str,
    code: &str,
    listed: Day,
    list_published: Day,
    family: String,
    public: usize,
) -> LedgerKey {
    if listed == list_published {
        return (family, format!("{slug} {code}")).into();
    }
    LedgerKey {
        id: format!("{family}/{listed}"),
        reference: format!("{slug} {code} {listed}"),
        formerly: Some(Formerly {
            id: family.clone(),
            family,
            public,
        }),
    }
}

fn person_key(
    slug: &str,
    e: &ListEntry,
    listed: Day,
    place: PersonPlace,
    family: String,
    public: usize,
) -> LedgerKey {
    let numbered = format!("{family}/{}", place.all);
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
        id: format!("{family}/{doc}{nth}"),
        reference: format!("{slug} 自然人 {listed} {doc}{nth}"),
        formerly: Some(Formerly {
            id: numbered,
            family,
            public,
        }),
    }
}

/// Where each person's entry stands among the persons listed the same day.
#[derive(Default)]
struct PersonCounter {
    /// Persons listed that day.
    all: HashMap<Day, u32>,
    /// Persons listed that day under one 认定文书号.
    by_document: HashMap<(Day, String), u32>,
}

/// A person's place: among all persons listed that day, and among those with the
/// same 认定文书号 (0 for none).
#[derive(Clone, Copy)]
struct PersonPlace {
    all: u32,
    same_document: u32,
}

impl PersonCounter {
    fn place(&mut self, listed: Day, document_no: &str) -> PersonPlace {
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
