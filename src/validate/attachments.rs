//! Files copied from `content/` as they are (a pledge's scan, a form to download): read
//! through for personal ID numbers before anything is written; a type that cannot be
//! read is refused unless `site.yaml` allows it (`attachments.allow`). (File and folder
//! names are searched where `content/` is walked, see [`crate::load`].)

use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::kinds::CheckCx;
use crate::load::Asset;
use crate::scan::{scan_attachment, unreadable_type, Verdict};
use std::path::Path;

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The problems of one attachment.
pub fn check_asset(cx: &CheckCx<'_>, asset: &Asset) -> Diagnostics {
    let shown = display_path(&cx.config.root, &asset.source);
    let ext = extension(&asset.source);
    // The 党政机关网站标识 that site.yaml names (portal.gov_mark) is an emblem issued to
    // the agency, published on purpose.
    let is_mark = !cx.config.portal.gov_mark.trim().is_empty()
        && asset.target == cx.config.portal.gov_mark.trim()
        && super::portal::MARK_TYPES.contains(&ext.as_str());
    let name = asset
        .source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    if let Some(problem) = super::active::server_problem(&shown, name, &ext) {
        return problem.into();
    }
    let allowed = is_mark || cx.config.attachments_allow.contains(&ext);
    if allowed && unreadable_type(&ext).is_some() {
        return Diagnostics::new(); // copied unread, as site.yaml says
    }
    let bytes = match std::fs::read(&asset.source) {
        Ok(b) => b,
        Err(e) => return Diagnostic::whole_file(shown, format!("cannot read: {e}")).into(),
    };
    if let Some(problem) = super::active::script_problem(&shown, &ext, &bytes) {
        return problem.into();
    }
    match scan_attachment(&asset.source, &bytes) {
        Verdict::Clean => Diagnostics::new(),
        Verdict::CleanButUnread(what) if !allowed => Diagnostic::whole_file(
            shown,
            format!("holds {what}, which cannot be searched for personal ID numbers"),
        )
        .with_hint(format!(
            "check what it holds by eye before publishing; to say such files are checked, add `{ext}` to attachments.allow in site.yaml"
        ))
        .warning()
        .into(),
        Verdict::CleanButUnread(_) => Diagnostics::new(),
        Verdict::IdNumber(place) => Diagnostic::whole_file(
            shown,
            format!("a personal ID number (居民身份证号) is in this file ({place}); it would be published"),
        )
        .with_hint("remove the number from the file (black it out in a scan) before it is copied to the site")
        .into(),
        // As the hint below says: allowed after a check by eye; but nothing of it was
        // read, which a site that allowed the type for its images may not expect.
        Verdict::Unscannable(what) if allowed => Diagnostic::whole_file(
            shown,
            format!("{what}: gongshi cannot search it for personal ID numbers; it is published because attachments.allow lists `{ext}`"),
        )
        .with_hint("check it by eye before publishing, or save it again in a form gongshi reads (a PDF, a .docx)")
        .warning()
        .into(),
        Verdict::Unscannable(what) => Diagnostic::whole_file(
            shown,
            format!("{what}: gongshi cannot search it for personal ID numbers, so it is not published"),
        )
        .with_hint(format!(
            "if the site publishes such files after checking them by eye, add `{ext}` to attachments.allow in site.yaml"
        ))
        .into(),
    }
}
