//! Serve: a live preview. Builds the site into memory, serves it under the sub-path of
//! `base_url`, watches `site.yaml`, `content/` and the theme, and rebuilds what a
//! change touches. It never writes into `output/`.

mod affected;
mod http;
mod live;
mod memory;
mod preview;
mod store;
mod watch;

pub use preview::{Preview, Report};
pub use store::{Status, Store};
pub use watch::ChangeSet;

use http::{content_type, resolve, Resolved};
use watch::classify_change;

use crate::diag::report;
use crate::diag::Diagnostics;
use crate::model::Day;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

pub struct ServeOptions {
    pub site: PathBuf,
    pub port: u16,
    pub bind: String,
    pub as_of: Option<Day>,
    pub open: bool,
    /// Treat warnings as errors: a rebuild with warnings is not served.
    pub deny_warnings: bool,
}

/// How long a browser's poll waits for a rebuild before it asks again.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(60);
/// A burst of saves is previewed after this long even if saves keep coming.
const LONGEST_BURST: Duration = Duration::from_secs(2);
const WORKERS: usize = 8;

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(req: Request, status: u16, content_type: &str, body: Vec<u8>, extra: Option<Header>) {
    let mut resp = Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-cache"),
        extra,
    ]
    .into_iter()
    .flatten()
    {
        resp = resp.with_header(h);
    }
    // The browser may have gone away; nothing to do about it.
    let _ = req.respond(resp);
}

fn status_json(s: &Status) -> Vec<u8> {
    serde_json::json!({ "version": s.version, "errors": s.errors, "warnings": s.warnings })
        .to_string()
        .into_bytes()
}

const NO_SITE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>gongshi</title></head><body><p>网站尚未生成成功，请查看终端或下方的错误信息。</p></body></html>";

/// Answers one request from the in-memory site.
fn handle(req: Request, store: &Arc<Store>, base: &str) {
    if !matches!(
        req.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed".to_vec(),
            header("Allow", "GET, HEAD"),
        );
    }
    let url = req.url().to_string();
    if url.split('?').next() == Some("/") && base != "/" {
        return respond(
            req,
            302,
            "text/plain; charset=utf-8",
            Vec::new(),
            header("Location", base),
        );
    }
    match resolve(&url, base, |p| store.contains(p)) {
        Resolved::File(path) => {
            let Some(body) = store.get(&path) else {
                return respond(
                    req,
                    404,
                    "text/plain; charset=utf-8",
                    b"not found".to_vec(),
                    None,
                );
            };
            let ct = content_type(&path);
            let body = if ct.starts_with("text/html") {
                live::inject(&body, base)
            } else {
                body.to_vec()
            };
            respond(req, 200, &ct, body, None);
        }
        Resolved::Redirect(to) => respond(
            req,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            header("Location", &to),
        ),
        Resolved::Internal(what) if what == "live.js" => respond(
            req,
            200,
            "text/javascript; charset=utf-8",
            live::LIVE_JS.as_bytes().to_vec(),
            None,
        ),
        Resolved::Internal(what) if what == "poll" => {
            let seen = url
                .split("v=")
                .nth(1)
                .and_then(|v| v.split('&').next())
                .and_then(|v| v.parse::<u64>().ok());
            let store = store.clone();
            // Long polls wait on their own thread so that they never hold up a worker.
            std::thread::spawn(move || {
                let status = match seen {
                    Some(v) => store.wait_for_change(v, POLL_WAIT),
                    None => store.status(),
                };
                respond(
                    req,
                    200,
                    "application/json; charset=utf-8",
                    status_json(&status),
                    None,
                );
            });
        }
        Resolved::Internal(_) | Resolved::NotFound => {
            let body = match store.get("404.html") {
                Some(page) => live::inject(&page, base),
                None if store.is_empty() => live::inject(NO_SITE.as_bytes(), base),
                None => b"404 not found".to_vec(),
            };
            respond(req, 404, "text/html; charset=utf-8", body, None);
        }
    }
}

fn error_lines(d: Diagnostics) -> Vec<String> {
    d.into_sorted()
        .into_iter()
        .map(|d| format!("{}: {d}", d.level.label()))
        .collect()
}

fn print_report(what: &str, r: &preview::Report) {
    crate::diag::report_warnings(&r.warnings.clone().into_sorted());
    println!(
        "{what}: {} pages rendered, {} removed, {} search files written; pages ready in {} ms (checked {} ms, model {} ms), exports in {} ms, everything in {} ms",
        r.pages_rendered,
        r.pages_removed,
        r.search_files,
        r.pages_ready.as_millis(),
        r.checked.as_millis(),
        r.modelled.as_millis(),
        r.exported.as_millis(),
        r.total.as_millis()
    );
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

/// Runs the preview until Ctrl-C.
pub fn run(opts: ServeOptions) -> ExitCode {
    memory::keep_freed_memory();
    let site = match std::fs::canonicalize(&opts.site) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot open the site folder {}: {e}",
                opts.site.display()
            );
            return ExitCode::from(1);
        }
    };
    let config = match crate::config::load_config(&site, None) {
        Ok(c) => c,
        Err(d) => {
            report(d, "fix site.yaml and start again");
            return ExitCode::from(1);
        }
    };
    let as_of = opts.as_of.unwrap_or_else(|| config.today());
    let deny = opts.deny_warnings;
    let base = config.base_path.clone();
    let store = Arc::new(Store::default());

    let server = match Server::http((opts.bind.as_str(), opts.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", opts.bind, opts.port);
            return ExitCode::from(1);
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let url = format!("http://{addr}{base}");

    // Watch before the first build, so that a save made while it runs (or right
    // after "serving" is printed) is not missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let theme_dir = config.theme_dir();
    let mut watched = watch::Watched::new(&site, &theme_dir);
    if let Err(e) = watched.refresh(&mut watcher) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let mut preview = match Preview::open_with(&site, as_of, &store, deny) {
        Ok((p, r)) => {
            print_report("built", &r);
            store.finish_rebuild(Vec::new(), error_lines(r.warnings.clone()));
            Some(p)
        }
        Err(d) => {
            let lines = error_lines(d.clone());
            report(d, "serving an error page until the site builds");
            store.finish_rebuild(lines, Vec::new());
            None
        }
    };
    println!("serving {url} (as of {as_of}); press Ctrl-C to stop");

    for _ in 0..WORKERS {
        let (server, store, base) = (server.clone(), store.clone(), base.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                handle(req, &store, &base);
            }
        });
    }
    if let Err(e) = ctrlc::set_handler(|| {
        println!("\nstopped");
        std::process::exit(0);
    }) {
        eprintln!("warning: Ctrl-C handler not installed: {e}");
    }
    if opts.open {
        open_browser(&url);
    }

    while let Some(changes) = watch::next_changes(&rx, DEBOUNCE, LONGEST_BURST, |p| {
        classify_change(&site, &theme_dir, p)
    }) {
        // Watch folders that appeared (before reading them, so no save is missed).
        if let Err(e) = watched.refresh(&mut watcher) {
            eprintln!("warning: {e}");
        }
        let outcome = match preview.as_mut() {
            Some(p) => p.apply(&changes, &store),
            None => Preview::open_with(&site, as_of, &store, deny).map(|(p, r)| {
                preview = Some(p);
                r
            }),
        };
        match outcome {
            Ok(r) => {
                print_report("rebuilt", &r);
                store.finish_rebuild(Vec::new(), error_lines(r.warnings.clone()));
            }
            Err(d) => {
                let lines = error_lines(d.clone());
                report(d, "still serving the last good build");
                store.finish_rebuild(lines, Vec::new());
            }
        }
    }
    ExitCode::SUCCESS
}
