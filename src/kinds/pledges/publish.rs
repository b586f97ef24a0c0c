//! Which pledges are public on the as-of day, as the public may see them, and the
//! listings by type and by status.

use super::rules::{self, pledge_state, PledgeStatus};
use super::{pledge_key, Group, Pledge, PledgeType, PublicPledge, PublicPledges};
use crate::kinds::common::public_name;
use crate::load::Item;
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use std::collections::HashSet;

/// The public pledges, newest first; what is withheld is counted in `cx`.
pub(super) fn publish(cx: &mut PublishCx<'_>, files: &[&Vec<Item<Pledge>>]) -> PublicPledges {
    let mask = cx.config.mask_person_names;
    let mut pledges = Vec::new();
    let setting = cx.config.rules;
    // A scan a person's pledge names is theirs, and never published: a company's pledge
    // naming it too shows no scan rather than a link to nothing (`check` warns).
    let personal: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.iter())
        .filter(|i| i.value.party_type == PartyType::Person)
        .filter_map(|i| i.value.file.as_deref())
        .collect();
    for p in files.iter().flat_map(|f| f.iter()).map(|i| &i.value) {
        cx.next_change(rules::change_days(p), |day| {
            pledge_state(setting, p, day).ok()
        });
        let state = pledge_state(setting, p, cx.as_of);
        cx.track(
            || (pledge_key(&p.id), p.id.trim().to_string()),
            state.as_ref().map(|_| ()).map_err(|r| *r),
        );
        match state {
            Ok(state) => {
                let mut record = scrub(p.clone(), mask, cx.as_of);
                if record.file.as_deref().is_some_and(|f| personal.contains(f)) {
                    record.file = None;
                }
                // The day it leaves as the public may know it on as-of: a repair
                // dated later is not shown before it is made.
                let leaves =
                    pledge_state(setting, &record, cx.as_of).map_or(state.leaves, |s| s.leaves);
                pledges.push(PublicPledge {
                    key: pledge_key(&p.id),
                    record,
                    status: state.status,
                    leaves,
                })
            }
            Err(reason) => cx.withhold(reason, 1),
        }
    }
    // Newest first; the key is cached so that the large records move once.
    pledges.sort_by_cached_key(|r| (std::cmp::Reverse(r.record.signed), r.key.clone()));
    let groups = groups_of(&pledges);
    PublicPledges { pledges, groups }
}

/// The record as the public may see it on `as_of`: private fields removed, a person's
/// name masked as configured, and what has not happened yet on that day (a fulfilment
/// or breach, a repair dated later) left out, as the status shown already leaves it.
fn scrub(mut p: Pledge, mask: bool, as_of: Day) -> Pledge {
    if p.fulfilment.as_ref().is_some_and(|f| f.date > as_of) {
        p.fulfilment = None;
    }
    if p.repaired.as_ref().is_some_and(|r| r.date > as_of) {
        p.repaired = None;
    }
    p.id_number = None;
    p.address = None;
    p.phone = None;
    if p.party_type == PartyType::Person {
        p.uscc = None;
        p.party = public_name(&p.party, p.party_type, mask);
        p.file = None;
    }
    p
}

/// The listings by type and by status that have pledges.
fn groups_of(pledges: &[PublicPledge]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut add = |path: String, label: &str, member: &dyn Fn(&PublicPledge) -> bool| {
        let members: Vec<u32> = (0..pledges.len() as u32)
            .filter(|&i| member(&pledges[i as usize]))
            .collect();
        if !members.is_empty() {
            groups.push(Group {
                path,
                label: label.to_string(),
                members,
            });
        }
    };
    for t in PledgeType::ALL {
        add(format!("type/{}", t.key()), t.label(), &|p| {
            p.record.pledge_type == t
        });
    }
    for s in PledgeStatus::ALL {
        add(format!("status/{}", s.key()), s.label(), &|p| p.status == s);
    }
    groups
}
