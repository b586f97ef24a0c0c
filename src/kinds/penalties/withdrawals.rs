//! Withdrawal notices (撤回说明, 行政处罚法 第四十八条): a decision that was public when
//! it was revoked (or changed, or found unlawful or void) is withdrawn from every page,
//! and for `withdrawal_notice_days` a notice says so at `/withdrawals/`: the decision
//! number, the party (masked for a person), the reason, the date and the note. It
//! repeats nothing of the withdrawn decision and is not linked from the credit file.

use super::public_name;
use super::record::Penalty;
use crate::assemble::SiteModel;
use crate::exports::FeedEntry;
use crate::model::Day;
use crate::render::{base_context, insert_listing, PageContext};
use crate::views::page_slice;
use serde::Serialize;

/// Where the notices are listed.
pub const PATH: &str = "withdrawals/";

/// What a withdrawal notice says, and nothing more.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawalNotice {
    /// The notice's anchor on the page (`n-<hash>`), for links and feed ids.
    pub anchor: String,
    pub decision_no: String,
    pub party: String,
    pub reason: String,
    pub date: Day,
    pub note: String,
    /// The last day it is shown.
    pub until: Day,
}

impl WithdrawalNotice {
    pub fn of(p: &Penalty, until: Day, mask: bool) -> WithdrawalNotice {
        let r = p.revoked.as_ref();
        WithdrawalNotice {
            anchor: format!(
                "n-{}",
                super::decision_id(&p.authority_uscc, &p.decision_no)
            ),
            decision_no: p.decision_no.clone(),
            party: public_name(&p.party, p.party_type, mask),
            reason: r.map(|r| r.reason.label()).unwrap_or_default().to_string(),
            date: r.map_or(p.decided, |r| r.date),
            note: r.map(|r| r.note.clone()).unwrap_or_default(),
            until,
        }
    }
}

#[derive(Serialize)]
struct NoticeRow<'a> {
    anchor: &'a str,
    decision_no: &'a str,
    party: &'a str,
    reason: &'a str,
    date: String,
    note: &'a str,
    until: String,
}

pub fn render(
    model: &SiteModel,
    notices: &[WithdrawalNotice],
    path: &str,
    page: u32,
) -> PageContext {
    let page = page as usize;
    let mut ctx = base_context(model, path, "penalties", "行政处罚决定撤回说明");
    let rows: Vec<NoticeRow> = page_slice(notices, page, model.site.config.paginate)
        .iter()
        .map(|n| NoticeRow {
            anchor: &n.anchor,
            decision_no: &n.decision_no,
            party: &n.party,
            reason: &n.reason,
            date: n.date.to_string(),
            note: &n.note,
            until: n.until.to_string(),
        })
        .collect();
    insert_listing(
        model,
        &mut ctx,
        ("notices", &rows),
        notices.len(),
        PATH,
        page,
    );
    ctx.insert("notice_days", &model.site.config.withdrawal_notice_days);
    PageContext::new("withdrawals.html", ctx)
}

pub fn feed(notices: &[WithdrawalNotice], out: &mut Vec<FeedEntry>) {
    for n in notices.iter().take(50) {
        out.push(FeedEntry {
            date: n.date,
            title: format!("撤回说明：{} {}", n.decision_no, n.reason),
            path: PATH.to_string(),
            anchor: Some(n.anchor.clone()),
            summary: format!(
                "对{}的行政处罚决定{}已{}，原公示信息已撤回。",
                n.party, n.decision_no, n.reason
            ),
        });
    }
}
