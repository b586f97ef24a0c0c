//! `sitemap.xml` and `feed.xml` (Atom): absolute URLs under `base_url`, dates from the
//! data only, so the same inputs give the same bytes.

use crate::assemble::SiteModel;
use crate::model::Day;
use crate::urls;
use crate::views::href;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub fn sitemap_xml(model: &SiteModel) -> Vec<u8> {
    let base = &model.site.config.base_url;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut paths: Vec<String> = model.pages.iter().map(|&p| model.path_of(p)).collect();
    paths.sort();
    for path in paths {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base}{}", href(&path))));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

struct Entry {
    date: Day,
    title: String,
    path: String,
    summary: String,
}

fn atom_date(d: Day) -> String {
    format!("{d}T00:00:00+08:00")
}

/// The newest 50 disclosures: penalties, licences, grade batches and lists.
pub fn feed_xml(model: &SiteModel) -> Vec<u8> {
    let site = &model.site;
    let mut entries: Vec<Entry> = Vec::new();
    for p in site.penalties.iter().take(50) {
        let r = &p.record;
        entries.push(Entry {
            date: r.decided,
            title: format!("行政处罚：{} {}", r.party, r.decision_no),
            path: urls::penalty(&p.id),
            summary: format!("{}；{}", r.violation_type, r.content),
        });
    }
    for l in site.licences.iter().take(50) {
        let r = &l.record;
        entries.push(Entry {
            date: r.decided,
            title: format!("行政许可：{} {}", r.party, r.decision_no),
            path: urls::licence(&l.id),
            summary: r.content.clone(),
        });
    }
    for b in &site.batches {
        entries.push(Entry {
            date: b.header.published,
            title: b.header.title.clone(),
            path: urls::batch(&b.slug),
            summary: format!("{}家企业", b.records.len()),
        });
    }
    for l in &site.lists {
        entries.push(Entry {
            date: l.header.published,
            title: l.header.title.clone(),
            path: urls::list(&l.slug),
            summary: l.header.kind.label().to_string(),
        });
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.path.cmp(&b.path)));
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
    out.push_str(&format!("  <updated>{}</updated>\n", atom_date(updated)));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.config.authority.name)
    ));
    for e in entries {
        let url = xml_escape(&format!("{base}{}", href(&e.path)));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        out.push_str(&format!("    <id>{url}</id>\n    <link href=\"{url}\"/>\n"));
        out.push_str(&format!("    <updated>{}</updated>\n", atom_date(e.date)));
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
    fn escapes_markup_and_control_characters() {
        assert_eq!(xml_escape("<a&b>\"'\u{1}"), "&lt;a&amp;b&gt;&quot;&apos;");
    }
}
