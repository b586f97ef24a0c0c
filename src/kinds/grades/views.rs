//! What the public sees of grade batches: batch summaries and pages, a credit file's
//! grades, export columns, search documents and feed entries; and the checks of a
//! batch file.

use super::record::GradeRecord;
use super::{BatchFile, PublicBatch};
use crate::assemble::SiteModel;
use crate::config::GradeScale;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Field};
use crate::kinds::common::{
    check_code, check_header, item_ranges, require_text, warn_private_text,
};
use crate::kinds::CheckCx;
use crate::load::SourceText;
use crate::search::Doc;
use crate::urls;
use crate::views::{fmt_score, href};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct BatchSummary {
    pub href: String,
    pub title: String,
    pub scale: String,
    pub domain: String,
    pub sector: String,
    pub period: String,
    pub published: String,
    pub valid_until: String,
    pub expired: bool,
    pub document_no: String,
    pub authority: String,
    pub count: usize,
    pub distribution: Vec<GradeCount>,
    /// The scale's grades with their score bands.
    pub scale_grades: Vec<ScaleGrade>,
}

/// One grade of a scale, as the batch page explains it.
#[derive(Debug, Serialize)]
pub struct ScaleGrade {
    pub code: String,
    pub label: String,
    /// `850分及以上`, `700分（含）至850分`, `600分以下`, or empty.
    pub band: String,
}

fn band_text(min: Option<f64>, max: Option<f64>) -> String {
    let n = |v: f64| fmt_score(Some(v));
    match (min, max) {
        (Some(a), Some(b)) => format!("{}分（含）至{}分", n(a), n(b)),
        (Some(a), None) => format!("{}分及以上", n(a)),
        (None, Some(b)) => format!("{}分以下", n(b)),
        (None, None) => String::new(),
    }
}

fn scale_grades(scale: Option<&GradeScale>) -> Vec<ScaleGrade> {
    let Some(s) = scale else { return Vec::new() };
    s.grades
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let (min, max) = s.band(i);
            ScaleGrade {
                code: g.code.clone(),
                label: g.label.clone(),
                band: band_text(min, max),
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct GradeCount {
    pub code: String,
    pub label: String,
    pub count: usize,
    /// Percentage with one decimal, as text.
    pub percent: String,
    /// 0-100, for the bar width.
    pub width: u32,
}

pub fn scale_of<'a>(model: &'a SiteModel, b: &PublicBatch) -> Option<&'a GradeScale> {
    model.site.config.scales.get(&b.header.scale)
}

pub fn grade_label(scale: Option<&GradeScale>, code: &str) -> String {
    scale
        .and_then(|s| s.grades.iter().find(|g| g.code == code))
        .map(|g| g.label.clone())
        .unwrap_or_default()
}

pub fn batch_summary(model: &SiteModel, b: &PublicBatch) -> BatchSummary {
    let scale = scale_of(model, b);
    let total = b.records.len();
    let distribution = scale
        .map(|s| {
            s.grades
                .iter()
                .map(|g| {
                    let count = b.count_of(&g.code);
                    let pct = if total == 0 {
                        0.0
                    } else {
                        count as f64 * 100.0 / total as f64
                    };
                    GradeCount {
                        code: g.code.clone(),
                        label: g.label.clone(),
                        count,
                        percent: format!("{pct:.1}"),
                        width: pct.round() as u32,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let h = &b.header;
    BatchSummary {
        href: href(&urls::batch(&b.slug)),
        title: h.title.clone(),
        scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
        domain: h.domain.clone(),
        sector: h.sector.clone(),
        period: h.period.0.clone(),
        published: h.published.to_string(),
        valid_until: h.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        expired: b.expired,
        document_no: h.document_no.clone(),
        authority: h.authority.clone(),
        count: total,
        distribution,
        scale_grades: scale_grades(scale),
    }
}

#[derive(Debug, Serialize)]
pub struct GradeRow {
    name: String,
    uscc: String,
    href: String,
    grade: String,
    grade_label: String,
    score: String,
    note: String,
    veto: String,
}

pub fn grade_row(scale: Option<&GradeScale>, r: &GradeRecord) -> GradeRow {
    GradeRow {
        name: r.name.clone(),
        uscc: r.uscc.clone(),
        href: href(&urls::entity(&r.uscc)),
        grade: r.grade.clone(),
        grade_label: grade_label(scale, &r.grade),
        score: fmt_score(r.score),
        note: r.note.clone(),
        veto: r.veto.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct EntityGradeRow {
    pub batch_title: String,
    pub batch_href: String,
    pub scale: String,
    pub grade: String,
    pub grade_label: String,
    pub score: String,
    pub period: String,
    pub published: String,
    pub expired: bool,
    pub veto: String,
}

/// An enterprise's grades, newest batch first.
pub fn entity_rows(
    model: &SiteModel,
    records: &[(&PublicBatch, &GradeRecord)],
) -> Vec<EntityGradeRow> {
    let mut grades: Vec<EntityGradeRow> = records
        .iter()
        .map(|&(b, r)| {
            let scale = scale_of(model, b);
            EntityGradeRow {
                batch_title: b.header.title.clone(),
                batch_href: href(&urls::batch(&b.slug)),
                scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
                grade: r.grade.clone(),
                grade_label: grade_label(scale, &r.grade),
                score: fmt_score(r.score),
                period: b.header.period.0.clone(),
                published: b.header.published.to_string(),
                expired: b.expired,
                veto: r.veto.clone(),
            }
        })
        .collect();
    grades.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.batch_title.cmp(&b.batch_title))
    });
    grades
}

pub fn export_rows<'a>(
    model: &'a SiteModel,
    batches: &'a [PublicBatch],
) -> impl Iterator<Item = Vec<Field>> + 'a {
    batches.iter().flat_map(move |b| {
        let scale = scale_of(model, b);
        b.records.iter().map(move |r| {
            vec![
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
                ("url", "链接", model.url_of(&urls::entity(&r.uscc))),
                ("veto", "一票否决", r.veto.clone()),
                ("batch_id", "批次标识", b.slug.clone()),
            ]
        })
    })
}

/// One search document per batch, found by its title and document number.
pub fn docs(model: &SiteModel, batches: &[PublicBatch], out: &mut Vec<Doc>) {
    for b in batches {
        let mut d = Doc::new(b.header.title.clone(), model.url_of(&urls::batch(&b.slug)));
        d.subtitle = format!(
            "{} · {} · {}家企业",
            b.header.domain,
            b.header.period.0,
            b.records.len()
        );
        d.sector = b.sector().to_string();
        d.year = b.header.published.year().to_string();
        d.code = b.header.document_no.clone();
        if !b.header.document_no.is_empty() {
            d.codes.push(b.header.document_no.clone());
        }
        out.push(d);
    }
}

pub fn feed(batches: &[PublicBatch], out: &mut Vec<FeedEntry>) {
    for b in batches {
        out.push(FeedEntry {
            date: b.header.published,
            title: b.header.title.clone(),
            path: urls::batch(&b.slug),
            anchor: None,
            summary: format!("{}家企业", b.records.len()),
        });
    }
}

pub(super) fn check_batch(
    cx: &CheckCx<'_>,
    src: &SourceText,
    file: &BatchFile,
    diags: &mut Diagnostics,
) {
    let src = src.source();
    let h = &file.header;
    let header_range = check_header(&src, "batch", &h.title, h.published, h.valid_until, diags);
    let config = cx.config;
    let scale = config.scales.get(&h.scale);
    if scale.is_none() {
        let known: Vec<&str> = config.scales.keys().map(String::as_str).collect();
        diags.push(
            src.at(
                header_range,
                &["scale"],
                format!("grade scale `{}` is not defined in site.yaml", h.scale),
            )
            .with_hint(format!(
                "use one of the keys of grade_scales in site.yaml: {}",
                known.join(", ")
            )),
        );
    }
    let ranges = item_ranges(&src, Some("records"), &file.records);
    let mut seen = HashMap::new();
    for (item, &range) in file.records.iter().zip(&ranges) {
        let r = &item.value;
        require_text(&src, range, "name", &r.name, diags);
        for (key, text) in [("note", &r.note), ("veto", &r.veto)] {
            warn_private_text(&src, range, &[key], text, None, diags);
        }
        if check_code(&src, range, "uscc", &r.uscc, diags) {
            // Keyed by the record, not its line: records written on one line share it.
            let (first, first_index) = *seen
                .entry(r.uscc.as_str())
                .or_insert((range.0 + 1, item.index));
            if first_index != item.index {
                diags.push(
                    src.at(
                        range,
                        &["uscc"],
                        format!("{} is graded twice in this batch", r.uscc),
                    )
                    .with_hint(format!(
                        "its first record is at line {first}; keep one grade per enterprise in a batch"
                    )),
                );
            }
        }
        let Some(scale) = scale else { continue };
        let Some(pos) = scale.position(&r.grade) else {
            let codes: Vec<&str> = scale.grades.iter().map(|g| g.code.as_str()).collect();
            diags.push(
                src.at(
                    range,
                    &["grade"],
                    format!("grade `{}` does not exist in scale `{}`", r.grade, scale.id),
                )
                .with_hint(format!("use one of: {}", codes.join(", "))),
            );
            continue;
        };
        if let Some(score) = r.score {
            let (min, max) = scale.band(pos);
            let below = min.is_some_and(|m| score < m);
            // A grade lower than the score allows stands with a 一票否决 reason.
            let above = max.is_some_and(|m| score >= m) && r.veto.trim().is_empty();
            // (A grade above its score's band is an error of its own, veto or not.)
            if !r.veto.trim().is_empty() && !below && !max.is_some_and(|m| score >= m) {
                diags.push(
                    src.at(range, &["veto"], format!("`veto` is given but grade {} fits score {score}", r.grade))
                        .with_hint("一票否决 only explains a grade lower than the score's band; remove `veto:` or check the grade")
                        .warning(),
                );
            }
            if below || above || !score.is_finite() {
                let band = match (min, max) {
                    (Some(a), Some(b)) => format!("{a} ≤ score < {b}"),
                    (Some(a), None) => format!("score ≥ {a}"),
                    (None, Some(b)) => format!("score < {b}"),
                    (None, None) => "any score".into(),
                };
                diags.push(
                    src.at(
                        range,
                        &["score"],
                        format!("score {score} does not fit grade {}", r.grade),
                    )
                    .with_hint(format!(
                        "grade {} in scale `{}` needs {band}; check the score or the grade (a lower grade after 一票否决 needs `veto:` with the reason)",
                        r.grade, scale.id
                    )),
                );
            }
        }
    }
}
