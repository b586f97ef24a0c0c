//! The template and context of each planned page.

use crate::assemble::{PageSpec, SiteModel};
use crate::urls;
use crate::views::{
    self, batch_summary, entity_view, href, licence_row, licence_view, list_summary,
    markdown_to_html, page_links, page_slice, penalty_row, penalty_view, Pager,
};
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct Counts {
    entities: usize,
    grade_batches: usize,
    grade_records: usize,
    lists: usize,
    list_entries: usize,
    penalties: usize,
    licences: usize,
}

#[derive(Serialize)]
struct EntityLink {
    href: String,
    name: String,
    uscc: String,
    summary: String,
}

#[derive(Serialize)]
struct ListEntryRow {
    name: String,
    uscc: String,
    href: String,
    reason: String,
}

#[derive(Serialize)]
struct GradeRow {
    name: String,
    uscc: String,
    href: String,
    grade: String,
    grade_label: String,
    score: String,
    note: String,
}

#[derive(Serialize)]
struct MarkdownView {
    title: String,
    date: String,
    summary: String,
    tags: Vec<String>,
    html: String,
}

/// Which template renders a page, its title, its navigation section, and its context.
pub struct PageContext {
    pub template: String,
    pub context: Context,
}

fn base(model: &SiteModel, path: &str, section: &str, title: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("root", &urls::root_prefix(path));
    ctx.insert("path", &href(path));
    ctx.insert(
        "canonical",
        &format!("{}{}", model.site.config.base_url, href(path)),
    );
    ctx.insert("section", section);
    ctx.insert("title", title);
    ctx
}

fn counts(model: &SiteModel) -> Counts {
    let p = &model.site.published;
    Counts {
        entities: model.entities.len(),
        grade_batches: p.grade_batches,
        grade_records: p.grade_records,
        lists: p.lists,
        list_entries: p.list_entries,
        penalties: p.penalties,
        licences: p.licences,
    }
}

/// The rows, total and pager of one page of a paginated listing.
fn listing<T: Serialize>(
    model: &SiteModel,
    ctx: &mut Context,
    (key, rows): (&'static str, &[T]),
    total: usize,
    base_path: &str,
    page: usize,
) {
    ctx.insert(key, rows);
    ctx.insert("total", &total);
    ctx.insert(
        "pager",
        &Pager::new(base_path, page, model.page_count(total)),
    );
}

/// Builds the context of one page.
pub fn page_context(model: &SiteModel, spec: PageSpec) -> PageContext {
    let site = &model.site;
    let per = site.config.paginate;
    let path = model.path_of(spec);
    let (template, ctx) = match spec {
        PageSpec::Home => {
            let mut ctx = base(model, &path, "home", &site.config.title);
            ctx.insert("counts", &counts(model));
            let intro = model
                .home_page
                .map(|i| markdown_to_html(&site.pages[i].body))
                .unwrap_or_default();
            ctx.insert("intro_html", &intro);
            let latest: Vec<_> = site
                .penalties
                .iter()
                .take(10)
                .map(|p| penalty_row(model, p))
                .collect();
            ctx.insert("latest_penalties", &latest);
            let latest: Vec<_> = site
                .licences
                .iter()
                .take(5)
                .map(|l| licence_row(model, l))
                .collect();
            ctx.insert("latest_licences", &latest);
            let batches: Vec<_> = site
                .batches
                .iter()
                .map(|b| batch_summary(model, b))
                .collect();
            ctx.insert("batches", &batches);
            let lists: Vec<_> = site.lists.iter().map(list_summary).collect();
            ctx.insert("lists", &lists);
            ctx.insert("pages", &page_links(model));
            ("index.html", ctx)
        }
        PageSpec::EntitiesIndex { page } => {
            let mut ctx = base(model, &path, "entities", "企业信用档案");
            let rows: Vec<EntityLink> = page_slice(&model.entities, page, per)
                .iter()
                .map(|e| EntityLink {
                    href: href(&urls::entity(&e.uscc)),
                    name: e.name.clone(),
                    uscc: e.uscc.clone(),
                    summary: format!(
                        "评价 {} · 名单 {} · 处罚 {} · 许可 {}",
                        e.grades.len(),
                        e.list_entries.len(),
                        e.penalties.len(),
                        e.licences.len()
                    ),
                })
                .collect();
            listing(
                model,
                &mut ctx,
                ("entities", &rows),
                model.entities.len(),
                urls::ENTITIES,
                page,
            );
            ("entities.html", ctx)
        }
        PageSpec::Entity(i) => {
            let view = entity_view(model, &model.entities[i]);
            let mut ctx = base(model, &path, "entities", &view.name);
            ctx.insert("entity", &view);
            ("entity.html", ctx)
        }
        PageSpec::GradesIndex => {
            let mut ctx = base(model, &path, "grades", "信用评价结果");
            let batches: Vec<_> = site
                .batches
                .iter()
                .map(|b| batch_summary(model, b))
                .collect();
            ctx.insert("batches", &batches);
            ("grades.html", ctx)
        }
        PageSpec::GradeBatch { batch, page } => {
            let b = &site.batches[batch];
            let scale = site.config.scales.get(&b.header.scale);
            let mut ctx = base(model, &path, "grades", &b.header.title);
            ctx.insert("batch", &batch_summary(model, b));
            let rows: Vec<GradeRow> = page_slice(&b.records, page, per)
                .iter()
                .map(|r| GradeRow {
                    name: r.name.clone(),
                    uscc: r.uscc.clone(),
                    href: href(&urls::entity(&r.uscc)),
                    grade: r.grade.clone(),
                    grade_label: views::grade_label(scale, &r.grade),
                    score: views::fmt_score(r.score),
                    note: r.note.clone(),
                })
                .collect();
            ctx.insert("records", &rows);
            ctx.insert(
                "pager",
                &Pager::new(
                    &urls::batch(&b.slug),
                    page,
                    model.page_count(b.records.len()),
                ),
            );
            ("batch.html", ctx)
        }
        PageSpec::ListsIndex => {
            let mut ctx = base(model, &path, "lists", "红黑名单");
            let lists: Vec<_> = site.lists.iter().map(list_summary).collect();
            ctx.insert("lists", &lists);
            ("lists.html", ctx)
        }
        PageSpec::List(i) => {
            let l = &site.lists[i];
            let mut ctx = base(model, &path, "lists", &l.header.title);
            ctx.insert("list", &list_summary(l));
            let rows: Vec<ListEntryRow> = l
                .entries
                .iter()
                .map(|e| ListEntryRow {
                    name: e.name.clone(),
                    uscc: e.uscc.clone(),
                    href: href(&urls::entity(&e.uscc)),
                    reason: e.reason.clone(),
                })
                .collect();
            ctx.insert("entries", &rows);
            ("list.html", ctx)
        }
        PageSpec::Penalties { page } => {
            let mut ctx = base(model, &path, "penalties", "行政处罚信息");
            let rows: Vec<_> = page_slice(&site.penalties, page, per)
                .iter()
                .map(|p| penalty_row(model, p))
                .collect();
            listing(
                model,
                &mut ctx,
                ("penalties", &rows),
                site.penalties.len(),
                urls::PENALTIES,
                page,
            );
            ("penalties.html", ctx)
        }
        PageSpec::Penalty(i) => {
            let view = penalty_view(model, &site.penalties[i]);
            let mut ctx = base(
                model,
                &path,
                "penalties",
                &format!("行政处罚 {}", view.decision_no),
            );
            ctx.insert("penalty", &view);
            ("penalty.html", ctx)
        }
        PageSpec::Licences { page } => {
            let mut ctx = base(model, &path, "licences", "行政许可信息");
            let rows: Vec<_> = page_slice(&site.licences, page, per)
                .iter()
                .map(|l| licence_row(model, l))
                .collect();
            listing(
                model,
                &mut ctx,
                ("licences", &rows),
                site.licences.len(),
                urls::LICENCES,
                page,
            );
            ("licences.html", ctx)
        }
        PageSpec::Licence(i) => {
            let view = licence_view(model, &site.licences[i]);
            let mut ctx = base(
                model,
                &path,
                "licences",
                &format!("行政许可 {}", view.decision_no),
            );
            ctx.insert("licence", &view);
            ("licence.html", ctx)
        }
        PageSpec::Markdown(i) => {
            let p = &site.pages[i];
            let mut ctx = base(model, &path, "pages", &p.front.title);
            ctx.insert(
                "page",
                &MarkdownView {
                    title: p.front.title.clone(),
                    date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
                    summary: p.front.summary.clone(),
                    tags: p.front.tags.clone(),
                    html: markdown_to_html(&p.body),
                },
            );
            return PageContext {
                template: p
                    .front
                    .template
                    .clone()
                    .unwrap_or_else(|| "page.html".into()),
                context: ctx,
            };
        }
        PageSpec::Search => ("search.html", base(model, &path, "search", "信用信息查询")),
        PageSpec::DataIndex => {
            let mut ctx = base(model, &path, "data", "数据下载");
            ctx.insert("counts", &counts(model));
            ("data.html", ctx)
        }
    };
    PageContext {
        template: template.to_string(),
        context: ctx,
    }
}

/// The 404 page's context: links are absolute (with the base path), since the page
/// is served at any depth.
pub fn not_found_context(model: &SiteModel) -> Context {
    let mut ctx = base(model, "", "404", "页面未找到");
    ctx.insert("root", &model.site.config.base_path);
    ctx
}
