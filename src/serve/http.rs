//! The preview's little web server: maps request paths to files of the in-memory site,
//! safely (no way out of the site), with the right content types.

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A site file (relative path inside the output).
    File(String),
    /// The folder exists: redirect to the path with a trailing slash.
    Redirect(String),
    /// A live-reload endpoint (`__gongshi/...`).
    Internal(String),
    NotFound,
}

/// Percent-decodes a URL path; `None` for malformed escapes (`%zz`, a lone `%`), NUL
/// or invalid UTF-8. (`percent-encoding` decodes leniently, leaving a malformed
/// escape as it is; a request with one is refused here instead.)
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    (!decoded.contains('\0')).then(|| decoded.into_owned())
}

/// `s` with the two hex digits after each `%` in upper case.
fn upper_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = 0;
    for c in s.chars() {
        if upper > 0 {
            out.push(c.to_ascii_uppercase());
            upper -= 1;
        } else {
            upper = if c == '%' { 2 } else { 0 };
            out.push(c);
        }
    }
    out
}

/// Resolves a request URL (path and query) against the site mounted at `base_path`.
/// `exists` says whether a site file exists.
pub fn resolve(url: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    // Escapes in upper case, as base_path writes them (`%e4` and `%E4` are one byte).
    let path = upper_escapes(url.split(['?', '#']).next().unwrap_or(""));
    let path = path.as_str();
    // `//host/…` would make a redirect leave the site (a browser reads it as a host).
    if path.starts_with("//") || path.starts_with("/\\") || !path.starts_with('/') {
        return Resolved::NotFound;
    }
    if base_path != "/" && path == base_path.trim_end_matches('/') {
        return Resolved::Redirect(base_path.to_string());
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return Resolved::NotFound;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Resolved::NotFound;
    };
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Resolved::NotFound,
            s if s.contains('\\') || s.contains(':') => return Resolved::NotFound,
            s => parts.push(s),
        }
    }
    let rel = parts.join("/");
    if let Some(internal) = rel.strip_prefix("__gongshi/") {
        return Resolved::Internal(internal.to_string());
    }
    let is_dir = decoded.is_empty() || decoded.ends_with('/');
    if is_dir {
        let index = if rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{rel}/index.html")
        };
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(&rel) {
        return Resolved::File(rel);
    }
    if exists(&format!("{rel}/index.html")) {
        return Resolved::Redirect(format!("{path}/"));
    }
    Resolved::NotFound
}

/// The Content-Type of a file by its extension (text types in UTF-8).
pub fn content_type(path: &str) -> String {
    // RFC 7303 prefers application/xml to text/xml, which mime_guess gives.
    if path
        .rsplit('.')
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
    {
        return "application/xml; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "json" | "javascript" | "xml" | "svg"
        );
    if text && mime.get_param("charset").is_none() && mime.subtype() != "svg" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        [
            "index.html",
            "penalties/index.html",
            "css/site.css",
            "grades/2024年/index.html",
        ]
        .contains(&p)
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        assert_eq!(
            resolve("/xyjt/", "/xyjt/", site),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve("/xyjt", "/xyjt/", site),
            Resolved::Redirect("/xyjt/".into())
        );
        assert_eq!(
            resolve("/xyjt/penalties/?q=1", "/xyjt/", site),
            Resolved::File("penalties/index.html".into())
        );
        assert_eq!(
            resolve("/xyjt/penalties", "/xyjt/", site),
            Resolved::Redirect("/xyjt/penalties/".into())
        );
        assert_eq!(
            resolve("/xyjt/css/site.css", "/xyjt/", site),
            Resolved::File("css/site.css".into())
        );
        assert_eq!(
            resolve("/xyjt/grades/2024%E5%B9%B4/", "/xyjt/", site),
            Resolved::File("grades/2024年/index.html".into())
        );
        assert_eq!(resolve("/other/", "/xyjt/", site), Resolved::NotFound);
        // A Chinese sub-path (`/信用/`, written encoded), asked for in either case.
        for asked in [
            "/%E4%BF%A1%E7%94%A8/css/site.css",
            "/%e4%bf%a1%e7%94%a8/css/site.css",
        ] {
            assert_eq!(
                resolve(asked, "/%E4%BF%A1%E7%94%A8/", site),
                Resolved::File("css/site.css".into()),
                "{asked}"
            );
        }
        assert_eq!(
            resolve("/xyjt/__gongshi/poll", "/xyjt/", site),
            Resolved::Internal("poll".into())
        );
    }

    #[test]
    fn traversal_attempts_are_not_found() {
        for url in [
            "/xyjt/../etc/passwd",
            "/xyjt/%2e%2e/site.yaml",
            "/xyjt/css/%2E%2E/%2e%2e/site.yaml",
            "/xyjt/..%2fsite.yaml",
            "/xyjt/css/..%5c..%5csite.yaml",
            "/xyjt/%00index.html",
            "/xyjt/%zz",
            "/xyjt/C:/windows",
            "/xyjt/./index.html",
            "//evil.example.com",
            "//evil.example.com/xyjt/",
            "/\\evil.example.com",
            "http://evil.example.com/xyjt/",
        ] {
            assert_eq!(
                resolve(url, "/xyjt/", |_| true),
                Resolved::NotFound,
                "{url}"
            );
        }
    }

    #[test]
    fn content_types_are_right() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("js/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            content_type("data/penalties.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("a.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
