//! Helpers the kinds share: record checks with locations, the party of a decision,
//! sorting and masking when publishing, and change detection for the preview.

use super::{KindPage, KindTouched};
use crate::assemble::SiteModel;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::{check_uscc, mask_person_name, uscc_meant, UsccError};
use crate::load::Item;
use crate::model::{Day, PartyType};
use crate::urls;
use crate::views::{href, page_slice};
use crate::yaml::{LineRange, Source};
use std::collections::{HashMap, HashSet};

/// A diagnostic for a bad USCC, naming the expected check character.
pub fn uscc_diagnostic(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    code: &str,
    err: &UsccError,
) -> Diagnostic {
    let d = src.at(range, &[key], format!("`{key}` {code}: {err}"));
    if let Some(meant) = uscc_meant(code) {
        return d.with_hint(format!(
            "did you mean {meant}? (written with full-width or lower-case characters, spaces, or O and I for 0 and 1, which a 统一社会信用代码 never holds)"
        ));
    }
    match err {
        UsccError::CheckCharacter { expected, .. } => d.with_hint(format!(
            "the check character should be '{expected}'; compare the code with the 营业执照, a typo in the first 17 characters also changes it"
        )),
        _ => d.with_hint("copy the 18-character 统一社会信用代码 from the 营业执照 or the national enterprise credit system"),
    }
}

/// Checks a USCC at `key`; false (and a diagnostic) when it is not valid.
pub fn check_code(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    code: &str,
    diags: &mut Diagnostics,
) -> bool {
    match check_uscc(code) {
        Ok(()) => true,
        Err(e) => {
            diags.push(uscc_diagnostic(src, range, key, code, &e));
            false
        }
    }
}

/// The line ranges of `items` (in a top-level `block`, or the whole file).
pub fn item_ranges<T>(src: &Source<'_>, block: Option<&str>, items: &[Item<T>]) -> Vec<LineRange> {
    let whole = src.outline.whole();
    let range = block
        .and_then(|b| src.outline.top_level_block(b))
        .unwrap_or(whole);
    let ranges = src.outline.items(range);
    items
        .iter()
        .map(|i| ranges.get(i.index).copied().unwrap_or(range))
        .collect()
}

pub fn require_text(
    src: &Source<'_>,
    range: LineRange,
    key: &str,
    value: &str,
    diags: &mut Diagnostics,
) {
    if value.trim().is_empty() {
        diags.push(src.at(
            range,
            &[key],
            format!("`{key}` is required and must not be empty"),
        ));
    }
}

/// Checks the title and dates of a batch or list header (the top-level `block`);
/// returns the header's lines for further checks.
pub fn check_header(
    src: &Source<'_>,
    block: &str,
    title: &str,
    published: Day,
    valid_until: Option<Day>,
    diags: &mut Diagnostics,
) -> LineRange {
    let range = src
        .outline
        .top_level_block(block)
        .unwrap_or(src.outline.whole());
    require_text(src, range, "title", title, diags);
    if valid_until.is_some_and(|until| until < published) {
        diags.push(src.at(
            range,
            &["valid_until"],
            "valid_until is before the published date",
        ));
    }
    range
}

/// A party needs a valid USCC unless it is a natural person.
pub fn check_party(
    src: &Source<'_>,
    range: LineRange,
    party_type: PartyType,
    uscc: Option<&str>,
    diags: &mut Diagnostics,
) {
    match (party_type, uscc) {
        (PartyType::Person, _) => {}
        (_, None) => diags.push(
            src.at(
                range,
                // `uscc: ""` is told at its own line.
                if src.outline.has_key(range, "uscc") {
                    &["uscc"]
                } else {
                    &["party_type"]
                },
                "`uscc` is required unless party_type is person",
            )
            .with_hint("add the party's 统一社会信用代码 as `uscc:`"),
        ),
        (_, Some(code)) => {
            check_code(src, range, "uscc", code, diags);
        }
    }
}

/// A record that leaves `party_type` out is an organisation's (`legal`), unless it
/// keeps a person's details (`personal`: an `id_number`, `address` or `phone`): then
/// it must say which it is, so that a person is never published, unmasked and with a
/// credit file, because a key was left out.
pub fn check_party_said(
    src: &Source<'_>,
    range: LineRange,
    party_type: PartyType,
    personal: bool,
    diags: &mut Diagnostics,
) {
    if personal && party_type == PartyType::Legal && !src.outline.has_key(range, "party_type") {
        diags.push(
            src.at(
                range,
                &[],
                "`party_type` is left out, which makes the party an organisation (legal), but the record keeps a person's id_number, address or phone",
            )
            .with_hint("write `party_type: person` for a natural person (masked, no credit file), or `party_type: legal` / `individual_business`"),
        );
    }
}

/// A record's 上网公示日期 as it may be shown on `day`: not yet when it is later (a
/// site built as of an earlier day shows what was public then, §8).
pub fn online_on(online: Option<Day>, day: Day) -> Option<Day> {
    online.filter(|&d| d <= day)
}

/// A party's name as published: a natural person's is masked when the site says so.
pub fn public_name(name: &str, party_type: PartyType, mask: bool) -> String {
    if party_type == PartyType::Person && mask {
        mask_person_name(name)
    } else {
        name.to_string()
    }
}

/// The credit-file link of a party's code, when the party has a credit file.
pub fn party_href(model: &SiteModel, uscc: Option<&str>) -> Option<String> {
    model.entity_of(uscc).map(|e| href(&urls::entity(&e.uscc)))
}

/// The USCC under which a party's records are gathered (none for a person).
pub fn enterprise_code(uscc: &Option<String>, party_type: PartyType) -> Option<&str> {
    match (uscc, party_type) {
        (Some(u), t) if t != PartyType::Person => Some(u.as_str()),
        _ => None,
    }
}

/// Pairs of records (old, new) that differ, matched by `key`.
pub fn changed_pairs<'a, T: PartialEq, K: std::hash::Hash + Eq>(
    old: &'a [Item<T>],
    new: &'a [Item<T>],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let old_map: HashMap<K, &T> = old.iter().map(|i| (key(&i.value), &i.value)).collect();
    let new_map: HashMap<K, &T> = new.iter().map(|i| (key(&i.value), &i.value)).collect();
    let mut out = Vec::new();
    for (k, o) in &old_map {
        match new_map.get(k) {
            Some(n) if n == o => {}
            n => out.push((Some(*o), n.copied())),
        }
    }
    out.extend(
        new_map
            .iter()
            .filter(|(k, _)| !old_map.contains_key(*k))
            .map(|(_, n)| (None, Some(*n))),
    );
    out
}

/// Whether page `page` of a listing shows something else in `new` than in `old`: the
/// total (shown on every page), or an item on the page.
pub fn listing_differs<T>(
    old: &[T],
    new: &[T],
    page: usize,
    per: usize,
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    let (a, b) = (page_slice(old, page, per), page_slice(new, page, per));
    old.len() != new.len() || a.len() != b.len() || a.iter().zip(b).any(|(x, y)| !same(x, y))
}

/// Pages `1..=n` of a listing of `items` records, at least one.
pub fn page_numbers(items: usize, per: usize) -> std::ops::RangeInclusive<u32> {
    1..=items.div_ceil(per).max(1) as u32
}

/// The pages of a kind with one paginated index and one page per record.
pub fn index_and_record_pages(records: usize, per: usize) -> Vec<KindPage> {
    let mut pages: Vec<KindPage> = page_numbers(records, per)
        .map(|page| KindPage::Index { page })
        .collect();
    pages.extend((0..records as u32).map(KindPage::Record));
    pages
}

/// Notes the records that differ between two versions of a file of records: their
/// ids in `t`, their parties' codes in `entities`.
pub fn touch_records<T: PartialEq>(
    old: Option<&Vec<Item<T>>>,
    new: Option<&Vec<Item<T>>>,
    t: &mut KindTouched,
    entities: &mut HashSet<String>,
    id: impl Fn(&T) -> String,
    party: impl Fn(&T) -> Option<&str>,
) {
    t.any = true;
    let none: &[Item<T>] = &[];
    let pairs = changed_pairs(
        old.map_or(none, Vec::as_slice),
        new.map_or(none, Vec::as_slice),
        &id,
    );
    for r in pairs.into_iter().flat_map(|(o, n)| [o, n]).flatten() {
        t.keys.insert(id(r));
        if let Some(u) = party(r) {
            entities.insert(u.to_string());
        }
    }
}

/// Whether a page of a kind with an index listing and record pages must be rendered
/// again: a listing page when what it shows changed, a record page when its record did.
pub fn needs_index_or_record<T: PartialEq>(
    t: &KindTouched,
    old: &[T],
    new: &[T],
    page: KindPage,
    per: usize,
    id: impl Fn(&T) -> &str,
) -> bool {
    match page {
        KindPage::Index { page } | KindPage::Group { page, .. } => {
            t.any && listing_differs(old, new, page as usize, per, |x, y| x == y)
        }
        KindPage::Record(i) => t.keys.contains(id(&new[i as usize])),
    }
}

/// Byte offset of a mobile phone number in `text`: 1, then 3-9, then 9 digits,
/// standing alone (not part of a longer run of digits), also with the country code
/// written on (`+8613812345678`, `008613812345678`) and in the groups people write it
/// in (`138 1234 5678`, `138-1234-5678`).
///
/// Digits and separators typed in full width (`１３８－１２３４－５６７８`, as Chinese input
/// methods may give them) are read as their half-width forms.
pub fn find_mobile_number(text: &str) -> Option<usize> {
    let folds = |c: char| {
        !c.is_ascii() && (crate::scan::half_width(c) != c || crate::scan::digit_value(c).is_some())
    };
    if !text.chars().any(folds) {
        return find_in_half_width(text);
    }
    // The text with every character half-width, and where each of its bytes came from.
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match crate::scan::digit_value(c) {
            Some(d) => folded.push(char::from(b'0' + d)),
            None => folded.push(crate::scan::half_width(c)),
        }
        origin.resize(folded.len(), at);
    }
    find_in_half_width(&folded).map(|i| origin[i])
}

fn find_in_half_width(text: &str) -> Option<usize> {
    let runs = digit_runs(text);
    for (i, &(start, end)) in runs.iter().enumerate() {
        let digits = &text[start..end];
        let with_code = ["86", "0086"]
            .iter()
            .filter_map(|code| digits.strip_prefix(code));
        if is_mobile(digits) || with_code.clone().any(is_mobile) {
            return Some(start);
        }
        // Three runs of 3, 4 and 4 digits, one space or hyphen apart.
        if let [(_, e0), (s1, e1), (s2, e2)] = runs.get(i..i + 3).unwrap_or_default() {
            let one_apart = |e: usize, s: usize| matches!(&text[e..s], " " | "-");
            // (A middle group that reads as a year is a case or contract number:
            // 139-2024-0012.)
            let year = matches!(&text[*s1..(*s1 + 2).min(*e1)], "19" | "20");
            let grouped = e0 - start == 3 && e1 - s1 == 4 && e2 - s2 == 4 && !year;
            if grouped && one_apart(*e0, *s1) && one_apart(*e1, *s2) {
                let joined = [digits, &text[*s1..*e1], &text[*s2..*e2]].concat();
                if is_mobile(&joined) {
                    return Some(start);
                }
            }
        }
    }
    None
}

/// The byte ranges of the runs of ASCII digits in `text`.
fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// Warns when published free text (at `path`, such as `["objection", "note"]`) holds
/// a mobile number, or the full name of the natural person the record is about (data
/// contract §6: personal data in text).
pub fn warn_private_text(
    src: &Source<'_>,
    range: LineRange,
    path: &[&str],
    text: &str,
    person: Option<&str>,
    diags: &mut Diagnostics,
) {
    let key = path.join(".");
    // At the text itself, on the key's line or below it in a block text.
    let at = |find: &dyn Fn(&str) -> Option<usize>, message: String| {
        let key_at = src.outline.locate(range, path);
        let (line, column) = src.outline.in_value(key_at, find);
        Diagnostic::new(src.file, line, column, message)
    };
    if find_mobile_number(text).is_some() {
        diags.push(
            at(&find_mobile_number, format!("`{key}` holds what looks like a mobile phone number"))
                .with_hint("a person's phone number must not be published: remove it from the text (keep it in `phone:`, which is never published)")
                .warning(),
        );
    }
    if let Some(name) = person.map(str::trim).filter(|n| n.chars().count() >= 2) {
        if text.contains(name) {
            diags.push(
                at(&|t: &str| t.find(name), format!("`{key}` names the person {name} in full"))
                    .with_hint("the party's name is published masked (surname + 某某): write 当事人 instead of the name in the text")
                    .warning(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_mobile_number;

    #[test]
    fn mobile_numbers_are_found_as_people_write_them() {
        for (text, at) in [
            ("电话13812345678", Some(6)),
            ("电话：+8613812345678", Some(10)),
            ("008613812345678", Some(0)),
            ("+86 138 1234 5678", Some(4)),
            ("手机 138-1234-5678。", Some(7)),
            ("罚款 2 万元，13912345678", Some(18)),
            ("手机１３８１２３４５６７８", Some(6)),
            ("手机１３８－１２３４－５６７８", Some(6)),
            ("电话：＋８６　１３８　１２３４　５６７８", Some(21)),
        ] {
            assert_eq!(find_mobile_number(text), at, "{text}");
        }
        for text in [
            "138123456789",             // twelve digits
            "12812345678",              // 1 then 2
            "钢城交罚〔2024〕12号",     // a decision number
            "2024-03-02 138 12345 678", // not 3-4-4
            "138  1234  5678",          // two spaces apart
            "9113812345678",            // a code, not +86
            "0531-86123456",            // a landline
            "案件编号 139-2024-0012",   // a year in the middle
            "处罚金额 150 2000 3000 元",
            "编号１３８１２３４５６７８９", // twelve full-width digits
        ] {
            assert_eq!(find_mobile_number(text), None, "{text}");
        }
    }
}
