use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    gongshi::cli::run(gongshi::cli::Cli::parse())
}
