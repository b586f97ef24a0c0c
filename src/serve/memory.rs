//! Memory for a long-running preview: keep freed pages instead of returning them.
//!
//! Every rebuild frees and allocates again the site model (hundreds of megabytes on a
//! large site). By default mimalloc returns freed memory to the system after a second,
//! so the next save's rebuild takes fresh pages that the kernel must zero first: on
//! the 100,000-enterprise site, thousands of page faults that made one rebuild in
//! three take 450-500 ms instead of 150-200 (BENCHMARKS.md). A preview keeps that
//! memory; `gongshi build` exits anyway and keeps the default.

/// mimalloc's `mi_option_purge_delay` (v3 `mimalloc.h`: the 16th option, default
/// 1000 ms; -1 never purges). libmimalloc-sys does not name it, so the test below
/// checks by its default value that this index is the purge delay.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process for reuse.
pub fn keep_freed_memory() {
    // SAFETY: sets one option; called once, before the preview's threads start.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // its default is overridden
        }
        // SAFETY: reads one option.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(default, 1000, "option {PURGE_DELAY} is not the purge delay");
    }
}
