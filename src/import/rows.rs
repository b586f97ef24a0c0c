//! From a sheet with a known header row to records: each row's cells read by the
//! kind's fields, the group (batch, list) of each row from its own columns, a block of
//! `label | value` rows above the header, or `--batch`/`--list` values; problems kept
//! with their cell.

use super::emit::{Entry, Record};
use super::headers::{block_value, Columns};
use super::spec::{Field, ImportSpec, Value};
use super::table::{Cell, Table, DAYS_1900_TO_1904};
use super::values::{read, Out};
use crate::config::SiteConfig;

/// A problem at a cell (column `None`: the row, or the sheet when row is 0).
#[derive(Debug, Clone)]
pub struct CellProblem {
    pub row: usize,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// Said, but nothing is refused for it.
    pub warning: bool,
}

impl CellProblem {
    pub fn at(row: usize, column: Option<usize>, message: impl Into<String>) -> Self {
        CellProblem {
            row,
            column,
            message: message.into(),
            hint: None,
            warning: false,
        }
    }
}

/// What starts a note staff write under (or between) a table's rows, never a record's
/// value: 填报人：小王　审核人：老李, 制表日期：…, 注：…, 合计.
const NOTE_WORDS: [&str; 14] = [
    "填报",
    "填表",
    "制表",
    "审核",
    "审批",
    "复核",
    "说明",
    "注：",
    "注:",
    "备注：",
    "备注:",
    "合计",
    "总计",
    "小计",
];

/// Who signs under a table (单位负责人：, 经办人：, 联系电话：, 日期：): a short label
/// ending in a colon.
const SIGNATURE_WORDS: [&str; 6] = ["人", "日期", "时间", "电话", "单位", "盖章"];

/// Whether a cell is a note: it starts with a note's word, or with a short label such
/// as 单位负责人： (at most 8 characters before the colon, ending in one of
/// [`SIGNATURE_WORDS`]).
fn is_note(cell: &Cell) -> bool {
    let shown = cell.shown();
    let text = shown.trim_start();
    if NOTE_WORDS.iter().any(|w| text.starts_with(w)) {
        return true;
    }
    let Some(colon) = text.find(['：', ':']) else {
        return false;
    };
    let label = &text[..colon];
    label.chars().count() <= 8 && SIGNATURE_WORDS.iter().any(|w| label.ends_with(w))
}

/// Whether a row is a note rather than a record: its first filled cell is a note, and
/// every other one is a note too, or a number (a 合计 row's sums, `1,234.5`).
fn is_note_row(cells: &[Cell]) -> bool {
    let is_number = |c: &Cell| c.shown().trim().replace(',', "").parse::<f64>().is_ok();
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    filled.next().is_some_and(is_note) && filled.all(|c| is_note(c) || is_number(c))
}

/// The records of one group of a sheet: a grade batch, a list, or (for the other
/// kinds) all the rows.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's name from a 批次标识/名单标识 column, if any.
    pub id: Option<String>,
    /// The group's values, with the row they were read on.
    pub values: Vec<(Entry, usize)>,
    pub records: Vec<Record>,
}

/// What the sheet's rows say, given its header row and columns.
pub struct Sheet<'a> {
    pub table: &'a Table,
    pub spec: &'a ImportSpec,
    pub header_row: usize,
    pub columns: &'a Columns,
    pub config: &'a SiteConfig,
    /// `key=value` from the command line, for the group's fields.
    pub given: &'a [(String, String)],
    /// Values for fields no column fills (`--severity`).
    pub defaults: &'a [(&'static str, Out)],
}

impl Sheet<'_> {
    /// Every record, grouped, and every problem of a cell.
    pub fn read(&self, problems: &mut Vec<CellProblem>) -> Vec<Group> {
        let block = self.group_block(problems);
        let mut groups: Vec<Group> = Vec::new();
        let header = &self.table.rows[self.header_row];
        for row in &self.table.rows[self.header_row + 1..] {
            let is_header_again = row.cells.len() == header.cells.len()
                && row
                    .cells
                    .iter()
                    .zip(&header.cells)
                    .all(|(a, b)| a.shown().trim() == b.shown().trim());
            if is_header_again || !self.columns_hold_data(&row.cells) {
                continue;
            }
            if is_note_row(&row.cells) {
                let first = row.cells.iter().position(|c| !c.is_empty());
                let shown = first.map(|c| row.cells[c].shown()).unwrap_or_default();
                problems.push(CellProblem {
                    hint: Some("a row whose first cell starts with 填报人, 审核人, 制表日期, 注：, 合计 and the like is taken for a note; if it is a record, write its fields in their columns".into()),
                    warning: true,
                    ..CellProblem::at(row.number, first, format!("this row is read as a note, not a record, and is not imported: {}", shown.trim().chars().take(40).collect::<String>()))
                });
                continue;
            }
            let record = self.record(row.number, &row.cells, problems);
            let (id, values) = self.row_group(row.number, &row.cells, &block, problems);
            match groups
                .iter_mut()
                .find(|g| g.id == id && same_values(&g.values, &values))
            {
                Some(g) => g.records.push(record),
                None => {
                    if let Some(other) = groups.iter().find(|g| g.id.is_some() && g.id == id) {
                        problems.push(CellProblem::at(
                            row.number,
                            self.columns.group_id,
                            format!(
                                "rows of `{}` give different values for it than row {}",
                                id.as_deref().unwrap_or_default(),
                                other.records.first().map_or(0, |r| r.row)
                            ),
                        ));
                        continue;
                    }
                    groups.push(Group {
                        id,
                        values,
                        records: vec![record],
                    });
                }
            }
        }
        groups
    }

    /// A cell read as `value`; in a workbook of the 1904 date system, a date serial
    /// typed in a cell not formatted as a date is counted from 1904 as Excel does.
    fn read_cell(&self, value: Value, cell: &Cell) -> Result<Option<Out>, String> {
        match (value, cell) {
            (Value::Date | Value::EndDate, Cell::Number(n))
                if self.table.epoch_1904 && (10_000.0..100_000.0).contains(n) =>
            {
                read(value, &Cell::Date(n + DAYS_1900_TO_1904), self.config)
            }
            _ => read(value, cell, self.config),
        }
    }

    fn columns_hold_data(&self, cells: &[Cell]) -> bool {
        self.columns
            .fields
            .iter()
            .flatten()
            .any(|&c| cells.get(c).is_some_and(|cell| !cell.is_empty()))
    }

    fn record(&self, row: usize, cells: &[Cell], problems: &mut Vec<CellProblem>) -> Record {
        let mut entries = Vec::new();
        for (field, column) in self.spec.fields.iter().zip(&self.columns.fields) {
            let read_cell = column.and_then(|c| cells.get(c).map(|cell| (c, cell)));
            match read_cell.map(|(c, cell)| (c, self.read_cell(field.value, cell))) {
                Some((c, Ok(Some(value)))) => entries.push(Entry {
                    key: field.key,
                    value,
                    column: Some(c),
                }),
                Some((c, Err(message))) => problems.push(CellProblem::at(row, Some(c), message)),
                Some((_, Ok(None))) | None => {
                    if let Some((_, value)) = self.defaults.iter().find(|(k, _)| *k == field.key) {
                        entries.push(Entry {
                            key: field.key,
                            value: value.clone(),
                            column: *column,
                        });
                    }
                }
            }
        }
        Record { row, entries }
    }

    /// The group's values from the block above the header and the command line.
    fn group_block(&self, problems: &mut Vec<CellProblem>) -> Vec<(Entry, usize)> {
        let Some(group) = self.spec.group else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for field in group.fields {
            if let Some((key, value)) = self.given.iter().find(|(k, _)| matches_key(field, k)) {
                match read(field.value, &Cell::Text(value.clone()), self.config) {
                    Ok(Some(v)) => out.push((
                        Entry {
                            key: field.key,
                            value: v,
                            column: None,
                        },
                        0,
                    )),
                    Ok(None) => {}
                    Err(message) => problems.push(CellProblem::at(
                        0,
                        None,
                        format!("--{} {key}={value}: {message}", group.key),
                    )),
                }
                continue;
            }
            if let Some((r, c, cell)) = block_value(field, self.table, self.header_row) {
                let row = self.table.rows[r].number;
                match self.read_cell(field.value, cell) {
                    Ok(Some(v)) => out.push((
                        Entry {
                            key: field.key,
                            value: v,
                            column: Some(c),
                        },
                        row,
                    )),
                    Ok(None) => {}
                    Err(message) => problems.push(CellProblem::at(row, Some(c), message)),
                }
            }
        }
        out
    }

    /// The group of one row: its id column, and its values from its own columns over
    /// those of the block.
    fn row_group(
        &self,
        row: usize,
        cells: &[Cell],
        block: &[(Entry, usize)],
        problems: &mut Vec<CellProblem>,
    ) -> (Option<String>, Vec<(Entry, usize)>) {
        let Some(group) = self.spec.group else {
            return (None, Vec::new());
        };
        let id = self
            .columns
            .group_id
            .and_then(|c| cells.get(c))
            .map(|c| c.shown().trim().to_string())
            .filter(|s| !s.is_empty());
        let mut values: Vec<(Entry, usize)> = Vec::new();
        for (field, column) in group.fields.iter().zip(&self.columns.group) {
            let from_row = column.and_then(|c| cells.get(c).map(|cell| (c, cell)));
            match from_row.map(|(c, cell)| (c, self.read_cell(field.value, cell))) {
                Some((c, Ok(Some(value)))) => values.push((
                    Entry {
                        key: field.key,
                        value,
                        column: Some(c),
                    },
                    row,
                )),
                Some((c, Err(message))) => problems.push(CellProblem::at(row, Some(c), message)),
                _ => {
                    if let Some(b) = block.iter().find(|(e, _)| e.key == field.key) {
                        values.push(b.clone());
                    }
                }
            }
        }
        (id, values)
    }
}

fn matches_key(field: &Field, given: &str) -> bool {
    let g = super::headers::normalise(given);
    super::headers::normalise(field.key) == g
        || field
            .headers
            .iter()
            .any(|h| super::headers::normalise(h) == g)
}

/// Whether two groups' values are the same (the rows they were read on aside).
fn same_values(a: &[(Entry, usize)], b: &[(Entry, usize)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((x, _), (y, _))| x.key == y.key && x.value == y.value)
}
