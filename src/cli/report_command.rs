//! `gongshi report`: makes the report and writes it to standard output.

use gongshi::diag::report;
use std::process::ExitCode;

pub(super) fn run_report(
    opts: &gongshi::report::ReportOptions,
    format: gongshi::report::format::Format,
    fail_on_late: bool,
) -> ExitCode {
    use std::io::Write;
    if let (Some(from), Some(to)) = (opts.from, opts.to) {
        if from > to {
            gongshi::say_err!("error: --from {from} is after --to {to}");
            return ExitCode::from(2);
        }
    }
    match gongshi::report::report(opts) {
        Ok(r) => {
            // The text and the JSON carry the warnings; a CSV is one table, so they
            // go to standard error, where a script still sees them.
            if matches!(format, gongshi::report::format::Format::Csv) {
                for w in &r.warnings {
                    gongshi::say_err!("warning: {w}");
                }
            }
            let bytes = gongshi::report::format::render(&r, format);
            if let Err(e) = std::io::stdout().write_all(&bytes) {
                gongshi::say_err!("error: cannot write the report: {e}");
                return ExitCode::from(1);
            }
            if fail_on_late && r.anything_late() {
                gongshi::say_err!(
                    "late: some records went online or left the site late (see the report)"
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            report(d, "no report was made");
            ExitCode::from(1)
        }
    }
}
