//! Every registered kind of dataset is complete: what the compiler cannot check about
//! a new kind (its templates, its place in the example site, its exports, its search
//! documents, its incremental preview) is checked here once for all kinds.
mod common;
use common::*;
use gongshi::model::Day;
use gongshi::registered;
use gongshi::serve::{ChangeSet, Preview, Store};
use gongshi::theme::DEFAULT_THEME;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-23";

fn theme_file(name: &str) -> String {
    let (_, bytes) = DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == name)
        .unwrap_or_else(|| panic!("{name} is not in the default theme"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn keys_sections_and_search_kinds_are_distinct() {
    let mut seen = HashSet::new();
    for kind in registered() {
        assert!(seen.insert(format!("key {}", kind.key)), "{}", kind.key);
        for s in kind.sections {
            assert!(seen.insert(format!("section {s}")), "section {s} twice");
            assert!(!["entities", "search", "data"].contains(s), "{s} is taken");
        }
        let search = kind.search;
        assert!(
            seen.insert(format!("search {}", search.key)),
            "{}",
            search.key
        );
        assert!(
            seen.insert(format!("rank {}", search.rank)),
            "rank {}",
            search.rank
        );
        assert!(
            seen.insert(format!("short {}", kind.short)),
            "{}",
            kind.short
        );
    }
}

#[test]
fn the_default_theme_shows_every_kind() {
    let entity = theme_file("templates/entity.html");
    let base = theme_file("templates/base.html");
    let data = theme_file("templates/data.html");
    let home = theme_file("templates/index.html");
    for kind in registered() {
        let key = kind.key;
        assert!(
            entity.contains(&format!("entity.{key}")),
            "entity.html has no section for {key}"
        );
        assert!(
            data.contains(&format!("data/{key}.csv")),
            "data.html lacks {key}"
        );
        // Its main section (the first) is in the menu and on the home page.
        let link = format!("{{{{ root }}}}{}/", kind.sections[0]);
        assert!(base.contains(&link), "no menu entry for {link}");
        assert!(
            home.contains(&link),
            "the home page does not lead to {link}"
        );
    }
}

#[test]
fn the_example_site_publishes_every_kind_everywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let files = build_into(root, &out.path().join("o"), AS_OF);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["search/manifest.json"]).unwrap();
    let sitemap = text(&files, "sitemap.xml");
    for kind in registered() {
        let key = kind.key;
        let data_files = walkdir::WalkDir::new(root.join("content").join(key))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .count();
        assert!(data_files > 0, "the example site has no content/{key}/");
        let rows: serde_json::Value =
            serde_json::from_slice(&files[&format!("data/{key}.json")]).unwrap();
        assert!(
            !rows.as_array().unwrap().is_empty(),
            "data/{key}.json is empty"
        );
        assert!(files.contains_key(&format!("data/{key}.csv")));
        for (i, s) in kind.sections.iter().enumerate() {
            let pages = files
                .keys()
                .filter(|k| k.starts_with(&format!("{s}/")) && k.ends_with("index.html"))
                .count();
            // The main section has an index and a page per record or group.
            assert!(pages > usize::from(i == 0), "/{s}/ has {pages} pages");
            assert!(
                sitemap.contains(&format!("/xyjt/{s}/")),
                "sitemap lacks /{s}/"
            );
        }
        let search = kind.search;
        let entry = manifest["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["key"] == search.key)
            .unwrap_or_else(|| panic!("manifest lacks {}", search.key));
        assert!(
            entry["to"].as_u64() > entry["from"].as_u64(),
            "no {} documents",
            search.key
        );
    }
}

fn day() -> Day {
    Day::parse(AS_OF).unwrap()
}

fn assert_same_as_build(store: &Store, site: &Path, what: &str) {
    let out = tempfile::tempdir().unwrap();
    let built = build_into(site, &out.path().join("out"), AS_OF);
    let served = store.snapshot();
    let differ: Vec<&String> = built
        .keys()
        .chain(served.keys())
        .filter(|k| built.get(*k) != served.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: preview and build differ in {differ:?}"
    );
}

#[test]
fn every_kind_previews_exactly_what_a_build_writes() {
    let dir = copy_example_site();
    let site = dir.path();
    let store = Store::default();
    let (mut preview, _) = Preview::open(site, day(), &store).unwrap();
    for kind in registered() {
        let folder = site.join("content").join(kind.key);
        let file: PathBuf = walkdir::WalkDir::new(&folder)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .find(|p| p.extension().is_some_and(|x| x == "yaml"))
            .unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        let mut changes = ChangeSet::default();
        changes.content.insert(file.clone());

        std::fs::remove_file(&file).unwrap();
        preview.apply(&changes, &store).unwrap();
        assert_same_as_build(&store, site, &format!("{} removed", kind.key));

        std::fs::write(&file, text).unwrap();
        preview.apply(&changes, &store).unwrap();
        assert_same_as_build(&store, site, &format!("{} restored", kind.key));
    }
}
