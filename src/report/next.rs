//! What changes next: the records that appear on or leave the site in the next
//! [`LOOK_AHEAD_DAYS`] days, found by publishing the site on each day anything changes.

use super::LOOK_AHEAD_DAYS;
use crate::model::Day;
use crate::publish::{publish_on, Outcome};
use serde::Serialize;
use std::collections::HashMap;

/// What changes in the next [`LOOK_AHEAD_DAYS`] days.
#[derive(Debug, Clone, Serialize)]
pub struct NextChanges {
    /// The first day after the report date on which anything public changes
    /// (`build-info.json`'s `next_change`).
    pub next_change: Option<Day>,
    pub until: Day,
    pub changes: Vec<Change>,
    /// The days in the window on which the site changes but no record appears or
    /// leaves: a status shown (已过期), a withdrawal notice (撤回说明) that appears or
    /// leaves, or the rules in force.
    pub other_days: Vec<Day>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub on: Day,
    pub kind: &'static str,
    pub reference: String,
    /// `appears` or `leaves`.
    pub change: &'static str,
    /// Why it leaves (the ledger's words), "" when it appears.
    pub reason: &'static str,
}

/// Publishes the site on each day something changes in the next 30 days, and lists
/// what appears and what leaves.
pub(super) fn next_changes(checked: &crate::validate::Checked<'_>, as_of: Day) -> NextChanges {
    let until = as_of.add_days(LOOK_AHEAD_DAYS);
    let mut before = publish_on(checked, as_of, true);
    let next_change = before.next_change;
    let mut changes = Vec::new();
    let mut other_days = Vec::new();
    let mut day = next_change;
    while let Some(d) = day.filter(|&d| d <= until) {
        let after = publish_on(checked, d, true);
        let that_day = differences(d, &before.outcomes, &after.outcomes);
        if that_day.is_empty() {
            other_days.push(d);
        }
        changes.extend(that_day);
        day = after.next_change.filter(|&n| n > d);
        before = after;
    }
    NextChanges {
        next_change,
        until,
        changes,
        other_days,
    }
}

fn differences(on: Day, before: &[Outcome], after: &[Outcome]) -> Vec<Change> {
    let was: HashMap<(&str, &str), bool> = before
        .iter()
        .map(|o| ((o.kind, o.id.as_str()), o.withheld.is_none()))
        .collect();
    let mut out: Vec<Change> = after
        .iter()
        .filter_map(|o| {
            let public_before = was.get(&(o.kind, o.id.as_str())).copied().unwrap_or(false);
            match (public_before, o.withheld) {
                (false, None) => Some(Change {
                    on,
                    kind: o.kind,
                    reference: o.reference.clone(),
                    change: "appears",
                    reason: "",
                }),
                (true, Some(why)) => Some(Change {
                    on,
                    kind: o.kind,
                    reference: o.reference.clone(),
                    change: "leaves",
                    reason: crate::ledger::reason_of(why),
                }),
                _ => None,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.kind, a.change, &a.reference).cmp(&(b.kind, b.change, &b.reference)));
    out
}
