//! The command line: exit codes, `new`, `check`, `gen-fixture`, `--help`.
mod common;
use common::*;

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(
        run(&["build", "--as-of", "yesterday"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    // Sizes a machine cannot hold are refused up front, not attempted.
    let o = run(&[
        "gen-fixture",
        "/nonexistent/x",
        "--entities",
        "18446744073709551615",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--entities"), "{}", stderr(&o));
    let o = run(&[
        "gen-fixture",
        "/nonexistent/x",
        "--penalties",
        "18446744073709551615",
    ]);
    assert_eq!(o.status.code(), Some(2));
    for cmd in ["build", "check", "new", "serve", "gen-fixture"] {
        let o = run(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd} --help");
        assert!(String::from_utf8_lossy(&o.stdout).contains("Usage"));
    }
}

#[test]
fn new_scaffolds_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mysite");
    let o = run(&["new", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["build", site.to_str().unwrap(), "--as-of", "2026-07-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("output/index.html").exists());
    // A folder that holds something is bad usage (exit 2), not a site with errors,
    // and nothing in it is touched.
    std::fs::write(site.join("site.yaml"), "edited by staff").unwrap();
    let o = run(&["new", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "refuses a non-empty folder");
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(site.join("site.yaml")).unwrap(),
        "edited by staff"
    );
}

#[test]
fn check_writes_nothing() {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲公司", ACME, "2025-01-02", "general", ""),
    );
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no problems found"));
    assert!(!s.out().exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let s = Site::new("https://example.gov.cn/");
    s.write("output/precious.txt", "mine");
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(s.out().join("precious.txt").exists());
}

#[test]
fn gen_fixture_is_deterministic_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        let o = run(&[
            "gen-fixture",
            d.to_str().unwrap(),
            "--entities",
            "300",
            "--seed",
            "5",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(read_tree(&a), read_tree(&b));
    let o = run(&["build", a.to_str().unwrap(), "--as-of", "2026-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A reader that went away (`gongshi build | head -1`, a cron job's pipe) is no crash:
/// the site is built and the exit status says so.
#[test]
fn a_closed_standard_output_is_not_a_crash() {
    let site = copy_example_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    for args in [
        vec!["build", "--output", out.to_str().unwrap(), "--no-ledger"],
        vec!["check"],
    ] {
        let mut child = bin()
            .args(&args)
            .arg(site.path())
            .args(["--as-of", "2026-11-23"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Nobody reads: the pipe's reading end is closed before gongshi prints.
        drop(child.stdout.take());
        let result = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(result.status.success(), "{args:?}: {stderr}");
    }
    assert!(out.join("index.html").is_file());
}

/// Before 2023-05-01 no profile was in force: the summary says the earliest was
/// applied, beside the warning, instead of calling it the one in force that day.
#[test]
fn the_summary_says_when_no_rules_were_in_force() {
    let site = copy_example_site();
    let o = run(&[
        "check",
        site.path().to_str().unwrap(),
        "--as-of",
        "2023-01-01",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    let rules = out
        .lines()
        .find(|l| l.contains("rules: 2023"))
        .unwrap_or("");
    assert!(rules.contains("none was in force that day"), "{out}");
    // At the line of `rules: auto` (found by an audit: the warning had no line).
    let line = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.trim_start().starts_with("rules: auto"))
        .unwrap()
        + 1;
    assert!(
        stderr(&o).contains(&format!(
            "site.yaml:{line}:10: no publication rules known for 2023-01-01"
        )),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "check",
        site.path().to_str().unwrap(),
        "--as-of",
        "2025-01-01",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("in force that day (rules: auto"), "{out}");
}

/// `gongshi check site/site.yaml` (the file, not its folder) says to pass the folder.
#[test]
fn naming_site_yaml_instead_of_its_folder_says_to_pass_the_folder() {
    let s = Site::new("https://example.gov.cn/");
    let file = s.path().join("site.yaml");
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("not the file: pass {}", s.path().display())),
        "{err}"
    );
}
