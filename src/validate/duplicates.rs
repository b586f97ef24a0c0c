//! Decision numbers (决定书文号) used twice by the same authority, across files.

use crate::diag::Diagnostics;
use crate::load::SourceText;
use ahash::AHashMap;
use std::path::Path;

/// Decision numbers seen so far, per issuing authority, with where they were first
/// seen; locations are worked out only for the duplicates.
#[derive(Default)]
pub(super) struct DecisionNumbers<'a> {
    /// Keys and places are borrowed from the files: nothing is copied per record.
    first: AHashMap<(&'a str, &'a str), (&'a Path, usize)>,
    diags: Diagnostics,
}

impl<'a> DecisionNumbers<'a> {
    /// Checks the (item index, authority USCC, decision number) of one file's records.
    pub(super) fn scan(
        &mut self,
        src: &'a SourceText,
        records: impl Iterator<Item = (usize, &'a String, &'a String)>,
    ) {
        let mut dups = Vec::new();
        for (index, authority, number) in records {
            if number.trim().is_empty() {
                continue;
            }
            let key = (authority.as_str(), number.as_str());
            match self.first.get(&key) {
                Some(&first) => dups.push((index, number, first)),
                None => {
                    self.first.insert(key, (src.path.as_path(), index));
                }
            }
        }
        if dups.is_empty() {
            return;
        }
        let source = src.source();
        let ranges = source.outline.items(source.outline.whole());
        let line_of = |index: usize| ranges.get(index).map(|r| r.0 + 1).unwrap_or(0);
        for (index, number, (file, first_index)) in dups {
            let range = ranges.get(index).copied().unwrap_or(source.outline.whole());
            let d = source.at(
                range,
                &["decision_no"],
                format!("decision number `{number}` is used twice by the same authority"),
            );
            let first_line = if file == src.path {
                line_of(first_index)
            } else {
                first_index + 1
            };
            let place = if file == src.path {
                format!("line {first_line} of this file")
            } else {
                format!("record {first_line} of {}", file.display())
            };
            self.diags.push(d.with_hint(format!(
                "it is also at {place}; decision numbers are unique per authority (a second record for the same decision is a copy)"
            )));
        }
    }

    pub(super) fn into_diagnostics(self) -> Diagnostics {
        self.diags
    }
}
