//! A list file as staff write it (data contract §5).

use crate::model::{opt_text_or_number, text_or_number, Day, PartyType};
use serde::Deserialize;

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
    /// Required unless `party_type` is person.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub uscc: Option<String>,
    /// (v2) A person is masked and has no credit file.
    #[serde(default)]
    pub party_type: PartyType,
    /// Kept in the data for the agency's own use; never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub id_number: Option<String>,
    /// Never written to output.
    pub address: Option<String>,
    /// Never written to output.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub phone: Option<String>,
    #[serde(default)]
    pub reason: String,
    /// (v2) 列入日期; the list's `published` when absent.
    pub listed: Option<Day>,
    /// (v2) 认定文书号 of this entry.
    #[serde(default, deserialize_with = "text_or_number")]
    pub document_no: String,
    /// (v2) The entry leaves the site after it.
    pub valid_until: Option<Day>,
    pub removed: Option<Day>,
    #[serde(default)]
    pub removed_reason: String,
}

impl ListEntry {
    /// The day it was put on the list.
    pub fn listed_on(&self, list: &ListHeader) -> Day {
        self.listed.unwrap_or(list.published)
    }
}
