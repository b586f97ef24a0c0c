//! `gongshi gen-fixture`: a deterministic synthetic site of any size, for benchmarks
//! and scale tests. The same arguments always give the same files.

use crate::ident::uscc_check_char;
use crate::model::Day;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const REGIONS: &[&str] = &[
    "济南", "钢城", "莱芜", "章丘", "历城", "长清", "平阴", "济阳", "商河", "天桥", "槐荫", "市中",
    "历下", "泰安", "淄博", "聊城",
];
const WORDS: &[&str] = &[
    "恒通", "顺达", "安泰", "鑫源", "宏远", "通达", "永盛", "华信", "德润", "金桥", "鲁兴", "众成",
    "嘉禾", "联运", "瑞丰", "广汇", "凯旋", "东岳", "泉城", "泰和", "中正", "天元", "明德", "兴业",
    "富康", "长安", "海川", "新星", "远航", "博大",
];
const TRADES: &[&str] = &[
    "运输",
    "物流",
    "汽车运输",
    "货运",
    "客运",
    "驾驶员培训",
    "机动车维修",
    "公路工程",
    "建设工程",
    "道路养护",
    "出租汽车",
    "危险货物运输",
];
const SUFFIXES: &[&str] = &[
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "集团有限公司",
    "服务中心",
];
const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
const VIOLATIONS: &[(&str, &str)] = &[
    (
        "未按规定进行车辆年审",
        "《中华人民共和国道路运输条例》第七十条",
    ),
    ("超限运输", "《公路安全保护条例》第六十四条"),
    (
        "未取得道路运输经营许可擅自从事经营",
        "《中华人民共和国道路运输条例》第六十三条",
    ),
    (
        "未按规定维护和检测运输车辆",
        "《中华人民共和国道路运输条例》第七十条",
    ),
    (
        "安全生产管理制度不健全",
        "《中华人民共和国安全生产法》第九十七条",
    ),
];
const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A valid, unique USCC for enterprise number `i`.
pub fn synthetic_uscc(i: usize, seed: u64) -> String {
    let mut body = String::from("91370117");
    let mut n = (i as u64)
        .wrapping_mul(1_000_003)
        .wrapping_add(seed.wrapping_mul(7919))
        % 31u64.pow(9);
    let mut digits = [0u8; 9];
    for d in digits.iter_mut().rev() {
        *d = USCC_CHARS[(n % 31) as usize];
        n /= 31;
    }
    body.push_str(std::str::from_utf8(&digits).unwrap_or("000000000"));
    let check = uscc_check_char(&body).unwrap_or('0');
    body.push(check);
    body
}

/// A 居民身份证号 with a valid check digit (kept only in `id_number:`).
fn synthetic_id_number(rng: &mut Rng) -> String {
    let mut s = format!(
        "370117{}{:02}{:02}{:03}",
        1960 + rng.below(40),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000)
    );
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = s
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    s.push(b"10X98765432"[(sum % 11) as usize] as char);
    s
}

fn name(rng: &mut Rng) -> String {
    format!(
        "{}{}{}{}",
        rng.pick(REGIONS),
        rng.pick(WORDS),
        rng.pick(TRADES),
        rng.pick(SUFFIXES)
    )
}

fn day(rng: &mut Rng, from_year: i32, years: usize) -> Day {
    let start = Day::from_ymd(from_year, 1, 1).unwrap_or(Day(chrono::NaiveDate::MIN));
    Day(start.0 + chrono::Duration::days(rng.below(365 * years) as i64))
}

const SITE: &str = "title: 合成测试站点\nbase_url: https://www.example.gov.cn/xyjt/\nauthority:\n  name: 济南市钢城区城乡交通运输局\n  uscc: 11370117MB2854771J\ndisclosure:\n  rules: 2026\n  mask_person_names: true\n  paginate: 50\ngrade_scales:\n  road-transport:\n    name: 道路运输企业质量信誉等级\n    grades:\n      - { code: AAA, label: 优良, min_score: 850 }\n      - { code: AA, label: 合格, min_score: 700 }\n      - { code: A, label: 基本合格, min_score: 600 }\n      - { code: B, label: 不合格 }\n  highway-construction:\n    name: 公路施工企业信用评价等级\n    grades:\n      - { code: AA, min_score: 95 }\n      - { code: A, min_score: 85 }\n      - { code: B, min_score: 75 }\n      - { code: C, min_score: 60 }\n      - { code: D }\n";

fn write(dir: &Path, rel: &str, text: &str) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn grade_batches(dir: &Path, names: &[String], seed: u64, rng: &mut Rng) -> io::Result<()> {
    for (b, chunk) in names.chunks(10_000).enumerate() {
        let road = b % 2 == 0;
        let mut out = String::with_capacity(chunk.len() * 110);
        let _ = write!(
            out,
            "batch:\n  title: 第{}批信用评价结果\n  scale: {}\n  domain: {}\n  sector: {}\n  period: {}\n  authority: 济南市钢城区城乡交通运输局\n  published: {}\nrecords:\n",
            b + 1,
            if road { "road-transport" } else { "highway-construction" },
            if road { "道路运输" } else { "公路建设" },
            if road { "道路货运" } else { "公路施工" },
            2020 + (b % 6),
            Day::from_ymd(2020 + (b % 6) as i32, 4, 1).map(|d| d.to_string()).unwrap_or_default(),
        );
        for (i, n) in chunk.iter().enumerate() {
            let idx = b * 10_000 + i;
            let (grade, score) = if road {
                let s = 500 + rng.below(450);
                (
                    if s >= 850 {
                        "AAA"
                    } else if s >= 700 {
                        "AA"
                    } else if s >= 600 {
                        "A"
                    } else {
                        "B"
                    },
                    s,
                )
            } else {
                let s = 50 + rng.below(50);
                (
                    if s >= 95 {
                        "AA"
                    } else if s >= 85 {
                        "A"
                    } else if s >= 75 {
                        "B"
                    } else if s >= 60 {
                        "C"
                    } else {
                        "D"
                    },
                    s,
                )
            };
            let _ = write!(
                out,
                "  - name: {n}\n    uscc: \"{}\"\n    grade: {grade}\n    score: {score}\n",
                synthetic_uscc(idx, seed)
            );
        }
        write(
            dir,
            &format!("content/grades/batch-{:03}.yaml", b + 1),
            &out,
        )?;
    }
    Ok(())
}

fn penalties(
    dir: &Path,
    names: &[String],
    count: usize,
    seed: u64,
    rng: &mut Rng,
) -> io::Result<()> {
    let mut out = String::new();
    for i in 0..count {
        let person = i % 20 == 19;
        let e = rng.below(names.len());
        // Most decisions within the year before 2026-11-23, so that most are public then.
        let decided = if rng.below(100) < 85 {
            day(rng, 2025, 1).add_months(11)
        } else {
            day(rng, 2022, 3)
        };
        let severity = [
            "minor", "general", "general", "general", "general", "general", "general", "general",
            "serious", "serious",
        ][rng.below(10)];
        let (violation, basis) = VIOLATIONS[rng.below(VIOLATIONS.len())];
        let _ = writeln!(
            out,
            "- decision_no: 钢城交罚〔{}〕{}号",
            decided.year(),
            i + 1
        );
        if person {
            let _ = write!(
                out,
                "  party: {}{}\n  party_type: person\n  id_number: \"{}\"\n",
                rng.pick(SURNAMES),
                rng.pick(&["伟", "芳", "强", "磊", "静"]),
                synthetic_id_number(rng)
            );
        } else {
            let _ = write!(
                out,
                "  party: {}\n  party_type: legal\n  uscc: \"{}\"\n  legal_rep: {}某\n",
                names[e],
                synthetic_uscc(e, seed),
                rng.pick(SURNAMES)
            );
        }
        let fine = 1 + rng.below(50);
        let _ = write!(
            out,
            "  violation_type: {violation}\n  facts: 经查，当事人{violation}，违反相关规定。\n  basis: {basis}\n  categories: [罚款]\n  content: 罚款人民币{fine}千元\n  fine_wan: {}\n  decided: {decided}\n  severity: {severity}\n  authority: 济南市钢城区城乡交通运输局\n  authority_uscc: 11370117MB2854771J\n",
            fine as f64 / 10.0
        );
        if severity == "minor" && i % 3 == 0 {
            let _ = writeln!(out, "  publish_until: {}", decided.add_months(3));
        }
        if severity != "minor" && i % 10 == 0 {
            let _ = writeln!(
                out,
                "  repaired: {{ date: {}, note: 已履行并作出信用承诺 }}",
                decided.add_months(if severity == "serious" { 13 } else { 4 })
            );
        }
        if i % 50 == 7 {
            let _ = writeln!(
                out,
                "  revoked: {{ date: {}, note: 行政复议撤销 }}",
                decided.add_months(1)
            );
        }
        if (i + 1) % 1000 == 0 || i + 1 == count {
            write(
                dir,
                &format!("content/penalties/part-{:03}.yaml", i / 1000 + 1),
                &out,
            )?;
            out.clear();
        }
    }
    Ok(())
}

fn licences_and_lists(dir: &Path, names: &[String], seed: u64, rng: &mut Rng) -> io::Result<()> {
    let mut out = String::new();
    for i in 0..names.len() / 10 {
        let e = rng.below(names.len());
        let decided = day(rng, 2020, 6);
        let status = ["valid", "valid", "valid", "expired", "revoked"][rng.below(5)];
        // An expired licence ended before the usual as-of date of the benchmarks.
        let end = Day::from_ymd(2026, 6, 30).unwrap_or(decided);
        let valid_to = match status {
            "expired" => end.max(decided).to_string(),
            _ => "2099-12-31".to_string(),
        };
        let _ = write!(
            out,
            "- decision_no: 鲁交运管许可济字〔{}〕{:05}号\n  document_name: 道路运输经营许可决定书\n  party: {}\n  party_type: legal\n  uscc: \"{}\"\n  category: 普通\n  certificate: 道路运输经营许可证\n  licence_no: \"3701170{:05}\"\n  content: 道路普通货物运输\n  decided: {decided}\n  valid_from: {decided}\n  valid_to: {valid_to}\n  authority: 济南市钢城区城乡交通运输局\n  authority_uscc: 11370117MB2854771J\n  status: {status}\n",
            decided.year(),
            i + 1,
            names[e],
            synthetic_uscc(e, seed),
            i,
        );
    }
    write(dir, "content/licences/all.yaml", &out)?;
    for (k, kind) in ["honour", "black"].iter().enumerate() {
        let mut out = format!(
            "list:\n  kind: {kind}\n  title: 合成{}名单\n  authority: 济南市钢城区城乡交通运输局\n  basis: 认定依据\n  published: 2025-0{}-01\nentries:\n",
            if k == 0 { "红" } else { "黑" },
            k + 1
        );
        let step = (names.len() / 500).max(1);
        for e in (k..names.len()).step_by(step).take(500) {
            let _ = write!(
                out,
                "  - name: {}\n    uscc: \"{}\"\n    reason: 认定理由\n",
                names[e],
                synthetic_uscc(e, seed)
            );
        }
        write(dir, &format!("content/lists/{kind}.yaml"), &out)?;
    }
    Ok(())
}

const PLEDGE_TYPES: &[&str] = &[
    "approval",
    "certification",
    "voluntary",
    "repair",
    "industry",
];
const MATTERS: &[&str] = &[
    "道路货物运输经营许可（告知承诺制）",
    "道路运输从业资格证明事项",
    "诚信经营公开承诺",
    "申请行政处罚信息信用修复",
    "行业自律承诺",
];

/// About one pledge per ten enterprises, of every type and fulfilment state.
fn pledges(dir: &Path, names: &[String], seed: u64, rng: &mut Rng) -> io::Result<()> {
    let count = names.len() / 10;
    let mut out = String::new();
    for i in 0..count {
        let t = rng.below(PLEDGE_TYPES.len());
        let signed = day(rng, 2023, 4);
        let _ = writeln!(out, "- id: 钢城交诺〔{}〕{:05}号", signed.year(), i + 1);
        if i % 20 == 19 {
            let _ = write!(
                out,
                "  party: {}{}\n  party_type: person\n",
                rng.pick(SURNAMES),
                rng.pick(&["伟", "芳", "强"])
            );
        } else {
            let e = rng.below(names.len());
            let _ = write!(
                out,
                "  party: {}\n  party_type: legal\n  uscc: \"{}\"\n",
                names[e],
                synthetic_uscc(e, seed)
            );
        }
        let _ = write!(
            out,
            "  type: {}\n  matter: {}\n  signed: {signed}\n  valid_until: {}\n  authority: 济南市钢城区城乡交通运输局\n  authority_uscc: 11370117MB2854771J\n",
            PLEDGE_TYPES[t],
            MATTERS[t],
            signed.add_months(12 + 12 * (i % 3) as u32).pred()
        );
        match rng.below(20) {
            0..=3 => {
                let _ = writeln!(
                    out,
                    "  fulfilment: {{ status: kept, date: {} }}",
                    signed.add_months(6)
                );
            }
            4..=6 => {
                let severity = ["general", "general", "serious", "minor"][rng.below(4)];
                let breached = signed.add_months(3);
                let _ = writeln!(
                    out,
                    "  fulfilment: {{ status: breached, date: {breached}, severity: {severity} }}"
                );
                if severity == "general" && i % 2 == 0 {
                    let _ = writeln!(
                        out,
                        "  repaired: {{ date: {}, note: 已整改 }}",
                        breached.add_months(4)
                    );
                }
            }
            _ => {}
        }
        if (i + 1) % 1000 == 0 || i + 1 == count {
            write(
                dir,
                &format!("content/pledges/part-{:03}.yaml", i / 1000 + 1),
                &out,
            )?;
            out.clear();
        }
    }
    Ok(())
}

/// Writes a site with `entities` enterprises and `penalty_count` penalties into `dir`.
pub fn generate(dir: &Path, entities: usize, penalty_count: usize, seed: u64) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} exists and is not empty",
            dir.display()
        )));
    }
    let mut rng = Rng(seed);
    let names: Vec<String> = (0..entities.max(1)).map(|_| name(&mut rng)).collect();
    write(dir, "site.yaml", SITE)?;
    grade_batches(dir, &names, seed, &mut rng)?;
    penalties(dir, &names, penalty_count, seed, &mut rng)?;
    licences_and_lists(dir, &names, seed, &mut rng)?;
    pledges(dir, &names, seed, &mut rng)?;
    write(
        dir,
        "content/index.md",
        "---\ntitle: 首页\n---\n合成数据，仅用于测试。\n",
    )?;
    write(
        dir,
        "content/notices/about.md",
        "---\ntitle: 关于本站\n---\n本站数据为程序生成。\n",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::check_uscc;

    #[test]
    fn synthetic_codes_are_valid_and_unique() {
        let codes: std::collections::HashSet<String> =
            (0..5000).map(|i| synthetic_uscc(i, 3)).collect();
        assert_eq!(codes.len(), 5000);
        assert!(codes.iter().all(|c| check_uscc(c).is_ok()));
        let mut rng = Rng(1);
        assert!(crate::ident::is_valid_id_number(
            synthetic_id_number(&mut rng).as_bytes()
        ));
    }
}
