//! Writing imported records as the YAML a person would write: the contract's key
//! order, codes quoted, plain text where YAML reads it back as the same text (quoted
//! otherwise), dates as dates, one record per block, no anchors, no timestamps.
//! Each line remembers the row and column it came from, so that a check of the YAML
//! can be reported at the cell.

use super::values::Out;

/// Where a line of the YAML came from: a row, and the column when one cell.
pub type Origin = Option<(usize, Option<usize>)>;

/// One value to write: its key (dotted when nested), the value, its column.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: &'static str,
    pub value: Out,
    pub column: Option<usize>,
}

/// One record: its row and its values in the contract's order.
#[derive(Debug, Clone)]
pub struct Record {
    pub row: usize,
    pub entries: Vec<Entry>,
}

/// The header of a file of one group: its key (`batch`), its values (each with the
/// row it was read on), and the key of its items (`records`).
#[derive(Debug, Clone)]
pub struct GroupHeader {
    pub key: &'static str,
    pub values: Vec<(Entry, usize)>,
    pub items: &'static str,
}

/// A file to write.
#[derive(Debug, Clone)]
pub struct Document {
    /// The lines of the comment at the top (without `# `).
    pub comment: Vec<String>,
    pub group: Option<GroupHeader>,
    pub records: Vec<Record>,
}

/// The YAML text, and the origin of each line (index 0 is line 1).
pub fn write(doc: &Document) -> (String, Vec<Origin>) {
    let mut w = Writer::default();
    for line in &doc.comment {
        w.line(format!("# {line}"), None);
    }
    w.line(String::new(), None);
    let indent = match &doc.group {
        Some(g) => {
            w.line(format!("{}:", g.key), None);
            for (e, row) in &g.values {
                w.entry("  ", e, Some((*row, e.column)));
            }
            w.line(format!("{}:", g.items), None);
            "  "
        }
        None => "",
    };
    for (i, r) in doc.records.iter().enumerate() {
        if i > 0 && doc.group.is_none() {
            w.line(String::new(), None);
        }
        w.record(indent, r);
    }
    (w.text, w.origins)
}

#[derive(Default)]
struct Writer {
    text: String,
    origins: Vec<Origin>,
}

impl Writer {
    fn line(&mut self, line: String, origin: Origin) {
        self.text.push_str(&line);
        self.text.push('\n');
        self.origins.push(origin);
    }

    fn record(&mut self, indent: &str, r: &Record) {
        let mut first = true;
        let mut open: Option<&str> = None;
        let item_indent = format!("{indent}  ");
        for e in &r.entries {
            let origin = Some((r.row, e.column));
            let lead = if first {
                format!("{indent}- ")
            } else {
                item_indent.clone()
            };
            first = false;
            match e.key.split_once('.') {
                Some((outer, inner)) => {
                    if open != Some(outer) {
                        self.line(format!("{lead}{outer}:"), origin);
                        open = Some(outer);
                    }
                    self.line(
                        format!("{item_indent}  {inner}: {}", value(&e.value)),
                        origin,
                    );
                }
                None => {
                    open = None;
                    self.line(format!("{lead}{}: {}", e.key, value(&e.value)), origin);
                }
            }
        }
    }

    fn entry(&mut self, indent: &str, e: &Entry, origin: Origin) {
        self.line(format!("{indent}{}: {}", e.key, value(&e.value)), origin);
    }
}

fn value(v: &Out) -> String {
    match v {
        Out::Text(s) => scalar(s, false),
        Out::Code(s) => quoted(s),
        Out::Date(d) => d.to_string(),
        Out::Number(n) => n.clone(),
        Out::Key(k) => k.clone(),
        Out::List(items) => {
            let items: Vec<String> = items.iter().map(|i| scalar(i, true)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// Words YAML reads as something other than text.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "<<",
];

/// `s` as YAML reads it back: plain where that is safe, double-quoted otherwise. In a
/// flow list (`in_flow`), the flow indicators need quotes too.
pub fn scalar(s: &str, in_flow: bool) -> String {
    let first = s.chars().next();
    let plain = match first {
        None => false,
        Some(c) => {
            !c.is_whitespace()
                && !"-?:,[]{}#&*!|>'\"%@`+.0123456789".contains(c)
                && !s.ends_with(char::is_whitespace)
                && !s.ends_with(':')
                && !s.contains(": ")
                && !s.contains(" #")
                && !s.chars().any(needs_escape)
                && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
                && !(in_flow && s.contains([',', '[', ']', '{', '}']))
        }
    };
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Characters written as an escape inside double quotes: controls, line and paragraph
/// separators, and characters that show nothing (so that they can be seen).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}')
}

pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(yaml_value: &str) -> serde_yaml::Value {
        let map: serde_yaml::Value = serde_yaml::from_str(&format!("k: {yaml_value}")).unwrap();
        map["k"].clone()
    }

    #[test]
    fn text_reads_back_as_the_same_text() {
        for s in [
            "济南某某运输有限公司",
            "yes",
            "2024",
            "0.5",
            "- dash",
            "a: b",
            "note #1",
            "\"quoted\"",
            "line\nbreak",
            " padded ",
            "null",
            "@at",
            "zero\u{200b}width",
            "back\\slash",
            "",
        ] {
            let v = back(&scalar(s, false));
            assert_eq!(
                v,
                serde_yaml::Value::String(s.to_string()),
                "{s:?} → {}",
                scalar(s, false)
            );
        }
        assert_eq!(
            scalar("济南某某运输有限公司", false),
            "济南某某运输有限公司"
        );
        assert_eq!(
            value(&Out::List(vec!["罚款".into(), "a,b".into()])),
            "[罚款, \"a,b\"]"
        );
    }

    #[test]
    fn records_are_blocks_with_nested_keys_and_origins() {
        let e = |key, value, column| Entry {
            key,
            value,
            column: Some(column),
        };
        let doc = Document {
            comment: vec!["from x.xlsx".into()],
            group: None,
            records: vec![
                Record {
                    row: 2,
                    entries: vec![
                        e("decision_no", Out::Code("罚1号".into()), 0),
                        e(
                            "objection.filed",
                            Out::Date(chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
                            3,
                        ),
                        e("objection.status", Out::Key("pending".into()), 4),
                        e("note", Out::Text("备注".into()), 5),
                    ],
                },
                Record {
                    row: 3,
                    entries: vec![e("decision_no", Out::Code("罚2号".into()), 0)],
                },
            ],
        };
        let (text, origins) = write(&doc);
        assert_eq!(
            text,
            "# from x.xlsx\n\n- decision_no: \"罚1号\"\n  objection:\n    filed: 2024-05-01\n    status: pending\n  note: 备注\n\n- decision_no: \"罚2号\"\n"
        );
        assert_eq!(origins[4], Some((2, Some(3))));
        assert_eq!(origins[8], Some((3, Some(0))));
    }
}
