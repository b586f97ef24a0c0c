//! The template and context of each planned page. Pages of a kind of dataset are the
//! kind's own (see [`crate::kinds`]); the rest are here.

pub use super::fingerprint::Vars;
use crate::assemble::{Entity, PageSpec, SiteModel};
use crate::kinds::REGISTRY;
use crate::publish::Page;
use crate::urls;
use crate::views::{href, markdown_to_html, page_links, page_slice, LinkBase, OwnLinks, Pager};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;

#[derive(serde::Serialize)]
struct EntityLink {
    href: String,
    name: String,
    uscc: String,
    summary: String,
}

#[derive(serde::Serialize)]
struct MarkdownView {
    title: String,
    date: String,
    summary: String,
    tags: Vec<String>,
    html: String,
}

/// 一企一档 as templates see it: `uscc`, `name`, and one section per kind under the
/// kind's key (`entity.penalties`).
struct EntityView<'a> {
    uscc: &'a str,
    name: &'a str,
    sections: Vec<(&'static str, tera::Value)>,
}

impl Serialize for EntityView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2 + self.sections.len()))?;
        map.serialize_entry("uscc", self.uscc)?;
        map.serialize_entry("name", self.name)?;
        for (key, value) in &self.sections {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Which template renders a page, and its values.
pub struct PageContext {
    pub template: String,
    pub vars: Vars,
}

impl PageContext {
    pub fn new(template: &str, vars: Vars) -> PageContext {
        PageContext {
            template: template.to_string(),
            vars,
        }
    }
}

/// The context every page starts from: where it is, its section and title.
pub fn base_context(model: &SiteModel, path: &str, section: &str, title: &str) -> Vars {
    let mut ctx = Vars::new();
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

/// The rows, total and pager of one page of a paginated listing.
pub fn insert_listing<T: serde::Serialize>(
    model: &SiteModel,
    ctx: &mut Vars,
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

/// What the home and data pages count: enterprises, and every kind's records.
fn counts(model: &SiteModel) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> = REGISTRY
        .iter()
        .enumerate()
        .flat_map(|(id, k)| k.counts(model.dataset(id)))
        .collect();
    counts.insert("entities", model.entities.len());
    counts
}

fn entity_context(model: &SiteModel, path: &str, e: &Entity) -> Vars {
    let sections = REGISTRY
        .iter()
        .enumerate()
        .map(|(id, k)| {
            let links = e.links_of(id);
            (k.key(), k.entity_section(model, model.dataset(id), &links))
        })
        .collect();
    let view = EntityView {
        uscc: &e.uscc,
        name: &e.name,
        sections,
    };
    let mut ctx = base_context(model, path, "entities", &e.name);
    ctx.insert("entity", &view);
    ctx
}

/// Where the links of the Markdown page `page`, `root` from the site root, start.
fn link_base<'a>(model: &'a SiteModel, page: &'a Page, root: &'a str) -> LinkBase<'a> {
    LinkBase {
        root,
        base_path: &model.site.config.base_path,
        own: Some(OwnLinks {
            files: &model.link_targets,
            source: &page.file,
            page: &page.path,
        }),
    }
}

fn home_context(model: &SiteModel, path: &str) -> Vars {
    let site = &model.site;
    let root = urls::root_prefix(path);
    let mut ctx = base_context(model, path, "home", &site.config.title);
    ctx.insert("counts", &counts(model));
    let intro = model
        .home_page
        .map(|i| markdown_to_html(&site.pages[i].body, link_base(model, &site.pages[i], &root)))
        .unwrap_or_default();
    ctx.insert("intro_html", &intro);
    for (id, k) in REGISTRY.iter().enumerate() {
        k.home(model, model.dataset(id), &mut ctx);
    }
    ctx.insert("pages", &page_links(model));
    ctx
}

fn entities_context(model: &SiteModel, path: &str, page: usize) -> Vars {
    let per = model.site.config.paginate;
    let mut ctx = base_context(model, path, "entities", "企业信用档案");
    let rows: Vec<EntityLink> = page_slice(&model.entities, page, per)
        .iter()
        .map(|e| EntityLink {
            href: href(&urls::entity(&e.uscc)),
            name: e.name.clone(),
            uscc: e.uscc.clone(),
            summary: e.summary(),
        })
        .collect();
    insert_listing(
        model,
        &mut ctx,
        ("entities", &rows),
        model.entities.len(),
        urls::ENTITIES,
        page,
    );
    ctx
}

/// Builds the context of one page.
pub fn page_context(model: &SiteModel, spec: PageSpec) -> PageContext {
    let path = model.path_of(spec);
    match spec {
        PageSpec::Home => PageContext::new("index.html", home_context(model, &path)),
        PageSpec::EntitiesIndex { page } => {
            PageContext::new("entities.html", entities_context(model, &path, page))
        }
        PageSpec::Entity(i) => PageContext::new(
            "entity.html",
            entity_context(model, &path, &model.entities[i]),
        ),
        PageSpec::Kind(kind, page) => REGISTRY[kind].render(model, model.dataset(kind), page),
        PageSpec::Markdown(i) => {
            let p = &model.site.pages[i];
            let mut ctx = base_context(model, &path, "pages", &p.front.title);
            ctx.insert(
                "page",
                &MarkdownView {
                    title: p.front.title.clone(),
                    date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
                    summary: p.front.summary.clone(),
                    tags: p.front.tags.clone(),
                    html: markdown_to_html(&p.body, link_base(model, p, &urls::root_prefix(&path))),
                },
            );
            let template = p.front.template.as_deref().unwrap_or("page.html");
            PageContext::new(template, ctx)
        }
        PageSpec::Folder(i) => folder_page(model, &path, &model.folders[i]),
        PageSpec::Search => PageContext::new(
            "search.html",
            base_context(model, &path, "search", "信用信息查询"),
        ),
        PageSpec::DataIndex => {
            let mut ctx = base_context(model, &path, "data", "数据下载");
            ctx.insert("counts", &counts(model));
            PageContext::new("data.html", ctx)
        }
    }
}

/// One entry of a folder index.
#[derive(serde::Serialize)]
struct FolderEntry {
    title: String,
    href: String,
    date: String,
    summary: String,
}

/// A folder's index page (`folder.html`): its `_index.md` title and introduction, its
/// pages and its subfolders.
fn folder_page(model: &SiteModel, path: &str, f: &crate::folders::Folder) -> PageContext {
    let pages = &model.site.pages;
    let title = f.title(pages);
    let mut ctx = base_context(model, path, "pages", title);
    let intro = f.intro.map(|i| &pages[i]);
    let entries: Vec<FolderEntry> = f
        .pages
        .iter()
        .map(|&i| {
            let p = &pages[i];
            FolderEntry {
                title: p.front.title.clone(),
                href: href(&p.path),
                date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
                summary: p.front.summary.clone(),
            }
        })
        .collect();
    let folders: Vec<FolderEntry> = f
        .folders
        .iter()
        .map(|&i| {
            let sub = &model.folders[i];
            FolderEntry {
                title: sub.title(pages).to_string(),
                href: href(&sub.path),
                date: String::new(),
                summary: String::new(),
            }
        })
        .collect();
    ctx.insert(
        "folder",
        &serde_json::json!({
            "title": title,
            "intro": intro.map(|p| markdown_to_html(&p.body, link_base(model, p, &urls::root_prefix(path)))).unwrap_or_default(),
            "summary": intro.map(|p| p.front.summary.clone()).unwrap_or_default(),
            "pages": entries,
            "folders": folders,
        }),
    );
    let template = intro
        .and_then(|p| p.front.template.as_deref())
        .unwrap_or("folder.html");
    PageContext::new(template, ctx)
}

/// The 404 page's context: links are absolute (with the base path), since the page
/// is served at any depth.
pub fn not_found_context(model: &SiteModel) -> Vars {
    let mut ctx = base_context(model, "", "404", "页面未找到");
    ctx.insert("root", &model.site.config.base_path);
    // A page served at any missing address is no copy of the home page.
    ctx.insert("canonical", "");
    ctx
}
