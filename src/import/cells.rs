//! A problem the YAML checks found, moved to the cell of the sheet it came from and
//! told in the sheet's words: a missing key at its column (`fulfilment.date` at
//! 履约状态日期), a key named by the column's header, not by its YAML name.

use super::emit::Origin;
use super::spec::Field;
use super::{at, Planned};
use crate::diag::Diagnostic;
use crate::kinds::REGISTRY;

/// A problem of the YAML at the cell its line came from.
pub(super) fn to_cell(p: &Planned, origins: &[Origin], d: &Diagnostic) -> Diagnostic {
    let origin = d
        .line
        .checked_sub(1)
        .and_then(|i| origins.get(i))
        .copied()
        .flatten();
    let spec = REGISTRY[p.kind].import_spec();
    let missing = missing_key(&d.message);
    let near = origin.and_then(|(_, c)| c);
    // The field a missing key belongs to: `date` under `fulfilment:` is
    // `fulfilment.date`, told by the field of the cell the line came from.
    let field = missing.as_ref().and_then(|(key, _)| field_of(p, key, near));
    let message = match (&missing, field) {
        (Some((_, true)), Some(f)) => format!("{} ({}) is missing", header_of(p, f), f.key),
        _ => in_sheet_words(&d.message, p, near),
    };
    let mut out = match origin {
        Some((row, column)) => {
            // A missing key is at its column, when the sheet has one (an empty cell).
            let column = match field {
                Some(f) => column_of(p, f),
                None => column,
            };
            at(&p.table, row, column, &p.headers, message)
        }
        None => Diagnostic::whole_file(super::sheet_name(&p.table), message),
    };
    let in_group = |f: &Field| {
        spec.group
            .is_some_and(|g| g.fields.iter().any(|x| x.key == f.key))
    };
    out.hint = match (field, spec.group) {
        (Some(f), Some(g)) if origin.is_none() || in_group(f) => Some(format!(
            "give it in a row `{} | value` above the header row, or with --{} {}=VALUE",
            header_of(p, f),
            g.key,
            f.key
        )),
        (Some(f), _) if column_of(p, f).is_some() => Some(format!(
            "fill in the column {} ({})",
            header_of(p, f),
            f.key
        )),
        (Some(f), _) => Some(format!(
            "add a column {} ({}) and fill it in",
            header_of(p, f),
            f.key
        )),
        _ => d.hint.as_deref().map(|h| in_sheet_words(h, p, near)),
    };
    out.level = d.level;
    out
}

/// A hint of the YAML checks in the sheet's words: "add `resolved: YYYY-MM-DD`"
/// becomes "add 异议处理日期 (YYYY-MM-DD)", a key named by its column's header.
fn in_sheet_words(hint: &str, p: &Planned, near: Option<usize>) -> String {
    let mut out = String::new();
    for (i, part) in hint.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let (key, value) = part.split_once(':').unwrap_or((part, ""));
        match field_of(p, key.trim(), near) {
            Some(f) if value.trim().is_empty() => out.push_str(&header_of(p, f)),
            Some(f) => out.push_str(&format!("{} ({})", header_of(p, f), value.trim())),
            None => out.push_str(&format!("`{part}`")),
        }
    }
    out
}

/// The key of a "required key `x` is missing" problem (true), or of one in other
/// words: "`x` is required …", "… needs its `x` …" (false).
fn missing_key(message: &str) -> Option<(String, bool)> {
    if let Some(rest) = message.strip_prefix("required key `") {
        return Some((rest[..rest.find('`')?].to_string(), true));
    }
    let backticked = |rest: &str| rest.find('`').map(|end| rest[..end].to_string());
    if let Some(rest) = message.strip_prefix('`') {
        let key = backticked(rest)?;
        return rest[key.len() + 1..]
            .starts_with(" is required")
            .then_some((key, false));
    }
    let (_, rest) = message.split_once("needs its `")?;
    Some((backticked(rest)?, false))
}

/// The field of the kind (or of its group) whose key, or whose last part, is `key`;
/// of several (`date`: `fulfilment.date`, `repaired.date`), the one beside the field
/// of `near`, the column the problem's line came from.
fn field_of(p: &Planned, key: &str, near: Option<usize>) -> Option<&'static Field> {
    let spec = REGISTRY[p.kind].import_spec();
    let group = spec.group.map(|g| g.fields).unwrap_or_default();
    let all = || spec.fields.iter().chain(group);
    let leaf = format!(".{key}");
    let candidates: Vec<&'static Field> = all()
        .filter(|f| f.key == key || f.key.ends_with(&leaf))
        .collect();
    let parent = |k: &str| k.rsplit_once('.').map(|(p, _)| p.to_string());
    let beside = near
        .and_then(|c| all().find(|f| column_of(p, f) == Some(c)))
        .and_then(|f| parent(f.key));
    candidates
        .iter()
        .find(|f| beside.is_some() && parent(f.key) == beside)
        .or_else(|| candidates.iter().find(|f| f.key == key))
        .or(candidates.first())
        .copied()
}

/// A field's header as the sheet writes it; else its first template name, or its key.
fn header_of(p: &Planned, field: &Field) -> String {
    if let Some(c) = column_of(p, field) {
        return p.headers[c].trim().to_string();
    }
    field
        .headers
        .first()
        .map_or_else(|| field.key.to_string(), |h| h.to_string())
}

/// The column of a field in the sheet, as its header row was matched.
fn column_of(p: &Planned, field: &Field) -> Option<usize> {
    p.columns
        .iter()
        .find(|(key, _)| *key == field.key)
        .map(|&(_, c)| c)
}
