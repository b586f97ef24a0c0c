//! The report as text for a person: a heading and a table per section.

use super::{Report, Timely, WithdrawalStatus, LOOK_AHEAD_DAYS, ONLINE_WITHIN, WITHDRAW_WITHIN};
use crate::model::Day;
use std::fmt::Write;

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "双公示 report — {}", clean(&r.site));
    let _ = writeln!(s, "{}", clean(&r.authority));
    let ledger = match (r.ledger_from, r.ledger_to) {
        (Some(a), Some(b)) => format!("ledger {a} to {b}"),
        _ => "no ledger yet".into(),
    };
    let _ = writeln!(
        s,
        "period {} to {}, made {}; {ledger}",
        r.from, r.to, r.as_of
    );
    for w in &r.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    timeliness(&mut s, r);
    withdrawals(&mut s, r);
    past_period(&mut s, r);
    next(&mut s, r);
    s
}

fn timeliness(s: &mut String, r: &Report) {
    let t = &r.timeliness;
    let _ = writeln!(
        s,
        "\n1. 及时率: penalties and licences decided in the period, online within {ONLINE_WITHIN} working days"
    );
    let mut rows = vec![row(&[
        "month",
        "due",
        "on time",
        "late",
        "not public",
        "pending",
        "unknown",
        "及时率",
    ])];
    for m in t.months.iter().chain([&t.total]) {
        rows.push(vec![
            m.month.clone(),
            m.due.to_string(),
            m.on_time.to_string(),
            m.late.to_string(),
            m.not_public.to_string(),
            m.pending.to_string(),
            m.unknown.to_string(),
            m.rate().map_or("–".into(), |r| format!("{r:.1}%")),
        ]);
    }
    table(s, &rows, &[1, 2, 3, 4, 5, 6, 7]);
    for (status, title) in [
        (Timely::Late, "late (working days from decision to online)"),
        (Timely::NotPublic, "due and still not public"),
    ] {
        let list: Vec<_> = t.records.iter().filter(|x| x.status == status).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n   {title}: {}", list.len());
        let mut rows = vec![row(&[
            "kind",
            "reference",
            "decided",
            "due by",
            "online",
            "working days",
        ])];
        let shown = list.len().min(LIST_ROWS);
        for x in &list[..shown] {
            rows.push(vec![
                x.kind.into(),
                x.reference.clone(),
                x.decided.to_string(),
                x.due_by.to_string(),
                day(x.public_on),
                x.working_days.map_or("–".into(), |n| n.to_string()),
            ]);
        }
        table(s, &rows, &[5]);
        more(s, list.len() - shown);
    }
}

/// Rows listed per table in text; the CSV and JSON list every one.
const LIST_ROWS: usize = 20;

fn more(s: &mut String, left: usize) {
    if left > 0 {
        let _ = writeln!(s, "   … and {left} more (--format csv lists every one)");
    }
}

fn withdrawals(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "\n2. Withdrawals: repaired, revoked or objection upheld in the period, off the site within {WITHDRAW_WITHIN} working days"
    );
    if r.withdrawals.is_empty() {
        let _ = writeln!(s, "   none");
        return;
    }
    let mut rows = vec![row(&[
        "kind",
        "reference",
        "event",
        "on",
        "left on",
        "working days",
        "status",
    ])];
    for w in r.withdrawals.iter().take(LIST_ROWS) {
        rows.push(vec![
            w.kind.into(),
            w.reference.clone(),
            w.event.into(),
            w.event_on.to_string(),
            day(w.left_on),
            w.working_days.map_or("–".into(), |n| n.to_string()),
            w.status.key().replace('_', " "),
        ]);
    }
    table(s, &rows, &[5]);
    more(s, r.withdrawals.len().saturating_sub(LIST_ROWS));
    let late = r
        .withdrawals
        .iter()
        .filter(|w| w.status == WithdrawalStatus::Late)
        .count();
    let still = r
        .withdrawals
        .iter()
        .filter(|w| w.status == WithdrawalStatus::StillOnline)
        .count();
    let _ = writeln!(
        s,
        "   {} in all; {late} left more than {WITHDRAW_WITHIN} working days after the event; {still} still online past that",
        r.withdrawals.len()
    );
}

/// Part of section 2: what stayed online after its period ended.
fn past_period(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "   past their publication period (still online on or after the day it ended):"
    );
    if r.past_period.is_empty() {
        let _ = writeln!(s, "   none");
        return;
    }
    let mut rows = vec![row(&[
        "kind",
        "reference",
        "period ended",
        "left on",
        "days over",
    ])];
    for p in r.past_period.iter().take(LIST_ROWS) {
        rows.push(vec![
            p.kind.into(),
            p.reference.clone(),
            p.period_end.to_string(),
            p.left_on.map_or("still online".into(), |d| d.to_string()),
            p.days_over.to_string(),
        ]);
    }
    table(s, &rows, &[4]);
    more(s, r.past_period.len().saturating_sub(LIST_ROWS));
}

fn next(s: &mut String, r: &Report) {
    let n = &r.next;
    let _ = writeln!(
        s,
        "\n3. What changes next: the {LOOK_AHEAD_DAYS} days from {} to {}",
        r.as_of, n.until
    );
    match n.next_change {
        Some(d) => {
            let _ = writeln!(s, "   next_change: {d} (rebuild on or before that day)");
        }
        None => {
            let _ = writeln!(s, "   next_change: none known");
        }
    }
    if !n.other_days.is_empty() {
        let days: Vec<String> = n.other_days.iter().map(Day::to_string).collect();
        let _ = writeln!(
            s,
            "   on {}: no record appears or leaves, but what the pages show changes (a status such as 已过期, a withdrawal notice 撤回说明, or the rules in force)",
            days.join(", ")
        );
    }
    if n.changes.is_empty() {
        let _ = writeln!(s, "   no record appears or leaves");
        return;
    }
    let mut rows = vec![row(&["on", "kind", "reference", "change", "reason"])];
    for c in n.changes.iter().take(LIST_ROWS) {
        rows.push(vec![
            c.on.to_string(),
            c.kind.into(),
            c.reference.clone(),
            c.change.into(),
            c.reason.into(),
        ]);
    }
    table(s, &rows, &[]);
    more(s, n.changes.len().saturating_sub(LIST_ROWS));
}

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn day(d: Option<Day>) -> String {
    d.map_or("–".into(), |d| d.to_string())
}

/// Writes rows as columns, indented; the `numeric` columns are right-aligned. Control
/// characters in cells (a terminal would act on them) are shown as `�`.
fn table(s: &mut String, rows: &[Vec<String>], numeric: &[usize]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| width(x))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::from("   ");
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c] - width(cell));
            if numeric.contains(&c) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            line.push_str("  ");
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
}

/// Columns a terminal gives `text`: two for CJK and full-width forms, one otherwise.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("钢城交罚〔2024〕12号"), 4 * 2 + 2 * 2 + 4 + 2 + 2);
        assert_eq!(width("late"), 4);
    }
}
