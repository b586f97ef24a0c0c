//! Markdown pages: YAML front matter between `---` lines, then a CommonMark body.

use super::SourceText;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::FrontMatter;
use crate::yaml::{decode, syntax_diagnostic, Source};
use std::path::Path;

/// A Markdown page as written.
#[derive(Debug, Clone)]
pub struct PageFile {
    pub src: SourceText,
    /// Site-relative URL path: `notices/2024-plan/`, or `` for `content/index.md`.
    pub path: String,
    /// The file below `content/`, with `/` separators: `notices/2024-plan.md`.
    pub file: String,
    pub front: FrontMatter,
    /// The Markdown body (after the front matter).
    pub body: String,
    /// The line of the file on which the body starts (1-based).
    pub body_line: usize,
}

/// `notices/2024-plan.md` → `notices/2024-plan/`; `x/index.md` → `x/`; `index.md` → ``.
pub fn page_path(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .filter_map(|p| p.to_str())
        .map(str::to_string)
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = match last.rfind('.') {
        Some(dot) => last[..dot].to_string(),
        None => last,
    };
    if stem != "index" && stem != "_index" {
        parts.push(stem);
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

/// A path below `content/` with `/` separators, as links and URLs write it.
pub fn below_content(rel: &Path) -> String {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    parts.join("/")
}

/// Splits `---\nfront\n---\nbody` into (front matter, body, line number where front starts).
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// The front matter of a page's text (between the `---` lines), if it has one.
pub fn front_matter_text(text: &str) -> Option<&str> {
    split_front_matter(text).map(|(front, _)| front)
}

/// A page, when its front matter can be read.
#[cfg(test)]
pub(crate) fn load_page(src: SourceText, rel: &Path, diags: &mut Diagnostics) -> Option<PageFile> {
    match load_page_or_body(src, rel, diags) {
        PageLoad::Page(page) => Some(page),
        _ => None,
    }
}

/// A page as loaded: see [`load_page_or_body`].
pub(crate) enum PageLoad {
    Page(PageFile),
    /// Its front matter could not be read: the page with empty front matter, never
    /// published; its body is still checked in the same run (an ID number in it, a
    /// link to an `ftp:` address).
    BodyOnly(PageFile),
    /// Not even its body can be told (no front matter, or not closed).
    Nothing,
}

/// A Markdown page, or its body alone when its front matter cannot be read.
pub(crate) fn load_page_or_body(src: SourceText, rel: &Path, diags: &mut Diagnostics) -> PageLoad {
    let Some((front_text, body)) = split_front_matter(&src.text) else {
        let opened = src
            .text
            .lines()
            .next()
            .is_some_and(|l| l.trim_end() == "---");
        let problem = if opened {
            Diagnostic::new(&src.path, 1, 1, "the front matter is not closed").with_hint(
                "end it with a line `---` after its last key (title: ...), then write the page",
            )
        } else {
            Diagnostic::new(&src.path, 1, 1, "page has no front matter").with_hint(
                "start the file with a line `---`, then `title: ...`, then another `---`",
            )
        };
        diags.push(problem);
        return PageLoad::Nothing;
    };
    let body_line = src.text[..src.text.len() - body.len()]
        .matches('\n')
        .count()
        + 1;
    let body = body.to_string();
    let front = read_front_matter(&src.path, front_text, diags);
    let readable = front.is_some();
    let page = PageFile {
        path: page_path(rel),
        file: below_content(rel),
        front: front.unwrap_or_default(),
        body,
        body_line,
        src,
    };
    if readable {
        PageLoad::Page(page)
    } else {
        PageLoad::BodyOnly(page)
    }
}

/// The front matter of a page (`None`: it could not be read; the problems are said).
fn read_front_matter(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<FrontMatter> {
    // Front matter starts on line 2, after the opening `---`.
    if let Some(d) = crate::yaml::pre_parse_problem(file, text, 1) {
        diags.push(d);
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(serde_yaml::Value::Null) => serde_yaml::Value::Mapping(Default::default()),
        Ok(v) => v,
        Err(e) => {
            diags.push(syntax_diagnostic(file, text, &e, 1));
            return None;
        }
    };
    let source = Source::new(file, text, 1);
    let (front, problems) = decode::<FrontMatter>(value, &source, source.outline.whole());
    diags.extend(problems.into_iter().collect());
    let front = front?;
    if front.title.trim().is_empty() {
        diags.push(source.at(source.outline.whole(), &["title"], "page title is empty"));
    }
    Some(front)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn paths_follow_the_contract() {
        assert_eq!(
            page_path(Path::new("notices/2024-plan.md")),
            "notices/2024-plan/"
        );
        assert_eq!(page_path(Path::new("index.md")), "");
        assert_eq!(page_path(Path::new("guide/index.md")), "guide/");
    }

    fn load(text: &str) -> (Option<PageFile>, Diagnostics) {
        let mut d = Diagnostics::new();
        let src = SourceText {
            path: PathBuf::from("content/a.md"),
            text: text.into(),
        };
        (load_page(src, Path::new("a.md"), &mut d), d)
    }

    #[test]
    fn front_matter_is_strict_and_located() {
        let (page, d) = load("---\ntitle: 计划\nweight: 2\n---\n# 正文\n");
        let page = page.unwrap();
        assert!(d.is_empty());
        assert_eq!(page.front.title, "计划");
        assert_eq!(page.body, "# 正文\n");

        let (page, d) = load("---\ntitle: x\ntitel: y\n---\nbody");
        assert!(page.is_some(), "the rest of the page is still checked");
        let d = d.into_sorted();
        assert_eq!((d[0].line, d[0].column), (3, 1), "{}", d[0]);
    }

    #[test]
    fn missing_front_matter_or_title_is_an_error() {
        assert!(load("# no front matter").0.is_none());
        let (page, d) = load("---\ndate: 2024-01-01\n---\n");
        assert!(page.is_none());
        assert!(d.iter().next().unwrap().message.contains("title"));
    }
}
