//! The `gongshi` command. Application code (argument parsing, reporting) lives here;
//! the pipeline is the `gongshi` library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}

// Rendering allocates many small strings on every thread; mimalloc handles that
// far better than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
