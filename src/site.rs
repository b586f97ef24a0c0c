//! The site on disk as one value: its checked configuration and every file under
//! `content/`, decoded and checked on its own. `build`, `check` and `serve` all start
//! from a [`Site`]; `serve` keeps it and reloads only the files that change. From
//! here the way on is the same for all three: [`crate::validate::validate`] →
//! [`crate::publish::publish_on`] → [`crate::assemble::assemble`] → render.

use crate::config::{load_config_or_stand_ins, ConfigFailure, SiteConfig};
use crate::diag::Diagnostics;
use crate::kinds::CheckCx;
use crate::load::{content_files, load_one, LoadedFile};
use crate::model::Day;
use crate::validate::check_file;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One file under `content/` and the problems found in it on its own.
struct Loaded {
    file: LoadedFile,
    problems: Diagnostics,
}

fn load_checked(cx: &CheckCx<'_>, path: &Path) -> Loaded {
    let (file, mut problems) = load_one(cx.config, path);
    problems.extend(check_file(cx, &file));
    Loaded { file, problems }
}

/// The problems of a `site.yaml` that did not decode, with those of the content: where
/// stand-ins could be put in for what was wrong in it, the content is checked under
/// both stood-in configurations and what is said under both is said of the content
/// (a misspelt `base_url:` no longer hides a misspelt key in a penalty).
fn content_problems_too(failed: ConfigFailure, as_of: Option<Day>) -> Diagnostics {
    let ConfigFailure {
        mut problems,
        stood_in,
    } = failed;
    if let Some(configs) = stood_in {
        let [a, b] = *configs;
        let said = |config| {
            let site = Site::with_config(config, Diagnostics::new(), as_of);
            match crate::validate::validate(&site) {
                Ok(checked) => checked.warnings().clone(),
                Err(diags) => diags,
            }
        };
        let (first, second) = rayon::join(|| said(a), || said(b));
        let both = crate::yaml::said_of_both(&first, &second, &[], &problems);
        problems.extend(both);
    }
    problems
}

/// The site: configuration and content, as read from disk.
pub struct Site {
    pub config: SiteConfig,
    /// The date the site is published as of (some checks depend on it).
    pub as_of: Day,
    /// By absolute path, so in path order.
    files: BTreeMap<PathBuf, Loaded>,
    /// Problems of walking `content/` (no such folder, unreadable folders).
    walk_problems: Diagnostics,
    /// The problems of `site.yaml` (see [`load_config`]).
    config_problems: Diagnostics,
    /// Keep every record's outcome when publishing (for the ledger; `build` only).
    pub track_outcomes: bool,
}

impl Site {
    /// Reads `site.yaml` and every file under `content/` (in parallel), as of
    /// `as_of` (default: today in the site's time zone). `base_url` overrides the one
    /// in `site.yaml`. Fails only when `site.yaml` does; problems in content files are
    /// kept for [`crate::validate::validate`].
    pub fn open(
        root: &Path,
        base_url: Option<&str>,
        as_of: Option<Day>,
    ) -> Result<Site, Diagnostics> {
        let (config, config_problems) = match load_config_or_stand_ins(root, base_url) {
            Ok(loaded) => loaded,
            Err(failed) => return Err(content_problems_too(failed, as_of)),
        };
        Ok(Site::with_config(config, config_problems, as_of))
    }

    /// The site read with `config` (already loaded, with its `config_problems`).
    fn with_config(config: SiteConfig, config_problems: Diagnostics, as_of: Option<Day>) -> Site {
        let as_of = as_of.unwrap_or_else(|| config.today());
        let (paths, walk_problems) = content_files(&config);
        let cx = CheckCx {
            config: &config,
            as_of,
        };
        let files = paths
            .into_par_iter()
            .map(|p| {
                let loaded = load_checked(&cx, &p);
                (p, loaded)
            })
            .collect();
        Site {
            config,
            as_of,
            files,
            walk_problems,
            config_problems,
            track_outcomes: false,
        }
    }

    fn check_cx(&self) -> CheckCx<'_> {
        CheckCx {
            config: &self.config,
            as_of: self.as_of,
        }
    }

    /// The problems of `site.yaml` (they are among [`Site::file_problems`] too).
    pub fn config_problems(&self) -> &Diagnostics {
        &self.config_problems
    }

    /// Every decoded file, in path order.
    pub fn files(&self) -> impl Iterator<Item = &LoadedFile> {
        self.files.values().map(|l| &l.file)
    }

    /// Every problem found while reading and checking files on their own, but those of
    /// the files `unpublished` says are never published (a person's 承诺书, which holds
    /// their ID number by nature and is never copied to the site).
    pub fn file_problems(&self, unpublished: impl Fn(&LoadedFile) -> bool) -> Diagnostics {
        let mut diags = self.walk_problems.clone();
        diags.extend(self.config_problems.clone());
        for l in self.files.values().filter(|l| !unpublished(&l.file)) {
            diags.extend(l.problems.clone());
        }
        diags
    }

    /// Whether every file is fine on its own (ids across files aside).
    pub fn files_are_clean(&self) -> bool {
        self.walk_problems.is_empty()
            && self.config_problems.is_empty()
            && self.files.values().all(|l| l.problems.is_empty())
    }

    /// Reads again the files at `changed` (a folder stands for every file below it,
    /// the ones known and the ones now on disk) and calls `seen` with the old and new
    /// version of each (`None`: absent).
    pub fn reload(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        mut seen: impl FnMut(Option<&LoadedFile>, Option<&LoadedFile>),
    ) {
        if !self.config.content_dir().is_dir()
            || changed.iter().any(|p| *p == self.config.content_dir())
        {
            let (_, walk) = content_files(&self.config);
            self.walk_problems = walk;
        }
        for path in self.expand(changed) {
            let old = self.files.remove(&path);
            let new = path
                .is_file()
                .then(|| load_checked(&self.check_cx(), &path));
            seen(old.as_ref().map(|l| &l.file), new.as_ref().map(|l| &l.file));
            if let Some(new) = new {
                self.files.insert(path, new);
            }
        }
    }

    /// Changed paths, with a folder standing for every known file below it and every
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
