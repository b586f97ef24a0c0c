//! Load: reads every file under `content/` into typed records ([`LoadedSite`]),
//! reporting every syntax and shape problem with its location.
//!
//! A dataset's kind is the top folder under `content/`; a `.yaml` file anywhere else is
//! an error. Markdown files become pages; other files are copied as assets.

mod datasets;
mod markdown;

pub use markdown::PageFile;

use crate::config::SiteConfig;
use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::model::{BatchHeader, GradeRecord, Licence, ListEntry, ListHeader, Penalty};
use crate::yaml::Source;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The text of one input file and its path as shown to the user.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

impl SourceText {
    pub fn source(&self) -> Source<'_> {
        Source::new(&self.path, &self.text, 0)
    }
}

/// A decoded record and its position (item index) in its file.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub index: usize,
    pub value: T,
}

#[derive(Debug, Clone)]
pub struct BatchFile {
    pub src: SourceText,
    pub slug: String,
    pub header: BatchHeader,
    pub records: Vec<Item<GradeRecord>>,
}

#[derive(Debug, Clone)]
pub struct ListFile {
    pub src: SourceText,
    pub slug: String,
    pub header: ListHeader,
    pub entries: Vec<Item<ListEntry>>,
}

#[derive(Debug, Clone)]
pub struct RecordFile<T> {
    pub src: SourceText,
    pub records: Vec<Item<T>>,
}

/// A file copied to the output as it is (a PDF, an image, a .docx template).
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Path below the output folder, with `/` separators.
    pub target: String,
}

/// One file under `content/`, decoded.
#[derive(Debug, Clone)]
pub enum LoadedFile {
    Batch(BatchFile),
    List(ListFile),
    Penalties(RecordFile<Penalty>),
    Licences(RecordFile<Licence>),
    Page(PageFile),
    Asset(Asset),
    /// Ignored, or so broken that nothing could be decoded.
    Nothing,
}

impl LoadedFile {
    /// The text the file was read from, for files that have one.
    pub fn src(&self) -> Option<&SourceText> {
        match self {
            LoadedFile::Batch(f) => Some(&f.src),
            LoadedFile::List(f) => Some(&f.src),
            LoadedFile::Penalties(f) => Some(&f.src),
            LoadedFile::Licences(f) => Some(&f.src),
            LoadedFile::Page(p) => Some(&p.src),
            LoadedFile::Asset(_) | LoadedFile::Nothing => None,
        }
    }

    /// A copy without the source text (records only), for rebuilding from a cache.
    pub fn records_only(&self) -> LoadedFile {
        fn strip(src: &SourceText) -> SourceText {
            SourceText {
                path: src.path.clone(),
                text: String::new(),
            }
        }
        match self {
            LoadedFile::Batch(f) => LoadedFile::Batch(BatchFile {
                src: strip(&f.src),
                slug: f.slug.clone(),
                header: f.header.clone(),
                records: f.records.clone(),
            }),
            LoadedFile::List(f) => LoadedFile::List(ListFile {
                src: strip(&f.src),
                slug: f.slug.clone(),
                header: f.header.clone(),
                entries: f.entries.clone(),
            }),
            LoadedFile::Penalties(f) => LoadedFile::Penalties(RecordFile {
                src: strip(&f.src),
                records: f.records.clone(),
            }),
            LoadedFile::Licences(f) => LoadedFile::Licences(RecordFile {
                src: strip(&f.src),
                records: f.records.clone(),
            }),
            other => other.clone(),
        }
    }
}

/// Everything under `content/`, decoded, in path order.
#[derive(Debug, Default)]
pub struct LoadedSite {
    pub files: Vec<LoadedFile>,
}

/// What a file under `content/` is, by its place and extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Grades,
    Lists,
    Penalties,
    Licences,
    Page,
    Asset,
    /// Editor backups, swap files, hidden files: never read.
    Ignored,
    /// A `.yaml` file outside the dataset folders.
    MisplacedYaml,
}

/// True for names editors and OS tools leave behind (`.x.swp`, `x~`, `.#x`, `4913`).
pub fn is_scratch_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

/// Classifies `rel`, a path relative to `content/`.
pub fn classify(rel: &Path) -> FileKind {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let Some(name) = parts.last() else {
        return FileKind::Ignored;
    };
    if parts.iter().any(|p| is_scratch_name(p)) {
        return FileKind::Ignored;
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => match (parts.len() > 1).then(|| parts[0]) {
            Some("grades") => FileKind::Grades,
            Some("lists") => FileKind::Lists,
            Some("penalties") => FileKind::Penalties,
            Some("licences") => FileKind::Licences,
            _ => FileKind::MisplacedYaml,
        },
        "md" | "markdown" => FileKind::Page,
        _ => FileKind::Asset,
    }
}

/// The slug of a batch or list file: its path below the kind folder, without extension.
fn slug_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .skip(1)
        .filter_map(|p| p.to_str())
        .map(str::to_string)
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some(dot) = last.rfind('.') {
            last.truncate(dot);
        }
    }
    parts.join("/")
}

/// Every file under `content/`, in path order.
pub fn content_files(config: &SiteConfig) -> (Vec<PathBuf>, Diagnostics) {
    let content = config.content_dir();
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    if !content.is_dir() {
        diags.push(Diagnostic::whole_file("content", "the site has no content/ folder").with_hint(
            "create content/ with grades/, lists/, penalties/ and licences/ folders (gongshi new DIR makes an example)",
        ));
        return (files, diags);
    }
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::whole_file(
                e.path()
                    .map(|p| display_path(&config.root, p))
                    .unwrap_or_else(|| "content".into()),
                format!("cannot read: {e}"),
            )),
        }
    }
    (files, diags)
}

/// Reads and decodes one file under `content/`.
pub fn load_one(config: &SiteConfig, path: &Path) -> (LoadedFile, Diagnostics) {
    let content = config.content_dir();
    let rel = path.strip_prefix(&content).unwrap_or(path);
    let shown = display_path(&config.root, path);
    match classify(rel) {
        FileKind::Asset => {
            let target = rel
                .iter()
                .filter_map(|p| p.to_str())
                .collect::<Vec<_>>()
                .join("/");
            (
                LoadedFile::Asset(Asset {
                    source: path.to_path_buf(),
                    target,
                }),
                Diagnostics::new(),
            )
        }
        kind => load_file(path, rel, shown, kind),
    }
}

/// Reads and decodes all of `content/`. Returns what could be decoded together with
/// every problem found; the caller decides whether to go on.
pub fn load_site(config: &SiteConfig) -> (LoadedSite, Diagnostics) {
    let (paths, mut diags) = content_files(config);
    let results: Vec<(LoadedFile, Diagnostics)> =
        paths.par_iter().map(|p| load_one(config, p)).collect();
    let mut files = Vec::with_capacity(results.len());
    for (file, d) in results {
        diags.extend(d);
        files.push(file);
    }
    (LoadedSite { files }, diags)
}

fn load_file(path: &Path, rel: &Path, shown: PathBuf, kind: FileKind) -> (LoadedFile, Diagnostics) {
    if kind == FileKind::Ignored {
        return (LoadedFile::Nothing, Diagnostics::new());
    }
    if kind == FileKind::MisplacedYaml {
        let d = Diagnostic::whole_file(shown, "a YAML data file outside the dataset folders").with_hint(
            "move it into content/grades/, content/lists/, content/penalties/ or content/licences/ (the folder decides the kind of data)",
        );
        return (LoadedFile::Nothing, d.into());
    }
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t),
            Err(_) => {
                let d = Diagnostic::whole_file(shown, "file is not UTF-8 text")
                    .with_hint("save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)");
                return (LoadedFile::Nothing, d.into());
            }
        },
        Err(e) => {
            return (
                LoadedFile::Nothing,
                Diagnostic::whole_file(shown, format!("cannot read: {e}")).into(),
            )
        }
    };
    let src = SourceText { path: shown, text };
    let mut diags = Diagnostics::new();
    let loaded = match kind {
        FileKind::Page => markdown::load_page(src, rel, &mut diags).map(LoadedFile::Page),
        FileKind::Grades => {
            datasets::load_batch(src, slug_of(rel), &mut diags).map(LoadedFile::Batch)
        }
        FileKind::Lists => datasets::load_list(src, slug_of(rel), &mut diags).map(LoadedFile::List),
        FileKind::Penalties => datasets::load_records(src, &mut diags).map(LoadedFile::Penalties),
        FileKind::Licences => datasets::load_records(src, &mut diags).map(LoadedFile::Licences),
        _ => None,
    };
    (loaded.unwrap_or(LoadedFile::Nothing), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_top_folder() {
        assert_eq!(classify(Path::new("grades/2024.yaml")), FileKind::Grades);
        assert_eq!(classify(Path::new("lists/sub/red.yml")), FileKind::Lists);
        assert_eq!(
            classify(Path::new("penalties/2024-03.yaml")),
            FileKind::Penalties
        );
        assert_eq!(classify(Path::new("licences/a.yaml")), FileKind::Licences);
        assert_eq!(
            classify(Path::new("notes/data.yaml")),
            FileKind::MisplacedYaml
        );
        assert_eq!(classify(Path::new("data.yaml")), FileKind::MisplacedYaml);
        assert_eq!(classify(Path::new("notices/plan.md")), FileKind::Page);
        assert_eq!(
            classify(Path::new("penalties/.a.yaml.swp")),
            FileKind::Ignored
        );
        assert_eq!(classify(Path::new("penalties/a.yaml~")), FileKind::Ignored);
        assert_eq!(classify(Path::new("files/承诺书.docx")), FileKind::Asset);
    }

    #[test]
    fn slugs_keep_sub_folders() {
        assert_eq!(slug_of(Path::new("grades/2024/road.yaml")), "2024/road");
        assert_eq!(slug_of(Path::new("lists/red-2024.yml")), "red-2024");
    }
}
