//! Records kept online past the end of their publication period: the ledger's "left
//! on" (what the site did) compared with the day the rules end the period (data
//! contract §12: "the report compares the two"). A static site changes only when it
//! is rebuilt, so a record whose period ended with no build since is still online.

use super::Inputs;
use crate::model::Day;
use serde::Serialize;

/// One record whose period ended in the report's period and that stayed online.
#[derive(Debug, Clone, Serialize)]
pub struct PastPeriod {
    pub kind: &'static str,
    pub reference: String,
    /// The day the rules end its period: it should not be public from that day.
    pub period_end: Day,
    /// When it left the site, by the ledger (`None`: still online).
    pub left_on: Option<Day>,
    /// Days it was online from `period_end` on (to the report date when still online).
    pub days_over: u32,
}

/// The records whose period ended in `period` (before the report date), not taken off
/// earlier by an event, that the ledger shows online on or after that day.
pub(super) fn past_period(inputs: &Inputs<'_>) -> Vec<PastPeriod> {
    let (from, to) = inputs.period;
    let mut out = Vec::new();
    for (kind, a) in inputs.followed {
        let Some(end) = a
            .period_end
            .filter(|&d| from <= d && d <= to && d < inputs.as_of)
        else {
            continue;
        };
        if a.event.is_some_and(|(_, d)| d <= end) {
            continue; // a withdrawal, reported as one
        }
        let Some(entry) = inputs
            .ledger
            .periods(kind, &a.id)
            .iter()
            .find(|p| p.first_public <= end && p.left_on.is_none_or(|l| l > end))
        else {
            continue;
        };
        let left_on = entry.left_on.filter(|&l| l <= inputs.as_of);
        let until = left_on.unwrap_or(inputs.as_of);
        out.push(PastPeriod {
            kind,
            reference: a.reference.clone(),
            period_end: end,
            left_on,
            days_over: u32::try_from((until.0 - end.0).num_days()).unwrap_or(0),
        });
    }
    out.sort_by(|a, b| {
        (a.period_end, a.kind, &a.reference).cmp(&(b.period_end, b.kind, &b.reference))
    });
    out
}
