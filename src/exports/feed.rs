//! `sitemap.xml` and `feed.xml` (Atom): absolute URLs under `base_url`, dates from the
//! data only, so the same inputs give the same bytes.

use crate::assemble::SiteModel;
use crate::kinds::REGISTRY;
use crate::model::Day;
use crate::views::href;

/// A character XML 1.0 allows and that is not a Unicode non-character (U+FFFE,
/// U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane): anything else
/// would make a feed reader or a search engine reject the file.
fn is_xml_char(c: char) -> bool {
    let n = c as u32;
    let allowed = matches!(c, '\t' | '\n' | '\r')
        || (0x20..=0xd7ff).contains(&n)
        || (0xe000..=0x10ffff).contains(&n);
    let nonchar = (0xfdd0..=0xfdef).contains(&n) || n & 0xfffe == 0xfffe;
    allowed && !nonchar
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `robots.txt`: everything may be crawled; the sitemap is named with the sub-path of
/// `base_url` (a portal that serves the site under a sub-path merges this into its
/// own robots.txt at the host's root).
pub fn robots_txt(model: &SiteModel) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        model.site.config.base_url
    )
}

/// URLs per sitemap file (the protocol allows 50,000).
pub const SITEMAP_URLS: usize = 50_000;

fn urlset(base: &str, paths: &[String]) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base}{}", href(path))));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// `sitemap.xml`, and when the site has more than [`SITEMAP_URLS`] pages, a sitemap
/// index there over `sitemap-1.xml`, `sitemap-2.xml`, …: (file name, bytes).
pub fn sitemap_files(model: &SiteModel) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<String> = model.pages.iter().map(|&p| model.path_of(p)).collect();
    paths.sort();
    sitemaps(&model.site.config.base_url, &paths, SITEMAP_URLS)
}

/// The sitemap files of `paths`, at most `per_file` URLs per file.
fn sitemaps(base: &str, paths: &[String], per_file: usize) -> Vec<(String, Vec<u8>)> {
    if paths.len() <= per_file {
        return vec![("sitemap.xml".to_string(), urlset(base, paths))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in paths.chunks(per_file).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&format!("{base}{name}"))
        ));
        files.push((name, urlset(base, chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index.into_bytes()));
    files
}

/// One entry of the feed: a disclosure with its date and page.
pub struct FeedEntry {
    pub date: Day,
    pub title: String,
    /// Site-relative path of its page.
    pub path: String,
    /// The place on the page (`n-…`), when the entry is one of several on it.
    pub anchor: Option<String>,
    pub summary: String,
}

/// Midnight of `d` in the site's time zone (`offset` minutes east of UTC).
fn atom_date(d: Day, offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let m = offset.unsigned_abs();
    format!("{d}T00:00:00{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The newest 50 disclosures of every kind.
pub fn feed_xml(model: &SiteModel) -> Vec<u8> {
    let site = &model.site;
    let mut entries: Vec<FeedEntry> = Vec::new();
    for (id, kind) in REGISTRY.iter().enumerate() {
        kind.feed(model, model.dataset(id), &mut entries);
    }
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.path.cmp(&b.path))
            .then(a.anchor.cmp(&b.anchor))
    });
    entries.truncate(50);

    let base = &site.config.base_url;
    let updated = entries.first().map(|e| e.date).unwrap_or(site.as_of);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&site.config.title)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(base)));
    out.push_str(&format!("  <link href=\"{}\"/>\n", xml_escape(base)));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}feed.xml\"/>\n",
        xml_escape(base)
    ));
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        atom_date(updated, site.config.utc_offset_minutes)
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.config.authority.name)
    ));
    for e in entries {
        let fragment = e
            .anchor
            .map(|a| format!("#{}", href(&a)))
            .unwrap_or_default();
        let url = xml_escape(&format!("{base}{}{fragment}", href(&e.path)));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        out.push_str(&format!("    <id>{url}</id>\n    <link href=\"{url}\"/>\n"));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            atom_date(e.date, site.config.utc_offset_minutes)
        ));
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&e.summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_site_gets_a_sitemap_index() {
        let paths: Vec<String> = (0..5).map(|i| format!("p/{i}/")).collect();
        let one = sitemaps("https://x.gov.cn/s/", &paths, 5);
        assert_eq!(one.len(), 1);
        assert!(String::from_utf8_lossy(&one[0].1).contains("<urlset"));
        let split = sitemaps("https://x.gov.cn/s/", &paths, 2);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8_lossy(&split[3].1).into_owned();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.gov.cn/s/sitemap-3.xml</loc>"));
        let last = String::from_utf8_lossy(&split[2].1).into_owned();
        assert_eq!(last.matches("<url>").count(), 1);
        assert!(last.contains("https://x.gov.cn/s/p/4/"));
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(xml_escape("<a&b>\"'\u{1}"), "&lt;a&amp;b&gt;&quot;&apos;");
        assert_eq!(
            xml_escape("a\u{fffe}b\u{ffff}c\u{fdd0}d\u{1fffe}e"),
            "abcde"
        );
        assert_eq!(xml_escape("中\u{10000}文"), "中\u{10000}文");
        assert_eq!(
            atom_date(Day::parse("2026-01-02").unwrap(), 480),
            "2026-01-02T00:00:00+08:00"
        );
        assert_eq!(
            atom_date(Day::parse("2026-01-02").unwrap(), -330),
            "2026-01-02T00:00:00-05:30"
        );
    }
}
