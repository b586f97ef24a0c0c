//! The exported fields of each dataset, with their 双公示 column names.

use super::Field;
use crate::assemble::SiteModel;
use crate::urls;
use crate::views::{fmt_score, fmt_wan, grade_label, href};

fn url(model: &SiteModel, path: &str) -> String {
    format!("{}{}", model.site.config.base_path, href(path))
}

pub fn grade_rows(model: &SiteModel) -> Vec<Vec<Field>> {
    let site = &model.site;
    let mut rows = Vec::new();
    for b in &site.batches {
        let scale = site.config.scales.get(&b.header.scale);
        for r in &b.records {
            rows.push(vec![
                ("batch", "评价批次", b.header.title.clone()),
                (
                    "scale",
                    "评价等级体系",
                    scale.map(|s| s.name.clone()).unwrap_or_default(),
                ),
                ("domain", "重点领域", b.header.domain.clone()),
                ("sector", "细分领域", b.header.sector.clone()),
                ("period", "考核周期", b.header.period.0.clone()),
                ("name", "企业名称", r.name.clone()),
                ("uscc", "统一社会信用代码", r.uscc.clone()),
                ("grade", "信用等级", r.grade.clone()),
                ("grade_label", "等级名称", grade_label(scale, &r.grade)),
                ("score", "得分", fmt_score(r.score)),
                ("note", "备注", r.note.clone()),
                ("authority", "评价机关", b.header.authority.clone()),
                ("document_no", "文号", b.header.document_no.clone()),
                ("published", "公布日期", b.header.published.to_string()),
                (
                    "valid_until",
                    "有效期至",
                    b.header
                        .valid_until
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                ("url", "链接", url(model, &urls::entity(&r.uscc))),
            ]);
        }
    }
    rows
}

pub fn list_rows(model: &SiteModel) -> Vec<Vec<Field>> {
    let mut rows = Vec::new();
    for l in &model.site.lists {
        for e in &l.entries {
            rows.push(vec![
                ("kind", "名单类别", l.header.kind.label().to_string()),
                ("list", "名单名称", l.header.title.clone()),
                ("name", "企业名称", e.name.clone()),
                ("uscc", "统一社会信用代码", e.uscc.clone()),
                ("reason", "列入原因", e.reason.clone()),
                ("basis", "认定依据", l.header.basis.clone()),
                ("authority", "认定机关", l.header.authority.clone()),
                ("document_no", "文号", l.header.document_no.clone()),
                ("published", "公布日期", l.header.published.to_string()),
                (
                    "valid_until",
                    "有效期至",
                    l.header
                        .valid_until
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                ("url", "链接", url(model, &urls::entity(&e.uscc))),
            ]);
        }
    }
    rows
}

pub fn penalty_rows(model: &SiteModel) -> Vec<Vec<Field>> {
    model
        .site
        .penalties
        .iter()
        .map(|p| {
            let r = &p.record;
            vec![
                ("decision_no", "行政处罚决定书文号", r.decision_no.clone()),
                ("party", "行政相对人名称", r.party.clone()),
                (
                    "party_type",
                    "行政相对人类别",
                    r.party_type.label().to_string(),
                ),
                (
                    "uscc",
                    "统一社会信用代码",
                    r.uscc.clone().unwrap_or_default(),
                ),
                (
                    "legal_rep",
                    "法定代表人",
                    r.legal_rep
                        .clone()
                        .filter(|_| r.uscc.is_some())
                        .unwrap_or_default(),
                ),
                ("violation_type", "违法行为类型", r.violation_type.clone()),
                ("facts", "违法事实", r.facts.clone()),
                ("basis", "处罚依据", r.basis.clone()),
                ("categories", "处罚类别", r.categories.join("、")),
                ("content", "处罚内容", r.content.clone()),
                ("fine_wan", "罚款金额（万元）", fmt_wan(r.fine_wan)),
                (
                    "confiscated_wan",
                    "没收违法所得、没收非法财物的金额（万元）",
                    fmt_wan(r.confiscated_wan),
                ),
                (
                    "licence_action",
                    "暂扣或吊销证照名称及编号",
                    r.licence_action.clone(),
                ),
                ("decided", "处罚决定日期", r.decided.to_string()),
                ("severity", "失信严重程度", r.severity.label().to_string()),
                ("publish_until", "公示截止期", p.leaves.to_string()),
                ("authority", "处罚机关", r.authority.clone()),
                (
                    "authority_uscc",
                    "处罚机关统一社会信用代码",
                    r.authority_uscc.clone(),
                ),
                ("source", "数据来源", r.authority.clone()),
                (
                    "source_uscc",
                    "数据来源单位统一社会信用代码",
                    r.authority_uscc.clone(),
                ),
                ("url", "链接", url(model, &urls::penalty(&p.id))),
            ]
        })
        .collect()
}

pub fn licence_rows(model: &SiteModel) -> Vec<Vec<Field>> {
    model
        .site
        .licences
        .iter()
        .map(|l| {
            let r = &l.record;
            vec![
                ("party", "行政相对人名称", r.party.clone()),
                (
                    "party_type",
                    "行政相对人类别",
                    r.party_type.label().to_string(),
                ),
                (
                    "uscc",
                    "统一社会信用代码",
                    r.uscc.clone().unwrap_or_default(),
                ),
                (
                    "legal_rep",
                    "法定代表人",
                    r.legal_rep
                        .clone()
                        .filter(|_| r.uscc.is_some())
                        .unwrap_or_default(),
                ),
                (
                    "document_name",
                    "行政许可决定文书名称",
                    r.document_name.clone(),
                ),
                ("decision_no", "行政许可决定文书号", r.decision_no.clone()),
                ("category", "许可类别", r.category.clone()),
                ("certificate", "许可证书名称", r.certificate.clone()),
                ("licence_no", "许可编号", r.licence_no.clone()),
                ("content", "许可内容", r.content.clone()),
                ("decided", "许可决定日期", r.decided.to_string()),
                (
                    "valid_from",
                    "有效期自",
                    r.valid_from.map(|d| d.to_string()).unwrap_or_default(),
                ),
                (
                    "valid_to",
                    "有效期至",
                    r.valid_to.map(|d| d.to_string()).unwrap_or_default(),
                ),
                ("authority", "许可机关", r.authority.clone()),
                (
                    "authority_uscc",
                    "许可机关统一社会信用代码",
                    r.authority_uscc.clone(),
                ),
                ("status", "当前状态", r.status.label().to_string()),
                ("source", "数据来源", r.authority.clone()),
                (
                    "source_uscc",
                    "数据来源单位统一社会信用代码",
                    r.authority_uscc.clone(),
                ),
                ("url", "链接", url(model, &urls::licence(&l.id))),
            ]
        })
        .collect()
}
