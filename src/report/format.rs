//! The report laid out for a reader: text for a person, CSV for a spreadsheet, JSON
//! for a dashboard. All three carry the same numbers.

use super::{Report, Tally};
use crate::model::Day;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The report in `format`.
pub fn render(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Text => super::text::render(report).into_bytes(),
        Format::Csv => csv(report),
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(&json(report)).unwrap_or_default();
            v.push(b'\n');
            v
        }
    }
}

fn json(report: &Report) -> serde_json::Value {
    let mut v = serde_json::to_value(report).unwrap_or_default();
    let rate = |t: &Tally| serde_json::json!(t.rate());
    if let Some(t) = v.get_mut("timeliness") {
        t["total"]["rate_percent"] = rate(&report.timeliness.total);
        for (m, tally) in report.timeliness.months.iter().enumerate() {
            t["months"][m]["rate_percent"] = rate(tally);
        }
    }
    v
}

/// The columns of the CSV: one table, a `section` column saying what a row is, so
/// that a spreadsheet can filter by it.
pub const CSV_COLUMNS: [&str; 17] = [
    "section",
    "month",
    "kind",
    "reference",
    "decided_or_event",
    "event",
    "due_by",
    "public_or_left_on",
    "working_days",
    "status",
    "due",
    "on_time",
    "late",
    "not_public",
    "pending",
    "unknown",
    "rate_percent",
];

fn csv(report: &Report) -> Vec<u8> {
    // A BOM, so that a spreadsheet opens the file as UTF-8.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let t = &report.timeliness;
    for tally in t.months.iter().chain([&t.total]) {
        let mut row = vec![String::new(); CSV_COLUMNS.len()];
        row[0] = "timeliness_summary".into();
        row[1] = tally.month.clone();
        for (i, n) in [
            tally.due,
            tally.on_time,
            tally.late,
            tally.not_public,
            tally.pending,
            tally.unknown,
        ]
        .into_iter()
        .enumerate()
        {
            row[10 + i] = n.to_string();
        }
        row[16] = tally.rate().map(|r| format!("{r:.1}")).unwrap_or_default();
        rows.push(row);
    }
    for r in &t.records {
        rows.push(vec![
            "timeliness".into(),
            r.decided.to_string()[..7].to_string(),
            r.kind.into(),
            r.reference.clone(),
            r.decided.to_string(),
            String::new(),
            r.due_by.to_string(),
            day(r.public_on),
            num(r.working_days),
            r.status.key().into(),
        ]);
    }
    for w in &report.withdrawals {
        rows.push(vec![
            "withdrawal".into(),
            w.event_on.to_string()[..7].to_string(),
            w.kind.into(),
            w.reference.clone(),
            w.event_on.to_string(),
            w.event.into(),
            String::new(),
            day(w.left_on),
            num(w.working_days),
            w.status.key().into(),
        ]);
    }
    for p in &report.past_period {
        rows.push(vec![
            "past_period".into(),
            p.period_end.to_string()[..7].to_string(),
            p.kind.into(),
            p.reference.clone(),
            p.period_end.to_string(),
            format!("period ended; online {} day(s) past it", p.days_over),
            String::new(),
            day(p.left_on),
            String::new(),
            if p.left_on.is_some() {
                "left_late"
            } else {
                "still_online"
            }
            .into(),
        ]);
    }
    // The site's next_change, as the text and the JSON give it (found by an audit:
    // the CSV had only the changes of the next 30 days).
    let next = report.next.next_change;
    rows.push(vec![
        "next_change".into(),
        next.map(|d| d.to_string()[..7].to_string())
            .unwrap_or_default(),
        String::new(),
        String::new(),
        day(next),
        match next {
            Some(_) => "rebuild on or before this day".into(),
            None => "none known".into(),
        },
    ]);
    for c in &report.next.changes {
        rows.push(vec![
            "next".into(),
            c.on.to_string()[..7].to_string(),
            c.kind.into(),
            c.reference.clone(),
            c.on.to_string(),
            c.reason.into(),
            String::new(),
            String::new(),
            String::new(),
            c.change.into(),
        ]);
    }
    for d in &report.next.other_days {
        rows.push(vec![
            "next".into(),
            d.to_string()[..7].to_string(),
            String::new(),
            String::new(),
            d.to_string(),
            "no record appears or leaves; a status, a withdrawal notice or the rules change".into(),
            String::new(),
            String::new(),
            String::new(),
            "pages_change".into(),
        ]);
    }
    let _ = w.write_record(CSV_COLUMNS);
    for mut row in rows {
        row.resize(CSV_COLUMNS.len(), String::new());
        // Writing into a Vec cannot fail.
        let _ = w.write_record(
            row.iter()
                .map(|c| crate::exports::neutralise_formula(c).into_owned()),
        );
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}
