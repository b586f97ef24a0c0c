//! The preview's side of theme changes: a fresh renderer when theme files changed,
//! and rendering again what depends on the theme alone.

use super::{in_memory, Preview, Report};
use crate::diag::Diagnostics;
use crate::render::{render_extras, render_pages, Renderer};
use crate::serve::affected::vanished;
use crate::serve::Store;
use crate::theme::load_theme;
use std::time::Instant;

impl Preview {
    /// The theme as it is on disk now, ready to render the current model.
    fn fresh_renderer(&self) -> Result<Renderer, Diagnostics> {
        let theme = load_theme(&self.site.config)?;
        let mut renderer = Renderer::new(theme)?;
        renderer.set_site(&self.model);
        Ok(renderer)
    }

    /// When theme files changed since the renderer was made, makes it again from the
    /// theme on disk and notes the static files the theme no longer has. On error the
    /// old renderer stays and the next rebuild tries again.
    pub(super) fn refresh_renderer(&mut self) -> Result<(), Diagnostics> {
        if !self.renderer_stale {
            return Ok(());
        }
        let renderer = self.fresh_renderer()?;
        let (old, new) = (&self.renderer.theme().statics, &renderer.theme().statics);
        let gone: Vec<String> = vanished(old, new, |(name, _)| name)
            .map(|(name, _)| name.clone())
            .collect();
        // A theme file that stood where gongshi writes one (refused, or robots.txt)
        // leaves gongshi's in place (a reviewer's finding).
        let ours = crate::assemble::written_by_gongshi(&self.model, &gone);
        self.gone_statics
            .extend(gone.into_iter().filter(|name| !ours.contains(name)));
        self.renderer = renderer;
        self.renderer_stale = false;
        Ok(())
    }

    /// After a theme change alone: renders the 404 page, the theme's static files and,
    /// when templates changed, every page again. Data files stay as they are.
    pub(super) fn rerender_theme(
        &self,
        store: &Store,
        start: Instant,
    ) -> Result<Report, Diagnostics> {
        // A theme file where gongshi writes one is refused here as in a build.
        crate::assemble::check_asset_paths(&self.model, self.renderer.theme()).into_result(())?;
        let (rendered, files) = in_memory(|sink| {
            let rendered = if self.pending_templates {
                render_pages(&self.model, &self.renderer, &self.model.pages, sink)?
            } else {
                0
            };
            render_extras(&self.model, &self.renderer, sink)?;
            Ok(rendered)
        })?;
        store.update(files, &self.gone_statics);
        let elapsed = start.elapsed();
        Ok(Report {
            pages_rendered: rendered,
            pages_ready: elapsed,
            exported: elapsed,
            total: elapsed,
            ..Report::default()
        })
    }
}
