//! 信用评价结果: one file is one evaluation batch (data contract §4), public from its
//! `published` date and marked 已过期 after `valid_until`, at `/grades/` and
//! `/grades/<slug>/` (paginated).

mod import;
pub mod record;
mod views;

pub use record::{BatchHeader, GradeRecord};
pub use views::batch_summary;

use super::common::{changed_pairs, page_numbers};
use super::{CheckCx, Facets, Kind, KindPage, KindTouched, Link, SearchKind, UniqueId};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows};
use crate::import::spec::ImportSpec;
use crate::load::{decode, Item, SourceText};
use crate::model::Day;
use crate::publish::PublishCx;
use crate::render::{base_context, PageContext};
use crate::rules::Withheld;
use crate::search::Doc;
use crate::urls;
use crate::views::{page_slice, Pager};
use crate::yaml::StandIn;
use std::collections::{BTreeMap, HashSet};

/// The grades kind.
pub struct Grades;

/// One batch file, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchFile {
    /// Its path below `content/grades/`, without extension: its URL.
    pub slug: String,
    pub header: BatchHeader,
    pub records: Vec<Item<GradeRecord>>,
}

/// A batch on the public site.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicBatch {
    pub slug: String,
    pub header: BatchHeader,
    pub records: Vec<GradeRecord>,
    /// Past `valid_until`: shown as 已过期, not hidden.
    pub expired: bool,
    /// How many records have each grade (counted once: every page of the batch shows
    /// the distribution).
    grade_counts: BTreeMap<String, usize>,
}

impl PublicBatch {
    fn new(slug: String, header: BatchHeader, records: Vec<GradeRecord>, expired: bool) -> Self {
        let mut grade_counts = BTreeMap::new();
        for r in &records {
            *grade_counts.entry(r.grade.clone()).or_insert(0) += 1;
        }
        PublicBatch {
            slug,
            header,
            records,
            expired,
            grade_counts,
        }
    }

    /// How many of its records have `grade`.
    pub fn count_of(&self, grade: &str) -> usize {
        self.grade_counts.get(grade).copied().unwrap_or(0)
    }

    /// Its sector, or its domain when it has none (the search facet).
    pub fn sector(&self) -> &str {
        if self.header.sector.is_empty() {
            &self.header.domain
        } else {
            &self.header.sector
        }
    }
}

/// The public batches, newest first, with every record numbered across them.
#[derive(Debug, Default)]
pub struct PublicGrades {
    pub batches: Vec<PublicBatch>,
    /// The number of each batch's first record.
    starts: Vec<u32>,
}

impl PublicGrades {
    /// The batch and record of a record number.
    fn record(&self, index: u32) -> (&PublicBatch, &GradeRecord) {
        let b = self.starts.partition_point(|&s| s <= index) - 1;
        let batch = &self.batches[b];
        (batch, &batch.records[(index - self.starts[b]) as usize])
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchDocument {
    batch: BatchHeader,
    #[serde(default)]
    records: Option<Vec<GradeRecord>>,
}

fn keys_of(file: &BatchFile) -> impl Iterator<Item = String> + '_ {
    file.records.iter().map(|r| r.value.uscc.clone())
}

/// The batch and page number of a batch page; `None` for the index of batches.
fn batch_page(page: KindPage) -> Option<(usize, usize)> {
    match page {
        KindPage::Index { .. } => None,
        KindPage::Group { group, page } => Some((group as usize, page as usize)),
        KindPage::Record(group) => Some((group as usize, 1)),
    }
}

impl Kind for Grades {
    type File = BatchFile;
    type Public = PublicGrades;

    const KEY: &'static str = "grades";
    const EXPORT_HEADERS: &'static [&'static str] = &[
        "评价批次",
        "评价等级体系",
        "重点领域",
        "细分领域",
        "考核周期",
        "企业名称",
        "统一社会信用代码",
        "信用等级",
        "等级名称",
        "得分",
        "备注",
        "评价机关",
        "文号",
        "公布日期",
        "有效期至",
        "链接",
        "一票否决",
        "批次标识",
    ];
    const SECTIONS: &'static [&'static str] = &["grades"];
    const SEARCH: SearchKind = SearchKind {
        key: "batch",
        label: "信用评价",
        rank: 4,
    };
    const SHORT: &'static str = "评价";
    const IMPORT: ImportSpec = import::IMPORT;
    const SHEET: &'static str = "信用评价结果";

    fn decode(src: &SourceText, slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        let slug = slug.to_string();
        if let Some(doc) = crate::yaml::decode_clean::<BatchDocument>(&src.text) {
            let records = decode::numbered(doc.records.unwrap_or_default());
            return Some(BatchFile {
                slug,
                header: doc.batch,
                records,
            });
        }
        let (header, records) = decode::document(src, "batch", "records", diags)?;
        Some(BatchFile {
            slug,
            header,
            records,
        })
    }

    fn stood_in(src: &SourceText, slug: &str, which: StandIn) -> Option<Self::File> {
        let (header, records) = decode::stood_in_document(src, "batch", "records", which)?;
        Some(BatchFile {
            slug: slug.to_string(),
            header,
            records,
        })
    }

    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        views::check_batch(cx, src, file, diags)
    }

    fn unique_ids(_file: &Self::File) -> Vec<UniqueId<'_>> {
        Vec::new()
    }

    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public {
        let mut batches = Vec::new();
        for b in files {
            let h = &b.header;
            cx.next_change(
                [Some(h.published), h.valid_until.map(Day::succ)]
                    .into_iter()
                    .flatten(),
                |day| (h.published <= day, h.valid_until.is_some_and(|u| day > u)),
            );
            let public = b.header.published <= cx.as_of;
            for r in &b.records {
                cx.track(
                    || {
                        let key = format!("{}/{}", b.slug, r.value.uscc);
                        (key.clone(), format!("{} {}", b.slug, r.value.uscc))
                    },
                    if public {
                        Ok(())
                    } else {
                        Err(Withheld::NotYetPublic)
                    },
                );
            }
            if !public {
                cx.withhold(Withheld::NotYetPublic, b.records.len());
                continue;
            }
            batches.push(PublicBatch::new(
                b.slug.clone(),
                b.header.clone(),
                b.records.iter().map(|i| i.value.clone()).collect(),
                b.header.valid_until.is_some_and(|u| cx.as_of > u),
            ));
        }
        batches.sort_by(|a, b| {
            b.header
                .published
                .cmp(&a.header.published)
                .then(a.slug.cmp(&b.slug))
        });
        let mut starts = Vec::with_capacity(batches.len());
        let mut next = 0;
        for b in &batches {
            starts.push(next);
            next += b.records.len() as u32;
        }
        PublicGrades { batches, starts }
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        let records = public.batches.iter().map(|b| b.records.len()).sum();
        vec![
            ("grade_batches", public.batches.len()),
            ("grade_records", records),
        ]
    }

    fn summary(public: &Self::Public) -> String {
        let records: usize = public.batches.iter().map(|b| b.records.len()).sum();
        format!(
            "{} in {}",
            crate::out::counted(records, "grade record", "grade records"),
            crate::out::counted(public.batches.len(), "batch", "batches")
        )
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (b, &start) in public.batches.iter().zip(&public.starts) {
            for (i, r) in b.records.iter().enumerate() {
                link(Link {
                    uscc: &r.uscc,
                    name: &r.name,
                    date: b.header.published,
                    index: start + i as u32,
                });
            }
        }
    }

    fn facets(public: &Self::Public, index: u32) -> Facets<'_> {
        let (b, r) = public.record(index);
        let published = b.header.published;
        Facets {
            year: Some(published),
            grade: Some((published, &r.grade, b.sector())),
        }
    }

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage> {
        let mut pages = vec![KindPage::Index { page: 1 }];
        for (group, b) in public.batches.iter().enumerate() {
            pages.extend(
                page_numbers(b.records.len(), paginate).map(|page| KindPage::Group {
                    group: group as u32,
                    page,
                }),
            );
        }
        pages
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match batch_page(page) {
            None => urls::GRADES.into(),
            Some((batch, page)) => urls::paged(&urls::batch(&public.batches[batch].slug), page),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        let Some((group, page)) = batch_page(page) else {
            let mut ctx = base_context(model, &path, "grades", "信用评价结果");
            let batches: Vec<_> = public
                .batches
                .iter()
                .map(|b| batch_summary(model, b))
                .collect();
            ctx.insert("batches", &batches);
            return PageContext::new("grades.html", ctx);
        };
        let b = &public.batches[group];
        let scale = views::scale_of(model, b);
        let mut ctx = base_context(model, &path, "grades", &b.header.title);
        ctx.insert("batch", &batch_summary(model, b));
        let rows: Vec<_> = page_slice(&b.records, page, model.site.config.paginate)
            .iter()
            .map(|r| views::grade_row(scale, r))
            .collect();
        ctx.insert("records", &rows);
        let pages = model.page_count(b.records.len());
        ctx.insert("pager", &Pager::new(&urls::batch(&b.slug), page, pages));
        PageContext::new("batch.html", ctx)
    }

    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let records: Vec<_> = links.iter().map(|&i| public.record(i)).collect();
        tera::Value::from_serializable(&views::entity_rows(model, &records))
    }

    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars) {
        let batches: Vec<_> = public
            .batches
            .iter()
            .map(|b| batch_summary(model, b))
            .collect();
        ctx.insert("batches", &batches);
    }

    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a> {
        Box::new(views::export_rows(model, &public.batches))
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, &public.batches, out)
    }

    fn feed(_model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(&public.batches, out)
    }

    fn touched(
        old: Option<&Self::File>,
        new: Option<&Self::File>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    ) {
        t.any = true;
        match (old, new) {
            // The same batch: only its records that changed.
            (Some(a), Some(b)) if a.header == b.header && a.slug == b.slug => {
                t.keys.insert(b.slug.clone());
                for (o, n) in changed_pairs(&a.records, &b.records, |r| r.uscc.clone()) {
                    entities.extend([o, n].into_iter().flatten().map(|r| r.uscc.clone()));
                }
            }
            _ => {
                for f in [old, new].into_iter().flatten() {
                    t.keys.insert(f.slug.clone());
                    entities.extend(keys_of(f));
                }
            }
        }
    }

    fn needs(
        t: &KindTouched,
        _old: &Self::Public,
        new: &Self::Public,
        page: KindPage,
        _paginate: usize,
    ) -> bool {
        match batch_page(page) {
            None => t.any,
            Some((batch, _)) => t.keys.contains(&new.batches[batch].slug),
        }
    }
}
