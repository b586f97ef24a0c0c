//! `gongshi serve`: preview from memory, rebuild on change, live-reload signal, error
//! overlay with the last good build still served, and a safe little web server.
mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // As a user stops it (so that it cleans up after itself), then for sure.
        if !stop(&mut self.child) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Sends SIGTERM and waits up to 10 s for the exit: whether it exited successfully.
fn stop(child: &mut Child) -> bool {
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    for _ in 0..200 {
        match child.try_wait() {
            Ok(Some(status)) => return sent && status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return false,
        }
    }
    false
}

fn start(site: &Site) -> Server {
    start_in(site, None)
}

/// Starts a preview of `site`, with `tmp` as its temporary folder if given.
fn start_in(site: &Site, tmp: Option<&std::path::Path>) -> Server {
    start_with(site, tmp, &[])
}

/// Starts a preview of `site` with more arguments.
fn start_with(site: &Site, tmp: Option<&std::path::Path>, more: &[&str]) -> Server {
    let mut command = bin();
    if let Some(tmp) = tmp {
        command.env("TMPDIR", tmp);
    }
    let mut child = command
        .args([
            "serve",
            site.path().to_str().unwrap(),
            "--port",
            "0",
            "--as-of",
            "2025-06-01",
        ])
        .args(more)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let slash = url.find('/').unwrap();
    Server {
        child,
        addr: url[..slash].to_string(),
        base: url[slash..].to_string(),
    }
}

/// (status, headers, body) of a GET (or HEAD) request.
fn request(addr: &str, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

fn get(srv: &Server, path: &str) -> (u16, String, String) {
    let (status, head, body) = request(&srv.addr, "GET", &format!("{}{path}", srv.base));
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

fn poll(srv: &Server, seen: Option<u64>) -> serde_json::Value {
    let q = seen.map(|v| format!("?v={v}")).unwrap_or_default();
    let (_, _, body) = get(srv, &format!("__gongshi/poll{q}"));
    serde_json::from_str(&body).unwrap()
}

fn site_with(party: &str) -> Site {
    let s = Site::new("https://example.gov.cn/xyjt/");
    s.write(
        "content/penalties/p.yaml",
        &penalty("罚1号", party, ACME, "2025-05-01", "general", ""),
    );
    s.write(
        "content/penalties/q.yaml",
        &penalty("罚2号", "乙物流有限公司", BETA, "2025-05-02", "general", ""),
    );
    s
}

#[test]
fn edits_reload_errors_overlay_and_recover() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    assert_eq!(srv.base, "/xyjt/");
    let (status, _, page) = get(&srv, &format!("entities/{ACME}/"));
    assert_eq!(status, 200);
    assert!(page.contains("甲运输有限公司"));
    assert!(page.contains("__gongshi/live.js"), "live reload injected");
    let v0 = poll(&srv, None)["version"].as_u64().unwrap();

    // An edit: the page changes and browsers are told to reload.
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚1号",
            "甲运输集团有限公司",
            ACME,
            "2025-05-01",
            "general",
            "",
        ),
    );
    let st = poll(&srv, Some(v0));
    assert!(st["errors"].as_array().unwrap().is_empty(), "{st}");
    let v1 = st["version"].as_u64().unwrap();
    assert!(v1 > v0);
    assert!(get(&srv, &format!("entities/{ACME}/"))
        .2
        .contains("甲运输集团有限公司"));
    assert!(get(&srv, "penalties/").2.contains("甲运输集团有限公司"));

    // A broken file: errors go to the browser, the last good site is still served.
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚1号",
            "甲运输集团有限公司",
            "91350100M000100Y44",
            "2025-05-01",
            "general",
            "",
        ),
    );
    let st = poll(&srv, Some(v1));
    let errors = st["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{st}");
    assert!(
        errors[0]
            .as_str()
            .unwrap()
            .contains("content/penalties/p.yaml:4:9"),
        "{st}"
    );
    let v2 = st["version"].as_u64().unwrap();
    let (status, _, page) = get(&srv, &format!("entities/{ACME}/"));
    assert_eq!(status, 200);
    assert!(page.contains("甲运输集团有限公司"), "last good build kept");
    let (_, head, js) = get(&srv, "__gongshi/live.js");
    assert!(head.contains("text/javascript"));
    assert!(js.contains("gongshi-errors") && js.contains("location.reload"));

    // Fixed: the overlay clears (no errors) and the new content shows.
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚1号",
            "甲运输股份有限公司",
            ACME,
            "2025-05-01",
            "general",
            "",
        ),
    );
    let st = poll(&srv, Some(v2));
    assert!(st["errors"].as_array().unwrap().is_empty(), "{st}");
    assert!(get(&srv, &format!("entities/{ACME}/"))
        .2
        .contains("甲运输股份有限公司"));

    // A deleted file: its pages go away.
    let v3 = st["version"].as_u64().unwrap();
    std::fs::remove_file(s.path().join("content/penalties/q.yaml")).unwrap();
    poll(&srv, Some(v3));
    assert_eq!(get(&srv, &format!("entities/{BETA}/")).0, 404);
    assert!(!s.out().exists(), "serve never writes output/");
}

#[test]
fn the_web_server_is_correct_and_safe() {
    let s = site_with("甲运输有限公司");
    s.write(
        "content/files/a.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let srv = start(&s);
    let (status, head, _) = request(&srv.addr, "GET", "/xyjt/penalties");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /xyjt/penalties/"), "{head}");
    // The query goes along: a shared search link without its slash still searches.
    let (status, head, _) = request(&srv.addr, "GET", "/xyjt/search?q=%E6%B5%8E%E5%8D%97");
    assert_eq!(status, 301);
    assert!(
        head.contains("Location: /xyjt/search/?q=%E6%B5%8E%E5%8D%97"),
        "{head}"
    );
    let (status, head, body) = request(&srv.addr, "HEAD", "/xyjt/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"));
    assert!(body.is_empty());
    for (path, ct) in [
        ("css/site.css", "text/css; charset=utf-8"),
        ("js/search.js", "text/javascript; charset=utf-8"),
        ("search/manifest.json", "application/json"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("files/a.svg", "image/svg+xml"),
    ] {
        let (status, head, _) = get(&srv, path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(ct), "{path}: {head}");
    }
    let (status, _, body) = get(&srv, "no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到"), "the theme's 404 page");
    for evil in [
        "/xyjt/../site.yaml",
        "/xyjt/%2e%2e/site.yaml",
        "/xyjt/..%2f..%2fetc/passwd",
        "/xyjt/%2e%2e%5csite.yaml",
    ] {
        assert_eq!(request(&srv.addr, "GET", evil).0, 404, "{evil}");
    }
    // Many clients at once.
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let addr = srv.addr.clone();
            std::thread::spawn(move || request(&addr, "GET", "/xyjt/penalties/").0)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
}

#[test]
fn serve_build_output_has_no_live_reload() {
    let s = site_with("甲运输有限公司");
    let files = s.build_ok("2025-06-01");
    assert!(files_containing(&files, "__gongshi").is_empty());
}

/// Polls until `path` answers as `wanted` says (a few rebuilds at most).
fn wait_for(srv: &Server, path: &str, wanted: impl Fn(u16, &str) -> bool) {
    let mut seen = poll(srv, None)["version"].as_u64();
    for _ in 0..5 {
        let (status, _, body) = get(srv, path);
        if wanted(status, &body) {
            return;
        }
        seen = poll(srv, seen)["version"].as_u64();
    }
    panic!("{path} never answered as expected");
}

#[test]
fn a_theme_folder_made_while_serving_is_watched() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    assert_eq!(get(&srv, "css/custom.css").0, 404);
    // Staff copy a theme into the site to customise it.
    s.write("themes/default/static/css/custom.css", "/* first */");
    wait_for(&srv, "css/custom.css", |_, body| body.contains("first"));
    // Later saves inside it are seen too.
    s.write("themes/default/static/css/custom.css", "/* second */");
    wait_for(&srv, "css/custom.css", |_, body| body.contains("second"));
    // And its removal.
    std::fs::remove_dir_all(s.path().join("themes")).unwrap();
    wait_for(&srv, "css/custom.css", |status, _| status == 404);
}

/// `theme:` switched in site.yaml while serving: the new theme's later saves are
/// previewed too (a tester's edits there went unseen until the server restarted).
#[test]
fn a_theme_switched_to_while_serving_is_watched() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    s.write("themes/mine/static/css/mine.css", "/* first */");
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write("site.yaml", &format!("{yaml}theme: mine\n"));
    wait_for(&srv, "css/mine.css", |_, body| body.contains("first"));
    s.write("themes/mine/static/css/mine.css", "/* second */");
    wait_for(&srv, "css/mine.css", |_, body| body.contains("second"));
    s.write("themes/mine/static/css/more.css", "/* more */");
    wait_for(&srv, "css/more.css", |_, body| body.contains("more"));
}

/// A theme file where gongshi writes one is refused by the preview as by a build,
/// and taking it away leaves gongshi's file served (a reviewer's finding: the preview
/// served the theme's feed.xml, then none).
#[test]
fn a_theme_file_over_a_generated_one_is_refused_while_serving() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    assert!(get(&srv, "feed.xml").2.contains("<feed"));
    let mut seen = poll(&srv, None)["version"].as_u64();
    s.write("themes/default/static/feed.xml", "theme's");
    s.write("themes/default/static/css/marker.css", "/* marker */");
    // The rebuild that refuses the theme's feed.xml, not a guess at how long it takes.
    let refused = (0..5).any(|_| {
        let st = poll(&srv, seen);
        seen = st["version"].as_u64();
        st["errors"].to_string().contains("static/feed.xml")
    });
    assert!(refused, "the preview never refused the theme's feed.xml");
    assert_eq!(get(&srv, "css/marker.css").0, 404, "the build was refused");
    assert!(get(&srv, "feed.xml").2.contains("<feed"));
    std::fs::remove_file(s.path().join("themes/default/static/feed.xml")).unwrap();
    wait_for(&srv, "css/marker.css", |status, _| status == 200);
    assert!(get(&srv, "feed.xml").2.contains("<feed"));
}

/// The raw answer to raw request bytes.
fn raw_request(addr: &str, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may answer (and close) before everything was sent.
    let _ = s.write_all(bytes);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

#[test]
fn the_preview_server_cannot_be_turned_against_the_site() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    // A request head larger than any browser sends.
    let mut huge = format!("GET /xyjt/ HTTP/1.1\r\nHost: {}\r\n", srv.addr).into_bytes();
    for i in 0..2000 {
        huge.extend_from_slice(format!("X-Padding-{i}: {}\r\n", "a".repeat(100)).as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    assert!(raw_request(&srv.addr, &huge).starts_with("HTTP/1.1 431"));
    // A body.
    let post = format!(
        "POST /xyjt/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 5\r\n\r\nhello",
        srv.addr
    );
    assert!(raw_request(&srv.addr, post.as_bytes()).starts_with("HTTP/1.1 413"));
    // A page of another site that resolves its own name to 127.0.0.1 (DNS rebinding).
    let rebound = "GET /xyjt/ HTTP/1.1\r\nHost: evil.example.com\r\n\r\n";
    assert!(raw_request(&srv.addr, rebound.as_bytes()).starts_with("HTTP/1.1 403"));
    let port = srv.addr.rsplit(':').next().unwrap();
    let localhost = format!("GET /xyjt/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n");
    assert!(raw_request(&srv.addr, localhost.as_bytes()).starts_with("HTTP/1.1 200"));
    // No redirect leaves the site.
    for path in ["//evil.example.com", "//evil.example.com/xyjt/"] {
        let (status, head, _) = request(&srv.addr, "GET", path);
        assert_ne!(status, 301, "{path}: {head}");
        assert!(
            !head.to_ascii_lowercase().contains("location: //"),
            "{head}"
        );
    }
    // The server still answers.
    assert_eq!(get(&srv, "penalties/").0, 200);
}

/// Found by an attacker's test: the warning for `--bind 0.0.0.0` advises
/// `--bind 127.0.0.1`, which turned the DNS-rebinding check off.
#[test]
fn a_loopback_bind_keeps_the_host_check() {
    let s = site_with("甲运输有限公司");
    let srv = start_with(&s, None, &["--bind", "127.0.0.1"]);
    let rebound = "GET /xyjt/ HTTP/1.1\r\nHost: evil.example.com\r\n\r\n";
    assert!(raw_request(&srv.addr, rebound.as_bytes()).starts_with("HTTP/1.1 403"));
    let own = format!("GET /xyjt/ HTTP/1.1\r\nHost: {}\r\n\r\n", srv.addr);
    assert!(raw_request(&srv.addr, own.as_bytes()).starts_with("HTTP/1.1 200"));
}

#[test]
fn binding_to_every_interface_warns_and_drops_the_host_check() {
    let s = site_with("甲运输有限公司");
    let out = bin()
        .args([
            "serve",
            s.path().to_str().unwrap(),
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = out;
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("warning: serving on every network interface"),
        "{line}"
    );
}

#[test]
fn a_deleted_and_remade_site_folder_is_previewed_again() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    let copy = tempfile::tempdir().unwrap();
    let saved = copy.path().join("site");
    std::fs::rename(s.path(), &saved).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Still serving the last good build meanwhile.
    assert_eq!(get(&srv, "penalties/").0, 200);
    std::fs::create_dir_all(s.path()).unwrap();
    for entry in walkdir::WalkDir::new(&saved) {
        let entry = entry.unwrap();
        let target = s.path().join(entry.path().strip_prefix(&saved).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    s.write(
        "content/penalties/p.yaml",
        &penalty(
            "罚1号",
            "甲运输集团有限公司",
            ACME,
            "2025-05-01",
            "general",
            "",
        ),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if get(&srv, "penalties/").2.contains("甲运输集团有限公司") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the remade site was never built"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // A deleted content/ is reported as `build` reports it.
    std::fs::remove_dir_all(s.path().join("content")).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let st = poll(&srv, None);
        let errors = st["errors"].to_string();
        if errors.contains("no content/ folder") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never reported: {st}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn an_imported_sheet_is_previewed_as_soon_as_it_is_written() {
    let s = site_with("甲运输有限公司");
    let srv = start(&s);
    assert!(!get(&srv, "penalties/").2.contains("丙导入有限公司"));
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("台账.csv");
    std::fs::write(
        &csv,
        format!(
            "行政处罚决定书文号,行政相对人名称,行政相对人类别,统一社会信用代码,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,处罚决定日期,失信严重程度,处罚机关,处罚机关统一社会信用代码\n\
             罚9号,丙导入有限公司,法人及非法人组织,{GAMMA},超限运输,违法事实,依据,罚款,罚款,2025-05-20,一般,测试交通运输局,{AUTH}\n"
        ),
    )
    .unwrap();
    let o = run(&[
        "import",
        csv.to_str().unwrap(),
        "--site",
        s.path().to_str().unwrap(),
        "--as-of",
        "2025-06-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    wait_for(&srv, "penalties/", |status, body| {
        status == 200 && body.contains("丙导入有限公司")
    });
}

/// A new `base_url` in site.yaml moves the preview to its path (a new user's review:
/// the old path kept answering and the new one was a 404 until a restart).
#[test]
fn a_changed_base_url_moves_the_preview() {
    let s = site_with("甲运输有限公司");
    let mut srv = start(&s);
    assert_eq!(get(&srv, "").0, 200);
    let yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &yaml.replace(
            "https://example.gov.cn/xyjt/",
            "https://example.gov.cn/xxgk/xyxx/",
        ),
    );
    let old = std::mem::replace(&mut srv.base, "/xxgk/xyxx/".into());
    let moved = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        get(&srv, "css/site.css").0 == 200
    });
    assert!(moved, "never served under the new path");
    let (status, _, page) = get(&srv, "");
    assert_eq!(status, 200);
    assert!(page.contains("/xxgk/xyxx/"), "links under the new path");
    let (status, _, _) = request(&srv.addr, "GET", &old);
    assert_eq!(status, 404, "the old path no longer answers");
}

fn socket_folders(tmp: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gongshi-serve-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_stopped_preview_leaves_no_socket_folder_behind() {
    let site = site_with("company");
    let tmp = tempfile::tempdir().unwrap();
    // A folder left by a preview killed outright an hour ago is removed by the next.
    let left = tmp.path().join("gongshi-serve-4242");
    std::fs::create_dir(&left).unwrap();
    std::fs::File::open(&left)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();

    let mut srv = start_in(&site, Some(tmp.path()));
    let (status, _, _) = get(&srv, "");
    assert_eq!(status, 200);
    let running = socket_folders(tmp.path());
    assert_eq!(running.len(), 1, "{running:?}");
    assert!(!left.exists(), "the killed preview's folder stays");

    // `kill` (as a closed terminal or a service manager stops it): exits cleanly and
    // removes its folder.
    assert!(
        stop(&mut srv.child),
        "serve did not exit successfully on SIGTERM"
    );
    assert_eq!(socket_folders(tmp.path()), Vec::<String>::new());
}

/// A port already in use: exit 1, and a hint naming --port (a tester's finding: the
/// bare os error left staff guessing).
#[test]
fn a_port_in_use_is_told_with_the_way_out() {
    let site = Site::new("https://example.gov.cn/");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = bin()
        .args(["serve", site.path().to_str().unwrap(), "--port", &port])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    // The port it names was free when it looked (not the taken one).
    let named: u16 = err
        .split("--port ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert_ne!(named.to_string(), port, "{err}");
    assert!(err.contains("is free"), "{err}");
}
