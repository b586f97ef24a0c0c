//! Writing only what changed (issue 15): a rebuild over a previous output equals a
//! fresh build byte for byte, links the files that did not change, and lists exactly
//! what was added, changed and removed in the change list beside the output
//! (`NAME.changes.json`), which is not in the output: it names pages that left the site.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn changes(out: &Path) -> serde_json::Value {
    let name = out.file_name().unwrap().to_str().unwrap();
    let list = out.with_file_name(format!("{name}.changes.json"));
    serde_json::from_slice(&std::fs::read(list).unwrap()).unwrap()
}

fn list(v: &serde_json::Value, key: &str) -> BTreeSet<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// Builds `site` over `out` and into a fresh folder, checks they are the same, and
/// checks the change list against the difference between `before` and the new files.
fn rebuild_and_compare(site: &Path, out: &Path, as_of: &str, before: &Files) -> serde_json::Value {
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = build_into(site, &fresh_dir.path().join("o"), as_of);
    let now = build_into(site, out, as_of);
    assert!(
        now == fresh,
        "a rebuild over the previous output differs from a fresh build"
    );
    let c = changes(out);
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
    assert_eq!(list(&c, "added").len(), first.len(), "all new");
    // gongshi's records of the build and the change list are kept beside the output,
    // not in it.
    assert!(!first
        .keys()
        .any(|k| k.contains("gongshi") || k.contains("changes")));
    assert!(dir.path().join(".out.gongshi-pages").is_file());
    assert!(dir.path().join(".out.gongshi-files").is_file());

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
    // The exports of the kinds whose rows did not change are kept without being made.
    #[cfg(unix)]
    let grades = inode(&out.join("data/grades.csv"));
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &before);
    #[cfg(unix)]
    assert_eq!(inode(&out.join("data/grades.csv")), grades);
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

    // Another day: records leave and appear. What left is named by no file of the
    // output (the change list that names it is beside the output, not in it).
    let before = read_tree(&out);
    let c = rebuild_and_compare(site.path(), &out, "2026-12-08", &before);
    let now = read_tree(&out);
    let removed = list(&c, "removed");
    assert!(!removed.is_empty());
    for path in removed {
        let found = files_containing(&now, path.trim_end_matches("index.html"));
        assert!(found.is_empty(), "{path} named in {found:?}");
    }
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
    let old = read_tree(&out);
    let fresh_dir = dir.path().join("fresh");
    let new = build_into(&site, &fresh_dir, "2026-06-01");
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
        let now = read_tree(&out);
        assert!(
            now == old || now == new,
            "after {ms} ms the output is neither site"
        );
        // The change list beside it, if there is one, is that output's.
        if let Ok(bytes) = std::fs::read(out.with_file_name("out.changes.json")) {
            let c: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let listed = list(&c, "added").len()
                + list(&c, "changed").len()
                + c["unchanged"].as_u64().unwrap() as usize;
            assert_eq!(
                listed,
                now.len(),
                "after {ms} ms the change list is another's"
            );
        }
        if now == new {
            break;
        }
    }
    assert!(build("2026-06-01").status.success());
    assert!(read_tree(&out) == new);
}

/// A page is rendered again only when what it is made from changed (its record, the
/// theme, the site's settings, this program) or its file in the output did: a page
/// whose file was changed by hand but looks untouched (the same file, size and time)
/// is kept as it is, which shows that it was not rendered again.
#[test]
fn a_page_is_rendered_again_only_when_its_inputs_or_its_file_changed() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    let page = out.join("guides/objection/index.html");
    let record = std::fs::metadata(dir.path().join(".out.gongshi-pages")).unwrap();
    let original = std::fs::read_to_string(&page).unwrap();
    let tampered = original.replacen("<main", "<MAIN", 1);
    assert_ne!(tampered, original);
    // Changed in place (the same file), its time set back to before the build's record.
    let back_dated = |file: &Path, bytes: &[u8]| {
        std::fs::write(file, bytes).unwrap();
        let earlier = record.modified().unwrap() - std::time::Duration::from_secs(60);
        let f = std::fs::File::options().write(true).open(file).unwrap();
        f.set_modified(earlier).unwrap();
    };
    let write_back_dated = |text: &str| back_dated(&page, text.as_bytes());

    write_back_dated(&tampered);
    build_into(site.path(), &out, "2026-11-23");
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        tampered,
        "same inputs, same size, not modified since: kept, not rendered"
    );

    // The exports of a dataset whose rows did not change are kept, not made again.
    for export in ["grades.xlsx", "grades.csv", "grades.json"] {
        let file = out.join("data").join(export);
        let mut bytes = std::fs::read(&file).unwrap();
        let original = bytes.clone();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        back_dated(&file, &bytes);
        build_into(site.path(), &out, "2026-11-23");
        assert!(
            std::fs::read(&file).unwrap() == bytes,
            "{export} kept as it was"
        );
        std::fs::write(&file, &original).unwrap();
    }

    // Modified after the build's record: rendered again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, &tampered).unwrap();
    build_into(site.path(), &out, "2026-11-23");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);

    // Another size: rendered again.
    write_back_dated(&format!("{original} "));
    build_into(site.path(), &out, "2026-11-23");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);

    // The page's own text changed: rendered again.
    write_back_dated(&tampered);
    let md = site.path().join("content/guides/objection.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, format!("{text}\n补充说明。\n")).unwrap();
    let now = build_into(site.path(), &out, "2026-11-23");
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = build_into(site.path(), &fresh_dir.path().join("o"), "2026-11-23");
    assert_eq!(
        now["guides/objection/index.html"],
        fresh["guides/objection/index.html"]
    );
    assert!(String::from_utf8_lossy(&fresh["guides/objection/index.html"]).contains("补充说明"));
}

/// An output whose records are missing or damaged (an earlier gongshi, a copy, a disk
/// error) is rebuilt as a fresh build would be, with an exact change list.
#[test]
fn damaged_or_missing_records_are_not_trusted() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    std::fs::remove_file(site.path().join("content/notices/2024-plan.md")).unwrap();
    std::fs::remove_file(dir.path().join(".out.gongshi-files")).unwrap();
    let pages = dir.path().join(".out.gongshi-pages");
    let mut bytes = std::fs::read(&pages).unwrap();
    let cut = bytes.len() - 3;
    bytes.truncate(cut);
    std::fs::write(&pages, bytes).unwrap();
    let before = read_tree(&out);
    // The exports of the kinds whose rows did not change are kept without being made.
    #[cfg(unix)]
    let grades = inode(&out.join("data/grades.csv"));
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &before);
    #[cfg(unix)]
    assert_eq!(inode(&out.join("data/grades.csv")), grades);
    assert!(list(&c, "removed").contains("notices/2024-plan/index.html"));
}

/// Copies a folder with the files' modification times, as `cp -a` or a restored
/// backup would.
fn copy_with_times(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            let time = e.metadata().unwrap().modified().unwrap();
            let f = std::fs::File::options().write(true).open(&target).unwrap();
            f.set_modified(time).unwrap();
        }
    }
}

/// An earlier build put back into the output folder with its times (a backup, `cp -a`)
/// is not taken for the last one: its pages are made again where they differ.
#[test]
fn an_earlier_build_put_back_by_hand_is_not_trusted() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    let backup = dir.path().join("backup");
    copy_with_times(&out, &backup);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let p = site.path().join("content/penalties/2026.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    // The same length, so that the pages keep their sizes.
    let edited = text.replacen("罚款人民币3万元", "罚款人民币4万元", 1);
    assert_ne!(edited, text);
    std::fs::write(&p, edited).unwrap();
    build_into(site.path(), &out, "2026-11-23");
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    copy_with_times(&backup, &out);
    let before = read_tree(&out);
    rebuild_and_compare(site.path(), &out, "2026-11-23", &before);
}

/// The `.xlsx` export is kept only when its rows are as before, not merely the CSV's
/// text: the CSV neutralises a formula (`=x` and `'=x` both become `'=x`), the
/// spreadsheet holds the value as it is.
#[test]
fn an_xlsx_export_follows_its_rows_not_the_csv_text() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let p = site.path().join("content/penalties/2026.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let formula = text.replacen(
        "content: 罚款人民币3万元",
        "content: \"=罚款人民币3万元\"",
        1,
    );
    assert_ne!(formula, text);
    std::fs::write(&p, &formula).unwrap();
    let first = build_into(site.path(), &out, "2026-11-23");
    let quoted = formula.replacen("\"=罚款人民币3万元\"", "\"'=罚款人民币3万元\"", 1);
    std::fs::write(&p, quoted).unwrap();
    let c = rebuild_and_compare(site.path(), &out, "2026-11-23", &first);
    assert!(list(&c, "changed").contains("data/penalties.xlsx"));
    assert!(
        !list(&c, "changed").contains("data/penalties.csv"),
        "the same CSV text"
    );
}

/// The output folder given through a symlink or as `out/.` is the folder itself: the
/// link stays a link, and a rebuild through either keeps what did not change.
#[cfg(unix)]
#[test]
fn an_output_given_by_a_symlink_or_a_dot_is_the_folder_itself() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir_all(&real).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let first = build_into(site.path(), &link, "2026-11-23");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(real.join("index.html").is_file());
    let dot = real.join(".");
    let c = rebuild_and_compare(site.path(), &dot, "2026-11-23", &first);
    assert!(list(&c, "added").is_empty() && list(&c, "changed").is_empty());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A theme's static file where gongshi writes one of its own is an error, but for
/// `robots.txt`, which replaces gongshi's: written once, so the rebuild lists it (a
/// tester's finding: written twice, it was missing from the change list, and the build
/// and the preview kept different ones).
#[test]
fn a_theme_file_replaces_only_robots_txt_and_is_listed_when_it_does() {
    let s = copy_example_site();
    let site = s.path();
    let out = site.join("out");
    let before = build_into(site, &out, "2026-11-23");
    let statics = site.join("themes/default/static");
    std::fs::create_dir_all(statics.join("data")).unwrap();
    std::fs::write(statics.join("data/penalties.csv"), "x").unwrap();
    std::fs::write(statics.join("build-info.json"), "{}").unwrap();
    std::fs::write(statics.join("robots.txt"), "User-agent: *\nDisallow: /\n").unwrap();
    let o = run(&["check", site.to_str().unwrap(), "--as-of", "2026-11-23"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for name in ["data/penalties.csv", "build-info.json"] {
        assert!(
            err.contains(&format!(
                "themes/default/static/{name}: this theme file would be copied to /{name}"
            )),
            "{err}"
        );
    }
    assert!(!err.contains("static/robots.txt"), "{err}");
    std::fs::remove_file(statics.join("data/penalties.csv")).unwrap();
    std::fs::remove_file(statics.join("build-info.json")).unwrap();
    // The records beside the output are gone too: the rebuild compares file by file.
    for entry in std::fs::read_dir(site).unwrap() {
        let entry = entry.unwrap();
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(".out.gongshi-")
        {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let c = rebuild_and_compare(site, &out, "2026-11-23", &before);
    assert_eq!(
        list(&c, "changed"),
        BTreeSet::from(["robots.txt".to_string()])
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
}

/// One page removed and copied back from a backup with its time (`rm`, then `cp -a`)
/// may get the inode number it had; it is still not the file the build left (a
/// tester's finding: the restored page of an earlier day was kept). Whether the file
/// system gives the number again is its choice, so this can pass without the birth
/// time; `write::pages`'s unit test checks that rule itself.
#[test]
fn a_page_removed_and_copied_back_is_made_again() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-05-01");
    let backup = dir.path().join("backup");
    copy_with_times(&out, &backup);
    build_into(site.path(), &out, "2026-05-02");
    let fresh = read_tree(&out);
    for page in ["penalties/index.html", "index.html", "entities/index.html"] {
        std::fs::remove_file(out.join(page)).unwrap();
        let cp = std::process::Command::new("cp")
            .arg("-a")
            .args([backup.join(page), out.join(page)])
            .status()
            .unwrap();
        assert!(cp.success());
    }
    let before = read_tree(&out);
    let c = rebuild_and_compare(site.path(), &out, "2026-05-02", &before);
    assert_eq!(list(&c, "changed").len(), 3, "{c}");
    assert!(read_tree(&out) == fresh);
}

/// A folder where the change list goes stops the build before the swap, naming it
/// (a review found a message about the output folder instead); the output stays.
#[test]
fn a_folder_in_the_change_lists_place_is_named_and_the_output_kept() {
    let s = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let before = build_into(s.path(), &out, "2026-11-23");
    let list = dir.path().join("out.changes.json");
    std::fs::remove_file(&list).unwrap();
    std::fs::create_dir(&list).unwrap();
    let o = run(&[
        "build",
        s.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-12-08",
        "--no-ledger",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot remove the previous change list") && err.contains("out.changes.json"),
        "{err}"
    );
    assert!(read_tree(&out) == before, "the output as it was");
    assert!(
        !dir.path().join(".out.gongshi-unlisted").exists(),
        "nothing was swapped: the next list is not full"
    );
}

/// The files of the sites `before` that `now` does not hold.
fn left(before: &[&Files], now: &Files) -> BTreeSet<String> {
    before
        .iter()
        .flat_map(|files| files.keys())
        .filter(|k| !now.contains_key(*k))
        .cloned()
        .collect()
}

/// Puts a folder where the list of the build's files goes beside `out` (in `dir`), so
/// that the next build cannot put its records and change list; returns it.
fn block_records(dir: &Path) -> std::path::PathBuf {
    let records = dir.join(".out.gongshi-files");
    std::fs::remove_file(&records).unwrap();
    std::fs::create_dir_all(records.join("in-the-way")).unwrap();
    records
}

/// A build whose change list was never put beside its site (killed after its swap, or
/// unable to put it) leaves a marker, and the next build's list names every file to
/// upload and, as removed, what any site since the last list held: a deploy from
/// lists alone would otherwise leave online the pages that build took down.
#[test]
fn after_a_build_that_put_no_change_list_the_next_list_is_full() {
    let s = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = build_into(s.path(), &out, "2026-11-23");
    assert!(first.contains_key("notices/2024-plan/index.html"));
    let marker = dir.path().join(".out.gongshi-unlisted");
    assert!(!marker.exists(), "a list was put: no marker");
    // The page leaves the site in a build whose list cannot be put.
    std::fs::remove_file(s.path().join("content/notices/2024-plan.md")).unwrap();
    let records = block_records(dir.path());
    let build = || build_output(s.path(), &out, "2026-11-23");
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not be put beside it"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out.changes.json").exists());
    assert!(marker.exists());
    std::fs::remove_dir_all(&records).unwrap();
    // The next build, with nothing changed since.
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    let now = read_tree(&out);
    let c = changes(&out);
    assert_eq!(c["full"], true);
    let gone = left(&[&first], &now);
    assert!(gone.contains("notices/2024-plan/index.html"));
    assert_eq!(
        list(&c, "removed"),
        gone,
        "what the site before the unlisted build held"
    );
    let mut upload = list(&c, "added");
    upload.extend(list(&c, "changed"));
    assert_eq!(upload, now.keys().cloned().collect::<BTreeSet<_>>());
    assert_eq!(c["unchanged"], 0);
    assert!(!marker.exists(), "the list is put: the marker goes");
    // And the one after it lists against its previous build again.
    let c = rebuild_and_compare(s.path(), &out, "2026-11-23", &now);
    assert_eq!(c["full"], false);
    assert_eq!(c["unchanged"].as_u64().unwrap() as usize, now.len());
}

/// The marker names the files of the site the unlisted build put too, so the list
/// after it is right even when the output folder was deleted in between (found by a
/// review); a marker that cannot be read is said, with what to do.
#[test]
fn the_full_list_names_what_the_unlisted_site_held_even_with_the_output_gone() {
    let s = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = build_into(s.path(), &out, "2026-11-23");
    let notices = s.path().join("content/notices");
    std::fs::remove_file(notices.join("2024-plan.md")).unwrap();
    std::fs::write(
        notices.join("new-b.md"),
        "---\ntitle: 新增公告\n---\n正文\n",
    )
    .unwrap();
    let records = block_records(dir.path());
    let build = || build_output(s.path(), &out, "2026-11-23");
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    let unlisted = read_tree(&out);
    assert!(unlisted.contains_key("notices/new-b/index.html"));
    std::fs::remove_dir_all(&records).unwrap();
    std::fs::remove_file(notices.join("new-b.md")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    let now = read_tree(&out);
    let c = changes(&out);
    assert_eq!(c["full"], true);
    let gone = left(&[&first, &unlisted], &now);
    assert!(gone.contains("notices/2024-plan/index.html"));
    assert!(gone.contains("notices/new-b/index.html"));
    assert_eq!(list(&c, "removed"), gone);
    // A marker that cannot be read: the list is full, and the build says so.
    std::fs::write(dir.path().join(".out.gongshi-unlisted"), "").unwrap();
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(".out.gongshi-unlisted is not a list of files gongshi wrote")
            && err.contains("rsync -a --delete"),
        "{err}"
    );
    assert_eq!(changes(&out)["full"], true);
    assert!(!dir.path().join(".out.gongshi-unlisted").exists());
}

/// The output folder deleted by hand between two builds: the list of the last build's
/// files is still beside it, so the next list names what that site held and this one
/// does not (found by a review: the portal kept a page that had left the site).
#[test]
fn with_the_output_deleted_the_list_names_what_the_last_build_held() {
    let s = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = build_into(s.path(), &out, "2026-11-23");
    std::fs::remove_file(s.path().join("content/notices/2024-plan.md")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let now = build_into(s.path(), &out, "2026-11-23");
    let c = changes(&out);
    assert_eq!(c["previous"], false);
    assert_eq!(c["full"], true);
    let gone = left(&[&first], &now);
    assert!(gone.contains("notices/2024-plan/index.html"));
    assert_eq!(list(&c, "removed"), gone);
    assert_eq!(
        list(&c, "added"),
        now.keys().cloned().collect::<BTreeSet<_>>()
    );
    // The list of the last build's files damaged: the build says so.
    let records = dir.path().join(".out.gongshi-files");
    let mut bytes = std::fs::read(&records).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&records, bytes).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let o = build_output(s.path(), &out, "2026-11-23");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(".out.gongshi-files is not a list of files gongshi wrote")
            && err.contains("rsync -a --delete"),
        "{err}"
    );
    assert_eq!(changes(&out)["full"], true);
    // A first build (no record of an earlier one) removes nothing.
    let other = dir.path().join("other");
    build_into(s.path(), &other, "2026-11-23");
    let c = changes(&other);
    assert_eq!(c["full"], false);
    assert!(list(&c, "removed").is_empty());
}
