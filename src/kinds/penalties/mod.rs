//! 行政处罚: penalty records (data contract §6), public for the period their severity
//! allows under the rules in force (§8), at `/penalties/` and `/penalties/<id>/`; and
//! the withdrawal notices (撤回说明) of revoked decisions at `/withdrawals/`.

mod check;
mod import;
pub mod record;
pub mod rules;
mod views;
mod withdrawals;

pub use record::Penalty;
pub use views::{penalty_row, PenaltyRow};
pub use withdrawals::WithdrawalNotice;

use super::common::{
    enterprise_code, index_and_record_pages, needs_index_or_record, online_on, page_numbers,
    public_name, touch_records,
};
use super::{
    Accountable, CheckCx, Event, Facets, Kind, KindPage, KindTouched, Link, SearchKind, UniqueId,
};
use crate::assemble::SiteModel;
use crate::diag::Diagnostics;
use crate::exports::{FeedEntry, Rows, TemplateColumn};
use crate::hash::hex_id;
use crate::import::spec::ImportSpec;
use crate::load::{decode, Item, SourceText};
use crate::model::{Day, PartyType};
use crate::publish::PublishCx;
use crate::render::{base_context, insert_listing, PageContext};
use crate::search::Doc;
use crate::urls;
use crate::views::page_slice;
use crate::yaml::StandIn;
use rules::{change_days, notice_until, penalty_state, shown_period_end};
use std::collections::HashSet;

/// The penalties kind.
pub struct Penalties;

/// A penalty on the public site.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicPenalty {
    /// Stable URL id: `/penalties/<id>/`.
    pub id: String,
    /// The record with private fields removed and a person's name masked as configured.
    pub record: Penalty,
    /// The end of its publication period (公示截止期): `publish_until` or the maximum
    /// (it may leave earlier, when it is repaired, revoked or an objection upheld).
    pub period_end: Day,
    /// An objection is being handled (异议处理中).
    pub objection_pending: bool,
}

/// The public penalties, newest decision first, and the withdrawal notices.
#[derive(Debug, Default)]
pub struct PublicPenalties {
    pub records: Vec<PublicPenalty>,
    /// Newest first.
    pub notices: Vec<WithdrawalNotice>,
}

/// The stable id of a decision, from its issuing authority and number.
pub fn decision_id(authority_uscc: &str, decision_no: &str) -> String {
    hex_id(&[authority_uscc.as_bytes(), decision_no.trim().as_bytes()])
}

/// The record as published on `as_of`: private keys left out, a person's name masked,
/// an `online` date not reached yet left out.
fn scrub(mut p: Penalty, mask: bool, as_of: Day) -> Penalty {
    p.online = online_on(p.online, as_of);
    p.id_number = None;
    p.address = None;
    p.phone = None;
    if p.party_type == PartyType::Person {
        p.uscc = None;
        p.party = public_name(&p.party, p.party_type, mask);
        p.legal_rep = None;
    }
    p
}

/// `/withdrawals/`, paginated, is the kind's one group of pages.
const WITHDRAWALS: u32 = 0;

impl Kind for Penalties {
    type File = Vec<Item<Penalty>>;
    type Public = PublicPenalties;

    const KEY: &'static str = "penalties";
    const EXPORT_HEADERS: &'static [&'static str] = &[
        "行政处罚决定书文号",
        "行政相对人名称",
        "行政相对人类别",
        "统一社会信用代码",
        "法定代表人",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "罚款金额（万元）",
        "没收违法所得、没收非法财物的金额（万元）",
        "暂扣或吊销证照名称及编号",
        "处罚决定日期",
        "失信严重程度",
        "公示截止期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源",
        "数据来源单位统一社会信用代码",
        "链接",
        "处罚程序",
        "异议状态",
        "异议提出日期",
        "重点领域",
        "上网公示日期",
        "备注",
    ];
    const SECTIONS: &'static [&'static str] = &["penalties", "withdrawals"];
    const SEARCH: SearchKind = SearchKind {
        key: "penalty",
        label: "行政处罚",
        rank: 1,
    };
    const SHORT: &'static str = "处罚";
    const IMPORT: ImportSpec = import::IMPORT;
    const SHEET: &'static str = "行政处罚";
    const XLSX_TEMPLATE: &'static [TemplateColumn] = import::NATIONAL_TEMPLATE;

    fn decode(src: &SourceText, _slug: &str, diags: &mut Diagnostics) -> Option<Self::File> {
        decode::records(src, "decision_no", diags)
    }

    fn stood_in(src: &SourceText, _slug: &str, which: StandIn) -> Option<Self::File> {
        decode::stood_in_records(src, which)
    }

    fn check(cx: &CheckCx<'_>, src: &SourceText, file: &Self::File, diags: &mut Diagnostics) {
        check::check_penalties(cx, src, file, diags)
    }

    fn accountable(cx: &CheckCx<'_>, file: &Self::File, out: &mut Vec<Accountable>) {
        for p in file.iter().map(|i| &i.value) {
            let upheld = p
                .objection
                .as_ref()
                .filter(|o| o.status == record::ObjectionStatus::Upheld)
                .and_then(|o| o.resolved);
            let event = [
                p.repaired.as_ref().map(|r| (Event::Repaired, r.date)),
                p.revoked.as_ref().map(|r| (Event::Revoked, r.date)),
                upheld.map(|d| (Event::ObjectionUpheld, d)),
            ]
            .into_iter()
            .flatten()
            .min_by_key(|&(e, d)| (d, e));
            let published = penalty_state(cx.config.rules, p, p.decided).is_ok();
            out.push(Accountable {
                id: decision_id(&p.authority_uscc, &p.decision_no),
                reference: p.decision_no.trim().to_string(),
                decided: Some(p.decided),
                online: p.online,
                published,
                event,
                // As seen from the decision: under `rules: auto` the day the rules
                // then in force, or those of 2026-04-01, end it.
                period_end: published.then(|| shown_period_end(cx.config.rules, p, p.decided)),
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
        let (setting, days) = (cx.config.rules, cx.config.withdrawal_notice_days);
        let mut records = Vec::new();
        let mut notices = Vec::new();
        for p in files.iter().flat_map(|f| f.iter()).map(|i| &i.value) {
            let as_of = cx.as_of;
            let notice_on = |day: Day| {
                notice_until(setting, p, days)
                    .filter(|&u| p.revoked.as_ref().is_some_and(|r| r.date <= day) && day <= u)
            };
            if let Some(until) = notice_on(as_of) {
                notices.push(WithdrawalNotice::of(p, until, mask));
            }
            cx.next_change(change_days(setting, p, days), |day| {
                (
                    penalty_state(setting, p, day).ok(),
                    notice_on(day).is_some(),
                    online_on(p.online, day),
                )
            });
            let state = penalty_state(setting, p, as_of);
            cx.track(
                || {
                    let id = decision_id(&p.authority_uscc, &p.decision_no);
                    (id, p.decision_no.trim().to_string())
                },
                state.as_ref().map(|_| ()).map_err(|r| *r),
            );
            match state {
                Ok(state) => records.push(PublicPenalty {
                    id: decision_id(&p.authority_uscc, &p.decision_no),
                    record: scrub(p.clone(), mask, as_of),
                    period_end: shown_period_end(setting, p, as_of),
                    objection_pending: state.objection_pending,
                }),
                Err(reason) => cx.withhold(reason, 1),
            }
        }
        // Newest first; the key is cached so that the large records move once.
        records.sort_by_cached_key(|r| (std::cmp::Reverse(r.record.decided), r.id.clone()));
        notices.sort_by(|a, b| b.date.cmp(&a.date).then(a.decision_no.cmp(&b.decision_no)));
        PublicPenalties { records, notices }
    }

    fn counts(public: &Self::Public) -> Vec<(&'static str, usize)> {
        vec![("penalties", public.records.len())]
    }

    fn summary(public: &Self::Public) -> String {
        match public.notices.len() {
            0 => crate::out::counted(public.records.len(), "penalty", "penalties"),
            n => format!(
                "{}, {}",
                crate::out::counted(public.records.len(), "penalty", "penalties"),
                crate::out::counted(n, "withdrawal notice", "withdrawal notices")
            ),
        }
    }

    fn links<'a>(public: &'a Self::Public, link: &mut dyn FnMut(Link<'a>)) {
        for (i, p) in public.records.iter().enumerate() {
            let r = &p.record;
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
            year: Some(public.records[index as usize].record.decided),
            grade: None,
        }
    }

    fn pages(public: &Self::Public, paginate: usize) -> Vec<KindPage> {
        let mut pages = index_and_record_pages(public.records.len(), paginate);
        // `/withdrawals/` is an address of the contract (§10): there even when no
        // notice is public, saying so.
        pages.extend(
            page_numbers(public.notices.len(), paginate).map(|page| KindPage::Group {
                group: WITHDRAWALS,
                page,
            }),
        );
        pages
    }

    fn path(public: &Self::Public, page: KindPage) -> String {
        match page {
            KindPage::Index { page } => urls::paged(urls::PENALTIES, page as usize),
            KindPage::Group { page, .. } => urls::paged(withdrawals::PATH, page as usize),
            KindPage::Record(i) => urls::penalty(&public.records[i as usize].id),
        }
    }

    fn render(model: &SiteModel, public: &Self::Public, page: KindPage) -> PageContext {
        let path = Self::path(public, page);
        let per = model.site.config.paginate;
        match page {
            KindPage::Index { page } => {
                let page = page as usize;
                let mut ctx = base_context(model, &path, "penalties", "行政处罚信息");
                let rows: Vec<_> = page_slice(&public.records, page, per)
                    .iter()
                    .map(|p| penalty_row(model, p))
                    .collect();
                let total = public.records.len();
                insert_listing(
                    model,
                    &mut ctx,
                    ("penalties", &rows),
                    total,
                    urls::PENALTIES,
                    page,
                );
                ctx.insert("withdrawals", &public.notices.len());
                PageContext::new("penalties.html", ctx)
            }
            KindPage::Group { page, .. } => {
                withdrawals::render(model, &public.notices, &path, page)
            }
            KindPage::Record(i) => {
                let view = views::penalty_view(model, &public.records[i as usize]);
                let title = format!("行政处罚 {}", view.decision_no);
                let mut ctx = base_context(model, &path, "penalties", &title);
                ctx.insert("penalty", &view);
                PageContext::new("penalty.html", ctx)
            }
        }
    }

    fn entity_section(model: &SiteModel, public: &Self::Public, links: &[u32]) -> tera::Value {
        let rows: Vec<PenaltyRow> = links
            .iter()
            .map(|&i| penalty_row(model, &public.records[i as usize]))
            .collect();
        tera::Value::from_serializable(&rows)
    }

    fn home(model: &SiteModel, public: &Self::Public, ctx: &mut crate::render::Vars) {
        let latest: Vec<_> = public
            .records
            .iter()
            .take(10)
            .map(|p| penalty_row(model, p))
            .collect();
        ctx.insert("latest_penalties", &latest);
    }

    fn export_rows<'a>(model: &'a SiteModel, public: &'a Self::Public) -> Rows<'a> {
        Box::new(views::export_rows(model, &public.records))
    }

    fn docs(model: &SiteModel, public: &Self::Public, out: &mut Vec<Doc>) {
        views::docs(model, &public.records, out)
    }

    fn feed(_model: &SiteModel, public: &Self::Public, out: &mut Vec<FeedEntry>) {
        views::feed(&public.records, out);
        withdrawals::feed(&public.notices, out);
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
        match page {
            KindPage::Group { .. } => t.any && old.notices != new.notices,
            // The listing links to the notices when there are some.
            KindPage::Index { .. } if old.notices.is_empty() != new.notices.is_empty() => true,
            _ => needs_index_or_record(t, &old.records, &new.records, page, paginate, |r| &r.id),
        }
    }
}
