//! The preview's side of theme changes: a fresh renderer when theme files changed,
//! and rendering again what depends on the theme alone.

use super::{Preview, Report};
use crate::build::leak_diagnostics;
use crate::diag::Diagnostics;
use crate::render::{render_extras, render_pages, Renderer};
use crate::serve::Store;
use crate::sink::{MemorySink, PrivacyGuard};
use crate::theme::load_theme;
use std::collections::HashSet;
use std::time::Instant;

impl Preview {
    /// The theme as it is on disk now, ready to render the current model.
    fn fresh_renderer(&self) -> Result<Renderer, Diagnostics> {
        let theme = load_theme(&self.config.root, &self.config.theme)?;
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
        let now: HashSet<&String> = renderer.theme().statics.iter().map(|(n, _)| n).collect();
        let old = self.renderer.theme().statics.iter().map(|(n, _)| n);
        let gone: Vec<String> = old.filter(|n| !now.contains(n)).cloned().collect();
        self.gone_statics.extend(gone);
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
        let mem = MemorySink::default();
        let guard = PrivacyGuard::new(&mem);
        let rendered = if self.pending_templates {
            render_pages(&self.model, &self.renderer, &self.model.pages, &guard)?
        } else {
            0
        };
        render_extras(&self.model, &self.renderer, &guard)?;
        leak_diagnostics(guard.leaks())?;
        store.update(
            mem.files.into_inner().unwrap_or_default(),
            &self.gone_statics,
            None,
        );
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
