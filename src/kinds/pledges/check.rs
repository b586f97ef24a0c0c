//! The checks of a pledge file on its own: required fields, codes, dates, the
//! fulfilment and repair, and the 承诺书 file.

use super::record::{FulfilmentStatus, Pledge};
use super::rules::checked_breach_window;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::kinds::common::{check_code, check_party, item_ranges, require_text, warn_private_text};
use crate::kinds::CheckCx;
use crate::load::{Item, SourceText};
use crate::model::PartyType;
use crate::yaml::{LineRange, Source};
use std::path::Path;

pub(super) fn check_pledges(
    cx: &CheckCx<'_>,
    src: &SourceText,
    records: &[Item<Pledge>],
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let ranges = item_ranges(&src, None, records);
    for (item, &range) in records.iter().zip(&ranges) {
        let p = &item.value;
        for (key, value) in [
            ("id", &p.id),
            ("party", &p.party),
            ("matter", &p.matter),
            ("authority", &p.authority),
        ] {
            require_text(&src, range, key, value, diags);
        }
        check_party(&src, range, p.party_type, p.uscc.as_deref(), diags);
        let personal = p.id_number.is_some() || p.address.is_some() || p.phone.is_some();
        crate::kinds::common::check_party_said(&src, range, p.party_type, personal, diags);
        let id = p.id.trim();
        if let Some(why) = super::address_problem(id).filter(|_| !id.is_empty()) {
            diags.push(
                src.at(range, &["id"], format!("the pledge's page is not at /pledges/{id}/, since {why}: it is at /pledges/{}/", super::pledge_key(id)))
                    .with_hint("the number is the page's address (contract §10); write it without spaces, invisible characters and / \\ : * ? \" < > | # % + ; & = to have it so")
                    .warning(),
            );
        }
        if let Some(code) = &p.authority_uscc {
            check_code(&src, range, "authority_uscc", code, diags);
        }
        if p.valid_until.is_some_and(|u| u < p.signed) {
            diags.push(src.at(
                range,
                &["valid_until"],
                format!("valid_until is before the pledge was signed ({})", p.signed),
            ));
        }
        check_fulfilment(cx, p, &src, range, diags);
        if let Some(file) = &p.file {
            check_file(cx.config, file, &src, range, diags);
        }
        let person = (p.party_type == PartyType::Person).then_some(p.party.as_str());
        let fulfilment_note = p.fulfilment.as_ref().map(|f| f.note.as_str());
        for (path, text) in [
            // The number too: it is the page's address, in the ledger and the exports.
            (&["id"][..], Some(p.id.as_str())),
            (&["matter"], Some(p.matter.as_str())),
            (&["text"], Some(p.text.as_str())),
            (&["fulfilment", "note"], fulfilment_note),
        ] {
            if let Some(text) = text {
                warn_private_text(&src, range, path, text, person, diags);
            }
        }
    }
}

fn check_fulfilment(
    cx: &CheckCx<'_>,
    p: &Pledge,
    src: &Source<'_>,
    range: LineRange,
    diags: &mut Diagnostics,
) {
    if let Some(f) = &p.fulfilment {
        if f.date < p.signed {
            diags.push(src.at(
                range,
                &["fulfilment", "date"],
                format!(
                    "fulfilment dated {} is before the pledge was signed ({})",
                    f.date, p.signed
                ),
            ));
        }
        if f.status == FulfilmentStatus::Kept && f.severity.is_some() {
            diags.push(
                src.at(
                    range,
                    &["fulfilment", "severity"],
                    "`severity` is for a breached pledge",
                )
                .with_hint(
                    "remove `severity:`, or write `status: breached` if the pledge was broken",
                ),
            );
        }
    }
    let Some(r) = &p.repaired else { return };
    let Some((breached, severity)) = p.breach() else {
        diags.push(
            src.at(range, &["repaired"], "only a breached pledge can be repaired (信用修复)")
                .with_hint("remove `repaired:`, or record the breach under `fulfilment:` with `status: breached`"),
        );
        return;
    };
    let earliest = checked_breach_window(cx.config.rules, p, cx.as_of)
        .and_then(|w| w.min_end)
        .unwrap_or(breached);
    if r.date < breached || r.date < earliest {
        diags.push(
            src.at(
                range,
                &["repaired", "date"],
                format!(
                    "credit repair dated {} is before the minimum publication period ends",
                    r.date
                ),
            )
            .with_hint(format!(
                "a {} breach on {breached} can be repaired from {earliest} on",
                severity.label()
            )),
        );
    }
}

/// The 承诺书 must be a file under `content/` (not a page or a data file).
fn check_file(
    config: &SiteConfig,
    file: &str,
    src: &Source<'_>,
    range: LineRange,
    diags: &mut Diagnostics,
) {
    let rel = Path::new(file);
    // The plain form only (no `./`, `//`, `..` or `\\`): the path is also the scan's
    // address, and it is compared as written to decide whether the scan is published.
    let inside = !file.is_empty()
        && !file.contains('\\')
        && file
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..");
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let hint = "write the path of the scan below content/, e.g. pledges/files/2026-001.pdf";
    if !inside || matches!(ext.as_str(), "yaml" | "yml" | "md" | "markdown") {
        diags.push(
            src.at(
                range,
                &["file"],
                format!("`file` {file} is not a file below content/"),
            )
            .with_hint(hint),
        );
    } else if !config.content_dir().join(rel).is_file() {
        diags.push(
            src.at(
                range,
                &["file"],
                format!("`file` {file}: there is no such file under content/"),
            )
            .with_hint(hint),
        );
    }
}
