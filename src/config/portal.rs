//! The portal keys of site.yaml (`portal`, `menu`): what a government website shows
//! in its footer and adds to its navigation (issue 14). Checked in
//! [`crate::validate`] (placeholders, the mark's file, web addresses).

use serde::Deserialize;

/// What a government website carries in its footer (政府网站发展指引, 国办发〔2017〕47号;
/// ICP and 公安 filing numbers): all optional; the footer shows what is given.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    /// 主办单位 (default: `authority.name`).
    #[serde(default)]
    pub sponsor: String,
    /// 承办单位.
    #[serde(default)]
    pub organizer: String,
    /// 网站标识码.
    #[serde(default)]
    pub site_code: String,
    /// ICP备案号, linked to the MIIT filing site.
    #[serde(default)]
    pub icp: String,
    /// 公安机关备案号, linked to the MPS filing site.
    #[serde(default)]
    pub police: String,
    /// 党政机关网站标识: an image under `content/`, e.g. `images/dzjg.png`.
    #[serde(default)]
    pub gov_mark: String,
    /// Where the 党政机关网站标识 links to (its 开办资格复核 page).
    #[serde(default)]
    pub gov_mark_link: String,
}

/// The marker `gongshi new` leaves in portal values to be filled in.
pub const PLACEHOLDER: &str = "待填写";

/// One more link in the main navigation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    /// Site-relative (`notices/`) or an absolute URL.
    pub path: String,
}
