//! A grade batch file as staff write it (data contract §4).

use crate::model::{text_or_number, Day, Text};
use serde::Deserialize;

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
    /// (v2) 一票否决: why the grade is lower than the score's band allows; shown.
    #[serde(default)]
    pub veto: String,
}
