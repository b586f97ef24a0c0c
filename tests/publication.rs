//! Publication rules (data contract §8): what is withheld leaves every output file.
mod common;
use common::*;

fn rules_site() -> Site {
    let s = Site::new("https://example.gov.cn/");
    let mut p = String::new();
    p += &penalty(
        "罚一般在期",
        "甲运输有限公司",
        ACME,
        "2025-01-10",
        "general",
        "",
    );
    p += &penalty(
        "罚一般过期",
        "甲运输有限公司",
        ACME,
        "2024-01-10",
        "general",
        "",
    );
    p += &penalty(
        "罚严重在期",
        "乙物流有限公司",
        BETA,
        "2023-06-01",
        "serious",
        "",
    );
    p += &penalty(
        "罚轻微不公示",
        "乙物流有限公司",
        BETA,
        "2025-05-01",
        "minor",
        "",
    );
    p += &penalty(
        "罚轻微限期",
        "乙物流有限公司",
        BETA,
        "2025-05-01",
        "minor",
        "  publish_until: 2025-07-01\n",
    );
    p += &penalty(
        "罚已修复",
        "丙货运有限公司",
        GAMMA,
        "2024-12-01",
        "general",
        "  repaired: { date: 2025-03-05, note: 已修复 }\n",
    );
    p += &penalty(
        "罚已撤销",
        "丙货运有限公司",
        GAMMA,
        "2025-02-01",
        "serious",
        "  revoked: { date: 2025-02-20, note: 复议撤销 }\n",
    );
    p += &penalty(
        "罚尚未公布",
        "丙货运有限公司",
        GAMMA,
        "2025-09-01",
        "general",
        "",
    );
    p += &penalty(
        "罚自定截止",
        "甲运输有限公司",
        ACME,
        "2024-10-01",
        "general",
        "  publish_until: 2025-04-01\n",
    );
    s.write("content/penalties/p.yaml", &p);
    s.write(
        "content/lists/red.yaml",
        &format!("list:\n  kind: honour\n  title: 红名单甲\n  authority: 局\n  published: 2024-01-01\nentries:\n  - name: 甲运输有限公司\n    uscc: {ACME}\n    reason: 在列原因甲\n  - name: 乙物流有限公司\n    uscc: {BETA}\n    reason: 已移出原因乙\n    removed: 2025-03-01\n"),
    );
    s.write(
        "content/lists/old.yaml",
        &format!("list:\n  kind: black\n  title: 过期黑名单\n  authority: 局\n  published: 2023-01-01\n  valid_until: 2024-01-01\nentries:\n  - name: 丙货运有限公司\n    uscc: {GAMMA}\n    reason: 过期名单原因丙\n"),
    );
    s.write(
        "content/grades/g.yaml",
        &format!("batch:\n  title: 过期评价批次\n  scale: road\n  domain: 道路运输\n  period: 2023\n  authority: 局\n  published: 2024-01-01\n  valid_until: 2025-01-01\nrecords:\n  - name: 甲运输有限公司\n    uscc: {ACME}\n    grade: AA\n    score: 720\n"),
    );
    s
}

const PUBLIC: &[&str] = &["罚一般在期", "罚严重在期", "罚轻微限期", "在列原因甲"];
const WITHHELD: &[&str] = &[
    "罚自定截止",
    "罚一般过期",
    "罚轻微不公示",
    "罚已修复",
    "罚已撤销",
    "罚尚未公布",
    "已移出原因乙",
    "过期名单原因丙",
    "过期黑名单",
];

#[test]
fn withheld_records_reach_no_output_file() {
    let s = rules_site();
    let files = s.build_ok("2025-06-15");
    for marker in WITHHELD {
        assert_eq!(
            files_containing(&files, marker),
            Vec::<String>::new(),
            "{marker} leaked"
        );
    }
    for marker in PUBLIC {
        let found = files_containing(&files, marker);
        assert!(
            found.iter().any(|f| f.starts_with("data/")),
            "{marker} not exported: {found:?}"
        );
        assert!(
            found.iter().any(|f| f.starts_with("search/")),
            "{marker} not indexed: {found:?}"
        );
        assert!(
            found.iter().any(|f| f.ends_with(".html")),
            "{marker} on no page: {found:?}"
        );
    }
    // An expired grade batch stays, marked as expired.
    let batch = text(&files, "grades/g/index.html");
    assert!(batch.contains("已过期"));
}

#[test]
fn periods_end_on_the_day_the_rules_say() {
    let s = rules_site();
    // 罚自定截止 leaves on its publish_until, 2025-04-01; 罚一般在期 after one year.
    let before = s.build_ok("2025-03-31");
    assert!(!files_containing(&before, "罚自定截止").is_empty());
    let after = s.build_ok("2025-04-01");
    assert!(files_containing(&after, "罚自定截止").is_empty());
    let later = s.build_ok("2026-01-10");
    assert!(files_containing(&later, "罚一般在期").is_empty());
    assert!(!files_containing(&later, "罚严重在期").is_empty());
    // As of an earlier date, the not-yet-public record and the repaired one show differently.
    let early = s.build_ok("2025-01-01");
    assert!(
        !files_containing(&early, "罚已修复").is_empty(),
        "public before its repair"
    );
    assert!(files_containing(&early, "罚尚未公布").is_empty());
}

#[test]
fn summary_counts_withheld_by_reason() {
    let s = rules_site();
    let o = s.build("2025-06-15");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    for line in [
        "minor (轻微), not published",
        "credit repaired",
        "revoked",
        "publication period ended",
        "removed from list",
        "list expired",
    ] {
        assert!(out.contains(line), "summary lacks {line}:\n{out}");
    }
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("build-info.json")).unwrap()).unwrap();
    assert_eq!(info["as_of"], "2025-06-15");
    assert_eq!(info["published"]["penalties"], 3);
    assert_eq!(info["withheld"]["Minor"], 1);
}

/// Data contract §5: a black-list entry's `valid_until` "later than `listed` + 3
/// years is an error"; exactly 3 years is allowed, and the entry leaves that day.
#[test]
fn a_black_list_entry_may_run_exactly_three_years() {
    let s = Site::new("https://example.gov.cn/");
    let list = |until: &str| {
        format!("list:\n  kind: black\n  title: 黑名单\n  authority: 局\n  published: 2025-01-10\nentries:\n  - name: 丙货运有限公司\n    uscc: {GAMMA}\n    reason: 三年原因丙\n    listed: 2025-01-10\n    valid_until: {until}\n")
    };
    s.write("content/lists/black.yaml", &list("2028-01-10"));
    let last = s.build_ok("2028-01-09");
    assert!(!files_containing(&last, "三年原因丙").is_empty());
    let gone = s.build_ok("2028-01-10");
    assert!(
        files_containing(&gone, "三年原因丙").is_empty(),
        "3 years are up"
    );
    s.write("content/lists/black.yaml", &list("2028-01-11"));
    let o = s.build("2026-01-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("black.yaml:11:") && err.contains("the latest valid_until is 2028-01-10"),
        "{err}"
    );
}

/// An enterprise removed from a standing list and listed again later is two entries
/// of one file (the contract forbids no such thing; it used to be refused as "on this
/// list twice"); each is public for its own time.
/// Two entries of one code on the list at the same time are still an error.
#[test]
fn an_enterprise_listed_again_after_it_left_the_list() {
    let s = Site::new("https://example.gov.cn/");
    let entry = |reason: &str, listed: &str, extra: &str| {
        format!("  - name: 丙货运有限公司\n    uscc: {GAMMA}\n    reason: {reason}\n    listed: {listed}\n{extra}")
    };
    let list = |entries: [String; 2]| {
        format!("list:\n  kind: watch\n  title: 重点关注名单\n  authority: 局\n  published: 2025-01-01\nentries:\n{}", entries.concat())
    };
    s.write(
        "content/lists/watch.yaml",
        &list([
            entry("初次原因丙", "2025-01-01", "    removed: 2025-03-01\n"),
            entry("再次原因丙", "2025-03-01", ""),
        ]),
    );
    for (day, first, again) in [
        ("2025-02-28", true, false),
        ("2025-03-01", false, true),
        ("2025-09-01", false, true),
    ] {
        let files = s.build_ok(day);
        let page = |reason: &str| !files_containing(&files, reason).is_empty();
        assert_eq!(
            (page("初次原因丙"), page("再次原因丙")),
            (first, again),
            "{day}"
        );
    }
    // On the list at every build: one record, one time online.
    let ledger = std::fs::read_to_string(s.path().join("ledger.csv")).unwrap();
    assert!(
        ledger.contains(&format!("lists,watch/{GAMMA},watch {GAMMA},2025-02-28,,\n")),
        "{ledger}"
    );

    s.write(
        "content/lists/watch.yaml",
        &list([
            entry("初次原因丙", "2025-01-01", "    removed: 2025-03-02\n"),
            entry("再次原因丙", "2025-03-01", ""),
        ]),
    );
    let o = s.build("2025-09-02");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // Listed twice the same day is an error whatever the dates after it, and
    // whichever is written first.
    for removed in ["    removed: 2025-03-01\n", ""] {
        let other = if removed.is_empty() {
            "    removed: 2025-03-01\n"
        } else {
            ""
        };
        s.write(
            "content/lists/watch.yaml",
            &list([
                entry("初次原因丙", "2025-03-01", removed),
                entry("再次原因丙", "2025-03-01", other),
            ]),
        );
        let o = s.build("2025-09-02");
        assert_eq!(o.status.code(), Some(1), "{removed:?}");
        assert!(
            stderr(&o).contains("is on this list twice"),
            "{}",
            stderr(&o)
        );
    }
    assert!(
        err.contains("watch.yaml:13:")
            && err.contains(&format!(
                "{GAMMA} is on this list twice: listed 2025-01-01, and again 2025-03-01"
            ))
            && err.contains("`removed` date (on or before 2025-03-01)"),
        "{err}"
    );
}

#[test]
fn under_the_2023_measures_every_penalty_may_end_after_three_months() {
    // 国家发展改革委令第58号: a 3-month minimum whatever the severity; a year for
    // 食品、药品、特种设备、安全生产、消防 (here by `domain`).
    let s = Site::new("https://example.gov.cn/");
    let yaml = site_yaml("https://example.gov.cn/").replace("rules: 2026", "rules: 2023");
    s.write("site.yaml", &yaml);
    let serious = |no: &str, until: &str, extra: &str| {
        penalty(
            no,
            "甲运输有限公司",
            ACME,
            "2024-05-10",
            "serious",
            &format!("  publish_until: {until}\n{extra}"),
        )
    };
    s.write(
        "content/penalties/p.yaml",
        &serious("罚1号", "2024-08-10", ""),
    );
    let o = s.build("2024-06-01");
    assert!(o.status.success(), "{}", stderr(&o));
    s.write(
        "content/penalties/p.yaml",
        &serious("罚1号", "2024-08-09", ""),
    );
    let o = s.build("2024-06-01");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2024-08-10"), "{}", stderr(&o));
    s.write(
        "content/penalties/p.yaml",
        &serious("罚1号", "2024-11-10", "  domain: 安全生产\n"),
    );
    let o = s.build("2024-06-01");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2025-05-10"), "{}", stderr(&o));
}

/// A refused `publish_until` is told the window it may lie in, as the rules applied
/// give it: a minor penalty's begins the day after its decision (the hint said the
/// decision date itself, which it refused), and the rules are named (a site built
/// with `rules: auto` as of a day before 2026-04-01 is checked under the 2023 ones).
#[test]
fn a_refused_publish_until_is_told_the_window_and_the_rules_that_give_it() {
    let s = Site::new("https://example.gov.cn/");
    let minor = |until: &str| {
        penalty(
            "罚1号",
            "甲运输有限公司",
            ACME,
            "2025-08-01",
            "minor",
            &format!("  publish_until: {until}\n"),
        )
    };
    s.write("content/penalties/p.yaml", &minor("2025-08-01"));
    let o = s.build("2025-09-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("publish_until must lie between 2025-08-02 and 2025-11-01"),
        "{err}"
    );
    assert!(
        err.contains("under the rules 2026 (信用修复管理办法)"),
        "{err}"
    );
    s.write("content/penalties/p.yaml", &minor("2025-08-02"));
    let o = s.build("2025-09-01");
    assert!(o.status.success(), "{}", stderr(&o));
    // Under `rules: auto` before 2026-04-01, the 2023 measures apply.
    let yaml = site_yaml("https://example.gov.cn/").replace("rules: 2026", "rules: auto");
    s.write("site.yaml", &yaml);
    let o = s.build("2025-09-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("under the rules 2023 ("), "{err}");
    assert!(err.contains("disclosure.rules: auto"), "{err}");
}

#[test]
fn a_minor_penalty_never_published_may_be_repaired_any_day_under_any_rules() {
    // Not published without publish_until (§8), so no minimum period to wait for.
    for rules in ["2026", "2023", "auto"] {
        let s = Site::new("https://example.gov.cn/");
        s.write(
            "site.yaml",
            &site_yaml("https://example.gov.cn/")
                .replace("rules: 2026", &format!("rules: {rules}")),
        );
        let repaired = "  repaired: { date: 2026-01-20, note: 已整改 }\n";
        s.write(
            "content/penalties/a.yaml",
            &penalty(
                "测罚〔2026〕1号",
                "甲公司",
                ACME,
                "2026-01-10",
                "minor",
                repaired,
            ),
        );
        let files = s.build_ok("2026-03-01");
        assert!(
            files_containing(&files, "测罚〔2026〕1号").is_empty(),
            "{rules}"
        );
        // A published one still waits: the same repair of a general penalty.
        s.write(
            "content/penalties/a.yaml",
            &penalty(
                "测罚〔2026〕1号",
                "甲公司",
                ACME,
                "2026-01-10",
                "general",
                repaired,
            ),
        );
        let o = s.build("2026-03-01");
        assert!(!o.status.success(), "{rules}");
        assert!(
            stderr(&o).contains("before the minimum publication period"),
            "{rules}"
        );
    }
}
