//! The checks of `gongshi check`, run on the YAML an import is about to write, with
//! the rest of the site: each file decoded and checked as if it were on disk, its ids
//! compared with every other data file's (a file `--out` replaces aside), and every
//! problem moved from its YAML line to the cell it came from.

use super::emit::Origin;
use super::spec::Field;
use super::{at, Planned};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::id_key;
use crate::kinds::{CheckCx, KindId, REGISTRY};
use crate::load::{load_text, LoadedFile};
use crate::site::Site;
use crate::validate::check_file;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where an id (per kind, scope and [`id_key`]) was first seen.
type Seen = HashMap<(KindId, String, String), SeenAt>;

/// A file of the site, or a row of a sheet being imported; with the id as written
/// there.
enum SeenAt {
    File(String, String),
    Row(String, String),
}

pub fn check(site: &Site, planned: &[Planned], replacing: Option<&Path>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let root = &site.config.root;
    let cx = CheckCx {
        config: &site.config,
        as_of: site.as_of,
    };
    // The files the import writes, and their `.yml`/`.yaml` twins (told of apart).
    let targets: Vec<PathBuf> = planned
        .iter()
        .flat_map(|p| [p.path.clone(), twin(&p.path)])
        .collect();
    let targets: Vec<&Path> = targets.iter().map(PathBuf::as_path).collect();
    let mut seen = ids_elsewhere(site, &targets);
    let mut paths: HashMap<&Path, usize> = HashMap::new();
    for (i, p) in planned.iter().enumerate() {
        if let Some(problem) = path_problem(site, p, replacing) {
            // A place --out names where no data file may be is a bad command line
            // (exit 2), as a bad --kind is. (A file --out names may exist.)
            let shown = display(root, &p.path);
            diags.push(if replacing == Some(p.path.as_path()) {
                super::usage_diag(format!("--out {}: {}", shown.display(), problem.0))
                    .with_hint(problem.1)
            } else {
                Diagnostic::whole_file(shown, problem.0).with_hint(problem.1)
            });
            // A file that is there already: the rows are still checked, so that
            // every problem is told at once. A place no data file may be: they
            // cannot be (no kind is read there).
            if !problem.2 {
                continue;
            }
        }
        if let Some(&other) = paths.get(p.path.as_path()) {
            diags.push(
                Diagnostic::whole_file(
                    super::sheet_name(&p.table),
                    format!(
                        "would be written to {}, as {} would",
                        display(root, &p.path).display(),
                        super::sheet_name(&planned[other].table)
                    ),
                )
                .with_hint("import them one at a time, each with its own --out"),
            );
            continue;
        }
        paths.insert(&p.path, i);
        // A long list is checked in parts, in parallel (the checks are per record; ids
        // across the parts are compared below, in order).
        let parts = parts(p);
        let checked: Vec<(LoadedFile, Diagnostics)> = parts
            .par_iter()
            .map(|(text, _)| {
                let (file, mut found) = load_text(&site.config, &p.path, text.clone());
                found.extend(check_file(&cx, &file));
                (file, found)
            })
            .collect();
        for ((file, mut found), (_, origins)) in checked.into_iter().zip(&parts) {
            if let Some((_, src, ids)) = crate::validate::unique_ids(&file) {
                duplicates(p, origins, src, ids, &mut seen, &mut found);
            }
            for d in found.iter() {
                diags.push(to_cell(p, origins, d));
            }
        }
        // The attachments copied in are read like any other (an ID number in a scan).
        for (_, to) in &p.copies {
            let (asset, mut found) = crate::load::load_one(&site.config, to);
            found.extend(check_file(&cx, &asset));
            diags.extend(found);
        }
    }
    diags
}

/// Records checked in one part.
const PART: usize = 5_000;

/// The text of `p` in parts of whole records (a file of one group is one part), each
/// with the origins of its lines.
fn parts(p: &Planned) -> Vec<(String, &[Origin])> {
    let lines: Vec<&str> = p.text.split_inclusive('\n').collect();
    let grouped = REGISTRY[p.kind].import_spec().group.is_some();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("- "))
        .collect();
    if grouped || starts.len() <= PART {
        return vec![(p.text.clone(), &p.origins[..])];
    }
    let mut cuts: Vec<usize> = starts.iter().step_by(PART).copied().collect();
    cuts[0] = 0;
    cuts.push(lines.len());
    cuts.windows(2)
        .map(|w| {
            (
                lines[w[0]..w[1]].concat(),
                &p.origins[w[0]..w[1].min(p.origins.len())],
            )
        })
        .collect()
}

fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Why a data file may not be written at `p.path`: (problem, hint, whether the rows
/// can be checked there all the same).
fn path_problem(
    site: &Site,
    p: &Planned,
    replacing: Option<&Path>,
) -> Option<(String, String, bool)> {
    let folder = site.config.content_dir().join(REGISTRY[p.kind].key());
    let inside = p.path.starts_with(&folder)
        && p.path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml");
    if !inside {
        return Some((
            format!(
                "a {} file must be a .yaml file under {}",
                REGISTRY[p.kind].key(),
                display(&site.config.root, &folder).display()
            ),
            format!(
                "write --out {}/NAME.yaml",
                display(&site.config.root, &folder).display()
            ),
            false,
        ));
    }
    // `2026.yml` beside `2026.yaml` would be one dataset written twice (§1).
    let other = twin(&p.path);
    if other.exists() {
        let shown = display(&site.config.root, &other);
        return Some((
            format!(
                "{} is there already, and .yaml and .yml name the same dataset",
                shown.display()
            ),
            format!(
                "to replace it with this sheet, name it with --out {}",
                shown.display()
            ),
            true,
        ));
    }
    if p.path.exists() && replacing != Some(p.path.as_path()) {
        let shown = display(&site.config.root, &p.path);
        return Some((
            "exists already; the import does not replace a file unless told to".to_string(),
            format!(
                "to replace it with this sheet, add --out {}",
                shown.display()
            ),
            true,
        ));
    }
    None
}

/// `2026.yml` for `2026.yaml`, and the other way round.
fn twin(path: &Path) -> PathBuf {
    path.with_extension(match path.extension() {
        Some(e) if e == "yml" => "yaml",
        _ => "yml",
    })
}

/// Every unique id (per kind and scope) of the site's data files other than `skip`.
fn ids_elsewhere(site: &Site, skip: &[&Path]) -> Seen {
    let root = &site.config.root;
    let mut seen = Seen::new();
    for f in site.files() {
        let LoadedFile::Data(d) = f else { continue };
        if skip.iter().any(|s| display(root, s) == d.src.path) {
            continue;
        }
        for u in REGISTRY[d.kind].unique_ids(d.data.as_ref()) {
            seen.entry((d.kind, u.scope.to_string(), id_key(u.id).into_owned()))
                .or_insert_with(|| {
                    SeenAt::File(d.src.path.display().to_string(), u.id.to_string())
                });
        }
    }
    seen
}

/// Ids of the imported file that another file (or an earlier row) has already.
fn duplicates(
    p: &Planned,
    origins: &[Origin],
    src: &crate::load::SourceText,
    ids: Vec<crate::kinds::UniqueId<'_>>,
    seen: &mut Seen,
    found: &mut Diagnostics,
) {
    let source = src.source();
    let ranges = source.outline.items(source.outline.whole());
    for u in ids {
        if u.id.trim().is_empty() {
            continue;
        }
        let range = ranges
            .get(u.index)
            .copied()
            .unwrap_or(source.outline.whole());
        let here = format!(
            "{} row {}",
            super::sheet_name(&p.table),
            row_of(origins, range.0 + 1).unwrap_or(0)
        );
        let key = (p.kind, u.scope.to_string(), id_key(u.id).into_owned());
        let (other, written, hint) = match seen.get(&key) {
            None => {
                seen.insert(key, SeenAt::Row(here, u.id.to_string()));
                continue;
            }
            Some(SeenAt::File(other, written)) => (
                other,
                written,
                "correct the number, or, to replace that file with this sheet, name it with --out"
                    .to_string(),
            ),
            Some(SeenAt::Row(other, written)) => (
                other,
                written,
                format!(
                    "two rows hold the same {}: keep one of them, or correct the number",
                    u.what
                ),
            ),
        };
        found.push(
            source
                .at(
                    range,
                    &[u.key],
                    if written == u.id {
                        format!("{} `{}` is already in {other}", u.what, u.id)
                    } else {
                        format!(
                            "{} `{}` is already in {other}, written `{written}`",
                            u.what, u.id
                        )
                    },
                )
                .with_hint(hint),
        );
    }
}

fn row_of(origins: &[Origin], line: usize) -> Option<usize> {
    origins
        .get(line.checked_sub(1)?)
        .copied()
        .flatten()
        .map(|(row, _)| row)
}

/// A problem of the YAML at the cell its line came from.
fn to_cell(p: &Planned, origins: &[Origin], d: &Diagnostic) -> Diagnostic {
    let origin = d
        .line
        .checked_sub(1)
        .and_then(|i| origins.get(i))
        .copied()
        .flatten();
    let spec = REGISTRY[p.kind].import_spec();
    let missing = missing_key(&d.message);
    // The field a missing key belongs to: `date` under `fulfilment:` is
    // `fulfilment.date`, told by the field of the cell the line came from.
    let field = missing
        .as_ref()
        .and_then(|(key, _)| field_of(p, key, origin.and_then(|(_, c)| c)));
    let message = match (&missing, field) {
        (Some((_, true)), Some(f)) => format!("{} ({}) is missing", header_of(p, f), f.key),
        (Some((_, false)), Some(f)) => format!("{}: {}", header_of(p, f), d.message),
        _ => d.message.clone(),
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
        _ => d
            .hint
            .as_deref()
            .map(|h| in_sheet_words(h, p, origin.and_then(|(_, c)| c))),
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

/// The key of a "required key `x` is missing" problem (true), or of a "`x` is
/// required …" one (false).
fn missing_key(message: &str) -> Option<(String, bool)> {
    if let Some(rest) = message.strip_prefix("required key `") {
        return Some((rest[..rest.find('`')?].to_string(), true));
    }
    let rest = message.strip_prefix('`')?;
    let end = rest.find('`')?;
    rest[end + 1..]
        .starts_with(" is required")
        .then(|| (rest[..end].to_string(), false))
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

/// The column of a field's header in the sheet.
fn column_of(p: &Planned, field: &Field) -> Option<usize> {
    let names: Vec<String> = std::iter::once(field.key)
        .chain(field.headers.iter().copied())
        .map(super::headers::normalise)
        .collect();
    p.headers
        .iter()
        .position(|h| names.contains(&super::headers::normalise(h)))
}
