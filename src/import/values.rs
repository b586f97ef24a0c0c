//! Cells as staff type them, made into the values the contract wants (section 13):
//! Excel date serials and `2024/3/2`, `2024-3-2`, `2024年3月2日`; full-width digits and
//! letters in codes; lists joined by 、 ； , or ;; 长期 for no end; numbers stored as
//! text. A code that Excel turned into a number is taken back when no digit was lost
//! and refused when one was (`9.1370117E+17`).

use super::spec::Value;
use super::table::{number_text, Cell};
use crate::config::SiteConfig;
use chrono::NaiveDate;

/// A value ready to be written as YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Text, written plain where YAML allows, quoted otherwise.
    Text(String),
    /// A code: always quoted, so YAML never reads it as a number.
    Code(String),
    Date(NaiveDate),
    /// A number, as written (`0.2`, `865`).
    Number(String),
    List(Vec<String>),
    /// A key from a fixed set (`legal`, `general`).
    Key(String),
}

/// The last day there is: what 长期 (no end) means in the contract.
pub fn no_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default()
}

/// Full-width ASCII (`１２３ＡＢＣ（）`) as half-width, the ideographic space as a space.
pub fn half_width(s: &str) -> String {
    s.chars().map(crate::scan::half_width).collect()
}

/// Reads `cell` as `value` would have it; `Ok(None)` for an empty cell (or a choice
/// that means "nothing"). The error says what to fix.
pub fn read(value: Value, cell: &Cell, config: &SiteConfig) -> Result<Option<Out>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    if let Cell::Error(e) = cell {
        return Err(format!(
            "the cell shows the error {e}: correct the formula or type the value"
        ));
    }
    match value {
        Value::Text => Ok(Some(Out::Text(text(cell)))),
        Value::Code => code(cell).map(|c| Some(Out::Code(c))),
        Value::Date => date(cell).map(|d| Some(Out::Date(d))),
        Value::EndDate => end_date(cell).map(|d| Some(Out::Date(d))),
        Value::Number => number(cell).map(|n| Some(Out::Number(n))),
        Value::List => {
            let items = list(&text(cell));
            Ok((!items.is_empty()).then_some(Out::List(items)))
        }
        Value::Choice(choices) => choice(cell, choices),
        Value::Scale => scale(cell, config).map(|k| Some(Out::Key(k))),
    }
}

/// A date, or 长期 (and its synonyms) for no end.
fn end_date(cell: &Cell) -> Result<NaiveDate, String> {
    let t = squeeze(&text(cell));
    if [
        "长期",
        "长期有效",
        "永久",
        "永久有效",
        "无期限",
        "无固定期限",
    ]
    .contains(&t.as_str())
    {
        Ok(no_end())
    } else {
        date(cell)
    }
}

/// The text of a cell, trimmed (spaces of every width, line breaks at the ends).
fn text(cell: &Cell) -> String {
    match cell {
        Cell::Date(n) => serial_date(*n).map_or_else(|| number_text(*n), |d| d.to_string()),
        other => other
            .shown()
            .trim_matches(|c: char| c.is_whitespace())
            .to_string(),
    }
}

/// Text with every space removed, half-width.
fn squeeze(s: &str) -> String {
    half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn code(cell: &Cell) -> Result<String, String> {
    const LOST: &str = "Excel stored this code as a number and its last digits are lost";
    const FIX: &str =
        "format the column as 文本 (Text) in Excel, type the code again, and import again";
    match cell {
        Cell::Number(n) => {
            if n.fract() != 0.0 || *n < 0.0 {
                return Err(format!(
                    "`{}` is a number, not a code: type the code as text",
                    number_text(*n)
                ));
            }
            // Excel keeps 15 significant digits: beyond them digits may be lost.
            if *n >= 1e15 {
                return Err(format!("{LOST} ({}): {FIX}", scientific(*n)));
            }
            Ok(number_text(*n))
        }
        other => {
            let s = squeeze(&other.shown());
            if looks_scientific(&s) {
                return Err(format!("{LOST} (`{s}`): {FIX}"));
            }
            // A code of letters and digits (a USCC, an ID number) in capitals.
            if s.len() >= 15 && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Ok(s.to_ascii_uppercase());
            }
            Ok(s)
        }
    }
}

/// `9.1370117E+17`, as Excel shows a long number.
fn scientific(n: f64) -> String {
    let exp = n.log10().floor() as i32;
    let mantissa = n / 10f64.powi(exp);
    let m = format!("{mantissa:.8}");
    let m = m.trim_end_matches('0').trim_end_matches('.');
    format!("{m}E+{exp}")
}

/// `9.1370117E+17` or `9E+17`: one digit, maybe a fraction, `E+` and an exponent of
/// 11 or more, as Excel's 常规 format shows a number of 12 digits or more (and saves it
/// to CSV). A code such as `913701170028247E02` is not one (no `+`), nor `1.50E+3`
/// (Excel shows 1500 as it is), which can only have been typed as text.
fn looks_scientific(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    let Some((mantissa, exponent)) = upper.split_once("E+") else {
        return false;
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    whole.len() == 1
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&exponent.len())
        && exponent.parse::<u32>().is_ok_and(|e| e >= 11)
}

/// An Excel date serial (days since 1899-12-30) as a date, for plausible serials.
fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

const DATE_HINT: &str = "write the date as 2024-03-02 (2024/3/2 and 2024年3月2日 are read too)";

fn date(cell: &Cell) -> Result<NaiveDate, String> {
    match cell {
        Cell::Date(n) => serial_date(*n)
            .ok_or_else(|| format!("`{}` is not a date: {DATE_HINT}", number_text(*n))),
        Cell::Number(n) => {
            // A number like 20240302 is a date written without separators.
            if let Some(d) = compact_date(&number_text(*n)) {
                return Ok(d);
            }
            // A serial in a cell not formatted as a date: only five digits (1927 to
            // 2173) are taken for one, as in text, so that a year typed alone (`2026`)
            // is not taken for a day of 1905.
            let five_digits = (10_000.0..100_000.0).contains(n);
            five_digits
                .then(|| serial_date(*n))
                .flatten()
                .ok_or_else(|| {
                    format!("`{}` is a number, not a date: {DATE_HINT}", number_text(*n))
                })
        }
        other => {
            let raw = other.shown();
            parse_date(&raw)
                .or_else(|| text_serial(&raw))
                .ok_or_else(|| format!("`{}` is not a date: {DATE_HINT}", raw.trim()))
        }
    }
}

/// A date serial written as text: a CSV saved from a column formatted 常规 holds the
/// serial (`46328`) where the sheet showed a date. Only five digits (1927-05-18 to
/// 2173-10-14) are taken for one, so that a year alone (`2024`) is not a day of 1905.
fn text_serial(raw: &str) -> Option<NaiveDate> {
    let wide = half_width(raw);
    let digits = wide.trim();
    let digits = digits.strip_suffix(".0").unwrap_or(digits);
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    serial_date(digits.parse().ok()?)
}

fn compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let year = n(0..4)? as i32;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, n(4..6)?, n(6..8)?)
}

/// `2024-03-02`, `2024-3-2`, `2024/3/2`, `2024.3.2`, `2024年3月2日`, `20240302`, with a
/// time after it or not, in any width of digits.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let wide = half_width(raw);
    // A time of day after the date (`2024-03-02 00:00:00`, `2024-03-02T09:30`): the
    // date ends at the space or `T` before the first `:`.
    let date_part = match wide.find(':') {
        Some(colon) => {
            let cut = wide[..colon].rfind(|c: char| c.is_whitespace() || c == 'T')?;
            &wide[..cut]
        }
        None => wide.as_str(),
    };
    let s = squeeze(date_part);
    if let Some(d) = compact_date(&s) {
        return Some(d);
    }
    parse_parts(&s)
}

fn parse_parts(s: &str) -> Option<NaiveDate> {
    let s = s
        .strip_suffix('日')
        .or_else(|| s.strip_suffix('号'))
        .unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts[..] else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())?
    };
    let year = num(y).filter(|_| y.len() == 4)? as i32;
    NaiveDate::from_ymd_opt(year, num(m)?, num(d)?)
}

fn number(cell: &Cell) -> Result<String, String> {
    match cell {
        Cell::Number(n) if n.is_finite() => Ok(number_text(*n)),
        other => {
            let raw = other.shown();
            let s = squeeze(&raw).replace(',', "");
            let s = s
                .strip_suffix("万元")
                .or_else(|| s.strip_suffix('万'))
                .unwrap_or(&s);
            match s.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(number_text(n)),
                _ => Err(format!(
                    "`{}` is not a number: write digits only, such as 865 or 0.2",
                    raw.trim()
                )),
            }
        }
    }
}

/// Items joined by 、 ； ; , ， or line breaks.
pub fn list(s: &str) -> Vec<String> {
    s.split(['、', '；', ';', ',', '，', '\n', '\r'])
        .map(|p| p.trim_matches(|c: char| c.is_whitespace()).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn choice(cell: &Cell, choices: &[(&str, &str)]) -> Result<Option<Out>, String> {
    let t = squeeze(&text(cell));
    let found = choices
        .iter()
        .find(|(label, _)| squeeze(label) == t || squeeze(label).eq_ignore_ascii_case(&t));
    match found {
        Some((_, "")) => Ok(None),
        Some((_, key)) => Ok(Some(Out::Key(key.to_string()))),
        None => {
            let mut labels: Vec<&str> = choices
                .iter()
                .map(|(l, _)| *l)
                .filter(|l| !l.is_ascii())
                .collect();
            labels.dedup();
            Err(format!("`{t}` is not one of: {}", labels.join("、")))
        }
    }
}

fn scale(cell: &Cell, config: &SiteConfig) -> Result<String, String> {
    let t = squeeze(&text(cell));
    config
        .scales
        .values()
        .find(|s| squeeze(&s.id) == t || squeeze(&s.name) == t)
        .map(|s| s.id.clone())
        .ok_or_else(|| {
            let names: Vec<String> = config
                .scales
                .values()
                .map(|s| format!("{} ({})", s.name, s.id))
                .collect();
            format!(
                "`{t}` is not a grade scale of site.yaml; the scales are: {}",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_staff_type_them() {
        for raw in [
            "2024-03-02",
            "2024-3-2",
            "2024/3/2",
            "2024.3.2",
            "2024年3月2日",
            "２０２４年３月２日",
            " 2024 年 3 月 2 日 ",
            "20240302",
            "2024-03-02 00:00:00",
            "2024/3/2 9:30",
        ] {
            assert_eq!(parse_date(raw), Some(d(2024, 3, 2)), "{raw:?}");
        }
        for bad in ["2024-13-01", "24-3-2", "明天", "2024-02-30", ""] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        assert_eq!(
            date(&Cell::Date(45353.0)),
            Ok(d(2024, 3, 2)),
            "Excel serial"
        );
        assert_eq!(
            date(&Cell::Number(45353.0)),
            Ok(d(2024, 3, 2)),
            "serial as number"
        );
        assert_eq!(date(&Cell::Number(20240302.0)), Ok(d(2024, 3, 2)));
        // A CSV holds text: a serial there too, but not a year alone.
        for serial in ["45353", " 45353 ", "45353.0", "４５３５３"] {
            assert_eq!(
                date(&Cell::Text(serial.into())),
                Ok(d(2024, 3, 2)),
                "{serial:?}"
            );
        }
        for bad in ["2024", "453530", "4535x"] {
            assert!(date(&Cell::Text(bad.into())).is_err(), "{bad:?}");
        }
        // Nor a year or a small number in a cell not formatted as a date.
        for bad in [2026.0, 100.0, 453530.0] {
            let problem = date(&Cell::Number(bad)).unwrap_err();
            assert!(problem.contains("is a number, not a date"), "{problem}");
        }
    }

    #[test]
    fn codes_lose_full_width_and_spaces_and_numbers_are_taken_back_when_whole() {
        assert_eq!(
            code(&Cell::Text(" ９１３７０１１７ＭＡ３Ｃ４Ｄ５Ｘ２Ｇ ".into())),
            Ok("91370117MA3C4D5X2G".into())
        );
        assert_eq!(
            code(&Cell::Text("91370117ma3c4d5x2g".into())),
            Ok("91370117MA3C4D5X2G".into())
        );
        assert_eq!(
            code(&Cell::Number(370117000123.0)),
            Ok("370117000123".into())
        );
        assert_eq!(
            code(&Cell::Text("钢城交罚〔2024〕１２号".into())),
            Ok("钢城交罚〔2024〕12号".into())
        );
        let lost = code(&Cell::Number(913701170009927152.0)).unwrap_err();
        assert!(
            lost.contains("9.13701170E+17") || lost.contains("E+17"),
            "{lost}"
        );
        assert!(code(&Cell::Text("9.1370117E+17".into()))
            .unwrap_err()
            .contains("文本"));
        assert!(code(&Cell::Text("3.70117E+11".into())).is_err());
        // Excel shows numbers below 12 digits whole: this was typed as text (found by
        // an audit: the round trip of a licence numbered `1.50E+3` failed).
        assert_eq!(code(&Cell::Text("1.50E+3".into())), Ok("1.50E+3".into()));
    }

    #[test]
    fn numbers_lists_and_no_end() {
        assert_eq!(number(&Cell::Text("1,200.50".into())), Ok("1200.5".into()));
        assert_eq!(number(&Cell::Text("0.2万元".into())), Ok("0.2".into()));
        assert!(number(&Cell::Text("二千元".into())).is_err());
        assert_eq!(
            list("罚款、没收违法所得；警告; 通报批评,责令停产停业，吊销许可证件"),
            vec![
                "罚款",
                "没收违法所得",
                "警告",
                "通报批评",
                "责令停产停业",
                "吊销许可证件"
            ]
        );
        assert_eq!(end_date(&Cell::Text(" 长期 ".into())), Ok(no_end()));
        assert_eq!(end_date(&Cell::Text("2026/1/1".into())), Ok(d(2026, 1, 1)));
    }
}
