use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    gongshi::cli::run(gongshi::cli::Cli::parse())
}

// Rendering allocates many small strings on every thread; mimalloc handles that
// far better than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
