//! The data contract as Rust types: what agency staff write in `content/`.
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
    /// 2099-12-31 marks 长期 (no end) in licences.
    pub fn is_indefinite(self) -> bool {
        self.0.year() >= 2099
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
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
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Text::deserialize(d).map(|t| t.0)
}

fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
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
            serde_yaml::Value::Number(n) if !n.is_f64() => Ok(Text(n.to_string())),
            serde_yaml::Value::Number(n) => Err(serde::de::Error::custom(format!(
                "this value was read as the number {n}; put it in quotes, e.g. \"91370117MA3C4D5X2G\", so it stays exactly as written"
            ))),
            _ => Err(serde::de::Error::custom("expected text or a number")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyType {
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

/// Header of a grade batch file (`content/grades/*.yaml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchHeader {
    pub title: String,
    pub scale: String,
    pub domain: String,
    #[serde(default)]
    pub sector: String,
    pub period: Text,
    pub authority: String,
    #[serde(default)]
    pub document_no: String,
    pub published: Day,
    pub valid_until: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRecord {
    pub name: String,
    #[serde(deserialize_with = "text_or_number")]
    pub uscc: String,
    pub grade: String,
    pub score: Option<f64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Honour,
    Watch,
    Black,
}

impl ListKind {
    pub fn label(self) -> &'static str {
        match self {
            ListKind::Honour => "守信激励（红名单）",
            ListKind::Watch => "重点关注名单",
            ListKind::Black => "失信惩戒（黑名单）",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Honour => "honour",
            ListKind::Watch => "watch",
            ListKind::Black => "black",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListHeader {
    pub kind: ListKind,
    pub title: String,
    pub authority: String,
    #[serde(default)]
    pub document_no: String,
    #[serde(default)]
    pub basis: String,
    pub published: Day,
    pub valid_until: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    pub name: String,
    #[serde(deserialize_with = "text_or_number")]
    pub uscc: String,
    #[serde(default)]
    pub reason: String,
    pub removed: Option<Day>,
    #[serde(default)]
    pub removed_reason: String,
}

/// One 行政处罚 record (双公示 fields).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    #[serde(deserialize_with = "text_or_number")]
    pub decision_no: String,
    pub party: String,
    pub party_type: PartyType,
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub uscc: Option<String>,
    pub legal_rep: Option<String>,
    /// Kept in the data for the agency's own use; never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub id_number: Option<String>,
    /// Never written to output.
    pub address: Option<String>,
    /// Never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub phone: Option<String>,
    pub violation_type: String,
    pub facts: String,
    pub basis: String,
    pub categories: Vec<String>,
    pub content: String,
    pub fine_wan: Option<f64>,
    pub confiscated_wan: Option<f64>,
    #[serde(default)]
    pub licence_action: String,
    pub decided: Day,
    pub severity: Severity,
    pub publish_until: Option<Day>,
    pub authority: String,
    #[serde(deserialize_with = "text_or_number")]
    pub authority_uscc: String,
    pub repaired: Option<DatedNote>,
    pub revoked: Option<DatedNote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    Valid,
    Revoked,
    Expired,
}

impl LicenceStatus {
    pub fn label(self) -> &'static str {
        match self {
            LicenceStatus::Valid => "有效",
            LicenceStatus::Revoked => "已撤销",
            LicenceStatus::Expired => "已过期",
        }
    }
}

/// One 行政许可 record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    #[serde(deserialize_with = "text_or_number")]
    pub decision_no: String,
    pub document_name: String,
    pub party: String,
    pub party_type: PartyType,
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub uscc: Option<String>,
    pub legal_rep: Option<String>,
    /// Never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub id_number: Option<String>,
    /// Never written to output.
    pub address: Option<String>,
    /// Never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub phone: Option<String>,
    pub category: String,
    #[serde(default)]
    pub certificate: String,
    #[serde(default)]
    #[serde(deserialize_with = "text_or_number")]
    pub licence_no: String,
    pub content: String,
    pub decided: Day,
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
    pub authority: String,
    #[serde(deserialize_with = "text_or_number")]
    pub authority_uscc: String,
    pub status: LicenceStatus,
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

/// 处罚类别 allowed by 《行政处罚法》 art. 9 (plus 其他).
pub const PENALTY_CATEGORIES: &[&str] = &[
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
];

/// 许可类别.
pub const LICENCE_CATEGORIES: &[&str] = &["普通", "特许", "认可", "核准", "登记", "其他"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_strictly_and_add_months_clamped() {
        assert!(Day::parse("2024-02-30").is_none());
        assert!(Day::parse("2024-3-2").is_none());
        let d = Day::parse("2024-08-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2024-09-30");
        assert_eq!(
            Day::parse("2024-03-02").unwrap().add_months(12).to_string(),
            "2025-03-02"
        );
    }
}
