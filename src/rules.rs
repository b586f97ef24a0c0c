//! Publication rules shared by the kinds: the legal window of 失信信息 by severity
//! under the two rule profiles (data contract §8), and why a record is not on the
//! public site as of a date. Each kind applies them in its own module (see
//! [`crate::kinds`]).

use crate::model::{Day, Severity};

/// Which publication-period rules apply (data contract §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RulesProfile {
    /// 失信行为纠正后的信用信息修复管理办法（试行）, 国家发展改革委令第58号, in force
    /// 2023-05-01 to 2026-03-31.
    Y2023,
    /// 信用修复管理办法, in force 2026-04-01.
    Y2026,
}

/// The day the 2026 measures came into force.
pub fn y2026_from() -> Day {
    Day::from_ymd(2026, 4, 1).unwrap_or(Day(chrono::NaiveDate::MIN))
}

/// The day the 2023 measures came into force.
pub fn y2023_from() -> Day {
    Day::from_ymd(2023, 5, 1).unwrap_or(Day(chrono::NaiveDate::MIN))
}

impl RulesProfile {
    /// Its name in `site.yaml` and `build-info.json`.
    pub fn key(self) -> &'static str {
        match self {
            RulesProfile::Y2026 => "2026",
            RulesProfile::Y2023 => "2023",
        }
    }

    /// The measures it implements.
    pub fn law(self) -> &'static str {
        match self {
            RulesProfile::Y2026 => "信用修复管理办法",
            RulesProfile::Y2023 => "失信行为纠正后的信用信息修复管理办法（试行）",
        }
    }
}

/// `disclosure.rules`: one profile for every date, or the one in force on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesSetting {
    /// The profile in force on the as-of date (the default, contract v2).
    Auto,
    Fixed(RulesProfile),
}

impl RulesSetting {
    /// Its name in `site.yaml` and `build-info.json`.
    pub fn key(self) -> &'static str {
        match self {
            RulesSetting::Auto => "auto",
            RulesSetting::Fixed(p) => p.key(),
        }
    }

    /// The profile applied on `day`. Before 2023-05-01 `auto` applies the 2023
    /// measures, the oldest gongshi knows (see [`RulesSetting::is_guess`]).
    pub fn on(self, day: Day) -> RulesProfile {
        match self {
            RulesSetting::Fixed(p) => p,
            RulesSetting::Auto if day >= y2026_from() => RulesProfile::Y2026,
            RulesSetting::Auto => RulesProfile::Y2023,
        }
    }

    /// Whether `auto` had no profile in force on `day` and fell back to 2023.
    pub fn is_guess(self, day: Day) -> bool {
        self == RulesSetting::Auto && day < y2023_from()
    }

    /// The profiles a record dated `date` is checked against when the site is built
    /// as of `as_of`: those in force on some day from its date to the as-of day; and
    /// for a record dated after the as-of day (not public yet, which is not an error,
    /// §8), those in force on its date or later, any of which may be in force when it
    /// goes public.
    pub fn checked(self, date: Day, as_of: Day) -> Vec<RulesProfile> {
        let to = if as_of < date {
            date.max(y2026_from())
        } else {
            as_of
        };
        self.between(date, to)
    }

    /// The profiles applied on some day from `from` to `to` (both included).
    pub fn between(self, from: Day, to: Day) -> Vec<RulesProfile> {
        let (a, b) = (self.on(from.min(to)), self.on(from.max(to)));
        if a == b {
            vec![a]
        } else {
            vec![a, b]
        }
    }
}

/// The widest of some windows: the earliest minimum, the latest maximum.
pub fn widest(windows: &[Window]) -> Option<Window> {
    let first = *windows.first()?;
    Some(windows.iter().skip(1).fold(first, |w, x| Window {
        min_end: match (w.min_end, x.min_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        },
        max_end: w.max_end.max(x.max_end),
        published_by_default: w.published_by_default || x.published_by_default,
    }))
}

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
        // 国家发展改革委令第58号: three months at least for every penalty, whatever its
        // severity; a year for 食品、药品、特种设备、安全生产、消防.
        (RulesProfile::Y2023, severity) => {
            let min_months = if one_year_group { 12 } else { 3 };
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
    /// An objection (异议) was upheld.
    ObjectionUpheld,
}

impl Withheld {
    /// Every reason (the ledger reads back the words it writes). A variant added to
    /// the enum goes here too: [`Withheld::index`], whose match the compiler holds to
    /// every variant, is tested against this list.
    pub const ALL: [Withheld; 8] = [
        Withheld::NotYetPublic,
        Withheld::Minor,
        Withheld::Expired,
        Withheld::Repaired,
        Withheld::Revoked,
        Withheld::RemovedFromList,
        Withheld::ListExpired,
        Withheld::ObjectionUpheld,
    ];

    /// The place of a reason in [`Withheld::ALL`].
    pub fn index(self) -> usize {
        match self {
            Withheld::NotYetPublic => 0,
            Withheld::Minor => 1,
            Withheld::Expired => 2,
            Withheld::Repaired => 3,
            Withheld::Revoked => 4,
            Withheld::RemovedFromList => 5,
            Withheld::ListExpired => 6,
            Withheld::ObjectionUpheld => 7,
        }
    }

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
            Withheld::ObjectionUpheld => "ObjectionUpheld",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Withheld::NotYetPublic => "not yet public (dated after as-of)",
            Withheld::Minor => "minor (轻微), not published",
            Withheld::Expired => "publication period ended",
            Withheld::Repaired => "credit repaired (信用修复)",
            Withheld::Revoked => "revoked (撤销)",
            Withheld::RemovedFromList => "removed from list (移出)",
            Withheld::ListExpired => "list expired",
            Withheld::ObjectionUpheld => "objection upheld (异议成立)",
        }
    }
}
