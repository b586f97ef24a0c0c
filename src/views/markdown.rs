//! Markdown to HTML for pages: CommonMark with tables; raw HTML is shown as text.

use pulldown_cmark::{html, Event, Options, Parser};

/// Renders `body` to HTML. Raw HTML in the source is escaped rather than passed
/// through, so a page cannot carry scripts or external resources onto the site.
pub fn markdown_to_html(body: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    let parser = Parser::new_ext(body, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_render_and_raw_html_is_escaped() {
        let html =
            markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n");
        assert!(html.contains("<table>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
    }
}
