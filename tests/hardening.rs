//! What must not be public never is, whatever the file, and the tool cannot be turned
//! against the site (issue 13): attachments are read for ID numbers, nothing under
//! content/ overwrites generated output, links are safe, spreadsheet cells cannot run,
//! the output folder is guarded, dates follow China's time, parsers are bounded.
mod common;
use common::*;
use std::io::Write;

const ID: &str = "11010519491231002X";

fn check(s: &Site) -> std::process::Output {
    run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"])
}

/// A site with one public penalty, so that it builds.
fn base_site() -> Site {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲运输有限公司", ACME, "2025-01-02", "general", ""),
    );
    s
}

fn write_bytes(s: &Site, rel: &str, bytes: &[u8]) {
    let p = s.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn zip_with(name: &str, text: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file(name, opts).unwrap();
    z.write_all(text.as_bytes()).unwrap();
    z.finish().unwrap();
    out.into_inner()
}

fn compressed_pdf(text: &str) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(format!("BT /F1 12 Tf ({text}) Tj ET").as_bytes())
        .unwrap();
    let stream = z.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n".to_vec();
    pdf.extend_from_slice(&stream);
    pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    pdf
}

#[test]
fn id_numbers_inside_attachments_stop_check_and_build() {
    let s = base_site();
    write_bytes(
        &s,
        "content/files/a.pdf",
        &compressed_pdf(&format!("ID {ID}")),
    );
    let docx = zip_with(
        "word/document.xml",
        "<w:p><w:r><w:t>身份证号1101</w:t></w:r><w:r><w:t>0519491231002X</w:t></w:r></w:p>",
    );
    write_bytes(&s, "content/files/b.docx", &docx);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        format!("证件 {ID}")
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    write_bytes(&s, "content/files/c.txt", &utf16);
    write_bytes(&s, "content/files/photo.png", b"\x89PNG\r\n\x1a\n....");
    write_bytes(
        &s,
        "content/files/clean.pdf",
        &compressed_pdf("no numbers here"),
    );
    write_bytes(
        &s,
        &format!("content/files/{ID}.txt"),
        b"named after a person",
    );
    // Split over two folder levels, it is one address all the same.
    write_bytes(
        &s,
        &format!("content/split/{}/{}.txt", &ID[..6], &ID[6..]),
        b"named after a person",
    );
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (file, what) in [
        ("content/files/a.pdf", "personal ID number"),
        ("content/files/b.docx", "word/document.xml"),
        ("content/files/c.txt", "personal ID number"),
        ("content/files/photo.png", "cannot search it"),
        (
            &format!("content/files/{ID}.txt") as &str,
            "name holds a personal ID number",
        ),
        (
            &format!("content/split/{}/{}.txt", &ID[..6], &ID[6..]),
            "name holds a personal ID number",
        ),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {file}: ")) && l.contains(what)),
            "{file}: {what}\n{err}"
        );
    }
    assert!(!err.contains("clean.pdf"), "{err}");
    assert_eq!(err.matches("name holds").count(), 2, "{err}");
    // The same problems stop a build: nothing is written.
    assert_eq!(s.build("2025-06-01").status.code(), Some(1));
    assert!(!s.out().exists());
    // An address given on the command line is every page's address.
    let site = s.path().to_str().unwrap().to_string();
    let url = format!("https://example.gov.cn/{}/{}/", &ID[..6], &ID[6..]);
    let o = run(&["build", &site, "--base-url", &url]);
    assert!(
        stderr(&o).contains("error: --base-url: the address holds a personal ID number"),
        "{}",
        stderr(&o)
    );
}

/// Found by an audit: a number with letters after it (`…1231Tel138…`, a YAML float
/// `…1231e0`) and a web archive whose text is quoted-printable were published.
#[test]
fn letters_beside_an_id_number_and_encoded_mail_do_not_hide_it() {
    let s = base_site();
    let p = penalty("罚2号", "乙", BETA, "2025-01-02", "general", "").replace(
        "facts: 违法事实罚2号",
        "facts: 驾驶员（证件号码370117198001011231Tel13800000000）",
    );
    s.write("content/penalties/q.yaml", &p);
    let mht = "MIME-Version: 1.0\r\nContent-Type: text/html\r\n\
               Content-Transfer-Encoding: quoted-printable\r\n\r\n\
               =E8=AF=81=E4=BB=B6 =33=37=30=31=31=37=31=39=38=30=30=31=30=31=31=32=33=31\r\n";
    write_bytes(&s, "content/files/page.mht", mht.as_bytes());
    write_bytes(&s, "content/files/saved.txt", mht.as_bytes());
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: content/penalties/q.yaml:")
                && l.contains("personal ID number")),
        "{err}"
    );
    for file in ["content/files/page.mht", "content/files/saved.txt"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {file}: "))
                    && l.contains("cannot search it")),
            "{file}\n{err}"
        );
    }
    // Checked by eye, a site may still publish them (as the hint says).
    std::fs::remove_file(s.path().join("content/penalties/q.yaml")).unwrap();
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}attachments:\n  allow: [mht, txt]\n"),
    );
    std::fs::write(
        s.path().join("content/files/page.mht"),
        mht.replace("=33=37", "=32=32"),
    )
    .unwrap();
    std::fs::write(
        s.path().join("content/files/saved.txt"),
        mht.replace("=33=37", "=32=32"),
    )
    .unwrap();
    let files = s.build_ok("2025-06-01");
    assert!(files.contains_key("files/page.mht"));
    assert!(files.contains_key("files/saved.txt"));
}

#[test]
fn a_site_may_allow_types_it_checks_by_eye() {
    let s = base_site();
    write_bytes(&s, "content/files/photo.png", b"\x89PNG\r\n\x1a\n....");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}attachments:\n  allow: [png]\n"),
    );
    let files = s.build_ok("2025-06-01");
    assert!(files.contains_key("files/photo.png"));
}

#[test]
fn id_numbers_written_in_disguise_are_found_at_their_line() {
    let s = base_site();
    let mut p = penalty("罚2号", "乙", BETA, "2025-01-02", "general", "");
    p = p.replace(
        "facts: 违法事实罚2号",
        "facts: 当事人身份证 110105 1949 1231 002X",
    );
    p += &penalty("罚3号", "丙", GAMMA, "2025-01-02", "general", "").replace(
        "facts: 违法事实罚3号",
        "facts: 证件１１０１０５１９４９１２３１００２Ｘ",
    );
    p += &penalty("罚4号", "丙", GAMMA, "2025-01-03", "general", "")
        .replace("facts: 违法事实罚4号", "facts: 老证件号110105491231002");
    s.write("content/penalties/q.yaml", &p);
    s.write(
        "content/notes.md",
        "---\ntitle: 说明\n---\n\n证件号 1101**0519**4912\u{200b}31002X\n",
    );
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for at in [
        "q.yaml:6:",
        "q.yaml:20:",
        "q.yaml:34:",
        "content/notes.md:5:",
    ] {
        assert!(err.contains(at), "nothing at {at}:\n{err}");
    }
}

#[test]
fn a_binary_value_is_refused_not_published_as_base64() {
    let s = base_site();
    // The base64 of an ID number: published as it is, no reader could read it, and
    // anyone could decode it.
    let p = penalty("罚2号", "乙", BETA, "2025-01-02", "general", "").replace(
        "facts: 违法事实罚2号",
        "facts: !!binary MTEwMTA1MTk0OTEyMzEwMDJY",
    );
    s.write("content/penalties/q.yaml", &p);
    s.write(
        "content/notes.md",
        "---\ntitle: !<tag:yaml.org,2002:binary> 6K+05piO\n---\n\n说明\n",
    );
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for at in ["q.yaml:6:10", "content/notes.md:2:8"] {
        assert!(err.contains(at), "nothing at {at}:\n{err}");
    }
    assert!(err.contains("!!binary"), "{err}");
    assert!(!s.build("2025-06-01").status.success());
    assert!(!s.out().exists());
}

/// Files named like the folder of a generated page: a credit file, a penalty's page.
fn pages_as_files() -> Vec<(String, String)> {
    let s = base_site();
    assert!(s.build("2025-06-01").status.success());
    let penalty = std::fs::read_dir(s.out().join("penalties"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.len() == 16)
        .expect("a penalty page");
    [format!("entities/{ACME}"), format!("penalties/{penalty}")]
        .into_iter()
        .map(|page| (format!("content/{page}"), format!("/{page}/")))
        .collect()
}

#[test]
fn nothing_under_content_overwrites_what_gongshi_writes() {
    for (rel, what) in [
        ("content/feed.xml", "/feed.xml"),
        ("content/search/manifest.json", "search index"),
        ("content/penalties/index.html", "/penalties/"),
        ("content/css/site.css", "/css/site.css"),
        ("content/data/penalties.csv", "/data/penalties.csv"),
        // Folders named like files gongshi writes.
        ("content/data/penalties.csv/x.txt", "/data/penalties.csv"),
        ("content/index.html/x.txt", "/index.html"),
        ("content/feed.xml/index.md", "/feed.xml"),
        // HTML that would pose as a generated page, even on a day it is not written.
        ("content/withdrawals/index.html", "/withdrawals/"),
        ("content/withdrawals/index.xhtml", "/withdrawals/"),
        // The same names in other cases, to a server that ignores case (an attacker's
        // test).
        ("content/INDEX.HTML", "/index.html"),
        ("content/Feed.xml", "ignores the case"),
        ("content/Data/penalties.csv", "/data/penalties.csv"),
    ]
    .into_iter()
    .map(|(rel, what)| (rel.to_string(), what.to_string()))
    .chain(pages_as_files())
    {
        let (rel, what) = (rel.as_str(), what.as_str());
        let s = base_site();
        let text = if rel.ends_with(".md") {
            "---\ntitle: x\n---\nx\n"
        } else {
            "x"
        };
        s.write(rel, text);
        if rel.starts_with("content/penalties/") && !rel.contains('.') {
            // A file with no extension in a data folder is taken for a misnamed data
            // file and not published at all: nothing is overwritten.
            let o = s.build("2025-06-01");
            let err = stderr(&o);
            assert!(o.status.success(), "{rel}:\n{err}");
            assert!(err.contains(rel) && err.contains("not published"), "{err}");
            assert!(
                s.out().join(&what[1..]).join("index.html").is_file(),
                "{rel}"
            );
            continue;
        }
        // `check` finds what `build` would: both fail, naming the file.
        for o in [check(&s), s.build("2025-06-01")] {
            assert_eq!(o.status.code(), Some(1), "{rel}");
            let err = stderr(&o);
            assert!(err.contains(rel) && err.contains(what), "{rel}:\n{err}");
        }
    }
}

/// In the folder of a kind whose records name their files, a file that no record
/// names is not published at all: one posing as a generated page is withheld with a
/// warning rather than refused.
#[test]
fn a_page_posing_as_a_pledge_listing_is_not_published() {
    let s = base_site();
    s.write("content/pledges/type/approval/index.html", "x");
    let o = s.build("2025-06-01");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: content/pledges/type/approval/index.html: not published"),
        "{err}"
    );
    let files = read_tree(&s.out());
    assert_ne!(
        files
            .get("pledges/type/approval/index.html")
            .map(Vec::as_slice),
        Some(b"x".as_slice())
    );
}

#[test]
fn a_page_may_use_only_a_page_template_of_the_theme() {
    for template in [
        "nonexist.html",
        "../../../../etc/passwd",
        "penalty.html",
        "entity.html",
        "partials/pager.html",
    ] {
        let s = base_site();
        s.write(
            "content/notes.md",
            &format!("---\ntitle: 说明\ntemplate: \"{template}\"\n---\n\n正文\n"),
        );
        for o in [check(&s), s.build("2025-06-01")] {
            assert_eq!(o.status.code(), Some(1), "{template}");
            let err = stderr(&o);
            assert!(err.contains("content/notes.md"), "{template}:\n{err}");
        }
        assert!(!s.out().exists());
    }
    let s = base_site();
    s.write(
        "content/notes.md",
        "---\ntitle: 说明\ntemplate: page.html\n---\n\n正文\n",
    );
    assert!(check(&s).status.success());
}

#[test]
fn a_data_file_cannot_take_another_ones_address() {
    let s = base_site();
    let batch = |title: &str| {
        let mut r = String::new();
        for (i, code) in [ACME, BETA, GAMMA].iter().enumerate() {
            r += &format!("  - {{ name: 企业{i}, uscc: {code}, grade: AA, score: 800 }}\n");
        }
        format!("batch:\n  title: {title}\n  scale: road\n  domain: 道路\n  period: 2024\n  authority: 局\n  published: 2025-01-01\nrecords:\n{r}")
    };
    s.write("content/grades/2024.yaml", &batch("甲"));
    s.write("content/grades/2024/page/2.yaml", &batch("乙"));
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("two pages would be written to /grades/2024/page/2/"),
        "{}",
        stderr(&o)
    );
    // Found by an attacker's test: a page the listing does not have (yet) is posed as
    // all the same.
    std::fs::remove_file(s.path().join("content/grades/2024/page/2.yaml")).unwrap();
    s.write("content/grades/2024/page/9.yaml", &batch("伪造"));
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: content/grades/2024/page/9.yaml: a listing at /grades/2024/page/9/ would pose as page 9 of /grades/2024/"),
        "{}",
        stderr(&o)
    );
    let t = base_site();
    t.write("content/grades/dup.yaml", &batch("甲"));
    t.write("content/grades/dup.yml", &batch("甲"));
    let o = t.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("one data file written twice"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn only_safe_links_and_the_sites_own_images_are_allowed() {
    let s = base_site();
    s.write(
        "content/a.md",
        "---\ntitle: 链接\n---\n\n[ok](https://www.gov.cn/)\n\n[x](javascript:alert(1))\n\n![p](https://evil.example.com/p.png)\n\n[d](data:text/html,<b>x</b>)\n",
    );
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for at in [
        "content/a.md:7:1:",
        "content/a.md:9:1:",
        "content/a.md:11:1:",
    ] {
        assert!(err.contains(at), "{at}:\n{err}");
    }
    assert!(!err.contains("content/a.md:5:"));
    // A page named like a script address gets a harmless one.
    let t = base_site();
    t.write(
        "content/javascript:alert(1).md",
        "---\ntitle: 名字\n---\n正文\n",
    );
    let files = t.build_ok("2025-06-01");
    let links = files_containing(&files, "\"javascript:");
    assert!(links.is_empty(), "{links:?}");
    assert!(files.contains_key("javascript:alert(1)/index.html"));
}

#[test]
fn spreadsheet_cells_cannot_run_as_formulas() {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲运输有限公司", ACME, "2025-01-02", "general", "")
            .replace(
                "content: 罚款人民币贰仟元",
                "content: \"=HYPERLINK(\\\"http://x\\\",\\\"点此\\\")\"",
            )
            .replace("violation_type: 超限运输", "violation_type: \"-2+3\"")
            .replace("facts: 违法事实罚1号", "facts: \"@SUM(A1)\""),
    );
    let files = s.build_ok("2025-06-01");
    let csv = text(&files, "data/penalties.csv");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(
        csv.contains(",'-2+3,") && csv.contains(",'@SUM(A1),"),
        "{csv}"
    );
    assert!(csv.contains(",0.2,"), "numbers stay numbers");
}

#[test]
fn the_output_folder_is_guarded_and_leftovers_cleaned() {
    let s = base_site();
    let site = s.path().to_str().unwrap().to_string();
    let inside = s.path().join("content/out");
    let o = run(&[
        "build",
        &site,
        "--output",
        inside.to_str().unwrap(),
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("which the build reads"),
        "{}",
        stderr(&o)
    );
    // A path through folders that exist only in the output still resolves to what it
    // names: the site, content/ or the theme are refused, never swapped out.
    s.build_ok("2025-06-01");
    let name = s.path().file_name().unwrap().to_str().unwrap().to_string();
    for sneaky in [
        format!("{site}/output/css/../../../{name}"),
        format!("{site}/missing/../../{name}"),
        format!("{site}/missing/../content/x"),
    ] {
        let o = run(&["build", &site, "--output", &sneaky, "--as-of", "2025-06-01"]);
        assert_eq!(o.status.code(), Some(1), "{sneaky}: {}", stderr(&o));
        assert!(s.path().join("site.yaml").exists(), "{sneaky}");
        assert!(
            s.path().join("content/penalties/p.yaml").exists(),
            "{sneaky}"
        );
    }
    // A folder with a build-info.json that gongshi did not write is not replaced.
    let fake = s.path().join("elsewhere");
    std::fs::create_dir_all(&fake).unwrap();
    std::fs::write(fake.join("build-info.json"), "{}").unwrap();
    std::fs::write(fake.join("mine.txt"), "keep").unwrap();
    let o = run(&[
        "build",
        &site,
        "--output",
        fake.to_str().unwrap(),
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(fake.join("mine.txt").exists());
    // Leftovers of a killed build are removed; an old site left between two renames
    // is put back first.
    s.build_ok("2025-06-01");
    let tmp = s.path().join(".output.gongshi-tmp-999999999");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::rename(s.out(), s.path().join(".output.gongshi-old-999999998")).unwrap();
    s.build_ok("2025-06-01");
    let names: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("999999")), "{names:?}");
}

#[test]
fn the_default_date_is_today_in_china() {
    let s = base_site();
    let site = s.path().to_str().unwrap().to_string();
    let china = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    // Whatever the machine's zone says.
    let o = bin()
        .args(["build", &site])
        .env("TZ", "America/Los_Angeles")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("build-info.json")).unwrap()).unwrap();
    assert_eq!(info["as_of"], china.format("%Y-%m-%d").to_string());
    // A site in another zone says so, and its feed follows it.
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write("site.yaml", &format!("timezone: \"+05:30\"\n{yaml}"));
    let files = s.build_ok("2025-06-01");
    assert!(text(&files, "feed.xml").contains("T00:00:00+05:30"));
}

#[test]
fn parsers_are_bounded_and_names_checked() {
    let s = base_site();
    s.write(
        "content/penalties/deep.yaml",
        &format!("- a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let start = std::time::Instant::now();
    let o = check(&s);
    assert!(start.elapsed().as_secs() < 10);
    assert!(stderr(&o).contains("nested more than"), "{}", stderr(&o));
    // Non-characters never reach XML.
    let t = base_site();
    t.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚1号",
            "\"甲\\uFFFF运输\\uFDD0有限公司\"",
            ACME,
            "2025-01-02",
            "general",
            "",
        ),
    );
    let files = t.build_ok("2025-06-01");
    let feed = text(&files, "feed.xml");
    assert!(feed.contains("甲运输有限公司"), "{feed}");
    assert!(!feed.contains('\u{ffff}') && !feed.contains('\u{fdd0}'));
    // A theme that is not a folder name.
    let u = base_site();
    let yaml = std::fs::read_to_string(u.path().join("site.yaml")).unwrap();
    u.write("site.yaml", &format!("theme: ../../etc\n{yaml}"));
    assert!(stderr(&check(&u)).contains("not the name of a folder under themes/"));
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let s = base_site();
    let name = std::ffi::OsStr::from_bytes(b"\xc9\xe7\xbb\xe1.txt");
    let dir = s.path().join("content/files");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), "x").unwrap();
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

/// Found by an attacker's test: an HTML or SVG file under `content/` ran its script on
/// the site's own address, and PHP, JSP or ASP files and `web.config` were copied for a
/// portal that may run them.
#[test]
fn files_that_would_run_are_refused() {
    let s = base_site();
    let files = [
        ("content/downloads/a.php", "<?php system($_GET['c']); ?>"),
        ("content/downloads/b.aspx", "<%@ Page %>"),
        ("content/web.config", "<configuration/>"),
        (
            "content/downloads/c.html",
            "<p>表格</p><SCRIPT>alert(1)</SCRIPT>",
        ),
        (
            "content/downloads/d.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
    ];
    for (path, text) in files {
        s.write(path, text);
    }
    s.write(
        "content/downloads/form.html",
        "<p>申请表：在线填写 one=two</p>",
    );
    let o = check(&s);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (path, _) in files {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {path}: ")) && l.contains("not published")),
            "{path}\n{err}"
        );
    }
    assert!(!err.contains("form.html"), "{err}");
    std::fs::remove_dir_all(s.path().join("content/downloads")).unwrap();
    std::fs::remove_file(s.path().join("content/web.config")).unwrap();
    s.write("content/downloads/form.html", "<p>申请表</p>");
    let built = s.build_ok("2025-06-01");
    assert!(built.contains_key("downloads/form.html"));
}
