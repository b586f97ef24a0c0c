//! Credit pledges (data contract §11): when they are public and as what, privacy of a
//! person's pledge, the 承诺书 scan, and the checks.
mod common;
use common::*;

/// The example site built as of a date, from a copy (a build keeps the site's
/// ledger.csv, and the repository's must stay as its history made it).
fn example(as_of: &str) -> Files {
    let site = copy_example_site();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("o"), as_of)
}

/// The status of the pledge numbered `id` in `/data/pledges.json`, if it is public.
fn status(files: &Files, id: &str) -> Option<String> {
    let rows: serde_json::Value = serde_json::from_slice(&files["data/pledges.json"]).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .map(|r| r["status"].as_str().unwrap().to_string())
}

const BREACHED: &str = "钢城交诺〔2026〕003号";
const REPAIRED: &str = "钢城交诺〔2026〕010号";

#[test]
fn a_breached_pledge_is_public_as_such_for_its_window() {
    // Signed 2026-01-15, breached 2026-06-20 (general: one year of 违诺).
    let before = example("2026-06-19");
    assert_eq!(status(&before, BREACHED).as_deref(), Some("履约中"));
    // The breach has not happened yet: no file says when, how or why.
    // (build-info.json names the day as `next_change`, as §8 asks, and no more.)
    for note in ["逾期未补齐新增车辆技术等级评定材料", "2026-06-20"] {
        let mut found = files_containing(&before, note);
        found.retain(|f| f != "build-info.json");
        assert!(
            found.is_empty(),
            "{note} published before it happened: {found:?}"
        );
    }
    let on = example("2026-06-20");
    assert_eq!(status(&on, BREACHED).as_deref(), Some("违诺"));
    let page = files_containing(&on, BREACHED);
    assert!(
        page.iter()
            .any(|p| p.starts_with("pledges/status/breached/")),
        "listed among the breached: {page:?}"
    );
    assert!(
        page.iter()
            .any(|p| p == "entities/91370117UF25ECH8WU/index.html"),
        "on the party's credit file: {page:?}"
    );
    let last = example("2027-06-19");
    assert_eq!(status(&last, BREACHED).as_deref(), Some("违诺"));
    let after = example("2027-06-20");
    assert_eq!(status(&after, BREACHED), None);
    assert!(
        files_containing(&after, BREACHED).is_empty(),
        "gone from every file"
    );
}

#[test]
fn a_repaired_breach_leaves_on_the_day_of_repair() {
    assert_eq!(
        status(&example("2026-10-07"), REPAIRED).as_deref(),
        Some("违诺")
    );
    let repaired = example("2026-10-08");
    assert!(files_containing(&repaired, REPAIRED).is_empty());
}

#[test]
fn a_persons_pledge_is_masked_without_credit_file_or_scan() {
    let files = example("2026-11-23");
    assert!(
        files_containing(&files, "王建国").is_empty(),
        "full name leaked"
    );
    let masked = files_containing(&files, "钢城交诺〔2026〕004号");
    assert!(!masked.is_empty());
    assert!(files_containing(&files, "王某某")
        .iter()
        .all(|p| !p.starts_with("entities/")));
    assert!(
        !files.contains_key("pledges/files/2026-004.pdf"),
        "a person's scan"
    );
    // An enterprise's scan is published with its pledge and linked from it.
    assert!(files.contains_key("pledges/files/2026-001.pdf"));
    let linking = files_containing(&files, "pledges/files/2026-001.pdf");
    assert!(linking
        .iter()
        .any(|p| p.starts_with("pledges/") && p.ends_with("index.html")));
    // Not before the pledge is public.
    let early = example("2026-03-01");
    assert!(!early.contains_key("pledges/files/2026-001.pdf"));
}

/// A page's link to a person's 承诺书 would be broken (the scan is never published),
/// and so would a misspelt one written from the page's address: both are warned.
#[test]
fn a_link_to_a_withheld_or_missing_scan_is_a_warning() {
    let site = copy_example_site();
    let guide = site.path().join("content/guides/credit-pledge.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        format!("{text}\n[个人承诺书](../pledges/files/2026-004.pdf) [企业承诺书](../../pledges/files/2026-01.pdf) [原件](../../pledges/files/2026-001.pdf)\n"),
    )
    .unwrap();
    let o = run(&[
        "check",
        site.path().to_str().unwrap(),
        "--as-of",
        "2026-11-23",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let line = text.lines().count() + 2; // after a blank line
    assert!(
        err.contains(&format!("content/guides/credit-pledge.md:{line}:1: the link `../pledges/files/2026-004.pdf` leads to content/pledges/files/2026-004.pdf, which is never published")),
        "{err}"
    );
    assert!(
        err.contains("the link `../../pledges/files/2026-01.pdf` leads to content/pledges/files/2026-01.pdf, which does not exist"),
        "{err}"
    );
    assert!(
        err.contains("did you mean content/pledges/files/2026-001.pdf?"),
        "{err}"
    );
    assert_eq!(err.matches("the link `").count(), 2, "{err}");
    // The page writes the link to the person's 承诺书 as `#`: the file's name (often
    // the person's) is in no file of the site. The enterprise's scan keeps its link.
    let files = build_into(site.path(), &site.path().join("o"), "2026-11-23");
    let page = text_of(&files, "guides/credit-pledge/index.html");
    assert!(page.contains("<a href=\"#\">个人承诺书</a>"), "{page}");
    assert!(files_containing(&files, "2026-004").is_empty());
    assert!(
        page.contains("<a href=\"../../pledges/files/2026-001.pdf\">原件</a>"),
        "{page}"
    );
}

/// A link to the scan of a pledge that is not public on the build's date (not signed
/// yet) is written as `#` too, and leads to it once the pledge is public.
#[test]
fn a_link_to_the_scan_of_a_pledge_not_yet_public_is_written_as_a_hash() {
    let s = Site::new("https://example.gov.cn/");
    s.write("content/pledges/files/诺1.pdf", "%PDF-1.4 scan");
    s.write(
        "content/pledges/p.yaml",
        &pledge("诺1", "  file: pledges/files/诺1.pdf\n"),
    );
    s.write(
        "content/notice.md",
        "---\ntitle: 公告\n---\n见[承诺书](pledges/files/诺1.pdf)。\n",
    );
    let before = s.build_ok("2026-03-01");
    assert!(text_of(&before, "notice/index.html").contains("<a href=\"#\">承诺书</a>"));
    assert!(!before.contains_key("pledges/files/诺1.pdf"));
    let after = s.build_ok("2026-03-02");
    assert!(text_of(&after, "notice/index.html")
        .contains("<a href=\"../pledges/files/%E8%AF%BA1.pdf\">承诺书</a>"));
}

#[test]
fn the_pledge_listings_filter_by_type_and_status_without_javascript() {
    let files = example("2026-11-23");
    for path in [
        "pledges/index.html",
        "pledges/type/approval/index.html",
        "pledges/type/certification/index.html",
        "pledges/type/voluntary/index.html",
        "pledges/type/repair/index.html",
        "pledges/type/industry/index.html",
        "pledges/status/kept/index.html",
        "pledges/status/breached/index.html",
        "pledges/status/in_force/index.html",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    let kept = text(&files, "pledges/status/kept/index.html");
    assert!(kept.contains("已履约") && !kept.contains("status-breached"));
    let index = text(&files, "pledges/index.html");
    assert!(index.contains("type/industry/") && index.contains("status/breached/"));
}

fn pledge(id: &str, extra: &str) -> String {
    format!(
        "- id: {id}\n  party: 甲运输有限公司\n  party_type: legal\n  uscc: {ACME}\n  type: approval\n  matter: 许可\n  signed: 2026-03-02\n  authority: 局\n{extra}"
    )
}

/// "3 years after `signed` when absent" (§11): a pledge without `valid_until` is public
/// exactly as one with `valid_until` written as that date, through that day (an audit
/// found it left a day earlier).
#[test]
fn a_pledge_without_valid_until_is_public_through_the_date_three_years_on() {
    let s = Site::new("https://example.gov.cn/");
    let text = pledge("诺1", "").replace("2026-03-02", "2023-07-01")
        + &pledge("诺2", "  valid_until: 2026-07-01\n").replace("2026-03-02", "2023-07-01");
    s.write("content/pledges/p.yaml", &text);
    let last = s.build_ok("2026-07-01");
    let rows = String::from_utf8(last["data/pledges.json"].clone()).unwrap();
    for id in ["诺1", "诺2"] {
        assert!(
            rows.contains(&format!("\"id\":\"{id}\"")),
            "{id} public: {rows}"
        );
        assert!(
            text_of(&last, &format!("pledges/{id}/index.html")).contains("2026-07-01"),
            "{id} valid until 2026-07-01"
        );
    }
    let after = s.build_ok("2026-07-02");
    for id in ["诺1", "诺2"] {
        let found = files_containing(&after, id);
        assert!(found.is_empty(), "{id} has left: {found:?}");
    }
}

#[test]
fn bad_pledges_are_reported_with_their_lines() {
    let s = Site::new("https://example.gov.cn/");
    let mut text = pledge("诺1", "  repaired: { date: 2026-06-01, note: x }\n");
    text += &pledge(
        "诺2",
        "  fulfilment: { status: kept, date: 2026-05-01, severity: general }\n",
    );
    text += &pledge("诺3", "  file: pledges/missing.pdf\n");
    text += &pledge("诺1", "");
    text += &pledge(
        "诺5",
        "  fulfilment: { status: breached, date: 2026-05-01 }\n  repaired: { date: 2026-06-01, note: x }\n",
    );
    s.write("content/pledges/p.yaml", &text);
    s.write(
        "content/pledges/q.yaml",
        &pledge("诺6", "").replace("type: approval", "type: pledge"),
    );
    let o = s.build("2026-11-23");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (line, what) in [
        (":9:", "only a breached pledge can be repaired"),
        (":18:", "`severity` is for a breached pledge"),
        (":27:", "no such file"),
        (":28:7:", "pledge number `诺1` is used twice"),
        (":45:21:", "before the minimum publication period ends"),
        ("q.yaml:5:9:", "`type` cannot be `pledge`"),
    ] {
        let at = if line.starts_with(':') {
            format!("content/pledges/p.yaml{line}")
        } else {
            format!("content/pledges/{line}")
        };
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what)),
            "expected {what} at {line}:\n{err}"
        );
    }
}

#[test]
fn a_scan_path_has_one_spelling_and_a_persons_scan_is_never_copied() {
    let s = Site::new("https://example.gov.cn/");
    for name in ["a.txt", "b.txt", "shared.txt"] {
        s.write(&format!("content/pledges/files/{name}"), "承诺书扫描件");
    }
    // The same scan written another way would escape the check of who owns it.
    let mut text = String::new();
    for (i, path) in [
        "pledges/files/./a.txt",
        "pledges//files/a.txt",
        "./pledges/files/a.txt",
    ]
    .iter()
    .enumerate()
    {
        text += &pledge(&format!("诺{i}"), &format!("  file: {path}\n"));
    }
    s.write("content/pledges/p.yaml", &text);
    let o = s.build("2026-11-23");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.matches("is not a file below content/").count(),
        3,
        "{err}"
    );
    // A scan named by a person's pledge is not published, even when a company's
    // pledge names it too.
    let person = pledge("诺9", "  file: pledges/files/shared.txt\n")
        .replace("party: 甲运输有限公司", "party: 王小明")
        .replace("party_type: legal", "party_type: person")
        .replace(&format!("  uscc: {ACME}\n"), "");
    let company = pledge("诺8", "  file: pledges/files/shared.txt\n")
        + &pledge("诺7", "  file: pledges/files/b.txt\n");
    s.write("content/pledges/p.yaml", &(company + &person));
    let o = s.build("2026-11-23");
    assert!(o.status.success(), "{}", stderr(&o));
    let files = read_tree(&s.out());
    assert!(files.contains_key("pledges/files/b.txt"));
    assert!(!files.contains_key("pledges/files/shared.txt"));
    // Nor does the company's pledge link to the scan that is not there, and the clerk
    // is told why.
    assert!(
        files_containing(&files, "shared.txt").is_empty(),
        "a link to an unpublished scan: {:?}",
        files_containing(&files, "shared.txt")
    );
    assert!(!files_containing(&files, "files/b.txt").is_empty());
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.contains("content/pledges/files/shared.txt")
                && l.contains("both a person's record and another record name this file")),
        "{err}"
    );
}

#[test]
fn a_breach_of_an_old_pledge_is_news_in_the_feed() {
    let s = Site::new("https://example.gov.cn/");
    // Sixty pledges signed later than the old one, which was breached last week.
    let mut text = String::new();
    for i in 0..60 {
        text += &pledge(&format!("新{i:02}"), "").replace(
            "signed: 2026-03-02",
            &format!("signed: 2026-{:02}-{:02}", 6 + i / 20, 1 + i % 20),
        );
    }
    text += &pledge(
        "旧违诺",
        "  fulfilment: { status: breached, date: 2026-11-20, severity: serious }\n",
    )
    .replace("signed: 2026-03-02", "signed: 2025-01-02");
    s.write("content/pledges/p.yaml", &text);
    let files = s.build_ok("2026-11-23");
    let feed = common::text(&files, "feed.xml");
    assert!(feed.contains("违诺：甲运输有限公司 旧违诺"), "{feed}");
    assert!(
        feed.contains("<updated>2026-11-20T"),
        "the feed is as new as its newest entry"
    );
}

#[test]
fn a_repair_not_yet_made_is_not_shown_nor_a_misread_fulfilment_blamed_elsewhere() {
    // Breached 2026-04-01 (serious: public until 2029-04-01), repaired 2027-05-01.
    let s = Site::new("https://example.gov.cn/");
    let breached = "  fulfilment: { status: breached, date: 2026-04-01, severity: serious }\n  repaired: { date: 2027-05-01, note: 已整改 }\n";
    s.write("content/pledges/p.yaml", &pledge("诺1", breached));
    let files = s.build_ok("2026-06-01");
    // (build-info.json names the day as `next_change`, and no more.)
    for day in ["2027-05-01", "已整改"] {
        let mut found = files_containing(&files, day);
        found.retain(|f| f != "build-info.json");
        assert!(
            found.is_empty(),
            "{day} published before the repair: {found:?}"
        );
    }
    let page = files_containing(&files, "依法公示至");
    assert_eq!(page.len(), 1, "{page:?}");
    assert!(text(&files, &page[0]).contains("依法公示至 2029-04-01"));

    // A fulfilment written as a word, not as keys: its own error, and no error about
    // the repair that only a stand-in for the fulfilment would give.
    let misread = "  fulfilment: breached\n  repaired: { date: 2027-05-01, note: x }\n";
    s.write("content/pledges/p.yaml", &pledge("诺1", misread));
    let o = s.build("2026-06-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("p.yaml:9:"), "{err}");
    assert!(!err.contains("repaired"), "{err}");
}

/// A person's 承诺书 holds their ID number by nature; it is never published, so the
/// number in it is not a problem (a tester's false error). The same scan named by a
/// company's pledge is published, and the number in it refused.
#[test]
fn a_persons_scan_may_hold_their_id_number_as_it_is_never_published() {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/pledges/files/wang.txt",
        "承诺人：王小明 身份证号 11010519491231002X",
    );
    let person = pledge("诺9", "  file: pledges/files/wang.txt\n")
        .replace("party: 甲运输有限公司", "party: 王小明")
        .replace("party_type: legal", "party_type: person")
        .replace(&format!("  uscc: {ACME}\n"), "");
    s.write("content/pledges/p.yaml", &person);
    let files = s.build_ok("2026-11-23");
    assert!(!files.contains_key("pledges/files/wang.txt"));
    assert!(files_containing(&files, "11010519491231002X").is_empty());
    let company = pledge("诺8", "  file: pledges/files/wang.txt\n");
    s.write("content/pledges/p.yaml", &company);
    let o = s.build("2026-11-23");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("wang.txt"), "{}", stderr(&o));
}

#[test]
fn party_type_may_be_left_out_of_every_kind_and_then_a_uscc_is_required() {
    // Contract §11: `party_type` is "optional, as in section 6": an organisation.
    let s = Site::new("https://example.gov.cn/");
    let without = |text: String| text.replace("  party_type: legal\n", "");
    s.write("content/pledges/p.yaml", &without(pledge("诺1", "")));
    s.write(
        "content/penalties/a.yaml",
        &without(penalty(
            "测罚〔2026〕1号",
            "乙公司",
            BETA,
            "2026-03-02",
            "general",
            "",
        )),
    );
    s.write(
        "content/licences/l.yaml",
        &format!("- decision_no: 许1号\n  document_name: 许可决定书\n  party: 丙公司\n  uscc: {GAMMA}\n  content: 准予从事道路运输\n  decided: 2026-03-02\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n"),
    );
    let files = s.build_ok("2026-04-01");
    for uscc in [ACME, BETA, GAMMA] {
        let page = text(&files, &format!("entities/{uscc}/index.html"));
        assert!(page.contains("信用承诺") || page.contains("行政"), "{uscc}");
    }
    assert!(text(&files, "data/penalties.csv").contains("法人及非法人组织"));

    // With a person's details it must say which it is: never a person published as
    // an organisation.
    s.write(
        "content/penalties/a.yaml",
        &without(penalty(
            "测罚〔2026〕1号",
            "王某明",
            BETA,
            "2026-03-02",
            "general",
            "  id_number: \"110105194912310029\"\n",
        )),
    );
    let o = s.build("2026-04-01");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("a.yaml:1:1: `party_type` is left out"),
        "{}",
        stderr(&o)
    );

    // Without a uscc the record is not taken for a person: an error, at the record.
    s.write(
        "content/penalties/a.yaml",
        &without(penalty(
            "测罚〔2026〕1号",
            "乙公司",
            BETA,
            "2026-03-02",
            "general",
            "",
        ))
        .replace(&format!("  uscc: {BETA}\n"), ""),
    );
    let o = s.build("2026-04-01");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("a.yaml:1:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("uscc"), "{}", stderr(&o));
}

#[test]
fn a_pledge_is_at_its_number_unless_the_number_cannot_name_a_folder() {
    let s = Site::new("https://example.gov.cn/信用/");
    let mut text = pledge("钢诺〔2026〕1号", "");
    text += &pledge("钢诺/2026/2", "");
    s.write("content/pledges/p.yaml", &text);
    let o = s.build("2026-04-01");
    assert!(o.status.success(), "{}", stderr(&o));
    let files = read_tree(&s.out());
    let page = text_of(&files, "pledges/钢诺〔2026〕1号/index.html");
    assert!(page.contains("钢诺〔2026〕1号"));
    let encoded = "pledges/%E9%92%A2%E8%AF%BA%E3%80%942026%E3%80%951%E5%8F%B7/";
    assert!(text_of(&files, "pledges/index.html").contains(&format!("href=\"../{encoded}\"")));
    assert!(text_of(&files, "sitemap.xml").contains(encoded));
    // A number with `/` cannot: its page is at a digest, and check says so.
    let warned = stderr(&o);
    assert!(
        warned.contains("p.yaml:9:7:") && warned.contains("is not at /pledges/钢诺/2026/2/"),
        "{warned}"
    );
    assert!(!files.keys().any(|p| p.starts_with("pledges/钢诺/")));
    // The ledger names a pledge by its number.
    let ledger = std::fs::read_to_string(s.path().join("ledger.csv")).unwrap();
    assert!(
        ledger.contains("pledges,钢诺〔2026〕1号,钢诺〔2026〕1号,2026-04-01,,"),
        "{ledger}"
    );
}

fn text_of(files: &Files, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}
