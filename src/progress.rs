//! A progress bar for long builds, drawn only on a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over `len` pages; hidden unless `visible` (stdout is a terminal) and the
/// build is large enough to take more than a moment.
pub fn bar(len: u64, visible: bool) -> ProgressBar {
    if !visible || len < 2_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} 生成页面 [{bar:30}] {pos}/{len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
