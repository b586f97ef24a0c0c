//! Record-level checks for each dataset kind.

use super::check_code;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::load::{BatchFile, Item, ListFile, RecordFile};
use crate::model::{Day, Licence, PartyType, Penalty, LICENCE_CATEGORIES, PENALTY_CATEGORIES};
use crate::rules::penalty_window;
use crate::yaml::{LineRange, Source};
use std::collections::HashSet;

fn item_ranges<T>(src: &Source<'_>, block: Option<&str>, items: &[Item<T>]) -> Vec<LineRange> {
    let whole = src.outline.whole();
    let range = block
        .and_then(|b| src.outline.top_level_block(b))
        .unwrap_or(whole);
    let ranges = src.outline.items(range);
    items
        .iter()
        .map(|i| ranges.get(i.index).copied().unwrap_or(range))
        .collect()
}

fn require_text(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    value: &str,
    diags: &mut Diagnostics,
) {
    if value.trim().is_empty() {
        diags.push(src.at(
            range,
            &[key],
            format!("`{key}` is required and must not be empty"),
        ));
    }
}

/// Checks the title and dates of a batch or list header (the top-level `block`);
/// returns the header's lines for further checks.
fn check_header(
    src: &Source<'_>,
    block: &str,
    title: &str,
    published: Day,
    valid_until: Option<Day>,
    diags: &mut Diagnostics,
) -> LineRange {
    let range = src
        .outline
        .top_level_block(block)
        .unwrap_or(src.outline.whole());
    require_text(src, range, "title", title, diags);
    if valid_until.is_some_and(|until| until < published) {
        diags.push(src.at(
            range,
            &["valid_until"],
            "valid_until is before the published date",
        ));
    }
    range
}

pub(super) fn check_batch(config: &SiteConfig, file: &BatchFile, diags: &mut Diagnostics) {
    let src = file.src.source();
    let h = &file.header;
    let header_range = check_header(&src, "batch", &h.title, h.published, h.valid_until, diags);
    let scale = config.scales.get(&h.scale);
    if scale.is_none() {
        let known: Vec<&str> = config.scales.keys().map(String::as_str).collect();
        diags.push(
            src.at(
                header_range,
                &["scale"],
                format!("grade scale `{}` is not defined in site.yaml", h.scale),
            )
            .with_hint(format!(
                "use one of the keys of grade_scales in site.yaml: {}",
                known.join(", ")
            )),
        );
    }
    let ranges = item_ranges(&src, Some("records"), &file.records);
    let mut seen = HashSet::new();
    for (item, &range) in file.records.iter().zip(&ranges) {
        let r = &item.value;
        require_text(&src, range, "name", &r.name, diags);
        if check_code(&src, range, "uscc", &r.uscc, diags) && !seen.insert(r.uscc.as_str()) {
            diags.push(src.at(
                range,
                &["uscc"],
                format!("{} is graded twice in this batch", r.uscc),
            ));
        }
        let Some(scale) = scale else { continue };
        let Some(pos) = scale.position(&r.grade) else {
            let codes: Vec<&str> = scale.grades.iter().map(|g| g.code.as_str()).collect();
            diags.push(
                src.at(
                    range,
                    &["grade"],
                    format!("grade `{}` does not exist in scale `{}`", r.grade, scale.id),
                )
                .with_hint(format!("use one of: {}", codes.join(", "))),
            );
            continue;
        };
        if let Some(score) = r.score {
            let (min, max) = scale.band(pos);
            let below = min.is_some_and(|m| score < m);
            let above = max.is_some_and(|m| score >= m);
            if below || above || !score.is_finite() {
                let band = match (min, max) {
                    (Some(a), Some(b)) => format!("{a} ≤ score < {b}"),
                    (Some(a), None) => format!("score ≥ {a}"),
                    (None, Some(b)) => format!("score < {b}"),
                    (None, None) => "any score".into(),
                };
                diags.push(
                    src.at(
                        range,
                        &["score"],
                        format!("score {score} does not fit grade {}", r.grade),
                    )
                    .with_hint(format!(
                        "grade {} in scale `{}` needs {band}; check the score or the grade",
                        r.grade, scale.id
                    )),
                );
            }
        }
    }
}

pub(super) fn check_list(file: &ListFile, diags: &mut Diagnostics) {
    let src = file.src.source();
    let h = &file.header;
    check_header(&src, "list", &h.title, h.published, h.valid_until, diags);
    let ranges = item_ranges(&src, Some("entries"), &file.entries);
    let mut seen = HashSet::new();
    for (item, &range) in file.entries.iter().zip(&ranges) {
        let e = &item.value;
        require_text(&src, range, "name", &e.name, diags);
        if check_code(&src, range, "uscc", &e.uscc, diags) && !seen.insert(e.uscc.as_str()) {
            diags.push(src.at(
                range,
                &["uscc"],
                format!("{} is on this list twice", e.uscc),
            ));
        }
        if let Some(removed) = e.removed {
            if removed < h.published {
                diags.push(src.at(
                    range,
                    &["removed"],
                    "removed date is before the list was published",
                ));
            }
        }
    }
}

fn check_party(
    src: &Source<'_>,
    range: LineRange,
    party_type: PartyType,
    uscc: Option<&str>,
    diags: &mut Diagnostics,
) {
    match (party_type, uscc) {
        (PartyType::Person, _) => {}
        (_, None) => diags.push(
            src.at(
                range,
                &["party_type"],
                "`uscc` is required unless party_type is person",
            )
            .with_hint("add the party's 统一社会信用代码 as `uscc:`"),
        ),
        (_, Some(code)) => {
            check_code(src, range, "uscc", code, diags);
        }
    }
}

pub(super) fn check_penalties(
    config: &SiteConfig,
    file: &RecordFile<Penalty>,
    diags: &mut Diagnostics,
) {
    let src = file.src.source();
    let ranges = item_ranges(&src, None, &file.records);
    for (item, &range) in file.records.iter().zip(&ranges) {
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

pub(super) fn check_licences(file: &RecordFile<Licence>, diags: &mut Diagnostics) {
    let src = file.src.source();
    let ranges = item_ranges(&src, None, &file.records);
    for (item, &range) in file.records.iter().zip(&ranges) {
        let l = &item.value;
        for (key, value) in [
            ("decision_no", &l.decision_no),
            ("document_name", &l.document_name),
            ("party", &l.party),
            ("content", &l.content),
            ("authority", &l.authority),
        ] {
            require_text(&src, range, key, value, diags);
        }
        check_party(&src, range, l.party_type, l.uscc.as_deref(), diags);
        check_code(&src, range, "authority_uscc", &l.authority_uscc, diags);
        if !LICENCE_CATEGORIES.contains(&l.category.as_str()) {
            diags.push(
                src.at(
                    range,
                    &["category"],
                    format!("`{}` is not a 许可类别", l.category),
                )
                .with_hint(format!("use: {}", LICENCE_CATEGORIES.join("、"))),
            );
        }
        if let (Some(from), Some(to)) = (l.valid_from, l.valid_to) {
            if to < from {
                diags.push(src.at(range, &["valid_to"], "valid_to is before valid_from"));
            }
        }
    }
}
