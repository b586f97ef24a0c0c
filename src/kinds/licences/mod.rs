//! 行政许可: licensing decisions (data contract §7), public from their decision date,
//! at `/licences/` and `/licences/<id>/`.

mod check;
mod import;
pub mod record;
mod views;

pub use record::{Licence, LicenceStatus};
pub use views::{licence_row, LicenceRow};

use super::common::{
    enterprise_code, index_and_record_pages, needs_index_or_record, online_on, public_name,
    touch_records,
};
use super::penalties::decision_id;
use super::{
    Accountable, CheckCx, Facets, Kind, KindPage, KindTouched, Link, SearchKind, UniqueId,
};
use crate::assemble::SiteModel;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows, TemplateColumn};
use crate::import::spec::ImportSpec;
use crate::load::{decode, Item, SourceText};
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use crate::render::{base_context, insert_listing, PageContext};
use crate::rules::Withheld;
use crate::search::Doc;
use crate::urls;
use crate::views::page_slice;
use crate::yaml::StandIn;
use std::collections::HashSet;

/// The licences kind.
pub struct Licences;

/// A licence on the public site.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicLicence {
    /// Stable URL id: `/licences/<id>/`.
    pub id: String,
    /// The record with private fields removed and a person's name masked as configured.
    pub record: Licence,
    /// The status shown, as of the date (data contract §7).
    pub status: LicenceStatus,
}

/// The status shown on `day`: revoked if the data says so; else 已过期 after
/// `valid_to`, else 有效; as written when there is no `valid_to`.
pub fn status_on(l: &Licence, day: Day) -> LicenceStatus {
    match (l.status, l.valid_to) {
        (LicenceStatus::Revoked, _) => LicenceStatus::Revoked,
        (_, Some(to)) if day > to => LicenceStatus::Expired,
        (_, Some(_)) => LicenceStatus::Valid,
        (written, None) => written,
    }
}

/// The record as published on `as_of`: private keys left out, a person's name masked,
/// an `online` date not reached yet left out.
fn scrub(mut l: Licence, mask: bool, as_of: Day) -> Licence {
    l.online = online_on(l.online, as_of);
    l.id_number = None;
    l.address = None;
    l.phone = None;
    if l.party_type == PartyType::Person {
        l.uscc = None;
        l.party = public_name(&l.party, l.party_type, mask);
    }
    l
}

impl Kind for Licences {
    type File = Vec<Item<Licence>>;
    /// Newest decision first.
    type Public = Vec<PublicLicence>;

    const KEY: &'static str = "licences";
    const EXPORT_HEADERS: &'static [&'static str] = &[
        "行政相对人名称",
        "行政相对人类别",
        "统一社会信用代码",
        "法定代表人",
        "行政许可决定文书名称",
        "行政许可决定文书号",
        "许可类别",
        "许可证书名称",
        "许可编号",
        "许可内容",
        "许可决定日期",
        "有效期自",
        "有效期至",
        "许可机关",
        "许可机关统一社会信用代码",
        "当前状态",
        "数据来源",
        "数据来源单位统一社会信用代码",
        "链接",
        "上网公示日期",
    ];
    const SECTIONS: &'static [&'static str] = &["licences"];
    const SEARCH: SearchKind = SearchKind {
        key: "licence",
        label: "行政许可",
        rank: 2,
    };
    const SHORT: &'static str = "许可";
    const IMPORT: ImportSpec = import::IMPORT;
    const SHEET: &'static str = "行政许可";
    const XLSX_TEMPLATE: &'static [TemplateColumn] = import::NATIONAL_TEMPLATE;

    fn decode(src: &SourceText, _slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        decode::records(src, "decision_no", diags)
    }

    fn stood_in(src: &SourceText, _slug: &str, which: StandIn) -> Option<Self::File> {
        decode::stood_in_records(src, which)
    }

    /// Contract §7 requires neither 许可机关 nor its code: a licence that leaves
    /// them out was granted by the site's own authority. (Its id, made from the
    /// code, is then the same as if the code were written.) One written without the
    /// other is filled in only when it is the site's own; another agency's name is
    /// never given the site's code (the check then asks for the missing key).
    fn resolve(file: &mut Self::File, site: &SiteConfig) {
        let own = &site.authority;
        for item in file.iter_mut() {
            let l = &mut item.value;
            let (name, code) = (l.authority.trim(), l.authority_uscc.trim());
            let fill_name = name.is_empty() && (code.is_empty() || code == own.uscc);
            let fill_code = code.is_empty() && (name.is_empty() || name == own.name.trim());
            if fill_name {
                l.authority.clone_from(&own.name);
            }
            if fill_code {
                l.authority_uscc.clone_from(&own.uscc);
            }
        }
    }

    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        check::check_licences(cx, src, file, diags)
    }

    fn accountable(_cx: &CheckCx<'_>, file: &Self::File, out: &mut Vec<Accountable>) {
        for l in file.iter().map(|i| &i.value) {
            out.push(Accountable {
                id: decision_id(&l.authority_uscc, &l.decision_no),
                reference: l.decision_no.trim().to_string(),
                decided: Some(l.decided),
                online: l.online,
                published: true,
                event: None,
                period_end: None,
            });
        }
    }

    fn unique_ids(file: &Self::File) -> Vec<UniqueId<'_>> {
        file.iter()
            .map(|i| UniqueId {
                index: i.index,
                key: "decision_no",
                what: "decision number",
                scope: &i.value.authority_uscc,
                id: &i.value.decision_no,
            })
            .collect()
    }

    fn publish(cx: &mut PublishCx<'_>, files: &[&Self::File]) -> Self::Public {
        let mask = cx.config.mask_person_names;
        let mut out = Vec::new();
        for l in files.iter().flat_map(|f| f.iter()).map(|i| &i.value) {
            cx.next_change(
                // A 长期 licence (valid_to 2099-12-31) never expires.
                [
                    Some(l.decided),
                    l.valid_to.filter(|d| !d.is_indefinite()).map(Day::succ),
                    l.online,
                ]
                .into_iter()
                .flatten(),
                |day| {
                    (
                        l.decided <= day,
                        status_on(l, day),
                        online_on(l.online, day),
                    )
                },
            );
            let public = l.decided <= cx.as_of;
            cx.track(
                || {
                    let id = decision_id(&l.authority_uscc, &l.decision_no);
                    (id, l.decision_no.trim().to_string())
                },
                if public {
                    Ok(())
                } else {
                    Err(Withheld::NotYetPublic)
                },
            );
            if !public {
                cx.withhold(Withheld::NotYetPublic, 1);
                continue;
            }
            out.push(PublicLicence {
                id: decision_id(&l.authority_uscc, &l.decision_no),
                record: scrub(l.clone(), mask, cx.as_of),
                status: status_on(l, cx.as_of),
            });
        }
        // Newest first; the key is cached so that the large records move once.
        out.sort_by_cached_key(|r| (std::cmp::Reverse(r.record.decided), r.id.clone()));
        out
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        vec![("licences", public.len())]
    }

    fn summary(public: &Self::Public) -> String {
        crate::out::counted(public.len(), "licence", "licences")
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (i, l) in public.iter().enumerate() {
            let r = &l.record;
            if let Some(uscc) = enterprise_code(&r.uscc, r.party_type) {
                link(Link {
                    uscc,
                    name: &r.party,
                    date: r.decided,
                    index: i as u32,
                });
            }
        }
    }

    fn facets(public: &Self::Public, index: u32) -> Facets<'_> {
        Facets {
            year: Some(public[index as usize].record.decided),
            grade: None,
        }
    }

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage> {
        index_and_record_pages(public.len(), paginate)
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match page {
            KindPage::Index { page } | KindPage::Group { page, .. } => {
                urls::paged(urls::LICENCES, page as usize)
            }
            KindPage::Record(i) => urls::licence(&public[i as usize].id),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        match page {
            KindPage::Index { page } | KindPage::Group { page, .. } => {
                let page = page as usize;
                let mut ctx = base_context(model, &path, "licences", "行政许可信息");
                let rows: Vec<_> = page_slice(public, page, model.site.config.paginate)
                    .iter()
                    .map(|l| licence_row(model, l))
                    .collect();
                let total = public.len();
                insert_listing(
                    model,
                    &mut ctx,
                    ("licences", &rows),
                    total,
                    urls::LICENCES,
                    page,
                );
                PageContext::new("licences.html", ctx)
            }
            KindPage::Record(i) => {
                let view = views::licence_view(model, &public[i as usize]);
                let title = format!("行政许可 {}", view.decision_no);
                let mut ctx = base_context(model, &path, "licences", &title);
                ctx.insert("licence", &view);
                PageContext::new("licence.html", ctx)
            }
        }
    }

    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let rows: Vec<LicenceRow> = links
            .iter()
            .map(|&i| licence_row(model, &public[i as usize]))
            .collect();
        tera::Value::from_serializable(&rows)
    }

    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars) {
        let latest: Vec<_> = public
            .iter()
            .take(5)
            .map(|l| licence_row(model, l))
            .collect();
        ctx.insert("latest_licences", &latest);
    }

    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a> {
        Box::new(views::export_rows(model, public))
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, public, out)
    }

    fn feed(model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(model, public, out)
    }

    fn touched(
        old: Option<&Self::File>,
        new: Option<&Self::File>,
        t: &mut KindTouched,
        entities: &mut HashSet<String>,
    ) {
        touch_records(
            old,
            new,
            t,
            entities,
            |r| decision_id(&r.authority_uscc, &r.decision_no),
            |r| enterprise_code(&r.uscc, r.party_type),
        )
    }

    fn needs(
        t: &KindTouched,
        old: &Self::Public,
        new: &Self::Public,
        page: KindPage,
        paginate: usize,
    ) -> bool {
        needs_index_or_record(t, old, new, page, paginate, |r| &r.id)
    }
}
