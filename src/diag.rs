//! Diagnostics: one problem in one input file, located by line and column, with a hint.
//!
//! Every stage that reads user input reports problems as [`Diagnostic`]s and keeps
//! going, so that a clerk sees every problem of a run at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The site cannot be published: nothing is written, the exit code is 1.
    Error,
    /// Probably wrong, or the law is uncertain: reported, the build goes on (unless
    /// `--deny-warnings`).
    Warning,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One problem found in the site's input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path of the file, relative to the site folder where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    /// How the column is shown, when not as a number: a spreadsheet's `D (统一社会信用代码)`.
    pub column_label: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    pub level: Level,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            column_label: None,
            message: message.into(),
            hint: None,
            level: Level::Error,
        }
    }

    /// A problem with a file as a whole (it cannot be read, it is in the wrong place).
    pub fn whole_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(file, 0, 0, message)
    }

    /// Shows the column as `label` (a spreadsheet's column letter and header).
    pub fn with_column_label(mut self, label: impl Into<String>) -> Self {
        self.column_label = Some(label.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem as a warning.
    pub fn warning(mut self) -> Self {
        self.level = Level::Warning;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {}", self.message)?,
            (line, _) if self.column_label.is_some() => {
                let label = self.column_label.as_deref().unwrap_or_default();
                write!(f, "{file}:{line}:{label}: {}", self.message)?
            }
            (line, 0) => write!(f, "{file}:{line}: {}", self.message)?,
            (line, col) => write!(f, "{file}:{line}:{col}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The problems of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

/// Both values, or the problems of either and of both together (every problem of a
/// run is reported at once).
pub fn both<A, B>(
    a: Result<A, Diagnostics>,
    b: Result<B, Diagnostics>,
) -> Result<(A, B), Diagnostics> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut problems = Diagnostics::new();
            for d in [a.err(), b.err()].into_iter().flatten() {
                problems.extend(d);
            }
            Err(problems)
        }
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    /// Sorted by file, line and column, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort();
        self.0.dedup();
        self.0
    }
    /// Whether any problem is an error (not only warnings).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| !d.is_warning())
    }

    /// Whether there are errors and every one is about the command line (reported
    /// under `names`, such as `--base-url`), none about the site: bad usage (exit 2).
    pub fn only_about_command_line(&self, names: &[&str]) -> bool {
        self.has_errors()
            && self
                .0
                .iter()
                .filter(|d| !d.is_warning())
                .all(|d| names.iter().any(|n| d.file == Path::new(n)))
    }

    /// The warnings alone.
    pub fn warnings(&self) -> Diagnostics {
        self.0.iter().filter(|d| d.is_warning()).cloned().collect()
    }

    /// Every warning made an error (`--deny-warnings`).
    pub fn deny_warnings(mut self) -> Diagnostics {
        for d in &mut self.0 {
            d.level = Level::Error;
        }
        self
    }

    /// `Ok(value)` when nothing was reported, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Prints every problem (sorted) to stderr, each with its level, and a count.
pub fn report(diags: Diagnostics, what: &str) {
    let list = diags.into_sorted();
    for d in &list {
        crate::say_err!("{}: {d}", d.level.label());
    }
    let warnings = list.iter().filter(|d| d.is_warning()).count();
    let errors = list.len() - warnings;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let counted = match (errors, warnings) {
        (e, 0) => plural(e, "problem"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{} and {}", plural(e, "problem"), plural(w, "warning")),
    };
    crate::say_err!("\n{counted} found; {what}");
}

/// Warnings printed after a build or a preview rebuild; `gongshi check` prints all.
pub const WARNINGS_SHOWN: usize = 30;

/// Prints the warnings of a run that succeeded to stderr, the first `limit` of them.
pub fn report_warnings(warnings: &[Diagnostic], limit: usize) {
    for d in warnings.iter().take(limit) {
        crate::say_err!("warning: {d}");
    }
    if warnings.len() > limit {
        crate::say_err!(
            "warning: … and {} more warnings (gongshi check prints them all)",
            warnings.len() - limit
        );
    }
}

/// `path` relative to `base` when it lies inside it, for shorter messages.
pub fn display_path(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_file_line_column_and_hint() {
        let d = Diagnostic::new("content/a.yaml", 3, 5, "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "content/a.yaml:3:5: bad\n  hint: fix it");
        assert_eq!(
            Diagnostic::whole_file("x.yaml", "oops").to_string(),
            "x.yaml: oops"
        );
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(closest("scroe", ["score", "grade", "name"]), Some("score"));
        assert_eq!(closest("zzzzzz", ["score", "grade"]), None);
    }
}
