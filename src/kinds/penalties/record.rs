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
    #[serde(default)]
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
    /// 简易程序 or 普通程序 (v2); a simple-procedure penalty is 轻微 by law.
    pub procedure: Option<Procedure>,
    /// 重点领域 (gongshi's own key, not in the contract): 食品, 药品, 特种设备, 安全生产
    /// or 消防 put the record in the group the 2023 measures give a one-year minimum.
    /// Without it, those words in `violation_type` or `basis` decide.
    pub domain: Option<String>,
    pub publish_until: Option<Day>,
    pub authority: String,
    #[serde(deserialize_with = "text_or_number")]
    pub authority_uscc: String,
    pub repaired: Option<DatedNote>,
    pub revoked: Option<Revocation>,
    /// 异议 (v2).
    pub objection: Option<Objection>,
    /// 上网公示日期, when staff record it (v2).
    pub online: Option<Day>,
    /// 备注, published (v2).
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 简易程序.
    Simple,
    /// 普通程序.
    Ordinary,
}

/// Why a decision was withdrawn (行政处罚法 第四十八条).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum RevocationReason {
    #[default]
    #[serde(rename = "撤销")]
    Revoked,
    #[serde(rename = "变更")]
    Changed,
    #[serde(rename = "确认违法")]
    Unlawful,
    #[serde(rename = "确认无效")]
    Void,
}

impl RevocationReason {
    pub fn label(self) -> &'static str {
        match self {
            RevocationReason::Revoked => "撤销",
            RevocationReason::Changed => "变更",
            RevocationReason::Unlawful => "确认违法",
            RevocationReason::Void => "确认无效",
        }
    }
}

/// 撤销 (or 变更, 确认违法, 确认无效) of a decision.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    pub date: Day,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reason: RevocationReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    /// 异议处理中.
    Pending,
    /// 异议成立: the record leaves on `resolved`.
    Upheld,
    /// 异议不成立.
    Rejected,
}

/// An objection (异议) to the published record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub filed: Day,
    pub status: ObjectionStatus,
    pub resolved: Option<Day>,
    #[serde(default)]
    pub note: String,
}

/// 处罚类别 that are never 轻微: `minor` with one of them is an error, `general` a
/// warning (data contract §6).
pub const HEAVY_CATEGORIES: &[&str] = &[
    "吊销许可证件",
    "责令关闭",
    "限制从业",
    "责令停产停业",
    "限制开展生产经营活动",
];

/// 处罚类别 of a penalty that is hardly 严重 on its own.
pub const LIGHT_CATEGORIES: &[&str] = &["警告", "通报批评"];

/// The fields given a one-year minimum by the 2023 measures.
pub const ONE_YEAR_DOMAINS: &[&str] = &["食品", "药品", "特种设备", "安全生产", "消防"];

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
