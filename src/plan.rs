//! The plan: validate → publish → assemble, and the renderer of the theme — the way
//! from a loaded [`Site`] to what is rendered, for `build`, `check` and `serve` alike.
//! Split in two so that a build can drop the `Site` once it is published.

use crate::assemble::{assemble, check_asset_paths, SiteModel};
use crate::build::Timings;
use crate::diag::{Diagnostic, Diagnostics};
use crate::publish::{publish_on, PublicSite};
use crate::render::Renderer;
use crate::site::Site;
use crate::theme::Theme;
use crate::validate::validate;
use std::time::Instant;

/// validate → publish → assemble, and the renderer of the theme: the way from a
/// [`Site`] to what is rendered, for `build`, `check` and `serve` alike. Problems of
/// the site's files and of its theme are reported together.
pub fn plan(
    site: &Site,
    theme: Result<Theme, Diagnostics>,
    timings: &mut Timings,
) -> Result<(SiteModel, Renderer, Diagnostics), Diagnostics> {
    let (public, renderer, warnings) = plan_public(site, theme, timings)?;
    let (model, renderer) = plan_model(public, renderer, timings)?;
    Ok((model, renderer, warnings))
}

/// The first half of [`plan`]: validate and publish (after which the [`Site`] may go).
pub fn plan_public(
    site: &Site,
    theme: Result<Theme, Diagnostics>,
    timings: &mut Timings,
) -> Result<(PublicSite, Renderer, Diagnostics), Diagnostics> {
    let t = Instant::now();
    let checked = validate(site);
    timings.push(("validate", t.elapsed()));
    // The templates are parsed here, so that their problems come with the data's.
    let t = Instant::now();
    let renderer = theme.and_then(Renderer::new).and_then(|r| {
        // Pages naming a template they cannot use, whatever the data's problems.
        page_template_problems(site.files(), r.theme()).into_result(r)
    });
    timings.push(("templates", t.elapsed()));
    let (checked, renderer) = crate::diag::both(checked, renderer)?;
    let t = Instant::now();
    let public = publish_on(&checked, checked.as_of(), site.track_outcomes);
    timings.push(("publish", t.elapsed()));
    Ok((public, renderer, checked.warnings().clone()))
}

/// The second half of [`plan`]: assemble the model and give the renderer its values.
pub fn plan_model(
    public: PublicSite,
    mut renderer: Renderer,
    timings: &mut Timings,
) -> Result<(SiteModel, Renderer), Diagnostics> {
    let mut t = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, t.elapsed()));
        t = Instant::now();
    };
    let model = assemble(public)?;
    lap("assemble", timings);
    check_asset_paths(&model, renderer.theme()).into_result(())?;
    lap("asset paths", timings);
    renderer.set_site(&model);
    lap("site values", timings);
    Ok((model, renderer))
}

/// Markdown pages whose front matter names a template they cannot use.
fn page_template_problems<'a>(
    files: impl Iterator<Item = &'a crate::load::LoadedFile>,
    theme: &Theme,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for file in files {
        let crate::load::LoadedFile::Page(p) = file else {
            continue;
        };
        let Some(name) = p.front.template.as_deref() else {
            continue;
        };
        if let Some(problem) = crate::theme::page_template_problem(theme, name) {
            let line = p
                .src
                .text
                .lines()
                .position(|l| l.starts_with("template:"))
                .map_or(1, |i| i + 1);
            diags.push(
                Diagnostic::new(&p.src.path, line, 1, problem)
                    .with_hint("leave `template:` out to use page.html, or add a template of your own to the theme's templates/"),
            );
        }
    }
    diags
}
