//! Writing only what changed (issue 15): a rebuild over a previous output equals a
//! fresh build byte for byte, links the files that did not change, and lists exactly
//! what was added, changed and removed in changes.json.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn changes(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("changes.json")).unwrap()).unwrap()
}

fn list(v: &serde_json::Value, key: &str) -> BTreeSet<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn without_changes(mut files: Files) -> Files {
    files.remove("changes.json");
    files
}

/// Builds `site` over `out` and into a fresh folder, checks they are the same, and
/// checks changes.json against the difference between `before` and the new files.
fn rebuild_and_compare(site: &Path, out: &Path, as_of: &str, before: &Files) -> serde_json::Value {
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = without_changes(build_into(site, &fresh_dir.path().join("o"), as_of));
    let now = without_changes(build_into(site, out, as_of));
    assert!(
        now == fresh,
        "a rebuild over the previous output differs from a fresh build"
    );
    let c = changes(out);
    let before = without_changes(before.clone());
    let added: BTreeSet<String> = now
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect();
    let removed: BTreeSet<String> = before
        .keys()
        .filter(|k| !now.contains_key(*k))
        .cloned()
        .collect();
    let changed: BTreeSet<String> = now
        .iter()
        .filter(|(k, v)| before.get(*k).is_some_and(|b| b != *v))
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(list(&c, "added"), added);
    assert_eq!(list(&c, "removed"), removed);
    assert_eq!(list(&c, "changed"), changed);
    let unchanged = now.len() - added.len() - changed.len();
    assert_eq!(c["unchanged"].as_u64().unwrap() as usize, unchanged);
    c
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[test]
fn a_rebuild_equals_a_fresh_build_and_lists_what_changed() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = build_into(site.path(), &out, "2026-11-23");
    let c = changes(&out);
    assert_eq!(c["previous"], false);
    assert_eq!(
        list(&c, "added").len(),
        first.len() - 1,
        "all new but changes.json"
    );

    // Nothing changed: every file is linked, none written.
    let unchanged_page = out.join("guides/objection/index.html");
    // An export is written part by part and compared on the way: linked as well.
    let unchanged_export = out.join("data/penalties.json");
    #[cfg(unix)]
    let inodes = (inode(&unchanged_page), inode(&unchanged_export));
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &first);
    assert!(list(&c, "changed").is_empty() && list(&c, "added").is_empty());
    #[cfg(unix)]
    assert_eq!(
        (inode(&unchanged_page), inode(&unchanged_export)),
        inodes,
        "an unchanged file is the previous one, linked"
    );

    // A record edited, one removed, one added.
    let p = site.path().join("content/penalties/2026.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let edited = text.replacen("罚款人民币", "罚款人民币（更正）", 1);
    assert_ne!(edited, text);
    std::fs::write(&p, edited).unwrap();
    std::fs::remove_file(site.path().join("content/notices/2024-plan.md")).unwrap();
    std::fs::write(
        site.path().join("content/notices/2026-new.md"),
        "---\ntitle: 新通知\ndate: 2026-11-01\n---\n正文\n",
    )
    .unwrap();
    let before = read_tree(&out);
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &before);
    assert!(list(&c, "removed").contains("notices/2024-plan/index.html"));
    assert!(list(&c, "added").contains("notices/2026-new/index.html"));
    assert!(list(&c, "changed").contains("data/penalties.csv"));
    assert!(!list(&c, "changed").contains("guides/objection/index.html"));

    // A template of the site's own theme, and a static file of it.
    std::fs::create_dir_all(site.path().join("themes/default/templates")).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("themes/default/templates/page.html"),
        page.replace(
            "<article class=\"prose\">",
            "<article class=\"prose page\">",
        ),
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("themes/default/static/css")).unwrap();
    std::fs::write(site.path().join("themes/default/static/extra.txt"), "x").unwrap();
    let before = read_tree(&out);
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &before);
    assert!(list(&c, "changed").contains("guides/objection/index.html"));
    assert!(list(&c, "added").contains("extra.txt"));

    // Another day: records leave and appear.
    let before = read_tree(&out);
    rebuild_and_compare(site.path(), &out, "2026-12-08", &before);
}

#[test]
fn a_killed_rebuild_leaves_the_old_site_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("big");
    let o = run(&["gen-fixture", site.to_str().unwrap(), "--entities", "1500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = site.to_str().unwrap();
    let out = dir.path().join("out");
    let o_s = out.to_str().unwrap();
    let build = |as_of: &str| run(&["build", s, "--output", o_s, "--as-of", as_of, "--no-ledger"]);
    assert!(build("2024-01-02").status.success());
    let old = without_changes(read_tree(&out));
    let fresh_dir = dir.path().join("fresh");
    let new = without_changes(build_into(&site, &fresh_dir, "2026-06-01"));
    for ms in [30u64, 150, 400, 900] {
        let mut child = bin()
            .args([
                "build",
                s,
                "--output",
                o_s,
                "--as-of",
                "2026-06-01",
                "--no-ledger",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = without_changes(read_tree(&out));
        assert!(
            now == old || now == new,
            "after {ms} ms the output is neither site"
        );
        if now == new {
            break;
        }
    }
    assert!(build("2026-06-01").status.success());
    assert!(without_changes(read_tree(&out)) == new);
}
