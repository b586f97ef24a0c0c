//! A list file as staff write it (data contract §5).

use crate::model::{text_or_number, Day};
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
    #[serde(deserialize_with = "text_or_number")]
    pub uscc: String,
    #[serde(default)]
    pub reason: String,
    pub removed: Option<Day>,
    #[serde(default)]
    pub removed_reason: String,
}
