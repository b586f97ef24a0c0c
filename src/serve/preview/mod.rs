//! The preview's state and its rebuilds: a full build into memory at start and on
//! `site.yaml` changes; after that, only what a change touches is rendered again.

use super::affected::{removed_pages, vanished, Touched};
use super::store::Store;
use super::watch::ChangeSet;
use crate::assemble::{assemble, PageSpec, SiteModel};
use crate::build::{
    cannot_write, leak_diagnostics, write_build_info, write_export_parts, write_exports,
    ExportParts,
};
use crate::config::{load_config, SiteConfig};
use crate::diag::Diagnostics;
use crate::exports::Datasets;
use crate::load::{content_files, load_one, LoadedFile};
use crate::model::Day;
use crate::publish::publish;
use crate::render::{render_extras, render_pages, Renderer};
use crate::search::SearchIndex;
use crate::sink::{MemorySink, PrivacyGuard, Sink};
use crate::theme::load_theme;
use crate::validate::{check_duplicates, check_file, ValidSite};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod theme;

struct Cached {
    file: LoadedFile,
    /// Load and per-file validation problems.
    diags: Diagnostics,
}

/// Runs `write` against an in-memory sink behind the privacy guard: what it returned
/// and the files it wrote, or the guard's refusals.
fn in_memory<T>(
    write: impl FnOnce(&dyn Sink) -> Result<T, Diagnostics>,
) -> Result<(T, BTreeMap<String, Vec<u8>>), Diagnostics> {
    let mem = MemorySink::default();
    let guard = PrivacyGuard::new(&mem);
    let value = write(&guard)?;
    leak_diagnostics(guard.leaks())?;
    Ok((value, mem.files.into_inner().unwrap_or_default()))
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
    /// Until the cross-file checks ran and the site model was recomputed.
    pub modelled: Duration,
    /// Until the changed pages were being served.
    pub pages_ready: Duration,
    /// Until exports, sitemap and feed were written again.
    pub exported: Duration,
    /// Until exports and the search index were updated too.
    pub total: Duration,
}

/// The site being previewed.
pub struct Preview {
    site: PathBuf,
    as_of: Day,
    config: SiteConfig,
    renderer: Renderer,
    files: BTreeMap<PathBuf, Cached>,
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
}

impl Preview {
    /// Builds the whole site into `store`.
    pub fn open(site: &Path, as_of: Day, store: &Store) -> Result<(Preview, Report), Diagnostics> {
        let start = Instant::now();
        let config = load_config(site, None)?;
        let (files, diags) = Self::load_all(&config);
        let theme = load_theme(&config.root, &config.theme);
        let mut all = diags;
        if let Err(d) = &theme {
            all.extend(d.clone());
        }
        if !all.is_empty() {
            return Err(all);
        }
        let mut renderer = Renderer::new(theme?)?;
        let model = Self::model(&config, &files, as_of)?;
        renderer.set_site(&model);
        let search = SearchIndex::build(&model);
        let preview = Preview {
            site: site.to_path_buf(),
            as_of,
            config,
            renderer,
            files,
            model,
            search,
            pending: Touched::default(),
            pending_templates: false,
            pending_extras: false,
            gone_statics: Vec::new(),
            renderer_stale: false,
            needs_full: false,
        };
        let report = preview.render_everything(store, start)?;
        Ok((preview, report))
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    fn load_all(config: &SiteConfig) -> (BTreeMap<PathBuf, Cached>, Diagnostics) {
        let (paths, mut diags) = content_files(config);
        let mut files = BTreeMap::new();
        for path in paths {
            let (file, mut d) = load_one(config, &path);
            d.extend(check_file(config, &file));
            diags.extend(d.clone());
            files.insert(path, Cached { file, diags: d });
        }
        diags.extend(check_duplicates(files.values().map(|c| &c.file)));
        (files, diags)
    }

    fn model(
        config: &SiteConfig,
        files: &BTreeMap<PathBuf, Cached>,
        as_of: Day,
    ) -> Result<SiteModel, Diagnostics> {
        let cached: Vec<&Cached> = files.values().collect();
        let copies: Vec<LoadedFile> = cached.par_iter().map(|c| c.file.records_only()).collect();
        let valid = ValidSite::from_files(config.clone(), copies);
        assemble(publish(valid, as_of))
    }

    /// Renders every page and writes every other file of the current model.
    fn render_everything(&self, store: &Store, start: Instant) -> Result<Report, Diagnostics> {
        let ((), files) = in_memory(|sink| {
            render_pages(&self.model, &self.renderer, &self.model.pages, sink)?;
            render_extras(&self.model, &self.renderer, sink)?;
            write_exports(&self.model, sink)?;
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

    /// Every load and validation problem of the site as it is on disk now.
    fn problems(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for c in self.files.values() {
            diags.extend(c.diags.clone());
        }
        diags.extend(check_duplicates(self.files.values().map(|c| &c.file)));
        diags
    }

    /// Applies a burst of changes. On error the store keeps the last good site.
    pub fn apply(&mut self, changes: &ChangeSet, store: &Store) -> Result<Report, Diagnostics> {
        let start = Instant::now();
        if changes.config || self.needs_full {
            // Until a full build succeeds, every rebuild is a full one (a broken
            // site.yaml must not be forgotten by the next data save).
            self.needs_full = true;
            let (fresh, report) = Preview::open(&self.site, self.as_of, store)?;
            *self = fresh;
            return Ok(report);
        }
        self.pending_templates |= changes.templates;
        if changes.templates || changes.statics {
            self.pending_extras = true;
            self.renderer_stale = true;
        }
        self.reload(&changes.content);
        let checked = start.elapsed();
        // When every file is fine on its own, the model is worked out while the
        // cross-file checks run (it is dropped if they find a problem).
        let speculate = !self.pending.is_empty() && self.files.values().all(|c| c.diags.is_empty());
        let (mut problems, model) = if speculate {
            let (problems, model) = rayon::join(
                || self.problems(),
                || Self::model(&self.config, &self.files, self.as_of),
            );
            (problems, Some(model))
        } else {
            (self.problems(), None)
        };
        if let Err(d) = self.refresh_renderer() {
            problems.extend(d);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let report = if !self.pending.is_empty() {
            let model = match model {
                Some(model) => model?,
                None => Self::model(&self.config, &self.files, self.as_of)?,
            };
            self.rebuild_touched(model, store, start, checked)?
        } else if self.pending_extras {
            self.rerender_theme(store, start)?
        } else {
            Report::default()
        };
        self.pending = Touched::default();
        self.pending_templates = false;
        self.pending_extras = false;
        self.gone_statics.clear();
        Ok(report)
    }

    /// Reloads the changed content files and notes which records differ.
    fn reload(&mut self, changed: &BTreeSet<PathBuf>) {
        for path in self.expand(changed) {
            let old = self.files.remove(&path);
            let new = path.is_file().then(|| {
                let (file, mut d) = load_one(&self.config, &path);
                d.extend(check_file(&self.config, &file));
                Cached { file, diags: d }
            });
            self.pending
                .file_changed(old.as_ref().map(|c| &c.file), new.as_ref().map(|c| &c.file));
            if let Some(new) = new {
                self.files.insert(path, new);
            }
        }
    }

    /// Renders the pages of `model` that the pending changes touch;
    /// then the exports and the parts of the search index that changed.
    fn rebuild_touched(
        &mut self,
        model: SiteModel,
        store: &Store,
        start: Instant,
        checked: Duration,
    ) -> Result<Report, Diagnostics> {
        let modelled = start.elapsed();
        let specs: Vec<PageSpec> = if self.pending_templates {
            model.pages.clone()
        } else {
            model
                .pages
                .iter()
                .copied()
                .filter(|&s| self.pending.needs(&self.model, &model, s))
                .collect()
        };
        let mut removed = removed_pages(&self.model, &model);
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
        let parts = ExportParts {
            datasets: Datasets {
                grades: touched.any_grades,
                lists: touched.any_lists,
                penalties: touched.any_penalties,
                licences: touched.any_licences,
            },
            // The same pages (none gone, none new) give the same sitemap.
            sitemap: pages_removed > 0 || model.pages.len() != self.model.pages.len(),
            assets: touched.any_assets,
        };
        let search = &mut self.search;
        let ((exported, index), files) = in_memory(|sink| {
            write_export_parts(&model, sink, parts)?;
            write_build_info(&model, sink, model.pages.len() + 1)?;
            let exported = start.elapsed();
            let index = search.update(&model);
            index.write(sink).map_err(|e| cannot_write("search/", e))?;
            Ok((exported, index))
        })?;
        let search_files = index.put.len();
        let mut removed = index.removed;
        if self.pending.any_assets {
            let (old, new) = (&self.model.site.assets, &model.site.assets);
            removed.extend(vanished(old, new, |a| &a.target).map(|a| a.target.clone()));
        }
        store.update(files, &removed);
        self.needs_full = false;
        self.model = model;
        Ok(Report {
            pages_rendered: rendered,
            pages_removed,
            search_files,
            checked,
            modelled,
            pages_ready,
            exported,
            total: start.elapsed(),
        })
    }

    /// Changed paths, with a folder standing for every cached file below it and every
    /// file now on disk below it (a folder renamed or deleted in one go).
    fn expand(&self, changed: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for path in changed {
            if path.is_dir() {
                out.extend(
                    walkdir::WalkDir::new(path)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path()),
                );
            }
            out.extend(
                self.files
                    .keys()
                    .filter(|k| k.starts_with(path) && *k != path)
                    .cloned(),
            );
            if !path.is_dir() {
                out.push(path.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
