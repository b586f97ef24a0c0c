//! The command line (part of the binary, not of the library): argument parsing,
//! dispatch, and how results are reported.
//! Exit codes: 0 success, 1 the site has errors, 2 bad usage.

use clap::{Parser, Subcommand};

mod report_command;
mod summary;
use gongshi::build::{self, BuildError, BuildOptions};
use gongshi::diag::{report, report_warnings};
use gongshi::model::Day;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "gongshi",
    version,
    about = "Builds a public credit-disclosure site (信用信息公示) from YAML data and Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE, e.g. published=2025-04-18"))
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s).ok_or_else(|| format!("`{s}` is not a date; use YYYY-MM-DD, e.g. 2025-06-30"))
}

fn parse_format(s: &str) -> Result<gongshi::report::format::Format, String> {
    gongshi::report::format::Format::parse(s)
        .ok_or_else(|| format!("`{s}` is not a report format; use text, csv or json"))
}

#[derive(clap::Args, Debug, Clone)]
pub struct AsOf {
    /// Publish what is lawfully public on this date (default: today in China Standard
    /// Time, or in site.yaml's `timezone`)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// Treat warnings about the site as errors (exit 1, nothing written)
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build {
        /// The site folder, holding site.yaml
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder (default: SITE/output)
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        as_of: AsOf,
        /// Override base_url from site.yaml (e.g. https://host/xyjt/)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Leave ledger.csv alone: a build that is not a publication (a preview, a
        /// read-only site folder)
        #[arg(long)]
        no_ledger: bool,
    },
    /// Validate everything and report every problem; writes nothing
    Check {
        #[arg(default_value = ".")]
        site: PathBuf,
        #[command(flatten)]
        as_of: AsOf,
    },
    /// Create a small example site in DIR that builds at once
    New { dir: PathBuf },
    /// Preview the site with live reload; never writes into output/
    Serve {
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (default: 127.0.0.1, and only requests addressed to this
        /// machine are answered; with --bind any Host is)
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        as_of: AsOf,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Import spreadsheets (.xlsx, .xls, .ods, .csv) as data files of the site; writes
    /// nothing unless every row passes the checks
    Import {
        /// The spreadsheets to import
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The kind of records, when the headers do not tell: penalties, licences,
        /// grades, lists or pledges
        #[arg(long)]
        kind: Option<String>,
        /// Import only this sheet
        #[arg(long)]
        sheet: Option<String>,
        /// The data file to write; an existing file is replaced only when named here
        #[arg(long)]
        out: Option<PathBuf>,
        /// Severity of penalty rows that give none: minor, general or serious
        #[arg(long)]
        severity: Option<String>,
        /// Encoding of CSV files (utf-8 or gb18030; detected when absent)
        #[arg(long)]
        encoding: Option<String>,
        /// A value of the grade batch the rows belong to, e.g. --batch published=2025-04-18
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_pair)]
        batch: Vec<(String, String)>,
        /// A value of the list the rows belong to, e.g. --list kind=honour
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_pair)]
        list: Vec<(String, String)>,
        /// Run the site's checks as of this date (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        as_of: Option<Day>,
    },
    /// Report timeliness (及时率), withdrawals and what changes next, from the data,
    /// ledger.csv and the working-day calendar; writes nothing
    Report {
        /// The site folder, holding site.yaml and ledger.csv
        #[arg(default_value = ".")]
        site: PathBuf,
        /// First day of the period (default: 1 January of the year of --to)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        from: Option<Day>,
        /// Last day of the period (default: the report date)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        to: Option<Day>,
        /// text (for a person), csv (for a spreadsheet) or json (for a dashboard)
        #[arg(long, default_value = "text", value_parser = parse_format)]
        format: gongshi::report::format::Format,
        /// Exit 1 when anything is late (for a scheduled job)
        #[arg(long)]
        fail_on_late: bool,
        /// The day the report is made (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        as_of: Option<Day>,
    },
    /// Generate a deterministic synthetic site for benchmarks and tests
    GenFixture {
        /// Folder to create
        dir: PathBuf,
        /// Number of enterprises (1 to 10,000,000)
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=MAX_FIXTURE))]
        entities: u64,
        /// Number of penalty records (default: 30% of entities; at most 10,000,000)
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_FIXTURE))]
        penalties: Option<u64>,
        /// Random seed
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// The largest fixture `gen-fixture` makes (ten times the province scale of issue 15).
const MAX_FIXTURE: u64 = 10_000_000;

/// Runs a parsed command.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            site,
            output,
            as_of,
            base_url,
            no_ledger,
        } => {
            let progress = std::io::stdout().is_terminal();
            let opts = BuildOptions {
                site,
                output,
                as_of: as_of.as_of,
                deny_warnings: as_of.deny_warnings,
                base_url,
                progress,
                no_ledger,
            };
            match build::build(&opts) {
                Ok(summary) => {
                    summary::print_summary(&summary, "built");
                    ExitCode::SUCCESS
                }
                Err(BuildError::Site(d)) => {
                    // Only the command line was wrong (`--base-url`): bad usage.
                    let usage = d.only_about_command_line(&["--base-url"]);
                    report(
                        d,
                        &format!("{} was not changed", opts.output_dir().display()),
                    );
                    ExitCode::from(if usage { 2 } else { 1 })
                }
                Err(BuildError::Ledger(msg)) => {
                    gongshi::say_err!("error: {msg}");
                    gongshi::say_err!(
                        "\nthe site was written to {}, but ledger.csv was not updated: the report will not know what went online today (build again once the file can be written, or use --no-ledger for a build that is not a publication)",
                        opts.output_dir().display()
                    );
                    ExitCode::from(1)
                }
                Err(BuildError::Output(msg)) => {
                    gongshi::say_err!("error: {msg}");
                    gongshi::say_err!(
                        "\nthe output folder could not be written; {} was not changed",
                        opts.output_dir().display()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { site, as_of } => {
            let opts = BuildOptions {
                site,
                output: None,
                as_of: as_of.as_of,
                deny_warnings: as_of.deny_warnings,
                base_url: None,
                progress: false,
                no_ledger: true,
            };
            match build::check(&opts) {
                Ok(summary) => {
                    summary::print_summary(&summary, "checked");
                    // Warnings are problems too, if not errors: said so, not "none".
                    match summary.warnings.len() {
                        0 => gongshi::say!("no problems found"),
                        _ => gongshi::say!("no errors found"),
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    report(d, "nothing was written");
                    ExitCode::from(1)
                }
            }
        }
        Command::New { dir } => match gongshi::scaffold::new_site(&dir) {
            Ok(()) => {
                gongshi::say!("created a site in {}", dir.display());
                gongshi::say!("next: cd {} && gongshi serve", dir.display());
                ExitCode::SUCCESS
            }
            // Bad usage (exit 2): the folder named is not a new one.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory
                ) =>
            {
                gongshi::say_err!("error: {e}");
                gongshi::say_err!(
                    "  hint: name a folder that does not exist yet, e.g. gongshi new my-site"
                );
                ExitCode::from(2)
            }
            Err(e) => {
                gongshi::say_err!("error: cannot create a site in {}: {e}", dir.display());
                ExitCode::from(1)
            }
        },
        Command::Serve {
            site,
            port,
            bind,
            as_of,
            open,
        } => gongshi::serve::run(gongshi::serve::ServeOptions {
            site,
            port,
            bind,
            as_of: as_of.as_of,
            open,
            deny_warnings: as_of.deny_warnings,
        }),
        Command::Import {
            files,
            site,
            kind,
            sheet,
            out,
            severity,
            encoding,
            batch,
            list,
            as_of,
        } => {
            let opts = gongshi::import::ImportOptions {
                site,
                files,
                kind,
                sheet,
                out,
                severity,
                encoding,
                group_values: batch.into_iter().chain(list).collect(),
                as_of,
            };
            match gongshi::import::import(&opts) {
                Ok(done) => {
                    report_warnings(&done.warnings.into_sorted(), usize::MAX);
                    for sheet in &done.empty {
                        gongshi::say!(
                            "{sheet}: a header row and no records below it, so nothing to import from it"
                        );
                    }
                    for w in &done.written {
                        gongshi::say!(
                            "wrote {} ({} records from {})",
                            w.path.display(),
                            w.records,
                            w.source
                        );
                    }
                    if !done.written.is_empty() {
                        gongshi::say!("next: gongshi check, then gongshi build (or look at it with gongshi serve)");
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    let code = if gongshi::import::is_usage(&d) { 2 } else { 1 };
                    report(d, "nothing was written");
                    ExitCode::from(code)
                }
            }
        }
        Command::Report {
            site,
            from,
            to,
            format,
            fail_on_late,
            as_of,
        } => report_command::run_report(
            &gongshi::report::ReportOptions {
                site,
                from,
                to,
                as_of,
            },
            format,
            fail_on_late,
        ),
        Command::GenFixture {
            dir,
            entities,
            penalties,
            seed,
        } => {
            let penalties = penalties.unwrap_or(entities * 3 / 10) as usize;
            let entities = entities as usize;
            match gongshi::fixture::generate(&dir, entities, penalties, seed) {
                Ok(()) => {
                    gongshi::say!(
                        "generated {entities} enterprises, {penalties} penalties and about {} pledges in {}",
                        entities / 10,
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    gongshi::say_err!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
