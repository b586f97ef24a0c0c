//! The preview's state and its rebuilds: a full build into memory at start and on
//! `site.yaml` changes; after that, only what a change touches is rendered again.

use super::store::Store;
use super::watch::ChangeSet;
use crate::assemble::{assemble, PageSpec, SiteModel};
use crate::build::{leak_diagnostics, write_data_files};
use crate::config::{load_config, SiteConfig};
use crate::diag::Diagnostics;
use crate::load::{content_files, load_one, LoadedFile};
use crate::model::{Day, PartyType};
use crate::publish::{decision_id, publish};
use crate::render::{render_extras, render_pages, Renderer};
use crate::sink::{MemorySink, PrivacyGuard};
use crate::theme::load_theme;
use crate::urls;
use crate::validate::{check_duplicates, check_file, ValidSite};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Cached {
    file: LoadedFile,
    /// Load and per-file validation problems.
    diags: Diagnostics,
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Report {
    pub pages_rendered: usize,
    pub pages_removed: usize,
    /// Until the changed pages were being served.
    pub pages_ready: Duration,
    /// Until exports and search indexes were updated too.
    pub total: Duration,
}

/// The site being previewed.
pub struct Preview {
    site: PathBuf,
    as_of: Day,
    config: SiteConfig,
    renderer: Renderer,
    files: BTreeMap<PathBuf, Cached>,
    model: SiteModel,
}

/// Site paths (pages or page prefixes) that a data file's records show up on.
fn touched_paths(file: &LoadedFile, out: &mut HashSet<String>) {
    let entity = |uscc: &str| urls::entity(uscc);
    match file {
        LoadedFile::Batch(f) => {
            out.insert(urls::batch(&f.slug));
            out.extend(f.records.iter().map(|r| entity(&r.value.uscc)));
        }
        LoadedFile::List(f) => {
            out.insert(urls::list(&f.slug));
            out.extend(f.entries.iter().map(|e| entity(&e.value.uscc)));
        }
        LoadedFile::Penalties(f) => {
            for r in f.records.iter().map(|i| &i.value) {
                out.insert(urls::penalty(&decision_id(
                    &r.authority_uscc,
                    &r.decision_no,
                )));
                if let (Some(u), false) = (&r.uscc, r.party_type == PartyType::Person) {
                    out.insert(entity(u));
                }
            }
        }
        LoadedFile::Licences(f) => {
            for r in f.records.iter().map(|i| &i.value) {
                out.insert(urls::licence(&decision_id(
                    &r.authority_uscc,
                    &r.decision_no,
                )));
                if let (Some(u), false) = (&r.uscc, r.party_type == PartyType::Person) {
                    out.insert(entity(u));
                }
            }
        }
        LoadedFile::Page(p) => {
            out.insert(p.path.clone());
        }
        LoadedFile::Asset(_) | LoadedFile::Nothing => {}
    }
}

/// Which kinds of listing a set of changed files affects.
#[derive(Default)]
struct Kinds {
    grades: bool,
    lists: bool,
    penalties: bool,
    licences: bool,
    pages: bool,
}

impl Kinds {
    fn add(&mut self, file: &LoadedFile) {
        match file {
            LoadedFile::Batch(_) => self.grades = true,
            LoadedFile::List(_) => self.lists = true,
            LoadedFile::Penalties(_) => self.penalties = true,
            LoadedFile::Licences(_) => self.licences = true,
            LoadedFile::Page(_) => self.pages = true,
            _ => {}
        }
    }

    /// Whether a page must be rendered again, given the paths touched.
    fn needs(&self, spec: PageSpec, path: &str, touched: &HashSet<String>) -> bool {
        match spec {
            PageSpec::Home | PageSpec::DataIndex | PageSpec::EntitiesIndex { .. } => true,
            PageSpec::GradesIndex => self.grades,
            PageSpec::ListsIndex => self.lists,
            PageSpec::Penalties { .. } => self.penalties,
            PageSpec::Licences { .. } => self.licences,
            PageSpec::GradeBatch { page, .. } => {
                let base = if page > 1 {
                    path.split("page/").next().unwrap_or(path)
                } else {
                    path
                };
                touched.contains(base)
            }
            PageSpec::Search => false,
            _ => touched.contains(path),
        }
    }
}

fn page_paths(model: &SiteModel) -> HashSet<String> {
    model
        .pages
        .iter()
        .map(|&s| urls::index_file(&model.path_of(s)))
        .collect()
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
        let mut preview = Preview {
            site: site.to_path_buf(),
            as_of,
            config,
            renderer,
            files,
            model,
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
        let valid = ValidSite::from_files(
            config.clone(),
            files.values().map(|c| c.file.records_only()),
        );
        assemble(publish(valid, as_of))
    }

    fn render_everything(&mut self, store: &Store, start: Instant) -> Result<Report, Diagnostics> {
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        render_pages(&self.model, &self.renderer, &self.model.pages, &guard)?;
        render_extras(&self.model, &self.renderer, &guard)?;
        write_data_files(
            &self.model,
            &guard,
            self.model.pages.len() + 1,
            &mut Vec::new(),
        )?;
        leak_diagnostics(guard.leaks())?;
        let files = mem.files.into_inner().unwrap_or_default();
        let pages = self.model.pages.len();
        store.replace_all(files);
        let elapsed = start.elapsed();
        Ok(Report {
            pages_rendered: pages,
            pages_removed: 0,
            pages_ready: elapsed,
            total: elapsed,
        })
    }

    /// Applies a burst of changes. On error the store keeps the last good site.
    pub fn apply(&mut self, changes: &ChangeSet, store: &Store) -> Result<Report, Diagnostics> {
        let start = Instant::now();
        if changes.config {
            let (fresh, report) = Preview::open(&self.site, self.as_of, store)?;
            *self = fresh;
            return Ok(report);
        }
        if changes.templates || changes.statics {
            let theme = load_theme(&self.config.root, &self.config.theme)?;
            let mut renderer = Renderer::new(theme)?;
            renderer.set_site(&self.model);
            self.renderer = renderer;
        }
        if changes.content.is_empty() {
            return self.render_everything(store, start);
        }
        self.apply_content(
            &changes.content,
            changes.templates || changes.statics,
            store,
            start,
        )
    }

    /// Reloads the changed content files and renders what they touch.
    fn apply_content(
        &mut self,
        changed: &std::collections::BTreeSet<PathBuf>,
        theme_changed: bool,
        store: &Store,
        start: Instant,
    ) -> Result<Report, Diagnostics> {
        let mut touched = HashSet::new();
        let mut kinds = Kinds::default();
        let mut assets_changed = false;
        for path in self.expand(changed) {
            if let Some(old) = self.files.remove(&path) {
                touched_paths(&old.file, &mut touched);
                kinds.add(&old.file);
                assets_changed |= matches!(old.file, LoadedFile::Asset(_));
            }
            if path.is_file() {
                let (file, mut d) = load_one(&self.config, &path);
                d.extend(check_file(&self.config, &file));
                touched_paths(&file, &mut touched);
                kinds.add(&file);
                assets_changed |= matches!(file, LoadedFile::Asset(_));
                self.files.insert(path, Cached { file, diags: d });
            }
        }
        let mut diags = Diagnostics::new();
        for c in self.files.values() {
            diags.extend(c.diags.clone());
        }
        diags.extend(check_duplicates(self.files.values().map(|c| &c.file)));
        if !diags.is_empty() {
            return Err(diags);
        }
        let model = Self::model(&self.config, &self.files, self.as_of)?;
        if kinds.pages {
            touched.insert(urls::HOME.to_string());
        }
        let specs: Vec<PageSpec> = if theme_changed {
            model.pages.clone()
        } else {
            model
                .pages
                .iter()
                .copied()
                .filter(|&s| kinds.needs(s, &model.path_of(s), &touched))
                .collect()
        };
        let before = page_paths(&self.model);
        let after = page_paths(&model);
        let removed: Vec<String> = before.difference(&after).cloned().collect();

        self.renderer.set_site(&model);
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        let rendered = render_pages(&model, &self.renderer, &specs, &guard)?;
        if theme_changed {
            render_extras(&model, &self.renderer, &guard)?;
        }
        leak_diagnostics(guard.leaks())?;
        store.update(mem.files.into_inner().unwrap_or_default(), &removed, None);
        let pages_ready = start.elapsed();

        // Exports, feeds and the search index follow (they cover every record).
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        write_data_files(&model, &guard, model.pages.len() + 1, &mut Vec::new())?;
        leak_diagnostics(guard.leaks())?;
        let mut stale_assets = Vec::new();
        if assets_changed {
            let live: HashSet<&str> = model
                .site
                .assets
                .iter()
                .map(|a| a.target.as_str())
                .collect();
            stale_assets.extend(
                self.model
                    .site
                    .assets
                    .iter()
                    .filter(|a| !live.contains(a.target.as_str()))
                    .map(|a| a.target.clone()),
            );
        }
        store.update(
            mem.files.into_inner().unwrap_or_default(),
            &stale_assets,
            Some("search/"),
        );
        self.model = model;
        Ok(Report {
            pages_rendered: rendered,
            pages_removed: removed.len(),
            pages_ready,
            total: start.elapsed(),
        })
    }

    /// Changed paths, with a folder standing for every cached file below it and every
    /// file now on disk below it (a folder renamed or deleted in one go).
    fn expand(&self, changed: &std::collections::BTreeSet<PathBuf>) -> Vec<PathBuf> {
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
