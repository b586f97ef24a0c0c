//! Themes: a folder `themes/<name>/` with `templates/` (Tera) and `static/` (copied as
//! they are). The default theme is also built into the binary, so a site without a
//! `themes/default/` folder still builds, and a custom theme may override only some
//! templates.

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::sink::Sink;
use std::io;
use std::path::{Path, PathBuf};

/// The default theme's files, relative to `themes/default/` (every file there, listed
/// by `build.rs`).
pub const DEFAULT_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub text: String,
    /// `None` for the built-in default.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum StaticFile {
    Builtin(&'static [u8]),
    OnDisk(PathBuf),
}

/// A theme resolved into its templates and static files.
#[derive(Debug, Clone)]
pub struct Theme {
    pub dir: PathBuf,
    pub templates: Vec<TemplateFile>,
    /// (path below static/, file)
    pub statics: Vec<(String, StaticFile)>,
}

impl Theme {
    pub fn template_path(&self, name: &str) -> PathBuf {
        self.templates
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.path.clone())
            .unwrap_or_else(|| self.dir.join("templates").join(name))
    }

    /// `path` (in the theme) as problems show it: from the site folder, as content
    /// files are (`themes/mine/templates/page.html`).
    pub fn shown(&self, path: PathBuf) -> PathBuf {
        let site = self.dir.parent().and_then(Path::parent);
        match site.map(|s| path.strip_prefix(s)) {
            Some(Ok(rel)) => rel.to_path_buf(),
            _ => path,
        }
    }

    /// Where the template `name` is, as problems show it.
    pub fn shown_template(&self, name: &str) -> PathBuf {
        self.shown(self.template_path(name))
    }
}

/// Why a Markdown page may not be rendered with the template `name`, if it may not:
/// it must be in the theme, and be `page.html` or a template of the site's own, not
/// one of gongshi's pages (which expect other variables) nor a partial.
pub fn page_template_problem(theme: &Theme, name: &str) -> Option<String> {
    if !theme.templates.iter().any(|t| t.name == name) {
        return Some(format!("template `{name}` is not in the theme"));
    }
    let gongshis = DEFAULT_THEME
        .iter()
        .any(|(path, _)| path.strip_prefix("templates/") == Some(name));
    if name.starts_with("partials/") || (gongshis && name != "page.html") {
        return Some(format!(
            "template `{name}` is for gongshi's own pages, not for a Markdown page"
        ));
    }
    None
}

fn rel_string(p: &Path) -> String {
    p.iter()
        .filter_map(|s| s.to_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads the theme `config` names, `themes/<name>/` of the site, over the built-in
/// default theme.
pub fn load_theme(config: &SiteConfig) -> Result<Theme, Diagnostics> {
    let name = config.theme.as_str();
    let dir = config.theme_dir();
    let mut templates: Vec<TemplateFile> = Vec::new();
    let mut statics: Vec<(String, StaticFile)> = Vec::new();
    for (path, bytes) in DEFAULT_THEME {
        if let Some(t) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            templates.push(TemplateFile {
                name: t.to_string(),
                text,
                path: None,
            });
        } else if let Some(s) = path.strip_prefix("static/") {
            statics.push((s.to_string(), StaticFile::Builtin(bytes)));
        }
    }
    if !dir.is_dir() {
        if name == "default" {
            return Ok(Theme {
                dir,
                templates,
                statics,
            });
        }
        let (line, column) = config.theme_at;
        return Err(Diagnostic::new(
            "site.yaml",
            line,
            column,
            format!(
                "theme `{name}` not found: there is no folder {}",
                dir.display()
            ),
        )
        .with_hint("create the folder, or set `theme: default` in site.yaml")
        .into());
    }
    let mut diags = Diagnostics::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::whole_file(
                    &dir,
                    format!("cannot read theme: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file()
            || crate::load::is_scratch_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        if let Some(d) = name_problem(entry.path(), rel) {
            diags.push(d);
            continue;
        }
        if let Ok(t) = rel.strip_prefix("templates") {
            let name = rel_string(t);
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    templates.retain(|x| x.name != name);
                    templates.push(TemplateFile {
                        name,
                        text,
                        path: Some(entry.path().to_path_buf()),
                    });
                }
                Err(e) => diags.push(Diagnostic::whole_file(
                    entry.path(),
                    format!("cannot read template: {e}"),
                )),
            }
        } else if let Ok(s) = rel.strip_prefix("static") {
            let name = rel_string(s);
            statics.retain(|(n, _)| *n != name);
            statics.push((name, StaticFile::OnDisk(entry.path().to_path_buf())));
        }
    }
    let theme = Theme {
        dir,
        templates,
        statics,
    };
    diags.extend(id_number_problems(&theme));
    diags.into_result(theme)
}

/// A theme file's path that cannot be published as it is: not UTF-8 (the name would be
/// lost on the way to the output, and the file land elsewhere), or holding an ID number.
fn name_problem(path: &Path, rel: &Path) -> Option<Diagnostic> {
    use crate::scan::{find_written_id_number, Forms};
    let Some(name) = rel.to_str() else {
        return Some(
            Diagnostic::whole_file(path, "a theme file or folder name is not UTF-8")
                .with_hint("rename it with letters, digits, - and _ (or Chinese in UTF-8)"),
        );
    };
    // 18-digit numbers only, as in the theme's files (see scan_theme_file).
    find_written_id_number(name, Forms::NEW_STYLE).map(|_| {
        Diagnostic::whole_file(
            path,
            "a personal ID number (居民身份证号) is in this theme file's name; it would be published",
        )
        .with_hint("rename the file")
    })
}

/// Personal ID numbers in the site's own theme files, written in any of the ways the
/// data files are searched for (`110105，19491231，002X`), found here with their line,
/// before the output guard would stop the build naming only the output file (which
/// reads the exact form only).
fn id_number_problems(theme: &Theme) -> Diagnostics {
    use crate::scan::{find_written_id_number, scan_theme_file, Forms, Verdict};
    // 18-digit numbers only: see scan_theme_file.
    let forms = Forms::NEW_STYLE;
    let mut diags = Diagnostics::new();
    let found = "a personal ID number (居民身份证号) is in this theme file; it would be published";
    let hint = "remove the number from the theme";
    for t in &theme.templates {
        let (Some(path), Some(at)) = (&t.path, find_written_id_number(&t.text, forms)) else {
            continue;
        };
        let before = &t.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        diags.push(Diagnostic::new(path, line, column, found).with_hint(hint));
    }
    for (_, file) in &theme.statics {
        let StaticFile::OnDisk(path) = file else {
            continue;
        };
        // Images and fonts cannot be read, and need not be: a theme's own files.
        if let Ok(bytes) = std::fs::read(path) {
            if let Verdict::IdNumber(place) = scan_theme_file(&bytes) {
                diags.push(
                    Diagnostic::whole_file(path, format!("{found} ({place})")).with_hint(hint),
                );
            }
        }
    }
    diags
}

/// Copies the theme's static files to the output root.
pub fn copy_static(theme: &Theme, sink: &dyn Sink) -> io::Result<()> {
    for (name, file) in &theme.statics {
        match file {
            StaticFile::Builtin(bytes) => sink.put(name, bytes)?,
            StaticFile::OnDisk(path) => sink.copy_file(name, path)?,
        }
    }
    Ok(())
}

/// Writes the default theme into `dir` (for `gongshi new`).
pub fn write_default_theme(dir: &Path) -> io::Result<()> {
    for (path, bytes) in DEFAULT_THEME {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_theme_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| rel_string(e.path().strip_prefix(&root).unwrap()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "update DEFAULT_THEME in src/theme.rs");
    }
}
