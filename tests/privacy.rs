//! Privacy (data contract §9) and escaping of every value from data.
mod common;
use common::*;

const ID: &str = "11010519491231002X";

fn person_penalty(extra_facts: &str) -> String {
    format!(
        "- decision_no: 罚自然人1号\n  party: 张三丰\n  party_type: person\n  id_number: \"{ID}\"\n  address: 钢城区幸福路88号\n  phone: \"13800138000\"\n  violation_type: 超限运输\n  facts: 驾驶车辆超限{extra_facts}\n  basis: 依据\n  categories: [罚款]\n  content: 罚款\n  decided: 2025-05-01\n  severity: general\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n"
    )
}

#[test]
fn natural_persons_are_masked_and_private_fields_never_written() {
    let s = Site::new("https://example.gov.cn/");
    s.write("content/penalties/p.yaml", &person_penalty(""));
    let files = s.build_ok("2025-06-01");
    for secret in [ID, "钢城区幸福路88号", "13800138000", "张三丰"] {
        assert_eq!(
            files_containing(&files, secret),
            Vec::<String>::new(),
            "{secret} leaked"
        );
    }
    assert!(
        !files_containing(&files, "张某某").is_empty(),
        "masked name shown"
    );
    assert!(
        files
            .keys()
            .all(|k| !k.starts_with("entities/") || k == "entities/index.html"),
        "no entity page for a person"
    );
    assert!(
        !files_containing(&files, "罚自然人1号").is_empty(),
        "the penalty itself is published"
    );
}

#[test]
fn an_id_number_in_published_text_is_an_error_with_its_location() {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/p.yaml",
        &person_penalty(&format!("，身份证{ID}")),
    );
    s.write(
        "content/about.md",
        &format!("---\ntitle: 关于\n---\n联系人证件 {ID}\n"),
    );
    let o = s.build("2025-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/penalties/p.yaml:8:"), "{err}");
    assert!(err.contains("content/about.md:4:"), "{err}");
    assert!(!s.out().exists(), "nothing written");
}

#[test]
fn data_values_are_escaped_everywhere() {
    let s = Site::new("https://example.gov.cn/");
    let evil = "<script>alert(1)</script>";
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚〔2025〕1号",
            &format!("\"{evil}运输公司\""),
            ACME,
            "2025-05-01",
            "general",
            "",
        ),
    );
    s.write("content/grades/g.yaml", &format!("batch:\n  title: \"<b>批次</b>\"\n  scale: road\n  domain: 道路\n  period: 2025\n  authority: 局\n  published: 2025-01-01\nrecords:\n  - name: \"{evil}\"\n    uscc: {BETA}\n    grade: AA\n"));
    let files = s.build_ok("2025-06-01");
    for (path, bytes) in &files {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let t = String::from_utf8_lossy(bytes);
            assert!(!t.contains("<script>alert"), "{path} carries raw markup");
            assert!(!t.contains("<b>批次"), "{path} carries raw markup");
        }
    }
    let entity = text(&files, &format!("entities/{ACME}/index.html"));
    assert!(
        entity.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || entity.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{entity}"
    );
}
