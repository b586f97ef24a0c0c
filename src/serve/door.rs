//! The preview's front door. tiny_http parses and answers requests, but reads a request
//! head of any size and serves any number of connections; the door, which owns the
//! listening socket, does what a preview on a laptop (or, with `--bind`, on a network)
//! needs before a request reaches it:
//!
//! - a request head of at most [`MAX_HEAD`] bytes (431 otherwise), read within
//!   [`HEAD_TIMEOUT`], and no body (only GET and HEAD are served: 413 for a body);
//! - at most [`MAX_CONNECTIONS`] connections at once (503 beyond), which also bounds
//!   the long polls of open pages;
//! - unless `--bind` was given, a `Host` that names this machine (127.0.0.1,
//!   localhost or ::1 with the port), so that a web page cannot reach the preview
//!   through a DNS name it controls (DNS rebinding; 403 otherwise).
//!
//! A request that passes is handed to tiny_http over a private Unix socket with
//! `Connection: close`, and the answer copied back.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Longest request head (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Time allowed to send the request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 256;

/// What the door checks a request against.
#[derive(Debug, Clone)]
pub struct Rules {
    /// `Host` values accepted (lower case); `None` accepts any.
    pub hosts: Option<Vec<String>>,
}

impl Rules {
    /// Loopback names with the port: what a browser on this machine sends.
    pub fn loopback(port: u16) -> Rules {
        let hosts = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|h| format!("{h}:{port}"))
            .collect();
        Rules { hosts: Some(hosts) }
    }
}

/// Why a request is turned away at the door, as an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    HeadTooLarge,
    Body,
    WrongHost,
    Malformed,
}

impl Refusal {
    fn status(self) -> (u16, &'static str) {
        match self {
            Refusal::HeadTooLarge => (431, "Request Header Fields Too Large"),
            Refusal::Body => (413, "Payload Too Large"),
            Refusal::WrongHost => (403, "Forbidden"),
            Refusal::Malformed => (400, "Bad Request"),
        }
    }
}

/// Checks a complete request head; returns it rewritten for the backend (one request
/// per connection: `Connection: close`).
pub fn admit(head: &[u8], rules: &Rules) -> Result<Vec<u8>, Refusal> {
    let text = std::str::from_utf8(head).map_err(|_| Refusal::Malformed)?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().ok_or(Refusal::Malformed)?;
    if request_line.split(' ').count() != 3 {
        return Err(Refusal::Malformed);
    }
    let mut out = format!("{request_line}\r\n");
    let mut host = None;
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(Refusal::Malformed)?;
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" if value != "0" => return Err(Refusal::Body),
            "transfer-encoding" => return Err(Refusal::Body),
            // Two Hosts could pass the check with one and be served by the other.
            "host" if host.is_some() => return Err(Refusal::Malformed),
            "host" => host = Some(value.to_ascii_lowercase()),
            "connection" | "keep-alive" | "upgrade" => continue,
            _ => {}
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    if let Some(allowed) = &rules.hosts {
        if !host.is_some_and(|h| allowed.contains(&h)) {
            return Err(Refusal::WrongHost);
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    Ok(out.into_bytes())
}

/// Reads a request head (through the blank line), at most [`MAX_HEAD`] bytes, within
/// [`HEAD_TIMEOUT`] in all (not per read: a client sending a byte at a time is cut off
/// as surely as one sending nothing).
fn read_head(stream: &mut TcpStream, timeout: Duration) -> Result<Vec<u8>, Refusal> {
    let deadline = std::time::Instant::now() + timeout;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let left = deadline
            .checked_duration_since(std::time::Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(Refusal::Malformed)?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Refusal::Malformed)?;
        let n = stream.read(&mut buf).map_err(|_| Refusal::Malformed)?;
        if n == 0 {
            return Err(Refusal::Malformed);
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            if end + 4 > MAX_HEAD {
                return Err(Refusal::HeadTooLarge);
            }
            // Anything after the head is a body: only GET and HEAD are served.
            if head.len() > end + 4 {
                return Err(Refusal::Body);
            }
            head.truncate(end + 4);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Refusal::HeadTooLarge);
        }
    }
}

fn refuse(stream: &mut TcpStream, refusal: Refusal) {
    let (code, reason) = refusal.status();
    let body = format!("{code} {reason}\n");
    let _ = write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Both);
}

fn serve_one(mut client: TcpStream, backend: &PathBuf, rules: &Rules) -> io::Result<()> {
    let head = match read_head(&mut client, HEAD_TIMEOUT).and_then(|h| admit(&h, rules)) {
        Ok(head) => head,
        Err(refusal) => {
            refuse(&mut client, refusal);
            return Ok(());
        }
    };
    client.set_read_timeout(None)?;
    let mut inner = UnixStream::connect(backend)?;
    inner.write_all(&head)?;
    io::copy(&mut inner, &mut client)?;
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

/// Serves `listener` forever: every connection on its own thread, at most
/// [`MAX_CONNECTIONS`] at once.
pub fn run(listener: TcpListener, backend: PathBuf, rules: Rules) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 2\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let (count, backend, rules) = (open.clone(), backend.clone(), rules.clone());
        let spawned = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                let _ = serve_one(stream, &backend, &rules);
                count.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread to be had: the connection was dropped with the closure.
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_checked_and_rewritten() {
        let rules = Rules::loopback(1111);
        let ok = admit(
            b"GET /xyjt/ HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nConnection: keep-alive\r\n\r\n",
            &rules,
        )
        .unwrap();
        let ok = String::from_utf8(ok).unwrap();
        assert!(ok.starts_with("GET /xyjt/ HTTP/1.1\r\n"));
        assert!(ok.ends_with("Connection: close\r\n\r\n"));
        assert!(!ok.contains("keep-alive"));
        assert_eq!(
            admit(
                b"GET / HTTP/1.1\r\nHost: evil.example.com:1111\r\n\r\n",
                &rules
            ),
            Err(Refusal::WrongHost)
        );
        assert_eq!(
            admit(b"GET / HTTP/1.1\r\n\r\n", &rules),
            Err(Refusal::WrongHost)
        );
        assert_eq!(
            admit(
                b"POST / HTTP/1.1\r\nHost: localhost:1111\r\nContent-Length: 5\r\n\r\n",
                &rules
            ),
            Err(Refusal::Body)
        );
        let any = Rules { hosts: None };
        assert!(admit(b"GET / HTTP/1.1\r\nHost: 10.0.0.2:1111\r\n\r\n", &any).is_ok());
        assert_eq!(admit(b"GARBAGE\r\n\r\n", &any), Err(Refusal::Malformed));
        assert_eq!(
            admit(
                b"GET / HTTP/1.1\r\nHost: evil.example\r\nHost: localhost:1111\r\n\r\n",
                &rules
            ),
            Err(Refusal::Malformed),
            "two Hosts"
        );
    }

    /// A client that sends `chunks`, `pause` apart, to a head read with `timeout`.
    fn read_sent(
        chunks: Vec<Vec<u8>>,
        pause: Duration,
        timeout: Duration,
    ) -> Result<usize, Refusal> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut c = TcpStream::connect(addr).unwrap();
            for chunk in chunks {
                if c.write_all(&chunk).is_err() {
                    return;
                }
                std::thread::sleep(pause);
            }
        });
        let (mut server, _) = listener.accept().unwrap();
        let got = read_head(&mut server, timeout).map(|h| h.len());
        drop(server);
        client.join().unwrap();
        got
    }

    #[test]
    fn the_head_has_one_deadline_and_one_size_limit() {
        let ms = Duration::from_millis;
        let ok = read_sent(vec![b"GET / HTTP/1.1\r\n\r\n".to_vec()], ms(0), ms(2000));
        assert_eq!(ok, Ok(18));
        // A header every 100 ms never lets a per-read timeout of 300 ms expire; the
        // deadline for the whole head does.
        let slow = (0..10)
            .map(|i| format!("X-{i}: a\r\n").into_bytes())
            .collect();
        assert_eq!(read_sent(slow, ms(100), ms(300)), Err(Refusal::Malformed));
        // A head just over the limit, sent at once with its blank line.
        let mut big = b"GET / HTTP/1.1\r\n".to_vec();
        while big.len() <= MAX_HEAD {
            big.extend_from_slice(b"X: a\r\n");
        }
        big.extend_from_slice(b"\r\n");
        assert_eq!(
            read_sent(vec![big], ms(0), ms(2000)),
            Err(Refusal::HeadTooLarge)
        );
    }
}
