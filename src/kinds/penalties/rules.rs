//! Publication periods (公示期) of penalty records (data contract §8). Pure functions
//! of a record; the checks hold staff-given dates against them and publishing applies
//! them as of a date.

use super::record::Penalty;
use crate::config::RulesProfile;
use crate::model::Day;
use crate::rules::{severity_window, Window, Withheld};

/// 安全生产、特种设备、消防: a one-year minimum under the 2023 measures.
fn is_safety_field(p: &Penalty) -> bool {
    ["安全生产", "特种设备", "消防"]
        .iter()
        .any(|k| p.violation_type.contains(k) || p.basis.contains(k))
}

/// The legal publication window of one penalty, counted from its decision date.
pub fn penalty_window(profile: RulesProfile, p: &Penalty) -> Window {
    severity_window(profile, p.severity, p.decided, is_safety_field(p))
}

/// The day a penalty leaves the public site and why, or `Err` with the reason it is
/// never shown. A record is public on days `decided <= day < leaves`.
pub fn penalty_leaves(profile: RulesProfile, p: &Penalty) -> Result<(Day, Withheld), Withheld> {
    let w = penalty_window(profile, p);
    if !w.published_by_default && p.publish_until.is_none() {
        return Err(Withheld::Minor);
    }
    let mut leaves = (
        p.publish_until.unwrap_or(w.max_end).min(w.max_end),
        Withheld::Expired,
    );
    if let Some(r) = &p.repaired {
        if r.date <= leaves.0 {
            leaves = (r.date, Withheld::Repaired);
        }
    }
    if let Some(r) = &p.revoked {
        if r.date <= leaves.0 {
            leaves = (r.date, Withheld::Revoked);
        }
    }
    Ok(leaves)
}

/// Whether `p` is public on `as_of`; `Err(reason)` when it is not.
pub fn penalty_status(profile: RulesProfile, p: &Penalty, as_of: Day) -> Result<Day, Withheld> {
    if p.decided > as_of {
        return Err(Withheld::NotYetPublic);
    }
    let (leaves, reason) = penalty_leaves(profile, p)?;
    if as_of >= leaves {
        return Err(reason);
    }
    Ok(leaves)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{DatedNote, PartyType, Severity};

    pub fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    pub fn penalty(severity: Severity, decided: &str) -> Penalty {
        Penalty {
            decision_no: "钢城交罚〔2024〕1号".into(),
            party: "济南某某运输有限公司".into(),
            party_type: PartyType::Legal,
            uscc: Some("91350100M000100Y43".into()),
            legal_rep: None,
            id_number: None,
            address: None,
            phone: None,
            violation_type: "未按规定进行车辆年审".into(),
            facts: "f".into(),
            basis: "b".into(),
            categories: vec!["罚款".into()],
            content: "c".into(),
            fine_wan: None,
            confiscated_wan: None,
            licence_action: String::new(),
            decided: day(decided),
            severity,
            publish_until: None,
            authority: "a".into(),
            authority_uscc: "11370117MB2854771J".into(),
            repaired: None,
            revoked: None,
        }
    }

    #[test]
    fn general_penalty_is_public_for_one_year_under_2026() {
        let p = penalty(Severity::General, "2024-03-02");
        let r = RulesProfile::Y2026;
        assert_eq!(
            penalty_status(r, &p, day("2024-03-01")),
            Err(Withheld::NotYetPublic)
        );
        assert_eq!(
            penalty_status(r, &p, day("2024-03-02")),
            Ok(day("2025-03-02"))
        );
        assert_eq!(
            penalty_status(r, &p, day("2025-03-01")),
            Ok(day("2025-03-02"))
        );
        assert_eq!(
            penalty_status(r, &p, day("2025-03-02")),
            Err(Withheld::Expired)
        );
    }

    #[test]
    fn serious_lasts_three_years_and_2023_profile_differs() {
        let p = penalty(Severity::Serious, "2023-01-10");
        assert!(penalty_status(RulesProfile::Y2026, &p, day("2026-01-09")).is_ok());
        assert_eq!(
            penalty_status(RulesProfile::Y2026, &p, day("2026-01-10")),
            Err(Withheld::Expired)
        );
        let g = penalty(Severity::General, "2023-01-10");
        assert!(penalty_status(RulesProfile::Y2023, &g, day("2025-06-01")).is_ok());
        assert_eq!(
            penalty_window(RulesProfile::Y2023, &g).min_end,
            Some(day("2023-04-10"))
        );
        let mut safety = g.clone();
        safety.violation_type = "安全生产违法行为".into();
        assert_eq!(
            penalty_window(RulesProfile::Y2023, &safety).min_end,
            Some(day("2024-01-10"))
        );
    }

    #[test]
    fn minor_only_with_publish_until() {
        let mut p = penalty(Severity::Minor, "2024-03-02");
        assert_eq!(
            penalty_status(RulesProfile::Y2026, &p, day("2024-03-03")),
            Err(Withheld::Minor)
        );
        p.publish_until = Some(day("2024-05-01"));
        assert!(penalty_status(RulesProfile::Y2026, &p, day("2024-04-30")).is_ok());
        assert_eq!(
            penalty_status(RulesProfile::Y2026, &p, day("2024-05-01")),
            Err(Withheld::Expired)
        );
    }

    #[test]
    fn earliest_of_repair_revocation_and_period_wins() {
        let mut p = penalty(Severity::Serious, "2024-01-01");
        p.repaired = Some(DatedNote {
            date: day("2025-02-01"),
            note: String::new(),
        });
        p.revoked = Some(DatedNote {
            date: day("2025-06-01"),
            note: String::new(),
        });
        let r = RulesProfile::Y2026;
        assert!(penalty_status(r, &p, day("2025-01-31")).is_ok());
        assert_eq!(
            penalty_status(r, &p, day("2025-02-01")),
            Err(Withheld::Repaired)
        );
        p.revoked = Some(DatedNote {
            date: day("2024-02-01"),
            note: String::new(),
        });
        assert_eq!(
            penalty_status(r, &p, day("2024-02-01")),
            Err(Withheld::Revoked)
        );
    }
}
