//! Views: what templates see. Plain serializable structs with display-ready strings
//! and site-relative links (templates prefix them with `root`), built from the model.
//! Templates never see domain types, so a private field cannot leak by accident.
//! The views shared by every page are here; each kind has its own (see
//! [`crate::kinds`]).

mod markdown;
pub mod md_links;

pub use markdown::{link_problems, links_in, markdown_to_html, shown_text, LinkBase, OwnLinks};

use crate::assemble::SiteModel;
use crate::model::Day;
use crate::urls::{self, encode_path};
use serde::Serialize;

/// Shared by every page (tera's global context).
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub authority: String,
    pub authority_uscc: String,
    pub contact: String,
    pub as_of: String,
    /// `截至2026年11月23日`, for the printed credit report.
    pub as_of_words: String,
    pub version: String,
    pub portal: PortalView,
    pub menu: Vec<MenuView>,
}

/// The portal footer, placeholders left out.
#[derive(Debug, Serialize)]
pub struct PortalView {
    pub sponsor: String,
    pub organizer: String,
    pub site_code: String,
    pub icp: String,
    pub police: String,
    /// The digits of the 公安 filing number, for the link to its record.
    pub police_code: String,
    /// Site-relative path of the 党政机关网站标识 image.
    pub gov_mark: String,
    pub gov_mark_link: String,
}

/// One extra link of the main navigation.
#[derive(Debug, Serialize)]
pub struct MenuView {
    pub title: String,
    /// Site-relative (the templates prefix `root`) unless `external`.
    pub href: String,
    pub external: bool,
    /// The site-relative path it points to ("" when external), for `aria-current`.
    pub path: String,
}

fn portal_view(c: &crate::config::SiteConfig) -> PortalView {
    let p = &c.portal;
    let given = |v: &str| {
        if v.contains(crate::config::PLACEHOLDER) {
            String::new()
        } else {
            v.trim().to_string()
        }
    };
    let sponsor = match given(&p.sponsor) {
        s if s.is_empty() => c.authority.name.clone(),
        s => s,
    };
    let police = given(&p.police);
    PortalView {
        sponsor,
        organizer: given(&p.organizer),
        site_code: given(&p.site_code),
        icp: given(&p.icp),
        police_code: police.chars().filter(char::is_ascii_digit).collect(),
        police,
        gov_mark: encode_path(&given(&p.gov_mark)),
        gov_mark_link: Some(given(&p.gov_mark_link))
            .filter(|l| urls::is_web_link(l))
            .unwrap_or_default(),
    }
}

fn menu_view(c: &crate::config::SiteConfig) -> Vec<MenuView> {
    c.menu
        .iter()
        .map(|m| match crate::urls::menu_target(&m.path) {
            Some(target) => MenuView {
                title: m.title.clone(),
                href: target.href(),
                external: false,
                path: target.page,
            },
            None => MenuView {
                title: m.title.clone(),
                href: m.path.trim().to_string(),
                external: true,
                path: String::new(),
            },
        })
        .collect()
}

/// `截至2026年11月23日`.
fn as_of_words(d: Day) -> String {
    use chrono::Datelike;
    format!("截至{}年{}月{}日", d.0.year(), d.0.month(), d.0.day())
}

impl SiteView {
    pub fn new(model: &SiteModel) -> Self {
        let c = &model.site.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            authority: c.authority.name.clone(),
            authority_uscc: c.authority.uscc.clone(),
            contact: if c.authority.contact.contains(crate::config::PLACEHOLDER) {
                String::new()
            } else {
                c.authority.contact.clone()
            },
            as_of: model.site.as_of.to_string(),
            as_of_words: as_of_words(model.site.as_of),
            version: env!("CARGO_PKG_VERSION").to_string(),
            portal: portal_view(c),
            menu: menu_view(c),
        }
    }
}

pub fn href(path: &str) -> String {
    encode_path(path)
}

fn fmt_amount(v: Option<f64>) -> String {
    v.map(|v| {
        // Whole numbers (most scores and amounts) without the exact decimal expansion.
        if v.fract() == 0.0 && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative()) {
            return (v as i64).to_string();
        }
        // The shortest text that reads back as the same number: what was written
        // (`0.00125` 万元 is 12.5 元), so that an export imports as it was (§13).
        format!("{v}")
    })
    .unwrap_or_default()
}

pub fn fmt_score(v: Option<f64>) -> String {
    fmt_amount(v)
}

pub fn fmt_wan(v: Option<f64>) -> String {
    fmt_amount(v)
}

/// Links to pages of a paginated listing.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// A window of page links around the current one, with first and last.
    pub items: Vec<PagerItem>,
}

#[derive(Debug, Serialize)]
pub struct PagerItem {
    pub number: usize,
    pub href: String,
    pub current: bool,
    /// A gap (…) before this item.
    pub gap_before: bool,
}

impl Pager {
    pub fn new(base: &str, current: usize, total: usize) -> Self {
        let link = |n: usize| href(&urls::paged(base, n));
        let mut numbers: Vec<usize> = vec![1, total];
        numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        let mut items = Vec::with_capacity(numbers.len());
        let mut last = 0;
        for n in numbers {
            items.push(PagerItem {
                number: n,
                href: link(n),
                current: n == current,
                gap_before: last != 0 && n > last + 1,
            });
            last = n;
        }
        Pager {
            current,
            total,
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            items,
        }
    }
}

/// The slice of `items` shown on page `page` (1-based).
pub fn page_slice<T>(items: &[T], page: usize, per: usize) -> &[T] {
    let start = ((page - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub href: String,
    pub title: String,
    pub date: String,
    pub summary: String,
}

pub fn page_links(model: &SiteModel) -> Vec<PageLink> {
    let mut pages: Vec<_> = model
        .site
        .pages
        .iter()
        .filter(|p| !p.path.is_empty())
        .collect();
    pages.sort_by(|a, b| {
        a.front
            .weight
            .cmp(&b.front.weight)
            .then(b.front.date.cmp(&a.front.date))
            .then(a.path.cmp(&b.path))
    });
    pages
        .into_iter()
        .map(|p| PageLink {
            href: href(&p.path),
            title: p.front.title.clone(),
            date: p.front.date.map(|d: Day| d.to_string()).unwrap_or_default(),
            summary: p.front.summary.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_windows_with_gaps() {
        let p = Pager::new("penalties/", 5, 10);
        let numbers: Vec<usize> = p.items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 5, 6, 7, 10]);
        assert!(p.items[1].gap_before && p.items[6].gap_before && !p.items[2].gap_before);
        assert_eq!(p.prev.as_deref(), Some("penalties/page/4/"));
        assert_eq!(Pager::new("penalties/", 1, 1).next, None);
    }

    #[test]
    fn amounts_drop_trailing_zeros() {
        assert_eq!(fmt_wan(Some(0.2)), "0.2");
        assert_eq!(fmt_wan(Some(3.0)), "3");
        // The shortcut for whole numbers writes what the decimal expansion did.
        for v in [
            0.0,
            -0.0,
            684.0,
            -12.0,
            1e14,
            99999999999999.0,
            2.5,
            1e15,
            1e16,
        ] {
            let s = format!("{v:.4}");
            let long = s.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(fmt_amount(Some(v)), long, "{v}");
        }
        // Every digit written is kept, and none is added.
        for (written, shown) in [
            ("0.00125", "0.00125"),
            ("0.20", "0.2"),
            ("12.5", "12.5"),
            ("0.00001", "0.00001"),
            ("865.55", "865.55"),
        ] {
            assert_eq!(fmt_amount(written.parse().ok()), shown);
        }
        assert_eq!(fmt_wan(None), "");
        assert_eq!(page_slice(&[1, 2, 3, 4, 5], 2, 2), &[3, 4]);
        assert_eq!(page_slice(&[1, 2, 3], 3, 2), &[] as &[i32]);
    }
}
