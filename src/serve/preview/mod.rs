//! The preview's state and its rebuilds: a full build into memory at start and on
//! `site.yaml` changes; after that, only what a change touches is rendered again.

use super::affected::{removed_pages, vanished, Touched};
use super::store::Store;
use super::watch::ChangeSet;
use crate::assemble::{assemble, check_asset_paths, PageSpec, SiteModel};
use crate::build::{
    cannot_write, leak_diagnostics, plan, write_build_info, write_exports, ExportParts,
};
use crate::diag::Diagnostics;
use crate::exports::Datasets;
use crate::kinds::REGISTRY;
use crate::model::Day;
use crate::publish::publish_reusing;
use crate::render::{render_extras, render_pages, Renderer};
use crate::search::SearchIndex;
use crate::sink::{MemorySink, PrivacyGuard, Sink};
use crate::site::Site;
use crate::theme::load_theme;
use crate::validate::validate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;
use std::time::{Duration, Instant};

mod theme;

/// Runs `write` against an in-memory sink behind the privacy guard: what it returned
/// and the files it wrote, or the guard's refusals.
fn in_memory<T>(
    write: impl FnOnce(&dyn Sink) -> Result<T, Diagnostics>,
) -> Result<(T, BTreeMap<String, Vec<u8>>), Diagnostics> {
    let mem = MemorySink::default();
    let guard = PrivacyGuard::new(&mem);
    let value = write(&guard)?;
    leak_diagnostics(guard.leaks())?;
    let files = mem
        .files
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    Ok((value, files))
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Report {
    pub pages_rendered: usize,
    pub pages_removed: usize,
    /// Search index files written (the manifest included).
    pub search_files: usize,
    /// Until the changed files were reloaded and checked on their own.
    pub checked: Duration,
    /// Until the cross-file checks ran.
    pub validated: Duration,
    /// Until the rules were applied (to the kinds whose files changed).
    pub published: Duration,
    /// Until the site model was recomputed.
    pub modelled: Duration,
    /// Until the changed pages were being served.
    pub pages_ready: Duration,
    /// Until exports, sitemap and feed were written again.
    pub exported: Duration,
    /// Until exports and the search index were updated too.
    pub total: Duration,
    /// Problems that did not stop the rebuild.
    pub warnings: Diagnostics,
}

/// The site being previewed.
pub struct Preview {
    root: PathBuf,
    as_of: Day,
    /// The site as on disk: files are reloaded as they change.
    site: Site,
    renderer: Renderer,
    /// The model the served pages were rendered from.
    model: SiteModel,
    /// The search index of `model`, as served.
    search: SearchIndex,
    /// What changed since the last successful rebuild (a rebuild that fails leaves its
    /// changes here, so the one that succeeds renders them too).
    pending: Touched,
    /// Templates changed since the last successful rebuild: every page is due.
    pending_templates: bool,
    /// The theme changed since the last successful rebuild: the 404 page and the
    /// theme's static files are due.
    pending_extras: bool,
    /// Theme static files that the theme no longer has.
    gone_statics: Vec<String>,
    /// The theme changed since `renderer` was made (it failed to load since).
    renderer_stale: bool,
    /// The next rebuild starts from scratch: `site.yaml` changed and has not built
    /// yet, or a rebuild failed after the served files had been partly updated.
    needs_full: bool,
    /// Warnings stop a rebuild (`--deny-warnings`).
    deny_warnings: bool,
}

impl Preview {
    /// The folder of the theme the site names now (`site.yaml` may have changed it).
    pub fn theme_dir(&self) -> std::path::PathBuf {
        self.site.config.theme_dir()
    }

    /// The path the site is served under (`base_url`'s), as its last build read it.
    pub fn base_path(&self) -> &str {
        &self.site.config.base_path
    }

    /// Builds the whole site into `store`: the same stages as `gongshi build`.
    pub fn open(root: &Path, as_of: Day, store: &Store) -> Result<(Preview, Report), Diagnostics> {
        Self::open_with(root, as_of, store, false)
    }

    /// [`Preview::open`], with warnings stopping every rebuild when `deny_warnings`.
    pub fn open_with(
        root: &Path,
        as_of: Day,
        store: &Store,
        deny_warnings: bool,
    ) -> Result<(Preview, Report), Diagnostics> {
        let start = Instant::now();
        let site = Site::open(root, None, Some(as_of))?;
        let theme = load_theme(&site.config);
        let (model, renderer, warnings) = plan(&site, theme, &mut Vec::new())?;
        if deny_warnings && !warnings.is_empty() {
            return Err(warnings.deny_warnings());
        }
        let search = SearchIndex::build(&model).map_err(|e| cannot_write("search/", e))?;
        let preview = Preview {
            root: root.to_path_buf(),
            as_of,
            site,
            renderer,
            model,
            search,
            pending: Touched::default(),
            pending_templates: false,
            pending_extras: false,
            gone_statics: Vec::new(),
            renderer_stale: false,
            needs_full: false,
            deny_warnings,
        };
        let mut report = preview.render_everything(store, start)?;
        report.warnings = warnings;
        Ok((preview, report))
    }

    /// Renders every page and writes every other file of the current model.
    fn render_everything(&self, store: &Store, start: Instant) -> Result<Report, Diagnostics> {
        let ((), files) = in_memory(|sink| {
            render_pages(&self.model, &self.renderer, &self.model.pages, sink)?;
            render_extras(&self.model, &self.renderer, sink)?;
            write_exports(&self.model, sink, &ExportParts::all())?;
            self.search
                .write(sink)
                .map_err(|e| cannot_write("search/", e))?;
            write_build_info(&self.model, sink, self.model.pages.len() + 1)
        })?;
        let search_files = files.keys().filter(|k| k.starts_with("search/")).count();
        let pages = self.model.pages.len();
        store.replace_all(files);
        let elapsed = start.elapsed();
        Ok(Report {
            pages_rendered: pages,
            search_files,
            pages_ready: elapsed,
            total: elapsed,
            ..Report::default()
        })
    }

    /// Applies a burst of changes. On error the store keeps the last good site.
    pub fn apply(&mut self, changes: &ChangeSet, store: &Store) -> Result<Report, Diagnostics> {
        let start = Instant::now();
        if changes.config || self.needs_full {
            // Until a full build succeeds, every rebuild is a full one (a broken
            // site.yaml must not be forgotten by the next data save).
            self.needs_full = true;
            let (fresh, report) =
                Preview::open_with(&self.root, self.as_of, store, self.deny_warnings)?;
            *self = fresh;
            return Ok(report);
        }
        self.pending_templates |= changes.templates;
        if changes.templates || changes.statics {
            self.pending_extras = true;
            self.renderer_stale = true;
        }
        let pending = &mut self.pending;
        self.site
            .reload(&changes.content, |old, new| pending.file_changed(old, new));
        let checked = start.elapsed();
        let theme = self.refresh_renderer();
        let valid = validate(&self.site);
        let validated = start.elapsed();
        let mut published = validated;
        let (valid, ()) = crate::diag::both(valid, theme)?;
        if self.deny_warnings && !valid.warnings().is_empty() {
            return Err(valid.warnings().clone().deny_warnings());
        }
        let warnings = valid.warnings().clone();
        let model = if self.pending.is_empty() {
            None
        } else {
            // A kind none of whose files changed keeps what it published.
            let (served, pending) = (&self.model.site, &self.pending);
            let public = publish_reusing(&valid, valid.as_of(), false, &|kind| {
                (!pending.kind_changed(kind)).then(|| served.kinds[kind].clone())
            });
            published = start.elapsed();
            let model = assemble(public)?;
            check_asset_paths(&model, self.renderer.theme()).into_result(())?;
            Some(model)
        };
        let report = if let Some(model) = model {
            let laps = Report {
                checked,
                validated,
                published,
                ..Report::default()
            };
            self.rebuild_touched(model, store, start, laps)?
        } else if self.pending_extras {
            self.rerender_theme(store, start)?
        } else {
            Report::default()
        };
        self.pending = Touched::default();
        self.pending_templates = false;
        self.pending_extras = false;
        self.gone_statics.clear();
        Ok(Report { warnings, ..report })
    }

    /// Renders the pages of `model` that the pending changes touch;
    /// then the exports and the parts of the search index that changed.
    fn rebuild_touched(
        &mut self,
        model: SiteModel,
        store: &Store,
        start: Instant,
        laps: Report,
    ) -> Result<Report, Diagnostics> {
        let modelled = start.elapsed();
        let specs: Vec<PageSpec> = if self.pending_templates {
            model.pages.clone()
        } else {
            self.pending.pages_due(&self.model, &model)
        };
        let mut removed = removed_pages(&self.model, &model, &self.pending);
        let pages_removed = removed.len();
        self.renderer.set_site(&model);
        let (rendered, files) = in_memory(|sink| {
            let rendered = render_pages(&model, &self.renderer, &specs, sink)?;
            if self.pending_extras {
                render_extras(&model, &self.renderer, sink)?;
            }
            Ok(rendered)
        })?;
        if self.pending_extras {
            removed.extend(self.gone_statics.iter().cloned());
        }
        store.update(files, &removed);
        let pages_ready = start.elapsed();

        // From here on the store holds the new pages: a failure must not leave the
        // rest of the preview behind them.
        self.needs_full = true;
        let touched = &self.pending;
        // A record's attachment comes and goes with the record.
        let assets_changed = touched.any_assets || model.site.assets != self.model.site.assets;
        let parts = ExportParts {
            datasets: Datasets(
                (0..REGISTRY.len())
                    .map(|k| touched.kind_changed(k))
                    .collect(),
            ),
            // The same pages (none gone, none new) give the same sitemap.
            sitemap: pages_removed > 0 || model.pages.len() != self.model.pages.len(),
            assets: assets_changed,
        };
        let search = &mut self.search;
        let ((exported, index), files) = in_memory(|sink| {
            write_exports(&model, sink, &parts)?;
            write_build_info(&model, sink, model.pages.len() + 1)?;
            let exported = start.elapsed();
            let index = search
                .update(&model)
                .map_err(|e| cannot_write("search/", e))?;
            index.write(sink).map_err(|e| cannot_write("search/", e))?;
            Ok((exported, index))
        })?;
        let search_files = index.put.len();
        let mut removed = index.removed;
        if assets_changed {
            let (old, new) = (&self.model.site.assets, &model.site.assets);
            removed.extend(vanished(old, new, |a| &a.target).map(|a| a.target.clone()));
        }
        if parts.sitemap {
            // A site that shrank below the size of one sitemap file has no index.
            let stale = store.paths_starting_with("sitemap-");
            removed.extend(stale.into_iter().filter(|p| !files.contains_key(p)));
        }
        store.update(files, &removed);
        self.needs_full = false;
        self.model = model;
        Ok(Report {
            pages_rendered: rendered,
            pages_removed,
            search_files,
            modelled,
            pages_ready,
            exported,
            total: start.elapsed(),
            ..laps
        })
    }
}
