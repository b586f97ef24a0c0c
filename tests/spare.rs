//! The spare (issue 15): a build keeps the site it replaced beside the output
//! (`.NAME.gongshi-spare`), without what changed or left, and the next build starts
//! its staging folder from it. The result must still be a fresh build byte for byte,
//! folders included; the spare must hold nothing the output does not; a build killed
//! while it works from the spare leaves the old site or the new one whole; and a spare
//! that no longer belongs to the output is not used.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every folder below `root`, as relative paths.
fn folders(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn spare_of(out: &Path) -> PathBuf {
    out.with_file_name(".out.gongshi-spare")
}

/// Builds `site` into `out` and into a fresh folder, and checks that the two are the
/// same, file for file and folder for folder.
fn build_and_compare(site: &Path, out: &Path, as_of: &str) -> Files {
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh_out = fresh_dir.path().join("o");
    let fresh = build_into(site, &fresh_out, as_of);
    let now = build_into(site, out, as_of);
    assert!(now == fresh, "the rebuild differs from a fresh build");
    assert_eq!(folders(out), folders(&fresh_out), "the folders differ");
    now
}

/// The spare holds only files of the output, with the same bytes (the same file, in
/// fact: a link), and only its folders.
fn assert_spare_within(out: &Path) -> usize {
    let spare = spare_of(out);
    let kept = read_tree(&spare);
    let now = read_tree(out);
    for (path, bytes) in &kept {
        assert_eq!(
            now.get(path),
            Some(bytes),
            "the spare's {path} is not the output's"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
            assert_eq!(
                ino(&spare.join(path)),
                ino(&out.join(path)),
                "{path} not linked"
            );
        }
    }
    let extra: Vec<String> = folders(&spare).difference(&folders(out)).cloned().collect();
    assert!(extra.is_empty(), "folders of the spare only: {extra:?}");
    kept.len()
}

/// Changes the `content` of the first penalty of 2026 in the example site.
fn edit_penalty(site: &Path, tag: &str) {
    let p = site.join("content/penalties/2026.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let line = text.lines().find(|l| l.starts_with("  content: ")).unwrap();
    let edited = text.replacen(line, &format!("  content: 罚款人民币3万元（更正{tag}）"), 1);
    assert_ne!(edited, text);
    std::fs::write(&p, edited).unwrap();
}

#[test]
fn the_daily_rebuild_starts_from_the_spare_and_equals_a_fresh_build() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    assert!(!spare_of(&out).exists(), "a first build replaces nothing");

    edit_penalty(site.path(), "1");
    build_and_compare(site.path(), &out, "2026-11-23");
    assert!(spare_of(&out).is_dir(), "the replaced site is kept");
    let kept = assert_spare_within(&out);
    assert!(kept > 0);

    // From the spare: a record edited, a page removed, one added.
    edit_penalty(site.path(), "2");
    std::fs::remove_file(site.path().join("content/notices/2024-plan.md")).unwrap();
    std::fs::write(
        site.path().join("content/notices/2026-new.md"),
        "---\ntitle: 新通知\ndate: 2026-11-01\n---\n正文\n",
    )
    .unwrap();
    build_and_compare(site.path(), &out, "2026-11-23");
    assert_spare_within(&out);
    // What left the site is not in the spare either.
    assert!(!spare_of(&out).join("notices/2024-plan").exists());
    assert!(
        !spare_of(&out).join("notices/2026-new").exists(),
        "added, so not in the replaced site"
    );

    // The notice comes back, and the page of the new one goes (its folder too).
    std::fs::remove_file(site.path().join("content/notices/2026-new.md")).unwrap();
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/notices/2024-plan.md");
    std::fs::copy(plan, site.path().join("content/notices/2024-plan.md")).unwrap();
    build_and_compare(site.path(), &out, "2026-11-23");
    assert_spare_within(&out);

    // Another day: most pages change, and no spare is worth keeping; the build after
    // starts from an empty folder again.
    build_and_compare(site.path(), &out, "2027-06-01");
    assert!(!spare_of(&out).exists() || assert_spare_within(&out) > 0);
    build_and_compare(site.path(), &out, "2027-06-01");
    assert_spare_within(&out);
}

/// A spare is used only while the output is the folder it was kept for, with its
/// records: otherwise it is removed, and the build starts from an empty folder.
#[test]
fn a_spare_of_another_output_or_without_records_is_not_used() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    edit_penalty(site.path(), "1");
    build_into(site.path(), &out, "2026-11-23");
    assert!(spare_of(&out).is_dir());

    // The list of the output's files is gone: what the spare holds beyond the new
    // build would not be known.
    std::fs::remove_file(dir.path().join(".out.gongshi-files")).unwrap();
    // A file put into the spare by hand would survive a build that used it.
    std::fs::write(spare_of(&out).join("stray.html"), "x").unwrap();
    edit_penalty(site.path(), "2");
    let now = build_and_compare(site.path(), &out, "2026-11-23");
    assert!(!now.contains_key("stray.html"));
    assert!(!spare_of(&out).join("stray.html").exists());
    assert!(
        !spare_of(&out).exists(),
        "without the list, what the replaced site holds by hand is not known: not kept"
    );
    edit_penalty(site.path(), "3");
    build_and_compare(site.path(), &out, "2026-11-23");

    // The output removed by hand: the spare goes too.
    std::fs::write(spare_of(&out).join("stray.html"), "x").unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let now = build_and_compare(site.path(), &out, "2026-11-23");
    assert!(!now.contains_key("stray.html"));
    assert!(!spare_of(&out).exists(), "nothing was replaced");
}

/// Killed while it works from the spare, a build leaves the old site or the new one
/// whole, and the next build is a fresh build's equal.
#[test]
fn a_build_killed_while_it_works_from_the_spare_leaves_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("big");
    let o = run(&["gen-fixture", site.to_str().unwrap(), "--entities", "1500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("out");
    let edit = |tag: &str| {
        for e in std::fs::read_dir(site.join("content/penalties")).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let mut n = 0;
            let lines: Vec<String> = text
                .split('\n')
                .map(|l| {
                    n += 1;
                    if l.starts_with("  content: ") && n % 7 == 0 {
                        format!("  content: 罚款（更正{tag}）")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            std::fs::write(&p, lines.join("\n")).unwrap();
        }
    };
    build_into(&site, &out, "2026-11-23");
    edit("a");
    build_into(&site, &out, "2026-11-23");
    assert!(spare_of(&out).is_dir());
    edit("b");
    let old = read_tree(&out);
    let new = build_into(&site, &dir.path().join("fresh"), "2026-11-23");
    assert!(old != new);
    let s = site.to_str().unwrap();
    let o_s = out.to_str().unwrap();
    for ms in [20u64, 100, 250, 500, 800] {
        let mut child = bin()
            .args([
                "build",
                s,
                "--output",
                o_s,
                "--as-of",
                "2026-11-23",
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
        if spare_of(&out).exists() && now == new {
            // Killed after the swap: a spare, if kept, is within the output.
            let kept = read_tree(&spare_of(&out));
            assert!(kept.iter().all(|(p, b)| now.get(p) == Some(b)));
        }
        if now == new {
            break;
        }
    }
    assert!(build_and_compare(&site, &out, "2026-11-23") == new);
}

/// What was done by hand in the output below its top level (a file or an empty folder
/// added, a page deleted, a folder replaced by a link to elsewhere) does not come back
/// from the spare, and the build removes nothing outside the output through a link.
#[test]
fn what_was_done_by_hand_in_the_output_does_not_come_back_from_the_spare() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(site.path(), &out, "2026-11-23");
    edit_penalty(site.path(), "1");
    build_into(site.path(), &out, "2026-11-23");
    assert!(spare_of(&out).is_dir());

    // A file and an empty folder added, a pledge's page deleted (a take-down by hand),
    // the folder of the pledges' files replaced by a link to a folder elsewhere.
    std::fs::write(out.join("entities/hand.html"), "by hand").unwrap();
    std::fs::create_dir_all(out.join("entities/newdir/empty")).unwrap();
    let pledge = out.join("pledges/钢城交诺〔2026〕003号");
    std::fs::remove_file(pledge.join("index.html")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for e in std::fs::read_dir(out.join("pledges/files")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), elsewhere.join(e.file_name())).unwrap();
    }
    std::fs::write(elsewhere.join("mine.pdf"), "not the site's").unwrap();
    let theirs = read_tree(&elsewhere);
    std::fs::remove_dir_all(out.join("pledges/files")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, out.join("pledges/files")).unwrap();
    // Then the pledge is withdrawn from the data, and a scan it links to changes.
    let pledges = site.path().join("content/pledges");
    for e in std::fs::read_dir(&pledges).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(
                &p,
                text.replace("钢城交诺〔2026〕003号", "钢城交诺〔2026〕903号"),
            )
            .unwrap();
        }
    }
    for tag in ["2", "3", "4", "5"] {
        edit_penalty(site.path(), tag);
        let now = build_and_compare(site.path(), &out, "2026-11-23");
        assert!(!now.contains_key("entities/hand.html"), "build {tag}");
        assert!(
            !out.join("entities/newdir").exists() && !pledge.exists(),
            "build {tag}"
        );
        if spare_of(&out).exists() {
            assert_spare_within(&out);
            assert!(!spare_of(&out).join("entities/hand.html").exists());
        }
        assert!(
            read_tree(&elsewhere) == theirs,
            "build {tag} changed a folder outside the output"
        );
    }

    // The same, hidden as a restored backup would (`cp -a`, `touch -d`): the folder's
    // time set back. And a folder's permissions changed by hand.
    std::fs::write(out.join("entities/late.html"), "by hand").unwrap();
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::open(out.join("entities"))
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let closed = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(out.join("licences"), closed).unwrap();
    }
    for tag in ["a", "b", "c"] {
        edit_penalty(site.path(), tag);
        let now = build_and_compare(site.path(), &out, "2026-11-23");
        assert!(!now.contains_key("entities/late.html"), "build {tag}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.join("licences"))
                .unwrap()
                .permissions()
                .mode();
            assert_ne!(
                mode & 0o777,
                0o700,
                "build {tag}: the permissions set by hand came back"
            );
        }
    }

    // Something added at the top level voids the records: the spare is not used, and
    // the replaced site, walked for what it held, is not kept.
    std::fs::create_dir_all(out.join("top/empty")).unwrap();
    edit_penalty(site.path(), "6");
    build_and_compare(site.path(), &out, "2026-11-23");
    assert!(!spare_of(&out).exists());
    edit_penalty(site.path(), "7");
    build_and_compare(site.path(), &out, "2026-11-23");
    assert_spare_within(&out);
}

/// What goes wrong once the new site is in place (something of the clerk's where
/// gongshi's records or the spare's record go) does not fail the build, and is said
/// first, before the site's own warnings, however many those are (only the first 30
/// are printed), naming what is in the way.
#[test]
fn what_goes_wrong_after_the_swap_is_said_first() {
    let site = copy_example_site();
    let index = site.path().join("content/index.md");
    let mut text = std::fs::read_to_string(&index).unwrap();
    for i in 0..35 {
        text.push_str(&format!("\n[链接{i}](nowhere-{i}/)\n"));
    }
    std::fs::write(&index, text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let build = || {
        let o = run(&[
            "build",
            site.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-03-02",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        let first = err.lines().next().unwrap_or_default().to_string();
        first
    };
    assert!(build().contains("nowhere-"), "the site's own warnings");
    let records = out.with_file_name(".out.gongshi-files");
    std::fs::remove_file(&records).unwrap();
    std::fs::create_dir_all(records.join("mine")).unwrap();
    let first = build();
    assert!(
        first.contains("change list") && first.contains(".out.gongshi-files"),
        "{first}"
    );
    assert!(
        first.contains("--delete"),
        "a whole deploy, deleting: {first}"
    );
    assert!(!out.with_file_name("out.changes.json").exists());
    assert!(records.join("mine").exists(), "the clerk's folder stays");
    std::fs::remove_dir_all(&records).unwrap();
    assert!(
        build().contains("nowhere-"),
        "nothing in the way: nothing said"
    );
    let spare_record = out.with_file_name(".out.gongshi-spare.record");
    std::fs::remove_file(&spare_record).ok();
    std::fs::create_dir_all(spare_record.join("mine")).unwrap();
    let first = build();
    assert!(
        first.contains("could not be kept") && first.contains(".out.gongshi-spare.record"),
        "{first}"
    );
    assert!(out.with_file_name("out.changes.json").exists());
}
