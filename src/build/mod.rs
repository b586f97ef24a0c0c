//! The build: [`Site::open`] → validate → publish → assemble → render → search →
//! write. `check` runs it up to the plan of pages; `build` writes everything into a
//! staging folder and swaps it in. `serve` drives the same stages (see
//! [`crate::serve`]).

mod outputs;

pub use outputs::{
    cannot_write, leak_diagnostics, render_into, write_build_info, write_exports, ExportParts,
};

use crate::assemble::SiteModel;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ledger::{Ledger, Moved};

use crate::model::Day;
pub use crate::plan::{plan, plan_model, plan_public};
use crate::progress::Progress;
use crate::render::Renderer;
use crate::rules::{RulesProfile, RulesSetting, Withheld};
use crate::sink::{PageFingerprint, Producer, Sink};
use crate::site::Site;
use crate::theme::load_theme;
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
    /// Default: today in the site's time zone.
    pub as_of: Option<Day>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    pub base_url: Option<String>,
    /// Show a progress bar (only when stdout is a terminal).
    pub progress: bool,
    /// Leave `ledger.csv` alone (a preview, a read-only site folder).
    pub no_ledger: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site.join("output"))
    }
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone)]
pub struct Summary {
    pub as_of: String,
    /// Published counts by name (as in `build-info.json`).
    pub published: BTreeMap<&'static str, usize>,
    /// What each kind published, in words.
    pub published_words: Vec<String>,
    pub withheld: BTreeMap<Withheld, usize>,
    pub entities: usize,
    pub pages: usize,
    pub files: usize,
    pub output: Option<PathBuf>,
    pub timings: Timings,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The rules applied, and how they were chosen.
    pub profile: RulesProfile,
    pub rules: RulesSetting,
    /// `rules` is `auto` because site.yaml does not say (the v2 default).
    pub rules_by_default: bool,
    /// `auto` had no profile in force on the as-of date (before 2023-05-01) and
    /// applied the earliest gongshi knows.
    pub rules_guessed: bool,
    /// The first day after the as-of date on which the site must be rebuilt.
    pub next_change: Option<Day>,
    /// Files copied without being read for ID numbers (their type is in
    /// `attachments.allow`), and the types allowed.
    pub unread: usize,
    pub allowed_types: Vec<String>,
    /// What the build did to the publication ledger (`build` only).
    pub ledger: Option<Moved>,
}

/// Loads, checks, publishes and assembles the site, and parses the theme: every
/// problem of the site's files and theme in one report.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Diagnostics> {
    prepare_tracked(opts, false)
}

/// [`prepare`], keeping every record's outcome for the ledger when `track`.
fn prepare_tracked(opts: &BuildOptions, track: bool) -> Result<Prepared, Diagnostics> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let mut site = Site::open(&opts.site, opts.base_url.as_deref(), opts.as_of)?;
    site.track_outcomes = track;
    let theme = load_theme(&site.config);
    timings.push(("load", t.elapsed()));
    let (public, renderer, warnings) = plan_public(&site, theme, &mut timings)?;
    // The loaded files are not needed any more: at province scale they are a gigabyte.
    drop(site);
    let (model, renderer) = plan_model(public, renderer, &mut timings)?;
    if opts.deny_warnings && !warnings.is_empty() {
        return Err(warnings.deny_warnings());
    }
    Ok(Prepared {
        model,
        renderer,
        timings,
        warnings,
    })
}

/// The site planned and the theme parsed, ready to render.
pub struct Prepared {
    pub model: SiteModel,
    pub renderer: Renderer,
    pub timings: Timings,
    pub warnings: Diagnostics,
}

/// Validates everything and renders the whole site into nothing, so that `check`
/// finds every problem `build` would (a template that fails on a page, a file the
/// privacy guard refuses) and writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    // The ledger that `build` moves forward: what it would refuse there is told too
    // (check never writes it).
    let ledger = Ledger::read(&opts.site).err().unwrap_or_default();
    let with_ledger = |mut d: Diagnostics| {
        d.extend(ledger.clone());
        d
    };
    let Prepared {
        model,
        renderer,
        mut timings,
        warnings,
    } = prepare(opts).map_err(with_ledger)?;
    let files = render_into(
        &model,
        &renderer,
        &Discard,
        &Progress::hidden(),
        &mut timings,
    )
    .map_err(with_ledger)?;
    if ledger.has_errors() {
        return Err(ledger);
    }
    Ok(summary_of(&model, files, timings, warnings))
}

/// Takes every file and keeps none (for `check`).
struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn put_parts(
        &self,
        _path: &str,
        _fingerprint: PageFingerprint,
        produce: Producer,
    ) -> std::io::Result<()> {
        produce(&mut |_| Ok(()))
    }
}

fn summary_of(model: &SiteModel, files: usize, timings: Timings, warnings: Diagnostics) -> Summary {
    Summary {
        as_of: model.site.as_of.to_string(),
        published: model.site.published(),
        published_words: model.site.summary(),
        withheld: model.site.withheld.clone(),
        entities: model.entities.len(),
        pages: model.pages.len() + 1,
        files,
        output: None,
        timings,
        warnings: warnings.into_sorted(),
        profile: model.site.profile,
        rules: model.site.config.rules,
        rules_by_default: model.site.config.rules_by_default,
        rules_guessed: model.site.config.rules.is_guess(model.site.as_of),
        next_change: model.site.next_change,
        unread: model
            .site
            .assets
            .iter()
            .filter(|a| {
                let ext = a
                    .target
                    .rsplit_once('.')
                    .map(|(_, e)| e.to_ascii_lowercase())
                    .unwrap_or_default();
                model.site.config.attachments_allow.contains(&ext)
                    && crate::scan::unreadable_type(&ext).is_some()
            })
            .count(),
        allowed_types: model.site.config.attachments_allow.clone(),
        ledger: None,
    }
}

/// Why a build failed. Either way the previous output folder is as it was.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files or theme: fix them and build again.
    Site(Diagnostics),
    /// The output folder could not be written (disk full, no permission, …).
    Output(String),
    /// The site was written, but the publication ledger could not be.
    Ledger(String),
}

/// Builds the site into a staging folder and swaps it in as the output folder.
pub fn build(opts: &BuildOptions) -> Result<Summary, BuildError> {
    let output = opts.output_dir();
    let Prepared {
        model,
        renderer,
        mut timings,
        warnings,
    } = prepare_tracked(opts, !opts.no_ledger).map_err(BuildError::Site)?;
    let config = &model.site.config;
    let today = config.today();
    let mut ledger = Ledger::default();
    let moved = if opts.no_ledger {
        Moved::Off
    } else {
        ledger = Ledger::read(&opts.site).map_err(BuildError::Site)?;
        match ledger.record(model.site.as_of, &model.site.outcomes) {
            Moved::Forward { appeared, left } if model.site.as_of > today => Moved::Ahead {
                appeared,
                left,
                today,
            },
            moved => moved,
        }
    };
    let read = [config.content_dir(), config.theme_dir()];
    if let Err(msg) = check_output_dir(&output, &opts.site, &read) {
        return Err(BuildError::Site(
            Diagnostic::whole_file(&output, msg).into(),
        ));
    }
    // The folder itself, not a symlink to it or a path ending in `.`: the swap
    // renames it.
    let staging = Staging::new(&crate::write::absolute(&output))
        .map_err(|e| BuildError::Output(e.to_string()))?;
    let progress = Progress::new(model.pages.len() as u64, opts.progress);
    let rendered = render_into(&model, &renderer, &staging, &progress, &mut timings);
    progress.finish();
    if let Some(e) = staging.failure() {
        return Err(BuildError::Output(format!(
            "cannot write into the staging folder beside {}: {e}",
            output.display()
        )));
    }
    let files = rendered.map_err(BuildError::Site)?;
    let t = Instant::now();
    staging.write_change_list().map_err(BuildError::Output)?;
    let after_swap = staging.commit().map_err(|e| {
        BuildError::Output(format!(
            "cannot replace the output folder {}: {e}",
            output.display()
        ))
    })?;
    timings.push(("swap", t.elapsed()));
    if let Moved::Forward { .. } | Moved::Ahead { .. } = moved {
        ledger.write(&opts.site).map_err(|e| {
            // What went wrong after the swap is said with the error, not lost.
            let also: String = after_swap
                .iter()
                .map(|problem| format!("\nwarning: {}: {problem}", output.display()))
                .collect();
            BuildError::Ledger(format!(
                "cannot write {}: {e}{also}",
                opts.site.join(crate::ledger::FILE_NAME).display()
            ))
        })?;
    }
    let mut summary = summary_of(&model, files, timings, warnings);
    // First, so that the limit on the warnings printed never hides them (`check`,
    // which prints them all, cannot show these).
    summary.warnings.splice(
        0..0,
        after_swap
            .into_iter()
            .map(|problem| Diagnostic::whole_file(&output, problem).warning()),
    );
    summary.output = Some(output);
    summary.ledger = Some(moved);
    Ok(summary)
}
