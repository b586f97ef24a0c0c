//! Publication periods (公示期) of penalty records (data contract §8) and their life:
//! objections, revocation and its withdrawal notice. Pure functions of a record and a
//! date; the checks hold staff-given dates against them, publishing applies them.

use super::record::{ObjectionStatus, Penalty, Procedure, ONE_YEAR_DOMAINS};
use crate::model::{Day, Severity};
use crate::rules::{severity_window, widest, RulesProfile, RulesSetting, Window, Withheld};

/// In a field the 2023 measures give a one-year minimum: its `domain`, or else those
/// words in its violation type or basis (as gongshi read it before `domain` existed).
pub fn one_year_group(p: &Penalty) -> bool {
    match &p.domain {
        Some(d) => ONE_YEAR_DOMAINS.contains(&d.trim()),
        None => ONE_YEAR_DOMAINS
            .iter()
            .any(|k| p.violation_type.contains(k) || p.basis.contains(k)),
    }
}

/// Its severity as the law reads it: a simple-procedure penalty is 轻微.
pub fn severity(p: &Penalty) -> Severity {
    match p.procedure {
        Some(Procedure::Simple) => Severity::Minor,
        _ => p.severity,
    }
}

/// The legal publication window of one penalty under `profile`, from its decision.
pub fn penalty_window(profile: RulesProfile, p: &Penalty) -> Window {
    severity_window(profile, severity(p), p.decided, one_year_group(p))
}

/// The window staff-given dates are checked against: under `auto`, the widest of the
/// profiles in force from the decision to the as-of date (see [`RulesSetting::checked`]).
pub fn checked_window(setting: RulesSetting, p: &Penalty, as_of: Day) -> Window {
    let windows: Vec<Window> = checked_profiles(setting, p, as_of)
        .into_iter()
        .map(|profile| penalty_window(profile, p))
        .collect();
    widest(&windows).unwrap_or_else(|| penalty_window(setting.on(as_of), p))
}

/// The profiles [`checked_window`] takes the widest window of (never none).
pub fn checked_profiles(setting: RulesSetting, p: &Penalty, as_of: Day) -> Vec<RulesProfile> {
    let mut profiles = setting.checked(p.decided, as_of);
    if profiles.is_empty() {
        profiles.push(setting.on(as_of));
    }
    profiles
}

/// The end of a penalty's publication period under `profile` (公示截止期, section 8):
/// its `publish_until`, or the maximum, whichever is first. A repair, revocation or
/// upheld objection may take it off the site before that day; they do not change it.
pub fn period_end(profile: RulesProfile, p: &Penalty) -> Day {
    let max_end = penalty_window(profile, p).max_end;
    p.publish_until.unwrap_or(max_end).min(max_end)
}

/// The 公示截止期 shown on `as_of`: [`period_end`] under the rules in force that day,
/// unless the rules change before it (`rules: auto`, 2026-04-01) and the rules then in
/// force end the period sooner: the public is told the day the site will remove it,
/// not a maximum it will never reach.
pub fn shown_period_end(setting: RulesSetting, p: &Penalty, as_of: Day) -> Day {
    let now = period_end(setting.on(as_of), p);
    let change = crate::rules::y2026_from();
    if as_of >= change || now <= change || setting.on(change) == setting.on(as_of) {
        return now;
    }
    now.min(period_end(setting.on(change), p).max(change))
}

/// The day a penalty leaves the public site under `profile` and why, or `Err` with
/// the reason it is never shown. A record is public on days `decided <= day < leaves`.
pub fn penalty_leaves(profile: RulesProfile, p: &Penalty) -> Result<(Day, Withheld), Withheld> {
    let w = penalty_window(profile, p);
    if !w.published_by_default && p.publish_until.is_none() {
        return Err(Withheld::Minor);
    }
    let mut leaves = (period_end(profile, p), Withheld::Expired);
    let mut earlier = |day: Day, reason: Withheld| {
        if day <= leaves.0 {
            leaves = (day, reason);
        }
    };
    if let Some(r) = &p.repaired {
        earlier(r.date, Withheld::Repaired);
    }
    if let Some(o) = p
        .objection
        .as_ref()
        .filter(|o| o.status == ObjectionStatus::Upheld)
    {
        if let Some(resolved) = o.resolved {
            earlier(resolved, Withheld::ObjectionUpheld);
        }
    }
    if let Some(r) = &p.revoked {
        earlier(r.date, Withheld::Revoked);
    }
    Ok(leaves)
}

/// How a public penalty stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyState {
    /// The first day it is no longer public.
    pub leaves: Day,
    /// An objection is being handled: shown as 异议处理中.
    pub objection_pending: bool,
}

/// Whether `p` is public on `as_of`, and how; `Err(reason)` when it is not.
pub fn penalty_state(
    setting: RulesSetting,
    p: &Penalty,
    as_of: Day,
) -> Result<PenaltyState, Withheld> {
    if p.decided > as_of {
        return Err(Withheld::NotYetPublic);
    }
    let (leaves, reason) = penalty_leaves(setting.on(as_of), p)?;
    if as_of >= leaves {
        return Err(reason);
    }
    let objection_pending = p.objection.as_ref().is_some_and(|o| {
        o.filed <= as_of
            && (o.status == ObjectionStatus::Pending || o.resolved.is_some_and(|r| r > as_of))
    });
    Ok(PenaltyState {
        leaves,
        objection_pending,
    })
}

/// The last day a withdrawal notice of `p` is public, if it gets one: a decision that
/// was public when it was revoked has its notice from `revoked.date` for `days` days.
pub fn notice_until(setting: RulesSetting, p: &Penalty, days: u32) -> Option<Day> {
    let r = p.revoked.as_ref()?;
    if days == 0 || penalty_state(setting, p, r.date.pred()).is_err() {
        return None;
    }
    Some(r.date.add_days(days - 1))
}

/// Every day on which what the public sees of `p` may change: it appears, it leaves,
/// its window ends under either profile, an objection is filed or resolved, its
/// withdrawal notice starts or ends, the rules change.
pub fn change_days(setting: RulesSetting, p: &Penalty, notice_days: u32) -> Vec<Day> {
    let mut days = vec![p.decided, crate::rules::y2026_from()];
    days.extend(p.publish_until);
    days.extend(p.online);
    for profile in [RulesProfile::Y2023, RulesProfile::Y2026] {
        days.push(penalty_window(profile, p).max_end);
    }
    days.extend(p.repaired.as_ref().map(|r| r.date));
    if let Some(r) = &p.revoked {
        days.push(r.date);
        if let Some(until) = notice_until(setting, p, notice_days) {
            days.push(until.succ());
        }
    }
    if let Some(o) = &p.objection {
        days.push(o.filed);
        days.extend(o.resolved);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::penalties::record::{
        Objection, ObjectionStatus, Revocation, RevocationReason,
    };
    use crate::model::{DatedNote, PartyType, Severity};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn penalty(severity: Severity, decided: &str) -> Penalty {
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
            procedure: None,
            domain: None,
            publish_until: None,
            authority: "a".into(),
            authority_uscc: "11370117MB2854771J".into(),
            repaired: None,
            revoked: None,
            objection: None,
            online: None,
            note: String::new(),
        }
    }

    const Y2026: RulesSetting = RulesSetting::Fixed(RulesProfile::Y2026);
    const Y2023: RulesSetting = RulesSetting::Fixed(RulesProfile::Y2023);
    const AUTO: RulesSetting = RulesSetting::Auto;

    /// When `p` leaves, or why it is not public, on `on`.
    fn state(setting: RulesSetting, p: &Penalty, on: &str) -> Result<Day, Withheld> {
        penalty_state(setting, p, day(on)).map(|s| s.leaves)
    }

    #[test]
    fn general_penalty_is_public_for_one_year_under_2026() {
        let p = penalty(Severity::General, "2024-03-02");
        assert_eq!(state(Y2026, &p, "2024-03-01"), Err(Withheld::NotYetPublic));
        assert_eq!(state(Y2026, &p, "2024-03-02"), Ok(day("2025-03-02")));
        assert_eq!(state(Y2026, &p, "2025-03-01"), Ok(day("2025-03-02")));
        assert_eq!(state(Y2026, &p, "2025-03-02"), Err(Withheld::Expired));
    }

    #[test]
    fn serious_lasts_three_years_and_2023_gives_every_penalty_three_years() {
        let p = penalty(Severity::Serious, "2023-01-10");
        assert!(state(Y2026, &p, "2026-01-09").is_ok());
        assert_eq!(state(Y2026, &p, "2026-01-10"), Err(Withheld::Expired));
        let g = penalty(Severity::General, "2023-01-10");
        assert_eq!(state(Y2023, &g, "2026-01-09"), Ok(day("2026-01-10")));
        assert_eq!(state(Y2023, &g, "2026-01-10"), Err(Withheld::Expired));
        assert_eq!(
            penalty_window(RulesProfile::Y2023, &g).min_end,
            Some(day("2023-04-10"))
        );
    }

    #[test]
    fn the_one_year_group_is_the_domain_or_else_the_words() {
        let mut g = penalty(Severity::General, "2023-01-10");
        assert!(!one_year_group(&g));
        g.domain = Some("消防".into());
        assert!(one_year_group(&g));
        assert_eq!(
            penalty_window(RulesProfile::Y2023, &g).min_end,
            Some(day("2024-01-10"))
        );
        // The 2026 measures have no such group.
        assert_eq!(
            penalty_window(RulesProfile::Y2026, &g).min_end,
            Some(day("2023-04-10"))
        );
        g.domain = Some("道路运输".into());
        g.basis = "《中华人民共和国安全生产法》第九十七条".into();
        assert!(
            !one_year_group(&g),
            "an explicit domain wins over the words"
        );
        g.domain = None;
        assert!(
            one_year_group(&g),
            "without a domain the basis decides, as in v1"
        );
        g.basis = "《食品安全法》".into();
        assert!(one_year_group(&g));
    }

    #[test]
    fn auto_applies_the_profile_in_force_that_day() {
        // General, decided 2025-01-15: three years under 2023, one year under 2026.
        let p = penalty(Severity::General, "2025-01-15");
        assert_eq!(state(AUTO, &p, "2026-03-31"), Ok(day("2028-01-15")));
        assert_eq!(state(AUTO, &p, "2026-04-01"), Err(Withheld::Expired));
        // One decided 2025-06-01 is still within its 2026 year on the switch.
        let q = penalty(Severity::General, "2025-06-01");
        assert_eq!(state(AUTO, &q, "2026-03-31"), Ok(day("2028-06-01")));
        assert_eq!(state(AUTO, &q, "2026-04-01"), Ok(day("2026-06-01")));
        assert_eq!(state(AUTO, &q, "2026-06-01"), Err(Withheld::Expired));
        // A fixed profile ignores the date.
        assert_eq!(state(Y2023, &p, "2026-04-01"), Ok(day("2028-01-15")));
    }

    #[test]
    fn checks_use_the_widest_window_of_the_profiles_in_force() {
        let mut p = penalty(Severity::Minor, "2025-11-01");
        p.publish_until = Some(day("2025-12-01"));
        // Decided under 2023 (minimum three months), checked in 2026 (no minimum).
        let w = checked_window(AUTO, &p, day("2026-05-01"));
        assert_eq!(w.min_end, None);
        assert_eq!(w.max_end, day("2028-11-01"));
        let w = checked_window(AUTO, &p, day("2026-01-01"));
        assert_eq!(w.min_end, Some(day("2026-02-01")));
        // Built as of a day before the decision (not public yet, not an error): the
        // profiles in force from the decision on, as the site may be built then
        // (found by an audit: a 2026-02 decision checked as of 2025 under 2023 only).
        let mut q = penalty(Severity::General, "2026-02-24");
        q.domain = Some("安全生产".into()); // a one-year minimum under 2023
        q.publish_until = Some(day("2026-06-01"));
        let w = checked_window(AUTO, &q, day("2025-06-01"));
        assert_eq!(
            w.min_end,
            checked_window(AUTO, &q, day("2026-06-01")).min_end
        );
        assert!(w.min_end.is_none_or(|m| m <= day("2026-06-01")), "{w:?}");
        let w = checked_window(Y2023, &q, day("2025-06-01"));
        assert_eq!(
            w,
            penalty_window(RulesProfile::Y2023, &q),
            "a fixed profile is itself"
        );
    }

    #[test]
    fn the_period_end_shown_before_the_rules_change_is_the_day_it_will_end() {
        // General, decided 2025-06-01: three years under the 2023 measures, one under
        // the 2026 ones, which come into force on 2026-04-01.
        let mut p = penalty(Severity::General, "2025-06-01");
        let auto = RulesSetting::Auto;
        assert_eq!(
            shown_period_end(auto, &p, day("2026-03-31")),
            day("2026-06-01")
        );
        assert_eq!(
            shown_period_end(auto, &p, day("2026-04-01")),
            day("2026-06-01")
        );
        // Decided 2025-01-04: its 2026 year is over before the change; it leaves that day.
        p.decided = day("2025-01-04");
        assert_eq!(
            shown_period_end(auto, &p, day("2026-03-31")),
            day("2026-04-01")
        );
        assert!(penalty_state(auto, &p, day("2026-04-01")).is_err());
        // A forced profile is one profile on every day.
        let fixed = RulesSetting::Fixed(RulesProfile::Y2023);
        assert_eq!(
            shown_period_end(fixed, &p, day("2026-03-31")),
            day("2028-01-04")
        );
    }

    #[test]
    fn minor_only_with_publish_until_and_simple_procedure_is_minor() {
        let mut p = penalty(Severity::Minor, "2024-03-02");
        assert_eq!(state(Y2026, &p, "2024-03-03"), Err(Withheld::Minor));
        p.publish_until = Some(day("2024-05-01"));
        assert!(state(Y2026, &p, "2024-04-30").is_ok());
        assert_eq!(state(Y2026, &p, "2024-05-01"), Err(Withheld::Expired));
        let mut s = penalty(Severity::General, "2024-03-02");
        s.procedure = Some(Procedure::Simple);
        assert_eq!(state(Y2026, &s, "2024-03-03"), Err(Withheld::Minor));
    }

    #[test]
    fn earliest_of_repair_revocation_objection_and_period_wins() {
        let mut p = penalty(Severity::Serious, "2024-01-01");
        p.repaired = Some(DatedNote {
            date: day("2025-02-01"),
            note: String::new(),
        });
        p.revoked = Some(Revocation {
            date: day("2025-06-01"),
            note: String::new(),
            reason: RevocationReason::Revoked,
        });
        assert!(state(Y2026, &p, "2025-01-31").is_ok());
        assert_eq!(state(Y2026, &p, "2025-02-01"), Err(Withheld::Repaired));
        p.objection = Some(Objection {
            filed: day("2024-03-01"),
            status: ObjectionStatus::Upheld,
            resolved: Some(day("2024-04-15")),
            note: String::new(),
        });
        assert!(state(Y2026, &p, "2024-04-14").is_ok());
        assert_eq!(
            state(Y2026, &p, "2024-04-15"),
            Err(Withheld::ObjectionUpheld)
        );
    }

    #[test]
    fn a_pending_objection_is_labelled_from_its_filing_until_it_is_resolved() {
        let mut p = penalty(Severity::General, "2026-05-01");
        p.objection = Some(Objection {
            filed: day("2026-06-10"),
            status: ObjectionStatus::Rejected,
            resolved: Some(day("2026-07-01")),
            note: String::new(),
        });
        let pending = |on: &str| penalty_state(Y2026, &p, day(on)).unwrap().objection_pending;
        assert!(!pending("2026-06-09"));
        assert!(pending("2026-06-10"));
        assert!(pending("2026-06-30"));
        assert!(!pending("2026-07-01"), "rejected: no effect once resolved");
    }

    #[test]
    fn a_withdrawal_notice_lasts_exactly_the_configured_days() {
        let mut p = penalty(Severity::General, "2026-05-01");
        p.revoked = Some(Revocation {
            date: day("2026-08-01"),
            note: "复议撤销".into(),
            reason: RevocationReason::Changed,
        });
        assert_eq!(notice_until(Y2026, &p, 90), Some(day("2026-10-29")));
        assert_eq!(notice_until(Y2026, &p, 0), None);
        // Revoked on the day it was decided: it never was public, nothing to withdraw.
        p.revoked.as_mut().unwrap().date = day("2026-05-01");
        assert_eq!(notice_until(Y2026, &p, 90), None);
    }
}
