//! A data file in another kind's folder (a penalty file copied under
//! `content/licences/`): one problem saying where it belongs, instead of one for each
//! key the folder's kind does not have (93 for the example site's penalty file).
//!
//! Only a file with keys its folder's kind does not have is tried as the other kinds
//! (this is the error path alone); it is taken for another kind only when it decodes
//! as that kind, without an unknown key and with fewer problems. The kinds' keys and
//! shapes differ enough that a file of one kind with a typo decodes as no other.
//!
//! An unknown key is recognised by its message (`unknown key `, `unknown top-level
//! key `), the words [`crate::yaml`] and the kinds' header checks write.

use super::SourceText;
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::{KindId, REGISTRY};

/// The problem that replaces `problems`, when the file's records are of another kind.
pub fn misplaced(
    site: &SiteConfig,
    kind: KindId,
    src: &SourceText,
    slug: &str,
    problems: &Diagnostics,
) -> Option<Diagnostic> {
    // Only a file with keys its folder's kind does not know: a file that merely
    // lacks keys decodes as a kind that asks for fewer (a reviewer's half-written
    // penalty was "a licence file").
    if !problems.iter().any(|d| unknown_key(d).is_some()) {
        return None;
    }
    let (other, left) = REGISTRY
        .iter()
        .enumerate()
        .filter(|&(id, _)| id != kind)
        .filter_map(|(id, k)| {
            let mut diags = Diagnostics::new();
            let decoded = k.decode(site, src, slug, &mut diags).is_some();
            let fits = decoded && diags.iter().all(|d| unknown_key(d).is_none());
            (fits && diags.len() < problems.len()).then_some((id, diags.len()))
        })
        .min_by_key(|&(_, left)| left)?;
    let (here, there) = (REGISTRY[kind], REGISTRY[other]);
    let mut keys: Vec<String> = Vec::new();
    for key in problems.iter().filter_map(unknown_key) {
        let key = format!("`{key}`");
        if !keys.contains(&key) && keys.len() < 4 {
            keys.push(key);
        }
    }
    let line = problems.iter().map(|d| d.line).filter(|&l| l > 0).min();
    let mut message = format!(
        "this file holds {} ({}), not {} ({})",
        there.key(),
        there.title(),
        here.key(),
        here.title(),
    );
    if !keys.is_empty() {
        let keys = keys.join(", ");
        message += &format!(": it has {keys}, which {} have", there.key());
    }
    let checked = match left {
        0 => "no problem".to_string(),
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let hint = format!(
        "move it to content/{0}/ (checked as {0}, it has {checked})",
        there.key()
    );
    Some(Diagnostic::new(&src.path, line.unwrap_or(0), 0, message).with_hint(hint))
}

/// The key of an "unknown key" problem, in a record or at the top of the file.
fn unknown_key(d: &Diagnostic) -> Option<&str> {
    let rest = (d.message.strip_prefix("unknown key `"))
        .or_else(|| d.message.strip_prefix("unknown top-level key `"))?;
    rest.split('`').next()
}
