//! Property tests of the import's readers of untrusted cells and its YAML writer: no
//! panic whatever a cell holds, and whatever text is written reads back as itself.
//! (Fixed seed and case count as in `crate::fuzz_tests`.)

use super::emit::{quoted, scalar};
use super::headers::normalise;
use super::spec::Value;
use super::table::Cell;
use super::values::{list, parse_date, read};
use crate::fuzz_tests::{config, site_config};
use proptest::prelude::*;

/// Cells as they come: text with digits, date marks, full-width forms and spaces, and
/// numbers of every size.
fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        "[0-9０-９年月日/\\-. :T长期EeX+、；,，\u{3000} a-z\u{4e00}-\u{4e20}]{0,24}"
            .prop_map(Cell::Text),
        any::<f64>().prop_map(Cell::Number),
        (-1e6f64..3e6).prop_map(Cell::Date),
        Just(Cell::Empty),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Text),
        Just(Value::Code),
        Just(Value::Date),
        Just(Value::EndDate),
        Just(Value::Number),
        Just(Value::List),
        Just(Value::Choice(super::spec::SEVERITIES)),
        Just(Value::Scale),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fuzz_every_cell_reads_or_says_why(cell in cell(), value in value()) {
        match read(value, &cell, site_config()) {
            Ok(_) => {}
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }

    #[test]
    fn fuzz_dates_parse_or_not_without_panic(text in "\\PC{0,30}") {
        if let Some(d) = parse_date(&text) {
            prop_assert!((1900..=2100).contains(&chrono::Datelike::year(&d)) || text.contains(|c: char| c.is_ascii_digit()));
        }
        let _ = list(&text);
        let _ = normalise(&text);
    }

    #[test]
    fn fuzz_written_text_reads_back_as_itself(text in "\\PC{0,40}|[\\x00-\\x1f\"'\\\\:#\\-\\[\\]{}, ]{0,10}") {
        for written in [scalar(&text, false), scalar(&text, true), quoted(&text)] {
            let yaml = format!("k: {written}\n");
            let back: serde_yaml::Value = serde_yaml::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{yaml:?}: {e}")))?;
            prop_assert_eq!(back["k"].as_str(), Some(text.as_str()), "{:?}", yaml);
        }
    }
}
