//! Texts of `site.yaml` that must not be empty: an empty `title:` is read as "" (as a
//! data file's empty text is), and every page would show it blank.

use super::RawConfig;
use crate::diag::Diagnostics;
use crate::yaml::Source;

/// The site's title, the authority's name and each menu link's title and path, when
/// one is empty.
pub(super) fn empty_text_problems(raw: &RawConfig, src: &Source<'_>, diags: &mut Diagnostics) {
    let whole = src.outline.whole();
    // A missing `authority` is reported as missing, not as an empty name.
    let name = raw.authority.as_ref().map(|a| &a.name);
    for (path, value) in [
        (&["title"][..], Some(&raw.title)),
        (&["authority", "name"][..], name),
    ] {
        let Some(value) = value else { continue };
        if value.trim().is_empty() {
            diags.push(
                src.at(whole, path, format!("`{}` is empty", path.join(".")))
                    .with_hint("every page shows it: write it out"),
            );
        }
    }
    let menu_items = src.outline.items_of("menu");
    for (i, m) in raw.menu.iter().enumerate() {
        let empty = [("title", &m.title), ("path", &m.path)]
            .into_iter()
            .find(|(_, v)| v.trim().is_empty());
        if let Some((key, _)) = empty {
            let item = menu_items.get(i).copied().unwrap_or(whole);
            diags.push(
                src.at(item, &[key], format!("`menu[{}].{key}` is empty", i + 1))
                    .with_hint(
                        "give each link a title and a path: { title: 通知公告, path: notices/ }",
                    ),
            );
        }
    }
}
