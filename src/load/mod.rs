//! Load: reads every file under `content/` and decodes it: a data file by its kind
//! (the top folder names it, see [`crate::kinds`]), a Markdown page, or an asset that
//! is copied as it is. Every syntax and shape problem is reported with its location.

pub mod decode;
mod document_parts;
mod pieces;
pub use document_parts::part_texts;
mod markdown;
mod misplaced;
pub mod unowned;

#[cfg(test)]
pub(crate) use markdown::load_page;
pub use markdown::{front_matter_text, PageFile};

use crate::config::SiteConfig;
use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::kinds::{KindId, REGISTRY};
use crate::scan::{find_written_id_number, Forms};
use crate::yaml::{Source, StandIn};
use std::any::Any;
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
#[derive(Debug, Clone, PartialEq)]
pub struct Item<T> {
    pub index: usize,
    pub value: T,
}

/// A data file, decoded by its kind.
pub struct DataFile {
    pub kind: KindId,
    pub src: SourceText,
    /// The kind's `File`, handed back to the kind only.
    pub data: Box<dyn Any + Send + Sync>,
    /// The records that did not decode, with stand-ins, for the checks only.
    pub stood_in: Option<Box<StoodIn>>,
}

/// The records of a data file that did not decode, decoded with each of the two sets
/// of stand-ins ([`StandIn`]), and the lines where decoding found their problems. The
/// checks run on both; what they say of both, away from those lines, is reported.
/// Never published: nothing but [`crate::validate::check_file`] reads it.
pub struct StoodIn {
    pub first: Box<dyn Any + Send + Sync>,
    pub second: Box<dyn Any + Send + Sync>,
    pub lines: Vec<usize>,
}

/// A file copied to the output as it is (a PDF, an image, a .docx template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    /// Path below the output folder, with `/` separators.
    pub target: String,
    /// A data file under another name in a data folder (see
    /// [`unowned::misnamed_data`]), found once when it is loaded.
    pub misnamed_data: bool,
}

/// One file under `content/`, decoded.
pub enum LoadedFile {
    Data(DataFile),
    Page(PageFile),
    Asset(Asset),
    /// A data file that did not decode as a whole (its header has a problem): never
    /// published; its records are only checked, with stand-ins.
    Unread(UnreadFile),
    /// A Markdown page whose front matter could not be read: never published; its body
    /// is only checked.
    UnreadPage(PageFile),
    /// A data file whose records are of another kind than its folder's: never
    /// published; only scanned for ID numbers (see [`misplaced`]).
    Misplaced(SourceText),
    /// Ignored, or so broken that nothing could be decoded.
    Nothing,
}

/// A data file that did not decode as a whole, for the checks only (see
/// [`LoadedFile::Unread`]).
pub struct UnreadFile {
    pub kind: KindId,
    pub src: SourceText,
    pub stood_in: Box<StoodIn>,
}

impl LoadedFile {
    /// The text the file was read from, for files that have one.
    pub fn src(&self) -> Option<&SourceText> {
        match self {
            LoadedFile::Data(f) => Some(&f.src),
            LoadedFile::Page(p) => Some(&p.src),
            LoadedFile::Unread(u) => Some(&u.src),
            LoadedFile::Misplaced(src) => Some(src),
            LoadedFile::UnreadPage(p) => Some(&p.src),
            LoadedFile::Asset(_) | LoadedFile::Nothing => None,
        }
    }

    /// The files under `content/` that this file's records refer to (none but for a
    /// data file that decoded).
    pub fn attachments(&self) -> Vec<crate::kinds::Attachment<'_>> {
        match self {
            LoadedFile::Data(d) => REGISTRY[d.kind].attachments(d.data.as_ref()),
            _ => Vec::new(),
        }
    }

    /// The data of kind `kind`, if this is a data file of that kind.
    pub fn data_of(&self, kind: KindId) -> Option<&(dyn Any + Send + Sync)> {
        match self {
            LoadedFile::Data(f) if f.kind == kind => Some(f.data.as_ref()),
            _ => None,
        }
    }
}

/// What a file under `content/` is, by its place and extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A data file of the kind at this registry position.
    Data(KindId),
    Page,
    Asset,
    /// Editor backups, swap files, hidden files: never read.
    Ignored,
    /// A `.yaml` file outside the dataset folders.
    MisplacedYaml,
}

/// True for names editors and OS tools leave behind (`.x.swp`, `x~`, `.#x`, `4913`,
/// JetBrains' safe-write `x___jb_tmp___` and `x___jb_old___`).
pub fn is_scratch_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
        // Emacs's auto-save file (`#2026.yaml#`): a copy of a data file being edited.
        || (name.len() > 2 && name.starts_with('#') && name.ends_with('#'))
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
        "yaml" | "yml" => (parts.len() > 1)
            .then(|| REGISTRY.iter().position(|k| k.key() == parts[0]))
            .flatten()
            .map_or(FileKind::MisplacedYaml, FileKind::Data),
        _ if is_page_name(name) => FileKind::Page,
        _ => FileKind::Asset,
    }
}

/// Whether a file named `name` is a Markdown page (`.md`, `.markdown`, in any case).
pub fn is_page_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The data folders, for messages: `content/grades/, content/lists/, …`.
fn data_folders() -> String {
    let folders: Vec<String> = REGISTRY
        .iter()
        .map(|k| format!("content/{}/", k.key()))
        .collect();
    folders.join(", ")
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

/// The bytes of `path`, which must be a regular file: a named pipe or a device would
/// make the read wait forever (a site.yaml or ledger.csv made with `mkfifo`).
pub fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a pipe or a device)",
        ));
    }
    std::fs::read(path)
}

/// Every file under `content/`, in path order.
pub fn content_files(config: &SiteConfig) -> (Vec<PathBuf>, Diagnostics) {
    let content = config.content_dir();
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::whole_file("content", "the site has no content/ folder").with_hint(
                format!(
                    "create content/ with the data folders {} (gongshi new DIR makes an example)",
                    data_folders()
                ),
            ),
        );
        return (files, diags);
    }
    let mut walk = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::whole_file(
                    e.path()
                        .map(|p| display_path(&config.root, p))
                        .unwrap_or_else(|| "content".into()),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let shown = display_path(&config.root, e.path());
        if e.depth() > 0 && e.file_name().to_str().is_some_and(is_scratch_name) {
            if e.file_type().is_dir() {
                walk.skip_current_dir();
            }
            if let Some(d) = hidden_data(&shown, &e) {
                diags.push(d);
            }
            continue;
        }
        if e.depth() > 0 {
            let rel = e.path().strip_prefix(&content).ok();
            let name = e.file_name().to_str();
            if let Some(d) = name_problem(&shown, name, rel) {
                diags.push(d);
                // Its content is still checked, so that every problem is told in
                // one run (the build fails, nothing of it is published).
                if name.is_none() {
                    continue;
                }
            }
        }
        if e.file_type().is_file() {
            files.push(e.into_path());
        } else if e.path_is_symlink() {
            diags.push(
                Diagnostic::whole_file(
                    shown,
                    "a symbolic link: it is not followed, nothing of it is published",
                )
                .with_hint("copy the file into content/ if it belongs on the site")
                .warning(),
            );
        }
    }
    (files, diags)
}

/// A hidden data file (`content/penalties/.2026.yaml`), or a hidden folder holding
/// one, which is never read: a warning, so that its records do not vanish without a
/// word (contract §1), and not an error, since a site may have hidden a file to take
/// it off the site and built so until now. Editors' and tools' own files (`.#x.yaml`,
/// `x.yaml~`, `.git/`) are not said.
fn hidden_data(shown: &Path, e: &walkdir::DirEntry) -> Option<Diagnostic> {
    let name = e.file_name().to_str()?;
    let is_data = |n: &str| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".yaml") || n.ends_with(".yml")
    };
    // Not an editor's lock (`.#x`), a Mac's metadata beside a file on a USB drive
    // (`._x.yaml`), nor a version-control folder.
    let tools =
        name.starts_with(".#") || name.starts_with("._") || [".git", ".svn", ".hg"].contains(&name);
    let hidden = name.starts_with('.') && !tools;
    if !hidden {
        return None;
    }
    let holds_data = if e.file_type().is_dir() {
        walkdir::WalkDir::new(e.path())
            .into_iter()
            .filter_map(Result::ok)
            .any(|f| f.file_type().is_file() && f.file_name().to_str().is_some_and(is_data))
    } else {
        is_data(name)
    };
    holds_data.then(|| {
        Diagnostic::whole_file(
            shown,
            "a hidden name (it starts with a dot): YAML files here are never read, so their records are not published",
        )
        .with_hint(format!(
            "rename it to `{}` if it belongs on the site, or move it out of content/",
            name.trim_start_matches('.')
        ))
        .warning()
    })
}

/// A name under `content/` that cannot be published: not UTF-8, or holding a personal
/// ID number (names become the site's addresses), also across folder levels
/// (`notices/370123/199001011233.md`: `rel`, the path below `content/`, is searched;
/// a folder that holds one already was reported, not each file in it).
fn name_problem(shown: &Path, name: Option<&str>, rel: Option<&Path>) -> Option<Diagnostic> {
    let Some(name) = name else {
        return Some(
            Diagnostic::whole_file(
                shown,
                "the name is not UTF-8 text, so it cannot be published",
            )
            .with_hint("rename it (a name copied from an old Windows system may be in GBK)"),
        );
    };
    let holds = |p: &Path| {
        p.to_str()
            .is_some_and(|p| find_written_id_number(p, Forms::ALL).is_some())
    };
    let in_path = rel.is_some_and(|rel| holds(rel) && !rel.parent().is_some_and(holds));
    (in_path || find_written_id_number(name, Forms::ALL).is_some()).then(|| {
        Diagnostic::whole_file(shown, "the name holds a personal ID number (居民身份证号)")
            .with_hint("rename it: names are published in the site's addresses")
    })
}

/// A file that is not UTF-8, told where its first byte that is not (a GBK file: its
/// first Chinese character).
pub fn not_utf8(shown: &Path, e: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = e.as_bytes();
    let good = &bytes[..e.utf8_error().valid_up_to()];
    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
    Diagnostic::new(shown, line, column, "file is not UTF-8 text")
        .with_hint("save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8; it looks like GBK or another encoding)")
}

/// Reads and decodes one file under `content/`.
pub fn load_one(config: &SiteConfig, path: &Path) -> (LoadedFile, Diagnostics) {
    let content = config.content_dir();
    let rel = path.strip_prefix(&content).unwrap_or(path);
    let shown = display_path(&config.root, path);
    match classify(rel) {
        FileKind::Asset => {
            let target = markdown::below_content(rel);
            (
                LoadedFile::Asset(Asset {
                    misnamed_data: unowned::misnamed_data(&target, path),
                    source: path.to_path_buf(),
                    target,
                }),
                Diagnostics::new(),
            )
        }
        kind => load_file(config, path, rel, shown, kind),
    }
}

fn load_file(
    config: &SiteConfig,
    path: &Path,
    rel: &Path,
    shown: PathBuf,
    kind: FileKind,
) -> (LoadedFile, Diagnostics) {
    if kind == FileKind::Ignored {
        return (LoadedFile::Nothing, Diagnostics::new());
    }
    if kind == FileKind::MisplacedYaml {
        let d = Diagnostic::new(shown, 1, 1, "a YAML data file outside the dataset folders")
            .with_hint(format!(
                "move it into one of {} (the folder decides the kind of data)",
                data_folders()
            ));
        return (LoadedFile::Nothing, d.into());
    }
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t),
            Err(e) => return (LoadedFile::Nothing, not_utf8(&shown, &e).into()),
        },
        Err(e) => {
            return (
                LoadedFile::Nothing,
                Diagnostic::whole_file(shown, format!("cannot read: {e}")).into(),
            )
        }
    };
    decode_text(config, rel, shown, kind, text)
}

/// A data file of the site at `path` (under `content/`) that is not on disk yet, from
/// its text: decoded as if it had been read (for `gongshi import`, before it writes).
pub fn load_text(config: &SiteConfig, path: &Path, text: String) -> (LoadedFile, Diagnostics) {
    let content = config.content_dir();
    let rel = path.strip_prefix(&content).unwrap_or(path);
    let shown = display_path(&config.root, path);
    decode_text(config, rel, shown, classify(rel), text)
}

fn decode_text(
    config: &SiteConfig,
    rel: &Path,
    shown: PathBuf,
    kind: FileKind,
    text: String,
) -> (LoadedFile, Diagnostics) {
    if matches!(kind, FileKind::Data(_)) {
        if let Some(d) = crate::yaml::pre_parse_problem(&shown, &text, 0) {
            return (LoadedFile::Nothing, d.into());
        }
    }
    let src = SourceText { path: shown, text };
    let mut diags = Diagnostics::new();
    let loaded = match kind {
        FileKind::Page => match markdown::load_page_or_body(src, rel, &mut diags) {
            markdown::PageLoad::Page(page) => Some(LoadedFile::Page(page)),
            markdown::PageLoad::BodyOnly(page) => Some(LoadedFile::UnreadPage(page)),
            markdown::PageLoad::Nothing => None,
        },
        FileKind::Data(kind) => {
            let slug = slug_of(rel);
            let data = REGISTRY[kind].decode(config, &src, &slug, &mut diags);
            if let Some(d) = misplaced::misplaced(config, kind, &src, &slug, &diags) {
                return (LoadedFile::Misplaced(src), d.into());
            }
            let stood_in = stood_in(config, kind, &src, &slug, &diags);
            match (data, stood_in) {
                (Some(data), stood_in) => Some(LoadedFile::Data(DataFile {
                    kind,
                    src,
                    data,
                    stood_in,
                })),
                (None, Some(stood_in)) => Some(LoadedFile::Unread(UnreadFile {
                    kind,
                    src,
                    stood_in,
                })),
                (None, None) => None,
            }
        }
        _ => None,
    };
    (loaded.unwrap_or(LoadedFile::Nothing), diags)
}

/// The bad records of a file whose decoding found `problems`, with stand-ins.
fn stood_in(
    config: &SiteConfig,
    kind: KindId,
    src: &SourceText,
    slug: &str,
    problems: &Diagnostics,
) -> Option<Box<StoodIn>> {
    if !problems.has_errors() {
        return None;
    }
    let first = REGISTRY[kind].stood_in(config, src, slug, StandIn::First)?;
    let second = REGISTRY[kind].stood_in(config, src, slug, StandIn::Second)?;
    let lines = problems.iter().map(|d| d.line).collect();
    Some(Box::new(StoodIn {
        first,
        second,
        lines,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_top_folder() {
        for (id, kind) in REGISTRY.iter().enumerate() {
            let file = format!("{}/sub/2024.yaml", kind.key());
            assert_eq!(classify(Path::new(&file)), FileKind::Data(id));
            let yml = format!("{}/a.yml", kind.key());
            assert_eq!(classify(Path::new(&yml)), FileKind::Data(id));
        }
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
        assert_eq!(
            classify(Path::new("penalties/#2026.yaml#")),
            FileKind::Ignored
        );
        assert_eq!(classify(Path::new("files/承诺书.docx")), FileKind::Asset);
    }

    #[test]
    fn slugs_keep_sub_folders() {
        assert_eq!(slug_of(Path::new("grades/2024/road.yaml")), "2024/road");
        assert_eq!(slug_of(Path::new("lists/red-2024.yml")), "red-2024");
    }
}
