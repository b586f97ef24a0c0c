//! Publication rules shared by the kinds: the legal window of 失信信息 by severity
//! under the two rule profiles (data contract §8), and why a record is not on the
//! public site as of a date. Each kind applies them in its own module (see
//! [`crate::kinds`]).

use crate::config::RulesProfile;
use crate::model::{Day, Severity};

/// The legal publication window of one piece of 失信信息, counted from its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Earliest lawful end of publication (minimum period); `None` when there is none.
    pub min_end: Option<Day>,
    /// Latest lawful end of publication (maximum period, automatic stop).
    pub max_end: Day,
    /// Whether it is published at all without an explicit end date.
    pub published_by_default: bool,
}

/// The window of information of `severity` dated `start` under `profile`.
/// `one_year_group`: in the fields for which the 2023 measures set a one-year minimum.
pub fn severity_window(
    profile: RulesProfile,
    severity: Severity,
    start: Day,
    one_year_group: bool,
) -> Window {
    let d = start;
    match (profile, severity) {
        (RulesProfile::Y2026, Severity::Minor) => Window {
            min_end: None,
            max_end: d.add_months(3),
            published_by_default: false,
        },
        (RulesProfile::Y2026, Severity::General) => Window {
            min_end: Some(d.add_months(3)),
            max_end: d.add_months(12),
            published_by_default: true,
        },
        (RulesProfile::Y2026, Severity::Serious) => Window {
            min_end: Some(d.add_months(12)),
            max_end: d.add_months(36),
            published_by_default: true,
        },
        (RulesProfile::Y2023, severity) => {
            let min_months = if severity == Severity::Serious || one_year_group {
                12
            } else {
                3
            };
            Window {
                min_end: Some(d.add_months(min_months)),
                max_end: d.add_months(36),
                published_by_default: severity != Severity::Minor,
            }
        }
    }
}

/// Why a record is not on the public site as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Withheld {
    /// Dated after the as-of date.
    NotYetPublic,
    /// 轻微 penalty without `publish_until`.
    Minor,
    /// Its publication period (publish_until or the maximum) has ended.
    Expired,
    /// 信用修复.
    Repaired,
    /// 撤销.
    Revoked,
    /// A list entry taken off its list (移出).
    RemovedFromList,
    /// A list past its valid_until.
    ListExpired,
}

impl Withheld {
    pub const ALL: [Withheld; 7] = [
        Withheld::NotYetPublic,
        Withheld::Minor,
        Withheld::Expired,
        Withheld::Repaired,
        Withheld::Revoked,
        Withheld::RemovedFromList,
        Withheld::ListExpired,
    ];

    /// Its key in `build-info.json`.
    pub fn key(self) -> &'static str {
        match self {
            Withheld::NotYetPublic => "NotYetPublic",
            Withheld::Minor => "Minor",
            Withheld::Expired => "Expired",
            Withheld::Repaired => "Repaired",
            Withheld::Revoked => "Revoked",
            Withheld::RemovedFromList => "RemovedFromList",
            Withheld::ListExpired => "ListExpired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Withheld::NotYetPublic => "not yet public (dated after as-of)",
            Withheld::Minor => "minor penalty, not published",
            Withheld::Expired => "publication period ended",
            Withheld::Repaired => "credit repaired (信用修复)",
            Withheld::Revoked => "revoked (撤销)",
            Withheld::RemovedFromList => "removed from list (移出)",
            Withheld::ListExpired => "list expired",
        }
    }
}
