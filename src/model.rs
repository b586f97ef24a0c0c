//! Domain types every kind shares: dates, codes written as numbers, parties,
//! severities, dated notes, and the front matter of Markdown pages. Each kind's own
//! record types live in its module (see [`crate::kinds`]).
//!
//! These types are decoded strictly (`deny_unknown_fields`) so a typo never vanishes.
//! They are domain types: templates never see them directly (see `views`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A calendar day written as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        if s.len() != 10 {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Day)
    }
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(y, m, d).map(Day)
    }
    pub fn year(self) -> i32 {
        self.0.year()
    }
    /// The same day `months` later (clamped to the month's end, 08-31 + 1 month = 09-30).
    pub fn add_months(self, months: u32) -> Day {
        Day(self
            .0
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX))
    }
    /// The day `days` later.
    pub fn add_days(self, days: u32) -> Day {
        Day(self
            .0
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MAX))
    }
    /// The day before.
    pub fn pred(self) -> Day {
        Day(self.0.pred_opt().unwrap_or(NaiveDate::MIN))
    }
    /// The day after.
    pub fn succ(self) -> Day {
        Day(self.0.succ_opt().unwrap_or(NaiveDate::MAX))
    }
    /// 2099-12-31 marks 长期 (no end) in licences.
    pub fn is_indefinite(self) -> bool {
        self.0.year() >= 2099
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD` (as chrono's `%Y-%m-%d`, written directly: a build prints
    /// millions of dates and parsing the format string each time showed in profiles).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = self.0.year();
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}-{:02}-{:02}", self.0.month(), self.0.day())
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%d"))
        }
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a date; write dates as YYYY-MM-DD, e.g. 2024-03-02"
            ))
        })
    }
}

/// Codes (USCC, licence numbers, phone numbers) written without quotes are read by
/// YAML as numbers when they happen to be all digits; accept those as text.
pub fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Text::deserialize(d).map(|t| t.0)
}

pub fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Text>::deserialize(d).map(|t| t.map(|t| t.0))
}

/// A period label such as `2024` or `2024年度`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_yaml::Value::deserialize(d)?;
        match v {
            serde_yaml::Value::String(s) => Ok(Text(s)),
            // `~`, `null` or nothing: as `key:` reads where text is wanted.
            serde_yaml::Value::Null => Ok(Text(String::new())),
            serde_yaml::Value::Number(n) if !n.is_f64() => Ok(Text(n.to_string())),
            serde_yaml::Value::Number(n) => Err(serde::de::Error::custom(format!(
                "this value was read as the number {n}; put it in quotes, e.g. \"91370117MA3C4D5X2G\", so it stays exactly as written"
            ))),
            _ => Err(serde::de::Error::custom("expected text or a number")),
        }
    }
}

/// 行政相对人类别. Optional in every kind (contract §11: "optional, as in section 6"):
/// a party is an organisation unless the record says otherwise, and one without a
/// `uscc` is then an error, so a person is never published as an organisation by
/// leaving the key out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PartyType {
    #[default]
    Legal,
    IndividualBusiness,
    Person,
}

impl PartyType {
    pub fn label(self) -> &'static str {
        match self {
            PartyType::Legal => "法人及非法人组织",
            PartyType::IndividualBusiness => "个体工商户",
            PartyType::Person => "自然人",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Minor,
    General,
    Serious,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Minor => "轻微",
            Severity::General => "一般",
            Severity::Serious => "严重",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedNote {
    pub date: Day,
    #[serde(default)]
    pub note: String,
}

/// Front matter of a Markdown page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<Day>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    pub template: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_strictly_and_add_months_clamped() {
        assert!(Day::parse("2024-02-30").is_none());
        assert!(Day::parse("2024-3-2").is_none());
        for d in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::default()]
            .into_iter()
            .chain(NaiveDate::from_ymd_opt(9, 1, 2))
            .chain(NaiveDate::from_ymd_opt(10000, 1, 2))
        {
            assert_eq!(Day(d).to_string(), d.format("%Y-%m-%d").to_string());
        }
        let d = Day::parse("2024-08-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2024-09-30");
        assert_eq!(
            Day::parse("2024-03-02").unwrap().add_months(12).to_string(),
            "2025-03-02"
        );
    }
}
