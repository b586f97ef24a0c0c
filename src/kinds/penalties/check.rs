//! The checks of a penalty file on its own: required fields, codes, categories and
//! severity, amounts, dates against the legal publication window, the record's life
//! (procedure, objection, revocation), and personal data in its free text.

use super::record::{
    ObjectionStatus, Penalty, Procedure, HEAVY_CATEGORIES, LIGHT_CATEGORIES, PENALTY_CATEGORIES,
};
use super::rules::{checked_window, penalty_window};
use crate::diag::Diagnostics;
use crate::kinds::common::{check_code, check_party, item_ranges, require_text, warn_private_text};
use crate::kinds::CheckCx;
use crate::load::{Item, SourceText};
use crate::model::{Day, PartyType, Severity};
use crate::rules::RulesSetting;
use crate::yaml::{LineRange, Source};

/// An amount in 万元 at or above which a warning asks whether it was written in 元
/// (10^7 万元 is 1000 亿元, several times the largest fine decided in China so far).
const LARGEST_LIKELY_WAN: f64 = 1e7;

pub(super) fn check_penalties(
    cx: &CheckCx<'_>,
    src: &SourceText,
    records: &[Item<Penalty>],
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let ranges = item_ranges(&src, None, records);
    for (item, &range) in records.iter().zip(&ranges) {
        let p = &item.value;
        for (key, value) in [
            ("decision_no", &p.decision_no),
            ("party", &p.party),
            ("violation_type", &p.violation_type),
            ("facts", &p.facts),
            ("basis", &p.basis),
            ("content", &p.content),
            ("authority", &p.authority),
        ] {
            require_text(&src, range, key, value, diags);
        }
        check_party(&src, range, p.party_type, p.uscc.as_deref(), diags);
        let personal = p.id_number.is_some() || p.address.is_some() || p.phone.is_some();
        crate::kinds::common::check_party_said(&src, range, p.party_type, personal, diags);
        check_code(&src, range, "authority_uscc", &p.authority_uscc, diags);
        check_categories(p, &src, range, diags);
        for (key, v) in [
            ("fine_wan", p.fine_wan),
            ("confiscated_wan", p.confiscated_wan),
        ] {
            if v.is_some_and(|v| v < 0.0 || !v.is_finite()) {
                diags.push(src.at(
                    range,
                    &[key],
                    format!("`{key}` must be an amount in 万元, 0 or more"),
                ));
            } else if let Some(v) = v.filter(|&v| v >= LARGEST_LIKELY_WAN) {
                // The largest fines ever decided in China are some 10^6 万元; more
                // is almost surely an amount in 元 written where 万元 is asked.
                diags.push(
                    src.at(
                        range,
                        &[key],
                        format!(
                            "`{key}` is {v} 万元, that is {} 元: more than any fine decided so far",
                            v * 10_000.0
                        ),
                    )
                    .with_hint("amounts are in 万元 (2000 元 is 0.2); check the unit")
                    .warning(),
                );
            }
        }
        check_penalty_dates(cx, p, &src, range, diags);
        check_life(p, &src, range, diags);
        let person = (p.party_type == PartyType::Person).then_some(p.party.as_str());
        let mut texts: Vec<(&[&str], &str)> = vec![
            (&["violation_type"], &p.violation_type),
            (&["facts"], &p.facts),
            (&["basis"], &p.basis),
            (&["content"], &p.content),
            (&["licence_action"], &p.licence_action),
            (&["note"], &p.note),
        ];
        if let Some(o) = &p.objection {
            texts.push((&["objection", "note"], &o.note));
        }
        if let Some(r) = &p.revoked {
            texts.push((&["revoked", "note"], &r.note));
        }
        for (path, text) in texts {
            warn_private_text(&src, range, path, text, person, diags);
        }
    }
}

/// Categories from the law, and a severity that fits them (data contract §6).
fn check_categories(p: &Penalty, src: &Source<'_>, range: LineRange, diags: &mut Diagnostics) {
    if p.categories.is_empty() {
        diags.push(src.at(
            range,
            &["categories"],
            "`categories` needs at least one 处罚类别",
        ));
    }
    for c in &p.categories {
        if !PENALTY_CATEGORIES.contains(&c.as_str()) {
            diags.push(
                src.at(
                    range,
                    &["categories"],
                    format!("`{c}` is not a 处罚类别 of the 行政处罚法"),
                )
                .with_hint(format!("use: {}", PENALTY_CATEGORIES.join("、"))),
            );
        }
    }
    let heavy: Vec<&str> = p
        .categories
        .iter()
        .map(String::as_str)
        .filter(|c| HEAVY_CATEGORIES.contains(c))
        .collect();
    match p.severity {
        Severity::Minor if !heavy.is_empty() => diags.push(
            src.at(range, &["severity"], format!("a penalty of {} cannot be 轻微 (minor)", heavy.join("、")))
                .with_hint("write severity: general or serious; a minor penalty is not published"),
        ),
        Severity::General if !heavy.is_empty() => diags.push(
            src.at(range, &["severity"], format!("a penalty of {} is usually 严重 (serious), not 一般", heavy.join("、")))
                .with_hint("check the severity the 失信行为 was found to have (信用修复管理办法: 严重失信 is published for up to 3 years)")
                .warning(),
        ),
        Severity::Serious
            if !p.categories.is_empty()
                && p.categories.iter().all(|c| LIGHT_CATEGORIES.contains(&c.as_str())) =>
        {
            diags.push(
                src.at(range, &["severity"], format!("a penalty of only {} is rarely 严重 (serious)", p.categories.join("、")))
                    .with_hint("check the severity: 严重 information is published for 1 to 3 years")
                    .warning(),
            )
        }
        _ => {}
    }
    if p.procedure == Some(Procedure::Simple) && p.severity != Severity::Minor {
        diags.push(
            src.at(
                range,
                &["procedure"],
                "a penalty decided by 简易程序 (procedure: simple) is 轻微 by law",
            )
            .with_hint(
                "write severity: minor, or procedure: ordinary if it was decided by 普通程序",
            ),
        );
    }
}

/// For a record dated after the as-of day (checked against every profile it may go
/// public under): a warning when `until` is outside the window of the profile in
/// force on its own date, so that builds from that date on will refuse it until the
/// next profile is in force (a review: check passed, then the daily build failed).
fn unlawful_when_public(cx: &CheckCx<'_>, p: &Penalty, until: Day) -> Option<(String, String)> {
    let setting = cx.config.rules;
    if p.decided <= cx.as_of || setting != RulesSetting::Auto {
        return None;
    }
    let profile = setting.on(p.decided);
    let w = penalty_window(profile, p);
    let earliest = w.min_end.unwrap_or(p.decided);
    if until >= earliest && until <= w.max_end {
        return None;
    }
    let next = crate::rules::y2026_from();
    Some((
        format!(
            "publish_until {until} is outside the publication period of the rules in force on the decision date ({}, {})",
            profile.key(),
            profile.law()
        ),
        format!(
            "builds as of {} to {} will refuse it; under those rules it must lie between {earliest} and {}",
            p.decided,
            next.pred(),
            w.max_end
        ),
    ))
}

/// The rules a penalty's dates are checked under, in words: `the 2023 rules (…)`,
/// and for `rules: auto` over a change of rules, both.
fn rules_applied(cx: &CheckCx<'_>, p: &Penalty) -> String {
    let setting = cx.config.rules;
    let profiles = super::rules::checked_profiles(setting, p, cx.as_of);
    let named: Vec<String> = profiles
        .iter()
        .map(|pr| format!("{} ({})", pr.key(), pr.law()))
        .collect();
    format!(
        "the rules {} (disclosure.rules: {}{})",
        named.join(" and "),
        setting.key(),
        if profiles.len() > 1 {
            ", the widest window of both"
        } else {
            ""
        }
    )
}

fn check_penalty_dates(
    cx: &CheckCx<'_>,
    p: &Penalty,
    src: &Source<'_>,
    range: LineRange,
    diags: &mut Diagnostics,
) {
    let w = checked_window(cx.config.rules, p, cx.as_of);
    let severity = p.severity.label();
    if let Some(until) = p.publish_until {
        // With no minimum, the day after the decision (a record public for no day).
        let earliest = w.min_end.unwrap_or(p.decided.succ());
        if until < earliest || until > w.max_end {
            diags.push(
                src.at(range, &["publish_until"], format!("publish_until {until} is outside the legal publication period of a {severity} penalty"))
                    .with_hint(format!(
                        "decided {}, under {}: publish_until must lie between {earliest} and {} (or leave it out to use the maximum)",
                        p.decided,
                        rules_applied(cx, p),
                        w.max_end
                    )),
            );
        } else if let Some(d) = unlawful_when_public(cx, p, until) {
            diags.push(
                src.at(range, &["publish_until"], d.0)
                    .with_hint(d.1)
                    .warning(),
            );
        }
    }
    if let Some(r) = &p.repaired {
        // A minor penalty without `publish_until` is never published (§8), under
        // either profile: there is no period for its repair to wait for.
        let unpublished = super::rules::severity(p) == Severity::Minor && p.publish_until.is_none();
        let min_end = w.min_end.filter(|_| !unpublished);
        if r.date < p.decided || min_end.is_some_and(|m| r.date < m) {
            let earliest = min_end.unwrap_or(p.decided);
            diags.push(
                src.at(
                    range,
                    &["repaired", "date"],
                    format!(
                        "credit repair dated {} is before the minimum publication period ends",
                        r.date
                    ),
                )
                .with_hint(format!(
                    "a {severity} penalty decided {} can be repaired from {earliest} on",
                    p.decided
                )),
            );
        }
    }
    for (key, day) in [
        (["revoked", "date"], p.revoked.as_ref().map(|r| r.date)),
        (["online", ""], p.online),
        (
            ["objection", "filed"],
            p.objection.as_ref().map(|o| o.filed),
        ),
    ] {
        let Some(day) = day else { continue };
        if day < p.decided {
            let path: Vec<&str> = key.iter().copied().filter(|k| !k.is_empty()).collect();
            diags.push(src.at(
                range,
                &path,
                format!(
                    "`{}` {day} is before the decision ({})",
                    path.join("."),
                    p.decided
                ),
            ));
        }
    }
}

/// An objection's resolution fits its status.
fn check_life(p: &Penalty, src: &Source<'_>, range: LineRange, diags: &mut Diagnostics) {
    let Some(o) = &p.objection else { return };
    match (o.status, o.resolved) {
        (ObjectionStatus::Pending, Some(_)) => diags.push(
            src.at(range, &["objection", "resolved"], "a pending objection has no `resolved` date")
                .with_hint("write status: upheld or rejected with the date it was resolved, or remove `resolved:`"),
        ),
        (ObjectionStatus::Upheld | ObjectionStatus::Rejected, None) => diags.push(
            src.at(range, &["objection", "status"], "a resolved objection needs its `resolved` date")
                .with_hint("add `resolved: YYYY-MM-DD` (the day the objection was decided)"),
        ),
        (_, Some(resolved)) if resolved < o.filed => diags.push(src.at(
            range,
            &["objection", "resolved"],
            format!("the objection is resolved ({resolved}) before it was filed ({})", o.filed),
        )),
        _ => {}
    }
}
