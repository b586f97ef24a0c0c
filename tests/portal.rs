//! What a government portal needs to put the site online as it is (issue 14): the
//! footer, folder index pages, robots.txt, a printable credit report, labelled tables.
//! The browser half (axe-core, reflow, text size and contrast, print media) is in
//! tests/browser/a11y.test.mjs.

mod common;

use common::*;

fn portal_site() -> Site {
    let s = Site::new("https://www.example.gov.cn/xyjt/");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!(
            "{yaml}portal:\n  organizer: 测试局法规科\n  site_code: \"3701170099\"\n  icp: 鲁ICP备00000000号-1\n  police: 鲁公网安备37011702000001号\n  gov_mark: images/dzjg.png\n  gov_mark_link: https://bszs.conac.cn/sitename?method=show&id=1\nmenu:\n  - {{ title: 通知公告, path: notices/ }}\n  - {{ title: 上级网站, path: \"https://www.gov.cn/\" }}\n"
        ),
    );
    s.write("content/images/dzjg.png", "\u{89}PNG\r\n\u{1a}\n");
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "测交罚〔2026〕1号",
            "甲公司",
            ACME,
            "2026-03-02",
            "general",
            "",
        ),
    );
    s.write(
        "content/notices/_index.md",
        "---\ntitle: 通知公告\n---\n本栏目发布通知。\n",
    );
    s.write(
        "content/notices/old.md",
        "---\ntitle: 旧通知\ndate: 2024-01-01\nsummary: 较早的通知\n---\n正文\n",
    );
    s.write(
        "content/notices/new.md",
        "---\ntitle: 新通知\ndate: 2025-01-01\n---\n正文\n",
    );
    s.write(
        "content/guides/a.md",
        "---\ntitle: 指南甲\nweight: 2\n---\n正文\n",
    );
    s.write(
        "content/guides/b.md",
        "---\ntitle: 指南乙\nweight: 1\n---\n正文\n",
    );
    s.write(
        "content/about/index.md",
        "---\ntitle: 关于本站\n---\n自己写的首页\n",
    );
    s.write("content/about/team.md", "---\ntitle: 团队\n---\n正文\n");
    s
}

#[test]
fn the_footer_carries_what_a_government_site_must_show() {
    let s = portal_site();
    let files = s.build_ok("2026-06-01");
    let home = text(&files, "index.html");
    let footer = &home[home.find("<footer").unwrap()..];
    for needle in [
        "主办单位：测试交通运输局",
        "承办单位：测试局法规科",
        "网站标识码：3701170099",
        "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">鲁ICP备00000000号-1</a>",
        "https://beian.mps.gov.cn/#/query/webSearch?code=37011702000001",
        "鲁公网安备37011702000001号",
        "images/dzjg.png\" alt=\"党政机关网站标识\"",
        "https://bszs.conac.cn/sitename?method=show&amp;id=1",
    ] {
        assert!(footer.contains(needle), "{needle} missing from:\n{footer}");
    }
    assert!(
        files.contains_key("images/dzjg.png"),
        "the mark is published"
    );
    // Deeper pages point at the same image.
    let page = text(&files, "notices/old/index.html");
    assert!(page.contains("src=\"../../images/dzjg.png\""));
}

#[test]
fn new_sites_have_placeholders_that_check_warns_about() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    assert!(run(&["new", site.to_str().unwrap()]).status.success());
    let o = run(&["check", site.to_str().unwrap(), "--as-of", "2026-06-01"]);
    assert!(
        o.status.success(),
        "placeholders are warnings: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    for key in [
        "portal.organizer",
        "portal.site_code",
        "portal.icp",
        "portal.police",
    ] {
        assert!(err.contains(key), "{key}: {err}");
    }
    assert!(err.contains("site.yaml:"), "{err}");
    // Why a portal shows them is said once, with the first (a tester's nitpick: five
    // warnings repeated one long footer).
    assert_eq!(err.matches("政府网站发展指引").count(), 1, "{err}");
    // Not "no problems found" after five warnings.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("no errors found") && !out.contains("no problems"),
        "{out}"
    );
    let o = run(&[
        "check",
        site.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
        "--deny-warnings",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // The placeholders never reach the pages.
    let out = dir.path().join("out");
    let files = build_into(&site, &out, "2026-06-01");
    assert!(files_containing(&files, "待填写").is_empty());
    // Filled in, the warnings go.
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let filled: String = yaml
        .lines()
        .map(|l| match l.split_once(": 待填写") {
            Some((k, _)) => format!("{k}: 鲁ICP备00000000号\n"),
            None => format!("{l}\n"),
        })
        .collect();
    std::fs::write(site.join("site.yaml"), filled).unwrap();
    let o = run(&[
        "check",
        site.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
        "--deny-warnings",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_missing_mark_image_is_an_error_naming_the_line() {
    let s = portal_site();
    std::fs::remove_file(s.path().join("content/images/dzjg.png")).unwrap();
    let o = s.build("2026-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("site.yaml:") && err.contains("portal.gov_mark"),
        "{err}"
    );
}

#[test]
fn every_folder_of_pages_has_an_index() {
    let s = portal_site();
    let files = s.build_ok("2026-06-01");
    let notices = text(&files, "notices/index.html");
    assert!(notices.contains("<h1>通知公告</h1>") && notices.contains("本栏目发布通知。"));
    let (new, old) = (
        notices.find("新通知").unwrap(),
        notices.find("旧通知").unwrap(),
    );
    assert!(new < old, "newest first");
    assert!(notices.contains("较早的通知"), "summaries are shown");
    assert!(notices.contains("href=\"../notices/old/\""));
    let guides = text(&files, "guides/index.html");
    assert!(
        guides.find("指南乙").unwrap() < guides.find("指南甲").unwrap(),
        "by weight"
    );
    // A folder whose index.md is a page of its own keeps it.
    let about = text(&files, "about/index.html");
    assert!(about.contains("自己写的首页") && !about.contains("folder-list"));
    // The menu links the folder, and marks it current there.
    assert!(notices.contains("<a href=\"../notices/\" aria-current=\"page\">通知公告</a>"));
    assert!(notices.contains("<a href=\"https://www.gov.cn/\">上级网站</a>"));
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains("https://www.example.gov.cn/xyjt/notices/</loc>"));
    assert!(sitemap.contains("https://www.example.gov.cn/xyjt/guides/</loc>"));
}

#[test]
fn robots_txt_points_at_the_sitemap_under_the_sub_path() {
    let s = portal_site();
    let files = s.build_ok("2026-06-01");
    let robots = text(&files, "robots.txt");
    assert!(robots.contains("User-agent: *"));
    assert!(robots.contains("Sitemap: https://www.example.gov.cn/xyjt/sitemap.xml\n"));
}

#[test]
fn a_credit_file_prints_as_a_report() {
    let s = portal_site();
    let files = s.build_ok("2026-06-01");
    let page = text(&files, &format!("entities/{ACME}/index.html"));
    assert!(page.contains("class=\"print-only report-head\""));
    assert!(page.contains("信用报告"));
    assert!(page.contains("截至2026年6月1日"));
    assert!(page.contains("信息以网站在线公示为准"));
    assert!(page.contains(&format!("https://www.example.gov.cn/xyjt/entities/{ACME}/")));
    let css = text(&files, "css/site.css");
    let print = &css[css.find("@media print").unwrap()..];
    for hidden in [".site-nav", ".header-search", ".a11y-bar"] {
        assert!(print.contains(hidden), "{hidden} hidden in print");
    }
    assert!(print.contains("break-inside: avoid"));
    assert!(print.contains("size: A4"));
}

#[test]
fn every_table_has_one_caption_or_a_heading_and_the_language_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_example_site();
    let files = build_into(site.path(), &dir.path().join("out"), "2026-06-01");
    let mut tables = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains("<html lang=\"zh-CN\">"), "{path}");
        for (i, _) in html.match_indices("<table") {
            tables += 1;
            let tag_end = html[i..].find('>').unwrap() + i;
            let labelled = html[i..tag_end].contains("aria-labelledby=");
            let captioned = html[tag_end + 1..].trim_start().starts_with("<caption");
            assert!(
                labelled || captioned,
                "{path}: a table without a caption or heading"
            );
            let end = html[i..].find("</table>").map_or(html.len(), |e| e + i);
            assert!(
                html[i..end].matches("<caption").count() <= 1,
                "{path}: a table has one caption at most"
            );
        }
    }
    assert!(tables > 50);
}

#[test]
fn the_mark_must_be_an_image_and_links_must_be_web_addresses() {
    let s = portal_site();
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    // A file of another type named as the mark is refused, not published unread.
    s.write("content/files/ids.zip", "PK not really");
    s.write(
        "site.yaml",
        &yaml.replace("gov_mark: images/dzjg.png", "gov_mark: files/ids.zip"),
    );
    let o = s.build("2026-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("portal.gov_mark") && err.contains("not an image"),
        "{err}"
    );
    std::fs::remove_file(s.path().join("content/files/ids.zip")).unwrap();
    // Script addresses in the mark's link or the menu.
    let bad = yaml
        .replace(
            "https://bszs.conac.cn/sitename?method=show&id=1",
            "\"javascript:alert(1)\"",
        )
        .replace(
            "path: \"https://www.gov.cn/\"",
            "path: \"javascript:alert(2)\"",
        );
    s.write("site.yaml", &bad);
    let o = s.build("2026-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("portal.gov_mark_link"), "{err}");
    assert!(err.contains("menu `上级网站`"), "{err}");
    // Each at its own line, not at `menu:`.
    let line = bad.lines().position(|l| l.contains("上级网站")).unwrap() + 1;
    assert!(
        err.lines()
            .any(|l| l.contains(&format!("site.yaml:{line}:")) && l.contains("menu `上级网站`")),
        "{err}"
    );
    s.write(
        "site.yaml",
        &yaml.replace("path: notices/", "path: ../../etc/"),
    );
    assert_eq!(s.build("2026-06-01").status.code(), Some(1));
}

#[test]
fn a_page_beside_its_folder_is_kept_and_a_root_intro_is_refused() {
    let s = portal_site();
    s.write("content/docs.md", "---\ntitle: 文档页\n---\n自己的页\n");
    s.write("content/docs/a.md", "---\ntitle: 甲\n---\n正文\n");
    let files = s.build_ok("2026-06-01");
    let docs = text(&files, "docs/index.html");
    assert!(docs.contains("自己的页") && !docs.contains("folder-list"));
    let sitemap = text(&files, "sitemap.xml");
    assert_eq!(sitemap.matches("/xyjt/docs/</loc>").count(), 1);
    s.write("content/_index.md", "---\ntitle: 根\n---\n文字\n");
    let o = s.build("2026-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/index.md"), "{}", stderr(&o));
}

#[test]
fn a_contact_placeholder_is_warned_about_and_not_shown() {
    let s = portal_site();
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &yaml.replace(
            "  uscc: 11370117MB2854771J\n",
            "  uscc: 11370117MB2854771J\n  contact: 待填写（联系电话）\n",
        ),
    );
    let o = s.build("2026-06-01");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("authority.contact"), "{}", stderr(&o));
    assert!(files_containing(&read_tree(&s.out()), "待填写").is_empty());
}

/// A menu link to a page no Markdown file makes would be broken on every page: a
/// warning naming the link and the nearest page (a tester's finding from an earlier
/// round); links into generated sections, to files and elsewhere are left alone.
#[test]
fn a_menu_link_to_no_page_is_a_warning() {
    let s = Site::new("https://example.gov.cn/xyjt/");
    s.write("content/notices/a.md", "---\ntitle: 通知\n---\n正文\n");
    s.write("content/公告/b.md", "---\ntitle: 公告\n---\n正文\n");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}menu:\n  - {{ title: 通知公告, path: notice/ }}\n  - {{ title: 通知, path: notices/a }}\n  - {{ title: 处罚, path: penalties/ }}\n  - {{ title: 首页, path: / }}\n  - {{ title: 订阅, path: feed.xml }}\n  - {{ title: 国务院, path: https://www.gov.cn/ }}\n  - {{ title: 公告, path: \"%E5%85%AC%E5%91%8A/\" }}\n"),
    );
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2026-06-01"]);
    let err = stderr(&o);
    assert!(o.status.success(), "a warning: {err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("menu `")).collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].starts_with("warning: site.yaml:") && warned[0].contains("/notice/"),
        "{err}"
    );
    assert!(err.contains("did you mean notices/?"), "{err}");
}

/// A menu path is read once, the same way for its link and for its check (a review's
/// findings): `#top` and `?q=` stay an anchor and a query, an escape written is not
/// escaped again, `./` is the site's root; a draft page is no page, a folder whose
/// index is an HTML file under content/ is one.
#[test]
fn menu_links_are_read_as_a_browser_reads_them() {
    let s = Site::new("https://example.gov.cn/xyjt/");
    s.write("content/about.md", "---\ntitle: 关于\n---\n正文\n");
    s.write("content/公告/a.md", "---\ntitle: 公告\n---\n正文\n");
    s.write(
        "content/drafty.md",
        "---\ntitle: 草稿\ndraft: true\n---\n正文\n",
    );
    s.write("content/raw/index.html", "<p>raw</p>\n");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}menu:\n  - {{ title: A, path: about/#top }}\n  - {{ title: B, path: \"search/?q=处罚\" }}\n  - {{ title: C, path: \"%E5%85%AC%E5%91%8A/\" }}\n  - {{ title: D, path: ./about/ }}\n  - {{ title: E, path: drafty/ }}\n  - {{ title: F, path: raw/ }}\n"),
    );
    let o = s.build("2026-06-01");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("menu `")).collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(warned[0].contains("menu `E`"), "{err}");
    let files = read_tree(&s.out());
    let page = text(&files, "about/index.html");
    for href in [
        "../about/#top",
        "../search/?q=%E5%A4%84%E7%BD%9A",
        "../%E5%85%AC%E5%91%8A/",
        "../about/",
        "../raw/",
    ] {
        assert!(
            page.contains(&format!("<a href=\"{href}\"")),
            "{href}: {page}"
        );
    }
}

/// A menu link to a file: one the site writes (an export, the feed, a file copied from
/// content/, the theme's) is fine; any other is broken on every page and warned.
#[test]
fn a_menu_link_to_a_file_the_site_does_not_write_is_a_warning() {
    let s = Site::new("https://example.gov.cn/xyjt/");
    s.write("content/files/办事指南.txt", "办事指南");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}menu:\n  - {{ title: A, path: data/penalties.xlsx }}\n  - {{ title: B, path: feed.xml }}\n  - {{ title: C, path: files/办事指南.txt }}\n  - {{ title: D, path: css/site.css }}\n  - {{ title: E, path: data/penalty.xlsx }}\n  - {{ title: F, path: files/指南.txt }}\n"),
    );
    let o = s.build("2026-06-01");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("menu `")).collect();
    assert_eq!(warned.len(), 2, "{err}");
    assert!(
        warned[0].contains("menu `E`: this site writes no file at /data/penalty.xlsx"),
        "{err}"
    );
    assert!(warned[1].contains("menu `F`"), "{err}");
    assert!(err.contains("did you mean data/penalties.xlsx?"), "{err}");
}
