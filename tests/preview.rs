//! The preview's incremental rebuilds: after every kind of edit, what `serve` holds in
//! memory is exactly what a fresh `gongshi build` of the same folder writes, pages,
//! exports and search index alike, and an edit that keeps the documents' numbers
//! writes only a few search files.
mod common;
use common::*;
use gongshi::model::Day;
use gongshi::serve::{ChangeSet, Preview, Store};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-23";

fn day() -> Day {
    Day(chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap())
}

/// What `gongshi build` writes for the folder now.
fn fresh_build(site: &Path) -> Files {
    let out = tempfile::tempdir().unwrap();
    build_into(site, &out.path().join("out"), AS_OF)
}

fn assert_same_as_build(store: &Store, site: &Path, what: &str) {
    let served = store.snapshot();
    let built = fresh_build(site);
    let only_served: Vec<&String> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    let only_built: Vec<&String> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_built.is_empty(),
        "{what}: only in the preview {only_served:?}, only in the build {only_built:?}"
    );
    let differing: Vec<&String> = built.keys().filter(|k| built[*k] != served[*k]).collect();
    assert!(differing.is_empty(), "{what}: files differ: {differing:?}");
}

fn edit(site: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The example site in a temporary folder, previewed.
fn open_example() -> (tempfile::TempDir, Store, Preview) {
    let dir = copy_example_site();
    let store = Store::default();
    let (preview, _) = Preview::open(dir.path(), day(), &store).unwrap();
    (dir, store, preview)
}

const OLD_TYPE: &str = "violation_type: 未按规定进行车辆年审";
const NEW_TYPE: &str = "violation_type: 擅自改装营运车辆";

/// Changes the indexed violation type of a public penalty.
fn retype_penalty(site: &Path) -> PathBuf {
    edit(site, "content/penalties/2026.yaml", OLD_TYPE, NEW_TYPE)
}

/// Breaks (`true`) or fixes one record of a penalty file.
fn break_2024(site: &Path, broken: bool) -> PathBuf {
    let (from, to) = ("severity: ", "severity: [");
    let rel = "content/penalties/2024.yaml";
    if broken {
        edit(site, rel, from, to)
    } else {
        edit(site, rel, to, from)
    }
}

fn changed(paths: impl IntoIterator<Item = PathBuf>) -> ChangeSet {
    let mut set = ChangeSet::default();
    set.content.extend(paths);
    set
}

fn search_files(files: &Files) -> usize {
    files.keys().filter(|k| k.starts_with("search/")).count()
}

#[test]
fn every_incremental_rebuild_equals_a_fresh_build() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    assert_same_as_build(&store, site, "first build");

    // The facts of a penalty: its page changes, no search document does.
    let p = edit(
        site,
        "content/penalties/2026.yaml",
        "facts: ",
        "facts: 复查，",
    );
    let r = preview.apply(&changed([p]), &store).unwrap();
    assert_eq!(r.search_files, 0, "no document changed");
    assert!(r.pages_rendered < 10, "{} pages rendered", r.pages_rendered);
    assert_same_as_build(&store, site, "facts edited");

    // Its violation type is indexed text: the index is patched, not rebuilt.
    let p = retype_penalty(site);
    let r = preview.apply(&changed([p]), &store).unwrap();
    assert!(r.search_files > 0);
    assert_same_as_build(&store, site, "violation type edited");

    // A grade changes an enterprise's facets.
    let p = edit(
        site,
        "content/grades/2025-road-transport.yaml",
        "grade: AAA\n    score: 867",
        "grade: AA\n    score: 780",
    );
    preview.apply(&changed([p]), &store).unwrap();
    assert_same_as_build(&store, site, "grade edited");

    // A new party name renumbers documents; a Markdown page changes; both at once.
    let p1 = edit(
        site,
        "content/penalties/2026.yaml",
        "party: 济南瑞丰道路养护有限公司",
        "party: 济南瑞丰道路养护集团有限公司",
    );
    let p2 = edit(
        site,
        "content/guides/objection.md",
        "title: 信用信息异议处理程序",
        "title: 异议处理",
    );
    preview.apply(&changed([p1, p2]), &store).unwrap();
    assert_same_as_build(&store, site, "party renamed and page retitled");

    // A file deleted and a page added.
    let gone = site.join("content/licences/2024-2026.yaml");
    std::fs::remove_file(&gone).unwrap();
    let added = site.join("content/notices/2026-notice.md");
    std::fs::write(
        &added,
        "---\ntitle: 新增公告\ndate: 2026-11-01\n---\n\n本局公告正文。\n",
    )
    .unwrap();
    let r = preview.apply(&changed([gone, added]), &store).unwrap();
    assert!(r.pages_removed > 0);
    assert_same_as_build(&store, site, "licences deleted, notice added");

    // A data file renamed, and a folder of pages renamed (their URLs change).
    let (from, to) = (
        site.join("content/penalties/2025.yaml"),
        site.join("content/penalties/2025-renamed.yaml"),
    );
    std::fs::rename(&from, &to).unwrap();
    preview.apply(&changed([from, to]), &store).unwrap();
    assert_same_as_build(&store, site, "data file renamed");
    let (from, to) = (
        site.join("content/notices"),
        site.join("content/announcements"),
    );
    std::fs::rename(&from, &to).unwrap();
    let r = preview.apply(&changed([from, to]), &store).unwrap();
    assert!(r.pages_removed > 0);
    assert_same_as_build(&store, site, "folder renamed");
}

#[test]
fn a_page_whose_link_target_appears_or_goes_is_rendered_again() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    // Links to a page and to a file that do not exist yet: written as they are.
    let linking = edit(
        site,
        "content/guides/objection.md",
        "## 谁可以提出异议\n",
        "见[新指南](new-guide.md)与[表格](forms/申请表.txt)。\n\n## 谁可以提出异议\n",
    );
    preview.apply(&changed([linking]), &store).unwrap();
    assert_same_as_build(&store, site, "links to nothing yet");
    let page =
        || String::from_utf8(store.snapshot()["guides/objection/index.html"].clone()).unwrap();
    assert!(page().contains("href=\"new-guide.md\""), "{}", page());

    // The page and the file appear: the linking page, itself unchanged, follows.
    let added = site.join("content/guides/new-guide.md");
    std::fs::write(&added, "---\ntitle: 新指南\n---\n正文\n").unwrap();
    std::fs::create_dir_all(site.join("content/guides/forms")).unwrap();
    let form = site.join("content/guides/forms/申请表.txt");
    std::fs::write(&form, "申请表").unwrap();
    preview
        .apply(&changed([added.clone(), form.clone()]), &store)
        .unwrap();
    assert_same_as_build(&store, site, "link targets added");
    assert!(
        page().contains("href=\"../../guides/new-guide/\""),
        "{}",
        page()
    );
    assert!(
        page().contains("href=\"../../guides/forms/%E7%94%B3%E8%AF%B7%E8%A1%A8.txt\""),
        "{}",
        page()
    );

    // And they go again.
    std::fs::remove_file(&added).unwrap();
    std::fs::remove_file(&form).unwrap();
    preview.apply(&changed([added, form]), &store).unwrap();
    assert_same_as_build(&store, site, "link targets removed");

    // A data edit withholds a pledge, and with it the 承诺书 a page links to.
    let linking = edit(
        site,
        "content/guides/objection.md",
        "见[新指南]",
        "见[承诺书](../pledges/files/2026-001.pdf)与[新指南]",
    );
    preview.apply(&changed([linking]), &store).unwrap();
    assert_same_as_build(&store, site, "link to an attachment");
    assert!(
        page().contains("href=\"../../pledges/files/2026-001.pdf\""),
        "{}",
        page()
    );
    let p = edit(
        site,
        "content/pledges/2024-2026.yaml",
        "signed: 2026-03-02",
        "signed: 2026-12-02",
    );
    preview.apply(&changed([p]), &store).unwrap();
    assert_same_as_build(&store, site, "attachment withheld by a data edit");
    // No longer a file of the site: the link is written as `#`.
    assert!(page().contains("<a href=\"#\">承诺书</a>"), "{}", page());
}

#[test]
fn changes_made_while_the_site_is_broken_are_rendered_once_it_is_fixed() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();

    // Break one file, then edit another one while the first is still broken.
    let broken = break_2024(site, true);
    assert!(preview.apply(&changed([broken.clone()]), &store).is_err());
    let p = retype_penalty(site);
    assert!(
        preview.apply(&changed([p]), &store).is_err(),
        "2024.yaml is still broken"
    );

    break_2024(site, false);
    preview.apply(&changed([broken]), &store).unwrap();
    assert_same_as_build(&store, site, "fixed");
    let served = store.snapshot();
    assert!(!files_containing(&served, "擅自改装营运车辆").is_empty());
}

#[test]
fn a_file_that_did_not_parse_at_all_is_rendered_in_full_when_fixed() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    // One save both changes a record and breaks the YAML of the whole file.
    let p = retype_penalty(site);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}\n\t- : [\n")).unwrap();
    assert!(preview.apply(&changed([p.clone()]), &store).is_err());
    std::fs::write(&p, text).unwrap();
    preview.apply(&changed([p]), &store).unwrap();
    assert_same_as_build(&store, site, "fixed");
}

#[test]
fn a_template_save_while_the_data_is_broken_still_reports_the_data() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    let broken = break_2024(site, true);
    assert!(preview.apply(&changed([broken.clone()]), &store).is_err());
    let theme_only = ChangeSet {
        templates: true,
        ..ChangeSet::default()
    };
    let problems = preview.apply(&theme_only, &store).unwrap_err();
    assert!(problems.iter().any(|d| d.to_string().contains("2024.yaml")));
    break_2024(site, false);
    preview.apply(&changed([broken]), &store).unwrap();
    assert_same_as_build(&store, site, "fixed");
}

#[test]
fn an_edit_on_a_larger_site_writes_few_search_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(&[
        "gen-fixture",
        site.to_str().unwrap(),
        "--entities",
        "3000",
        "--seed",
        "7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = Store::default();
    let (mut preview, _) = Preview::open(&site, day(), &store).unwrap();
    let all = search_files(&store.snapshot());

    let file = "content/penalties/part-001.yaml";
    let text = std::fs::read_to_string(site.join(file)).unwrap();
    let first = text
        .lines()
        .find_map(|l| l.strip_prefix("  violation_type: "))
        .unwrap()
        .to_string();
    // Every record of this type in the file, so that some are public on AS_OF.
    let p = site.join(file);
    std::fs::write(&p, text.replace(&first, "擅自改装营运车辆")).unwrap();
    let r = preview.apply(&changed([p]), &store).unwrap();
    assert!(
        r.search_files > 0 && r.search_files * 2 < all,
        "{} of {all} search files written",
        r.search_files
    );
    assert_same_as_build(&store, &site, "violation type edited");
}

#[test]
fn a_broken_template_and_a_data_edit_in_one_burst_are_both_kept() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    // A site template overriding the default theme's, with a syntax error.
    let template = site.join("themes/default/templates/penalty.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "{% if %}").unwrap();
    let mut burst = changed([retype_penalty(site)]);
    burst.templates = true;
    let problems = preview.apply(&burst, &store).unwrap_err();
    assert!(problems
        .iter()
        .any(|d| d.to_string().contains("penalty.html")));
    assert!(files_containing(&store.snapshot(), "擅自改装营运车辆").is_empty());

    // A data save while the template is still broken reports the template again.
    let p = edit(
        site,
        "content/penalties/2026.yaml",
        "facts: ",
        "facts: 复查，",
    );
    let problems = preview.apply(&changed([p]), &store).unwrap_err();
    assert!(problems
        .iter()
        .any(|d| d.to_string().contains("penalty.html")));

    std::fs::remove_file(&template).unwrap();
    let theme_only = ChangeSet {
        templates: true,
        ..ChangeSet::default()
    };
    preview.apply(&theme_only, &store).unwrap();
    assert_same_as_build(&store, site, "template fixed");
}

#[test]
fn a_theme_static_file_is_copied_again_without_rendering_pages() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    let statics = site.join("themes/default/static");
    std::fs::create_dir_all(statics.join("css")).unwrap();
    std::fs::write(statics.join("css/extra.css"), "body { color: #123; }").unwrap();
    let only_statics = ChangeSet {
        statics: true,
        ..ChangeSet::default()
    };
    let r = preview.apply(&only_statics, &store).unwrap();
    assert_eq!(r.pages_rendered, 0);
    assert_same_as_build(&store, site, "static file added");

    std::fs::remove_file(statics.join("css/extra.css")).unwrap();
    preview.apply(&only_statics, &store).unwrap();
    assert_same_as_build(&store, site, "static file removed");
}

#[test]
fn a_template_change_renders_every_page_and_keeps_the_data_files() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let default =
        std::fs::read_to_string(root.join("themes/default/templates/penalty.html")).unwrap();
    let template = site.join("themes/default/templates/penalty.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let marked = default.replace("{% block content %}", "{% block content %}<!-- 改版 -->");
    std::fs::write(&template, marked).unwrap();
    let templates = ChangeSet {
        templates: true,
        ..ChangeSet::default()
    };
    let before = store.snapshot();
    let r = preview.apply(&templates, &store).unwrap();
    assert!(r.pages_rendered > 50, "{}", r.pages_rendered);
    assert_eq!(r.search_files, 0);
    let after = store.snapshot();
    assert!(!files_containing(&after, "<!-- 改版 -->").is_empty());
    assert_eq!(
        before["search/manifest.json"],
        after["search/manifest.json"]
    );
    assert_same_as_build(&store, site, "template changed");
}

#[test]
fn a_broken_site_yaml_is_reported_until_it_is_fixed() {
    let (dir, store, mut preview) = open_example();
    let site = dir.path();
    let config = site.join("site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\ncolour: red\n")).unwrap();
    let config_changed = ChangeSet {
        config: true,
        ..ChangeSet::default()
    };
    assert!(preview.apply(&config_changed, &store).is_err());
    // A data save meanwhile must not hide the problem.
    let problems = preview
        .apply(&changed([retype_penalty(site)]), &store)
        .unwrap_err();
    assert!(problems.iter().any(|d| d.to_string().contains("colour")));
    std::fs::write(&config, good).unwrap();
    preview.apply(&config_changed, &store).unwrap();
    assert_same_as_build(&store, site, "site.yaml fixed");
}
