//! Helpers for integration tests: fixture sites on disk and running the binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const AUTH: &str = "11370117MB2854771J";
/// Valid USCCs (contract test vectors and others).
pub const ACME: &str = "91350100M000100Y43";
pub const BETA: &str = "91110000802100433B";
pub const GAMMA: &str = "9137100022470981X0";

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongshi"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run gongshi")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn site_yaml(base_url: &str) -> String {
    format!(
        "title: 测试站点\nbase_url: {base_url}\nauthority:\n  name: 测试交通运输局\n  uscc: {AUTH}\ndisclosure:\n  rules: 2026\n  mask_person_names: true\n  paginate: 2\ngrade_scales:\n  road:\n    name: 道路运输企业质量信誉等级\n    grades:\n      - {{ code: AAA, label: 优良, min_score: 850 }}\n      - {{ code: AA, label: 合格, min_score: 700 }}\n      - {{ code: B, label: 不合格 }}\n"
    )
}

/// A penalty record; `extra` lines are appended (two-space indented keys).
pub fn penalty(
    no: &str,
    party: &str,
    uscc: &str,
    decided: &str,
    severity: &str,
    extra: &str,
) -> String {
    format!(
        "- decision_no: {no}\n  party: {party}\n  party_type: legal\n  uscc: {uscc}\n  violation_type: 超限运输\n  facts: 违法事实{no}\n  basis: 《公路安全保护条例》第六十四条\n  categories: [罚款]\n  content: 罚款人民币贰仟元\n  fine_wan: 0.2\n  decided: {decided}\n  severity: {severity}\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n{extra}"
    )
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(base_url: &str) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = Site { dir };
        site.write("site.yaml", &site_yaml(base_url));
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    pub fn build(&self, as_of: &str) -> Output {
        let site = self.path().to_str().unwrap().to_string();
        run(&["build", &site, "--as-of", as_of])
    }

    pub fn build_ok(&self, as_of: &str) -> Files {
        let o = self.build(as_of);
        assert!(o.status.success(), "build failed:\n{}", stderr(&o));
        read_tree(&self.out())
    }
}

/// Builds the site folder `site` into `out` as of `as_of` (the build must succeed)
/// and reads what it wrote.
pub fn build_into(site: &Path, out: &Path, as_of: &str) -> Files {
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        as_of,
    ];
    // The repository's own ledger.csv is what its build history made; tests that
    // build the example in place must not move it.
    if site == Path::new(env!("CARGO_MANIFEST_DIR")) {
        args.push("--no-ledger");
    }
    let o = run(&args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    read_tree(out)
}

/// Builds `site` into `out` as of `as_of` without touching a ledger, and returns how it
/// went (for tests that read what a build said).
pub fn build_output(site: &Path, out: &Path, as_of: &str) -> Output {
    run(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        as_of,
        "--no-ledger",
    ])
}

/// Every file of a tree: relative path → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

pub fn read_tree(root: &Path) -> Files {
    let mut files = Files::new();
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    files
}

pub fn text(files: &Files, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

/// Paths of the files whose bytes contain `needle`.
pub fn files_containing(files: &Files, needle: &str) -> Vec<String> {
    let n = needle.as_bytes();
    files
        .iter()
        .filter(|(_, b)| b.windows(n.len()).any(|w| w == n))
        .map(|(p, _)| p.clone())
        .collect()
}

/// The example site of the repository (site.yaml and content/) in a temporary folder.
pub fn copy_example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}
