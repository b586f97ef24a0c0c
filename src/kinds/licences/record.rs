//! The 行政许可 record as staff write it (data contract §7).

use crate::model::{opt_text_or_number, text_or_number, Day, PartyType};
use serde::Deserialize;

/// The status as written; `valid` when not written (contract §7, v2: the status shown
/// is derived from it and the dates).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    #[default]
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

    /// Its name in the data and in CSS classes (`status-revoked`).
    pub fn key(self) -> &'static str {
        match self {
            LicenceStatus::Valid => "valid",
            LicenceStatus::Revoked => "revoked",
            LicenceStatus::Expired => "expired",
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
    /// 行政相对人名称: contract §7 does not require it (a warning when left out).
    #[serde(default)]
    pub party: String,
    #[serde(default)]
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
    /// 许可类别, optional (the contract marks it as no other key's requirement).
    #[serde(default)]
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
    /// 许可机关: the site's authority when left out ([`super::Licences`] resolves it).
    #[serde(default)]
    pub authority: String,
    /// Its code: the site authority's when left out.
    #[serde(default, deserialize_with = "text_or_number")]
    pub authority_uscc: String,
    #[serde(default)]
    pub status: LicenceStatus,
    /// 上网公示日期, when staff record it (v2, contract §12: the report uses it).
    pub online: Option<Day>,
}

/// 许可类别.
pub const LICENCE_CATEGORIES: &[&str] = &["普通", "特许", "认可", "核准", "登记", "其他"];
