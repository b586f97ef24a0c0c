//! Markdown to HTML for pages: CommonMark with tables; raw HTML is shown as text, and
//! only links a citizen's browser can follow safely survive (see [`link_problem`]).

use super::md_links::LinkTargets;
use crate::urls::below_sub_path;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    options
}

/// Why a link (or an image, `image: true`) may not be on the site, or `None`: links
/// may be `http`, `https`, `mailto`, `tel` or relative; images must be the site's own
/// (the theme loads nothing from elsewhere).
pub fn link_problem(dest: &str, image: bool) -> Option<String> {
    // Browsers drop tabs and line breaks inside URLs, and ignore leading spaces.
    let cleaned: String = dest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    let scheme = cleaned
        .find(':')
        .map(|i| &cleaned[..i])
        .filter(|s| {
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
        .map(str::to_ascii_lowercase);
    let external = scheme.is_some() || cleaned.starts_with("//") || cleaned.starts_with("\\\\");
    match (scheme.as_deref(), image) {
        (_, true) if external => Some(format!(
            "the image {dest} is outside the site; pages load nothing from elsewhere"
        )),
        (Some("http" | "https" | "mailto" | "tel"), false) | (None, _) => None,
        (Some(s), _) => Some(format!(
            "the link {dest} uses `{s}:`; only http, https, mailto, tel and relative links are allowed"
        )),
    }
}

/// A link or an image as written in a Markdown body.
pub struct WrittenLink {
    /// Line in the body and column in characters, both 1-based.
    pub line: usize,
    pub column: usize,
    pub dest: String,
    pub image: bool,
}

/// Every link and image of `body`, in order.
pub fn links_in(body: &str) -> Vec<WrittenLink> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let (dest, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let before = &body[..range.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        out.push(WrittenLink {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            dest: dest.into_string(),
            image,
        });
    }
    out
}

/// Every link and image of `body` that may not be on the site: (line in `body` and
/// column in characters, both 1-based; problem).
pub fn link_problems(body: &str) -> Vec<(usize, usize, String)> {
    links_in(body)
        .into_iter()
        .filter_map(|l| link_problem(&l.dest, l.image).map(|p| (l.line, l.column, p)))
        .collect()
}

/// The text a reader sees of a Markdown body, for searching it: inline markup
/// (emphasis, code spans, links) joins what it splits, as the rendered page shows it;
/// blocks and table cells stay apart; references are decoded. Link targets are kept
/// apart, with where they are.
pub struct ShownText {
    pub text: String,
    /// (offset in `text`, offset in the body) at the start of each piece of text.
    marks: Vec<(usize, usize)>,
    /// (offset in the body, the link's target and title, percent-decoded).
    pub links: Vec<(usize, String)>,
}

impl ShownText {
    /// The offset in the body of the text at `at`.
    pub fn body_offset(&self, at: usize) -> usize {
        let i = self.marks.partition_point(|&(t, _)| t <= at);
        match i.checked_sub(1).map(|i| self.marks[i]) {
            Some((t, b)) => b + (at - t),
            None => 0,
        }
    }
}

pub fn shown_text(body: &str) -> ShownText {
    use crate::scan::{shown_markup_text, BREAK};
    let mut shown = ShownText {
        text: String::with_capacity(body.len()),
        marks: Vec::new(),
        links: Vec::new(),
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let piece = match &event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                t.to_string()
            }
            Event::Html(raw) | Event::InlineHtml(raw) => shown_markup_text(raw, &[]),
            Event::SoftBreak | Event::HardBreak => "\n".to_string(),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let target = format!("{} {}", decode(dest_url), title);
                shown.links.push((range.start, target));
                String::new()
            }
            Event::Start(tag) if !is_inline(tag) => BREAK.to_string(),
            Event::End(end) if !is_inline_end(*end) => BREAK.to_string(),
            Event::Rule => BREAK.to_string(),
            _ => String::new(),
        };
        if !piece.is_empty() {
            shown.marks.push((shown.text.len(), range.start));
            shown.text.push_str(&piece);
        }
    }
    shown
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Where a page's links start from: its way to the site root (`../../`, see
/// [`crate::urls::root_prefix`]) and the site's sub-path (`/xyjt/`, from `base_url`);
/// with `own`, the links to the site's own files are read from its Markdown file.
#[derive(Clone, Copy)]
pub struct LinkBase<'a> {
    pub root: &'a str,
    pub base_path: &'a str,
    pub own: Option<OwnLinks<'a>>,
}

/// A Markdown file's links to the site's own files (see [`super::md_links`]).
#[derive(Clone, Copy)]
pub struct OwnLinks<'a> {
    pub files: &'a LinkTargets,
    /// The Markdown file, below `content/` (`guides/objection.md`).
    pub source: &'a str,
    /// Its page's path (`guides/objection/`).
    pub page: &'a str,
}

/// Renders `body` to HTML for a page whose links start from `base`. Raw HTML in the
/// source is escaped rather than passed through, so a page cannot carry scripts or
/// external resources onto the site; a link the checks would refuse points nowhere
/// (the checks run first, this is the second line of defence). A link from the site
/// root (`/penalties/`, as the URL contract writes them, or `/xyjt/penalties/` with
/// the sub-path) is made relative, so that it stays in the site when it is served
/// under a sub-path or opened from another.
pub fn markdown_to_html(body: &str, base: LinkBase<'_>) -> String {
    let parser = Parser::new_ext(body, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if link_problem(&dest_url, false).is_some() {
                CowStr::Borrowed("#")
            } else {
                site_link(dest_url, base)
            },
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: if link_problem(&dest_url, true).is_some() {
                CowStr::Borrowed("")
            } else {
                site_link(dest_url, base)
            },
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, CaptionTables::new(parser));
    out
}

/// A link to the site's own files read from the Markdown file (see
/// [`super::md_links`]); else `dest` with a leading `/` (but not `//`, another host),
/// and the sub-path after it if it is written, put as `root`; else as it is.
fn site_link<'a>(dest: CowStr<'a>, base: LinkBase<'_>) -> CowStr<'a> {
    if let Some(own) = base.own {
        if own
            .files
            .names_withheld(own.source, own.page, base.base_path, &dest)
        {
            return "#".into();
        }
        if let Some(target) = own
            .files
            .site_target(own.source, own.page, base.base_path, &dest)
        {
            return format!("{}{target}", base.root).into();
        }
    }
    let Some(rest) = dest
        .strip_prefix('/')
        .filter(|r| !r.starts_with(['/', '\\']))
    else {
        return dest;
    };
    format!("{}{}", base.root, below_sub_path(rest, base.base_path)).into()
}

/// Gives every table a caption (for assistive technology; hidden on screen): the text
/// of the heading before it, or 表格 when there is none. Markdown has no syntax for a
/// caption, and a table must be labelled (GB/T 37668, WCAG 1.3.1).
struct CaptionTables<'a, I: Iterator<Item = Event<'a>>> {
    inner: I,
    heading: String,
    in_heading: bool,
    pending: std::collections::VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> CaptionTables<'a, I> {
    fn new(inner: I) -> Self {
        CaptionTables {
            inner,
            heading: String::new(),
            in_heading: false,
            pending: Default::default(),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CaptionTables<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        let event = self.inner.next()?;
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                self.in_heading = true;
                self.heading.clear();
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => self.in_heading = false,
            Event::Text(t) | Event::Code(t) if self.in_heading => self.heading.push_str(t),
            Event::Start(Tag::Table(_)) => {
                let label = match self.heading.trim() {
                    "" => "表格".to_string(),
                    h => escape_html(h),
                };
                // A table wider than a phone scrolls inside a region that the
                // keyboard can reach (WCAG 2.1.1), not the page (WCAG 1.4.10).
                self.pending.push_back(event);
                self.pending.push_back(Event::Html(CowStr::from(format!(
                    "<caption class=\"visually-hidden\">{label}</caption>"
                ))));
                return Some(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">"
                ))));
            }
            Event::End(pulldown_cmark::TagEnd::Table) => {
                self.pending
                    .push_back(Event::Html(CowStr::from("</div>\n")));
            }
            _ => {}
        }
        Some(event)
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT_HOME: LinkBase<'static> = LinkBase {
        root: "./",
        base_path: "/",
        own: None,
    };

    #[test]
    fn a_link_from_the_site_root_stays_in_the_site_under_a_sub_path() {
        let base = LinkBase {
            root: "../../",
            base_path: "/xyjt/",
            own: None,
        };
        let html = markdown_to_html(
            "[处罚](/penalties/) [首页](/) ![图](/notices/chart.png) [外](//example.com/) [本](#a) [旁](x.pdf) [全](/xyjt/lists/?q=1#x) [根](/xyjt)",
            base,
        );
        assert!(html.contains(r#"href="../../lists/?q=1#x""#), "{html}");
        assert!(html.contains(r#"href="../../">根"#), "{html}");
        assert!(html.contains(r#"href="../../penalties/""#), "{html}");
        assert!(html.contains(r#"href="../../""#), "{html}");
        assert!(html.contains(r#"src="../../notices/chart.png""#), "{html}");
        assert!(html.contains(r#"href="//example.com/""#), "{html}");
        assert!(
            html.contains(r##"href="#a""##) && html.contains(r#"href="x.pdf""#),
            "{html}"
        );
    }

    #[test]
    fn tables_render_and_raw_html_is_escaped() {
        let html = markdown_to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n",
            AT_HOME,
        );
        assert!(
            html.contains("<div class=\"table-wrap\" role=\"region\" aria-label=\"表格\" tabindex=\"0\"><table><caption class=\"visually-hidden\">表格</caption>"),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        let html = markdown_to_html("## 材料 <清单>\n\n| a |\n|---|\n| 1 |\n", AT_HOME);
        assert!(
            html.contains("<caption class=\"visually-hidden\">材料 &lt;清单&gt;</caption>"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn only_safe_links_and_own_images_pass() {
        for ok in [
            "https://www.gov.cn/",
            "http://x.cn",
            "mailto:a@b.cn",
            "tel:0531-1",
            "../guides/repair/",
            "a b.pdf",
            "#top",
            "?q=1",
        ] {
            assert_eq!(link_problem(ok, false), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ] {
            assert!(link_problem(bad, false).is_some(), "{bad:?}");
        }
        assert_eq!(link_problem("files/a.png", true), None);
        for bad in [
            "https://evil.example.com/a.png",
            "//evil.example.com/a.png",
            "data:image/png;base64,AA",
        ] {
            assert!(link_problem(bad, true).is_some(), "{bad}");
        }
        let body = "# T\n\n[ok](https://x.cn)\n\n[bad](javascript:alert(1))\n\n![x](https://e.com/x.png)\n\n<javascript:alert(2)>\n";
        let places: Vec<(usize, usize)> = link_problems(body).iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(
            places,
            vec![(5, 1), (7, 1), (9, 1)],
            "an autolink is a link too"
        );
        let places: Vec<(usize, usize)> = link_problems("说明：见[此处](javascript:x)。")
            .iter()
            .map(|p| (p.0, p.1))
            .collect();
        assert_eq!(places, vec![(1, 5)], "the column counts characters");
        let html = markdown_to_html("[bad](javascript:alert(1))", AT_HOME);
        assert!(!html.contains("javascript"), "{html}");
    }
}
