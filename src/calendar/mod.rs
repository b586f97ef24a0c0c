//! The working-day calendar (data contract §12): weekends, the State Council's
//! 法定节假日 and the 调休 weekend days that are working days, as shipped in
//! [`schedule`], extended or corrected by `calendar.holidays` / `calendar.workdays` in
//! site.yaml. A date in a year nobody told us about is counted by weekday alone, and
//! [`Calendar::unknown_years`] says so, so the report can warn instead of guessing
//! silently.

pub mod schedule;

use crate::model::Day;
use chrono::{Datelike, Weekday};
use schedule::SCHEDULES;
use std::collections::{BTreeSet, HashSet};

/// Which days are working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    off: HashSet<Day>,
    work: HashSet<Day>,
    /// Years whose schedule is known (shipped, or given in site.yaml).
    known: BTreeSet<i32>,
}

impl Calendar {
    /// The shipped schedules, with the site's own days on top (a site's day wins over
    /// a shipped one: it may correct it).
    pub fn new(site_holidays: &[Day], site_workdays: &[Day]) -> Calendar {
        let mut cal = Calendar::default();
        for year in SCHEDULES {
            cal.known.insert(year.year);
            for &(from, to) in year.off {
                let (Some(mut d), Some(to)) = (mmdd(year.year, from), mmdd(year.year, to)) else {
                    continue;
                };
                while d <= to {
                    cal.off.insert(d);
                    d = d.succ();
                }
            }
            cal.work
                .extend(year.work.iter().filter_map(|&w| mmdd(year.year, w)));
        }
        for &d in site_holidays {
            cal.work.remove(&d);
            cal.off.insert(d);
            cal.known.insert(d.year());
        }
        for &d in site_workdays {
            cal.off.remove(&d);
            cal.work.insert(d);
            cal.known.insert(d.year());
        }
        cal
    }

    /// The site's calendar (site.yaml `calendar`).
    pub fn of_site(config: &crate::config::SiteConfig) -> Calendar {
        Calendar::new(&config.holidays, &config.workdays)
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: Day) -> bool {
        if self.work.contains(&day) {
            return true;
        }
        if self.off.contains(&day) {
            return false;
        }
        !matches!(day.0.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Whether the calendar knows the holidays of `year`.
    pub fn knows(&self, year: i32) -> bool {
        self.known.contains(&year)
    }

    /// The years the calendar knows, for messages.
    pub fn known_years(&self) -> Vec<i32> {
        self.known.iter().copied().collect()
    }

    /// The years from `from` to `to` (inclusive) whose holidays are not known: their
    /// working days are counted by weekday alone.
    pub fn unknown_years(&self, from: Day, to: Day) -> Vec<i32> {
        (from.year()..=to.year())
            .filter(|y| !self.knows(*y))
            .collect()
    }

    /// The `n`th working day after `day` (`day` itself does not count, whatever it
    /// is): the last day of a "within n working days" period that starts on `day`.
    pub fn add_working_days(&self, day: Day, n: u32) -> Day {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d.succ();
            if d.0 == chrono::NaiveDate::MAX {
                return d;
            }
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to`
    /// is not after `from`): a record decided on `from` and online on `to` took this
    /// many working days.
    pub fn working_days_between(&self, from: Day, to: Day) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ();
            if self.is_working(d) {
                n += 1;
            }
        }
        n
    }
}

fn mmdd(year: i32, mmdd: u16) -> Option<Day> {
    Day::from_ymd(year, u32::from(mmdd / 100), u32::from(mmdd % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn shipped() -> Calendar {
        Calendar::new(&[], &[])
    }

    #[test]
    fn weekends_holidays_and_adjusted_saturdays() {
        let cal = shipped();
        assert!(cal.is_working(d("2026-11-23")), "a Monday");
        assert!(!cal.is_working(d("2026-11-22")), "a Sunday");
        assert!(!cal.is_working(d("2026-10-01")), "国庆");
        assert!(!cal.is_working(d("2026-02-16")), "春节, a Monday");
        assert!(cal.is_working(d("2026-02-14")), "调休 Saturday before 春节");
        assert!(cal.is_working(d("2026-02-28")), "调休 Saturday after 春节");
        assert!(cal.is_working(d("2026-10-10")), "调休 Saturday after 国庆");
        assert!(
            cal.is_working(d("2024-09-29")),
            "调休 Sunday before 国庆 2024"
        );
        assert!(
            !cal.is_working(d("2025-10-08")),
            "国庆+中秋 2025, a Wednesday"
        );
        assert!(cal.is_working(d("2022-10-09")), "调休 Sunday 2022");
    }

    #[test]
    fn seventh_working_day_after_the_eve_of_national_day() {
        let cal = shipped();
        // Decided Wed 2026-09-30. 10-01..07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat
        // (调休), 10-12 Mon, 10-13, 10-14, 10-15.
        assert_eq!(cal.add_working_days(d("2026-09-30"), 7), d("2026-10-15"));
        // 2025: 10-01..08 off, 10-11 Sat works: 09, 10, 11, 13, 14, 15, 16.
        assert_eq!(cal.add_working_days(d("2025-09-30"), 7), d("2025-10-16"));
        assert_eq!(
            cal.working_days_between(d("2026-09-30"), d("2026-10-15")),
            7
        );
        assert_eq!(
            cal.working_days_between(d("2026-09-30"), d("2026-10-16")),
            8
        );
    }

    #[test]
    fn across_spring_festival() {
        let cal = shipped();
        // Decided Thu 2026-02-12: 02-13 Fri (1), 02-14 Sat 调休 (2), 02-15..23 off,
        // 02-24 Tue (3), 25 (4), 26 (5), 27 (6), 28 Sat 调休 (7).
        assert_eq!(cal.add_working_days(d("2026-02-12"), 7), d("2026-02-28"));
        // 2024: decided Thu 02-08: 09 Fri (1), 10..17 off, 18 Sun 调休 (2), 19..23 (3..7).
        assert_eq!(cal.add_working_days(d("2024-02-08"), 7), d("2024-02-23"));
    }

    #[test]
    fn between_counts_working_days_after_the_first_day() {
        let cal = shipped();
        assert_eq!(
            cal.working_days_between(d("2026-11-23"), d("2026-11-23")),
            0
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-23"), d("2026-11-20")),
            0
        );
        // Fri → Mon: Saturday and Sunday do not count.
        assert_eq!(
            cal.working_days_between(d("2026-11-20"), d("2026-11-23")),
            1
        );
        for n in 0..40 {
            let start = d("2026-09-20");
            let end = cal.add_working_days(start, n);
            assert_eq!(cal.working_days_between(start, end), n);
        }
    }

    #[test]
    fn the_site_extends_and_corrects_the_schedule() {
        let cal = Calendar::new(&[d("2027-02-08")], &[d("2027-02-20")]);
        assert!(!cal.is_working(d("2027-02-08")), "a site holiday, a Monday");
        assert!(cal.is_working(d("2027-02-20")), "a site 调休 Saturday");
        assert!(cal.knows(2027), "a year the site gave days for");
        let corrected = Calendar::new(&[d("2026-02-14")], &[d("2026-10-05")]);
        assert!(!corrected.is_working(d("2026-02-14")));
        assert!(corrected.is_working(d("2026-10-05")));
    }

    #[test]
    fn unknown_years_are_said_not_guessed() {
        let cal = shipped();
        assert!(cal.knows(2024));
        assert_eq!(
            cal.unknown_years(d("2021-12-01"), d("2022-01-10")),
            vec![2021]
        );
        assert_eq!(
            cal.unknown_years(d("2026-12-01"), d("2028-01-10")),
            vec![2027, 2028]
        );
        assert!(cal
            .unknown_years(d("2023-01-01"), d("2026-12-31"))
            .is_empty());
    }

    #[test]
    fn every_shipped_schedule_is_coherent() {
        for y in SCHEDULES {
            for &w in y.work {
                let day = mmdd(y.year, w).expect("a real date");
                assert!(
                    matches!(day.0.weekday(), Weekday::Sat | Weekday::Sun),
                    "{day} is a 调休 working day, so it must be a weekend day"
                );
            }
            for &(from, to) in y.off {
                let (a, b) = (mmdd(y.year, from).unwrap(), mmdd(y.year, to).unwrap());
                assert!(a <= b, "{a}..{b}");
            }
        }
    }
}
