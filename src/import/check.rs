//! The checks of `gongshi check`, run on the YAML an import is about to write, with
//! the rest of the site: each file decoded and checked as if it were on disk, its ids
//! compared with every other data file's (a file `--out` replaces aside), and every
//! problem moved from its YAML line to the cell it came from.

use super::cells::to_cell;
use super::emit::Origin;
use super::Planned;
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
