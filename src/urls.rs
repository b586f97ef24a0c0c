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

/// `../` repeated once per folder level of `path`, so links work under any mount point.
pub fn root_prefix(path: &str) -> String {
    let depth = path.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
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
    fn encodes_non_ascii_but_keeps_slashes() {
        assert_eq!(encode_path("grades/2024年/"), "grades/2024%E5%B9%B4/");
        assert_eq!(encode_path("a b/\"x\""), "a%20b/%22x%22");
        assert_eq!(
            encode_path("javascript:alert(1)/"),
            "javascript%3Aalert(1)/"
        );
    }
}
