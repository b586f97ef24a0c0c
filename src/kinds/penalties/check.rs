//! The checks of a penalty file on its own: required fields, codes, categories,
//! amounts, and dates against the legal publication window.

use super::record::{Penalty, PENALTY_CATEGORIES};
use super::rules::penalty_window;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::kinds::common::{check_code, check_party, item_ranges, require_text};
use crate::load::{Item, SourceText};
use crate::yaml::{LineRange, Source};

pub(super) fn check_penalties(
    config: &SiteConfig,
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
        check_code(&src, range, "authority_uscc", &p.authority_uscc, diags);
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
            }
        }
        check_penalty_dates(config, p, &src, range, diags);
    }
}

fn check_penalty_dates(
    config: &SiteConfig,
    p: &Penalty,
    src: &Source<'_>,
    range: LineRange,
    diags: &mut Diagnostics,
) {
    let w = penalty_window(config.rules, p);
    let severity = p.severity.label();
    if let Some(until) = p.publish_until {
        let earliest = w.min_end.unwrap_or(p.decided);
        if until < earliest || until > w.max_end || until <= p.decided {
            diags.push(
                src.at(range, &["publish_until"], format!("publish_until {until} is outside the legal publication period of a {severity} penalty"))
                    .with_hint(format!(
                        "decided {}: publish_until must lie between {earliest} and {} (or leave it out to use the maximum)",
                        p.decided, w.max_end
                    )),
            );
        }
    }
    if let Some(r) = &p.repaired {
        if r.date < p.decided || w.min_end.is_some_and(|m| r.date < m) {
            let earliest = w.min_end.unwrap_or(p.decided);
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
    if let Some(r) = &p.revoked {
        if r.date < p.decided {
            diags.push(src.at(
                range,
                &["revoked", "date"],
                format!(
                    "revocation dated {} is before the decision ({})",
                    r.date, p.decided
                ),
            ));
        }
    }
}
