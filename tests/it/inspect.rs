//! The inspector (`listen --ui`, `inspect`): how it starts, its API, and what it refuses.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;

use hookscope::capture::{Capture, Extra, Recorded};
use serde_json::Value;

use crate::common::{hookscope, run, send, text, Listening, WAIT};

/// A running inspector: where it is and its token.
pub struct Inspector {
    pub port: u16,
    pub token: String,
}

/// Reads `inspector on http://127.0.0.1:PORT/#token=TOKEN` (or the same URL alone).
pub fn inspector_of(url_line: &str) -> Inspector {
    let url = url_line
        .split_whitespace()
        .find(|w| w.contains("#token="))
        .unwrap_or_else(|| panic!("no inspector URL in {url_line:?}"))
        .trim_matches('"');
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("the inspector is not on 127.0.0.1: {url}"));
    let (port, token) = rest.split_once("/#token=").unwrap();
    assert_eq!(token.len(), 64, "32 bytes in hex: {token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    Inspector {
        port: port.parse().unwrap(),
        token: token.to_string(),
    }
}

/// An answer read to its end (the inspector closes every connection after one answer).
#[derive(Debug)]
pub struct Got {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Got {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A request written by hand, so the test picks the `Host` and every header.
pub fn raw_get(port: u16, method: &str, target: &str, host: &str, token: Option<&str>) -> Got {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n");
    if let Some(t) = token {
        req.push_str(&format!("X-Hookscope-Token: {t}\r\n"));
    }
    req.push_str("\r\n");
    raw(port, req.as_bytes())
}

/// Writes `request` as it is and reads the answer to its end.
pub fn raw(port: u16, request: &[u8]) -> Got {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let all = String::from_utf8_lossy(&all).into_owned();
    let (head, body) = all.split_once("\r\n\r\n").unwrap_or((&all, ""));
    Got {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

impl Inspector {
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn get(&self, target: &str) -> Got {
        raw_get(self.port, "GET", target, &self.host(), Some(&self.token))
    }
}

/// `hookscope listen --ui --ui-port 0` on a fresh store, and its inspector.
pub fn listen_ui(store: &Path, more: &[&str]) -> (Listening, Inspector) {
    let mut args = vec!["--ui", "--ui-port", "0", "--store", store.to_str().unwrap()];
    args.extend_from_slice(more);
    let mut l = Listening::start(&args);
    let line = l.wait_for("inspector");
    (l, inspector_of(&line))
}

/// Writes a capture straight into a store, as listen would have stored it.
fn store_capture(dir: &Path, path: &str, verdict: (&str, &str, &str)) -> Capture {
    let (signature, scheme, event) = verdict;
    let mut c = Capture::new("POST", path, vec![], br#"{"n":1}"#.to_vec());
    c.extra = Some(Extra {
        verdict: Some(Recorded {
            signature: signature.into(),
            scheme: Some(scheme.into()),
            event: Some(event.into()),
            code: None,
            reason: None,
            handshake: None,
        }),
        answer: Some(serde_json::json!({"status": 200})),
        ..Extra::default()
    });
    std::fs::write(dir.join(format!("{}.json", c.id)), c.to_json()).unwrap();
    c
}

/// `hookscope inspect --store DIR --ui-port 0`, killed when dropped.
pub struct Inspecting {
    child: std::process::Child,
    pub ui: Inspector,
    /// Kept open: hookscope's later lines must not meet a closed pipe.
    _out: BufReader<std::process::ChildStdout>,
}

impl Drop for Inspecting {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn inspect(store: &Path) -> Inspecting {
    inspect_with(store, &[], &[])
}

/// The same with more arguments and these environment variables.
pub fn inspect_with(store: &Path, more: &[&str], env: &[(&str, &str)]) -> Inspecting {
    let mut child = hookscope()
        .envs(env.iter().copied())
        .args(["inspect", "--ui-port", "0", "--store"])
        .arg(store)
        .args(more)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut first).unwrap();
    assert!(
        first.starts_with("inspector on http://127.0.0.1:"),
        "{first}"
    );
    Inspecting {
        ui: inspector_of(&first),
        child,
        _out: out,
    }
}

pub fn ids(page: &Value) -> Vec<String> {
    page["captures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn listen_ui_prints_the_inspector_url_on_loopback_with_a_fresh_token() {
    let dir = tempfile::tempdir().unwrap();
    let (_l, first) = listen_ui(&dir.path().join("s"), &[]);
    let (_l2, second) = listen_ui(&dir.path().join("s"), &[]);
    assert_ne!(first.token, second.token, "a token is fresh each run");
    assert_ne!(first.port, second.port);
    // The page itself loads without the token.
    let page = raw_get(first.port, "GET", "/", &first.host(), None);
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .contains("<script type=\"module\" src=\"/app.js\">"));
    assert!(!page.body.contains(&first.token));
}

#[test]
fn json_format_names_the_inspector_in_its_first_line_and_keeps_stdout_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Listening::start(&[
        "--ui",
        "--ui-port",
        "0",
        "--format",
        "json",
        "--max-requests",
        "1",
        "--store",
        dir.path().to_str().unwrap(),
    ]);
    let first = l.wait_for("\"listening\"");
    let v: Value = serde_json::from_str(&first).unwrap();
    assert!(v["listening"].is_string(), "{first}");
    let ui = inspector_of(v["inspector"].as_str().unwrap());
    assert_eq!(ui.get("/api/info").status, 200);
    send(&l.url("/hooks/x"), "POST", &[], b"{}");
    let (code, _) = l.finish();
    assert_eq!(code, Some(0));
    // Every line on standard output is JSON.
    let mut child = hookscope()
        .args([
            "listen",
            "--port",
            "0",
            "--ui",
            "--ui-port",
            "0",
            "--format",
            "json",
        ])
        .args(["--max-requests", "1", "--store"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let port = first["listening"]
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap();
    send(&format!("http://127.0.0.1:{port}/y"), "POST", &[], b"{}");
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert_eq!(crate::common::exit_within(&mut child, WAIT), Some(0));
    assert!(!rest.is_empty());
    for line in rest {
        assert!(
            serde_json::from_str::<Value>(&line).is_ok(),
            "not JSON: {line}"
        );
    }
}

#[test]
fn api_refuses_without_the_token_and_gives_no_delivery_data() {
    let dir = tempfile::tempdir().unwrap();
    let (l, ui) = listen_ui(dir.path(), &[]);
    send(
        &l.url("/hooks/very-private-path"),
        "POST",
        &[],
        b"{\"secretive\":1}",
    );
    let list = ui.get("/api/captures");
    assert_eq!(list.status, 200);
    let id = ids(&list.json())[0].clone();
    let wrong = "0".repeat(64);
    for target in [
        "/api/captures".to_string(),
        format!("/api/captures/{id}"),
        format!("/api/captures/{id}/file"),
        format!("/api/captures/{id}/curl"),
        "/api/events".to_string(),
        "/api/info".to_string(),
        format!("/api/diff?a={id}&b={id}"),
    ] {
        for token in [None, Some(wrong.as_str()), Some(&ui.token[..63])] {
            let got = raw_get(ui.port, "GET", &target, &ui.host(), token);
            assert_eq!(got.status, 401, "{target} {token:?}: {got:?}");
            for leaked in [id.as_str(), "very-private-path", "secretive", "store"] {
                assert!(!got.body.contains(leaked), "{target}: {}", got.body);
            }
        }
    }
    // The page and its assets need no token.
    for asset in ["/", "/app.js", "/style.css"] {
        assert_eq!(raw_get(ui.port, "GET", asset, &ui.host(), None).status, 200);
    }
}

#[test]
fn a_host_other_than_loopback_at_this_port_is_refused_for_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let (_l, ui) = listen_ui(dir.path(), &[]);
    let other_port = format!("127.0.0.1:{}", ui.port.wrapping_add(1));
    for host in [
        "evil.example",
        "evil.example:8081",
        &format!("rebound.example:{}", ui.port),
        &other_port,
        "127.0.0.1",
        "",
    ] {
        for target in ["/", "/app.js", "/api/captures", "/api/events", "/nothing"] {
            let got = raw_get(ui.port, "GET", target, host, Some(&ui.token));
            assert_eq!(got.status, 403, "Host {host:?} {target}: {got:?}");
            assert!(!got.body.contains("captures\""), "{}", got.body);
        }
    }
    for host in [
        format!("127.0.0.1:{}", ui.port),
        format!("localhost:{}", ui.port),
        format!("LOCALHOST:{}", ui.port),
        format!("[::1]:{}", ui.port),
    ] {
        let got = raw_get(ui.port, "GET", "/api/captures", &host, Some(&ui.token));
        assert_eq!(got.status, 200, "{host}");
    }
    // A target in absolute form names its host too, and it must be this inspector as well.
    let good = format!("127.0.0.1:{}", ui.port);
    let got = raw_get(
        ui.port,
        "GET",
        "http://evil.example/api/captures",
        &good,
        Some(&ui.token),
    );
    assert_eq!(got.status, 403, "{got:?}");
    let target = format!("http://{good}/api/captures");
    let got = raw_get(ui.port, "GET", &target, &good, Some(&ui.token));
    assert_eq!(got.status, 200, "{got:?}");
}

#[test]
fn every_answer_carries_the_csp_nosniff_and_no_referrer() {
    let dir = tempfile::tempdir().unwrap();
    let (_l, ui) = listen_ui(dir.path(), &[]);
    let answers = [
        ui.get("/"),
        ui.get("/app.js"),
        ui.get("/style.css"),
        ui.get("/api/captures"),
        ui.get("/api/captures?verdict=maybe"),
        ui.get("/api/captures/0190"),
        ui.get("/missing"),
        ui.get("/api/diff?a=0190"),
        ui.get("/api/diff?a=0190&b=0190"),
        raw_get(ui.port, "GET", "/api/captures", &ui.host(), None),
        raw_get(ui.port, "GET", "/", "evil.example", None),
        raw_get(
            ui.port,
            "POST",
            "/api/captures",
            &ui.host(),
            Some(&ui.token),
        ),
    ];
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 400, 404, 404, 400, 404, 401, 403, 405]
    );
    for a in &answers {
        let csp = a
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{a:?}"));
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("http"),
            "{csp}"
        );
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(a.header("referrer-policy"), Some("no-referrer"));
    }
    // Only reading: a POST is refused and says what is allowed.
    assert_eq!(answers[11].header("allow"), Some("GET, HEAD"));
    // The page runs no inline script: every script is a file of its own origin.
    let page = &answers[0].body;
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    let handlers = page.split(" on").skip(1).filter(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    });
    assert_eq!(handlers.count(), 0, "an inline event handler: {page}");
}

#[test]
fn the_list_is_paged_newest_first_and_filtered_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let made: Vec<Capture> = [
        ("/hooks/github", ("valid", "github", "push")),
        (
            "/hooks/github",
            ("invalid", "github", "pull_request.opened"),
        ),
        (
            "/hooks/stripe",
            ("valid", "stripe", "payment_intent.succeeded"),
        ),
        (
            "/hooks/bpium",
            ("unchecked", "bpium", "record.before.deleted"),
        ),
        ("/hooks/bpium", ("valid", "bpium", "record.created")),
    ]
    .into_iter()
    .map(|(path, v)| store_capture(dir.path(), path, v))
    .collect();
    let inspecting = inspect(dir.path());
    let ui = &inspecting.ui;
    let first = ui.get("/api/captures?limit=2").json();
    assert_eq!(ids(&first), [made[4].id.clone(), made[3].id.clone()]);
    let next = first["next"].as_str().unwrap();
    let second = ui
        .get(&format!("/api/captures?limit=2&before={next}"))
        .json();
    assert_eq!(ids(&second), [made[2].id.clone(), made[1].id.clone()]);
    let third = ui
        .get(&format!(
            "/api/captures?limit=2&before={}",
            second["next"].as_str().unwrap()
        ))
        .json();
    assert_eq!(ids(&third), [made[0].id.clone()]);
    assert_eq!(third["next"], Value::Null);

    let count = |q: &str| ids(&ui.get(&format!("/api/captures?{q}")).json()).len();
    assert_eq!(count("platform=github"), 2);
    assert_eq!(count("verdict=invalid"), 1);
    assert_eq!(count("event=record.*"), 2);
    assert_eq!(count("event=record.before.*&verdict=unchecked"), 1);
    assert_eq!(count("path=%2Fhooks%2Fstripe"), 1);
    assert_eq!(count("q=PAYMENT_INTENT"), 1);
    assert_eq!(count("platform=twilio"), 0);
    let bad = ui.get("/api/captures?verdict=perhaps");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]
        .as_str()
        .unwrap()
        .contains("valid, invalid or unchecked"));
    // A summary says what the list shows.
    let row = &first["captures"][0];
    assert_eq!(row["platform"], "bpium");
    assert_eq!(row["event"], "record.created");
    assert_eq!(row["signature"], "valid");
    assert_eq!(row["status"], 200);
    assert_eq!(row["size"], 7);
    assert_eq!(row["method"], "POST");
}

#[test]
fn the_detail_masks_credentials_as_the_terminal_does_and_curl_and_file_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_ui(dir.path(), &[]);
    let body = br#"{"event":"x","password":"hunter2","nested":{"api_key":"k-123"},"text":"hello"}"#;
    send(
        &l.url("/hooks/detail?x=1"),
        "POST",
        &[
            ("Authorization", "Bearer tok-abc"),
            ("X-Gitlab-Token", "gl-secret"),
            ("X-Hub-Signature-256", "sha256=00ff"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    let id = ids(&ui.get("/api/captures").json())[0].clone();
    let got = ui.get(&format!("/api/captures/{id}"));
    assert_eq!(got.status, 200);
    for secret in ["tok-abc", "gl-secret", "hunter2", "k-123"] {
        assert!(!got.body.contains(secret), "{secret} shown: {}", got.body);
    }
    let d = got.json();
    let header = |name: &str| {
        d["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"].as_str().unwrap().eq_ignore_ascii_case(name))
            .cloned()
            .unwrap()
    };
    assert_eq!(header("Authorization")["value"], "••••••");
    assert_eq!(header("Authorization")["masked"], true);
    assert_eq!(header("X-Gitlab-Token")["value"], "••••••");
    // Signatures are not credentials: shown, as on the terminal.
    assert_eq!(header("X-Hub-Signature-256")["value"], "sha256=00ff");
    assert_eq!(d["body"]["kind"], "json");
    assert_eq!(d["body"]["tree"]["password"], "••••••");
    assert_eq!(d["body"]["tree"]["nested"]["api_key"], "••••••");
    assert_eq!(d["body"]["tree"]["text"], "hello");
    assert_eq!(d["path"], "/hooks/detail?x=1");
    assert_eq!(d["answer"]["status"], 200);
    let file = d["file"].as_str().unwrap();
    assert!(file.ends_with(&format!("{id}.json")), "{file}");
    // The terminal masks the same headers.
    l.wait_for("stored ");
    assert!(
        l.seen
            .iter()
            .any(|line| line.contains("authorization: ••••••")),
        "{:?}",
        l.seen
    );
    assert!(
        l.seen.iter().all(|line| !line.contains("tok-abc")),
        "{:?}",
        l.seen
    );

    // Copy as curl carries the request as it came; the download is the file itself.
    let curl = ui.get(&format!("/api/captures/{id}/curl")).json();
    let command = curl["command"].as_str().unwrap();
    assert!(
        command.contains("authorization: Bearer tok-abc"),
        "{command}"
    );
    assert!(
        command.contains(&format!("http://127.0.0.1:{}/hooks/detail?x=1", l.port)),
        "{command}"
    );
    let download = ui.get(&format!("/api/captures/{id}/file"));
    assert_eq!(download.body.as_bytes(), std::fs::read(file).unwrap());
    assert_eq!(
        download.header("content-disposition"),
        Some(format!("attachment; filename=\"{id}.json\"").as_str())
    );
    // Ids name files in the store and nothing else.
    for bad in ["..%2F..%2Fetc%2Fpasswd", "not-an-id", "0190.json"] {
        assert_eq!(ui.get(&format!("/api/captures/{bad}")).status, 404, "{bad}");
    }
}

#[test]
fn form_text_and_binary_bodies_are_shown_decoded_as_text_and_as_hex() {
    let dir = tempfile::tempdir().unwrap();
    let (l, ui) = listen_ui(dir.path(), &[]);
    send(
        &l.url("/form"),
        "POST",
        &[],
        b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=app-tok",
    );
    send(&l.url("/text"), "POST", &[], b"plain words\nsecond line");
    send(&l.url("/binary"), "POST", &[], &[0x00, 0xff, 0x10, b'A']);
    let list = ui.get("/api/captures").json();
    let by_path = |p: &str| {
        let c = list["captures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"] == p)
            .unwrap();
        ui.get(&format!("/api/captures/{}", c["id"].as_str().unwrap()))
            .json()
    };
    let form = by_path("/form");
    assert_eq!(form["body"]["kind"], "form");
    assert_eq!(form["body"]["tree"]["event"], "ONCRMLEADADD");
    assert_eq!(form["body"]["tree"]["auth"]["application_token"], "••••••");
    let text = by_path("/text");
    assert_eq!(text["body"]["kind"], "text");
    assert_eq!(text["body"]["text"], "plain words\nsecond line");
    let binary = by_path("/binary");
    assert_eq!(binary["body"]["kind"], "binary");
    assert!(
        binary["body"]["hex"]
            .as_str()
            .unwrap()
            .contains("00 ff 10 41"),
        "{binary}"
    );
}

#[test]
fn stored_deliveries_stream_to_the_page_and_repeats_carry_their_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (l, ui) = listen_ui(dir.path(), &[]);
    let mut s = TcpStream::connect(("127.0.0.1", ui.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET /api/events?path=%2Fgithub HTTP/1.1\r\nHost: {}\r\nX-Hookscope-Token: {}\r\n\r\n",
        ui.host(),
        ui.token
    )
    .unwrap();
    let mut events = BufReader::new(s);
    let mut read_until = |needle: &str| {
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            assert!(
                events.read_line(&mut line).unwrap() > 0,
                "stream ended: {seen}"
            );
            seen.push_str(&line);
            if line.contains(needle) {
                return line;
            }
        }
    };
    let head = read_until("text/event-stream");
    assert!(head.to_ascii_lowercase().contains("content-type"), "{head}");
    read_until("event: ready");
    let github = [
        ("X-GitHub-Event", "push"),
        ("X-GitHub-Delivery", "d-42"),
        ("X-Hub-Signature-256", "sha256=00"),
    ];
    // Filtered out by the stream's path filter.
    send(&l.url("/elsewhere"), "POST", &github, b"{}");
    send(&l.url("/github"), "POST", &github, b"{}");
    read_until("event: delivery");
    let first = read_until("data: ");
    assert!(!first.contains("/elsewhere"), "{first}");
    let v: Value = serde_json::from_str(first.trim_start_matches("data: ").trim()).unwrap();
    assert_eq!(v["path"], "/github");
    assert_eq!(v["event"], "push");
    // The delivery id was seen before (on /elsewhere): the capture records the warning.
    assert!(
        v["warnings"][0].as_str().unwrap().contains("seen before"),
        "{v}"
    );
}

#[test]
fn bad_starts_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("nothing-here");
    let o = run(&[
        "inspect",
        "--ui-port",
        "0",
        "--store",
        none.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no store at"), "{}", text(&o));
    assert!(text(&o).contains("hint:"), "{}", text(&o));
    let o = run(&["listen", "--ui", "--no-store"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // A port taken: the inspector's own.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = run(&[
        "inspect",
        "--ui-port",
        &port,
        "--store",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--ui-port 0"), "{}", text(&o));
}

/// Writes a capture with these headers and body straight into a store.
pub fn store_request(dir: &Path, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Capture {
    let headers = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let c = Capture::new("POST", path, headers, body.to_vec());
    std::fs::write(dir.join(format!("{}.json", c.id)), c.to_json()).unwrap();
    c
}

#[test]
fn diff_of_two_captures_names_each_changed_added_and_removed_field_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let a = store_request(
        dir.path(),
        "/hooks/a",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer tok-one"),
            ("X-Only-A", "1"),
        ],
        br#"{"event":"push","user":{"name":"ann","password":"pw-one"},"tags":["x","y"],"n":1}"#,
    );
    let b = store_request(
        dir.path(),
        "/hooks/b",
        &[
            ("content-type", "application/json; charset=utf-8"),
            ("authorization", "Bearer tok-two"),
            ("X-Only-B", "2"),
        ],
        br#"{"n":"1","tags":["x"],"user":{"password":"pw-two","name":"bob","age":3},"event":"push"}"#,
    );
    let ui = inspect(dir.path());
    let got = ui.ui.get(&format!("/api/diff?a={}&b={}", a.id, b.id));
    assert_eq!(got.status, 200, "{got:?}");
    assert_eq!(
        got.header("content-security-policy"),
        ui.ui.get("/").header("content-security-policy")
    );
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        raw_get(
            ui.ui.port,
            "GET",
            "/api/diff?a=1&b=2",
            "evil.example",
            Some(&ui.ui.token)
        )
        .status,
        403
    );
    // Masked exactly as the detail masks: no credential, and the masked ones compare equal.
    for secret in ["tok-one", "tok-two", "pw-one", "pw-two"] {
        assert!(!got.body.contains(secret), "{secret} shown: {}", got.body);
    }
    let d = got.json();
    assert_eq!(d["a"]["path"], "/hooks/a");
    assert_eq!(d["b"]["path"], "/hooks/b");
    let body: Vec<(String, String)> = d["body"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("/user/name", "changed"),
        ("/user/age", "added"),
        ("/tags/1", "removed"),
        ("/n", "changed"),
    ]
    .iter()
    .map(|(p, k)| (p.to_string(), k.to_string()))
    .collect();
    assert_eq!(d["body"]["kind"], "tree");
    assert_eq!(body, want, "{}", d["body"]);
    assert_eq!(d["body"]["entries"][0]["before"], "\"ann\"");
    assert_eq!(d["body"]["entries"][0]["after"], "\"bob\"");
    assert_eq!(d["body"]["entries"][3]["after"], "\"1\"");
    assert_eq!(d["body"]["cut"], false);
    let headers: Vec<(String, String)> = d["headers"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_lowercase(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("content-type", "changed"),
        ("x-only-a", "removed"),
        ("x-only-b", "added"),
    ]
    .iter()
    .map(|(p, k)| (p.to_string(), k.to_string()))
    .collect();
    assert_eq!(headers, want, "{}", d["headers"]);

    // The same capture twice: nothing differs.
    let same = ui
        .ui
        .get(&format!("/api/diff?a={}&b={}", a.id, a.id))
        .json();
    assert_eq!(same["body"]["kind"], "same");
    assert_eq!(same["headers"]["entries"], serde_json::json!([]));
}

#[test]
fn diff_of_text_and_binary_bodies_is_by_line_or_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let t1 = store_request(dir.path(), "/t", &[], b"one\ntwo\nthree\n");
    let t2 = store_request(dir.path(), "/t", &[], b"one\n2\nthree\n");
    let bin = store_request(dir.path(), "/b", &[], &[0xff, 0xfe, 0x00]);
    let ui = inspect(dir.path());
    let lines = ui
        .ui
        .get(&format!("/api/diff?a={}&b={}", t1.id, t2.id))
        .json();
    assert_eq!(lines["body"]["kind"], "lines");
    assert_eq!(
        lines["body"]["entries"],
        serde_json::json!([
            {"line": 2, "kind": "removed", "text": "two"},
            {"line": 2, "kind": "added", "text": "2"},
        ])
    );
    let bytes = ui
        .ui
        .get(&format!("/api/diff?a={}&b={}", t1.id, bin.id))
        .json();
    assert_eq!(bytes["body"]["kind"], "bytes");
    assert_eq!(bytes["body"]["sizes"], serde_json::json!([14, 3]));
}

#[test]
fn diff_with_an_id_that_names_no_capture_is_404_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let a = store_request(dir.path(), "/a", &[], b"{}");
    let ui = inspect(dir.path());
    let missing = "0190a3c2-5b1e-7c3d-9f00-000000000001";
    for (target, side) in [
        (format!("/api/diff?a={missing}&b={}", a.id), "a="),
        (format!("/api/diff?a={}&b={missing}", a.id), "b="),
        (
            format!("/api/diff?a={}&b=..%2F..%2Fetc%2Fpasswd", a.id),
            "b=",
        ),
    ] {
        let got = ui.ui.get(&target);
        assert_eq!(got.status, 404, "{target}: {got:?}");
        let why = got.json()["error"].as_str().unwrap().to_string();
        assert!(
            why.contains("no capture with the id given as") && why.contains(side),
            "{why}"
        );
    }
    for target in [
        "/api/diff",
        &format!("/api/diff?a={}", a.id),
        &format!("/api/diff?a={0}&b={0}&c=1", a.id),
    ] {
        let got = ui.ui.get(target);
        assert_eq!(got.status, 400, "{target}: {got:?}");
        assert!(got.json()["error"].as_str().unwrap().contains("a= and b="));
    }
}
