//! Serve: a live preview. Builds the site into memory, serves it under the sub-path of
//! `base_url`, watches `site.yaml`, `content/` and the theme, and rebuilds what a
//! change touches. It never writes into `output/`.

mod affected;
mod answer;
#[cfg(unix)]
mod door;
pub(crate) mod http;
mod live;
mod memory;
mod preview;
#[cfg(unix)]
mod socket_folder;
mod store;
mod watch;

pub use preview::{Preview, Report};
pub use store::{Status, Store};
pub use watch::ChangeSet;

use watch::classify_change;

use crate::diag::report;
use crate::diag::Diagnostics;
use crate::model::Day;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::Server;

pub struct ServeOptions {
    pub site: PathBuf,
    pub port: u16,
    /// The address to listen on; `None`: loopback. On a loopback address the `Host`
    /// of every request is checked against it (DNS rebinding).
    pub bind: Option<String>,
    pub as_of: Option<Day>,
    pub open: bool,
    /// Treat warnings as errors: a rebuild with warnings is not served.
    pub deny_warnings: bool,
}

/// How long a burst of file events is waited for ([`watch::next_changes`]).
const WAITS: watch::Waits = watch::Waits {
    // Quiet time that ends a burst while a file written in it is still open.
    quiet: Duration::from_millis(60),
    // ... and once every file written in it was closed (a complete save; an editor's
    // rename or chmod right after its write comes within this).
    settled: Duration::from_millis(15),
    // A burst of saves is previewed after this long even if saves keep coming.
    longest: Duration::from_secs(2),
    // How often an idle preview checks that its site folder is still the one it watches.
    idle: Duration::from_secs(2),
};
const WORKERS: usize = 8;

/// What `serve` listens with: tiny_http's server, the address people connect to, and
/// on Unix the private folder of the socket behind the front door.
struct Listening {
    server: Arc<Server>,
    addr: std::net::SocketAddr,
    #[cfg(unix)]
    folder: socket_folder::SocketFolder,
}

/// Listens on `bind` (loopback by default) and `port`. On Unix the socket is the
/// front door's (see [`door`]) and tiny_http answers behind it on a private socket.
fn listen(bind: Option<&str>, port: u16) -> Result<Listening, String> {
    let host = bind.unwrap_or("127.0.0.1");
    let listener = std::net::TcpListener::bind((host, port)).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                // The next port that is free now (it may be taken again by the time
                // the command is run, but is then told the same way).
                let free = (1..=20)
                    .filter_map(|n| port.checked_add(n))
                    .find(|&p| std::net::TcpListener::bind((host, p)).is_ok());
                let choose = match free {
                    Some(p) => format!("choose another port: --port {p} is free"),
                    None => "choose another port with --port".to_string(),
                };
                format!("\n  hint: another program (perhaps another gongshi serve) uses port {port}: stop it, or {choose}")
            }
            std::io::ErrorKind::PermissionDenied => {
                "\n  hint: ports below 1024 need administrator rights: choose one above, e.g. --port 8080".to_string()
            }
            _ => String::new(),
        };
        format!("cannot listen on {host}:{port}: {e}{hint}")
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    #[cfg(unix)]
    {
        let folder = socket_folder::SocketFolder::make_in(&std::env::temp_dir())?;
        let socket = folder.socket();
        let server = Server::http_unix(&socket)
            .map_err(|e| format!("cannot listen on {}: {e}", socket.display()))?;
        // A loopback address given with --bind is as open to DNS rebinding as the
        // default; only an address others reach needs other names.
        let rules = match bind {
            Some(_) if !addr.ip().is_loopback() => door::Rules { hosts: None },
            _ => door::Rules::loopback(addr.port()),
        };
        std::thread::spawn(move || door::run(listener, socket, rules));
        Ok(Listening {
            server: Arc::new(server),
            addr,
            folder,
        })
    }
    #[cfg(not(unix))]
    {
        let server = Server::from_listener(listener, None)
            .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
        Ok(Listening {
            server: Arc::new(server),
            addr,
        })
    }
}

/// Whether the site folder is still the one being watched.
enum FolderState {
    Same,
    Gone,
    New,
}

/// The identity of the site folder (device and inode on Unix).
struct SiteFolder {
    id: Option<(u64, u64)>,
    gone_reported: bool,
}

impl SiteFolder {
    fn id_of(site: &std::path::Path) -> Option<(u64, u64)> {
        let meta = std::fs::metadata(site).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some((meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            Some((u64::from(meta.is_dir()), 0))
        }
    }

    fn of(site: &std::path::Path) -> SiteFolder {
        SiteFolder {
            id: Self::id_of(site),
            gone_reported: false,
        }
    }

    fn check(&mut self, site: &std::path::Path) -> FolderState {
        let now = Self::id_of(site);
        match now {
            None => {
                if !self.gone_reported {
                    crate::say_err!(
                        "warning: the site folder {} is gone; still serving the last good build until it is back",
                        site.display()
                    );
                    self.gone_reported = true;
                }
                FolderState::Gone
            }
            Some(id) if Some(id) == self.id => FolderState::Same,
            Some(id) => {
                self.id = Some(id);
                self.gone_reported = false;
                FolderState::New
            }
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
    crate::diag::report_warnings(
        &r.warnings.clone().into_sorted(),
        crate::diag::WARNINGS_SHOWN,
    );
    crate::say!(
        "{what}: {} pages rendered, {} removed, {} search files written; pages ready in {} ms (checked {} ms, validated {} ms, published {} ms, model {} ms), exports in {} ms, everything in {} ms",
        r.pages_rendered,
        r.pages_removed,
        r.search_files,
        r.pages_ready.as_millis(),
        r.checked.as_millis(),
        r.validated.as_millis(),
        r.published.as_millis(),
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
        crate::say_err!("could not open a browser; visit {url}");
    }
}

/// Runs the preview until Ctrl-C.
pub fn run(opts: ServeOptions) -> ExitCode {
    memory::keep_freed_memory();
    let site = match std::fs::canonicalize(&opts.site) {
        Ok(s) => s,
        Err(e) => {
            crate::say_err!(
                "error: cannot open the site folder {}: {e}",
                opts.site.display()
            );
            return ExitCode::from(1);
        }
    };
    // Its problems, if any, are shown with the rest of the site's by the first build.
    let config = match crate::config::load_config(&site, None) {
        Ok((c, _)) => c,
        Err(d) => {
            report(d, "fix site.yaml and start again");
            return ExitCode::from(1);
        }
    };
    let as_of = opts.as_of.unwrap_or_else(|| config.today());
    let deny = opts.deny_warnings;
    let store = Arc::new(Store::default());
    store.set_base(&config.base_path);

    let listening = match listen(opts.bind.as_deref(), opts.port) {
        Ok(l) => l,
        Err(e) => {
            crate::say_err!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (server, addr) = (listening.server.clone(), listening.addr);
    // Ctrl-C, a closed terminal and `kill` (SIGINT, SIGHUP, SIGTERM) exit here, past
    // the drops that would remove the socket's folder.
    #[cfg(unix)]
    let folder = listening.folder.path().to_path_buf();
    if let Err(e) = ctrlc::set_handler(move || {
        crate::say!("\nstopped");
        #[cfg(unix)]
        socket_folder::SocketFolder::remove_now(&folder);
        std::process::exit(0);
    }) {
        crate::say_err!("warning: Ctrl-C handler not installed: {e}");
    }
    if addr.ip().is_unspecified() {
        crate::say_err!(
            "warning: serving on every network interface ({addr}): anyone who can reach this machine can read the preview; use --bind 127.0.0.1 to keep it on this machine"
        );
    }
    let url = |base: &str| format!("http://{addr}{base}");

    // Watch before the first build, so that a save made while it runs (or right
    // after "serving" is printed) is not missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            crate::say_err!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let mut theme_dir = config.theme_dir();
    let mut watched = watch::Watched::new(&site, &theme_dir);
    if let Err(e) = watched.refresh(&mut watcher) {
        crate::say_err!("error: {e}");
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
    if let Some(p) = &preview {
        store.set_base(p.base_path());
    }
    crate::say!(
        "serving {} (as of {as_of}); press Ctrl-C to stop",
        url(&store.base())
    );

    for _ in 0..WORKERS {
        let (server, store) = (server.clone(), store.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                let base = store.base();
                answer::handle(req, &store, &base);
            }
        });
    }
    if opts.open {
        open_browser(&url(&store.base()));
    }

    let mut folder = SiteFolder::of(&site);
    loop {
        let next = watch::next_changes(&rx, WAITS, |p| classify_change(&site, &theme_dir, p));
        let Some(mut changes) = next else { break };
        // The site folder deleted and made again: the watches were of the old one.
        match folder.check(&site) {
            FolderState::Same => {}
            FolderState::Gone => continue,
            FolderState::New => {
                crate::say!("the site folder was made again: watching it and building it anew");
                watched.reset(&mut watcher);
                changes.config = true;
            }
        }
        if changes.is_empty() {
            continue;
        }
        // Watch folders that appeared (before reading them, so no save is missed).
        if let Err(e) = watched.refresh(&mut watcher) {
            crate::say_err!("warning: {e}");
        }
        let outcome = match preview.as_mut() {
            Some(p) => p.apply(&changes, &store),
            None => Preview::open_with(&site, as_of, &store, deny).map(|(p, r)| {
                preview = Some(p);
                r
            }),
        };
        // `theme:` changed in site.yaml: watch the new theme's folder, and classify
        // its saves as the theme's (a tester's edits there went unseen).
        let now_theme = preview.as_ref().map(Preview::theme_dir);
        if let Some(dir) = now_theme.filter(|dir| *dir != theme_dir) {
            theme_dir = dir;
            watched.reset(&mut watcher);
            watched = watch::Watched::new(&site, &theme_dir);
            if let Err(e) = watched.refresh(&mut watcher) {
                crate::say_err!("warning: {e}");
            }
        }
        match outcome {
            Ok(r) => {
                print_report("rebuilt", &r);
                let moved = preview
                    .as_ref()
                    .map(|p| p.base_path().to_string())
                    .filter(|b| *b != store.base());
                if let Some(base) = moved {
                    store.set_base(&base);
                    crate::say!("base_url changed: now serving {}", url(&base));
                }
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
