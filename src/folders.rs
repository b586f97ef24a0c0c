//! Folder index pages: every folder of Markdown pages (`content/notices/`) gets a page
//! at its address (`/notices/`) listing its pages (title, date, summary; by `weight`
//! when any page gives one, else newest first) and its subfolders. An optional
//! `_index.md` in the folder gives the index its title and an introduction. A folder
//! whose `index.md` is an ordinary page keeps that page (as in contract v1), and
//! gets no generated index.

use crate::publish::Page;
use std::collections::BTreeMap;

/// One folder's index page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// Site-relative path, `notices/`.
    pub path: String,
    /// The `_index.md` page giving its title and introduction.
    pub intro: Option<usize>,
    /// The pages directly in it, in display order.
    pub pages: Vec<usize>,
    /// The folders directly in it, by path.
    pub folders: Vec<usize>,
}

impl Folder {
    /// Its title: the `_index.md` title, else the folder's name.
    pub fn title<'a>(&'a self, pages: &'a [Page]) -> &'a str {
        match self.intro {
            Some(i) => &pages[i].front.title,
            None => self
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(""),
        }
    }
}

/// Whether a page is a folder's `_index.md`.
pub fn is_intro(page: &Page) -> bool {
    page.source
        .file_stem()
        .is_some_and(|s| s.to_string_lossy() == "_index")
}

/// The folder a site-relative path is in (`notices/plan/` → `notices/`), `None` at the
/// top.
fn parent(path: &str) -> Option<&str> {
    let trimmed = path.strip_suffix('/')?;
    let cut = trimmed.rfind('/')?;
    Some(&path[..=cut])
}

/// The folder index pages of the site's Markdown pages (sorted by path).
pub fn plan_folders(pages: &[Page]) -> Vec<Folder> {
    // Folder path → (intro, pages).
    let mut found: BTreeMap<String, (Option<usize>, Vec<usize>)> = BTreeMap::new();
    // Pages that are a folder's own page (`x/index.md`, or `x.md` beside `x/`).
    let mut own_pages: Vec<&str> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.path.is_empty() {
            continue;
        }
        if is_intro(p) {
            found.entry(p.path.clone()).or_default().0 = Some(i);
            continue;
        }
        own_pages.push(&p.path);
        if let Some(dir) = parent(&p.path) {
            found.entry(dir.to_string()).or_default().1.push(i);
        }
    }
    // Every folder above a folder is a folder too.
    let dirs: Vec<String> = found.keys().cloned().collect();
    for d in dirs {
        let mut up = parent(&d);
        while let Some(u) = up {
            found.entry(u.to_string()).or_default();
            up = parent(u);
        }
    }
    found.retain(|path, (intro, _)| intro.is_some() || !own_pages.contains(&path.as_str()));
    let paths: Vec<String> = found.keys().cloned().collect();
    found
        .into_iter()
        .map(|(path, (intro, mut list))| {
            sort_pages(pages, &mut list);
            let folders = paths
                .iter()
                .enumerate()
                .filter(|(_, p)| parent(p) == Some(path.as_str()))
                .map(|(i, _)| i)
                .collect();
            Folder {
                path,
                intro,
                pages: list,
                folders,
            }
        })
        .collect()
}

/// By `weight` (smaller first) when any page gives one, else newest first; then by
/// title and path.
fn sort_pages(pages: &[Page], list: &mut [usize]) {
    let weighted = list.iter().any(|&i| pages[i].front.weight != 0);
    list.sort_by(|&a, &b| {
        let (x, y) = (&pages[a], &pages[b]);
        let by_weight = if weighted {
            x.front.weight.cmp(&y.front.weight)
        } else {
            std::cmp::Ordering::Equal
        };
        by_weight
            .then(y.front.date.cmp(&x.front.date))
            .then(x.front.title.cmp(&y.front.title))
            .then(x.path.cmp(&y.path))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Day, FrontMatter};
    use std::path::PathBuf;

    fn page(src: &str, path: &str, title: &str, date: Option<&str>, weight: i64) -> Page {
        Page {
            path: path.into(),
            source: PathBuf::from(src),
            file: src.trim_start_matches("content/").into(),
            front: FrontMatter {
                title: title.into(),
                date: date.and_then(Day::parse),
                weight,
                ..FrontMatter::default()
            },
            body: String::new(),
        }
    }

    #[test]
    fn folders_list_their_pages_newest_first_or_by_weight() {
        let pages = vec![
            page("content/index.md", "", "首页", None, 0),
            page("content/notices/_index.md", "notices/", "通知公告", None, 0),
            page(
                "content/notices/a.md",
                "notices/a/",
                "甲",
                Some("2024-01-01"),
                0,
            ),
            page(
                "content/notices/b.md",
                "notices/b/",
                "乙",
                Some("2025-01-01"),
                0,
            ),
            page("content/guides/x.md", "guides/x/", "X", None, 2),
            page("content/guides/y.md", "guides/y/", "Y", None, 1),
            page("content/about/index.md", "about/", "关于", None, 0),
            page("content/about/team.md", "about/team/", "团队", None, 0),
            page("content/docs.md", "docs/", "文档", None, 0),
            page(
                "content/docs/2025/q1.md",
                "docs/2025/q1/",
                "一季度",
                None,
                0,
            ),
        ];
        let folders = plan_folders(&pages);
        let paths: Vec<&str> = folders.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            ["docs/2025/", "guides/", "notices/"],
            "docs.md is docs/'s page"
        );
        let notices = &folders[2];
        assert_eq!(notices.intro, Some(1));
        assert_eq!(notices.title(&pages), "通知公告");
        assert_eq!(notices.pages, [3, 2], "newest first");
        assert_eq!(folders[1].pages, [5, 4], "by weight");
        assert_eq!(folders[1].title(&pages), "guides");
        assert_eq!(folders[0].pages, [9]);
    }
}
