//! Reading `ledger.csv` back: every row checked, every bad one reported with its line
//! and column, rows gongshi would not have written refused (see [`Ledger::parse`]).

use super::*;

impl Ledger {
    /// Parses a ledger, reporting every bad row with its line and column.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Ledger, Diagnostics> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            // Opened and saved again by a spreadsheet, in the system's code page (GBK):
            // one problem, not one per row.
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(bad(path, line, 1, "the ledger is not UTF-8 text (a spreadsheet may have saved it in another encoding, such as GBK)".to_string())
                .with_hint("gongshi writes this file itself, in UTF-8: restore it from version control (in the site folder: git checkout -- ledger.csv), or save it again as \"CSV UTF-8\"")
                .into());
        }
        let mut diags = Diagnostics::new();
        let mut ledger = Ledger::default();
        // An empty file (made by hand, or emptied to start again) is a ledger with no
        // rows yet; the next build writes its first line.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(ledger);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes);
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(str::to_string).collect(),
            Err(e) => return Err(bad(path, 1, 1, format!("cannot read the ledger: {e}")).into()),
        };
        if header != COLUMNS {
            return Err(bad(
                path,
                1,
                1,
                format!("the ledger's first line should be `{}`", COLUMNS.join(",")),
            )
            .with_hint(RESTORE)
            .into());
        }
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(1, |p| p.line() as usize);
                    diags.push(bad(path, line, 1, format!("cannot read this row: {e}")));
                    continue;
                }
            };
            let line = record.position().map_or(1, |p| p.line() as usize);
            let cell = |i: usize| record.get(i).unwrap_or("").to_string();
            let mut day = |i: usize, required: bool| -> Option<Day> {
                let text = cell(i);
                if text.is_empty() && !required {
                    return None;
                }
                let parsed = Day::parse(&text);
                if parsed.is_none() {
                    let column = column_of(&record, i);
                    diags.push(
                        bad(
                            path,
                            line,
                            column,
                            format!(
                                "`{}` should be a date written YYYY-MM-DD, not `{text}`",
                                COLUMNS[i]
                            ),
                        )
                        .with_hint(RESTORE),
                    );
                }
                parsed
            };
            let (first, left) = (day(3, true), day(4, false));
            let Some(first_public) = first else { continue };
            if left.is_some_and(|l| l < first_public) {
                diags.push(
                    bad(
                        path,
                        line,
                        column_of(&record, 4),
                        "`left_on` is before `first_public_on`".to_string(),
                    )
                    .with_hint(RESTORE),
                );
                continue;
            }
            if !crate::kinds::REGISTRY.iter().any(|k| k.key() == cell(0)) {
                diags.push(
                    bad(
                        path,
                        line,
                        1,
                        format!("`{}` is not a kind of record", cell(0)),
                    )
                    .with_hint(RESTORE),
                );
                continue;
            }
            if left.is_some() == cell(5).is_empty() {
                let what = if left.is_some() {
                    "a `left_on` date without a reason"
                } else {
                    "a reason without a `left_on` date"
                };
                diags.push(
                    bad(
                        path,
                        line,
                        column_of(&record, 4),
                        format!("the row has {what}"),
                    )
                    .with_hint(RESTORE),
                );
                continue;
            }
            if !is_known_reason(&cell(5)) {
                diags.push(
                    bad(
                        path,
                        line,
                        column_of(&record, 5),
                        format!("`{}` is not a reason gongshi writes", cell(5)),
                    )
                    .with_hint(RESTORE),
                );
                continue;
            }
            // A pledge's id was a digest of its number before the number became its
            // address: the row is the same record's.
            let id = match (cell(0).as_str(), cell(2)) {
                ("pledges", number) if cell(1) == crate::kinds::pledges::digest_key(&number) => {
                    crate::kinds::pledges::pledge_key(&number)
                }
                _ => cell(1),
            };
            let entry = Entry {
                kind: cell(0),
                id,
                reference: cell(2),
                first_public,
                left_on: left,
                reason: cell(5),
            };
            let periods = ledger
                .entries
                .entry((entry.kind.clone(), entry.id.clone()))
                .or_default();
            // Each time online ends before the next begins.
            let at = periods.partition_point(|p| p.first_public <= first_public);
            // (A record back the day it left is one time online: never `left == next`.)
            let after_previous =
                at == 0 || periods[at - 1].left_on.is_some_and(|l| l < first_public);
            let before_next = periods
                .get(at)
                .is_none_or(|n| left.is_some_and(|l| l < n.first_public));
            if !(after_previous && before_next) {
                diags.push(bad(path, line, 1, format!("{} {} has a second row for the same days", cell(0), cell(1)))
                    .with_hint("a record has one row for each time it was online; restore the file from version control (a merge may have doubled it)"));
                continue;
            }
            periods.insert(at, entry);
        }
        diags.into_result(ledger)
    }
}

/// Every reason the ledger writes ("" while a record is public).
fn is_known_reason(reason: &str) -> bool {
    reason.is_empty()
        || reason == WITHDRAWN_FROM_DATA
        || Withheld::ALL.iter().any(|&w| reason_of(w) == reason)
}

/// The 1-based column (in characters) where cell `i` of `record` starts.
fn column_of(record: &csv::StringRecord, i: usize) -> usize {
    1 + record
        .iter()
        .take(i)
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
}

fn bad(path: &Path, line: usize, column: usize, message: String) -> Diagnostic {
    Diagnostic::new(path, line, column, message)
}
