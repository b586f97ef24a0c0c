//! A credit pledge (信用承诺) as staff write it (data contract §11).

use crate::model::{opt_text_or_number, text_or_number, DatedNote, Day, PartyType, Severity};
use serde::Deserialize;

/// 承诺类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PledgeType {
    /// 审批替代型（告知承诺）.
    Approval,
    /// 证明事项告知承诺.
    Certification,
    /// 主动型.
    Voluntary,
    /// 信用修复型.
    Repair,
    /// 行业自律型.
    Industry,
}

impl PledgeType {
    pub const ALL: [PledgeType; 5] = [
        PledgeType::Approval,
        PledgeType::Certification,
        PledgeType::Voluntary,
        PledgeType::Repair,
        PledgeType::Industry,
    ];

    /// Its name in the data and in URLs (`/pledges/type/approval/`).
    pub fn key(self) -> &'static str {
        match self {
            PledgeType::Approval => "approval",
            PledgeType::Certification => "certification",
            PledgeType::Voluntary => "voluntary",
            PledgeType::Repair => "repair",
            PledgeType::Industry => "industry",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PledgeType::Approval => "审批替代型（告知承诺）",
            PledgeType::Certification => "证明事项告知承诺",
            PledgeType::Voluntary => "主动型承诺",
            PledgeType::Repair => "信用修复型承诺",
            PledgeType::Industry => "行业自律型承诺",
        }
    }
}

/// 履约情况.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentStatus {
    /// 已履约.
    Kept,
    /// 违诺.
    Breached,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fulfilment {
    pub status: FulfilmentStatus,
    pub date: Day,
    /// Breached only (default general).
    pub severity: Option<Severity>,
    #[serde(default)]
    pub note: String,
}

/// One 信用承诺.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pledge {
    /// 承诺编号, unique across the site.
    #[serde(deserialize_with = "text_or_number")]
    pub id: String,
    pub party: String,
    #[serde(default)]
    pub party_type: PartyType,
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub uscc: Option<String>,
    /// Kept in the data for the agency's own use; never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub id_number: Option<String>,
    /// Never written to output.
    pub address: Option<String>,
    /// Never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub phone: Option<String>,
    #[serde(rename = "type")]
    pub pledge_type: PledgeType,
    /// 承诺事项.
    pub matter: String,
    /// 承诺内容.
    #[serde(default)]
    pub text: String,
    /// The 承诺书 scan, a path under `content/`.
    pub file: Option<String>,
    pub signed: Day,
    pub valid_until: Option<Day>,
    /// 受理单位.
    pub authority: String,
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub authority_uscc: Option<String>,
    pub fulfilment: Option<Fulfilment>,
    pub repaired: Option<DatedNote>,
}

/// How long a pledge without `valid_until` is valid (months).
const THREE_YEARS: u32 = 36;

impl Pledge {
    /// The last day it is valid: `valid_until`, or, when absent, the same date three
    /// years after `signed` (contract §11: "3 years after `signed`"). That is also how
    /// 民法典 第二百零一、二百零二条 count a period in years: from the day after the
    /// signing, ending on the corresponding date, or on the last day of the month when
    /// there is none (a pledge signed on 29 February 2024 ends on 28 February 2027).
    /// So an absent `valid_until` reads as `valid_until` written as that date.
    pub fn last_valid_day(&self) -> Day {
        self.valid_until
            .unwrap_or_else(|| self.signed.add_months(THREE_YEARS))
    }

    /// The breach and its severity, if it was breached.
    pub fn breach(&self) -> Option<(Day, Severity)> {
        self.fulfilment
            .as_ref()
            .filter(|f| f.status == FulfilmentStatus::Breached)
            .map(|f| (f.date, f.severity.unwrap_or(Severity::General)))
    }
}
