//! `gongshi new DIR`: a small site that builds at once, with the default theme.

use crate::theme::write_default_theme;
use std::fs;
use std::io;
use std::path::Path;

const SITE_YAML: &str = r#"title: 信用信息公示
base_url: https://www.example.gov.cn/xyjt/
language: zh-CN
theme: default
authority:
  name: 示例县交通运输局
  uscc: 11370117MB2854771J
  contact: 待填写（联系电话）
portal:                   # 网站页脚：请把“待填写”换成本单位的信息，gongshi check 会提醒
  organizer: 待填写（承办单位）
  site_code: 待填写（网站标识码）
  icp: 待填写（ICP备案号）
  police: 待填写（公安机关备案号）
disclosure:
  rules: auto
  mask_person_names: true
  paginate: 50
grade_scales:
  road-transport:
    name: 道路运输企业质量信誉等级
    grades:
      - { code: AAA, label: 优良, min_score: 850 }
      - { code: AA, label: 合格, min_score: 700 }
      - { code: A, label: 基本合格, min_score: 600 }
      - { code: B, label: 不合格 }
"#;

const GRADES: &str = r#"batch:
  title: 2025年度道路运输企业质量信誉考核结果
  scale: road-transport
  domain: 道路运输
  sector: 道路货运
  period: 2025
  authority: 示例县交通运输局
  published: 2026-03-01
records:
  - name: 示例运输有限公司
    uscc: 91350100M000100Y43
    grade: AA
    score: 760
"#;

const PENALTIES: &str = r#"- decision_no: 示交罚〔2026〕1号
  party: 示例运输有限公司
  party_type: legal
  uscc: 91350100M000100Y43
  violation_type: 未按规定进行车辆年审
  facts: 车辆未按规定参加年度审验。
  basis: 《中华人民共和国道路运输条例》第七十条
  categories: [罚款]
  content: 罚款人民币贰仟元
  fine_wan: 0.2
  decided: 2026-06-01
  severity: general
  authority: 示例县交通运输局
  authority_uscc: 11370117MB2854771J
"#;

const INDEX_MD: &str = "---\ntitle: 首页\n---\n本网站依法公示本机关作出的信用评价结果、红黑名单、行政处罚和行政许可信息。\n";

const ABOUT_MD: &str = "---\ntitle: 异议处理\nsummary: 对公示信息有异议的，可以提出异议申请。\n---\n# 异议处理\n\n对公示信息有异议的，请携带相关材料向本机关提出。\n";

/// Creates a new site in `dir`, which must not exist or be empty. A folder that
/// holds something is refused with [`io::ErrorKind::AlreadyExists`] (nothing in it
/// is touched).
pub fn new_site(dir: &Path) -> io::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{} is a file, not a folder", dir.display()),
        ));
    }
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists and is not empty: gongshi new writes only into a new or empty folder, so nothing in it was changed",
                dir.display()
            ),
        ));
    }
    let files: [(&str, &str); 5] = [
        ("site.yaml", SITE_YAML),
        ("content/grades/2025-road-transport.yaml", GRADES),
        ("content/penalties/2026.yaml", PENALTIES),
        ("content/index.md", INDEX_MD),
        ("content/objections.md", ABOUT_MD),
    ];
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)?;
    }
    fs::create_dir_all(dir.join("content/lists"))?;
    fs::create_dir_all(dir.join("content/licences"))?;
    write_default_theme(&dir.join("themes/default"))?;
    fs::write(dir.join(".gitignore"), "output/\n# gongshi's records of the last build (what made each page, which files it wrote) and the spare (the site it replaced, without what changed)\n.output.gongshi-*\n# what the last build added, changed and removed, for the deploy script\noutput.changes.json\n")?;
    Ok(())
}
