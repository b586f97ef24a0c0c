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

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-decodes a URL path; `None` for malformed escapes, NUL or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let v = hex(*b.get(i + 1)?)? * 16 + hex(*b.get(i + 2)?)?;
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    if out.contains(&0) {
        return None;
    }
    String::from_utf8(out).ok()
}

/// Resolves a request URL (path and query) against the site mounted at `base_path`.
/// `exists` says whether a site file exists.
pub fn resolve(url: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or("");
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
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
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
    }
}
