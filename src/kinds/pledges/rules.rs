//! When a pledge is public (data contract §11): from `signed` until `valid_until` (three
//! years when absent); a breached one, from its breach, as 违诺 for the window of its
//! severity (§8), even past `valid_until`, until that window ends or it is repaired.

use super::record::{FulfilmentStatus, Pledge};
use crate::model::Day;
use crate::rules::{
    severity_window, widest, y2026_from, RulesProfile, RulesSetting, Window, Withheld,
};

/// How a public pledge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PledgeStatus {
    /// 履约中: signed, nothing known yet.
    InForce,
    /// 已履约.
    Kept,
    /// 违诺: breached, public as 失信信息.
    Breached,
}

impl PledgeStatus {
    pub const ALL: [PledgeStatus; 3] = [
        PledgeStatus::InForce,
        PledgeStatus::Kept,
        PledgeStatus::Breached,
    ];

    /// Its name in URLs and exports (`/pledges/status/breached/`).
    pub fn key(self) -> &'static str {
        match self {
            PledgeStatus::InForce => "in_force",
            PledgeStatus::Kept => "kept",
            PledgeStatus::Breached => "breached",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PledgeStatus::InForce => "履约中",
            PledgeStatus::Kept => "已履约",
            PledgeStatus::Breached => "违诺",
        }
    }
}

/// A pledge's state on the public site on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicState {
    pub status: PledgeStatus,
    /// The first day on which it leaves the site.
    pub leaves: Day,
}

/// The window of a breach: §8 for its severity, from the breach.
pub fn breach_window(profile: RulesProfile, p: &Pledge) -> Option<Window> {
    p.breach()
        .map(|(date, severity)| severity_window(profile, severity, date, false))
}

/// The breach window repairs are checked against: under `auto`, the widest of the
/// profiles in force from the breach to the as-of date (see [`RulesSetting::checked`]).
pub fn checked_breach_window(setting: RulesSetting, p: &Pledge, as_of: Day) -> Option<Window> {
    let (breached, _) = p.breach()?;
    let windows: Vec<Window> = setting
        .checked(breached, as_of)
        .into_iter()
        .filter_map(|profile| breach_window(profile, p))
        .collect();
    widest(&windows)
}

/// Every day on which what the public sees of `p` may change.
pub fn change_days(p: &Pledge) -> Vec<Day> {
    let mut days = vec![p.signed, p.last_valid_day().succ(), y2026_from()];
    days.extend(p.fulfilment.as_ref().map(|f| f.date));
    for profile in [RulesProfile::Y2023, RulesProfile::Y2026] {
        days.extend(breach_window(profile, p).map(|w| w.max_end));
    }
    days.extend(p.repaired.as_ref().map(|r| r.date));
    days
}

/// Whether `p` is public on `as_of`, and as what; `Err(reason)` when it is not.
pub fn pledge_state(
    setting: RulesSetting,
    p: &Pledge,
    as_of: Day,
) -> Result<PublicState, Withheld> {
    let profile = setting.on(as_of);
    if p.signed > as_of {
        return Err(Withheld::NotYetPublic);
    }
    if let (Some((breached, _)), Some(w)) = (p.breach(), breach_window(profile, p)) {
        if as_of >= breached {
            if !w.published_by_default {
                return Err(Withheld::Minor);
            }
            let mut leaves = (w.max_end, Withheld::Expired);
            if let Some(r) = p.repaired.as_ref().filter(|r| r.date <= w.max_end) {
                leaves = (r.date, Withheld::Repaired);
            }
            if as_of >= leaves.0 {
                return Err(leaves.1);
            }
            return Ok(PublicState {
                status: PledgeStatus::Breached,
                leaves: leaves.0,
            });
        }
    }
    let leaves = p.last_valid_day().succ();
    if as_of >= leaves {
        return Err(Withheld::Expired);
    }
    let kept = p
        .fulfilment
        .as_ref()
        .is_some_and(|f| f.status == FulfilmentStatus::Kept && f.date <= as_of);
    Ok(PublicState {
        status: if kept {
            PledgeStatus::Kept
        } else {
            PledgeStatus::InForce
        },
        leaves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::pledges::record::{Fulfilment, PledgeType};
    use crate::model::{DatedNote, PartyType, Severity};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn pledge(signed: &str, valid_until: Option<&str>) -> Pledge {
        Pledge {
            id: "诺1".into(),
            party: "甲公司".into(),
            party_type: PartyType::Legal,
            uscc: Some("91350100M000100Y43".into()),
            id_number: None,
            address: None,
            phone: None,
            pledge_type: PledgeType::Approval,
            matter: "m".into(),
            text: String::new(),
            file: None,
            signed: day(signed),
            valid_until: valid_until.map(day),
            authority: "a".into(),
            authority_uscc: None,
            fulfilment: None,
            repaired: None,
        }
    }

    fn state(p: &Pledge, on: &str) -> Result<PledgeStatus, Withheld> {
        pledge_state(RulesSetting::Fixed(RulesProfile::Y2026), p, day(on)).map(|s| s.status)
    }

    #[test]
    fn public_from_signed_through_valid_until_or_three_years() {
        let p = pledge("2026-03-02", Some("2027-03-01"));
        assert_eq!(state(&p, "2026-03-01"), Err(Withheld::NotYetPublic));
        assert_eq!(state(&p, "2026-03-02"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&p, "2027-03-01"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&p, "2027-03-02"), Err(Withheld::Expired));
        // Without valid_until: as if it were written as the date three years on.
        let open = pledge("2026-03-02", None);
        assert_eq!(state(&open, "2029-03-02"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&open, "2029-03-03"), Err(Withheld::Expired));
        let written = pledge("2026-03-02", Some("2029-03-02"));
        for on in ["2029-03-02", "2029-03-03"] {
            assert_eq!(state(&open, on), state(&written, on), "{on}");
        }
    }

    #[test]
    fn three_years_from_29_february_end_on_the_last_day_of_february() {
        let leap = pledge("2024-02-29", None);
        assert_eq!(state(&leap, "2027-02-28"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&leap, "2027-03-01"), Err(Withheld::Expired));
        let before = pledge("2024-02-28", None);
        assert_eq!(state(&before, "2027-02-28"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&before, "2027-03-01"), Err(Withheld::Expired));
        let after = pledge("2024-03-01", None);
        assert_eq!(state(&after, "2027-03-01"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&after, "2027-03-02"), Err(Withheld::Expired));
    }

    #[test]
    fn a_breach_is_public_for_its_window_past_valid_until_until_repaired() {
        let mut p = pledge("2026-03-02", Some("2026-12-31"));
        p.fulfilment = Some(Fulfilment {
            status: FulfilmentStatus::Breached,
            date: day("2026-09-01"),
            severity: None,
            note: String::new(),
        });
        assert_eq!(state(&p, "2026-08-31"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&p, "2026-09-01"), Ok(PledgeStatus::Breached));
        // General: one year from the breach, past valid_until.
        assert_eq!(state(&p, "2027-08-31"), Ok(PledgeStatus::Breached));
        assert_eq!(state(&p, "2027-09-01"), Err(Withheld::Expired));
        p.repaired = Some(DatedNote {
            date: day("2027-01-10"),
            note: String::new(),
        });
        assert_eq!(state(&p, "2027-01-09"), Ok(PledgeStatus::Breached));
        assert_eq!(state(&p, "2027-01-10"), Err(Withheld::Repaired));
        // A minor breach is not published at all (§8).
        if let Some(f) = p.fulfilment.as_mut() {
            f.severity = Some(Severity::Minor);
        }
        assert_eq!(state(&p, "2026-09-01"), Err(Withheld::Minor));
    }

    #[test]
    fn a_kept_pledge_shows_so_from_the_date_it_was_kept() {
        let mut p = pledge("2026-03-02", Some("2027-03-01"));
        p.fulfilment = Some(Fulfilment {
            status: FulfilmentStatus::Kept,
            date: day("2026-09-01"),
            severity: None,
            note: String::new(),
        });
        assert_eq!(state(&p, "2026-08-31"), Ok(PledgeStatus::InForce));
        assert_eq!(state(&p, "2026-09-01"), Ok(PledgeStatus::Kept));
        assert_eq!(state(&p, "2027-03-02"), Err(Withheld::Expired));
    }
}
