//! Where tera's reports point. The checks tera makes once every template is loaded
//! (a filter, test or function it does not know; a block no parent has) come back as
//! one message of reports, each `error: MESSAGE` followed by `--> NAME:LINE:COL` and
//! the line of the template: read back here so that each is a problem at its place.
//! Also the problems of a theme whose templates do not load, built from them.

use super::tera_error_text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use tera::Tera;

/// One report: the template's name, its 1-based line and column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub template: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The reports in `text` that say where they are (none: `text` is not such a message).
pub fn located_reports(text: &str) -> Vec<Located> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
            continue;
        }
        let Some(at) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let Some(m) = message.take() else { continue };
        let mut parts = at.rsplitn(3, ':');
        let (Some(column), Some(number), Some(template)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(column)) = (number.parse(), column.parse()) {
            found.push(Located {
                template: template.to_string(),
                line,
                column,
                message: m.to_string(),
            });
        }
    }
    found
}

const SYNTAX_HINT: &str =
    "fix the template syntax (Tera 2: {{ value }}, {% if %}…{% endif %}, {% for %}…{% endfor %})";

/// The problems of a theme whose templates did not load together (`whole`): each
/// template's syntax errors, at their line and column, found by parsing it alone (tera
/// stops at the first); else (a missing parent, a cycle of includes) `whole` itself.
pub(super) fn template_problems(theme: &Theme, whole: &tera::Error) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for t in &theme.templates {
        let Err(e) = Tera::new().add_raw_template(&t.name, &t.text) else {
            continue;
        };
        if let tera::ErrorKind::SyntaxError(report) = e.kind() {
            let span = report.span();
            let message = format!("template syntax: {}", report.message());
            diags.push(
                Diagnostic::new(
                    theme.shown_template(&t.name),
                    span.start_line,
                    span.start_col + 1,
                    message,
                )
                .with_hint(SYNTAX_HINT),
            );
        }
    }
    if diags.is_empty() {
        let text = tera_error_text(whole);
        for r in located_reports(&text) {
            diags.push(
                Diagnostic::new(theme.shown_template(&r.template), r.line, r.column, format!("template: {}", r.message))
                    .with_hint("check the name: a theme has Tera 2's built-in filters, tests and functions, and the blocks its parent template defines"),
            );
        }
    }
    if diags.is_empty() {
        let message = format!("template error: {}", tera_error_text(whole));
        diags.push(
            Diagnostic::whole_file(theme.shown(theme.dir.join("templates")), message)
                .with_hint(SYNTAX_HINT),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_report_is_read_with_its_place() {
        let text = "error: Unknown filter `nosuch`\n  --> base.html:28:64\n   |\n28 |     <p>{{ site.title | nosuch }}</p>\n   |                        ^^^^^^\n\nerror: Unknown test `odd2`\n   --> partials/pager.html:110:9\n    |\n110 | {% if x is odd2 %}\n";
        assert_eq!(
            located_reports(text),
            [
                Located {
                    template: "base.html".into(),
                    line: 28,
                    column: 64,
                    message: "Unknown filter `nosuch`".into()
                },
                Located {
                    template: "partials/pager.html".into(),
                    line: 110,
                    column: 9,
                    message: "Unknown test `odd2`".into()
                },
            ]
        );
        assert!(located_reports("Template 'a.html' not found").is_empty());
    }
}
