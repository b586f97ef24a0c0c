//! A pledge's address: its number (承诺编号), so that its page is at `/pledges/<id>/`
//! as the URL contract has it, unless the number cannot name a folder.

use crate::hash::hex_id;

/// The stable id of a pledge, from its number: the number itself, so that its page is
/// at `/pledges/<id>/` (contract §10), unless the number cannot be a folder of a web
/// site ([`address_problem`]); then a digest of it.
pub fn pledge_key(id: &str) -> String {
    let id = id.trim();
    match address_problem(id) {
        None => id.to_string(),
        Some(_) => digest_key(id),
    }
}

/// The id of a pledge before its number became its address (2026-12-06), which a
/// ledger may still hold.
pub fn digest_key(id: &str) -> String {
    hex_id(&[b"pledge", id.trim().as_bytes()])
}

/// Why the pledge number `id` cannot be the name of its page's folder on every web
/// server and copy (Windows, IIS included), or `None`.
pub fn address_problem(id: &str) -> Option<&'static str> {
    const RESERVED: [&str; 3] = ["page", "type", "status"];
    let lower = id.to_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    let device = matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if id.is_empty() || id.len() > 120 {
        Some("it is empty or longer than a folder name should be")
    } else if id.chars().any(|c| {
        c.is_whitespace() || crate::scan::is_invisible(c) || "/\\:*?\"<>|#%+;&=".contains(c)
    }) {
        // `+` is a space to some object stores, `;` ends a path on Tomcat-like servers,
        // `&` is refused by IIS; an invisible character makes two look-alike pages.
        Some("it holds a space, an invisible character or one of / \\ : * ? \" < > | # % + ; & =")
    } else if id.starts_with('.') || id.ends_with('.') {
        Some("it starts or ends with a dot")
    } else if RESERVED.contains(&lower.as_str()) || device {
        Some("it is a name the listing or Windows keeps for itself")
    } else if lower.ends_with(".html") || lower.ends_with(".htm") {
        Some("it ends like a web page's file name")
    } else {
        None
    }
}
