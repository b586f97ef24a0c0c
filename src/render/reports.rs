//! Where tera's reports point. The checks tera makes once every template is loaded
//! (a filter, test or function it does not know; a block no parent has) come back as
//! one message of reports, each `error: MESSAGE` followed by `--> NAME:LINE:COL` and
//! the line of the template: read back here so that each is a problem at its place.

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
