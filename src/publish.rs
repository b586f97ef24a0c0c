//! Publish: applies the publication rules (data contract §8) and privacy rules (§9) as
//! of one date, kind by kind. What is withheld here is dropped, so no later stage can
//! write it.

use crate::config::SiteConfig;
use crate::kinds::{KindId, REGISTRY};
use crate::load::{Asset, LoadedFile};
use crate::model::{Day, FrontMatter};
use crate::rules::{RulesProfile, Withheld};
use crate::validate::Checked;
use rayon::prelude::*;
use std::any::Any;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// One Markdown page that is published (drafts are not).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Site-relative URL path: `notices/2024-plan/`, or `` for `content/index.md`.
    pub path: String,
    pub source: PathBuf,
    /// The Markdown file below `content/` (`notices/2024-plan.md`).
    pub file: String,
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
    /// For a record that is several listings (an enterprise listed twice on one list)
    /// and is not public: the listing that gave `withheld`, when it ended.
    pub ended: Option<Ended>,
}

/// The listing that ended last, of a record that is several listings. When it ended
/// by the last build the ledger recorded (`on` that day or before), another listing
/// was the one online then: it left for `otherwise` (one is dated later now), or,
/// when `None`, it is gone from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub on: Day,
    pub otherwise: Option<Withheld>,
}

impl PublishCx<'_> {
    /// Notes one record's outcome for the ledger, when outcomes are being kept;
    /// `key` gives its id and reference (computed only then).
    pub fn track(&mut self, key: impl FnOnce() -> (String, String), outcome: Result<(), Withheld>) {
        self.track_listings(key, outcome, None);
    }

    /// [`PublishCx::track`] for a record that is several listings (see
    /// [`Outcome::ended`]).
    pub fn track_listings(
        &mut self,
        key: impl FnOnce() -> (String, String),
        outcome: Result<(), Withheld>,
        ended: Option<Ended>,
    ) {
        if let Some(out) = self.outcomes.as_mut() {
            let (id, reference) = key();
            out.push(Outcome {
                kind: self.kind,
                id,
                reference,
                withheld: outcome.err(),
                ended,
            });
        }
    }

    /// Whether records' outcomes are kept (for the ledger, the report).
    pub fn keeps_outcomes(&self) -> bool {
        self.outcomes.is_some()
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

/// One kind's public records and what publishing them counted: the part of the
/// public site that stays as it is while none of the kind's files change (the preview
/// keeps it from one save to the next).
#[derive(Clone)]
pub struct Published {
    data: Arc<dyn Any + Send + Sync>,
    withheld: BTreeMap<Withheld, usize>,
    next_change: Option<Day>,
    /// The kind's links ([`crate::kinds::Kind::links`] order) sorted by USCC, as
    /// positions in that order; made when first asked for.
    by_holder: OnceLock<Arc<[u32]>>,
}

impl Published {
    /// The kind's public records (the kind's `Public`).
    pub fn data(&self) -> &(dyn Any + Send + Sync) {
        self.data.as_ref()
    }

    /// The positions of the kind's links (of `kind`, whose data this is) in the order
    /// of their USCCs; links of one USCC keep their order.
    pub fn by_holder(&self, kind: KindId) -> &[u32] {
        self.by_holder.get_or_init(|| {
            let mut usccs = Vec::new();
            REGISTRY[kind].links(self.data(), &mut |l| usccs.push(l.uscc));
            let mut order: Vec<u32> = (0..usccs.len() as u32).collect();
            order.sort_by(|&a, &b| usccs[a as usize].cmp(usccs[b as usize]));
            order.into()
        })
    }
}

/// Everything that is lawfully public on `as_of`.
pub struct PublicSite {
    pub config: SiteConfig,
    pub as_of: Day,
    /// Each kind's public records, by registry position.
    pub kinds: Vec<Published>,
    /// Sorted by path.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The files under `content/` that are not published on `as_of` (a person's
    /// 承诺书, the scan of a record not public that day), by their path below it: a
    /// page's link to one is written as `#`, not with the file's name.
    pub withheld_files: Vec<String>,
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
        self.kinds[kind].data()
    }

    /// How many records of each kind were published, and how many pages.
    pub fn published(&self) -> BTreeMap<&'static str, usize> {
        let mut counts: BTreeMap<&'static str, usize> = REGISTRY
            .iter()
            .zip(&self.kinds)
            .flat_map(|(k, d)| k.counts(d.data()))
            .collect();
        counts.insert("pages", self.pages.len());
        counts
    }

    /// The published records in words, kind by kind, for the build summary.
    pub fn summary(&self) -> Vec<String> {
        REGISTRY
            .iter()
            .zip(&self.kinds)
            .map(|(k, d)| k.summary(d.data()))
            .collect()
    }
}

/// Drops the assets that records refer to (a pledge's scan) unless a public record
/// does: a file that belongs to a record is published with it or not at all, and a
/// person's never. Drops too the files in data folders that no record names and that
/// are not published on their own (see [`crate::load::unowned`]). (Paths compare as
/// strings: the checks accept only the plain form.) Returns the assets kept and the
/// targets of those dropped.
fn only_public_attachments(
    files: &[&LoadedFile],
    kinds: &[Published],
    assets: Vec<Asset>,
) -> (Vec<Asset>, Vec<String>) {
    let named = crate::load::unowned::Named::of(files.iter().copied());
    let public: HashSet<&str> = REGISTRY
        .iter()
        .zip(kinds)
        .flat_map(|(k, d)| k.public_attachments(d.data()))
        .collect();
    let (kept, dropped): (Vec<Asset>, Vec<Asset>) = assets.into_iter().partition(|a| {
        let t = a.target.as_str();
        if named.is_named(t) {
            public.contains(t) && !named.is_personal(t)
        } else {
            named.withheld(a).is_none()
        }
    });
    (kept, dropped.into_iter().map(|a| a.target).collect())
}

/// Applies the rules to a checked site as of `as_of`; with `track`, the outcome of
/// every record is kept in [`PublicSite::outcomes`].
pub fn publish_on(checked: &Checked<'_>, as_of: Day, track: bool) -> PublicSite {
    publish_reusing(checked, as_of, track, &|_| None)
}

/// [`publish_on`], taking a kind's part from `reuse` where it has it (the kind's files
/// did not change since it was published, as of the same date, under the same
/// `site.yaml`). Kinds are published in parallel; what they count is added up in
/// registry order, so the result does not depend on which finished first.
pub fn publish_reusing(
    checked: &Checked<'_>,
    as_of: Day,
    track: bool,
    reuse: &(dyn Fn(KindId) -> Option<Published> + Sync),
) -> PublicSite {
    let config = checked.config();
    let files: Vec<&LoadedFile> = checked.files().collect();
    let parts: Vec<(Published, Vec<Outcome>)> = REGISTRY
        .par_iter()
        .enumerate()
        .map(|(id, kind)| {
            if let Some(kept) = reuse(id).filter(|_| !track) {
                return (kept, Vec::new());
            }
            let mut cx = PublishCx {
                config,
                as_of,
                withheld: BTreeMap::new(),
                next_change: None,
                kind: kind.key(),
                outcomes: track.then(Vec::new),
            };
            let of_kind: Vec<&dyn Any> = files
                .iter()
                .filter_map(|f| f.data_of(id))
                .map(|d| d as &dyn Any)
                .collect();
            let data = kind.publish(&mut cx, &of_kind);
            let published = Published {
                data: Arc::from(data),
                withheld: cx.withheld,
                next_change: cx.next_change,
                by_holder: OnceLock::new(),
            };
            (published, cx.outcomes.unwrap_or_default())
        })
        .collect();
    let mut withheld: BTreeMap<Withheld, usize> = BTreeMap::new();
    let mut next_change: Option<Day> = None;
    let mut outcomes = Vec::new();
    let mut kinds = Vec::with_capacity(parts.len());
    for (part, mut kept) in parts {
        for (&reason, &n) in &part.withheld {
            *withheld.entry(reason).or_default() += n;
        }
        next_change = match (next_change, part.next_change) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        outcomes.append(&mut kept);
        kinds.push(part);
    }
    let mut pages: Vec<Page> = Vec::new();
    let mut assets = Vec::new();
    for file in &files {
        match file {
            LoadedFile::Page(p) if !p.front.draft => pages.push(Page {
                path: p.path.clone(),
                source: p.src.path.clone(),
                file: p.file.clone(),
                front: p.front.clone(),
                body: p.body.clone(),
            }),
            LoadedFile::Asset(a) => assets.push(a.clone()),
            _ => {}
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let (assets, withheld_files) = only_public_attachments(&files, &kinds, assets);
    PublicSite {
        config: config.clone(),
        as_of,
        kinds,
        pages,
        assets,
        withheld_files,
        withheld,
        next_change,
        profile: config.rules.on(as_of),
        outcomes,
    }
}
