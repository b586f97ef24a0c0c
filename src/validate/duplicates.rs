//! Ids that must be unique across files (a decision number per authority, a pledge
//! number), reported with the place where each was first seen.

use crate::diag::Diagnostics;
use crate::ident::id_key;
use crate::kinds::UniqueId;
use crate::load::SourceText;
use ahash::AHashMap;
use std::borrow::Cow;
use std::collections::hash_map::Entry;

/// Ids seen so far, per scope, with where they were first seen; locations are worked
/// out only for the duplicates.
#[derive(Default)]
pub(super) struct SeenIds<'a> {
    /// Keyed by scope and [`id_key`], with the place and the id as first written, all
    /// borrowed from the files: only an id not in the national style (`〔〕`, half-width,
    /// no spaces) is copied, to its key.
    first: AHashMap<(&'a str, Cow<'a, str>), (&'a SourceText, usize, &'a str)>,
    diags: Diagnostics,
}

impl<'a> SeenIds<'a> {
    /// Checks the unique ids of one file's records.
    pub(super) fn scan(&mut self, src: &'a SourceText, ids: Vec<UniqueId<'a>>) {
        let mut dups = Vec::new();
        for u in ids {
            if u.id.trim().is_empty() {
                continue;
            }
            match self.first.entry((u.scope, id_key(u.id))) {
                Entry::Occupied(first) => dups.push((u, *first.get())),
                Entry::Vacant(v) => {
                    v.insert((src, u.index, u.id));
                }
            }
        }
        if dups.is_empty() {
            return;
        }
        let source = src.source();
        let ranges = source.outline.items(source.outline.whole());
        let line_of = |index: usize| ranges.get(index).map(|r| r.0 + 1).unwrap_or(0);
        let mut others = AHashMap::new();
        for (u, (file, first_index, first_id)) in dups {
            let range = ranges
                .get(u.index)
                .copied()
                .unwrap_or(source.outline.whole());
            let scoped = !u.scope.is_empty();
            let d = source.at(
                range,
                &[u.key],
                format!(
                    "{} `{}` is used twice{}",
                    u.what,
                    u.id,
                    if scoped { " by the same authority" } else { "" }
                ),
            );
            let place = if file.path == src.path {
                format!("line {} of this file", line_of(first_index))
            } else {
                // Each other file's records found once, however many are copies.
                let ranges = others.entry(file.path.as_path()).or_insert_with(|| {
                    let other = file.source();
                    other.outline.items(other.outline.whole())
                });
                match ranges.get(first_index) {
                    Some(r) => format!("{}:{}", file.path.display(), r.0 + 1),
                    None => format!("record {} of {}", first_index + 1, file.path.display()),
                }
            };
            let rule = if scoped {
                format!("{}s are unique per authority (a second record for the same decision is a copy)", u.what)
            } else {
                format!("{}s are unique across the site", u.what)
            };
            let written = if first_id == u.id {
                String::new()
            } else {
                format!(" as `{first_id}`")
            };
            let same = if written.is_empty() {
                ""
            } else {
                "; full-width characters, spaces, brackets and letter case do not make another number"
            };
            self.diags
                .push(d.with_hint(format!("it is also at {place}{written}; {rule}{same}")));
        }
    }

    pub(super) fn into_diagnostics(self) -> Diagnostics {
        self.diags
    }
}
