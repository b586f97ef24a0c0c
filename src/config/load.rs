//! Reading `site.yaml`: a configuration that decodes is resolved into a checked
//! [`SiteConfig`] with its problems; one that does not comes back as its problems and,
//! where stand-ins can be put in for what was wrong, two stood-in configurations for
//! checking the content in the same run (see [`ConfigFailure`]).

use super::{resolve, RawConfig, SiteConfig};
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{syntax_diagnostic, Source, StandIn};
use std::path::{Path, PathBuf};

/// Reads and checks `SITE/site.yaml`. `base_url_override` comes from `--base-url`.
/// A configuration that could be read comes with its problems (any error among them
/// fails the build, but the rest of the site is still checked in the same run); one
/// that could not (bad YAML, a required key missing) is only its problems.
pub fn load_config(
    site: &Path,
    base_url_override: Option<&str>,
) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    load_config_or_stand_ins(site, base_url_override).map_err(|failed| failed.problems)
}

/// A `site.yaml` that did not decode: its problems, and when stand-ins could be put
/// in for what was wrong (a required key missing, a value of the wrong type), the
/// configuration with each of the two sets of stand-ins, so that the content can be
/// checked in the same run (see [`crate::yaml::StandIn`]).
pub struct ConfigFailure {
    pub problems: Diagnostics,
    pub stood_in: Option<Box<[SiteConfig; 2]>>,
}

impl From<Diagnostics> for ConfigFailure {
    fn from(problems: Diagnostics) -> Self {
        ConfigFailure {
            problems,
            stood_in: None,
        }
    }
}

impl From<Diagnostic> for ConfigFailure {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::from(d).into()
    }
}

/// [`load_config`], with the stood-in configurations of a `site.yaml` that did not
/// decode.
pub fn load_config_or_stand_ins(
    site: &Path,
    base_url_override: Option<&str>,
) -> Result<(SiteConfig, Diagnostics), ConfigFailure> {
    let path = site.join("site.yaml");
    let shown = PathBuf::from("site.yaml");
    let bytes = crate::load::read_regular_file(&path).map_err(|e| {
        let d = Diagnostic::whole_file(&path, format!("cannot read site configuration: {e}"));
        match e.kind() {
            std::io::ErrorKind::NotFound => d.with_hint("run gongshi in the site folder (the one holding site.yaml), or pass it: gongshi build SITE"),
            std::io::ErrorKind::NotADirectory => {
                let folder = site.parent().filter(|p| !p.as_os_str().is_empty());
                let folder = folder.unwrap_or(Path::new("."));
                d.with_hint(format!("SITE is the folder that holds site.yaml, not the file: pass {}", folder.display()))
            }
            _ => d,
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| crate::load::not_utf8(&shown, &e))?;
    if let Some(d) = crate::yaml::pre_parse_problem(&shown, &text, 0) {
        return Err(d.into());
    }
    let value = match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(serde_yaml::Value::Null) => serde_yaml::Value::Mapping(Default::default()),
        Ok(value) => value,
        Err(e) => return Err(syntax_diagnostic(&shown, &text, &e, 0).into()),
    };
    let src = Source::new(&shown, &text, 0);
    let (raw, problems) =
        crate::yaml::decode::<RawConfig>(value.clone(), &src, src.outline.whole());
    let mut diags: Diagnostics = problems.into_iter().collect();
    let Some(raw) = raw else {
        let (more, stood_in) = stood_in_checks(value, site, &src, base_url_override, &diags);
        diags.extend(more);
        crate::validate::id_numbers_in_yaml(&shown, &text, 0, &mut diags);
        return Err(ConfigFailure {
            problems: diags,
            stood_in,
        });
    };
    let config = resolve(raw, site, &src, base_url_override, &mut diags);
    // Its title, description and footer are on every page: searched as a data file is.
    crate::validate::id_numbers_in_yaml(&shown, &text, 0, &mut diags);
    Ok((config, diags))
}

/// The problems that the checks after decoding find in a `site.yaml` that did not
/// decode (a `paginate: 0` beside a `title: [a, b]`), so that one run reports them
/// all: it is decoded with two different stand-ins for what was wrong, and what the
/// checks say of both, away from the lines of the decoding's `problems`, is said of
/// the file. Also the two stood-in configurations, for checking the content.
fn stood_in_checks(
    value: serde_yaml::Value,
    site: &Path,
    src: &Source<'_>,
    base_url_override: Option<&str>,
    problems: &Diagnostics,
) -> (Diagnostics, Option<Box<[SiteConfig; 2]>>) {
    let checked = |which| {
        let whole = src.outline.whole();
        let raw = crate::yaml::decode_stood_in::<RawConfig>(value.clone(), src, whole, which)?;
        let mut found = Diagnostics::new();
        let config = resolve(raw, site, src, base_url_override, &mut found);
        Some((config, found))
    };
    match (checked(StandIn::First), checked(StandIn::Second)) {
        (Some((a, first)), Some((b, second))) => {
            let lines: Vec<usize> = problems.iter().map(|d| d.line).collect();
            let said = crate::yaml::said_of_both(&first, &second, &lines, &Diagnostics::new());
            (said, Some(Box::new([a, b])))
        }
        _ => (Diagnostics::new(), None),
    }
}
