//! Property tests over what reads untrusted input: the YAML loader of every kind, the
//! front-matter splitter, the Markdown link filter, the preview's URL resolver and the
//! ID-number search. Whatever the input: no panic, and every problem names the file.
//!
//! They run with a fixed seed so that CI is repeatable (`cargo test fuzz`, well under a
//! minute). For a release, run longer and with new seeds:
//! `PROPTEST_CASES=200000 PROPTEST_RNG_SEED=$RANDOM cargo test --release fuzz`.

use crate::config::{load_config, SiteConfig};
use crate::diag::Diagnostics;
use crate::kinds::{CheckCx, REGISTRY};
use crate::load::{load_page, SourceText};
use crate::model::Day;
use crate::scan::{find_written_id_number, Forms};
use crate::serve::http::{resolve, Resolved};
use crate::views::markdown_to_html;
use crate::yaml::StandIn;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Fixed seed, `cases` cases, unless the environment says otherwise.
pub(crate) fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6f6e_6773_6869);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A site configuration to check against (read once from a temporary site).
pub(crate) fn site_config() -> &'static SiteConfig {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::write(
            dir.join("site.yaml"),
            "title: T\nbase_url: https://x.gov.cn/xyjt/\nauthority:\n  name: A\n  uscc: 11370117MB2854771J\ngrade_scales:\n  road:\n    name: R\n    grades:\n      - { code: AA, min_score: 90 }\n      - { code: A }\n",
        )
        .unwrap();
        load_config(&dir, None).unwrap().0
    })
}

/// Text that looks like the contract's YAML often enough to reach the decoders'
/// deeper paths: keys of every kind, dates, codes, brackets, quotes, indentation.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("- ".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just(": ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("#".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("2024-03-02".to_string()),
        Just("91350100M000100Y43".to_string()),
        Just("11010519491231002X".to_string()),
        prop::sample::select(vec![
            "decision_no",
            "party",
            "party_type",
            "uscc",
            "violation_type",
            "facts",
            "basis",
            "categories",
            "content",
            "decided",
            "severity",
            "authority",
            "authority_uscc",
            "batch",
            "records",
            "list",
            "entries",
            "kind",
            "name",
            "grade",
            "score",
            "title",
            "scale",
            "published",
            "objection",
            "revoked",
            "repaired",
            "id",
            "type",
            "signed",
            "fulfilment",
            "status",
            "legal",
            "person",
            "general",
            "minor",
            "honour",
        ])
        .prop_map(str::to_string),
        "\\PC{0,6}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

fn assert_names_file(diags: &Diagnostics, file: &Path) {
    for d in diags.iter() {
        assert_eq!(d.file, file, "{d}");
        assert!(!d.message.is_empty());
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn fuzz_every_kind_decodes_and_checks_anything(text in yamlish()) {
        let path = PathBuf::from("content/x/a.yaml");
        let src = SourceText { path: path.clone(), text };
        let cx = CheckCx { config: site_config(), as_of: Day::parse("2026-01-01").unwrap() };
        for kind in REGISTRY {
            let mut diags = Diagnostics::new();
            if let Some(data) = kind.decode(cx.config, &src, "a", &mut diags) {
                kind.check(&cx, &src, data.as_ref(), &mut diags);
            }
            // The records that did not decode, with each set of stand-ins.
            for which in [StandIn::First, StandIn::Second] {
                if let Some(data) = kind.stood_in(cx.config, &src, "a", which) {
                    kind.check(&cx, &src, data.as_ref(), &mut diags);
                }
            }
            assert_names_file(&diags, &path);
        }
    }

    #[test]
    fn fuzz_front_matter_splitter(front in yamlish(), body in "\\PC{0,80}", dashes in 0usize..3) {
        let fence = "---\n".repeat(dashes);
        let text = format!("{fence}{front}\n---\n{body}");
        let path = PathBuf::from("content/p.md");
        let mut diags = Diagnostics::new();
        let src = SourceText { path: path.clone(), text };
        let _ = load_page(src, Path::new("p.md"), &mut diags);
        assert_names_file(&diags, &path);
    }

    #[test]
    fn fuzz_links_never_render_a_script(
        scheme in prop::sample::select(vec!["javascript", "JavaScript", "java\tscript", " vbscript", "data", "file", "https", "mailto", ""]),
        rest in "\\PC{0,20}",
        image in any::<bool>(),
    ) {
        let dest = format!("{scheme}:{rest}").replace(['(', ')', ' '], "");
        let md = if image { format!("![x]({dest})") } else { format!("[x]({dest}) <{dest}>") };
        let html = markdown_to_html(&md, crate::views::LinkBase { root: "../", base_path: "/x/", own: None }).to_ascii_lowercase();
        for bad in ["href=\"javascript", "href=\"vbscript", "href=\"data:", "href=\"file:", "src=\"http", "src=\"data:", "src=\"javascript"] {
            prop_assert!(!html.contains(bad), "{md} → {html}");
        }
    }

    #[test]
    fn fuzz_a_link_to_the_sites_own_files_leads_only_to_them(
        before in prop::sample::select(vec!["", "/", "/x/", "//", "../", "./", "../../", "a/../", "%2E%2E/", "\\"]),
        name in prop::sample::select(vec!["a.md", "g/a.md", "d.md", "i.png", "g/i.png", "../i.png", "b/index.html", "A.MD", "a", "a.md/"]),
        after in "[a-z./%#?:]{0,6}",
    ) {
        let mut files = crate::views::md_links::LinkTargets::new(["penalties", "data"]);
        files.add_page("g/a.md", "g/a/", false);
        files.add_page("a.md", "a/", false);
        files.add_page("g/b.md", "g/b/", false);
        files.add_page("g/d.md", "g/d/", true);
        files.add_file("g/i.png");
        files.add_file("i.png");
        files.add_file("b/index.html");
        let dest = format!("{before}{name}{after}");
        if let Some(target) = files.site_target("g/b.md", "g/b/", "/x/", &dest) {
            let path = target.split(['?', '#']).next().unwrap_or("");
            prop_assert!(["g/a/", "a/", "g/i.png", "i.png", "b/index.html"].contains(&path), "{dest} → {target}");
            // Never a link the browser already reads as a page of the site.
            prop_assert!(!dest.starts_with("../b/index.html"), "{dest} → {target}");
        }
    }

    #[test]
    fn fuzz_the_url_resolver_stays_in_the_site(url in "(/|//|/xyjt/|/xyjt|)[\\PC%./\\\\:?#]{0,40}") {
        match resolve(&url, "/xyjt/", |_| true) {
            Resolved::File(p) => {
                prop_assert!(!p.starts_with('/') && !p.split('/').any(|c| c == ".." || c == ".") && !p.contains('\\'), "{url} → {p}");
            }
            Resolved::Redirect(to) => {
                prop_assert!(to.starts_with("/xyjt") && !to.starts_with("//"), "{url} → {to}");
            }
            Resolved::Internal(_) | Resolved::NotFound => {}
        }
    }

    #[test]
    fn fuzz_an_id_number_is_found_however_it_is_broken_up(
        cuts in prop::collection::vec((1usize..18, prop::sample::select(vec![
            " ", "\u{200b}", "**", "_", "\u{3000}", "\u{ad}", "\u{200e}", "\u{2063}", "\u{fe0f}",
            "-", ".", "/", "\n", "\u{2014}", "·",
        ])), 0..4),
        zero in prop::sample::select(vec![0x30u32, 0xff10, 0x1d7ce, 0x1d7ec, 0x660, 0x6f0, 0x966]),
        before in "[a-z\u{4e00}-\u{4e10} ]{0,5}",
        after in "[a-z\u{4e00}-\u{4e10} ]{0,5}",
    ) {
        // The standard's example number, in the digits of one script.
        let mut id: Vec<String> = "11010519491231002X"
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(zero + d).unwrap_or(c).to_string(),
                None => c.to_string(),
            })
            .collect();
        for (at, gap) in &cuts {
            id[*at] = format!("{gap}{}", id[*at]);
        }
        let before = if before.ends_with(|c: char| c.is_ascii_alphanumeric()) { format!("{before} ") } else { before };
        let after = if after.starts_with(|c: char| c.is_ascii_alphanumeric()) { format!(" {after}") } else { after };
        let text = format!("{before}{}{after}", id.concat());
        prop_assert!(find_written_id_number(&text, Forms::ALL).is_some(), "{text:?}");
    }

    #[test]
    fn fuzz_the_id_search_takes_anything(text in "\\PC{0,200}") {
        let _ = find_written_id_number(&text, Forms::ALL);
    }

    #[test]
    fn fuzz_attachment_readers_take_anything(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        head in prop::sample::select(vec![&b"%PDF-1.4\n"[..], b"PK\x03\x04", b"", b"<html>"]),
        ext in prop::sample::select(vec!["pdf", "docx", "txt", "html", "json"]),
    ) {
        let mut file = head.to_vec();
        file.extend_from_slice(&bytes);
        let _ = crate::scan::scan_attachment(std::path::Path::new(&format!("a.{ext}")), &file);
    }

    #[test]
    fn fuzz_pdf_syntax_takes_anything(text in "(<<|>>|stream\n|endstream|/Filter|/FlateDecode|/ASCII85Decode|/DecodeParms|\\[|\\]|\\(|\\)|<[0-9a-f]{0,8}>|beginbfrange|/Differences| |[0-9]{1,3}|Tj|/Predictor 12)*") {
        let _ = crate::scan::scan_attachment(std::path::Path::new("a.pdf"), format!("%PDF-1.4\n{text}").as_bytes());
    }
}
