//! The portal footer of site.yaml (`portal`): values `gongshi new` left as
//! placeholders are warnings until they are filled in, and the 党政机关网站标识 image
//! must be a file of the site.

use crate::config::{SiteConfig, PLACEHOLDER};
use crate::diag::Diagnostics;
use crate::urls::is_web_link;
use crate::yaml::Source;

/// The block a footer value is written in.
fn parent(key: &str) -> &'static str {
    if key == "contact" {
        "authority"
    } else {
        "portal"
    }
}

/// The footer's and the menu's problems, named at their values in `src`, the text
/// of site.yaml.
pub fn portal_problems(config: &SiteConfig, src: &Source<'_>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let whole = src.outline.whole();
    let at = |keys: &[&str], message: String| src.at(whole, keys, message);
    let p = &config.portal;
    let fields = [
        ("sponsor", "主办单位", &p.sponsor),
        ("organizer", "承办单位", &p.organizer),
        ("site_code", "网站标识码", &p.site_code),
        ("icp", "ICP备案号", &p.icp),
        ("police", "公安机关备案号", &p.police),
        ("gov_mark", "党政机关网站标识", &p.gov_mark),
        ("contact", "联系方式", &config.authority.contact),
    ];
    let mut placeholders: Vec<crate::diag::Diagnostic> = fields
        .into_iter()
        .filter(|(_, _, value)| value.contains(PLACEHOLDER))
        .map(|(key, label, value)| {
            let message = format!(
                "{}.{key} ({label}) is still a placeholder: `{value}`",
                parent(key)
            );
            at(&[parent(key), key], message)
                .with_hint("fill it in, or delete the line to leave it out")
                .warning()
        })
        .collect();
    // The why is said once, with the first placeholder in the file.
    if let Some(first) = placeholders.iter_mut().min_by_key(|d| (d.line, d.column)) {
        first.hint = Some("a government website shows 主办单位, 网站标识码, ICP备案号 and 公安机关备案号 in its footer (政府网站发展指引); fill it in, or delete the line to leave it out".into());
    }
    for d in placeholders {
        diags.push(d);
    }
    let mark = p.gov_mark.trim();
    if !mark.is_empty() && !mark.contains(PLACEHOLDER) {
        let plain = !mark.starts_with('/')
            && !mark.contains('\\')
            && mark
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        let image = MARK_TYPES.contains(&extension(mark).as_str());
        if plain && !image {
            diags.push(
                at(&["portal", "gov_mark"], format!("portal.gov_mark: `{mark}` is not an image ({})", MARK_TYPES.join(", ")))
                    .with_hint("the 党政机关网站标识 is the image issued with the site's 开办资格复核; name that image file"),
            );
        } else if !plain || !config.content_dir().join(mark).is_file() {
            diags.push(
                at(&["portal", "gov_mark"], format!("portal.gov_mark: no file content/{mark}"))
                    .with_hint("put the 党政机关网站标识 image in the site's content/ folder (e.g. content/images/dzjg.png) and write its path below content/: images/dzjg.png"),
            );
        }
    }
    let link = p.gov_mark_link.trim();
    if !link.is_empty() && !link.contains(PLACEHOLDER) && !is_web_link(link) {
        diags.push(
            at(
                &["portal", "gov_mark_link"],
                format!("portal.gov_mark_link: `{link}` is not an https:// or http:// address"),
            )
            .with_hint(
                "give the address of the mark's page at bszs.conac.cn, starting with https://",
            ),
        );
    }
    let items = src.outline.items_of("menu");
    for (i, m) in config.menu.iter().enumerate() {
        let target = m.path.trim();
        let scheme = target.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        let bad = match scheme.as_deref() {
            Some("http" | "https") => !is_web_link(target),
            Some(s)
                if s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.') =>
            {
                true
            }
            _ => target.split('/').any(|part| part == ".."),
        };
        if bad {
            diags.push(
                src.at(items.get(i).copied().unwrap_or(whole), &["path"], format!("menu `{}`: `{target}` is neither a path of this site (notices/) nor an https:// address", m.title))
                    .with_hint("write a path below the site (e.g. notices/) or a full https:// address"),
            );
        }
    }
    diags
}

/// Image types the 党政机关网站标识 may be (published without being read).
pub const MARK_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

fn extension(path: &str) -> String {
    path.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}
