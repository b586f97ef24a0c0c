//! `gongshi report` (data contract §12): what an inspector asks of the site, answered
//! from its data, its publication ledger and the working-day calendar.
//! - timeliness (及时率) of the penalties and licences decided in the period: online
//!   within 7 working days of the decision or late, per month and overall;
//! - withdrawals: repaired, revoked and upheld-objection records, when they left the
//!   site, and which left more than 3 working days after the event;
//! - past their period: records the site kept online after their publication period
//!   ended;
//! - what changes next: the records that appear or leave in the next 30 days.
//!
//! The numbers are computed here once; [`format`] only lays them out (text, CSV,
//! JSON), so every format says the same.

pub mod format;
mod next;
mod past_period;
mod text;
mod withdrawals;

pub use next::{Change, NextChanges};
pub use past_period::PastPeriod;
pub use withdrawals::{Withdrawal, WithdrawalStatus};

use crate::calendar::Calendar;
use crate::diag::Diagnostics;
use crate::kinds::{Accountable, CheckCx, REGISTRY};
use crate::ledger::Ledger;
use crate::load::LoadedFile;
use crate::model::Day;
use crate::site::Site;
use crate::validate::validate;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Online within this many working days of the decision (双公示: 7 个工作日).
pub const ONLINE_WITHIN: u32 = 7;
/// A repaired, revoked or upheld record should leave within this many working days.
pub const WITHDRAW_WITHIN: u32 = 3;
/// How far ahead "what changes next" looks.
pub const LOOK_AHEAD_DAYS: u32 = 30;

/// What to report on, as given on the command line.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub site: PathBuf,
    /// Default: 1 January of the year of `to`.
    pub from: Option<Day>,
    /// Default: the report date.
    pub to: Option<Day>,
    /// The day the report is made (default: today in the site's time zone).
    pub as_of: Option<Day>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub site: String,
    pub authority: String,
    pub from: Day,
    pub to: Day,
    pub as_of: Day,
    /// The first and latest dates in the ledger (none: no ledger yet).
    pub ledger_from: Option<Day>,
    pub ledger_to: Option<Day>,
    /// What the reader must know to trust the numbers (unknown calendar years, …).
    pub warnings: Vec<String>,
    pub timeliness: Timeliness,
    pub withdrawals: Vec<Withdrawal>,
    /// Records kept online past the end of their publication period.
    pub past_period: Vec<PastPeriod>,
    pub next: NextChanges,
}

/// Counts of one month (`YYYY-MM`) or of the whole period (`total`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    pub month: String,
    /// Due: on time + late + not public.
    pub due: usize,
    pub on_time: usize,
    pub late: usize,
    /// Due, and still not public.
    pub not_public: usize,
    /// Decided, not public yet, and not due yet.
    pub pending: usize,
    /// Due before the ledger began, with neither an `online` date nor a ledger row
    /// (it left the site before): nobody knows.
    pub unknown: usize,
}

impl Tally {
    /// 及时率 in percent, one decimal (`None` when nothing was due).
    pub fn rate(&self) -> Option<f64> {
        (self.due > 0).then(|| (self.on_time as f64 * 1000.0 / self.due as f64).round() / 10.0)
    }
}

/// Whether one record went online in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timely {
    OnTime,
    Late,
    NotPublic,
    Pending,
    Unknown,
}

impl Timely {
    pub fn key(self) -> &'static str {
        match self {
            Timely::OnTime => "on_time",
            Timely::Late => "late",
            Timely::NotPublic => "not_public",
            Timely::Pending => "pending",
            Timely::Unknown => "unknown",
        }
    }
}

/// One penalty or licence decided in the period.
#[derive(Debug, Clone, Serialize)]
pub struct TimelyRecord {
    pub kind: &'static str,
    pub reference: String,
    pub decided: Day,
    /// The 7th working day after `decided`.
    pub due_by: Day,
    pub public_on: Option<Day>,
    /// `online` (the data's 上网公示日期) or `ledger`.
    pub source: Option<&'static str>,
    /// Working days from the decision to `public_on`.
    pub working_days: Option<u32>,
    pub status: Timely,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeliness {
    pub months: Vec<Tally>,
    pub total: Tally,
    /// Every record decided in the period, by decision date.
    pub records: Vec<TimelyRecord>,
}

impl Report {
    /// Anything late: a record online late or not online though due, a withdrawal
    /// late or still waiting, or a record kept online past its period (for
    /// `--fail-on-late`).
    pub fn anything_late(&self) -> bool {
        self.timeliness.total.late + self.timeliness.total.not_public > 0
            || self.withdrawals.iter().any(|w| w.status.is_late())
            || !self.past_period.is_empty()
    }
}

/// What the sections are computed from.
#[derive(Clone, Copy)]
struct Inputs<'a> {
    /// The records the report follows, with their kind's key.
    followed: &'a [(&'static str, Accountable)],
    ledger: &'a Ledger,
    calendar: &'a Calendar,
    /// `--from`, `--to`.
    period: (Day, Day),
    /// The report date: what lies after it has not happened yet.
    as_of: Day,
    /// The ledger's first date (`None`: no ledger).
    ledger_from: Option<Day>,
}

/// Makes the report. Fails when the site does not pass `gongshi check` or its ledger
/// cannot be read.
pub fn report(opts: &ReportOptions) -> Result<Report, Diagnostics> {
    let site = Site::open(&opts.site, None, opts.as_of)?;
    let checked = validate(&site)?;
    let ledger = Ledger::read(&opts.site)?;
    let config = &site.config;
    let as_of = site.as_of;
    let to = opts.to.unwrap_or(as_of);
    let from = opts
        .from
        .unwrap_or_else(|| Day::from_ymd(to.year(), 1, 1).unwrap_or(to));
    if from > to {
        return Err(crate::diag::Diagnostic::whole_file(
            "gongshi report",
            format!("the period starts on {from}, after its end {to}"),
        )
        .with_hint(
            "give --from on or before --to (--to defaults to the report date, --as-of or today)",
        )
        .into());
    }
    let calendar = Calendar::of_site(config);
    let cx = CheckCx { config, as_of };
    let mut followed: Vec<(&'static str, Accountable)> = Vec::new();
    for file in site.files() {
        if let LoadedFile::Data(d) = file {
            let kind = REGISTRY[d.kind];
            let mut out = Vec::new();
            kind.accountable(&cx, d.data.as_ref(), &mut out);
            followed.extend(out.into_iter().map(|a| (kind.key(), a)));
        }
    }
    let ledger_from = ledger.entries().map(|e| e.first_public).min();
    let mut warnings = Vec::new();
    if ledger.is_empty() {
        warnings.push(format!(
            "there is no {} yet: `gongshi build` starts it; until then only records with an `online:` date count as public",
            crate::ledger::FILE_NAME
        ));
    }
    let inputs = Inputs {
        followed: &followed,
        ledger: &ledger,
        calendar: &calendar,
        period: (from, to),
        as_of,
        ledger_from,
    };
    let timeliness = timeliness(&inputs);
    let withdrawals = withdrawals::withdrawals(&inputs);
    // The years whose working days were counted: the period, and after it each
    // deadline (a record decided on 31 December is due in January) and each day a
    // record went online or left. Not the as-of date itself: a report on 2019 made
    // today counts no day of 2020 unless a record of it does (found by audits: the 30
    // days ahead, then the years up to today, made warnings about calendars the
    // report never used). Nor the period's days after the as-of date, which have not
    // happened yet.
    let counted_to = timeliness
        .records
        .iter()
        .flat_map(|r| [Some(r.due_by), r.public_on])
        .chain(withdrawals.iter().flat_map(|w| {
            let deadline = calendar.add_working_days(w.event_on, WITHDRAW_WITHIN);
            [Some(deadline), w.left_on]
        }))
        .flatten()
        .fold(to.min(as_of), Day::max);
    warnings.splice(
        0..0,
        calendar_warnings(&calendar, from.min(counted_to), counted_to),
    );
    let began = ledger_from.map(|d| d.to_string()).unwrap_or_default();
    if timeliness.total.unknown > 0 && !ledger.is_empty() {
        warnings.push(format!(
            "{} record(s) were due online before the ledger began ({began}), have no `online:` date and are not in the ledger: when they went online is not known, so they are left out of the rate",
            timeliness.total.unknown,
        ));
    }
    let by_first_build = timeliness
        .records
        .iter()
        .filter(|r| r.source == Some("ledger") && ledger_from.is_some_and(|start| r.due_by < start))
        .count();
    if by_first_build > 0 {
        warnings.push(format!(
            "{by_first_build} record(s) were due online before the ledger began ({began}) and are timed by the first build that published them; if they were online earlier, give them their `online:` (上网公示日期) date"
        ));
    }
    let past_period = past_period::past_period(&inputs);
    let next = next::next_changes(&checked, as_of);
    Ok(Report {
        site: config.title.clone(),
        authority: config.authority.name.clone(),
        from,
        to,
        as_of,
        ledger_from,
        ledger_to: ledger.latest(),
        warnings,
        timeliness,
        withdrawals,
        past_period,
        next,
    })
}

fn calendar_warnings(calendar: &Calendar, from: Day, to: Day) -> Vec<String> {
    let unknown = calendar.unknown_years(from, to);
    if unknown.is_empty() {
        return Vec::new();
    }
    let years: Vec<String> = unknown.iter().map(i32::to_string).collect();
    let known: Vec<String> = calendar.known_years().iter().map(i32::to_string).collect();
    vec![format!(
        "the holiday calendar (国务院办公厅节假日安排) is not known for {}: working days there are counted as Monday to Friday. gongshi knows {}; add that year's days to site.yaml `calendar.holidays` and `calendar.workdays`",
        years.join(", "),
        known.join(", ")
    )]
}

/// The 7-working-day rule for the records decided in `period`.
fn timeliness(inputs: &Inputs<'_>) -> Timeliness {
    let Inputs {
        followed,
        ledger,
        calendar,
        period: (from, to),
        as_of,
        ledger_from,
    } = *inputs;
    let mut records = Vec::new();
    for (kind, a) in followed {
        let Some(decided) = a.decided.filter(|&d| from <= d && d <= to && d <= as_of) else {
            continue;
        };
        if !a.published {
            continue;
        }
        let due_by = calendar.add_working_days(decided, ONLINE_WITHIN);
        // What lies after the report date has not happened yet.
        // Online on or after the decision: a time online that ended before it (the
        // decision date corrected to a later day) is not this decision's.
        let from_ledger = ledger
            .online_from(kind, &a.id, decided)
            .filter(|&d| d <= as_of);
        let online = a.online.filter(|&d| d <= as_of);
        let (public_on, source) = match (online, from_ledger) {
            (Some(d), _) => (Some(d), Some("online")),
            (None, Some(d)) => (Some(d), Some("ledger")),
            (None, None) => (None, None),
        };
        // Taken off before it was due and never seen online: nothing was owed.
        if public_on.is_none() && a.event.is_some_and(|(_, d)| d <= due_by) {
            continue;
        }
        let before_ledger = online.is_none() && ledger_from.is_none_or(|start| due_by < start);
        let working_days = public_on.map(|p| calendar.working_days_between(decided, p));
        // Data contract §12: timed by the `online` date, else by the ledger's first
        // public date, also for a record due before the ledger began (the report
        // warns that it may have been online earlier, by hand).
        let status = match working_days {
            Some(n) if n <= ONLINE_WITHIN => Timely::OnTime,
            Some(_) => Timely::Late,
            None if before_ledger => Timely::Unknown,
            None if as_of > due_by => Timely::NotPublic,
            None => Timely::Pending,
        };
        records.push(TimelyRecord {
            kind,
            reference: a.reference.clone(),
            decided,
            due_by,
            public_on,
            source,
            working_days,
            status,
        });
    }
    records
        .sort_by(|a, b| (a.decided, a.kind, &a.reference).cmp(&(b.decided, b.kind, &b.reference)));
    // Every month of the period has a row, those with nothing decided too.
    let mut months: BTreeMap<String, Tally> = BTreeMap::new();
    let mut m = Day::from_ymd(from.year(), from.0.month(), 1).unwrap_or(from);
    while m <= to.min(as_of) {
        let key = m.to_string()[..7].to_string();
        months.insert(
            key.clone(),
            Tally {
                month: key,
                ..Tally::default()
            },
        );
        m = m.add_months(1);
    }
    let mut total = Tally {
        month: "total".into(),
        ..Tally::default()
    };
    for r in &records {
        let month = r.decided.to_string()[..7].to_string();
        let m = months.entry(month.clone()).or_insert_with(|| Tally {
            month,
            ..Tally::default()
        });
        for t in [&mut *m, &mut total] {
            match r.status {
                Timely::OnTime => t.on_time += 1,
                Timely::Late => t.late += 1,
                Timely::NotPublic => t.not_public += 1,
                Timely::Pending => t.pending += 1,
                Timely::Unknown => t.unknown += 1,
            }
            t.due = t.on_time + t.late + t.not_public;
        }
    }
    Timeliness {
        months: months.into_values().collect(),
        total,
        records,
    }
}
