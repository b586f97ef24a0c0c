//! Render: turns every planned page into HTML with the theme's Tera templates, in
//! parallel, handing each file to a [`Sink`] as soon as it is done (no page is kept).

mod fingerprint;
mod pages;
mod reports;

pub use fingerprint::{derived_fingerprint, Fingerprint, Vars};
pub use pages::{base_context, insert_listing, not_found_context, page_context, PageContext};

use crate::assemble::{PageSpec, SiteModel};
use crate::diag::{Diagnostic, Diagnostics};
use crate::sink::Sink;
use crate::theme::{self, Theme};
use crate::urls;
use crate::views::SiteView;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use tera::Tera;

/// The theme's templates, parsed once.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
    /// The values every page sees (tera's global context), as set by [`Renderer::set_site`].
    site: tera::Value,
    /// What every page shares, hashed when a sink first asks (see [`fingerprint`]).
    site_fingerprint: OnceLock<Fingerprint>,
}

fn tera_error_text(e: &tera::Error) -> String {
    with_causes(e.to_string(), e)
}

/// `message`, then what caused `e`, each after a colon.
fn with_causes(mut message: String, e: &tera::Error) -> String {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

impl Renderer {
    /// Parses the theme's templates (the built-in default theme fills in any template
    /// a custom theme leaves out).
    pub fn new(theme: Theme) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        let templates: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.text.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(reports::template_problems(&theme, &e));
        }
        Ok(Renderer {
            tera,
            theme,
            site: tera::Value::none(),
            site_fingerprint: OnceLock::new(),
        })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Sets the values every page sees.
    pub fn set_site(&mut self, model: &SiteModel) {
        self.site = tera::Value::from_serializable(&SiteView::new(model));
        self.tera
            .global_context()
            .insert_value("site", self.site.clone());
        self.site_fingerprint = OnceLock::new();
    }

    /// The fingerprint of what every page shares: this program, the templates and the
    /// values set by [`Renderer::set_site`].
    pub fn site_fingerprint(&self) -> Fingerprint {
        *self.site_fingerprint.get_or_init(|| {
            let templates: Vec<(&str, &str)> = self
                .theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str()))
                .collect();
            fingerprint::site_fingerprint(&templates, &[("site", &self.site)])
        })
    }

    /// The page's bytes. Rendered into bytes, not a `String`: the output is made of
    /// `str`s and cannot be anything but UTF-8, and checking it again took 2% of a
    /// build's CPU.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        if !self.tera.contains_template(template) {
            return Err(Diagnostic::whole_file(
                self.theme.shown_template(template),
                format!("template `{template}` does not exist in the theme"),
            ));
        }
        let mut page = Vec::with_capacity(PAGE_SIZE_HINT);
        self.tera
            .render_to(template, ctx, &mut page)
            .map_err(|e| self.render_problem(template, &e))?;
        Ok(page)
    }

    /// Where rendering `template` failed (in it, or in a template it includes or
    /// extends), and why.
    fn render_problem(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let hint = "check the template against the variables documented in README.md";
        let tera::ErrorKind::RenderingError(report) = e.kind() else {
            let message = tera_error_text(e);
            return Diagnostic::whole_file(self.theme.shown_template(template), message)
                .with_hint(hint);
        };
        let message = with_causes(report.message().to_string(), e);
        let name = Some(report.filename()).filter(|f| !f.is_empty());
        let span = report.span();
        Diagnostic::new(
            self.theme.shown_template(name.unwrap_or(template)),
            span.start_line,
            span.start_col + 1,
            message,
        )
        .with_hint(hint)
    }
}

/// Room made for a page before it is rendered: most of the default theme's pages
/// are 4-8 KB.
const PAGE_SIZE_HINT: usize = 8192;

/// Counts reported by [`render_site`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderStats {
    pub pages: usize,
}

/// Distinct problems kept while rendering (the rest are counted).
const MAX_PROBLEMS: usize = 50;

/// Problems collected while rendering in parallel. The same problem on many pages (a
/// template's mistake, met on each page it makes) is one problem, with how many pages
/// it stopped and the first of them: the same place in a template (its message may
/// name the page's values), or else the same words.
#[derive(Default)]
struct Problems(Mutex<ProblemList>);

#[derive(Default)]
struct ProblemList {
    /// Each problem (what makes it one, what was said), the pages it was met on (0:
    /// not a page's) and the first page.
    kept: Vec<(ProblemKey, Diagnostic, usize, String)>,
    /// The problems not kept, past [`MAX_PROBLEMS`].
    more: std::collections::HashSet<ProblemKey>,
}

/// What makes two problems one: the place in a template, or the whole diagnostic.
#[derive(PartialEq, Eq, Hash)]
enum ProblemKey {
    Place(std::path::PathBuf, usize, usize),
    Said(String),
}

impl ProblemKey {
    fn of(d: &Diagnostic, page: Option<&str>) -> ProblemKey {
        match page {
            Some(_) if d.line > 0 => ProblemKey::Place(d.file.clone(), d.line, d.column),
            _ => ProblemKey::Said(d.to_string()),
        }
    }
}

impl Problems {
    fn report(&self, d: Diagnostic) {
        self.note(d, None);
    }

    /// A problem met while rendering the page at the site-relative `page`.
    fn report_page(&self, d: Diagnostic, page: &str) {
        self.note(d, Some(page));
    }

    fn note(&self, d: Diagnostic, page: Option<&str>) {
        let key = ProblemKey::of(&d, page);
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, kept, pages, first)) = list.kept.iter_mut().find(|k| k.0 == key) {
            if let Some(page) = page {
                *pages += 1;
                // The first by path (the same whichever thread met it first), with
                // what was said of it.
                if page < first.as_str() {
                    *first = page.to_string();
                    *kept = d;
                }
            }
        } else if list.kept.len() < MAX_PROBLEMS {
            let pages = usize::from(page.is_some());
            list.kept
                .push((key, d, pages, page.unwrap_or("").to_string()));
        } else {
            list.more.insert(key);
        }
    }

    fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        let list = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        if list.kept.is_empty() {
            return Ok(value);
        }
        let mut diags = Diagnostics::new();
        for (_, mut d, pages, first) in list.kept {
            d.message = match pages {
                0 => d.message,
                1 => format!("rendering /{first}: {}", d.message),
                n => format!("rendering {n} pages, the first /{first}: {}", d.message),
            };
            diags.push(d);
        }
        if !list.more.is_empty() {
            diags.push(Diagnostic::whole_file(
                "templates",
                format!(
                    "and {} more problems while rendering, not shown",
                    list.more.len()
                ),
            ));
        }
        Err(diags)
    }
}

fn render_pages_into(
    model: &SiteModel,
    renderer: &Renderer,
    specs: &[PageSpec],
    sink: &dyn Sink,
    tick: &(dyn Fn() + Sync),
    problems: &Problems,
) -> usize {
    let count = AtomicUsize::new(0);
    specs.par_iter().for_each(|&spec| {
        let PageContext { template, vars } = page_context(model, spec);
        let path = model.path_of(spec);
        let file = urls::index_file(&path);
        let fingerprint = || vars.fingerprint(renderer.site_fingerprint(), &path, &template);
        let mut rendered = true;
        let mut make = || match renderer.render(&template, vars.context()) {
            Ok(html) => Some(html),
            Err(problem) => {
                rendered = false;
                problems.report_page(problem, &path);
                None
            }
        };
        match sink.put_page(&file, &fingerprint, &mut make) {
            Ok(()) if rendered => {
                count.fetch_add(1, Ordering::Relaxed);
            }
            Ok(()) => {}
            Err(e) => problems.report(Diagnostic::whole_file(file, format!("cannot write: {e}"))),
        }
        tick();
    });
    count.into_inner()
}

fn render_extras_into(
    model: &SiteModel,
    renderer: &Renderer,
    sink: &dyn Sink,
    problems: &Problems,
) {
    match renderer.render("404.html", not_found_context(model).context()) {
        Ok(html) => {
            if let Err(e) = sink.put("404.html", &html) {
                problems.report(Diagnostic::whole_file(
                    "404.html",
                    format!("cannot write: {e}"),
                ));
            }
        }
        Err(problem) => problems.report_page(problem, "404.html"),
    }
    // A theme's own static/robots.txt replaces the one gongshi writes.
    if !renderer
        .theme
        .statics
        .iter()
        .any(|(name, _)| name == "robots.txt")
    {
        let robots = crate::exports::robots_txt(model);
        if let Err(e) = sink.put("robots.txt", robots.as_bytes()) {
            problems.report(Diagnostic::whole_file(
                "robots.txt",
                format!("cannot write: {e}"),
            ));
        }
    }
    if let Err(e) = theme::copy_static(&renderer.theme, sink) {
        problems.report(Diagnostic::whole_file(
            renderer.theme.dir.join("static"),
            format!("cannot copy static files: {e}"),
        ));
    }
}

/// Renders the given pages of `model` into `sink`; returns how many were written.
pub fn render_pages(
    model: &SiteModel,
    renderer: &Renderer,
    specs: &[PageSpec],
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let problems = Problems::default();
    let n = render_pages_into(model, renderer, specs, sink, &|| {}, &problems);
    problems.finish(n)
}

/// Renders the 404 page and copies the theme's static files into `sink`.
pub fn render_extras(
    model: &SiteModel,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    let problems = Problems::default();
    render_extras_into(model, renderer, sink, &problems);
    problems.finish(())
}

/// Renders every page of `model`, the 404 page and the theme's static files into `sink`.
/// `tick` is called once per page (progress).
pub fn render_site(
    model: &SiteModel,
    renderer: &Renderer,
    sink: &dyn Sink,
    tick: &(dyn Fn() + Sync),
) -> Result<RenderStats, Diagnostics> {
    let problems = Problems::default();
    let pages = render_pages_into(model, renderer, &model.pages, sink, tick, &problems);
    if let Err(e) = sink.pages_done() {
        problems.report(
            Diagnostic::whole_file(
                "output",
                format!("cannot write the record of the pages beside the output folder: {e}"),
            )
            .with_hint(
                "check that the folder holding the output has free space and can be written",
            ),
        );
    }
    render_extras_into(model, renderer, sink, &problems);
    problems.finish(RenderStats { pages: pages + 1 })
}
