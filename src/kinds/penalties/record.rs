//! The 行政处罚 record as staff write it (data contract §6).

use crate::model::{opt_text_or_number, text_or_number, DatedNote, Day, PartyType, Severity};
use serde::Deserialize;

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
