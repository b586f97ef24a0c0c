//! Publish: applies the publication rules (data contract §8) and privacy rules (§9) as
//! of one date, kind by kind. What is withheld here is dropped, so no later stage can
//! write it.

use crate::config::SiteConfig;
use crate::kinds::{KindId, REGISTRY};
use crate::load::{Asset, LoadedFile};
use crate::model::{Day, FrontMatter};
use crate::rules::{RulesProfile, Withheld};
use crate::validate::Checked;
use std::any::Any;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// One Markdown page that is published (drafts are not).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Site-relative URL path: `notices/2024-plan/`, or `` for `content/index.md`.
    pub path: String,
    pub source: PathBuf,
    pub front: FrontMatter,
    pub body: String,
}

/// What a kind sees while it publishes: the site, the date, and where to count what
/// it withholds.
pub struct PublishCx<'a> {
    pub config: &'a SiteConfig,
    pub as_of: Day,
    withheld: BTreeMap<Withheld, usize>,
    next_change: Option<Day>,
    /// The kind publishing now.
    kind: &'static str,
    /// Every record's outcome, when asked for (the ledger, the report).
    outcomes: Option<Vec<Outcome>>,
}

/// Whether one record is public on the as-of date, and if not, why: what the
/// publication ledger (data contract §12) remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The kind's key (`penalties`).
    pub kind: &'static str,
    /// The record's id, stable across builds: its page's id where it has a page.
    pub id: String,
    /// What staff call it (a decision number, `<batch> <USCC>`); never personal data.
    pub reference: String,
    /// `None`: public; else why not.
    pub withheld: Option<Withheld>,
}

impl PublishCx<'_> {
    /// Notes one record's outcome for the ledger, when outcomes are being kept;
    /// `key` gives its id and reference (computed only then).
    pub fn track(&mut self, key: impl FnOnce() -> (String, String), outcome: Result<(), Withheld>) {
        if let Some(out) = self.outcomes.as_mut() {
            let (id, reference) = key();
            out.push(Outcome {
                kind: self.kind,
                id,
                reference,
                withheld: outcome.err(),
            });
        }
    }

    /// Counts `n` records withheld for `reason`.
    pub fn withhold(&mut self, reason: Withheld, n: usize) {
        if n > 0 {
            *self.withheld.entry(reason).or_default() += n;
        }
    }

    /// Notes the first day after the as-of date on which what the public sees of one
    /// record changes. `state(day)` is what it shows on a day (anything comparable);
    /// `days` are the days on which that may change (its dates, and the days derived
    /// from them): between two of them it must be the same.
    pub fn next_change<S: PartialEq>(
        &mut self,
        days: impl IntoIterator<Item = Day>,
        state: impl Fn(Day) -> S,
    ) {
        let (as_of, known) = (self.as_of, self.next_change);
        let mut days: Vec<Day> = days
            .into_iter()
            .filter(|&d| d > as_of && known.is_none_or(|k| d < k))
            .collect();
        if days.is_empty() {
            return;
        }
        days.sort_unstable();
        days.dedup();
        let now = state(as_of);
        if let Some(&d) = days.iter().find(|&&d| state(d) != now) {
            self.next_change = Some(d);
        }
    }
}

/// Everything that is lawfully public on `as_of`.
pub struct PublicSite {
    pub config: SiteConfig,
    pub as_of: Day,
    /// Each kind's public records (the kind's `Public`), by registry position.
    pub datasets: Vec<Box<dyn Any + Send + Sync>>,
    /// Sorted by path.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub withheld: BTreeMap<Withheld, usize>,
    /// The first day after `as_of` on which anything public appears, leaves or changes.
    pub next_change: Option<Day>,
    /// The rules applied on `as_of`.
    pub profile: RulesProfile,
    /// Every record's outcome, when asked for ([`publish_on`] with `track`).
    pub outcomes: Vec<Outcome>,
}

impl PublicSite {
    /// The public records of the kind at `kind`.
    pub fn dataset(&self, kind: KindId) -> &(dyn Any + Send + Sync) {
        self.datasets[kind].as_ref()
    }

    /// How many records of each kind were published, and how many pages.
    pub fn published(&self) -> BTreeMap<&'static str, usize> {
        let mut counts: BTreeMap<&'static str, usize> = REGISTRY
            .iter()
            .zip(&self.datasets)
            .flat_map(|(k, d)| k.counts(d.as_ref()))
            .collect();
        counts.insert("pages", self.pages.len());
        counts
    }

    /// The published records in words, kind by kind, for the build summary.
    pub fn summary(&self) -> Vec<String> {
        REGISTRY
            .iter()
            .zip(&self.datasets)
            .map(|(k, d)| k.summary(d.as_ref()))
            .collect()
    }
}

/// Drops the assets that records refer to (a pledge's scan) unless a public record
/// does: a file that belongs to a record is published with it or not at all, and a
/// person's never. (Paths compare as strings: the checks accept only the plain form.)
fn only_public_attachments(
    files: &[&LoadedFile],
    datasets: &[Box<dyn Any + Send + Sync>],
    assets: Vec<Asset>,
) -> Vec<Asset> {
    let mut owned: HashSet<&str> = HashSet::new();
    let mut personal: HashSet<&str> = HashSet::new();
    for f in files {
        if let LoadedFile::Data(d) = f {
            for a in REGISTRY[d.kind].attachments(d.data.as_ref()) {
                owned.insert(a.path);
                if a.personal {
                    personal.insert(a.path);
                }
            }
        }
    }
    if owned.is_empty() {
        return assets;
    }
    let public: HashSet<&str> = REGISTRY
        .iter()
        .zip(datasets)
        .flat_map(|(k, d)| k.public_attachments(d.as_ref()))
        .collect();
    assets
        .into_iter()
        .filter(|a| {
            let t = a.target.as_str();
            !owned.contains(t) || (public.contains(t) && !personal.contains(t))
        })
        .collect()
}

/// Applies the rules to a checked site, as of its date.
pub fn publish(checked: &Checked<'_>) -> PublicSite {
    publish_on(checked, checked.as_of(), false)
}

/// Applies the rules to a checked site as of `as_of`; with `track`, the outcome of
/// every record is kept in [`PublicSite::outcomes`].
pub fn publish_on(checked: &Checked<'_>, as_of: Day, track: bool) -> PublicSite {
    let config = checked.config();
    let mut cx = PublishCx {
        config,
        as_of,
        withheld: BTreeMap::new(),
        next_change: None,
        kind: "",
        outcomes: track.then(Vec::new),
    };
    let files: Vec<&LoadedFile> = checked.files().collect();
    let datasets: Vec<Box<dyn Any + Send + Sync>> = REGISTRY
        .iter()
        .enumerate()
        .map(|(id, kind)| {
            let of_kind: Vec<&dyn Any> = files
                .iter()
                .filter_map(|f| f.data_of(id))
                .map(|d| d as &dyn Any)
                .collect();
            cx.kind = kind.key();
            kind.publish(&mut cx, &of_kind)
        })
        .collect();
    let mut pages: Vec<Page> = Vec::new();
    let mut assets = Vec::new();
    for file in &files {
        match file {
            LoadedFile::Page(p) if !p.front.draft => pages.push(Page {
                path: p.path.clone(),
                source: p.src.path.clone(),
                front: p.front.clone(),
                body: p.body.clone(),
            }),
            LoadedFile::Asset(a) => assets.push(a.clone()),
            _ => {}
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let assets = only_public_attachments(&files, &datasets, assets);
    PublicSite {
        config: config.clone(),
        as_of,
        datasets,
        pages,
        assets,
        withheld: cx.withheld,
        next_change: cx.next_change,
        profile: config.rules.on(as_of),
        outcomes: cx.outcomes.unwrap_or_default(),
    }
}
