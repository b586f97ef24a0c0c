//! Answering a request from the in-memory site: files with their content types, the
//! live-reload script and its long poll, redirects within the site, the theme's 404.

use super::http::{content_type, resolve, Resolved};
use super::live;
use super::store::{Status, Store};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response};

/// How long a browser's poll waits for a rebuild before it asks again.
const POLL_WAIT: Duration = Duration::from_secs(25);

/// What a query sent along in a redirect's `Location` has encoded.
const QUERY: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>');

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

fn status_json(s: &Status, busy: bool) -> Vec<u8> {
    serde_json::json!({ "version": s.version, "errors": s.errors, "warnings": s.warnings, "busy": busy })
        .to_string()
        .into_bytes()
}

/// Long polls waiting at once; more are answered at once with `busy`, and the page
/// asks again a little later.
const POLL_SLOTS: usize = 64;
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// `__gongshi/poll?v=N`: waits (on its own thread, so that no worker is held up) until
/// the site's version differs from N, then answers the status.
fn poll(req: Request, url: &str, store: &Arc<Store>) {
    let seen = url
        .split("v=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .and_then(|v| v.parse::<u64>().ok());
    let busy = WAITING.fetch_add(1, Ordering::SeqCst) >= POLL_SLOTS;
    if busy || seen.is_none() {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        let body = status_json(&store.status(), busy);
        return respond(req, 200, "application/json; charset=utf-8", body, None);
    }
    let store = store.clone();
    let waited = std::thread::Builder::new().spawn(move || {
        let status = store.wait_for_change(seen.unwrap_or(0), POLL_WAIT);
        WAITING.fetch_sub(1, Ordering::SeqCst);
        let body = status_json(&status, false);
        respond(req, 200, "application/json; charset=utf-8", body, None);
    });
    if waited.is_err() {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

const NO_SITE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>gongshi</title></head><body><p>网站尚未生成成功，请查看终端或下方的错误信息。</p></body></html>";

/// Answers one request from the in-memory site.
pub fn handle(req: Request, store: &Arc<Store>, base: &str) {
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
        Resolved::Redirect(to) => {
            // The query goes along (`search?q=…` → `search/?q=…`), encoded where a
            // header cannot hold it as sent.
            let location = match url.split_once('?') {
                Some((_, query)) => {
                    format!(
                        "{to}?{}",
                        percent_encoding::utf8_percent_encode(query, QUERY)
                    )
                }
                None => to,
            };
            respond(
                req,
                301,
                "text/plain; charset=utf-8",
                Vec::new(),
                header("Location", &location),
            )
        }
        Resolved::Internal(what) if what == "live.js" => respond(
            req,
            200,
            "text/javascript; charset=utf-8",
            live::LIVE_JS.as_bytes().to_vec(),
            None,
        ),
        Resolved::Internal(what) if what == "poll" => poll(req, &url, store),
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
