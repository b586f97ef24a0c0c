//! The URL contract (data contract §10): where each thing lives, as a path relative to
//! the site root (`penalties/abc/`), and how such a path becomes a link.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// `entities/<USCC>/`
pub fn entity(uscc: &str) -> String {
    format!("entities/{uscc}/")
}

/// `base/` for page 1, `base/page/N/` after.
pub fn paged(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

pub fn batch(slug: &str) -> String {
    format!("grades/{slug}/")
}

pub fn list(slug: &str) -> String {
    format!("lists/{slug}/")
}

pub fn penalty(id: &str) -> String {
    format!("penalties/{id}/")
}

pub fn licence(id: &str) -> String {
    format!("licences/{id}/")
}

pub const HOME: &str = "";
pub const ENTITIES: &str = "entities/";
pub const GRADES: &str = "grades/";
pub const LISTS: &str = "lists/";
pub const PENALTIES: &str = "penalties/";
pub const LICENCES: &str = "licences/";
pub const SEARCH: &str = "search/";
pub const DATA: &str = "data/";
/// [`SEARCH`] and [`DATA`] as a path's first segment.
pub const SEARCH_SECTION: &str = "search";
pub const DATA_SECTION: &str = "data";

/// What is percent-encoded in a URL path: everything but unreserved characters, `/`
/// and the sub-delimiters that may stand in a path (RFC 3986), except `'`, which
/// would end a quoted attribute in some HTML, and `:`, so that no path can be read
/// as a scheme (`javascript:…`).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

/// Percent-encodes what may not stand in a URL path as written (non-ASCII, spaces,
/// quotes), keeping `/`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// What stays as written in a menu link's query and fragment (`?q=处罚#top`): the
/// path's characters, `?`, `#`, and `%` (escapes already written).
const QUERY: &AsciiSet = &PATH.remove(b'?').remove(b'#').remove(b'%');

/// A `menu` path of this site as a browser reads it. Its `..` is kept as written, not
/// read by [`join`]: a site under a sub-path may lead to the portal above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuTarget {
    /// The page or file, decoded, without `.` segments, a folder with its slash
    /// (`notices/`, `about/index.html`; `` for the home page).
    pub page: String,
    /// `?…` and `#…` after it, as written.
    pub rest: String,
}

impl MenuTarget {
    /// The link below the site's root: the page encoded, then the rest.
    pub fn href(&self) -> String {
        format!(
            "{}{}",
            encode_path(&self.page),
            utf8_percent_encode(&self.rest, QUERY)
        )
    }
}

/// The page a `menu` path names on this site; `None` for an address elsewhere
/// (`https://…`, `//host/…`). One reading for the link and for the check of it.
pub fn menu_target(path: &str) -> Option<MenuTarget> {
    let path = path.trim();
    let cut = path.find(['?', '#']).unwrap_or(path.len());
    let (page, rest) = path.split_at(cut);
    if page.contains(':') || page.starts_with("//") {
        return None;
    }
    // `%E9%80%9A…/` is the folder `通…/`, as a browser asks for it.
    let page = percent_encoding::percent_decode_str(page).decode_utf8_lossy();
    let parts: Vec<&str> = page
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let file = parts.last().is_some_and(|p| p.contains('.'));
    let mut page = parts.join("/");
    if !page.is_empty() && !file {
        page.push('/');
    }
    Some(MenuTarget {
        page,
        rest: rest.to_string(),
    })
}

/// `../` repeated once per folder level of `path`, so links work under any mount point.
pub fn root_prefix(path: &str) -> String {
    let depth = path.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// A link from the site root, its leading `/` taken off (`xyjt/penalties/`), with the
/// site's sub-path (`/xyjt/`, from `base_url`) taken off too when it is written, with
/// or without its last slash: `penalties/`.
pub fn below_sub_path<'a>(rest: &'a str, base_path: &str) -> &'a str {
    let sub_path = base_path.trim_start_matches('/');
    match rest.strip_prefix(sub_path) {
        Some(inside) if !sub_path.is_empty() => inside,
        _ if !sub_path.is_empty() && rest == sub_path.trim_end_matches('/') => "",
        _ => rest,
    }
}

/// `path` read from the folder `from` (`` or ending in `/`), with `.` and `..` taken
/// away; `None` when it climbs above the root. One reading for a Markdown link and
/// for a part named in a workbook's relationships.
pub fn join(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The output file of a page path: `a/b/` → `a/b/index.html`.
pub fn index_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Whether `s` is an `https://` or `http://` address with nothing in it that could end
/// an HTML attribute (what site.yaml may link to from every page).
pub fn is_web_link(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("penalties/x/"), "../../");
        assert_eq!(root_prefix(&paged("grades/a/", 3)), "../../../../");
        assert_eq!(paged("penalties/", 1), "penalties/");
    }

    #[test]
    fn join_reads_dots_and_stops_at_the_root() {
        assert_eq!(
            join("guides/", "../files/a.pdf").as_deref(),
            Some("files/a.pdf")
        );
        assert_eq!(
            join("xl/", "./worksheets/../sheet1.xml").as_deref(),
            Some("xl/sheet1.xml")
        );
        assert_eq!(join("", "notices/").as_deref(), Some("notices/"));
        assert_eq!(join("a/", "..").as_deref(), Some(""));
        assert_eq!(join("a/", "../../b"), None);
    }

    #[test]
    fn encodes_non_ascii_but_keeps_slashes() {
        assert_eq!(encode_path("grades/2024年/"), "grades/2024%E5%B9%B4/");
        assert_eq!(encode_path("a b/\"x\""), "a%20b/%22x%22");
        assert_eq!(
            encode_path("javascript:alert(1)/"),
            "javascript%3Aalert(1)/"
        );
    }
}
