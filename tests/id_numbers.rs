//! A personal ID number hidden any way a person or an attacker might (YAML escapes and
//! block scalars, aliases, Unicode digits and invisible characters, Markdown markup,
//! markup and escapes in attachments, PDF filters and font maps) is found by `check`,
//! with its file and line, and `build` agrees: it fails and writes nothing.
mod common;
use common::*;
use std::io::Write;

const ID: &str = "11010519491231002X";

fn site_with(files: &[(&str, &[u8])]) -> Site {
    let s = Site::new("https://example.gov.cn/");
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", "甲运输有限公司", ACME, "2025-01-02", "general", ""),
    );
    for (rel, bytes) in files {
        let p = s.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    s
}

/// `check` fails naming `at` (`file:line:` or just the file), and `build` fails too.
fn refused(s: &Site, at: &str, case: &str) {
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{case}: check passed\n{err}");
    assert!(
        err.lines()
            .any(|l| l.contains(at) && l.contains("personal ID number")),
        "{case}: not reported at {at}\n{err}"
    );
    let b = s.build("2025-06-01");
    assert_eq!(b.status.code(), Some(1), "{case}: build passed");
    assert!(!s.out().exists(), "{case}: output written");
}

/// A person's penalty whose `facts:` is `facts` (may span lines, indented by two).
fn person_penalty(facts: &str) -> String {
    format!(
        "- decision_no: 罚2号\n  party: 王小明\n  party_type: person\n  id_number: &idn \"{ID}\"\n  violation_type: 未按规定年审\n  facts: {facts}\n  basis: 依据\n  categories: [罚款]\n  content: 罚款\n  decided: 2025-05-01\n  severity: general\n  authority: 测试交通运输局\n  authority_uscc: {AUTH}\n"
    )
}

#[test]
fn data_values_are_searched_as_yaml_reads_them() {
    let math: String = "𝟏𝟏𝟎𝟏𝟎𝟓𝟏𝟗𝟒𝟗𝟏𝟐𝟑𝟏𝟎𝟎𝟐X".into();
    let arabic: String = ID
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x660 + d).unwrap(),
            None => c,
        })
        .collect();
    let cases: Vec<(&str, String)> = vec![
        ("escaped soft hyphen", r#""证件号1101\u00ad0519491231002X""#.into()),
        ("soft hyphen", "证件号1101\u{ad}0519491231002X".into()),
        ("left-to-right mark", "证件号110105\u{200e}19491231002X".into()),
        ("invisible separator", "证件号110105\u{2063}19491231002X".into()),
        ("dashes", "证件号110105-19491231-002X".into()),
        ("dots", "证件号110105.19491231.002X".into()),
        ("folded block", ">\n    证件号110105\n    19491231002X".into()),
        ("literal block", "|\n    证件号110105\n    19491231002X".into()),
        ("continued line", "证件号11010519\n    491231002X".into()),
        ("deeply indented line", "证件号11010519\n              491231002X".into()),
        ("escaped full-width", r#""\uFF11\uFF11\uFF10\uFF11\uFF10\uFF15\uFF11\uFF19\uFF14\uFF19\uFF11\uFF12\uFF13\uFF11\uFF10\uFF10\uFF12X""#.into()),
        ("mathematical digits", math),
        ("Arabic-Indic digits", arabic),
        ("escaped old number", r#""\u0031\u00310105491231002""#.into()),
        ("alias of the ID", "*idn".into()),
        // Punctuation between the groups, and other numerals (an attacker's review).
        ("commas", "\"当事人110105,19491231,002X\"".into()),
        ("full-width commas", "当事人110105，19491231，002X".into()),
        ("enumeration commas", "当事人110105、19491231、002X".into()),
        ("colons", "\"当事人110105:19491231:002X\"".into()),
        ("brackets", "当事人（110105）19491231（002X）".into()),
        ("Chinese numerals", "当事人一一〇一〇五一九四九一二三一〇〇二X".into()),
        ("financial numerals", "当事人壹壹零壹零伍壹玖肆玖壹贰叁壹零零贰X".into()),
        ("circled digits", "当事人①①⓪①⓪⑤①⑨④⑨①②③①⓪⓪②X".into()),
        // Beside other digits (an acceptance tester's: only the output guard refused
        // these, naming output files, and only once every other problem was fixed).
        ("after a phone area code", "经办人电话0531 110105 19491231002X".into()),
        ("after a year in brackets", "钢城交罚〔2026〕11010519491231002X号".into()),
        ("before other digits", "证件号11010519491231002X 0531".into()),
    ];
    for (case, facts) in cases {
        let s = site_with(&[]);
        s.write("content/penalties/q.yaml", &person_penalty(&facts));
        refused(&s, "content/penalties/q.yaml:6:", case);
    }
    // A flow mapping whose line starts with id_number: the rest of it is still read.
    let s = site_with(&[]);
    s.write(
        "content/penalties/q.yaml",
        &format!("- {{decision_no: 罚2号, party: 王小明, party_type: person,\n   id_number: \"{ID}\", facts: 当事人证件号 110105 19491231002X 驾驶车辆,\n   violation_type: x, basis: x, categories: [罚款], content: x, decided: 2025-05-01,\n   severity: general, authority: 测试交通运输局, authority_uscc: {AUTH}}}\n"),
    );
    refused(&s, "content/penalties/q.yaml:2:", "flow mapping");
}

/// A code field holds codes, so a 15-digit number there is not taken for an old-style
/// ID number; but a person's licence or certificate number is often the holder's ID
/// number, so for a person it is (found by an audit: it was published and searchable).
#[test]
fn an_old_style_id_number_as_a_persons_licence_number_is_found() {
    let licence = |party_type: &str, uscc: &str| {
        format!("- decision_no: 许1号\n  document_name: 许可决定书\n  party: 李四光\n  party_type: {party_type}\n{uscc}  category: 普通\n  certificate: 从业资格证\n  licence_no: \"370117751209035\"\n  content: 准予从事道路运输\n  decided: 2025-01-15\n  authority: 局\n  authority_uscc: {AUTH}\n")
    };
    let s = site_with(&[]);
    s.write("content/licences/l.yaml", &licence("person", ""));
    refused(&s, "content/licences/l.yaml:7:16:", "a person's licence_no");
    // The same number as a company's licence number is a code.
    let s = site_with(&[]);
    s.write(
        "content/licences/l.yaml",
        &licence("legal", &format!("  uscc: {BETA}\n")),
    );
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn pages_are_searched_as_they_render() {
    for (case, body) in [
        (
            "entity zero-width space",
            "证件号1101&#8203;0519491231002X\n",
        ),
        ("entity soft hyphen", "证件号1101&shy;0519491231002X\n"),
        ("entity digit", "证件号&#49;1010519491231002X\n"),
        ("paragraph over two lines", "证件号11010519\n491231002X\n"),
        ("hard break", "证件号11010519\\\n491231002X\n"),
        ("code span", "证件号1101`0519`491231002X\n"),
        ("link text", "证件号[1101](a/)0519491231002X\n"),
        ("strikethrough", "证件号1101~~0519~~491231002X\n"),
        ("escaped hyphen", "证件号1101\\-0519491231002X\n"),
        ("HTML comment", "证件号1101<!-- x -->0519491231002X\n"),
        (
            "percent-encoded link",
            "[a](https://x.example/?id=%31%31010519491231002X)\n",
        ),
    ] {
        let s = site_with(&[]);
        s.write(
            "content/notes.md",
            &format!("---\ntitle: 说明\n---\n\n{body}"),
        );
        refused(&s, "content/notes.md:5", case);
    }
    let s = site_with(&[]);
    s.write(
        "content/notes.md",
        "---\ntitle: \"1101\\u00ad0519491231002X\"\n---\n\n正文\n",
    );
    refused(&s, "content/notes.md:2:", "front matter escape");
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xff, 0xfe];
    b.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    b
}

/// The site's own theme is searched too, each file with its line: the output guard
/// reads only the exact form and names only the output file.
#[test]
fn theme_files_are_searched_like_data() {
    let s = site_with(&[(
        "themes/default/templates/partials/footer.html",
        "<footer>\n  联系人证件 110105，19491231，002X\n</footer>\n".as_bytes(),
    )]);
    refused(&s, "partials/footer.html:2:9", "template");
    let s = site_with(&[(
        "themes/default/static/notice.txt",
        "证件号 110105 19491231 002X\n".as_bytes(),
    )]);
    refused(&s, "static/notice.txt", "static file");
    // A 15-digit run in a theme's script (no check digit to tell it from one) is not.
    let s = site_with(&[(
        "themes/default/static/js/vendor.js",
        b"var k=221111111111110;/* 1,2,3 */".as_slice(),
    )]);
    let b = s.build("2025-06-01");
    assert!(b.status.success(), "{}", stderr(&b));
}

/// What else the theme and site.yaml put on the site: a theme file's name, a PDF form
/// in the theme, site.yaml's own values (on every page), and a theme folder whose name
/// is not UTF-8 (it would lose its name and land at the output's root).
#[test]
fn theme_names_documents_and_site_yaml_are_searched_too() {
    let pdf_form = pdf(
        "/Filter /FlateDecode",
        &deflate(format!("BT ({ID}) Tj ET").as_bytes()),
        b"",
    );
    let s = site_with(&[(&format!("themes/default/static/{ID}.txt"), b"x".as_slice())]);
    refused(&s, &format!("static/{ID}.txt"), "theme file name");
    let s = site_with(&[("themes/default/static/form.pdf", pdf_form.as_slice())]);
    refused(&s, "static/form.pdf", "theme PDF");
    let s = site_with(&[]);
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}description: 联系人 1101 0519 4912 3100 2X\n"),
    );
    refused(&s, "site.yaml:", "site.yaml");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let s = site_with(&[]);
        let bad = std::ffi::OsStr::from_bytes(b"d\xfe");
        let dir = s.path().join("themes/default/static").join(bad);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>HIJACKED</h1>").unwrap();
        let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
        assert!(!s.build("2025-06-01").status.success());
        assert!(!s.out().exists());
    }
}

#[test]
fn markup_and_office_attachments_are_read_as_shown() {
    let doc = |xml: &str| {
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", xml.as_bytes()),
        ])
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a.html", b"<p>&#49;1010519491231002X</p>".to_vec()),
        ("b.html", b"<p>1101<b>0519491231002X</b></p>".to_vec()),
        (
            "c.svg",
            b"<svg><text>1101<tspan>0519491231002X</tspan></text></svg>".to_vec(),
        ),
        ("d.xml", b"<r>&#x31;1010519491231002X</r>".to_vec()),
        ("e.json", br#"{"id": "\u00311010519491231002X"}"#.to_vec()),
        // As a browser reads them: no `;`, any number of zeros, `&shy` without `;`.
        ("k.html", b"<p>1101051949123100&#50X</p>".to_vec()),
        (
            "l.html",
            format!("<p>&#{}49;1010519491231002X</p>", "0".repeat(70)).into_bytes(),
        ),
        ("m.HTML", b"<p>110105&shy19491231002X</p>".to_vec()),
        // What a reader shows and the first scan did not (an attacker's review): a
        // comment between digits, entities the document declares, RTF escapes,
        // UTF-32 text, JavaScript's other escapes.
        ("n.html", b"<p>1101<!-- x -->0519491231002X</p>".to_vec()),
        (
            "o.svg",
            br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "1101051949"><!ENTITY b "1231002X">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;&b;</text></svg>"#.to_vec(),
        ),
        ("p.rtf", br"{\rtf1 \'3110105\u49?9491231002X}".to_vec()),
        (
            "q.txt",
            [0xFF, 0xFE, 0, 0]
                .into_iter()
                .chain(format!("ID {ID}").chars().flat_map(|c| (c as u32).to_le_bytes()))
                .collect(),
        ),
        ("r.js", br#"var id = "\x311010519491231002X";"#.to_vec()),
        ("f.txt", b"ID 11010519\n491231002X\n".to_vec()),
        (
            "g.docx",
            doc("<w:p><w:t>&#0000000049;1010519491231002X</w:t></w:p>"),
        ),
        (
            "h.docx",
            doc("<w:p><w:t><![CDATA[1101]]>0519491231002X</w:t></w:p>"),
        ),
        (
            "i.docx",
            zip_of(&[(
                "word/document.xml",
                &utf16le(&format!("<w:p><w:t>{ID}</w:t></w:p>")),
            )]),
        ),
        (
            "j.docx",
            zip_of(&[("word/document.bin", format!("<w:t>{ID}</w:t>").as_bytes())]),
        ),
    ];
    for (name, bytes) in &cases {
        let rel = format!("content/files/{name}");
        let s = site_with(&[(&rel, bytes)]);
        refused(&s, &rel, name);
    }
}

/// A PDF of one stream with dictionary entries `dict` and `data`.
fn pdf(dict: &str, data: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    out.extend_from_slice(extra);
    out.extend_from_slice(format!("\n4 0 obj\n<< {dict} >>\nstream\n").as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

fn hex(data: &[u8]) -> Vec<u8> {
    let mut s: String = data.iter().map(|b| format!("{b:02x}")).collect();
    s.push('>');
    s.into_bytes()
}

/// ASCII85 (PDF 32000-1 §7.4.3), written out for the test.
fn a85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut v = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (v % 85) as u8 + b'!';
            v /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

#[test]
fn pdf_filters_and_font_maps_are_read() {
    let text = format!("BT /F1 12 Tf ({ID}) Tj ET");
    let content = text.as_bytes();
    // PNG "up" predictor over rows of 4 bytes: each row is filter byte 2 + differences.
    let mut predicted = Vec::new();
    let mut prev = [0u8; 4];
    for row in content.chunks(4) {
        let mut r = [0u8; 4];
        r[..row.len()].copy_from_slice(row);
        predicted.push(2);
        predicted.extend(r.iter().zip(prev).map(|(a, b)| a.wrapping_sub(b)));
        prev = r;
    }
    // Glyph numbers 0x0010 + digit through a ToUnicode CMap, as Chinese PDFs show text.
    let glyphs: String = ID
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => format!("{:04x}", 0x10 + d),
            None => "0020".into(),
        })
        .collect();
    let cmap = deflate(b"/CIDInit /ProcSet findresource begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0010> <0019> <0030> endbfrange 1 beginbfchar <0020> <0058> endbfchar endcmap");
    let cmap_obj = {
        let mut o = format!(
            "5 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
            cmap.len()
        )
        .into_bytes();
        o.extend_from_slice(&cmap);
        o.extend_from_slice(b"\nendstream\nendobj");
        o
    };
    let differences = "3 0 obj << /Type /Encoding /Differences [ 97 /one /zero /five /nine /four /two /three /X ] >> endobj";
    let mapped: String = ID
        .chars()
        .map(|c| match c {
            '1' => 'a',
            '0' => 'b',
            '5' => 'c',
            '9' => 'd',
            '4' => 'e',
            '2' => 'f',
            '3' => 'g',
            _ => 'h',
        })
        .collect();
    let utf16_title: String = std::iter::once("FEFF".to_string())
        .chain(ID.chars().map(|c| format!("{:04X}", c as u32)))
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("ascii85", pdf("/Filter /ASCII85Decode", &a85(content), b"")),
        (
            "asciihex",
            pdf("/Filter /ASCIIHexDecode", &hex(content), b""),
        ),
        (
            "chain",
            pdf(
                "/Filter [/ASCIIHexDecode /FlateDecode]",
                &hex(&deflate(content)),
                b"",
            ),
        ),
        (
            "decode params",
            pdf(
                "/Filter /FlateDecode /DecodeParms << /Predictor 1 >>",
                &deflate(content),
                b"",
            ),
        ),
        (
            "png predictor",
            pdf(
                "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
                &deflate(&predicted),
                b"",
            ),
        ),
        (
            "nested image dictionary",
            pdf(
                "/Filter /FlateDecode /X << /Subtype /Image >>",
                &deflate(content),
                b"",
            ),
        ),
        (
            "utf-16 title",
            format!("%PDF-1.4\n1 0 obj << /Title <{utf16_title}> >> endobj\n%%EOF\n").into_bytes(),
        ),
        (
            "to-unicode cmap",
            pdf(
                "/Filter /FlateDecode",
                &deflate(format!("BT /F1 12 Tf <{glyphs}> Tj ET").as_bytes()),
                &cmap_obj,
            ),
        ),
        (
            "differences",
            pdf(
                "",
                format!("BT /F1 12 Tf ({mapped}) Tj ET").as_bytes(),
                differences.as_bytes(),
            ),
        ),
    ];
    for (case, bytes) in &cases {
        let s = site_with(&[("content/files/a.pdf", bytes)]);
        refused(&s, "content/files/a.pdf", case);
    }
    // A font with glyph numbers and no Unicode map cannot be read: said, not refused.
    let s = site_with(&[(
        "content/files/a.pdf",
        &pdf("/Type /Font /Encoding /Identity-H", b"", b""),
    )]);
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("fonts without a Unicode map"),
        "{}",
        stderr(&o)
    );
}

/// A file large enough to be decoded in pieces: `n` penalties, with `facts` of the
/// record at `at` replaced.
fn large_penalty_file(n: usize, at: usize, facts: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let r = penalty(
                &format!("大{i}号"),
                "甲运输有限公司",
                ACME,
                "2025-01-02",
                "general",
                "",
            );
            if i == at {
                r.replace("facts: 违法事实", &format!("facts: {facts}"))
            } else {
                r
            }
        })
        .collect()
}

#[test]
fn a_large_file_is_checked_whole_however_it_is_decoded() {
    let facts = "经查，当事人身份证号110105-19491231-002X";
    let records = large_penalty_file(2000, 1800, facts);
    let text = records.concat();
    assert!(text.len() > 600 * 1024, "{} bytes", text.len());
    let s = site_with(&[]);
    s.write("content/penalties/big.yaml", &text);
    let line = text[..text.find(facts).unwrap()].lines().count();
    refused(
        &s,
        &format!("content/penalties/big.yaml:{line}:"),
        "in a late piece",
    );

    // A document end before a later record: the file is two documents, which is an
    // error however large the file is (read in pieces, each would have passed).
    let (head, tail) = records.split_at(1200);
    let s = site_with(&[]);
    s.write(
        "content/penalties/big.yaml",
        &format!("{}...\n{}", head.concat(), tail.concat()),
    );
    let o = run(&["check", s.path().to_str().unwrap(), "--as-of", "2025-06-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/penalties/big.yaml"));
    assert_eq!(s.build("2025-06-01").status.code(), Some(1));
    assert!(!s.out().exists());
}

/// Lists of dates and numbers are not taken for ID numbers when a number may begin
/// at a later group of digits (a reviewer's finding: a page with a table of dates, a
/// CSV attachment, and a script's table of code points were refused).
#[test]
fn lists_of_dates_and_numbers_are_not_id_numbers() {
    let s = site_with(&[
        (
            "content/notices/dates.md",
            "---\ntitle: 日期\n---\n| 决定 | 公示 | 截止 |\n|---|---|---|\n| 2020-12-07 | 2020-12-07 | 2099-12-31 |\n".as_bytes(),
        ),
        (
            "content/notices/dates.csv",
            b"2020-12-07,2020-12-07,2099-12-31\n2021-01-05,2021-01-05,2099-12-31\n",
        ),
        ("themes/default/static/js/ranges.js", b"var r = [131072, 196605, 196608, 262141];\n"),
    ]);
    s.build_ok("2025-06-01");
}

/// A number a template computes is found only by the output guard, on every page it
/// is on: the first ten output files are named, then how many more, and the hint
/// says that a template makes it when `check` finds nothing (an acceptance tester got
/// one line per page and a hint pointing at content/).
#[test]
fn a_number_a_template_computes_is_refused_in_a_few_lines() {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap()
    // 185061599500505616 * 2 + 1 = 370123199001011233, a valid ID number.
    .replace(
        "</body>",
        "<p>{{ 185061599500505616 * 2 + 1 }}</p>\n</body>",
    );
    let s = site_with(&[("themes/default/templates/base.html", base.as_bytes())]);
    let b = s.build("2025-06-01");
    let err = stderr(&b);
    assert_eq!(b.status.code(), Some(1), "{err}");
    let named = err
        .lines()
        .filter(|l| l.contains("output would contain a personal ID number"))
        .count();
    assert_eq!(named, 10, "{err}");
    assert!(err.contains("more output files not named here"), "{err}");
    assert_eq!(err.matches("a template makes it").count(), 1, "{err}");
    assert!(!s.out().exists(), "nothing written");
}

/// Found by an audit: an ID number split over two paragraphs or two list items of a
/// Markdown page was published, where a soft line break between its parts is caught.
/// A reader sees the parts one under the other.
#[test]
fn an_id_number_split_over_paragraphs_or_list_items_is_refused() {
    for (case, body) in [
        ("paragraphs", "370117\n\n198712210472\n"),
        ("list items", "- 370117\n- 198712210472\n"),
        (
            "table cells",
            "| a | b |\n|---|---|\n| 370117 | 198712210472 |\n",
        ),
    ] {
        let page = format!("---\ntitle: 说明\n---\n{body}");
        let s = site_with(&[("content/notices/a.md", page.as_bytes())]);
        refused(&s, "content/notices/a.md:", case);
    }
    // Numbers that happen to follow one another but make no ID number pass.
    let page = "---\ntitle: 说明\n---\n罚款 2000 元\n\n文号 20240302\n";
    let s = site_with(&[("content/notices/b.md", page.as_bytes())]);
    assert!(s.build("2025-06-01").status.success());
}
