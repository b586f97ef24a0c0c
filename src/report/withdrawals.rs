//! Withdrawals: repaired, revoked and upheld-objection records, when the ledger saw
//! them leave the site, and whether that was within 3 working days of the event.

use super::{Inputs, WITHDRAW_WITHIN};
use crate::model::Day;
use serde::Serialize;

/// One record taken off the site by an event in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Withdrawal {
    pub kind: &'static str,
    pub reference: String,
    pub event: &'static str,
    pub event_on: Day,
    /// When it left the site, by the ledger.
    pub left_on: Option<Day>,
    /// Working days from the event to `left_on`.
    pub working_days: Option<u32>,
    pub status: WithdrawalStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalStatus {
    /// Left within 3 working days.
    InTime,
    /// Left later.
    Late,
    /// Still online though more than 3 working days have passed.
    StillOnline,
    /// Still online, within the 3 working days.
    Pending,
    /// The ledger never saw it public.
    NeverOnline,
    /// It happened before the ledger began, and the ledger has no row for it.
    Unknown,
}

impl WithdrawalStatus {
    pub fn key(self) -> &'static str {
        match self {
            WithdrawalStatus::InTime => "in_time",
            WithdrawalStatus::Late => "late",
            WithdrawalStatus::StillOnline => "still_online",
            WithdrawalStatus::Pending => "pending",
            WithdrawalStatus::NeverOnline => "never_online",
            WithdrawalStatus::Unknown => "unknown",
        }
    }

    pub fn is_late(self) -> bool {
        matches!(self, WithdrawalStatus::Late | WithdrawalStatus::StillOnline)
    }
}

/// The records taken off the site by an event in `period`, and how fast.
pub(super) fn withdrawals(inputs: &Inputs<'_>) -> Vec<Withdrawal> {
    let Inputs {
        followed,
        ledger,
        calendar,
        period: (from, to),
        as_of,
        ledger_from,
    } = *inputs;
    let mut out = Vec::new();
    for (kind, a) in followed {
        let Some((event, event_on)) = a.event.filter(|&(_, d)| from <= d && d <= to && d <= as_of)
        else {
            continue;
        };
        let entry = ledger.online_at_event(kind, &a.id, event_on);
        let left_on = entry.and_then(|e| e.left_on).filter(|&d| d <= as_of);
        let working_days = left_on.map(|l| calendar.working_days_between(event_on, l));
        let deadline = calendar.add_working_days(event_on, WITHDRAW_WITHIN);
        let status = match (entry, working_days) {
            // No ledger then: nobody knows whether it was online.
            (None, _) if ledger_from.is_none_or(|start| event_on < start) => {
                WithdrawalStatus::Unknown
            }
            (None, _) => WithdrawalStatus::NeverOnline,
            (Some(_), Some(n)) if n <= WITHDRAW_WITHIN => WithdrawalStatus::InTime,
            (Some(_), Some(_)) => WithdrawalStatus::Late,
            (Some(_), None) if as_of > deadline => WithdrawalStatus::StillOnline,
            (Some(_), None) => WithdrawalStatus::Pending,
        };
        out.push(Withdrawal {
            kind,
            reference: a.reference.clone(),
            event: event.key(),
            event_on,
            left_on,
            working_days,
            status,
        });
    }
    out.sort_by(|a, b| (a.event_on, a.kind, &a.reference).cmp(&(b.event_on, b.kind, &b.reference)));
    out
}
