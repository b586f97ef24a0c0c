//! The registry of kinds, and the one place where a kind's typed data is handed to
//! the pipeline's kind-agnostic stages and back ([`DynKind`], [`Typed`]).

use super::{
    grades::Grades, licences::Licences, lists::Lists, penalties::Penalties, pledges::Pledges,
    Accountable, Attachment, CheckCx, Facets, Kind, KindPage, KindTouched, Link, SearchKind,
    UniqueId,
};
use crate::assemble::SiteModel;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows, TemplateColumn};
use crate::import::spec::ImportSpec;
use crate::load::SourceText;
use crate::publish::PublishCx;
use crate::render::PageContext;
use crate::search::Doc;
use crate::yaml::StandIn;
use std::any::Any;
use std::collections::HashSet;
use std::marker::PhantomData;

/// Every kind, in the order its counts are reported and its records are gathered into
/// credit files (the first record with the newest date names an enterprise).
/// A new kind is one more line here.
pub static REGISTRY: &[&dyn DynKind] = &[
    &Typed::<Grades>(PhantomData),
    &Typed::<Lists>(PhantomData),
    &Typed::<Penalties>(PhantomData),
    &Typed::<Licences>(PhantomData),
    &Typed::<Pledges>(PhantomData),
];

/// A kind's position in [`REGISTRY`].
pub type KindId = usize;

/// Data of some kind, as the kind-agnostic stages hold it.
pub type AnyData = Box<dyn Any + Send + Sync>;

/// [`Kind`] with its data types erased, so that the registry can hold every kind.
/// Implemented only by [`Typed`].
pub trait DynKind: Send + Sync {
    fn key(&self) -> &'static str;
    fn sections(&self) -> &'static [&'static str];
    fn search(&self) -> SearchKind;
    fn short(&self) -> &'static str;
    fn import_spec(&self) -> &'static ImportSpec;
    fn title(&self) -> &'static str;
    fn xlsx_template(&self) -> &'static [TemplateColumn];
    fn export_headers(&self) -> &'static [&'static str];
    /// The file decoded and [resolved](Kind::resolve) against the site.
    fn decode(
        &self,
        site: &SiteConfig,
        src: &SourceText,
        slug: &str,
        diags: &mut Diagnostics,
    ) -> Option<AnyData>;
    fn stood_in(
        &self,
        site: &SiteConfig,
        src: &SourceText,
        slug: &str,
        which: StandIn,
    ) -> Option<AnyData>;
    fn check(&self, cx: &CheckCx<'_>, src: &SourceText, file: &dyn Any, d: &mut Diagnostics);
    fn unique_ids<'a>(&self, file: &'a dyn Any) -> Vec<UniqueId<'a>>;
    fn names_files(&self) -> bool;
    fn attachments<'a>(&self, file: &'a dyn Any) -> Vec<Attachment<'a>>;
    fn accountable(&self, cx: &CheckCx<'_>, file: &dyn Any, out: &mut Vec<Accountable>);
    fn public_attachments<'a>(&self, public: &'a dyn Any) -> Vec<&'a str>;
    fn publish(&self, cx: &mut PublishCx<'_>, files: &[&dyn Any]) -> AnyData;
    fn counts(&self, public: &dyn Any) -> Vec<(&'static str, usize)>;
    fn summary(&self, public: &dyn Any) -> String;
    fn links<'a>(&self, public: &'a dyn Any, link: &mut dyn FnMut(Link<'a>));
    fn facets<'a>(&self, public: &'a dyn Any, index: u32) -> Facets<'a>;
    fn pages(&self, public: &dyn Any, paginate: usize) -> Vec<KindPage>;
    fn path(&self, public: &dyn Any, page: KindPage) -> String;
    fn render(&self, model: &SiteModel, public: &dyn Any, page: KindPage) -> PageContext;
    fn entity_section(&self, model: &SiteModel, public: &dyn Any, links: &[u32]) -> tera::Value;
    fn home(&self, model: &SiteModel, public: &dyn Any, ctx: &mut crate::render::Vars);
    fn export_rows<'a>(&self, model: &'a SiteModel, public: &'a dyn Any) -> Rows<'a>;
    fn docs(&self, model: &SiteModel, public: &dyn Any, out: &mut Vec<Doc>);
    fn feed(&self, model: &SiteModel, public: &dyn Any, out: &mut Vec<FeedEntry>);
    fn touched(
        &self,
        old: Option<&dyn Any>,
        new: Option<&dyn Any>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    );
    fn needs(
        &self,
        t: &KindTouched,
        old: &dyn Any,
        new: &dyn Any,
        page: KindPage,
        paginate: usize,
    ) -> bool;
}

/// The registry's handle on kind `K`.
pub struct Typed<K>(pub PhantomData<K>);

/// Data handed back to the kind that made it. The stages keep each kind's data with
/// the kind's registry position, so a mismatch is a bug in gongshi, not bad input.
fn typed<T: 'static>(x: &dyn Any) -> &T {
    x.downcast_ref::<T>()
        .expect("a kind's data was handed to another kind")
}

impl<K: Kind> DynKind for Typed<K> {
    fn key(&self) -> &'static str {
        K::KEY
    }
    fn sections(&self) -> &'static [&'static str] {
        K::SECTIONS
    }
    fn search(&self) -> SearchKind {
        K::SEARCH
    }
    fn short(&self) -> &'static str {
        K::SHORT
    }
    fn import_spec(&self) -> &'static ImportSpec {
        &K::IMPORT
    }
    fn title(&self) -> &'static str {
        K::SHEET
    }
    fn xlsx_template(&self) -> &'static [TemplateColumn] {
        K::XLSX_TEMPLATE
    }
    fn export_headers(&self) -> &'static [&'static str] {
        K::EXPORT_HEADERS
    }
    fn decode(
        &self,
        site: &SiteConfig,
        src: &SourceText,
        slug: &str,
        diags: &mut Diagnostics,
    ) -> Option<AnyData> {
        let mut file = K::decode(src, slug, diags)?;
        K::resolve(&mut file, site);
        Some(Box::new(file))
    }
    fn stood_in(
        &self,
        site: &SiteConfig,
        src: &SourceText,
        slug: &str,
        which: StandIn,
    ) -> Option<AnyData> {
        let mut file = K::stood_in(src, slug, which)?;
        K::resolve(&mut file, site);
        Some(Box::new(file))
    }
    fn check(&self, cx: &CheckCx<'_>, src: &SourceText, file: &dyn Any, d: &mut Diagnostics) {
        K::check(cx, src, typed::<K::File>(file), d)
    }
    fn unique_ids<'a>(&self, file: &'a dyn Any) -> Vec<UniqueId<'a>> {
        K::unique_ids(typed::<K::File>(file))
    }
    fn names_files(&self) -> bool {
        K::NAMES_FILES
    }
    fn attachments<'a>(&self, file: &'a dyn Any) -> Vec<Attachment<'a>> {
        K::attachments(typed::<K::File>(file))
    }
    fn accountable(&self, cx: &CheckCx<'_>, file: &dyn Any, out: &mut Vec<Accountable>) {
        K::accountable(cx, typed::<K::File>(file), out)
    }
    fn public_attachments<'a>(&self, public: &'a dyn Any) -> Vec<&'a str> {
        K::public_attachments(typed::<K::Public>(public))
    }
    fn publish(&self, cx: &mut PublishCx<'_>, files: &[&dyn Any]) -> AnyData {
        let files: Vec<&K::File> = files.iter().map(|f| typed::<K::File>(*f)).collect();
        Box::new(K::publish(cx, &files))
    }
    fn counts(&self, public: &dyn Any) -> Vec<(&'static str, usize)> {
        K::counts(typed(public))
    }
    fn summary(&self, public: &dyn Any) -> String {
        K::summary(typed(public))
    }
    fn links<'a>(&self, public: &'a dyn Any, link: &mut dyn FnMut(Link<'a>)) {
        K::links(typed(public), link)
    }
    fn facets<'a>(&self, public: &'a dyn Any, index: u32) -> Facets<'a> {
        K::facets(typed(public), index)
    }
    fn pages(&self, public: &dyn Any, paginate: usize) -> Vec<KindPage> {
        K::pages(typed(public), paginate)
    }
    fn path(&self, public: &dyn Any, page: KindPage) -> String {
        K::path(typed(public), page)
    }
    fn render(&self, model: &SiteModel, public: &dyn Any, page: KindPage) -> PageContext {
        K::render(model, typed(public), page)
    }
    fn entity_section(&self, model: &SiteModel, public: &dyn Any, links: &[u32]) -> tera::Value {
        K::entity_section(model, typed(public), links)
    }
    fn home(&self, model: &SiteModel, public: &dyn Any, ctx: &mut crate::render::Vars) {
        K::home(model, typed(public), ctx)
    }
    fn export_rows<'a>(&self, model: &'a SiteModel, public: &'a dyn Any) -> Rows<'a> {
        K::export_rows(model, typed(public))
    }
    fn docs(&self, model: &SiteModel, public: &dyn Any, out: &mut Vec<Doc>) {
        K::docs(model, typed(public), out)
    }
    fn feed(&self, model: &SiteModel, public: &dyn Any, out: &mut Vec<FeedEntry>) {
        K::feed(model, typed(public), out)
    }
    fn touched(
        &self,
        old: Option<&dyn Any>,
        new: Option<&dyn Any>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    ) {
        let old = old.and_then(|f| f.downcast_ref::<K::File>());
        let new = new.and_then(|f| f.downcast_ref::<K::File>());
        K::touched(old, new, t, entities)
    }
    fn needs(
        &self,
        t: &KindTouched,
        old: &dyn Any,
        new: &dyn Any,
        page: KindPage,
        paginate: usize,
    ) -> bool {
        K::needs(t, typed(old), typed(new), page, paginate)
    }
}
