//! The build pipeline, stage by stage: config → load → validate → publish → assemble →
//! render → search → write. `check`, `build` and `serve` all run it from here.

use crate::assemble::{assemble, SiteModel};
use crate::config::load_config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::exports;
use crate::load::load_site;
use crate::model::Day;
use crate::publish::{publish, Published};
use crate::render::{render_site, Renderer};
use crate::rules::Withheld;
use crate::search;
use crate::sink::{PrivacyGuard, Sink};
use crate::theme::load_theme;
use crate::validate::validate;
use crate::write::{check_output_dir, Staging};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long each stage took, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// What to build, as given on the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    pub output: Option<PathBuf>,
    pub as_of: Day,
    pub base_url: Option<String>,
    /// Show a progress bar (only when stdout is a terminal).
    pub progress: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site.join("output"))
    }
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub as_of: String,
    pub published: Published,
    pub withheld: BTreeMap<Withheld, usize>,
    pub entities: usize,
    pub pages: usize,
    pub files: usize,
    pub output: Option<PathBuf>,
    pub timings: Timings,
}

/// Runs the stages up to and including assemble, and parses the theme.
pub fn prepare(opts: &BuildOptions) -> Result<(SiteModel, Renderer, Timings), Diagnostics> {
    let mut timings = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, t.elapsed()));
        t = Instant::now();
    };
    let config = load_config(&opts.site, opts.base_url.as_deref())?;
    let theme = load_theme(&config.root, &config.theme);
    let (loaded, load_problems) = load_site(&config);
    lap("load", &mut timings);
    let valid = validate(config, loaded, load_problems);
    lap("validate", &mut timings);
    // Report theme problems together with data problems.
    let (valid, theme) = match (valid, theme) {
        (Ok(v), Ok(t)) => (v, t),
        (v, t) => {
            let mut d = Diagnostics::new();
            if let Err(e) = v {
                d.extend(e);
            }
            if let Err(e) = t {
                d.extend(e);
            }
            return Err(d);
        }
    };
    let public = publish(valid, opts.as_of);
    lap("publish", &mut timings);
    let model = assemble(public)?;
    lap("assemble", &mut timings);
    let mut renderer = Renderer::new(theme)?;
    renderer.set_site(&model);
    lap("templates", &mut timings);
    Ok((model, renderer, timings))
}

/// Validates everything and plans the site, writing nothing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    let (model, _, timings) = prepare(opts)?;
    Ok(summary_of(&model, 0, timings))
}

fn summary_of(model: &SiteModel, files: usize, timings: Timings) -> Summary {
    Summary {
        as_of: model.site.as_of.to_string(),
        published: model.site.published.clone(),
        withheld: model.site.withheld.clone(),
        entities: model.entities.len(),
        pages: model.pages.len() + 1,
        files,
        output: None,
        timings,
    }
}

/// A sink that counts the files it passes on.
struct Counting<'a> {
    inner: &'a dyn Sink,
    count: std::sync::atomic::AtomicUsize,
}

impl Sink for Counting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(path, bytes)
    }
}

/// Renders pages, exports, search indexes, content assets and build-info into `sink`.
/// Fails if any output would carry a personal ID number. Returns the number of files.
pub fn render_into(
    model: &SiteModel,
    renderer: &Renderer,
    sink: &dyn Sink,
    tick: &(dyn Fn() + Sync),
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let counting = Counting {
        inner: sink,
        count: Default::default(),
    };
    let guard = PrivacyGuard::new(&counting);
    let t = Instant::now();
    let stats = render_site(model, renderer, &guard, tick)?;
    timings.push(("render", t.elapsed()));
    write_data_files(model, &guard, stats.pages, timings)?;
    leak_diagnostics(guard.leaks())?;
    Ok(counting.count.into_inner())
}

/// A file that could not be written.
pub fn cannot_write(what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostic::whole_file(what, format!("cannot write: {e}")).into()
}

/// Writes everything that is not a page: `/data/` exports, sitemap, feed, content
/// assets, the search index and `build-info.json`.
pub fn write_data_files(
    model: &SiteModel,
    sink: &dyn Sink,
    pages: usize,
    timings: &mut Timings,
) -> Result<(), Diagnostics> {
    let t = Instant::now();
    write_exports(model, sink)?;
    timings.push(("exports", t.elapsed()));
    let t = Instant::now();
    search::write_indexes(model, sink).map_err(|e| cannot_write("search/", e))?;
    timings.push(("search", t.elapsed()));
    write_build_info(model, sink, pages)
}

/// Which of the files that cover every record to write again.
#[derive(Debug, Clone, Copy)]
pub struct ExportParts {
    pub datasets: exports::Datasets,
    pub sitemap: bool,
    pub assets: bool,
}

impl ExportParts {
    pub const ALL: ExportParts = ExportParts {
        datasets: exports::Datasets::ALL,
        sitemap: true,
        assets: true,
    };
}

/// The files that cover every record, besides the search index: `/data/` exports,
/// sitemap, feed, and the content assets.
pub fn write_exports(model: &SiteModel, sink: &dyn Sink) -> Result<(), Diagnostics> {
    write_export_parts(model, sink, ExportParts::ALL)
}

/// Some of [`write_exports`] (the feed is always written: it is small).
pub fn write_export_parts(
    model: &SiteModel,
    sink: &dyn Sink,
    parts: ExportParts,
) -> Result<(), Diagnostics> {
    exports::write_datasets(model, sink, parts.datasets).map_err(|e| cannot_write("data/", e))?;
    if parts.sitemap {
        sink.put("sitemap.xml", &exports::sitemap_xml(model))
            .map_err(|e| cannot_write("sitemap.xml", e))?;
    }
    sink.put("feed.xml", &exports::feed_xml(model))
        .map_err(|e| cannot_write("feed.xml", e))?;
    if parts.assets {
        for asset in &model.site.assets {
            sink.copy_file(&asset.target, &asset.source)
                .map_err(|e| cannot_write(&asset.target, e))?;
        }
    }
    Ok(())
}

pub fn write_build_info(
    model: &SiteModel,
    sink: &dyn Sink,
    pages: usize,
) -> Result<(), Diagnostics> {
    sink.put("build-info.json", &exports::build_info(model, pages))
        .map_err(|e| cannot_write("build-info.json", e))
}

/// Turns the privacy guard's refusals into diagnostics.
pub fn leak_diagnostics(leaks: Vec<String>) -> Result<(), Diagnostics> {
    if leaks.is_empty() {
        return Ok(());
    }
    Err(leaks
        .into_iter()
        .map(|path| {
            Diagnostic::whole_file(path, "output would contain a personal ID number (居民身份证号); the build was stopped")
                .with_hint("find the number in content/ (gongshi check reports where) and keep it only in `id_number:`")
        })
        .collect())
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files (exit 1).
    Site(Diagnostics),
}

/// Builds the site into a staging folder and swaps it in as the output folder.
pub fn build(opts: &BuildOptions) -> Result<Summary, BuildError> {
    let output = opts.output_dir();
    if let Err(msg) = check_output_dir(&output, &opts.site) {
        return Err(BuildError::Site(
            Diagnostic::whole_file(&output, msg).into(),
        ));
    }
    let (model, renderer, mut timings) = prepare(opts).map_err(BuildError::Site)?;
    let staging = Staging::new(&output).map_err(|e| {
        BuildError::Site(
            Diagnostic::whole_file(
                &output,
                format!("cannot create a staging folder beside it: {e}"),
            )
            .into(),
        )
    })?;
    let bar = crate::progress::bar(model.pages.len() as u64, opts.progress);
    let tick = || bar.inc(1);
    let files =
        render_into(&model, &renderer, &staging, &tick, &mut timings).map_err(BuildError::Site)?;
    bar.finish_and_clear();
    let t = Instant::now();
    staging.commit().map_err(|e| {
        BuildError::Site(
            Diagnostic::whole_file(&output, format!("cannot replace the output folder: {e}"))
                .into(),
        )
    })?;
    timings.push(("swap", t.elapsed()));
    let mut summary = summary_of(&model, files, timings);
    summary.output = Some(output);
    Ok(summary)
}
