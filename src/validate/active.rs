//! Attachments that would act rather than be read: a file a web server runs as a
//! program (`.php`, `.jsp`, `.aspx`, `web.config` …), and an HTML or SVG file with a
//! script, which would run in a citizen's browser on the site's own address (outside
//! the Markdown pages, whose raw HTML is shown as text). Both are errors, whatever
//! `attachments.allow` says: that list is about what can be searched for ID numbers.

use crate::diag::Diagnostic;
use std::path::Path;

/// Extensions a web server may run (PHP, JSP, ASP and ASP.NET, server-side includes,
/// CGI and ColdFusion), lower case.
const SERVER_RUN: &[&str] = &[
    "php", "php3", "php4", "php5", "php7", "phtml", "phar", "jsp", "jspx", "asp", "aspx", "ascx",
    "ashx", "asmx", "asa", "cer", "shtml", "shtm", "stm", "cgi", "pl", "cfm", "cfml",
];

/// Files that configure the web server that serves the folder they are in.
const SERVER_CONFIG: &[&str] = &["web.config", ".htaccess", ".user.ini", "php.ini"];

/// Extensions of documents a browser runs scripts in, lower case.
const SCRIPTED: &[&str] = &[
    "html", "htm", "xhtml", "xht", "svg", "svgz", "xml", "xsl", "xslt",
];

/// The problem of a file named `name` with extension `ext` (lower case) that a web
/// server would run or take as its settings, if it is one.
pub fn server_problem(shown: &Path, name: &str, ext: &str) -> Option<Diagnostic> {
    let runs =
        SERVER_RUN.contains(&ext) || SERVER_CONFIG.contains(&name.to_ascii_lowercase().as_str());
    runs.then(|| {
        Diagnostic::whole_file(
            shown,
            "a file a web server may run as a program or take as its settings; it is not published",
        )
        .with_hint("to offer its text for reading, save it as .txt; server programs and settings belong to the portal's administrators, not to content/")
    })
}

/// The problem of a document with extension `ext` (lower case) and content `bytes`
/// that runs script in a browser, if it is one.
pub fn script_problem(shown: &Path, ext: &str, bytes: &[u8]) -> Option<Diagnostic> {
    if !SCRIPTED.contains(&ext) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let what = script_in(&text.to_lowercase())
        .or_else(|| {
            // The entities its DTD declares, expanded as an XML reader expands them
            // (an entity holding `&#60;script&#62;` is a `<script>`).
            crate::scan::entities_expanded(&text).and_then(|x| script_in(&x.to_lowercase()))
        })
        .or_else(|| decoded_address(&text))?;
    Some(
        Diagnostic::whole_file(
            shown,
            format!("holds {what}, which would run in a reader's browser on the site's own address; it is not published"),
        )
        .with_hint("remove the script, or publish the document as a PDF"),
    )
}

/// What in a lower-cased HTML, SVG or XML document runs script, if anything does.
fn script_in(text: &str) -> Option<&'static str> {
    if text.contains("<script") || text.contains(":script") {
        return Some("a <script>");
    }
    if let Some(what) = script_address(text) {
        return Some(what);
    }
    for element in [
        "<iframe",
        "<object",
        "<embed",
        "<foreignobject",
        "<frame",
        "<meta http-equiv",
    ] {
        if text.contains(element) {
            return Some("an embedded document or a redirect");
        }
    }
    event_handler(text).then_some("an event handler attribute (onload=, onclick=, …)")
}

/// A script address as the browser reads an attribute's value: references decoded
/// (`&#106;avascript:`, `javascript&colon;`) and the tabs and line breaks a URL
/// parser drops left out (`jav&#x09;ascript:`), right after an `=`. Text that only
/// mentions one (`&lt;a href=…`) is decoded too, and may be taken for one: rare in a
/// document published as it is.
fn decoded_address(text: &str) -> Option<&'static str> {
    if !text.contains('&') && !text.contains(['\t', '\n', '\r']) {
        return None;
    }
    let mut decoded = String::with_capacity(text.len());
    crate::scan::markup_decoded(&mut decoded, text);
    decoded.retain(|c| !matches!(c, '\t' | '\n' | '\r'));
    let decoded = decoded.to_lowercase();
    SCRIPT_SCHEMES
        .iter()
        .any(|scheme| {
            decoded.match_indices(scheme).any(|(at, _)| {
                decoded[..at]
                    .trim_end_matches([' ', '"', '\''])
                    .ends_with('=')
            })
        })
        .then_some(SCRIPT_ADDRESS)
}

/// The starts of addresses that run script (lower case).
const SCRIPT_SCHEMES: &[&str] = &[
    "javascript:",
    "vbscript:",
    "data:text/html",
    "data:image/svg",
];

/// What a script address is called in the refusal.
const SCRIPT_ADDRESS: &str = "a script address (javascript:, vbscript:, or a data: document)";

/// A script address in a lower-cased document, if there is one.
fn script_address(text: &str) -> Option<&'static str> {
    SCRIPT_SCHEMES
        .iter()
        .any(|scheme| text.contains(scheme))
        .then_some(SCRIPT_ADDRESS)
}

/// Whether a tag gives a value to an attribute named `on…` (`<svg onload="…">`): one
/// pass over the tags.
fn event_handler(text: &str) -> bool {
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let tail = &rest[lt..];
        let end = tail.find('>').unwrap_or(tail.len());
        let tag = &tail.as_bytes()[..end];
        let handler = tag.windows(3).enumerate().any(|(i, w)| {
            let starts_name = w[1..] == *b"on"
                && matches!(w[0], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'');
            let name_len = tag[i + 3..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let after = &tag[i + 3 + name_len..];
            let value = after.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'=');
            starts_name && name_len > 0 && value
        });
        if handler {
            return true;
        }
        rest = &tail[end..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{script_in, script_problem};
    use std::path::Path;

    #[test]
    fn scripts_are_found_in_their_forms() {
        for doc in [
            "<p>x</p><script>alert(1)</script>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "<img src=x onerror =alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg><foreignobject><body/></foreignobject></svg>",
            "<html:script>alert(1)</html:script>",
            "<iframe src=\"https://evil.example\"></iframe>",
        ] {
            assert!(script_in(doc).is_some(), "{doc}");
        }
        for doc in [
            "<p>online 在线办理 one=two</p>",
            "<p class=\"note\">conditions</p>",
            "<svg><path d=\"M0 0\"/><text>onion = 1</text></svg>",
        ] {
            assert_eq!(script_in(doc), None, "{doc}");
        }
    }

    /// Found by an audit: each of these was copied to the site, and each runs.
    #[test]
    fn scripts_written_as_a_browser_decodes_them_are_found() {
        for doc in [
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "<svg><a xlink:href=\"&#106;avascript:alert(1)\">x</a></svg>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<form><button formaction=\"&#x6A;avascript:alert(1)\">x</button></form>",
            "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg>&x;</svg>",
            "<!DOCTYPE svg [<!ENTITY x \"&#60;image href='x' &#111;nerror='alert(1)'/&#62;\">]><svg>&x;</svg>",
        ] {
            assert!(
                script_problem(Path::new("a.html"), "html", doc.as_bytes()).is_some(),
                "{doc}"
            );
        }
        // Text about a script, escaped as text is, is no script (found by a review).
        let report = "<p>网站存在跨站脚本漏洞，攻击者可注入 &lt;script&gt; 代码。</p>";
        assert!(script_problem(Path::new("a.html"), "html", report.as_bytes()).is_none());
        // An Illustrator SVG declares its namespaces as entities: that is no script.
        let svg = "<!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">]><svg xmlns=\"&ns_svg;\"><text>&#x4E00; java script: 说明</text></svg>";
        assert!(script_problem(Path::new("a.svg"), "svg", svg.as_bytes()).is_none());
    }
}
