//! A progress bar for long builds, drawn only on a terminal: one step per page, then,
//! while the exports and the search index made beside the pages finish, a spinner that
//! says so (the bar would otherwise stand at 100% for seconds at province scale).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// The progress of a build's files.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `pages` pages; hidden unless `visible` (stdout is a terminal) and the
    /// build is large enough to take more than a moment.
    pub fn new(pages: u64, visible: bool) -> Progress {
        if !visible || pages < 2_000 {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(pages), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} 生成页面 [{bar:30}] {pos}/{len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar }
    }

    /// Shows nothing (`check`, tests).
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// One more page is done.
    pub fn page(&self) {
        self.bar.inc(1);
    }

    /// Every page is done; what is still being made is said instead of the bar.
    pub fn pages_done(&self) {
        if self.bar.is_hidden() {
            return;
        }
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            self.bar.set_style(style);
        }
        self.bar
            .set_message("页面已生成，正在写出数据下载文件与搜索索引");
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }

    /// The build's files are all made (or it failed): the line is cleared.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_progress_takes_every_call() {
        for p in [
            Progress::hidden(),
            Progress::new(10, true),
            Progress::new(5_000, false),
        ] {
            p.page();
            p.pages_done();
            p.finish();
            assert!(p.bar.is_hidden());
        }
    }
}
