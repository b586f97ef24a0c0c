//! Rendering a model's files into a sink: the pages, beside them the exports and the
//! search index, then `build-info.json`, every file passing the privacy guard and
//! counted; and the files that cover every record (`/data/`, sitemap, feed, assets).

use super::Timings;
use crate::assemble::SiteModel;
use crate::diag::{both, Diagnostic, Diagnostics};
use crate::exports::{self, Datasets};
use crate::progress::Progress;
use crate::render::{render_site, Renderer};
use crate::search;
use crate::sink::{DerivedMaker, PageFingerprint, PageMaker, PrivacyGuard, Producer, Sink};
use std::time::{Duration, Instant};

/// A sink that counts the files it passes on.
struct Counting<'a> {
    inner: &'a dyn Sink,
    count: std::sync::atomic::AtomicUsize,
}

impl Counting<'_> {
    fn one_more(&self) {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Sink for Counting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.one_more();
        self.inner.put(path, bytes)
    }

    fn put_parts(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        produce: Producer,
    ) -> std::io::Result<()> {
        self.one_more();
        self.inner.put_parts(path, fingerprint, produce)
    }

    fn put_page(
        &self,
        path: &str,
        fingerprint: PageFingerprint,
        make: PageMaker,
    ) -> std::io::Result<()> {
        self.one_more();
        self.inner.put_page(path, fingerprint, make)
    }

    fn pages_done(&self) -> std::io::Result<()> {
        self.inner.pages_done()
    }

    fn put_derived(
        &self,
        path: &str,
        from: &str,
        fingerprint: PageFingerprint,
        make: DerivedMaker,
    ) -> std::io::Result<()> {
        self.one_more();
        self.inner.put_derived(path, from, fingerprint, make)
    }
}

/// Renders pages, exports, search indexes, content assets and build-info into `sink`.
/// Fails if any output would carry a personal ID number. Returns the number of files.
pub fn render_into(
    model: &SiteModel,
    renderer: &Renderer,
    sink: &dyn Sink,
    progress: &Progress,
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let counting = Counting {
        inner: sink,
        count: Default::default(),
    };
    let guard = PrivacyGuard::new(&counting);
    // The pages keep both cores busy; the exports and the search index are mostly one
    // file at a time (the largest `.xlsx` alone took a core for a second at 100k), so
    // they run beside the pages and the idle core takes pages in the meantime.
    let ((stats, render_time), (rest, exports_time, search_time)) = rayon::join(
        || {
            timed(|| {
                let stats = render_site(model, renderer, &guard, &|| progress.page());
                progress.pages_done();
                stats
            })
        },
        || {
            let (exports, exports_time) =
                timed(|| write_exports(model, &guard, &ExportParts::all()));
            let (search, search_time) = timed(|| {
                search::write_indexes(model, &guard).map_err(|e| cannot_write("search/", e))
            });
            (both(exports, search), exports_time, search_time)
        },
    );
    // Indented: made beside the pages, within render's time.
    timings.push(("render", render_time));
    timings.push(("  exports", exports_time));
    timings.push(("  search", search_time));
    let (stats, _) = both(stats, rest)?;
    write_build_info(model, &guard, stats.pages)?;
    leak_diagnostics(guard.leaks())?;
    Ok(counting.count.into_inner())
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let value = f();
    (value, t.elapsed())
}

/// A file that could not be written.
pub fn cannot_write(what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostic::whole_file(what, format!("cannot write: {e}")).into()
}

/// Which of the files that cover every record to write again.
#[derive(Debug, Clone)]
pub struct ExportParts {
    pub datasets: Datasets,
    pub sitemap: bool,
    pub assets: bool,
}

impl ExportParts {
    pub fn all() -> ExportParts {
        ExportParts {
            datasets: Datasets::all(),
            sitemap: true,
            assets: true,
        }
    }
}

/// The files that cover every record, besides the search index: `/data/` exports,
/// sitemap, feed (always: it is small), and the content assets. (`robots.txt` is
/// written with the theme's static files, which may replace it.)
pub fn write_exports(
    model: &SiteModel,
    sink: &dyn Sink,
    parts: &ExportParts,
) -> Result<(), Diagnostics> {
    exports::write_datasets(model, sink, &parts.datasets).map_err(|e| cannot_write("data/", e))?;
    if parts.sitemap {
        for (name, bytes) in exports::sitemap_files(model) {
            sink.put(&name, &bytes)
                .map_err(|e| cannot_write(&name, e))?;
        }
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
    let bytes =
        exports::build_info(model, pages).map_err(|e| cannot_write("build-info.json", e))?;
    sink.put("build-info.json", &bytes)
        .map_err(|e| cannot_write("build-info.json", e))
}

/// Turns the privacy guard's refusals into diagnostics: the first few output files by
/// name (the first with what to do), the last of them saying how many more there are
/// (a number made by a template refuses every page).
pub fn leak_diagnostics(mut leaks: Vec<String>) -> Result<(), Diagnostics> {
    const NAMED: usize = 10;
    if leaks.is_empty() {
        return Ok(());
    }
    leaks.sort();
    let total = leaks.len();
    let named = total.min(NAMED);
    let hint = "find the number in content/, site.yaml or the theme (gongshi check reports where) and keep it only in `id_number:`; if check finds none, a template makes it (a value computed or joined there)";
    Err(leaks
        .into_iter()
        .take(NAMED)
        .enumerate()
        .map(|(i, path)| {
            let mut message =
                "output would contain a personal ID number (居民身份证号); the build was stopped"
                    .to_string();
            if i + 1 == named && total > named {
                message += &format!(
                    ", as would {} more output files not named here",
                    total - named
                );
            }
            let d = Diagnostic::whole_file(path, message);
            if i == 0 {
                d.with_hint(hint)
            } else {
                d
            }
        })
        .collect())
}
