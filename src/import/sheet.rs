//! One sheet of a spreadsheet, planned as data files: its header row found and its
//! kind told, its columns checked (unknown, repeated), its rows read into records with
//! the sheet's defaults, and each group of records given its file under
//! `content/<kind>/` and its YAML text.

use super::emit::{self, Document};
use super::rows::{CellProblem, Group, Sheet};
use super::table::{column_letter, Table};
use super::values::Out;
use super::{at, attachments, headers, sheet_name, spec, Planned};
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::{KindId, REGISTRY};
use crate::site::Site;
use std::path::PathBuf;

/// What every sheet of one run shares.
pub(super) struct SheetCx<'a> {
    pub site: &'a Site,
    pub kind: Option<KindId>,
    pub given: &'a [(String, String)],
    pub defaults: &'a [(&'static str, Out)],
    /// The file has more than one sheet with rows (output names carry the sheet).
    pub several: bool,
}

/// Reads one sheet and plans its data files. False when the sheet has no header row
/// of a kind (a sheet of something else).
pub(super) fn plan_sheet(
    cx: &SheetCx<'_>,
    table: Table,
    planned: &mut Vec<Planned>,
    diags: &mut Diagnostics,
) -> bool {
    let ids: Vec<KindId> = match cx.kind {
        Some(k) => vec![k],
        None => (0..REGISTRY.len()).collect(),
    };
    let specs: Vec<_> = ids.iter().map(|&k| REGISTRY[k].import_spec()).collect();
    let (header_row, which, columns) = match headers::find_header(&table, &specs) {
        Ok(found) => found,
        Err(tied) if !tied.is_empty() => {
            let names: Vec<&str> = tied.iter().map(|&i| REGISTRY[ids[i]].key()).collect();
            diags.push(
                Diagnostic::whole_file(
                    sheet_name(&table),
                    format!("the headers fit {} alike", names.join(" and ")),
                )
                .with_hint("say which with --kind"),
            );
            return true;
        }
        Err(_) => return false, // no header row: a sheet of something else
    };
    let kind = ids[which];
    let spec = specs[which];
    let header_number = table.rows[header_row].number;
    let data_rows = &table.rows[header_row + 1..];
    if let (None, Some((key, value))) = (spec.group, cx.given.first()) {
        diags.push(super::usage_diag(format!(
            "--batch/--list {key}={value}: {} holds {} records, which belong to no batch or list, so --batch and --list mean nothing for it",
            sheet_name(&table),
            REGISTRY[kind].key()
        )).with_hint("leave --batch and --list out; for a workbook that also has a grade or list sheet, import that sheet alone with --sheet NAME"));
        // A bad command line (exit 2): its rows are not read until it is mended.
        return true;
    }
    for (column, header) in &columns.unknown {
        // An empty column (a template's column with no data) loses nothing.
        if data_rows
            .iter()
            .all(|r| r.cells.get(*column).is_none_or(|c| c.is_empty()))
        {
            continue;
        }
        diags.push(
            at(
                &table,
                header_number,
                Some(*column),
                &columns.headers,
                format!("column `{header}` is not one gongshi reads; it is left out"),
            )
            .with_hint(format!(
                "the columns of {} are listed in README.md, \"From your Excel ledger to the site\"",
                REGISTRY[kind].key()
            ))
            .warning(),
        );
    }
    for &(column, first) in &columns.repeated {
        if data_rows
            .iter()
            .all(|r| r.cells.get(column).is_none_or(|c| c.is_empty()))
        {
            continue;
        }
        diags.push(
            at(
                &table,
                header_number,
                Some(column),
                &columns.headers,
                format!(
                    "this column holds the same field as column {} ({}), and only one can be read",
                    column_letter(first),
                    columns.headers[first]
                ),
            )
            .with_hint(
                "remove one of the two columns, or rename the one that holds something else",
            ),
        );
    }
    let mut problems: Vec<CellProblem> = Vec::new();
    let mut copies: Vec<(PathBuf, PathBuf)> = Vec::new();
    let defaults = sheet_defaults(cx, spec, &columns, &table, header_number, diags);
    let sheet = Sheet {
        table: &table,
        spec,
        header_row,
        columns: &columns,
        config: &cx.site.config,
        given: cx.given,
        defaults: &defaults,
    };
    let mut groups = sheet.read(&mut problems);
    let records: usize = groups.iter().map(|g| g.records.len()).sum();
    if table.hidden && records > 0 {
        diags.push(
            at(&table, header_number, None, &columns.headers, format!("this sheet is hidden in the workbook, and its {records} record(s) are imported like the others"))
                .with_hint("staff often hide a sheet of withdrawn or draft rows: if these must not be published, delete the sheet or import the others with --sheet NAME")
                .warning(),
        );
    } else if let Some(d) = hidden_rows_warning(&table, &groups, &columns.headers) {
        diags.push(d);
    }
    for g in &mut groups {
        for r in &mut g.records {
            copies.extend(attachments::resolve(
                &cx.site.config,
                REGISTRY[kind].key(),
                &table,
                r,
                &columns.headers,
                diags,
            ));
        }
    }
    for p in problems {
        let mut d = at(&table, p.row, p.column, &columns.headers, p.message);
        if let Some(h) = p.hint {
            d = d.with_hint(h);
        }
        if p.warning {
            d = d.warning();
        }
        diags.push(d);
    }
    let group_fields = spec.group.map(|g| g.fields).unwrap_or_default();
    let field_columns: Vec<(&'static str, usize)> = (spec.fields.iter().zip(&columns.fields))
        .chain(group_fields.iter().zip(&columns.group))
        .filter_map(|(f, c)| c.map(|c| (f.key, c)))
        .collect();
    let count = groups.len();
    for (i, group) in groups.into_iter().enumerate() {
        let path = output_path(cx, kind, &table, &group, i, count);
        let records = group.records.len();
        let doc = document(spec, &table, group);
        let (text, origins) = emit::write(&doc);
        planned.push(Planned {
            kind,
            path,
            text,
            origins,
            // Its name only: the rows are in the text now.
            table: Table {
                file: table.file.clone(),
                sheet: table.sheet.clone(),
                rows: Vec::new(),
                epoch_1904: table.epoch_1904,
                hidden: table.hidden,
                hidden_rows: Default::default(),
            },
            headers: columns.headers.clone(),
            columns: field_columns.clone(),
            records,
            copies: std::mem::take(&mut copies),
        });
    }
    true
}

/// Values for fields the sheet has no column for: `--severity`, else 一般 for a
/// penalty ledger in the national template, which has no column for it (a warning:
/// the severity decides how long a penalty is public).
fn sheet_defaults(
    cx: &SheetCx<'_>,
    spec: &spec::ImportSpec,
    columns: &headers::Columns,
    table: &Table,
    header_row: usize,
    diags: &mut Diagnostics,
) -> Vec<(&'static str, Out)> {
    let mut defaults = cx.defaults.to_vec();
    let severity = spec.fields.iter().position(|f| f.key == "severity");
    let has_column = severity.is_some_and(|i| columns.fields[i].is_some());
    let given = defaults.iter().any(|(k, _)| *k == "severity");
    if severity.is_some() && !has_column && !given {
        defaults.push(("severity", Out::Key("general".to_string())));
        diags.push(
            at(table, header_row, None, &columns.headers, "the sheet has no 失信严重程度 column: every row is imported as 一般 (general); the severity decides how long a penalty is public (信用修复管理办法: 一般 at most 1 year, 严重 1 to 3 years, 轻微 not published)")
                .with_hint("check each penalty's severity; to set it for the whole sheet, import again with --out FILE --severity minor|general|serious, or add a 失信严重程度 column")
                .warning(),
        );
    }
    defaults
}

/// The file for one group: `content/<kind>/<name>.yaml`, named after the group's id,
/// or the spreadsheet (and its sheet when it has several).
fn output_path(
    cx: &SheetCx<'_>,
    kind: KindId,
    table: &Table,
    group: &Group,
    index: usize,
    count: usize,
) -> PathBuf {
    let stem = table
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".to_string());
    let mut name = match &group.id {
        Some(id) => id.clone(),
        None if cx.several => format!("{stem}-{}", table.sheet),
        None => stem,
    };
    if group.id.is_none() && count > 1 {
        name = format!("{name}-{}", index + 1);
    }
    // A name is a path below the kind's folder: no empty, `.` or `..` parts.
    let safe: Vec<String> = name
        .split(['/', '\\'])
        .map(|p| {
            p.trim()
                .replace(['.', ':', '*', '?', '"', '<', '>', '|'], "-")
        })
        .filter(|p| !p.is_empty() && p != "-" && p != "--")
        .collect();
    let name = if safe.is_empty() {
        "import".to_string()
    } else {
        safe.join("/")
    };
    cx.site
        .config
        .content_dir()
        .join(REGISTRY[kind].key())
        .join(format!("{name}.yaml"))
}

fn document(spec: &spec::ImportSpec, table: &Table, group: Group) -> Document {
    let rows = group.records.len();
    let file = table
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheet = if sheet_name(table).ends_with(&format!(":{}", table.sheet)) {
        format!("，工作表「{}」", table.sheet)
    } else {
        String::new()
    };
    let comment = vec![format!(
        "由 gongshi import 导入：{file}{sheet}，共 {rows} 条记录。"
    )];
    Document {
        comment,
        group: spec.group.map(|g| emit::GroupHeader {
            key: g.key,
            values: group.values,
            items: g.items,
        }),
        records: group.records,
    }
}

/// The records read from rows hidden in the sheet (by hand, or by a filter), at the
/// first of those rows: Excel and WPS did not show them, and they are imported like
/// the others.
fn hidden_rows_warning(table: &Table, groups: &[Group], headers: &[String]) -> Option<Diagnostic> {
    let mut rows: Vec<usize> = groups
        .iter()
        .flat_map(|g| &g.records)
        .map(|r| r.row)
        .filter(|row| table.hidden_rows.contains(row))
        .collect();
    rows.sort_unstable();
    let first = *rows.first()?;
    let mut shown: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
    if rows.len() > 10 {
        shown.push(format!("and {} more", rows.len() - 10));
    }
    Some(
        at(table, first, None, headers, format!(
            "{} record(s) are on rows hidden in the sheet ({} {}), and are read like the others",
            rows.len(),
            if rows.len() == 1 { "row" } else { "rows" },
            shown.join(", ")
        ))
        .with_hint("a row is hidden by hand or by a filter (筛选); staff often hide withdrawn or draft rows: if these must not be published, delete the rows, or show them to check them")
        .warning(),
    )
}
