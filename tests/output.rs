//! The finished site: URL contract, sub-path links, exports, determinism.
mod common;
use common::*;
use std::path::Path;

fn small_site(base: &str) -> Site {
    let s = Site::new(base);
    let mut p = String::new();
    for i in 1..=5 {
        p += &penalty(
            &format!("罚〔2025〕{i}号"),
            "甲运输有限公司",
            ACME,
            &format!("2025-0{i}-02"),
            "general",
            "",
        );
    }
    s.write("content/penalties/2025.yaml", &p);
    s.write(
        "content/licences/l.yaml",
        &format!("- decision_no: 许〔2025〕1号\n  document_name: 道路运输经营许可决定书\n  party: 乙物流有限公司\n  party_type: legal\n  uscc: {BETA}\n  category: 普通\n  content: 道路普通货物运输\n  decided: 2025-03-01\n  valid_from: 2025-03-01\n  valid_to: 2099-12-31\n  authority: 局\n  authority_uscc: {AUTH}\n  status: valid\n"),
    );
    s.write(
        "content/grades/2024-road.yaml",
        &format!("batch:\n  title: 2024年度考核\n  scale: road\n  domain: 道路运输\n  sector: 货运\n  period: 2024\n  authority: 局\n  published: 2025-01-01\nrecords:\n  - {{ name: 甲运输有限公司, uscc: {ACME}, grade: AAA, score: 900 }}\n  - {{ name: 乙物流有限公司, uscc: {BETA}, grade: AA, score: 800 }}\n  - {{ name: 丙货运有限公司, uscc: {GAMMA}, grade: B }}\n"),
    );
    s.write("content/lists/red.yaml", &format!("list:\n  kind: honour\n  title: 红名单\n  authority: 局\n  published: 2025-01-01\nentries:\n  - {{ name: 甲运输有限公司, uscc: {ACME}, reason: 诚信 }}\n"));
    s.write("content/notices/2024-plan.md", "---\ntitle: 创建方案\ndate: 2024-03-01\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[信用修复](../../guides/repair/)\n\n见[修复步骤](../guides/repair.md#steps)和[承诺书](../files/承诺书.txt)。\n");
    // Linked as an editor reads a link, from the Markdown file's folder.
    s.write(
        "content/guides/repair.md",
        "---\ntitle: 信用修复\n---\n正文，见[创建方案](../notices/2024-plan.md)。\n",
    );
    s.write(
        "content/drafts/x.md",
        "---\ntitle: 草稿页面\ndraft: true\n---\n草稿\n",
    );
    s.write("content/files/承诺书.txt", "模板");
    s
}

#[test]
fn urls_follow_the_contract() {
    let files = small_site("https://host.gov.cn/xyjt/").build_ok("2025-06-01");
    for path in [
        "index.html",
        "404.html",
        &format!("entities/{ACME}/index.html"),
        "entities/index.html",
        "grades/index.html",
        "grades/2024-road/index.html",
        "grades/2024-road/page/2/index.html",
        "lists/index.html",
        "lists/red/index.html",
        "penalties/index.html",
        "penalties/page/3/index.html",
        "licences/index.html",
        "search/index.html",
        "data/index.html",
        "notices/2024-plan/index.html",
        "sitemap.xml",
        "feed.xml",
        "build-info.json",
        "search/manifest.json",
        "files/承诺书.txt",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    assert!(
        files_containing(&files, "草稿页面").is_empty(),
        "drafts are never written"
    );
    // 一企一档: grade, list entry, penalties on one page.
    let entity = text(&files, &format!("entities/{ACME}/index.html"));
    for needle in ["AAA", "红名单", "罚〔2025〕5号", "罚〔2025〕1号"] {
        assert!(entity.contains(needle), "entity page lacks {needle}");
    }
    // Penalties newest first.
    let list = text(&files, "penalties/index.html");
    assert!(list.find("罚〔2025〕5号").unwrap() < list.find("罚〔2025〕4号").unwrap());
    let detail = files
        .keys()
        .find(|k| k.starts_with("penalties/") && k.len() > 30)
        .expect("detail page");
    let detail = text(&files, detail);
    for field in [
        "行政处罚决定书文号",
        "违法行为类型",
        "处罚依据",
        "处罚类别",
        "罚款金额（万元）",
        "处罚机关统一社会信用代码",
        "公示截止期",
    ] {
        assert!(detail.contains(field), "detail lacks {field}");
    }
}

#[test]
fn csv_exports_open_in_excel() {
    let files = small_site("https://host.gov.cn/").build_ok("2025-06-01");
    for name in ["grades", "lists", "penalties", "licences"] {
        let csv = &files[&format!("data/{name}.csv")];
        assert!(csv.starts_with(b"\xEF\xBB\xBF"), "{name}.csv has a BOM");
        let json: serde_json::Value =
            serde_json::from_slice(&files[&format!("data/{name}.json")]).unwrap();
        assert!(
            json.as_array().is_some_and(|a| !a.is_empty()),
            "{name}.json"
        );
    }
    let csv = text(&files, "data/penalties.csv");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("行政处罚决定书文号,行政相对人名称"));
    assert_eq!(csv.lines().count(), 6);
}

/// Every href/src in `html`.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
        }
    }
    out
}

fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split(['?', '#']).next().unwrap().split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_link_respects_the_sub_path_and_resolves() {
    let files = small_site("https://host.gov.cn/xyjt/").build_ok("2025-06-01");
    let exists = |p: &str| {
        files.contains_key(p)
            || files.contains_key(&format!("{}/index.html", p.trim_end_matches('/')))
            || (p.is_empty() && files.contains_key("index.html"))
    };
    // A page served at any missing address names no canonical copy of itself.
    assert!(!String::from_utf8_lossy(&files["404.html"]).contains("rel=\"canonical\""));
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("https://host.gov.cn/xyjt/") || link.starts_with('#') {
                continue;
            }
            assert!(!link.starts_with("http"), "{path}: external link {link}");
            if path == "404.html" {
                assert!(
                    link.starts_with("/xyjt/"),
                    "404 links are absolute under the sub-path: {link}"
                );
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{path}: root-absolute link {link} ignores the sub-path"
            );
            let target = percent_decode(&resolve(path, &link));
            assert!(exists(&target), "{path}: broken link {link} → {target}");
        }
    }
    let manifest = text(&files, "search/manifest.json");
    assert!(manifest.contains("\"base\":\"/xyjt/\""));
    let docs: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("search/docs/"))
        .collect();
    assert!(!docs.is_empty());
    for d in docs {
        let v: serde_json::Value = serde_json::from_slice(&files[d]).unwrap();
        for doc in v.as_array().unwrap() {
            // Below the site root; an enterprise's page is implied by its code.
            let link = match (doc["u"].as_str(), doc["k"].as_u64()) {
                (Some(u), _) => u.to_string(),
                (None, Some(0)) => format!("entities/{}/", doc["c"].as_str().unwrap()),
                (None, _) => panic!("{d}: a document without a link: {doc}"),
            };
            assert!(!link.starts_with('/'), "{doc}");
            let target = percent_decode(&link);
            assert!(exists(&target), "{d}: {doc} leads to no page");
        }
    }
    let data = text(&files, "data/penalties.json");
    assert!(data.contains("\"url\":\"/xyjt/penalties/"));
    for loc in text(&files, "sitemap.xml").split("<loc>").skip(1) {
        assert!(loc.starts_with("https://host.gov.cn/xyjt/"), "{loc}");
    }
}

#[test]
fn a_markdown_link_to_no_page_or_file_is_a_warning_at_the_link() {
    let s = small_site("https://host.gov.cn/xyjt/");
    s.write(
        "content/guides/more.md",
        "---\ntitle: 更多\n---\n第一行\n\n见[修复](repiar.md)与[草稿](../drafts/x.md)，[旁](repair.md)。\n[表](../files/承诺书.tx) [表](../files/承诺书.txt) [数据](../../data/penalties.csv) [错](../../data/penalty.csv)\n",
    );
    let o = s.build("2025-06-01");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: content/guides/more.md:6:2: the link `repiar.md` leads to content/guides/repiar.md, which is no page of this site"),
        "{err}"
    );
    assert!(
        err.contains("did you mean content/guides/repair.md?"),
        "{err}"
    );
    assert!(
        err.contains("content/guides/more.md:6:18: the link `../drafts/x.md` leads to content/drafts/x.md, a draft"),
        "{err}"
    );
    assert!(
        err.contains("content/guides/more.md:7:1: the link `../files/承诺书.tx` leads to content/files/承诺书.tx, which does not exist"),
        "{err}"
    );
    assert!(
        err.contains("did you mean content/files/承诺书.txt?"),
        "{err}"
    );
    assert!(
        err.contains("the link `../../data/penalty.csv` leads to /data/penalty.csv, which is none of the site's exports"),
        "{err}"
    );
    assert!(err.contains("did you mean /data/penalties.csv?"), "{err}");
    assert_eq!(err.matches("the link `").count(), 4, "{err}");
    let page = text(&read_tree(&s.out()), "guides/more/index.html");
    assert!(
        page.contains("<a href=\"../../guides/repair/\">旁</a>"),
        "{page}"
    );

    // A page's address where the site has none (an audit's finding: no warning, and
    // a broken link on the site), read as the browser reads it; those that lead to a
    // page, a folder's index, a generated section or the root's files are fine, and
    // so are those to a file of content/ read from the Markdown file's folder, and to
    // a folder served by its own index.html (a review's finding: warned about).
    s.write("content/guides/att/table.html", "<p>表</p>");
    s.write("content/files/sub/index.html", "<p>子</p>");
    s.write(
        "content/guides/more.md",
        "---\ntitle: 更多\n---\n见[无](/nowhere/)、[旁](other/)、[错](/xyjt/guides/repiar/)。\n[好](/guides/repair/) [好](../repair/) [好](/xyjt/guides/) [好](/penalties/) [好](/search/?q=甲) [好](../../404.html) [好](att/table.html) [好](/files/sub/) [好](../../files/sub)\n",
    );
    let o = s.build("2025-06-01");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: content/guides/more.md:4:2: the link `/nowhere/` leads to /xyjt/nowhere/, where the site has no page"),
        "{err}"
    );
    assert!(
        err.contains(
            "the link `other/` leads to /xyjt/guides/more/other/, where the site has no page"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean /guides/repair/?"), "{err}");
    assert_eq!(err.matches("the link `").count(), 3, "{err}");
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let s = small_site("https://host.gov.cn/");
    let out = s.path().join("other");
    let o = run(&[
        "build",
        s.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2025-06-01",
        "--base-url",
        "https://portal.gov.cn/sub/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://portal.gov.cn/sub/penalties/"));
    // A value that is not an address: bad usage (2), the output as it was.
    let o = run(&[
        "build",
        s.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2025-06-01",
        "--base-url",
        "notaurl",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--base-url"), "{}", stderr(&o));
}

#[test]
fn same_inputs_give_identical_bytes() {
    let s = small_site("https://host.gov.cn/xyjt/");
    let a = s.build_ok("2025-06-01");
    let b = s.build_ok("2025-06-01");
    // The change list (beside the output) compares a build with the output it
    // replaced: the second says nothing changed.
    let list = std::fs::read(s.path().join("output.changes.json")).unwrap();
    let changes: serde_json::Value = serde_json::from_slice(&list).unwrap();
    assert_eq!(changes["changed"], serde_json::json!([]));
    assert_eq!(changes["added"], serde_json::json!([]));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between builds");
    }
    let other = s.build_ok("2026-06-01");
    assert_ne!(
        a.get("index.html"),
        other.get("index.html"),
        "as-of changes what is shown"
    );
}

#[test]
fn example_site_builds_and_dates_change_what_is_public() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let build = |as_of: &str| {
        let files = build_into(root, &dir.path().join(as_of), as_of);
        let v: serde_json::Value = serde_json::from_slice(&files["data/penalties.json"]).unwrap();
        let mut nos: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["decision_no"].as_str().unwrap().to_string())
            .collect();
        nos.sort();
        nos
    };
    let a = build("2024-06-01");
    let b = build("2026-11-23");
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
}

#[test]
fn every_address_of_the_contract_is_there_even_with_nothing_to_show() {
    // Contract §10: /withdrawals/ among them, saying there is no notice.
    let s = Site::new("https://example.gov.cn/xy/");
    s.write("content/index.md", "---\ntitle: 首页\n---\n");
    let files = s.build_ok("2025-06-01");
    for page in [
        "index.html",
        "grades/index.html",
        "lists/index.html",
        "penalties/index.html",
        "licences/index.html",
        "pledges/index.html",
        "withdrawals/index.html",
        "search/index.html",
        "data/index.html",
    ] {
        assert!(files.contains_key(page), "{page} missing");
    }
    assert!(text(&files, "withdrawals/index.html").contains("目前没有公示中的撤回说明"));
    assert!(text(&files, "sitemap.xml").contains("/xy/withdrawals/"));
}

#[test]
fn an_empty_dataset_is_exported_with_the_same_headers_as_a_full_one() {
    let empty = Site::new("https://example.gov.cn/");
    empty.write("content/index.md", "---\ntitle: 首页\n---\n");
    let none = empty.build_ok("2026-11-23");
    let site = copy_example_site();
    let out = tempfile::tempdir().unwrap();
    let full = build_into(site.path(), &out.path().join("o"), "2026-11-23");
    let header = |files: &Files, kind: &str| {
        let csv = text(files, &format!("data/{kind}.csv"));
        csv.lines().next().unwrap_or_default().to_string()
    };
    for kind in ["grades", "lists", "penalties", "licences", "pledges"] {
        let (h, f) = (header(&none, kind), header(&full, kind));
        assert!(f.starts_with('\u{feff}') && f.contains(','), "{kind}: {f}");
        assert_eq!(h, f, "{kind}");
        let json: serde_json::Value =
            serde_json::from_str(&text(&none, &format!("data/{kind}.json"))).unwrap();
        assert_eq!(json, serde_json::json!([]), "{kind}");
    }
}

/// Contract §7 marks only four keys of a licence as required: one that leaves out
/// 许可机关 and its code was granted by the site's own authority, and is published
/// exactly as if it said so (same id, same pages, same exports).
#[test]
fn a_licence_without_its_authority_is_the_sites_own() {
    let licence = |authority: &str| {
        format!("- decision_no: 许〔2025〕7号\n  document_name: 道路运输经营许可决定书\n  party: 乙物流有限公司\n  uscc: {BETA}\n  content: 道路普通货物运输\n  decided: 2025-03-01\n{authority}")
    };
    let built = |authority: &str| {
        let s = Site::new("https://host.gov.cn/xyjt/");
        s.write("content/licences/l.yaml", &licence(authority));
        s.build_ok("2025-06-01")
    };
    let left_out = built("");
    let written = built(&format!(
        "  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n"
    ));
    let changed: Vec<_> = written
        .keys()
        .filter(|p| !p.starts_with("build-info") && left_out.get(*p) != written.get(*p))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    let csv = text(&left_out, "data/licences.csv");
    assert!(csv.contains(&format!("测试交通运输局,{AUTH}")), "{csv}");
    // The site's name alone gets its code; another agency's name never does (found by
    // a review), nor another agency's code the site's name.
    assert_eq!(built("  authority: 测试交通运输局\n"), written);
    for (one, missing) in [
        ("  authority: 济南市行政审批服务局\n", "authority_uscc"),
        (&format!("  authority_uscc: {ACME}\n")[..], "authority"),
    ] {
        let s = Site::new("https://host.gov.cn/xyjt/");
        s.write("content/licences/l.yaml", &licence(one));
        let o = s.build("2025-06-01");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("`{missing}`")), "{err}");
    }
}

/// Contract §7 marks neither `party` nor `uscc` of a licence as required (§6 does for
/// a penalty): a licence with only its four required keys is published, with a
/// warning for each left-out key naming the 双公示 standard, and shown as 未载明;
/// one with a `uscc` only is on that enterprise's credit file under its name.
#[test]
fn a_licence_with_only_its_required_keys_is_published_with_warnings() {
    let s = Site::new("https://host.gov.cn/xyjt/");
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚〔2025〕1号",
            "甲运输有限公司",
            ACME,
            "2025-02-01",
            "general",
            "",
        ),
    );
    s.write(
        "content/licences/l.yaml",
        &format!("- decision_no: 许〔2025〕1号\n  document_name: 道路运输经营许可决定书\n  content: 道路普通货物运输\n  decided: 2025-03-01\n- decision_no: 许〔2025〕2号\n  document_name: 道路运输经营许可决定书\n  uscc: {ACME}\n  content: 道路旅客运输\n  decided: 2025-03-02\n- decision_no: 许〔2025〕3号\n  document_name: 道路运输经营许可决定书\n  party_type: person\n  content: 道路旅客运输\n  decided: 2025-03-03\n"),
    );
    let o = s.build("2025-06-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let warned = |line: &str, key: &str| {
        err.lines().any(|l| {
            l.starts_with(&format!("warning: content/licences/l.yaml:{line}:"))
                && l.contains(&format!("`{key}`"))
        })
    };
    assert!(
        warned("1", "party") && warned("1", "uscc") && warned("5", "party"),
        "{err}"
    );
    assert!(!warned("5", "uscc"), "{err}");
    assert!(warned("10", "party") && !warned("10", "uscc"), "{err}");
    let files = read_tree(&s.out());
    // Each record page: the first and the person's (whose left-out name is not
    // stood in for by a masked 某某) say 未载明.
    let pages: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with("licences/") && p.matches('/').count() == 2)
        .map(|p| text(&files, p))
        .collect();
    assert_eq!(pages.len(), 3, "{:?}", files.keys());
    for no in ["许〔2025〕1号", "许〔2025〕3号"] {
        let page = pages.iter().find(|p| p.contains(no)).unwrap();
        assert!(
            page.contains("<td>未载明</td>") && !page.contains("某某"),
            "{page}"
        );
    }
    let entity = text(&files, &format!("entities/{ACME}/index.html"));
    assert!(
        entity.contains("许〔2025〕2号") && entity.contains("甲运输有限公司"),
        "{entity}"
    );
    assert!(!entity.contains("未载明"), "{entity}");
    let csv = text(&files, "data/licences.csv");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    // --deny-warnings refuses it, as every warning.
    let site = s.path().to_str().unwrap().to_string();
    let o = run(&["check", &site, "--as-of", "2025-06-01", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A name with neither `uscc` nor `party_type` may be a person's (a reviewer's
    // finding: it was published unmasked as an organisation's): still an error; and
    // `uscc:` written with nothing after it is an error at its own line.
    for (extra, line) in [("", "1"), ("  party_type: legal\n  uscc:\n", "7")] {
        let s = Site::new("https://host.gov.cn/xyjt/");
        s.write(
            "content/licences/l.yaml",
            &format!("- decision_no: 许〔2025〕4号\n  document_name: 从业资格证\n  party: 张三丰\n  content: 道路货物运输驾驶员\n  decided: 2025-03-01\n{extra}"),
        );
        let o = s.build("2025-06-01");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("error: content/licences/l.yaml:{line}:")),
            "{err}"
        );
        assert!(!s.out().exists(), "{err}");
    }
}
