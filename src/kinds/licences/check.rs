//! The checks of a licences file (data contract §7): required texts, the licensee
//! and its code, the authority, categories and the status written.

use super::record::{Licence, LicenceStatus, LICENCE_CATEGORIES};
use crate::diag::Diagnostics;
use crate::kinds::common::{check_code, check_party, item_ranges, require_text, warn_private_text};
use crate::kinds::CheckCx;
use crate::load::{Item, SourceText};
use crate::model::PartyType;

/// Contract §7 marks neither `party` nor `uscc` as required, unlike §6; the 双公示
/// data standard asks for both, so leaving them out is a warning, not an error, and
/// such a licence is on no credit file. But a name without a code and without
/// `party_type` may be a person's (a 从业资格证 always is), which would be published
/// unmasked as an organisation's: that stays an error, as it was.
fn check_licensee(
    src: &crate::yaml::Source<'_>,
    range: crate::yaml::LineRange,
    l: &Licence,
    diags: &mut Diagnostics,
) {
    let named = !l.party.trim().is_empty();
    if !named {
        diags.push(
            src.at(
                range,
                &["party"],
                "`party` (行政相对人名称) is left out: the licence is published without the name of whom it was granted to",
            )
            .with_hint("the 双公示 data standard asks for 行政相对人名称; add `party:`")
            .warning(),
        );
    }
    let type_said = src.outline.has_key(range, "party_type");
    // `uscc:` written with nothing after it is checked as written (an error at its line).
    let left_out = l.uscc.is_none() && !src.outline.has_key(range, "uscc");
    match l.uscc.as_deref() {
        None if left_out && named && !type_said => diags.push(
            src.at(
                range,
                &[],
                "this licence names its party but has neither `uscc` nor `party_type`: a person's name would be published unmasked, as an organisation's",
            )
            .with_hint("add the party's 统一社会信用代码 as `uscc:`, or write `party_type: person` for a natural person (the name is then masked, contract §9)"),
        ),
        None if left_out && l.party_type != PartyType::Person => diags.push(
            src.at(
                range,
                &["party_type"],
                "`uscc` (统一社会信用代码) is left out: the licence is published, but on no enterprise's credit file (一企一档)",
            )
            .with_hint("add the party's 统一社会信用代码 as `uscc:`; if the party is a natural person, write `party_type: person` so that the name is masked (contract §9)")
            .warning(),
        ),
        _ => check_party(src, range, l.party_type, l.uscc.as_deref(), diags),
    }
}

pub(super) fn check_licences(
    cx: &CheckCx<'_>,
    src: &SourceText,
    records: &[Item<Licence>],
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let ranges = item_ranges(&src, None, records);
    for (item, &range) in records.iter().zip(&ranges) {
        let l = &item.value;
        for (key, value) in [
            ("decision_no", &l.decision_no),
            ("document_name", &l.document_name),
            ("content", &l.content),
        ] {
            require_text(&src, range, key, value, diags);
        }
        // Both left out, they are the site's authority's; when site.yaml has none (an
        // error there), saying so of every such licence too would repeat that problem.
        let site_has_none = cx.config.authority.uscc.trim().is_empty();
        let relies_on_site =
            site_has_none && l.authority.trim().is_empty() && l.authority_uscc.trim().is_empty();
        if !relies_on_site {
            require_text(&src, range, "authority", &l.authority, diags);
        }
        check_licensee(&src, range, l, diags);
        let personal = l.id_number.is_some() || l.address.is_some() || l.phone.is_some();
        crate::kinds::common::check_party_said(&src, range, l.party_type, personal, diags);
        if !relies_on_site {
            if l.authority_uscc.trim().is_empty() {
                // Left out with another agency's name (see `Licences::resolve`).
                require_text(&src, range, "authority_uscc", &l.authority_uscc, diags);
            } else {
                check_code(&src, range, "authority_uscc", &l.authority_uscc, diags);
            }
        }
        let person = (l.party_type == PartyType::Person).then_some(l.party.as_str());
        for (key, text) in [
            ("document_name", &l.document_name),
            ("certificate", &l.certificate),
            ("content", &l.content),
        ] {
            warn_private_text(&src, range, &[key], text, person, diags);
        }
        if !l.category.is_empty() && !LICENCE_CATEGORIES.contains(&l.category.as_str()) {
            diags.push(
                src.at(
                    range,
                    &["category"],
                    format!("`{}` is not a 许可类别", l.category),
                )
                .with_hint(format!("use: {}", LICENCE_CATEGORIES.join("、"))),
            );
        }
        // Contract §7: a warning when `valid_to` is after the as-of day (on that day
        // itself the licence is still valid and may be written either way).
        if l.status == LicenceStatus::Expired && l.valid_to.is_some_and(|to| to > cx.as_of) {
            diags.push(
                src.at(range, &["status"], format!("the licence is written `expired` but is valid until {}", l.valid_to.map(|d| d.to_string()).unwrap_or_default()))
                    .with_hint("the status shown follows the dates (有效 until valid_to): write status: valid, or correct valid_to")
                    .warning(),
            );
        }
        if let (Some(from), Some(to)) = (l.valid_from, l.valid_to) {
            if to < from {
                diags.push(src.at(range, &["valid_to"], "valid_to is before valid_from"));
            }
        }
        if let Some(online) = l.online.filter(|&d| d < l.decided) {
            diags.push(src.at(
                range,
                &["online"],
                format!("`online` {online} is before the decision ({})", l.decided),
            ));
        }
    }
}
