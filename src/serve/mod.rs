//! Serve (placeholder while the build lands).
use std::path::PathBuf;
use std::process::ExitCode;
pub struct ServeOptions {
    pub site: PathBuf,
    pub port: u16,
    pub bind: String,
    pub as_of: Option<crate::model::Day>,
    pub open: bool,
}
pub fn run(_o: ServeOptions) -> ExitCode {
    eprintln!("serve: not available yet");
    ExitCode::from(2)
}
