//! Kinds of dataset: grades, lists, penalties, licences, pledges. Everything gongshi
//! knows about one kind lives in its module behind the [`Kind`] trait: its folder
//! under `content/`, its record types and decoding, its checks, its publication rule,
//! how its records link to enterprises, its pages, its export columns, its search
//! documents, its feed entries and what the preview re-renders when it changes.
//!
//! The pipeline stages never name a kind: they iterate over [`REGISTRY`]. Adding a
//! kind is a module implementing [`Kind`], its templates, and one line in
//! [`REGISTRY`] (see `docs/architecture.md`). Every method is required, so a kind
//! that forgets a part does not compile; `tests/kinds.rs` checks the rest for every
//! registered kind.

pub mod common;
pub mod grades;
pub mod licences;
pub mod lists;
pub mod penalties;
pub mod pledges;
mod registry;

pub use registry::{DynKind, KindId, REGISTRY};

use crate::assemble::SiteModel;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows, TemplateColumn};
use crate::import::spec::ImportSpec;
use crate::load::SourceText;
use crate::model::Day;
use crate::publish::PublishCx;
use crate::render::PageContext;
use crate::search::Doc;
use crate::yaml::StandIn;
use std::collections::HashSet;

/// What the checks of a file see: the site and the date it is checked as of (some
/// windows depend on the rules in force then).
#[derive(Debug, Clone, Copy)]
pub struct CheckCx<'a> {
    pub config: &'a SiteConfig,
    pub as_of: Day,
}

/// One page a kind generates, as the kind numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KindPage {
    /// The kind's index listing (`/penalties/`, `/penalties/page/2/`).
    Index { page: u32 },
    /// A listing of one group of records: a grade batch, a list, the pledges of one
    /// type; `page` counts from 1.
    Group { group: u32, page: u32 },
    /// One record's page (`/penalties/<id>/`).
    Record(u32),
}

/// A public record that belongs in an enterprise's credit file.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub uscc: &'a str,
    /// The name the record gives the enterprise (the newest record's name wins).
    pub name: &'a str,
    /// The record's date, for choosing the newest name.
    pub date: Day,
    /// The kind's own number for the record, handed back in [`Kind::facets`] and
    /// [`Kind::entity_section`].
    pub index: u32,
}

/// What one linked record adds to its enterprise's search document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facets<'a> {
    /// A date whose year counts as a year of activity.
    pub year: Option<Day>,
    /// A grade with its publication date and sector: the newest one is the badge.
    pub grade: Option<(Day, &'a str, &'a str)>,
}

/// The search document kind a data kind contributes, and where it ranks (lower ranks
/// first; the enterprise documents come before every kind, pages after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchKind {
    pub key: &'static str,
    pub label: &'static str,
    pub rank: u8,
}

/// A file under `content/` that a record refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment<'a> {
    /// Relative to `content/`, `/`-separated, as checked (no `.` or empty parts).
    pub path: &'a str,
    /// It belongs to a person's record: never published, whoever else refers to it.
    pub personal: bool,
}

/// An id that must be unique across the whole site (a decision number per
/// authority, a pledge number), with the record's position in its file.
#[derive(Debug, Clone, Copy)]
pub struct UniqueId<'a> {
    pub index: usize,
    /// The key that holds the id (`decision_no`), where a duplicate is reported.
    pub key: &'static str,
    /// What the id is called in messages (`decision number`).
    pub what: &'static str,
    /// Where the id must be unique (the issuing authority's code), or "".
    pub scope: &'a str,
    pub id: &'a str,
}

/// What changed in one kind since the served pages were rendered (the preview).
#[derive(Debug, Default, Clone)]
pub struct KindTouched {
    /// Some file of this kind changed.
    pub any: bool,
    /// The kind's keys of the records and groups that changed (record ids, slugs).
    pub keys: HashSet<String>,
}

/// An event that takes a record off the site before its period ends, which the
/// report (data contract §12) expects to see acted on within 3 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    Repaired,
    Revoked,
    ObjectionUpheld,
}

impl Event {
    pub fn key(self) -> &'static str {
        match self {
            Event::Repaired => "repaired",
            Event::Revoked => "revoked",
            Event::ObjectionUpheld => "objection upheld",
        }
    }
}

/// What the report follows of one record: its ledger id, when it was decided and
/// went online (for the 7-working-day rule), and what takes it off the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accountable {
    /// As in the ledger ([`crate::publish::Outcome`]).
    pub id: String,
    pub reference: String,
    /// The decision date, for records that must be online within 7 working days of
    /// it (penalties and licences); `None` for the others.
    pub decided: Option<Day>,
    /// The 上网公示日期 the data records, if any.
    pub online: Option<Day>,
    /// Whether the rules publish it at all (a minor penalty without `publish_until`
    /// is never due).
    pub published: bool,
    /// The first event that takes it off the site, with its date.
    pub event: Option<(Event, Day)>,
    /// The day its publication period ends by the rules (it is not public on that
    /// day), for records whose period ends; `None` for the others.
    pub period_end: Option<Day>,
}

/// What the registry says about a kind, for those who only need to know it exists.
#[derive(Debug, Clone)]
pub struct KindInfo {
    pub key: &'static str,
    pub sections: &'static [&'static str],
    pub search: SearchKind,
    pub short: &'static str,
}

/// Every registered kind, in registry order.
pub fn registered() -> Vec<KindInfo> {
    REGISTRY
        .iter()
        .map(|k| KindInfo {
            key: k.key(),
            sections: k.sections(),
            search: k.search(),
            short: k.short(),
        })
        .collect()
}

/// One kind of dataset. Implemented once per kind module; see the module docs.
pub trait Kind: Sized + Send + Sync + 'static {
    /// One decoded data file.
    type File: Send + Sync + 'static;
    /// The kind's records that are public on the as-of date, private fields removed.
    type Public: Send + Sync + 'static;

    /// Its folder under `content/`, its export name (`/data/<key>.csv`) and its key in
    /// the templates' `counts` and `entity`.
    const KEY: &'static str;
    /// The column headers of its `/data/<KEY>.csv`, written even when no record is
    /// public (each row names them too; a test keeps the two the same).
    const EXPORT_HEADERS: &'static [&'static str];
    /// Top-level URL folders its pages use (nothing under `content/` may use them).
    const SECTIONS: &'static [&'static str];
    /// Its search documents.
    const SEARCH: SearchKind;
    /// Its word in an enterprise's summary line (`处罚 3`).
    const SHORT: &'static str;
    /// How its spreadsheets are imported (`gongshi import`).
    const IMPORT: ImportSpec;
    /// The sheet name of its `/data/<key>.xlsx`.
    const SHEET: &'static str = Self::KEY;
    /// The columns of a national template its `.xlsx` export follows (header, export
    /// key); empty: the CSV's columns.
    const XLSX_TEMPLATE: &'static [TemplateColumn] = &[];

    // ---- load and validate ----

    /// Decodes one file (`slug` is its path below the kind folder, without
    /// extension), reporting every problem with its location.
    fn decode(src: &SourceText, slug: &str, diags: &mut Diagnostics) -> Option<Self::File>;
    /// The records of a file that [`Kind::decode`] reported as bad, decoded with
    /// stand-ins `which` for their problems, so that [`Kind::check`] reports the rest
    /// of their problems in the same run (see [`crate::yaml::StandIn`]). Only the
    /// checks ever see it. `None` (the default): nothing is checked beyond decoding.
    fn stood_in(_src: &SourceText, _slug: &str, _which: StandIn) -> Option<Self::File> {
        None
    }
    /// Fills what the site supplies for keys its records may leave out (a licence's
    /// 许可机关 is the site's authority unless it says otherwise), before anything
    /// else reads the file. Nothing by default.
    fn resolve(_file: &mut Self::File, _site: &SiteConfig) {}
    /// The checks of one file on its own.
    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics);
    /// Ids that must be unique across every file of the kind.
    fn unique_ids(file: &Self::File) -> Vec<UniqueId<'_>>;
    /// Whether its records name files under `content/` (a pledge's `file:`): then a
    /// file in its folder that no record names is not published (see
    /// [`crate::load::unowned`]).
    const NAMES_FILES: bool = false;
    /// Files under `content/` (paths relative to it) that the records refer to, such as
    /// the scan of a pledge: they are published only with a public record, and never
    /// when a person's record refers to them.
    fn attachments(_file: &Self::File) -> Vec<Attachment<'_>> {
        Vec::new()
    }
    /// What the report follows of the file's records (nothing, for kinds that have
    /// no publication deadline and no withdrawal events).
    fn accountable(_cx: &CheckCx<'_>, _file: &Self::File, _out: &mut Vec<Accountable>) {}

    // ---- publish and assemble ----

    /// The records public on `cx.as_of`; what is withheld is counted in `cx`.
    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public;
    /// The attachments of the public records that are published with them.
    fn public_attachments(_public: &Self::Public) -> Vec<&str> {
        Vec::new()
    }
    /// Published counts by name, for the summary, `build-info.json` and `counts`.
    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)>;
    /// The published records in words, for the build summary.
    fn summary(public: &Self::Public) -> String;
    /// Every public record that belongs in an enterprise's credit file.
    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>));
    /// What a linked record adds to its enterprise's search document.
    fn facets(public: &Self::Public, index: u32) -> Facets<'_>;

    // ---- pages ----

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage>;
    /// Site-relative path of a page (`penalties/<id>/`).
    fn path(public: &Self::Public, page: KindPage) -> String;
    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext;
    /// The kind's section of an enterprise's credit file (`entity.<KEY>`).
    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value;
    /// Adds what the home page shows of the kind to its context.
    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars);

    // ---- machine-readable outputs ----

    /// `/data/<KEY>.json`, `.csv` and `.xlsx`: one row per public record, made as
    /// they are written, so that a large dataset is never held as rows.
    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a>;
    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>);
    fn feed(model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>);

    // ---- the preview ----

    /// Notes what differs between two versions of one file (`None`: absent) in `t`,
    /// and the enterprises whose credit files change in `entities`.
    fn touched(
        old: Option<&Self::File>,
        new: Option<&Self::File>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    );
    /// Whether a page of `new` must be rendered again; `old` is what the served pages
    /// were rendered from.
    fn needs(
        t: &KindTouched,
        old: &Self::Public,
        new: &Self::Public,
        page: KindPage,
        paginate: usize,
    ) -> bool;
}
