//! Receiving from a cloud platform: a tunnel (cloudflared, ngrok, `ssh -R`) takes the
//! platform's HTTPS request on a public name and hands it to `hookscope listen` on 127.0.0.1,
//! with `Host` saying the public name and `X-Forwarded-*` added. [`Tunnel`] does the same on
//! this machine, so the deliveries here arrive as a tunnel would bring them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use hookscope::capture::Capture;

use crate::common::{hookscope, send, Listening, Reply};

/// The tunnel's public name, as cloudflared's quick tunnels make them.
const PUBLIC_HOST: &str = "abc-123.trycloudflare.com";
/// What the platform is set to call, and so what it signs.
const PUBLIC_URL: &str = "https://abc-123.trycloudflare.com";
const TWILIO_TOKEN: &str = "tunnel-test-twilio-auth-token";
const GITHUB_SECRET: &str = "tunnel-test-github-secret";
/// An SMS as Twilio posts it to the webhook set on a number.
const SMS: &[u8] = b"MessageSid=SM5d8a0e3b2f1c4a6b9e7d0c1f2a3b4c5d&SmsStatus=received&From=%2B15005550006&To=%2B15005550001&Body=Hello+from+the+tunnel";

/// A request's headers, in order.
type Headers = Vec<(String, String)>;

/// A reverse proxy on 127.0.0.1:0 that does to each request what a tunnel does on its way in:
/// `Host` becomes [`PUBLIC_HOST`], `X-Forwarded-For` (the sender's address),
/// `X-Forwarded-Proto: https` and `X-Forwarded-Host` are added, and the request goes on to
/// the listener over plain HTTP, its answer back. One request a connection, in turn; the
/// thread is joined when dropped.
struct Tunnel {
    port: u16,
    /// The headers of each request passed on, as they were sent to the listener.
    passed: Arc<Mutex<Vec<Headers>>>,
    stopping: Arc<AtomicBool>,
    accepting: Option<JoinHandle<()>>,
}

impl Tunnel {
    /// A tunnel to the listener on `to` (a port on 127.0.0.1).
    fn to(to: u16) -> Tunnel {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let passed = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let accepting = {
            let (passed, stopping) = (Arc::clone(&passed), Arc::clone(&stopping));
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    if pass_on(&client, to, &passed).is_err() {
                        let _ = (&client).write_all(
                            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                    let _ = client.shutdown(Shutdown::Both);
                }
            })
        };
        Tunnel {
            port,
            passed,
            stopping,
            accepting: Some(accepting),
        }
    }

    /// A POST to `path` through the tunnel, as the platform sends it.
    fn post(&self, path: &str, headers: &Headers, body: &[u8]) -> Reply {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        send(
            &format!("http://127.0.0.1:{}{path}", self.port),
            "POST",
            &headers,
            body,
        )
    }

    fn passed(&self) -> Vec<Headers> {
        self.passed.lock().unwrap().clone()
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop, which then sees it is stopping.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

/// Reads one request from `client`, passes it on to 127.0.0.1:`to` rewritten as a tunnel
/// would, and copies the answer back.
fn pass_on(client: &TcpStream, to: u16, passed: &Mutex<Vec<Headers>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(client);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header line");
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().expect("a Content-Length"));
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;

    // Host is the public name; what belongs to the client's connection stays behind.
    let mut sent: Headers = headers
        .into_iter()
        .filter(|(n, _)| !["connection", "keep-alive"].contains(&n.to_ascii_lowercase().as_str()))
        .map(|(n, v)| {
            if n.eq_ignore_ascii_case("host") {
                (n, PUBLIC_HOST.to_string())
            } else {
                (n, v)
            }
        })
        .collect();
    let sender = client.peer_addr()?.ip().to_string();
    sent.extend([
        ("X-Forwarded-For".to_string(), sender),
        ("X-Forwarded-Proto".to_string(), "https".to_string()),
        ("X-Forwarded-Host".to_string(), PUBLIC_HOST.to_string()),
        ("Connection".to_string(), "close".to_string()),
    ]);
    let mut head = request_line;
    for (name, value) in &sent {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    passed.lock().unwrap().push(sent);

    let mut upstream = TcpStream::connect(("127.0.0.1", to))?;
    upstream.write_all(&[head.as_bytes(), &body].concat())?;
    // The listener closes the connection after its answer (Connection: close).
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    (&*client).write_all(&answer)
}

/// The headers `hookscope sign ARGS` makes for `body`, with the test secrets in its
/// environment.
fn signed(args: &[&str], body: &[u8]) -> Headers {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body");
    std::fs::write(&file, body).unwrap();
    let out = hookscope()
        .envs([
            ("TWILIO_AUTH_TOKEN", TWILIO_TOKEN),
            ("GITHUB_SECRET", GITHUB_SECRET),
        ])
        .arg("sign")
        .args(args)
        .arg("--body")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (n, v) = l.split_once(": ").unwrap();
            (n.to_string(), v.to_string())
        })
        .collect()
}

/// Twilio's signature of [`SMS`] sent to `/hooks/sms` on the tunnel's public URL.
fn twilio_sms() -> Headers {
    signed(
        &[
            "--scheme",
            "twilio",
            "--secret-env",
            "TWILIO_AUTH_TOKEN",
            "--public-url",
            PUBLIC_URL,
            "--path",
            "/hooks/sms",
        ],
        SMS,
    )
}

const PING: &[u8] = br#"{"zen":"Keep it logically awesome.","hook_id":1}"#;

fn github_ping() -> Headers {
    signed(
        &[
            "--scheme",
            "github",
            "--secret-env",
            "GITHUB_SECRET",
            "-H",
            "X-GitHub-Event: ping",
        ],
        PING,
    )
}

/// `hookscope listen ARGS` with both test secrets given by environment.
fn listen(args: &[&str]) -> Listening {
    Listening::start_env(
        &[
            &[
                "--secret-env",
                "TWILIO_AUTH_TOKEN",
                "--secret-env",
                "GITHUB_SECRET",
            ],
            args,
        ]
        .concat(),
        &[
            ("TWILIO_AUTH_TOKEN", TWILIO_TOKEN),
            ("GITHUB_SECRET", GITHUB_SECRET),
        ],
    )
}

/// Twilio signs the URL it calls, which behind a tunnel is the tunnel's: with --public-url
/// the delivery verifies though the listener sees only the tunnel's Host; GitHub, which
/// signs the body alone, verifies through the same tunnel.
#[test]
fn a_url_signed_delivery_through_a_tunnel_verifies_with_the_public_url() {
    let mut l = listen(&["--no-store", "--public-url", PUBLIC_URL]);
    let tunnel = Tunnel::to(l.port);
    let r = tunnel.post("/hooks/sms", &twilio_sms(), SMS);
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"ok":true}"#));
    l.wait_for("POST /hooks/sms");
    let r = tunnel.post("/hooks/github", &github_ping(), PING);
    assert_eq!(r.status, 200, "{}", r.body);
    // The Twilio delivery signed for another address is still refused.
    let r = tunnel.post("/hooks/other", &twilio_sms(), SMS);
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json()["code"], "signature_mismatch");
    // Each came through the tunnel, rewritten as it rewrites them.
    let passed = tunnel.passed();
    assert_eq!(passed.len(), 3);
    assert!(passed.iter().all(|h| h
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("host") && v == PUBLIC_HOST)));
}

/// Without --public-url a Twilio delivery cannot be checked: the refusal says to give it, and
/// names the address the tunnel says the request came to. A scheme that signs the body alone
/// (GitHub) needs none.
#[test]
fn without_the_public_url_the_refusal_names_the_tunnels_address() {
    let mut l = listen(&["--no-store"]);
    let tunnel = Tunnel::to(l.port);
    let r = tunnel.post("/hooks/sms", &twilio_sms(), SMS);
    assert_eq!(r.status, 401, "{}", r.body);
    let refusal = r.json();
    assert_eq!(refusal["code"], "no_public_url");
    let reason = refusal["reason"].as_str().unwrap();
    assert!(reason.contains("give it with --public-url"), "{reason}");
    assert!(
        reason.contains(&format!("--public-url {PUBLIC_URL}")),
        "{reason}"
    );
    // The same reason on the terminal.
    l.wait_for(&format!("--public-url {PUBLIC_URL}"));
    let r = tunnel.post("/hooks/github", &github_ping(), PING);
    assert_eq!(r.status, 200, "{}", r.body);
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A capture is the request as it reached hookscope: the Host the tunnel wrote, its
/// X-Forwarded-* headers, every header in its order and spelling, and the body's bytes. So
/// `verify` checks it later with the same --public-url.
#[test]
fn a_capture_keeps_the_request_as_the_tunnel_delivered_it() {
    let store = tempfile::tempdir().unwrap();
    let store_arg = store.path().to_str().unwrap();
    let l = listen(&["--store", store_arg, "--public-url", PUBLIC_URL]);
    let tunnel = Tunnel::to(l.port);
    let r = tunnel.post("/hooks/sms?from=number", &twilio_sms(), SMS);
    // Signed for /hooks/sms: the query is part of the URL, so it does not verify, and is
    // stored all the same.
    assert_eq!(r.status, 401, "{}", r.body);
    let r = tunnel.post("/hooks/sms", &twilio_sms(), SMS);
    assert_eq!(r.status, 200, "{}", r.body);
    // Every delivery is stored before it is answered.
    let files = captures_in(store.path());
    assert_eq!(files.len(), 2, "{files:?}");
    let captures: Vec<Capture> = files.iter().map(|f| Capture::read(f).unwrap()).collect();
    let capture = captures.iter().find(|c| c.path == "/hooks/sms").unwrap();
    let passed = tunnel.passed();
    assert_eq!(capture.headers, passed[1]);
    assert_eq!(capture.header("Host"), Some(PUBLIC_HOST));
    assert_eq!(capture.header("X-Forwarded-Proto"), Some("https"));
    assert_eq!(capture.header("X-Forwarded-Host"), Some(PUBLIC_HOST));
    assert_eq!(capture.body, SMS);
    // Who sent it, to hookscope, is the tunnel on this machine.
    let extra = capture.extra.as_ref().unwrap();
    assert!(extra
        .remote_addr
        .as_deref()
        .is_some_and(|a| a.starts_with("127.0.0.1:")));
    let file = files
        .iter()
        .zip(&captures)
        .find(|(_, c)| c.path == "/hooks/sms")
        .unwrap()
        .0;
    let verify = |args: &[&str]| {
        hookscope()
            .env("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
            .args(["verify", "--secret-env", "TWILIO_AUTH_TOKEN"])
            .args(args)
            .arg(file)
            .output()
            .unwrap()
    };
    let out = verify(&["--public-url", PUBLIC_URL]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = verify(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("--public-url {PUBLIC_URL}")));
}

/// The public URL per endpoint, from the config file: each endpoint checks its deliveries
/// against its own.
#[test]
fn an_endpoints_public_url_checks_its_deliveries() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hooks.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[endpoint]]
path = "/hooks/sms"
scheme = "twilio"
secret_env = "TWILIO_AUTH_TOKEN"
public_url = "{PUBLIC_URL}"

[[endpoint]]
path = "/hooks/voice"
scheme = "twilio"
secret_env = "TWILIO_AUTH_TOKEN"
public_url = "https://another-tunnel.example"
"#
        ),
    )
    .unwrap();
    let l = Listening::start_env(
        &["--no-store", "--config", config.to_str().unwrap()],
        &[("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)],
    );
    let tunnel = Tunnel::to(l.port);
    let r = tunnel.post("/hooks/sms", &twilio_sms(), SMS);
    assert_eq!(r.status, 200, "{}", r.body);
    let r = tunnel.post("/hooks/voice", &twilio_sms(), SMS);
    assert_eq!(r.status, 401, "{}", r.body);
    let reason = r.json()["reason"].as_str().unwrap().to_string();
    assert!(
        reason.contains("https://another-tunnel.example/hooks/voice"),
        "{reason}"
    );
}
