//! Publish: applies the publication rules (data contract §8) and privacy rules (§9) as
//! of one date. What is withheld here is dropped, so no later stage can write it.

use crate::config::SiteConfig;
use crate::hash::hex_id;
use crate::ident::mask_person_name;
use crate::load::Asset;
use crate::model::{
    BatchHeader, Day, GradeRecord, Licence, ListEntry, ListHeader, PartyType, Penalty,
};
use crate::rules::{penalty_status, Withheld};
use crate::validate::{Page, ValidSite};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct PublicBatch {
    pub slug: String,
    pub header: BatchHeader,
    pub records: Vec<GradeRecord>,
    /// Past `valid_until`: shown as 已过期, not hidden.
    pub expired: bool,
}

#[derive(Debug, Clone)]
pub struct PublicList {
    pub slug: String,
    pub header: ListHeader,
    /// Only entries still on the list.
    pub entries: Vec<ListEntry>,
}

#[derive(Debug, Clone)]
pub struct PublicPenalty {
    /// Stable URL id: `/penalties/<id>/`.
    pub id: String,
    /// The record with private fields removed and a person's name masked as configured.
    pub record: Penalty,
    /// The day it leaves the site.
    pub leaves: Day,
}

#[derive(Debug, Clone)]
pub struct PublicLicence {
    pub id: String,
    pub record: Licence,
}

/// How many records of each kind were published.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub grade_batches: usize,
    pub grade_records: usize,
    pub lists: usize,
    pub list_entries: usize,
    pub penalties: usize,
    pub licences: usize,
    pub pages: usize,
}

/// Everything that is lawfully public on `as_of`.
#[derive(Debug, Clone)]
pub struct PublicSite {
    pub config: SiteConfig,
    pub as_of: Day,
    pub batches: Vec<PublicBatch>,
    pub lists: Vec<PublicList>,
    /// Newest decision first.
    pub penalties: Vec<PublicPenalty>,
    /// Newest decision first.
    pub licences: Vec<PublicLicence>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub published: Published,
    pub withheld: BTreeMap<Withheld, usize>,
}

/// The stable id of a decision, from its issuing authority and number.
pub fn decision_id(authority_uscc: &str, decision_no: &str) -> String {
    hex_id(&[authority_uscc.as_bytes(), decision_no.trim().as_bytes()])
}

fn public_name(name: &str, party_type: PartyType, mask: bool) -> String {
    if party_type == PartyType::Person && mask {
        mask_person_name(name)
    } else {
        name.to_string()
    }
}

fn scrub_penalty(mut p: Penalty, mask: bool) -> Penalty {
    p.id_number = None;
    p.address = None;
    p.phone = None;
    if p.party_type == PartyType::Person {
        p.uscc = None;
        p.party = public_name(&p.party, p.party_type, mask);
    }
    p
}

fn scrub_licence(mut l: Licence, mask: bool) -> Licence {
    l.id_number = None;
    l.address = None;
    l.phone = None;
    if l.party_type == PartyType::Person {
        l.uscc = None;
        l.party = public_name(&l.party, l.party_type, mask);
    }
    l
}

/// Applies the rules as of `as_of`.
pub fn publish(site: ValidSite, as_of: Day) -> PublicSite {
    let config = site.config;
    let mask = config.mask_person_names;
    let mut withheld: BTreeMap<Withheld, usize> = BTreeMap::new();
    let mut count = |reason: Withheld, n: usize| {
        if n > 0 {
            *withheld.entry(reason).or_default() += n;
        }
    };

    let mut batches = Vec::new();
    for b in site.batches {
        if b.header.published > as_of {
            count(Withheld::NotYetPublic, b.records.len());
            continue;
        }
        let expired = b.header.valid_until.is_some_and(|u| as_of > u);
        batches.push(PublicBatch {
            slug: b.slug,
            header: b.header,
            records: b.records,
            expired,
        });
    }
    batches.sort_by(|a, b| {
        b.header
            .published
            .cmp(&a.header.published)
            .then(a.slug.cmp(&b.slug))
    });

    let mut lists = Vec::new();
    for l in site.lists {
        if l.header.published > as_of {
            count(Withheld::NotYetPublic, l.entries.len());
            continue;
        }
        if l.header.valid_until.is_some_and(|u| as_of > u) {
            count(Withheld::ListExpired, l.entries.len());
            continue;
        }
        let total = l.entries.len();
        let entries: Vec<ListEntry> = l
            .entries
            .into_iter()
            .filter(|e| e.removed.is_none_or(|r| r > as_of))
            .collect();
        count(Withheld::RemovedFromList, total - entries.len());
        lists.push(PublicList {
            slug: l.slug,
            header: l.header,
            entries,
        });
    }
    lists.sort_by(|a, b| {
        b.header
            .published
            .cmp(&a.header.published)
            .then(a.slug.cmp(&b.slug))
    });

    let mut penalties = Vec::new();
    for p in site.penalties {
        match penalty_status(config.rules, &p, as_of) {
            Ok(leaves) => penalties.push(PublicPenalty {
                id: decision_id(&p.authority_uscc, &p.decision_no),
                record: scrub_penalty(p, mask),
                leaves,
            }),
            Err(reason) => count(reason, 1),
        }
    }
    penalties.sort_by(|a, b| {
        b.record
            .decided
            .cmp(&a.record.decided)
            .then(a.id.cmp(&b.id))
    });

    let mut licences = Vec::new();
    for l in site.licences {
        if l.decided > as_of {
            count(Withheld::NotYetPublic, 1);
            continue;
        }
        licences.push(PublicLicence {
            id: decision_id(&l.authority_uscc, &l.decision_no),
            record: scrub_licence(l, mask),
        });
    }
    licences.sort_by(|a, b| {
        b.record
            .decided
            .cmp(&a.record.decided)
            .then(a.id.cmp(&b.id))
    });

    let mut pages: Vec<Page> = site.pages.into_iter().filter(|p| !p.front.draft).collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));

    let published = Published {
        grade_batches: batches.len(),
        grade_records: batches.iter().map(|b| b.records.len()).sum(),
        lists: lists.len(),
        list_entries: lists.iter().map(|l| l.entries.len()).sum(),
        penalties: penalties.len(),
        licences: licences.len(),
        pages: pages.len(),
    };
    PublicSite {
        config,
        as_of,
        batches,
        lists,
        penalties,
        licences,
        pages,
        assets: site.assets,
        published,
        withheld,
    }
}
