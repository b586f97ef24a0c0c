//! Lawful over time (data contract v2, §4-8): rules chosen by date, the life of a
//! record (objections, revocation and its withdrawal notice, simple procedure), list
//! entries with their own dates, grades under 一票否决, licences that expire, warnings,
//! and the next day on which the site must be rebuilt.
mod common;
use common::*;

/// The example site built as of a date, from a copy (a build keeps the site's
/// ledger.csv, and the repository's must stay as its history made it).
fn example(as_of: &str) -> Files {
    let site = copy_example_site();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("o"), as_of)
}

fn info(files: &Files) -> serde_json::Value {
    serde_json::from_slice(&files["build-info.json"]).unwrap()
}

fn rows(files: &Files, kind: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_slice(&files[&format!("data/{kind}.json")]).unwrap();
    v.as_array().unwrap().clone()
}

/// Every file but build-info.json, without the footer line that shows the as-of date:
/// what a visitor sees of the records.
fn public_content(files: &Files) -> Files {
    files
        .iter()
        .filter(|(k, _)| k.as_str() != "build-info.json")
        .map(|(k, v)| {
            let text = String::from_utf8_lossy(v);
            let kept: Vec<&str> = text
                .lines()
                // The as-of date itself (the footer, a printed credit report's 截至).
                .filter(|l| !l.contains("信息公示截至") && !l.contains("截至20"))
                .collect();
            (k.clone(), kept.join("\n").into_bytes())
        })
        .collect()
}

fn day_before(d: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    (d - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn the_site_changes_on_next_change_and_not_before() {
    for as_of in [
        "2023-06-01",
        "2025-06-01",
        "2026-03-20",
        "2026-06-01",
        "2026-11-23",
    ] {
        let now = example(as_of);
        let next = info(&now)["next_change"].as_str().unwrap().to_string();
        assert!(next.as_str() > as_of, "{as_of}: next change {next}");
        let before = day_before(&next);
        if before != as_of {
            let same = example(&before);
            assert!(
                public_content(&same) == public_content(&now),
                "as of {as_of}, nothing should change until {next}, but {before} differs"
            );
        }
        let changed = example(&next);
        assert!(
            public_content(&changed) != public_content(&now),
            "as of {as_of}, the site should change on {next}"
        );
    }
}

#[test]
fn the_rules_in_force_each_day_are_applied_and_named() {
    let y2025 = example("2025-06-01");
    let y2026 = example("2026-06-01");
    assert_eq!(info(&y2025)["rules"], "2023");
    assert_eq!(info(&y2026)["rules"], "2026");
    assert_eq!(info(&y2026)["rules_setting"], "auto");
    // 钢城交罚〔2024〕13号 (general, decided 2024-02-05) is public for three years under
    // the 2023 measures and one year under 2026's: shown in 2025, gone in 2026.
    let general_2024 = |files: &Files| {
        rows(files, "penalties")
            .iter()
            .any(|r| r["decision_no"] == "钢城交罚〔2024〕13号")
    };
    assert!(general_2024(&y2025));
    assert!(!general_2024(&y2026));
    // The day before and the day the 2026 measures came into force.
    assert!(general_2024(&example("2026-03-31")));
    assert!(!general_2024(&example("2026-04-01")));
}

const CHANGED: &str = "钢城交罚〔2026〕52号";
const CHANGED_FACTS: &str = "未在经营场所公示维修工时定额和收费标准";

#[test]
fn a_changed_decision_is_withdrawn_with_a_notice_for_the_configured_days() {
    // Decided 2026-08-20, changed (变更) 2026-10-10, notices kept 90 days.
    let before = example("2026-10-09");
    assert!(!files_containing(&before, CHANGED_FACTS).is_empty());
    assert!(
        !before.contains_key("withdrawals/index.html")
            || !text(&before, "withdrawals/index.html").contains(CHANGED)
    );
    for on in ["2026-10-10", "2027-01-07"] {
        let files = example(on);
        let notice = text(&files, "withdrawals/index.html");
        assert!(notice.contains(CHANGED) && notice.contains("变更"), "{on}");
        assert!(notice.contains("济南金桥机动车维修有限公司"));
        assert!(
            files_containing(&files, CHANGED_FACTS).is_empty(),
            "{on}: facts repeated"
        );
        let holders = files_containing(&files, CHANGED);
        assert!(
            holders
                .iter()
                .all(|p| p == "withdrawals/index.html" || p == "feed.xml"),
            "{on}: only the notice and the feed name it: {holders:?}"
        );
        assert!(text(&files, "sitemap.xml").contains("/withdrawals/"));
        // The feed links to the notice on the page, where its anchor is.
        let feed = text(&files, "feed.xml");
        let link = feed
            .split("<link href=\"")
            .map(|l| &l[..l.find('"').unwrap()])
            .find(|l| l.contains("/withdrawals/"))
            .expect("a feed entry for the notice");
        let anchor = link.split_once("/withdrawals/#").expect("a fragment").1;
        assert!(notice.contains(&format!("id=\"{anchor}\"")), "{link}");
    }
    let after = example("2027-01-08");
    assert!(files_containing(&after, CHANGED).is_empty());
}

#[test]
fn objections_are_labelled_while_pending_and_upheld_ones_leave() {
    let files = example("2026-11-23");
    let pending = rows(&files, "penalties")
        .into_iter()
        .find(|r| r["decision_no"] == "钢城交罚〔2026〕50号")
        .unwrap();
    assert_eq!(pending["objection"], "异议处理中");
    let page = files_containing(&files, "钢城交罚〔2026〕50号");
    assert!(page.iter().any(|p| p.starts_with("entities/")));
    // Every file that shows it: pages, the feed, the search documents, the exports.
    assert!(page.iter().any(|p| p == "feed.xml") && page.iter().any(|p| p.starts_with("search/")));
    for p in page.iter().filter(|p| !p.ends_with(".xlsx")) {
        let t = text(&files, p);
        assert!(t.contains("异议处理中"), "{p} lacks the label");
    }
    // Upheld on 2026-07-15: public the day before, gone that day.
    let upheld = "钢城交罚〔2026〕51号";
    assert!(!files_containing(&example("2026-07-14"), upheld).is_empty());
    assert!(files_containing(&example("2026-07-15"), upheld).is_empty());
    // A simple-procedure penalty is minor: never published without publish_until.
    assert!(files_containing(&files, "钢城交罚〔2026〕53号").is_empty());
}

#[test]
fn list_entries_have_their_own_dates_and_black_lists_three_years() {
    let entry = |files: &Files, name: &str| rows(files, "lists").iter().any(|r| r["name"] == name);
    // Listed 2026-08-20 on a list published 2025-11-05.
    assert!(!entry(
        &example("2026-08-19"),
        "济南钢城安泰汽车运输有限公司"
    ));
    let listed = example("2026-08-20");
    assert!(entry(&listed, "济南钢城安泰汽车运输有限公司"));
    // The new entry is news: the list's feed entry is dated the day it was listed.
    let feed = text(&listed, "feed.xml");
    let list_entry = feed
        .split("<entry>")
        .find(|e| e.contains("/lists/2025-honour/"))
        .expect("the list in the feed");
    assert!(
        list_entry.contains("<updated>2026-08-20T"),
        "the list's feed entry keeps its old date: {list_entry}"
    );
    // Listed 2023-06-01 on a black list: three years at most.
    assert!(entry(&example("2026-05-31"), "济南鲁兴货运有限公司"));
    assert!(!entry(&example("2026-06-01"), "济南鲁兴货运有限公司"));
    // A person on a list: masked, no credit file, found in the search by the masked
    // name only (as a person's penalty is), leading to the list.
    let files = example("2025-06-01");
    assert!(files_containing(&files, "刘志强").is_empty());
    assert!(!files_containing(&files, "刘某某").is_empty());
    assert!(
        files_containing(&files, "刘某某")
            .iter()
            .any(|f| f.starts_with("search/")),
        "not in the search index"
    );
}

#[test]
fn a_licence_shows_expired_after_its_valid_to() {
    let status = |on: &str| {
        rows(&example(on), "licences")
            .into_iter()
            .find(|r| r["decision_no"] == "鲁交运管许可济字〔2024〕0018号")
            .map(|r| r["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("2025-10-28").as_deref(), Some("有效"));
    assert_eq!(status("2025-10-29").as_deref(), Some("已过期"));
}

#[test]
fn a_veto_grade_stands_and_is_shown() {
    let files = example("2026-11-23");
    let entity = text(&files, "entities/91370117JRE2T2Y8F3/index.html");
    assert!(entity.contains("一票否决"));
    let batch = text(&files, "grades/2025-road-transport/index.html");
    assert!(batch.contains("评价标准") && batch.contains("850分及以上"));
}

fn grade_site(records: &str) -> Site {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/grades/g.yaml",
        &format!("batch:\n  title: 批次\n  scale: road\n  domain: 道路\n  period: 2025\n  authority: 局\n  published: 2025-01-01\nrecords:\n{records}"),
    );
    s
}

#[test]
fn a_veto_allows_only_a_lower_grade() {
    let lower = format!("  - {{ name: 甲, uscc: {ACME}, grade: B, score: 800, veto: 重大事故 }}\n");
    assert!(grade_site(&lower).build("2025-06-01").status.success());
    let no_reason = format!("  - {{ name: 甲, uscc: {ACME}, grade: B, score: 800 }}\n");
    assert_eq!(
        grade_site(&no_reason).build("2025-06-01").status.code(),
        Some(1)
    );
    let higher =
        format!("  - {{ name: 甲, uscc: {ACME}, grade: AAA, score: 800, veto: 重大事故 }}\n");
    let o = grade_site(&higher).build("2025-06-01");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // The error alone: not also a warning that the grade fits its score.
    assert!(!stderr(&o).contains("fits score"), "{}", stderr(&o));
}

#[test]
fn phone_numbers_are_warned_about_as_people_write_them_in_every_published_text() {
    let s = grade_site(&format!(
        "  - {{ name: 甲, uscc: {ACME}, grade: AA, score: 800, note: 联系人电话 +86 138 1234 5678 }}\n"
    ));
    s.write(
        "content/lists/l.yaml",
        &format!("list:\n  kind: honour\n  title: 名单\n  authority: 局\n  document_no: 文1号\n  basis: 依据\n  published: 2025-01-01\nentries:\n  - name: 乙\n    uscc: {ACME}\n    reason: 诚信\n    removed: 2025-03-01\n    removed_reason: 经办人 139-1234-5678\n"),
    );
    // Typed in full width, as Chinese input methods may give it (an acceptance
    // tester's finding: it was published without a word).
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲运输有限公司", ACME, "2025-01-02", "general", "").replace(
            "facts: 违法事实罚1号",
            "facts: 经查，驾驶员手机１３８１２３４５６７８",
        ),
    );
    let o = s.build("2025-06-01");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for at in ["g.yaml:9:", "l.yaml:13:", "p.yaml:6:"] {
        assert!(
            err.lines().any(|l| l.starts_with("warning: ")
                && l.contains(at)
                && l.contains("mobile phone number")),
            "no phone warning at {at}:\n{err}"
        );
    }
}

#[test]
fn warnings_are_reported_and_deny_warnings_makes_them_errors() {
    let s = Site::new("https://example.gov.cn/");
    let mut p = penalty("罚1号", "甲运输有限公司", ACME, "2025-01-02", "general", "")
        .replace("categories: [罚款]", "categories: [吊销许可证件]")
        .replace("facts: 违法事实罚1号", "facts: 联系电话13912345678");
    p += &penalty("罚2号", "甲运输有限公司", ACME, "2025-01-02", "serious", "")
        .replace("categories: [罚款]", "categories: [警告]");
    p += "- decision_no: 罚3号\n  party: 张三丰\n  party_type: person\n  violation_type: 超限运输\n  facts: 张三丰驾驶车辆超限\n  basis: 依据\n  categories: [罚款]\n  content: 罚款\n  decided: 2025-05-01\n  severity: general\n  authority: 局\n  authority_uscc: 11370117MB2854771J\n";
    s.write("content/penalties/p.yaml", &p);
    let o = s.build("2025-06-01");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for (line, what) in [
        ("p.yaml:12:13:", "usually 严重"),
        ("p.yaml:6:14:", "mobile phone number"),
        ("p.yaml:26:13:", "rarely 严重"),
        ("p.yaml:33:10:", "names the person 张三丰"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.contains(line) && l.contains(what)),
            "expected a warning {what} at {line}:\n{err}"
        );
    }
    let before = read_tree(&s.out());
    let site = s.path().to_str().unwrap().to_string();
    let denied = run(&["build", &site, "--as-of", "2025-06-01", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(read_tree(&s.out()), before, "nothing written");
    // `minor` with 吊销许可证件 is an error, not a warning.
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲", ACME, "2025-01-02", "minor", "")
            .replace("categories: [罚款]", "categories: [吊销许可证件]"),
    );
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot be 轻微"));
}

/// §8: a record dated after the as-of day "is simply not public yet; that is not an
/// error". Under `rules: auto` its period was checked against the profile of its own
/// date only (found by an audit: a 2026-02 decision with a 2026 period failed every
/// build as of 2025), though a later profile may be in force when it goes public.
#[test]
fn a_record_dated_after_the_as_of_day_is_not_an_error_under_auto() {
    let s = Site::new("https://example.gov.cn/");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write("site.yaml", &yaml.replace("rules: 2026", "rules: auto"));
    s.write(
        "content/penalties/a.yaml",
        &penalty(
            "罚1号",
            "甲",
            ACME,
            "2026-02-24",
            "general",
            "  domain: 安全生产\n  publish_until: 2026-06-01\n",
        ),
    );
    for as_of in ["2025-06-01", "2026-02-23", "2026-05-01"] {
        let files = s.build_ok(as_of);
        let public = !files_containing(&files, "违法事实罚1号").is_empty();
        assert_eq!(public, as_of == "2026-05-01", "{as_of}");
    }
    // But builds between its decision and 2026-04-01 apply the 2023 rules to it, which
    // refuse its publish_until: said before, as a warning (a review).
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: content/penalties/a.yaml:")
            && err.contains("2026-02-24 to 2026-03-31"),
        "{err}"
    );
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2026-03-15"]);
    assert_eq!(o.status.code(), Some(1), "the 2023 rules are in force");
}

/// A record's `online` (上网公示日期) after the as-of day has not happened yet: a
/// site built as of an earlier day does not show it (found by an audit in the
/// exports), and the day it is reached is a day the site changes.
#[test]
fn an_online_date_after_the_as_of_day_is_not_shown_yet() {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/a.yaml",
        &penalty(
            "罚1号",
            "甲",
            ACME,
            "2026-06-01",
            "general",
            "  online: 2026-06-20\n",
        ),
    );
    s.write(
        "content/licences/l.yaml",
        &format!("- decision_no: 许1号\n  document_name: 许可决定书\n  party: 乙运输有限公司\n  party_type: legal\n  uscc: {BETA}\n  licence_no: \"370117000123\"\n  content: 准予从事道路运输\n  decided: 2026-06-02\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n  online: 2026-06-25\n"),
    );
    let before = s.build_ok("2026-06-10");
    let shown = public_content(&before);
    assert!(files_containing(&shown, "2026-06-20").is_empty());
    assert!(files_containing(&shown, "2026-06-25").is_empty());
    assert_eq!(info(&before)["next_change"], "2026-06-20");
    let after = s.build_ok("2026-06-25");
    assert!(text(&after, "data/penalties.csv").contains("2026-06-20"));
    assert!(text(&after, "data/licences.csv").contains("2026-06-25"));
}

/// A 长期 licence (valid_to 2099-12-31) never expires, so it names no day the site
/// changes (an acceptance tester saw `next_change: 2100-01-01`); one with an end does.
#[test]
fn a_licence_without_an_end_names_no_next_change() {
    let s = Site::new("https://example.gov.cn/");
    let licence = |valid_to: &str| {
        format!("- decision_no: 许1号\n  document_name: 许可决定书\n  party: 乙运输有限公司\n  party_type: legal\n  uscc: {BETA}\n  content: 准予从事道路运输\n  decided: 2026-06-02\n  valid_to: {valid_to}\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n")
    };
    s.write("content/licences/l.yaml", &licence("2099-12-31"));
    assert!(info(&s.build_ok("2026-06-10"))["next_change"].is_null());
    s.write("content/licences/l.yaml", &licence("2030-06-01"));
    assert_eq!(info(&s.build_ok("2026-06-10"))["next_change"], "2030-06-02");
}
