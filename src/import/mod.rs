//! `gongshi import` (data contract §13): the spreadsheets staff already keep, made
//! into data files of the site. A sheet's kind and columns are found by their names
//! ([`headers`]), its cells read as staff type them ([`values`]), its rows made into
//! records ([`rows`]) and written as YAML ([`emit`]); the YAML is then checked with the
//! rest of the site exactly as `gongshi check` would ([`check`]), every problem shown
//! at its cell (`FILE:SHEET:ROW:COLUMN (header)`), and nothing is written unless all
//! is well. Each kind declares its columns in its own `import.rs` ([`spec`]).

mod attachments;
mod cells;
mod check;
mod csv_file;
mod emit;
mod headers;
mod hidden_rows;
mod rows;
mod sheet;
pub mod spec;
mod table;
mod values;

#[cfg(test)]
mod fuzz;

use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::{KindId, REGISTRY};
use crate::model::Day;
use crate::site::Site;
use csv_file::Encoding;
pub(crate) use headers::{key_named, WrittenIn};
use sheet::{plan_sheet, SheetCx};
use std::path::{Path, PathBuf};
use table::{column_letter, Table};
use values::Out;

/// What to import, and how.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The site folder.
    pub site: PathBuf,
    pub files: Vec<PathBuf>,
    /// The kind, when the headers do not tell (`penalties`, …).
    pub kind: Option<String>,
    /// Only this sheet.
    pub sheet: Option<String>,
    /// The data file to write (and replace).
    pub out: Option<PathBuf>,
    /// The severity of rows that give none (`minor`, `general`, `serious`).
    pub severity: Option<String>,
    /// The encoding of CSV files (`utf-8`, `gb18030`); detected when absent.
    pub encoding: Option<String>,
    /// `key=value` for the batch or list the rows belong to.
    pub group_values: Vec<(String, String)>,
    /// The date the site's checks run as of (default today).
    pub as_of: Option<Day>,
}

/// One data file written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Relative to the site folder.
    pub path: PathBuf,
    pub records: usize,
    /// `ledger.xlsx:处罚台账`.
    pub source: String,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub written: Vec<Written>,
    /// Sheets with a header row and no records below it (the export of a kind with
    /// nothing public): nothing to import, which is not a problem.
    pub empty: Vec<String>,
    pub warnings: Diagnostics,
}

/// A data file about to be written, and where its lines came from.
pub(crate) struct Planned {
    pub kind: KindId,
    /// Absolute path under `content/<kind>/`.
    pub path: PathBuf,
    pub text: String,
    pub origins: Vec<emit::Origin>,
    pub table: Table,
    pub headers: Vec<String>,
    /// The column of each field the sheet has (of the records and of their group), by
    /// key, as the header row was matched.
    pub columns: Vec<(&'static str, usize)>,
    pub records: usize,
    /// Attachments to copy into `content/` with the file: (from, to).
    pub copies: Vec<(PathBuf, PathBuf)>,
}

/// Imports `opts.files` into the site: writes the data files and returns what was
/// written, or every problem and writes nothing.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Diagnostics> {
    // Absolute, as `--out` is made: a relative `--site` (`.`, the default) and an
    // `--out` inside it must name the same folders.
    let site = Site::open(&absolute(&opts.site), None, opts.as_of)?;
    // The rows are checked with site.yaml's settings: not with stand-ins for bad ones.
    if site.config_problems().has_errors() {
        return Err(site.config_problems().clone());
    }
    let mut diags = Diagnostics::new();
    let kind = match opts.kind.as_deref().map(kind_by_name) {
        Some(Some(k)) => Some(k),
        Some(None) => {
            return Err(usage(format!(
                "--kind {}: not a kind; the kinds are {}",
                opts.kind.as_deref().unwrap_or(""),
                kind_names()
            )))
        }
        None => None,
    };
    let group_problems = headers::group_value_problems(&opts.group_values, kind);
    if !group_problems.is_empty() {
        return Err(group_problems.into_iter().map(usage_diag).collect());
    }
    let encoding = match opts.encoding.as_deref() {
        Some(e) => Some(
            Encoding::parse(e)
                .ok_or_else(|| usage(format!("--encoding {e}: write utf-8 or gb18030")))?,
        ),
        None => None,
    };
    let mut defaults: Vec<(&'static str, Out)> = Vec::new();
    if let Some(s) = opts.severity.as_deref() {
        let key = match s {
            "minor" | "轻微" => "minor",
            "general" | "一般" => "general",
            "serious" | "严重" => "serious",
            _ => {
                return Err(usage(format!(
                    "--severity {s}: write minor, general or serious"
                )))
            }
        };
        defaults.push(("severity", Out::Key(key.to_string())));
    }
    let mut planned: Vec<Planned> = Vec::new();
    let mut empty: Vec<String> = Vec::new();
    for file in &opts.files {
        let tables = match table::read(file, opts.sheet.as_deref(), encoding) {
            Ok(t) => t,
            Err(message) => {
                diags.push(Diagnostic::whole_file(file, message));
                continue;
            }
        };
        let cx = SheetCx {
            site: &site,
            kind,
            given: &opts.group_values,
            defaults: &defaults,
            several: tables.iter().filter(|t| !t.rows.is_empty()).count() > 1,
        };
        let before = planned.len();
        let mut sheet_diags = Diagnostics::new();
        let mut headed: Vec<String> = Vec::new();
        for table in tables
            .into_iter()
            .filter(|t| !t.rows.is_empty() || opts.sheet.is_some())
        {
            let name = sheet_name(&table);
            if plan_sheet(&cx, table, &mut planned, &mut sheet_diags) {
                headed.push(name);
            }
        }
        // A workbook's other sheets (instructions, lists of codes) may hold no records;
        // only when none does is that a problem, unless a sheet has the header row of
        // a kind and nothing below it.
        if planned.len() == before && !sheet_diags.has_errors() {
            // Nothing is imported: what would be said of its columns is moot.
            sheet_diags = Diagnostics::new();
            if headed.is_empty() {
                diags.push(no_records(file, kind));
            } else {
                empty.extend(headed);
            }
        }
        diags.extend(sheet_diags);
    }
    if let Some(out) = &opts.out {
        if planned.len() > 1 {
            diags.push(usage_diag(format!(
                "--out names one file, but the import makes {}: leave --out out, or import one sheet (--sheet) or one batch at a time",
                planned.len()
            )));
        } else if let Some(p) = planned.first_mut() {
            p.path = out_path(&site, p.kind, out);
        }
    }
    let replacing = match (&opts.out, planned.as_slice()) {
        (Some(_), [p]) => Some(p.path.clone()),
        _ => None,
    };
    // The attachments the records name are put in place first, so that the checks find
    // them, and taken away again if the import fails.
    let copied = match attachments::copy_in(&planned) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    let checked = check::check(&site, &planned, replacing.as_deref());
    diags.extend(checked);
    let (errors, warnings) = split(diags);
    let errors = one_per_cell(errors);
    if !errors.is_empty() {
        attachments::remove(&copied);
        let mut all = collapse(errors);
        all.extend(collapse(warnings));
        return Err(all);
    }
    let mut report = ImportReport {
        warnings: collapse(warnings),
        empty,
        ..ImportReport::default()
    };
    for p in &planned {
        write_atomically(&p.path, &p.text).map_err(|e| -> Diagnostics {
            Diagnostic::whole_file(&p.path, format!("cannot write: {e}")).into()
        })?;
        report.written.push(Written {
            path: p
                .path
                .strip_prefix(&site.config.root)
                .unwrap_or(&p.path)
                .to_path_buf(),
            records: p.records,
            source: sheet_name(&p.table),
        });
    }
    Ok(report)
}

/// `ledger.xlsx:处罚台账`. A CSV file's one sheet is named after the file, as
/// Excel names the tab when it opens one (`ledger.csv:ledger`), so every problem is
/// `FILE:SHEET:ROW:COLUMN` (contract §13).
pub(crate) fn sheet_name(table: &Table) -> String {
    let file = table.file.display().to_string();
    let is_csv = table
        .file
        .file_name()
        .is_some_and(|n| n.to_string_lossy() == table.sheet);
    let stem = table.file.file_stem().map(|s| s.to_string_lossy());
    match stem {
        Some(stem) if is_csv => format!("{file}:{stem}"),
        _ => format!("{file}:{}", table.sheet),
    }
}

/// A problem at a cell of `table`: `FILE:SHEET:ROW:COLUMN (header)`.
pub(crate) fn at(
    table: &Table,
    row: usize,
    column: Option<usize>,
    headers: &[String],
    message: impl Into<String>,
) -> Diagnostic {
    let d = Diagnostic::new(sheet_name(table), row, column.map_or(0, |c| c + 1), message);
    match column {
        Some(c) => {
            let header = headers.get(c).map(String::as_str).unwrap_or("");
            d.with_column_label(format!("{} ({header})", column_letter(c)))
        }
        None => d,
    }
}

fn no_records(file: &Path, kind: Option<KindId>) -> Diagnostic {
    let hint = match kind {
        Some(k) => format!("the header row needs the names of the columns of {} (README.md, \"From your Excel ledger to the site\")", REGISTRY[k].key()),
        None => "the header row (in the first 20 rows) needs column names gongshi knows, such as 行政处罚决定书文号 or 统一社会信用代码; or say the kind with --kind".to_string(),
    };
    Diagnostic::whole_file(
        file,
        "no sheet with a header row gongshi knows, so nothing to import",
    )
    .with_hint(hint)
}

fn kind_by_name(name: &str) -> Option<KindId> {
    let n = name.trim().to_ascii_lowercase();
    let alias = match n.as_str() {
        "penalty" | "处罚" | "行政处罚" => "penalties",
        "licence" | "license" | "licenses" | "许可" | "行政许可" => "licences",
        "grade" | "评价" | "信用评价" => "grades",
        "list" | "名单" => "lists",
        "pledge" | "承诺" | "信用承诺" => "pledges",
        other => other,
    };
    REGISTRY.iter().position(|k| k.key() == alias)
}

fn kind_names() -> String {
    REGISTRY
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Problems of the command line are reported as the command's own.
const USAGE: &str = "gongshi import";

fn usage_diag(message: String) -> Diagnostic {
    Diagnostic::whole_file(USAGE, message)
}

/// Whether the import failed on its command line alone (exit code 2, as for any other
/// bad usage), not on what it read.
pub fn is_usage(problems: &Diagnostics) -> bool {
    problems.only_about_command_line(&[USAGE])
}

fn usage(message: String) -> Diagnostics {
    usage_diag(message).into()
}

fn absolute(p: &Path) -> PathBuf {
    crate::write::absolute(p)
}

/// Where `--out` names for a file of `kind`: a relative path is read from the site
/// when that puts it in the kind's data folder (as the hints write it: `--out
/// content/penalties/p.yaml`, wherever the command is run), else from the current
/// folder (`--out p.yaml` run in `content/penalties`).
fn out_path(site: &Site, kind: KindId, out: &Path) -> PathBuf {
    if out.is_absolute() {
        return absolute(out);
    }
    let from_site = absolute(&site.config.root.join(out));
    let folder = site.config.content_dir().join(REGISTRY[kind].key());
    match from_site.starts_with(folder) {
        true => from_site,
        false => absolute(out),
    }
}

/// The first problem of each cell: a cell that cannot be read is not also reported as
/// missing by the checks of the YAML.
fn one_per_cell(diags: Diagnostics) -> Diagnostics {
    let mut seen = std::collections::HashSet::new();
    let mut out = Diagnostics::new();
    for d in diags.iter() {
        let cell = (d.file.clone(), d.line, d.column_label.clone());
        if d.column_label.is_none() || seen.insert(cell) {
            out.push(d.clone());
        }
    }
    out
}

/// The same problem in the same column of many rows: the first few are shown, then
/// one line lists the other rows (a missing column would otherwise fill the screen).
fn collapse(diags: Diagnostics) -> Diagnostics {
    const SHOWN: usize = 3;
    let sorted = diags.into_sorted();
    let mut groups: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for d in sorted {
        let same = groups.iter_mut().find(|(g, _)| {
            g.file == d.file
                && g.message == d.message
                && g.column_label == d.column_label
                && d.line > 0
        });
        match same {
            Some((_, rows)) => rows.push(d.line),
            None => groups.push((d, Vec::new())),
        }
    }
    let mut out = Diagnostics::new();
    for (first, more) in groups {
        out.push(first.clone());
        if more.len() <= SHOWN {
            for row in more {
                out.push(Diagnostic {
                    line: row,
                    ..first.clone()
                });
            }
            continue;
        }
        for &row in &more[..SHOWN - 1] {
            out.push(Diagnostic {
                line: row,
                ..first.clone()
            });
        }
        let rest = &more[SHOWN - 1..];
        let listed: Vec<String> = rest.iter().take(20).map(|r| r.to_string()).collect();
        let ellipsis = if rest.len() > 20 { ", …" } else { "" };
        out.push(Diagnostic {
            line: rest[0],
            message: format!(
                "{} (and the same on {} more rows: {}{ellipsis})",
                first.message,
                rest.len() - 1,
                listed[1..].join(", ")
            ),
            ..first.clone()
        });
    }
    out
}

fn split(diags: Diagnostics) -> (Diagnostics, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    for d in diags.iter() {
        if d.is_warning() {
            warnings.push(d.clone());
        } else {
            errors.push(d.clone());
        }
    }
    (errors, warnings)
}

/// Writes `text` to `path` through a temporary file beside it, so that a reader (the
/// preview) never sees half a file.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.gongshi-import-{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
