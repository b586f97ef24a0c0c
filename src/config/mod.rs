//! `site.yaml`: the raw file as written (strict keys), resolved into a checked
//! [`SiteConfig`] that the rest of the pipeline can trust.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::check_uscc;
use crate::model::Day;
use crate::rules::{RulesProfile, RulesSetting};
use crate::yaml::Source;
use serde::Deserialize;

mod load;
mod parse;
mod portal;
mod scales;
mod texts;

pub use load::{load_config, load_config_or_stand_ins, ConfigFailure};
pub use parse::{parse_base_url, parse_utc_offset};
pub use portal::{MenuItem, Portal, PLACEHOLDER};
pub use scales::GradeScale;
use scales::RawScale;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    description: String,
    /// The zone whose today is the default as-of date (China Standard Time).
    timezone: Option<String>,
    /// Required; `None` only so that a site.yaml without it is still checked whole
    /// (every problem in one run), `resolve` reporting it.
    #[serde(default)]
    authority: Option<RawAuthority>,
    #[serde(default)]
    disclosure: RawDisclosure,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    attachments: RawAttachments,
    #[serde(default)]
    grade_scales: BTreeMap<String, RawScale>,
    #[serde(default)]
    portal: Portal,
    #[serde(default)]
    menu: Vec<MenuItem>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthority {
    name: String,
    uscc: String,
    #[serde(default)]
    contact: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisclosure {
    /// Absent: `auto`, the v2 default.
    rules: Option<serde_yaml::Value>,
    #[serde(default = "default_true")]
    mask_person_names: bool,
    #[serde(default = "default_paginate")]
    paginate: i64,
    #[serde(default = "default_notice_days")]
    withdrawal_notice_days: i64,
}

impl Default for RawDisclosure {
    fn default() -> Self {
        RawDisclosure {
            rules: None,
            mask_person_names: true,
            paginate: default_paginate(),
            withdrawal_notice_days: default_notice_days(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttachments {
    /// File types (extensions) copied without being read for ID numbers.
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    holidays: Vec<Day>,
    #[serde(default)]
    workdays: Vec<Day>,
}

fn default_notice_days() -> i64 {
    90
}
fn default_true() -> bool {
    true
}
fn default_paginate() -> i64 {
    50
}

#[derive(Debug, Clone)]
pub struct Authority {
    pub name: String,
    pub uscc: String,
    pub contact: String,
}

/// The checked site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The site folder.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute URL, always ending in `/`.
    pub base_url: String,
    /// Path part of `base_url`, starting and ending with `/` (`/xyjt/`, or `/`).
    pub base_path: String,
    pub language: String,
    pub theme: String,
    /// Where site.yaml names the theme (1-based line and column of the value), for a
    /// theme that is not there.
    pub theme_at: (usize, usize),
    /// Where site.yaml sets `disclosure.rules` (or the nearest key it would be under),
    /// for the warning on a date before any rules gongshi knows.
    pub rules_at: (usize, usize),
    /// Minutes east of UTC of `timezone` (+08:00 unless the site says otherwise).
    pub utc_offset_minutes: i32,
    pub authority: Authority,
    pub rules: RulesSetting,
    /// `rules` was not written: `auto`, the default since contract v2 (v1 applied
    /// the 2026 profile to every date).
    pub rules_by_default: bool,
    pub mask_person_names: bool,
    /// How long a 撤回说明 stays public (days).
    pub withdrawal_notice_days: u32,
    /// Days added to the shipped holiday calendar (issue 12).
    pub holidays: Vec<Day>,
    /// Weekend days that are working days (调休).
    pub workdays: Vec<Day>,
    /// File types copied from `content/` without being read (lower case, no dot).
    pub attachments_allow: Vec<String>,
    /// The portal footer (site.yaml `portal`).
    pub portal: Portal,
    /// Extra navigation links (site.yaml `menu`).
    pub menu: Vec<MenuItem>,
    pub paginate: usize,
    pub scales: BTreeMap<String, GradeScale>,
}

impl SiteConfig {
    /// Today in the site's time zone: the default as-of date.
    pub fn today(&self) -> Day {
        let now =
            chrono::Utc::now() + chrono::Duration::minutes(i64::from(self.utc_offset_minutes));
        Day(now.date_naive())
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

fn resolve(
    raw: RawConfig,
    site: &Path,
    src: &Source<'_>,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> SiteConfig {
    let whole = src.outline.whole();

    let base = base_url_override.unwrap_or(&raw.base_url);
    let (base_url, base_path) = match parse_base_url(base) {
        Ok(parsed) => parsed,
        Err(msg) => {
            // Where it was written: site.yaml, or the command line.
            let at = match base_url_override {
                Some(_) => Diagnostic::whole_file("--base-url", format!("base_url: {msg}")),
                None => src.at(whole, &["base_url"], format!("base_url: {msg}")),
            };
            diags.push(at.with_hint(
                "write the full address of the site, e.g. https://www.example.gov.cn/xyjt/",
            ));
            (String::new(), "/".into())
        }
    };
    // site.yaml's values are searched with the rest of the file; the command line's here.
    if base_url_override
        .is_some_and(|b| crate::scan::find_written_id_number(b, crate::scan::Forms::ALL).is_some())
    {
        diags.push(
            Diagnostic::whole_file(
                "--base-url",
                "the address holds a personal ID number (居民身份证号)",
            )
            .with_hint("the base address is part of every published address: use another path"),
        );
    }
    texts::empty_text_problems(&raw, src, diags);
    let given = raw.authority.is_some();
    let authority = raw.authority.unwrap_or_else(|| {
        // `authority:` with nothing under it decodes as left out: told at its line.
        let message = if src.outline.top_level_block("authority").is_some() {
            "`authority` is empty"
        } else {
            "required key `authority` is missing"
        };
        diags.push(
            src.at(whole, &["authority"], message)
                .with_hint("add the publishing agency: `authority:` with `name:` and `uscc:` (its 统一社会信用代码) indented under it"),
        );
        RawAuthority::default()
    });
    if let (true, Err(e)) = (given, check_uscc(&authority.uscc)) {
        diags.push(src.at(
            whole,
            &["authority", "uscc"],
            format!("authority.uscc: {e}"),
        ));
    }
    let rules_by_default = raw.disclosure.rules.is_none();
    let written = match &raw.disclosure.rules {
        None => "auto".to_string(),
        Some(serde_yaml::Value::Number(n)) => n.to_string(),
        Some(serde_yaml::Value::String(s)) => s.trim().to_string(),
        Some(_) => String::new(),
    };
    let rules = match written.as_str() {
        "auto" => RulesSetting::Auto,
        "2026" => RulesSetting::Fixed(RulesProfile::Y2026),
        "2023" => RulesSetting::Fixed(RulesProfile::Y2023),
        _ => {
            diags.push(
                src.at(
                    whole,
                    &["disclosure", "rules"],
                    "disclosure.rules must be auto, 2026 or 2023",
                )
                .with_hint(
                    "auto = the rules in force on the as-of date; 2026 = 信用修复管理办法 (from 2026-04-01); 2023 = 国家发展改革委令第58号 (2023-05-01 to 2026-03-31)",
                ),
            );
            RulesSetting::Auto
        }
    };
    let theme_ok = !raw.theme.is_empty()
        && raw
            .theme
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !raw.theme.starts_with('.');
    let theme = if theme_ok {
        raw.theme
    } else {
        // The rest of the site is checked with the built-in theme.
        diags.push(
            src.at(whole, &["theme"], format!("theme `{}` is not the name of a folder under themes/", raw.theme))
                .with_hint("write the name of a folder in themes/ (letters, digits, - and _), or default for the built-in theme"),
        );
        default_theme()
    };
    let utc_offset_minutes = match raw.timezone.as_deref().map(parse_utc_offset) {
        None => 480,
        Some(Some(minutes)) => minutes,
        Some(None) => {
            diags.push(
                src.at(
                    whole,
                    &["timezone"],
                    "timezone is not an offset from UTC or a known zone",
                )
                .with_hint(
                    "write it as +08:00 (China Standard Time, the default) or Asia/Shanghai",
                ),
            );
            480
        }
    };
    if !(0..=3650).contains(&raw.disclosure.withdrawal_notice_days) {
        diags.push(src.at(
            whole,
            &["disclosure", "withdrawal_notice_days"],
            "disclosure.withdrawal_notice_days must be between 0 and 3650",
        ));
    } else if raw.disclosure.withdrawal_notice_days == 0 {
        diags.push(
            src.at(
                whole,
                &["disclosure", "withdrawal_notice_days"],
                "disclosure.withdrawal_notice_days is 0: no withdrawal notice (撤回说明) is ever published, though 行政处罚法 第四十八条 asks that the reason for withdrawing a decision be made public",
            )
            .with_hint("keep each notice public for some days (90 when the key is left out)")
            .warning(),
        );
    }
    for day in raw
        .calendar
        .holidays
        .iter()
        .filter(|d| raw.calendar.workdays.contains(d))
    {
        diags.push(src.at(
            whole,
            &["calendar", "workdays"],
            format!("{day} is in both calendar.holidays and calendar.workdays: say which it is"),
        ));
    }
    if raw.disclosure.paginate < 1 || raw.disclosure.paginate > 10_000 {
        diags.push(src.at(
            whole,
            &["disclosure", "paginate"],
            "disclosure.paginate must be between 1 and 10000",
        ));
    }
    let block = src.outline.top_level_block("grade_scales").unwrap_or(whole);
    let scales = scales::resolve_scales(raw.grade_scales, src, block, diags);

    let config = SiteConfig {
        root: site.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language,
        theme,
        theme_at: src.outline.locate(whole, &["theme"]),
        rules_at: src.outline.locate(whole, &["disclosure", "rules"]),
        utc_offset_minutes,
        authority: Authority {
            name: authority.name,
            uscc: authority.uscc,
            contact: authority.contact,
        },
        rules,
        rules_by_default,
        mask_person_names: raw.disclosure.mask_person_names,
        withdrawal_notice_days: raw.disclosure.withdrawal_notice_days.clamp(0, 3650) as u32,
        holidays: raw.calendar.holidays,
        workdays: raw.calendar.workdays,
        attachments_allow: raw
            .attachments
            .allow
            .iter()
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .collect(),
        paginate: raw.disclosure.paginate.clamp(1, 10_000) as usize,
        scales,
        portal: raw.portal,
        menu: raw.menu,
    };
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        dir
    }

    /// A configuration without problems.
    fn good(dir: &Path) -> SiteConfig {
        let (config, problems) = load_config(dir, None).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        config
    }

    /// Every problem of a configuration, read or not.
    fn problems(dir: &Path) -> Vec<Diagnostic> {
        match load_config(dir, None) {
            Ok((_, d)) | Err(d) => d.into_sorted(),
        }
    }

    const GOOD: &str = "title: T\nbase_url: https://x.gov.cn/xyjt/\nauthority:\n  name: A\n  uscc: 11370117MB2854771J\ndisclosure:\n  rules: 2023\n  paginate: 20\ngrade_scales:\n  road:\n    name: R\n    grades:\n      - { code: AA, min_score: 90 }\n      - { code: A }\n";

    #[test]
    fn resolves_a_good_config() {
        let dir = write_site(GOOD);
        let c = good(dir.path());
        assert_eq!(c.rules, RulesSetting::Fixed(RulesProfile::Y2023));
        assert_eq!(c.withdrawal_notice_days, 90);
        let auto = write_site(&GOOD.replace("  rules: 2023\n", ""));
        assert_eq!(good(auto.path()).rules, RulesSetting::Auto);
        assert_eq!(c.paginate, 20);
        assert!(c.mask_person_names);
        assert_eq!(c.scales["road"].band(1), (None, Some(90.0)));
    }

    #[test]
    fn grade_bands_may_not_overlap() {
        // Rising minimums, and a grade without one above a grade with one.
        for grades in [
            "      - { code: AA, min_score: 60 }\n      - { code: A, min_score: 80 }\n",
            "      - { code: AA, min_score: 90 }\n      - { code: A }\n      - { code: B, min_score: 60 }\n",
            "      - { code: AA }\n      - { code: A, min_score: 60 }\n      - { code: B, min_score: 50 }\n",
        ] {
            let text = GOOD.replace(
                "      - { code: AA, min_score: 90 }\n      - { code: A }\n",
                grades,
            );
            let errs = problems(write_site(&text).path());
            assert_eq!(errs.len(), 1, "{grades}: {errs:?}");
            assert!(errs[0].message.contains("grade scale `road`"), "{errs:?}");
        }
        // Minimums down to a grade, none below it.
        let text = GOOD.replace(
            "      - { code: A }\n",
            "      - { code: A }\n      - { code: B }\n",
        );
        assert!(problems(write_site(&text).path()).is_empty());
    }

    #[test]
    fn unknown_key_is_an_error_with_location() {
        let dir = write_site(&GOOD.replace("title: T", "title: T\ntheme_colour: red"));
        let errs = problems(dir.path());
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 2, "{}", errs[0]);
        assert!(errs[0].message.contains("theme_colour"));
        // With what was meant, and the configuration still read for the rest.
        let dir = write_site(&GOOD.replace(
            "title: T",
            "title: T
thme: x",
        ));
        let errs = problems(dir.path());
        assert!(
            errs[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("did you mean `theme`"),
            "{errs:?}"
        );
        assert!(load_config(dir.path(), None).is_ok());
    }

    #[test]
    fn no_withdrawal_notices_at_all_is_warned_about() {
        let dir = write_site(&GOOD.replace(
            "  paginate: 20\n",
            "  paginate: 20\n  withdrawal_notice_days: 0\n",
        ));
        let found = problems(dir.path());
        assert!(
            found.len() == 1
                && found[0].is_warning()
                && found[0].message.contains("行政处罚法 第四十八条"),
            "{found:?}"
        );
    }

    #[test]
    fn every_problem_of_site_yaml_is_reported_at_once() {
        let dir = write_site(
            &GOOD
                .replace("title: T", "title: T\ndisclosure2: 1")
                .replace(
                    "  paginate: 20\n",
                    "  paginate: 0\n  withdrawal_notice_days: -5\n",
                ),
        );
        let errs = problems(dir.path());
        assert_eq!(errs.len(), 3, "{errs:?}");
        // A required key missing, and the other problems with it.
        let dir = write_site(
            &GOOD
                .replace("title: T\n", "")
                .replace("rules: 2023", "rules: 2020"),
        );
        let errs = problems(dir.path());
        assert!(
            errs.iter()
                .any(|e| e.message.contains("`title` is missing")),
            "{errs:?}"
        );
    }

    #[test]
    fn the_checks_after_decoding_report_beside_type_errors() {
        // A wrong type, and problems only the checks after decoding find: one run.
        let dir = write_site(
            &GOOD
                .replace("title: T", "title: [T]\ntimezone: Mars/Base")
                .replace("rules: 2023", "rules: 2020")
                .replace("paginate: 20", "paginate: 0\n  mask_person_names: maybe")
                .replace("MB2854771J", "MB2854771X"),
        );
        let errs = problems(dir.path());
        for (line, words) in [
            (1, "`title`: invalid type"),
            (2, "timezone is not an offset"),
            (6, "authority.uscc: check character"),
            (8, "disclosure.rules must be"),
            (9, "disclosure.paginate must be between"),
            (10, "`disclosure.mask_person_names`: invalid type"),
        ] {
            assert!(
                errs.iter()
                    .any(|e| e.line == line && e.message.contains(words)),
                "{line} {words}: {errs:?}"
            );
        }
        assert_eq!(errs.len(), 6, "{errs:?}");
        // A stand-in's own problems are not reported: a bad `base_url` is one problem.
        let dir = write_site(&GOOD.replace("base_url: https://x.gov.cn/xyjt/", "base_url: 5"));
        let errs = problems(dir.path());
        assert_eq!(errs.len(), 1, "{errs:?}");
    }

    #[test]
    fn an_empty_title_name_or_menu_link_is_an_error() {
        // Read as "" (as a data file's empty text is), so said to be empty here.
        let dir = write_site(
            &GOOD
                .replace("title: T", "title:\nmenu:\n  - { title: , path: notices/ }")
                .replace("  name: A", "  name:")
                .replace("name: R", "name: \"\""),
        );
        let errs = problems(dir.path());
        for words in [
            "`title` is empty",
            "`authority.name` is empty",
            "`menu[1].title` is empty",
            "grade scale `road` has an empty name",
        ] {
            assert!(
                errs.iter().any(|e| e.message.contains(words)),
                "{words}: {errs:?}"
            );
        }
        assert_eq!(errs.len(), 4, "{errs:?}");
    }

    #[test]
    fn a_bad_base_url_is_reported_where_it_was_written() {
        let dir = write_site(GOOD);
        let errs = match load_config(dir.path(), Some("www.example.gov.cn/x")) {
            Ok((_, d)) | Err(d) => d.into_sorted(),
        };
        assert_eq!(errs[0].file, Path::new("--base-url"), "{errs:?}");
        let dir = write_site(&GOOD.replace("https://x.gov.cn/xyjt/", "x.gov.cn"));
        assert_eq!(problems(dir.path())[0].line, 2);
    }

    #[test]
    fn bad_authority_code_and_rules_reported_together() {
        let dir = write_site(
            &GOOD
                .replace("MB2854771J", "MB2854771K")
                .replace("rules: 2023", "rules: 2020"),
        );
        let errs = problems(dir.path());
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].line, 5);
        assert!(errs[0].message.contains("'J'"));
    }

    /// `authority` left out whole (found by an acceptance tester): the other problems
    /// of the file in the same run, and no "empty" or "bad code" said of it as well.
    #[test]
    fn a_missing_authority_and_the_other_problems_reported_together() {
        let dir = write_site(
            &GOOD
                .replace("authority:\n  name: A\n  uscc: 11370117MB2854771J\n", "")
                .replace("rules: 2023", "rules: 2024")
                .replace("paginate: 20", "paginate: 0"),
        );
        let errs = problems(dir.path());
        let said: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].contains("`authority` is missing"), "{said:?}");
        assert!(said[1].contains("disclosure.rules") && said[2].contains("paginate"));
        // `authority:` with nothing under it is empty, at its own line (a review's find).
        let dir = write_site(&GOOD.replace("  name: A\n  uscc: 11370117MB2854771J\n", ""));
        let errs = problems(dir.path());
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            (errs[0].line, errs[0].message.as_str()),
            (3, "`authority` is empty")
        );
        // A key missing in site.yaml is to be added there, or under its block.
        let dir = write_site(
            &GOOD
                .replace("title: T\n", "")
                .replace("  uscc: 11370117MB2854771J\n", ""),
        );
        let hints: Vec<String> = problems(dir.path())
            .into_iter()
            .filter_map(|e| e.hint)
            .collect();
        assert!(
            hints.iter().any(|h| h == "add `title:` to site.yaml"),
            "{hints:?}"
        );
        assert!(
            hints.iter().any(|h| h == "add `uscc:` under `authority:`"),
            "{hints:?}"
        );
    }
}
