//! The inspector's actions (Replay, Edit and resend, Save as fixture): what each sends, stores
//! and writes, and what each refuses: no token, another site's Origin, a body that is not JSON
//! or too large, a GET, an id of no capture, a URL that is not http(s). No answer holds a
//! secret.

use std::path::Path;

use serde_json::{json, Value};

use crate::common::{hookscope, run, text, Answer, Gate, Listening, TestServer};
use crate::inspect::{ids, inspect_with, listen_ui, raw, raw_get, Got, Inspector};

const SECRET: &str = "actions-sender-secret";
const RECEIVER: &str = "actions-receiver-secret";

/// A POST written by hand: the test picks every header.
fn post(ui: &Inspector, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Got {
    let mut req = format!(
        "POST {target} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
        ui.host(),
        body.len()
    );
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(ui.port, &bytes)
}

impl Inspector {
    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// An action as the page asks for it: the token, its Origin, JSON.
    fn act(&self, id: &str, action: &str, body: Value) -> Got {
        let origin = self.origin();
        post(
            self,
            &format!("/api/captures/{id}/{action}"),
            &[
                ("X-Hookscope-Token", &self.token),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }
}

/// A GitHub push signed with `secret`, as `trigger` makes one, written into the store.
fn signed_push(store: &Path, secret: &str) -> String {
    let o = run(&[
        "trigger",
        "github",
        "push",
        "--secret",
        secret,
        "--dry-run",
        "--format",
        "capture",
        "--to",
        "http://127.0.0.1:9/hooks/github",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let capture: Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = capture["id"].as_str().unwrap().to_string();
    std::fs::create_dir_all(store).unwrap();
    std::fs::write(store.join(format!("{id}.json")), &o.stdout).unwrap();
    id
}

/// `hookscope listen --secret S --format json --no-store`: a receiver that says what it made of
/// each delivery.
fn receiver(secret: &str) -> Listening {
    Listening::start(&["--secret", secret, "--format", "json", "--no-store"])
}

/// The receiver's line for the next delivery.
fn received(r: &mut Listening) -> Value {
    let line = r.wait_for("\"signature\"");
    r.seen.retain(|l| *l != line);
    serde_json::from_str(&line).unwrap()
}

/// An open `/api/events` stream, read once it is ready.
struct EventStream(std::io::BufReader<std::net::TcpStream>);

impl EventStream {
    fn open(ui: &Inspector) -> EventStream {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", ui.port)).unwrap();
        s.set_read_timeout(Some(crate::common::WAIT)).unwrap();
        write!(
            s,
            "GET /api/events HTTP/1.1\r\nHost: {}\r\nX-Hookscope-Token: {}\r\n\r\n",
            ui.host(),
            ui.token
        )
        .unwrap();
        let mut stream = EventStream(std::io::BufReader::new(s));
        stream.line_with("event: ready");
        stream
    }

    fn line_with(&mut self, needle: &str) -> String {
        use std::io::BufRead;
        loop {
            let mut line = String::new();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the stream ended");
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// The summary the next `delivery` event carries.
    fn next_delivery(&mut self) -> Value {
        self.line_with("event: delivery");
        let data = self.line_with("data: ");
        serde_json::from_str(data.trim_start_matches("data: ").trim()).unwrap()
    }
}

const ACTIONS: [&str; 3] = ["replay", "resend", "fixture"];

#[test]
fn every_action_needs_the_token_its_own_origin_json_and_a_bounded_body() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let fixtures = dir.path().join("fixtures");
    let ui_run = inspect_with(
        &store,
        &["--secret", SECRET, "--fixtures", fixtures.to_str().unwrap()],
        &[],
    );
    let ui = &ui_run.ui;
    let target = TestServer::ok();
    let body = json!({
        "to": target.url(""),
        "headers": [["X-A", "1"]],
        "body": "{}",
    })
    .to_string();
    let body = body.as_bytes();
    let origin = ui.origin();
    for action in ACTIONS {
        let path = format!("/api/captures/{id}/{action}");
        let json = ("Content-Type", "application/json");
        let token = ("X-Hookscope-Token", ui.token.as_str());
        let ours = ("Origin", origin.as_str());
        let refusals: Vec<(u16, Got)> = vec![
            (401, post(ui, &path, &[ours, json], body)),
            (
                401,
                post(
                    ui,
                    &path,
                    &[("X-Hookscope-Token", &"0".repeat(64)), ours, json],
                    body,
                ),
            ),
            (403, post(ui, &path, &[token, json], body)),
            (
                403,
                post(
                    ui,
                    &path,
                    &[token, ("Origin", "http://evil.example"), json],
                    body,
                ),
            ),
            (
                403,
                post(ui, &path, &[token, ("Origin", "null"), json], body),
            ),
            (
                403,
                post(
                    ui,
                    &path,
                    &[
                        token,
                        ("Origin", &format!("http://rebound.example:{}", ui.port)),
                        json,
                    ],
                    body,
                ),
            ),
            (
                403,
                post(
                    ui,
                    &path,
                    &[
                        token,
                        ("Origin", &format!("http://127.0.0.1:{}", ui.port + 1)),
                        json,
                    ],
                    body,
                ),
            ),
            (415, post(ui, &path, &[token, ours], body)),
            (
                415,
                post(
                    ui,
                    &path,
                    &[token, ours, ("Content-Type", "text/plain")],
                    body,
                ),
            ),
            (
                415,
                post(
                    ui,
                    &path,
                    &[
                        token,
                        ours,
                        ("Content-Type", "application/x-www-form-urlencoded"),
                    ],
                    b"to=http://127.0.0.1:9/",
                ),
            ),
            (400, post(ui, &path, &[token, ours, json], b"{not json")),
            (
                404,
                ui.act(
                    "0190a3c2-5b1e-7c3d-9f00-000000000001",
                    action,
                    json!({"to": target.url("")}),
                ),
            ),
            (
                404,
                ui.act(
                    "..%2F..%2Fetc%2Fpasswd",
                    action,
                    json!({"to": target.url("")}),
                ),
            ),
        ];
        for (want, got) in &refusals {
            assert_eq!(got.status, *want, "{action}: {got:?}");
            assert!(got.json()["error"].is_string(), "{action}: {got:?}");
            assert!(got.header("content-security-policy").is_some(), "{got:?}");
        }
        // Too large: refused on its Content-Length, before a byte of it is read.
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Hookscope-Token: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            ui.host(),
            ui.token,
            16 * 1024 * 1024 + 1
        );
        let got = raw(ui.port, head.as_bytes());
        assert_eq!(got.status, 413, "{action}: {got:?}");
        // What carries no request (a target, a name) is small.
        if action != "resend" {
            let head = format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Hookscope-Token: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                ui.host(),
                ui.token,
                64 * 1024 + 1
            );
            let got = raw(ui.port, head.as_bytes());
            assert_eq!(got.status, 413, "{action}: {got:?}");
            assert!(got.body.contains("at most 64"), "{action}: {got:?}");
        }
        // A GET is not an action.
        let got = ui.get(&path);
        assert_eq!(got.status, 405, "{action}: {got:?}");
        assert_eq!(got.header("allow"), Some("POST"));
        // The Host check holds for a POST as for the rest.
        let got = raw(
            ui.port,
            format!(
                "POST {path} HTTP/1.1\r\nHost: rebound.example:{}\r\nX-Hookscope-Token: {}\r\nOrigin: http://rebound.example:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                ui.port, ui.token, ui.port, body.len()
            )
            .as_bytes(),
        );
        assert_eq!(got.status, 403, "{action}: {got:?}");
    }
    // None of it sent anything anywhere, nor wrote a fixture.
    assert_eq!(target.count(), 0);
    assert!(!fixtures.exists());
    // The page's own script for them loads as the others do, without the token.
    let script = raw_get(ui.port, "GET", "/actions.js", &ui.host(), None);
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("export function actionsFor"));
    // The same requests from the page itself are let through.
    assert_eq!(
        ui.act(&id, "replay", json!({"to": target.url("")})).status,
        200
    );
    assert_eq!(target.wait_for(1).len(), 1);
}

#[test]
fn replay_sends_the_capture_byte_exact_to_the_url_with_its_path_and_shows_the_answer_masked() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let stored = std::fs::read(store.join(format!("{id}.json"))).unwrap();
    let capture = hookscope::capture::Capture::from_slice(&stored).unwrap();
    let ui_run = inspect_with(&store, &[], &[]);
    let ui = &ui_run.ui;
    let target = TestServer::answering(
        Answer::status(202)
            .header("Set-Cookie", "session=cookie-secret")
            .header("X-Api-Token", "answer-token-secret")
            .json("{\"seen\":true}"),
    );
    let got = ui.act(
        &id,
        "replay",
        json!({"to": target.url("/base/"), "resign": false}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let sent = &target.wait_for(1)[0];
    assert_eq!(sent.url, "/base/hooks/github");
    assert_eq!(sent.body, capture.body);
    assert_eq!(
        sent.header("x-hub-signature-256"),
        capture.header("X-Hub-Signature-256")
    );
    let v = got.json();
    assert_eq!(v["answer"]["status"], 202);
    assert_eq!(v["answer"]["body"], "{\"seen\":true}");
    assert!(v["answer"]["ms"].is_u64(), "{v}");
    assert_eq!(v["resigned"], Value::Null);
    assert_eq!(v["sent_to"], target.url("/base/hooks/github"));
    let headers = v["answer"]["headers"].to_string();
    assert!(!got.body.contains("cookie-secret"), "{}", got.body);
    assert!(!got.body.contains("answer-token-secret"), "{}", got.body);
    assert!(headers.contains("\"set-cookie\",\"••••••\""), "{headers}");

    // Where no receiver listens: the answer says so, and nothing breaks.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let got = ui.act(
        &id,
        "replay",
        json!({"to": format!("http://127.0.0.1:{port}")}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let v = got.json();
    assert_eq!(v["answer"]["status"], Value::Null);
    assert!(
        v["answer"]["why"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{v}"
    );
}

#[test]
fn a_target_must_be_an_http_or_https_url_and_nothing_is_sent_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let ui_run = inspect_with(&store, &[], &[]);
    let ui = &ui_run.ui;
    for (to, says) in [
        (
            json!("ftp://127.0.0.1/x"),
            "is not an http:// or https:// URL",
        ),
        (
            json!("javascript:alert(1)"),
            "is not an http:// or https:// URL",
        ),
        (
            json!("file:///etc/passwd"),
            "is not an http:// or https:// URL",
        ),
        (json!("not a url"), "contains a space"),
        (
            json!("http://alice:s3cret@127.0.0.1:9/x"),
            "names a user or password",
        ),
        (json!(""), "\"to\" names where to send it"),
        (json!(7), "\"to\" is text"),
        (Value::Null, "\"to\" names where to send it"),
    ] {
        for action in ["replay", "resend"] {
            let got = ui.act(&id, action, json!({"to": to, "headers": [], "body": null}));
            assert_eq!(got.status, 400, "{to} {action}: {got:?}");
            let why = got.json()["error"].as_str().unwrap().to_string();
            assert!(why.contains(says), "{to}: {why}");
        }
    }
    // A captured target that is not a path is never sent anywhere.
    let odd = crate::inspect::store_request(&store, "@evil.example:80/x", &[], b"{}");
    let target = TestServer::ok();
    let got = ui.act(&odd.id, "replay", json!({"to": target.url("")}));
    assert_eq!(got.status, 400, "{got:?}");
    assert!(got.body.contains("is not a path"), "{}", got.body);
    assert_eq!(target.count(), 0);
}

#[test]
fn replay_re_signs_only_with_what_the_command_line_gave_and_says_for_which_platform() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let forged = signed_push(&store, "not-the-senders-secret");
    let mut r = receiver(RECEIVER);

    // No secret given: refused, with how to give one; nothing sent.
    let bare = inspect_with(&store, &[], &[]);
    let got = bare
        .ui
        .act(&id, "replay", json!({"to": r.url(""), "resign": true}));
    assert_eq!(got.status, 422, "{got:?}");
    let why = got.json()["error"].as_str().unwrap().to_string();
    assert!(why.contains("--secret-env NAME"), "{why}");
    let offer = bare.ui.get(&format!("/api/captures/{id}/actions")).json();
    assert_eq!(offer["resign"]["ready"], false, "{offer}");
    assert!(offer["resign"]["why"]
        .as_str()
        .unwrap()
        .contains("--secret-env"));
    drop(bare);

    let ui_run = inspect_with(
        &store,
        &["--secret-env", "SENDER", "--resign-secret-env", "RECEIVER"],
        &[("SENDER", SECRET), ("RECEIVER", RECEIVER)],
    );
    let ui = &ui_run.ui;
    let offer = ui.get(&format!("/api/captures/{id}/actions")).json();
    assert_eq!(offer["resign"]["ready"], true, "{offer}");
    // As captured: the receiver's own secret does not verify it.
    let got = ui.act(&id, "replay", json!({"to": r.url(""), "resign": false}));
    assert_eq!(got.json()["answer"]["status"], 401, "{got:?}");
    assert_eq!(received(&mut r)["signature"], "invalid");
    // Re-signed for the receiver: valid there, and the page is told for which platform.
    let got = ui.act(&id, "replay", json!({"to": r.url(""), "resign": true}));
    let v = got.json();
    assert_eq!(v["answer"]["status"], 200, "{v}");
    assert_eq!(v["resigned"]["platform"], "github");
    assert_eq!(v["resigned"]["with"], "the secret of --resign-secret");
    let line = received(&mut r);
    assert_eq!(line["signature"], "valid", "{line}");
    assert_eq!(line["path"], "/hooks/github");
    // A capture the sender's secret does not verify is never sent validly signed: nor at all.
    let target = TestServer::ok();
    let got = ui.act(
        &forged,
        "replay",
        json!({"to": target.url(""), "resign": true}),
    );
    assert_eq!(got.status, 422, "{got:?}");
    assert!(got.body.contains("does not verify"), "{}", got.body);
    assert_eq!(target.count(), 0);
    for text in [&got.body, &v.to_string(), &offer.to_string()] {
        assert!(!text.contains(SECRET) && !text.contains(RECEIVER), "{text}");
    }
}

#[test]
fn resend_sends_the_edit_re_signed_and_stores_it_as_a_capture_naming_its_original() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (mut l, ui) = listen_ui(&store, &["--secret", SECRET]);
    let o = run(&[
        "trigger",
        "github",
        "push",
        "--secret",
        SECRET,
        "--to",
        &l.url("/hooks/github"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    l.wait_for("stored ");
    let id = ids(&ui.get("/api/captures").json())[0].clone();
    // An Authorization header, to be kept without the page ever holding it.
    let offer = ui.get(&format!("/api/captures/{id}/actions")).json();
    let draft = &offer["edit"];
    assert_eq!(draft["masked"], false, "{draft}");
    let body = draft["body"]
        .as_str()
        .unwrap()
        .replace("refs/heads/main", "refs/heads/edited");
    let mut headers: Vec<Value> = draft["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| json!([h["name"], h["value"]]))
        .collect();
    headers.push(json!(["X-Edited", "yes"]));
    let mut r = receiver(SECRET);
    let mut events = EventStream::open(&ui);
    let got = ui.act(
        &id,
        "resend",
        json!({"to": r.url(""), "headers": headers, "body": body, "resign": true}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let v = got.json();
    assert_eq!(v["answer"]["status"], 200, "{v}");
    assert_eq!(v["resigned"]["platform"], "github");
    assert_eq!(v["resent_from"], id.as_str());
    let line = received(&mut r);
    assert_eq!(line["signature"], "valid", "{line}");
    // The new capture: in the store, in the list, naming its original, with the answer.
    let new = v["stored"]["id"].as_str().unwrap().to_string();
    assert_ne!(new, id);
    let list = ids(&ui.get("/api/captures").json());
    assert_eq!(list[0], new, "{list:?}");
    // Open pages hear of it as of a delivery.
    let summary = events.next_delivery();
    assert_eq!(summary["id"], new.as_str(), "{summary}");
    let detail = ui.get(&format!("/api/captures/{new}")).json();
    assert_eq!(detail["resent_from"], id.as_str(), "{detail}");
    assert_eq!(detail["answer"]["status"], 200);
    assert_eq!(detail["platform"], "github");
    assert_eq!(detail["event"], "push");
    let file: Value =
        serde_json::from_slice(&std::fs::read(store.join(format!("{new}.json"))).unwrap()).unwrap();
    assert!(file["body"].as_str().unwrap().contains("refs/heads/edited"));
    assert_eq!(file["resent_from"], id.as_str());
    // Its signature is fresh: the stored request verifies with the sender's secret.
    let o = run(&[
        "verify",
        "--secret",
        SECRET,
        "--no-tolerance",
        store.join(format!("{new}.json")).to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_masked_credential_left_in_the_editor_is_sent_as_stored_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let c = crate::inspect::store_request(
        &store_dir(&store),
        "/hooks/creds",
        &[
            ("Authorization", "Bearer tok-very-secret"),
            ("Content-Type", "application/json"),
        ],
        br#"{"user":"ann","password":"pw-very-secret"}"#,
    );
    let ui_run = inspect_with(&store, &[], &[]);
    let ui = &ui_run.ui;
    let offer = ui.get(&format!("/api/captures/{}/actions", c.id));
    assert!(!offer.body.contains("very-secret"), "{}", offer.body);
    let draft = offer.json()["edit"].clone();
    assert_eq!(draft["masked"], true, "{draft}");
    let body = draft["body"].as_str().unwrap().replace("ann", "bob");
    let headers: Vec<Value> = draft["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| json!([h["name"], h["value"]]))
        .collect();
    let target = TestServer::ok();
    let got = ui.act(
        &c.id,
        "resend",
        json!({"to": target.url(""), "headers": headers, "body": body}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    assert!(!got.body.contains("very-secret"), "{}", got.body);
    let sent = &target.wait_for(1)[0];
    assert_eq!(sent.header("authorization"), Some("Bearer tok-very-secret"));
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"user":"bob","password":"pw-very-secret"}"#
    );
    // A mask where the capture has none to keep is refused, and nothing is sent.
    let got = ui.act(
        &c.id,
        "resend",
        json!({"to": target.url(""), "headers": [["X-New-Token", "••••••"]], "body": null}),
    );
    assert_eq!(got.status, 400, "{got:?}");
    assert!(got.body.contains("X-New-Token"), "{}", got.body);
    // A header that cannot go on the wire is refused by name.
    let got = ui.act(
        &c.id,
        "resend",
        json!({"to": target.url(""), "headers": [["X-Evil", "a\r\nX-Injected: 1"]], "body": null}),
    );
    assert_eq!(got.status, 400, "{got:?}");
    assert!(got.body.contains("X-Evil"), "{}", got.body);
    assert_eq!(target.count(), 1);
    // The detail of the resent capture masks what the original's does.
    let list = ids(&ui.get("/api/captures").json());
    let detail = ui.get(&format!("/api/captures/{}", list[0]));
    assert!(!detail.body.contains("very-secret"), "{}", detail.body);
    assert_eq!(detail.json()["resent_from"], c.id.as_str());
}

/// The store's directory, made.
fn store_dir(store: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(store).unwrap();
    store.to_path_buf()
}

#[test]
fn save_as_fixture_writes_a_plain_name_into_the_directory_given_once_unless_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let forged = signed_push(&store, "not-the-senders-secret");
    let fixtures = dir.path().join("fixtures");

    // Without --fixtures: the page is told how to turn it on.
    let bare = inspect_with(&store, &["--secret", SECRET], &[]);
    let offer = bare.ui.get(&format!("/api/captures/{id}/actions")).json();
    assert!(
        offer["fixture"]["why"]
            .as_str()
            .unwrap()
            .contains("--fixtures DIR"),
        "{offer}"
    );
    let got = bare.ui.act(&id, "fixture", json!({}));
    assert_eq!(got.status, 422, "{got:?}");
    assert!(got.body.contains("--fixtures DIR"), "{}", got.body);
    drop(bare);

    let ui_run = inspect_with(
        &store,
        &[
            "--secret",
            SECRET,
            "--resign-secret",
            RECEIVER,
            "--fixtures",
            fixtures.to_str().unwrap(),
        ],
        &[],
    );
    let ui = &ui_run.ui;
    let offer = ui.get(&format!("/api/captures/{id}/actions")).json();
    assert_eq!(offer["fixture"]["name"], "github-push", "{offer}");
    assert_eq!(offer["fixture"]["why"], Value::Null);
    let got = ui.act(&id, "fixture", json!({}));
    assert_eq!(got.status, 200, "{got:?}");
    let v = got.json();
    assert_eq!(v["file"], "github-push.json");
    assert_eq!(v["resigned"], false);
    assert_eq!(v["redacted"], 0);
    let verify = |secret: &str| {
        run(&[
            "verify",
            "--secret",
            secret,
            "--no-tolerance",
            fixtures.to_str().unwrap(),
        ])
    };
    let o = verify(SECRET);
    assert!(o.status.success(), "{}", text(&o));
    let first = std::fs::read(fixtures.join("github-push.json")).unwrap();

    // Once: a second save is refused (409) unless the page says the person confirmed it.
    let got = ui.act(&id, "fixture", json!({}));
    assert_eq!(got.status, 409, "{got:?}");
    assert_eq!(got.json()["exists"], "github-push.json");
    assert_eq!(
        std::fs::read(fixtures.join("github-push.json")).unwrap(),
        first
    );
    // Redacted and re-signed for the test secret, over the first.
    let got = ui.act(
        &id,
        "fixture",
        json!({"redact": ["pii"], "resign": true, "overwrite": true}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let v = got.json();
    assert_eq!(v["overwrote"], true);
    assert_eq!(v["resigned"], true);
    assert!(v["redacted"].as_u64().unwrap() > 0, "{v}");
    let written =
        String::from_utf8(std::fs::read(fixtures.join("github-push.json")).unwrap()).unwrap();
    assert!(!written.contains("octocat@github.com"), "{written}");
    let o = verify(RECEIVER);
    assert!(o.status.success(), "{}", text(&o));
    // What `hookscope fixture` writes for the same capture and flags, byte for byte.
    let by_cli = dir.path().join("by-cli");
    let o = run(&[
        "fixture",
        store.join(format!("{id}.json")).to_str().unwrap(),
        "--out",
        by_cli.to_str().unwrap(),
        "--secret",
        SECRET,
        "--no-tolerance",
        "--redact",
        "pii",
        "--resign-secret",
        RECEIVER,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(by_cli.join("github-push.json")).unwrap(),
        written.as_bytes()
    );

    // A name of the page's own, plain only.
    let got = ui.act(&id, "fixture", json!({"name": "push-for-tests"}));
    assert_eq!(got.json()["file"], "push-for-tests.json", "{got:?}");
    for name in ["../escape", "a/b", "..", ".hidden", "x\\y"] {
        let got = ui.act(&id, "fixture", json!({"name": name}));
        assert_eq!(got.status, 400, "{name}: {got:?}");
        assert!(got.body.contains("not a plain file name"), "{}", got.body);
    }
    assert!(!dir.path().join("escape.json").exists());
    // Redacting without re-signing would leave a signature that no longer matches.
    let got = ui.act(&id, "fixture", json!({"name": "r", "redact": ["pii"]}));
    assert_eq!(got.status, 400, "{got:?}");
    assert!(got.body.contains("Re-sign"), "{}", got.body);
    let got = ui.act(
        &id,
        "fixture",
        json!({"name": "r", "redact": ["  "], "resign": true}),
    );
    assert_eq!(got.status, 400, "{got:?}");
    // A forgery never becomes a fixture.
    let got = ui.act(&forged, "fixture", json!({"name": "forged"}));
    assert_eq!(got.status, 422, "{got:?}");
    assert!(got.body.contains("not made a fixture"), "{}", got.body);
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["github-push.json", "push-for-tests.json"]);
}

#[test]
fn no_answer_holds_a_secret_given_on_the_command_line_or_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let config_secret = "config-endpoint-secret-9f2c";
    let resign_secret = "resign-flag-secret-41ab";
    std::fs::create_dir_all(dir.path()).unwrap();
    std::fs::write(dir.path().join("secrets.txt"), format!("{config_secret}\n")).unwrap();
    let config = dir.path().join("hooks.toml");
    std::fs::write(
        &config,
        "[[endpoint]]\npath = \"/hooks/github\"\nscheme = \"github\"\nsecret_file = \"secrets.txt\"\n",
    )
    .unwrap();
    let id = signed_push(&store, config_secret);
    let fixtures = dir.path().join("fixtures");
    let (l, ui) = listen_ui(
        &store,
        &[
            "--config",
            config.to_str().unwrap(),
            "--resign-secret",
            resign_secret,
            "--fixtures",
            fixtures.to_str().unwrap(),
        ],
    );
    let mut answers = vec![
        ui.get(&format!("/api/captures/{id}/actions")),
        ui.get(&format!("/api/captures/{id}")),
    ];
    let target = TestServer::ok();
    for resign in [false, true] {
        answers.push(ui.act(
            &id,
            "replay",
            json!({"to": target.url(""), "resign": resign}),
        ));
        answers.push(ui.act(
            &id,
            "resend",
            json!({"to": target.url(""), "headers": [["Content-Type", "application/json"]], "body": "{\"a\":1}", "resign": resign}),
        ));
        answers.push(ui.act(
            &id,
            "fixture",
            json!({"name": format!("f-{resign}"), "resign": resign}),
        ));
    }
    answers.push(ui.act(&id, "fixture", json!({"name": "f-false"})));
    answers.push(ui.act(&id, "replay", json!({"to": "ftp://x/"})));
    answers.push(ui.get("/api/captures"));
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 200, 409, 400, 200]
    );
    for a in &answers {
        for secret in [config_secret, resign_secret] {
            assert!(!a.body.contains(secret), "{secret} in {}", a.body);
            assert!(!a.head.contains(secret), "{secret} in {}", a.head);
        }
    }
    // The secrets were there to use: the re-signed fixture verifies with the test secret.
    let o = run(&[
        "verify",
        "--secret",
        resign_secret,
        "--no-tolerance",
        fixtures.join("f-true.json").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    drop(l);
}

#[test]
fn at_most_two_sends_at_once_and_a_third_is_told_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let id = signed_push(&store, SECRET);
    let ui_run = inspect_with(&store, &[], &[]);
    let gate = Gate::new();
    let slow = TestServer::answering(Answer::status(200).after(&gate));
    let (port, token) = (ui_run.ui.port, ui_run.ui.token.clone());
    let to = slow.url("");
    let held: Vec<_> = (0..2)
        .map(|_| {
            let (token, to, id) = (token.clone(), to.clone(), id.clone());
            std::thread::spawn(move || {
                let ui = Inspector { port, token };
                ui.act(&id, "replay", json!({"to": to})).status
            })
        })
        .collect();
    slow.wait_for(2);
    let got = ui_run.ui.act(&id, "replay", json!({"to": to}));
    assert_eq!(got.status, 503, "{got:?}");
    assert!(got.body.contains("under way"), "{}", got.body);
    // Reading is not held up by the sends.
    assert_eq!(ui_run.ui.get("/api/captures").status, 200);
    gate.open();
    for h in held {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert_eq!(ui_run.ui.act(&id, "replay", json!({"to": to})).status, 200);
}

#[test]
fn the_actions_flags_need_the_inspector() {
    let o = run(&["listen", "--resign-secret", "x", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("add --ui"), "{}", text(&o));
    let o = run(&["listen", "--fixtures", "f", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--ui"), "{}", text(&o));
    let o = hookscope()
        .args([
            "inspect",
            "--ui-port",
            "0",
            "--resign-secret-env",
            "UNSET_NAME",
            "--store",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("UNSET_NAME"), "{}", text(&o));
}
