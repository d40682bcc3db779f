//! Starts `hookscope listen` on port 0 and drives it with a real HTTP client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{hookscope, root, send, Answer, Gate, Listening, Reply, TestServer, WAIT};

/// What listen's tests do with a listener: post to it with the test client below.
impl Listening {
    fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        send(&self.url(path), "POST", headers, body)
    }

    /// Posts a capture file's request (method, path, headers, body) as it was captured.
    fn post_capture(&self, file: &str) -> Reply {
        let c: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root().join(file)).unwrap()).unwrap();
        let headers: Vec<(String, String)> = serde_json::from_value(c["headers"].clone()).unwrap();
        let h: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        send(
            &self.url(c["path"].as_str().unwrap()),
            "POST",
            &h,
            c["body"].as_str().unwrap().as_bytes(),
        )
    }
}

/// A raw HTTP exchange, for requests a client library will not make.
fn raw(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request).unwrap();
    read_head(&mut s)
}

/// Reads the status line and headers at least (the server may keep the connection open), for
/// at most [`WAIT`].
fn read_head(s: &mut TcpStream) -> String {
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn secrets_args() -> Vec<&'static str> {
    vec!["--secret-file", "fixtures/secrets.txt", "--no-tolerance"]
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

// ---- answers ---------------------------------------------------------------------------------

#[test]
fn valid_notification_gets_200_ok_and_is_stored_byte_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap()]);
    let mut l = Listening::start(&args);
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), serde_json::json!({"ok": true}));
    l.wait_for("stored ");
    let files = captures_in(&store);
    assert_eq!(files.len(), 1, "{files:?}");
    let stored = hookscope::capture::Capture::read(&files[0]).unwrap();
    let fixture =
        hookscope::capture::Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    assert_eq!(stored.body, fixture.body);
    assert_eq!(stored.path, "/hooks/github");
    // (the test's client writes header names in lower case; listen keeps them as sent)
    assert!(stored.headers.iter().any(
        |(n, v)| n == "x-hub-signature-256" && fixture.header("X-Hub-Signature-256") == Some(v)
    ));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
    // The stored capture passes verify, and records what listen saw and answered.
    let out = hookscope()
        .args(["verify", "--secret", "github-fixture-secret"])
        .arg(&files[0])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let extra = stored.extra.unwrap();
    assert!(extra.remote_addr.unwrap().starts_with("127.0.0.1:"));
    assert_eq!(extra.verdict.unwrap().signature, "valid");
    assert_eq!(extra.answer.unwrap()["status"], 200);
}

#[test]
fn no_fsync_stores_the_same_and_says_what_it_risks() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--no-fsync"]);
    let mut l = Listening::start(&args);
    l.wait_for("(--no-fsync: a power cut can lose the last ones)");
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 200);
    l.wait_for("stored ");
    let files = captures_in(&store);
    assert_eq!(files.len(), 1, "{files:?}");
    let stored = hookscope::capture::Capture::read(&files[0]).unwrap();
    let fixture =
        hookscope::capture::Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    assert_eq!(stored.body, fixture.body);
}

#[test]
fn invalid_or_missing_signature_gets_401_naming_the_reason() {
    let l = Listening::start(&[&secrets_args()[..], &["--no-store"]].concat());
    let r = l.post_capture("fixtures/invalid/github-tampered-body.json");
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "signature_mismatch");
    let r = l.post("/x", &[("Content-Type", "application/json")], b"{}");
    assert_eq!(r.status, 401);
    assert!(
        r.json()["reason"]
            .as_str()
            .unwrap()
            .contains("no signature scheme recognised"),
        "{}",
        r.body
    );
    let r = l.post(
        "/x",
        &[
            ("X-Hub-Signature-256", "sha256=zz"),
            ("X-GitHub-Event", "push"),
        ],
        b"{}",
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "malformed_header");
}

#[test]
fn a_public_key_alone_turns_checking_on() {
    let mut l = Listening::start(&[
        "--public-key-file",
        "fixtures/public-keys.txt",
        "--no-tolerance",
        "--no-store",
    ]);
    l.wait_for("listening on");
    for fixture in [
        "fixtures/discord-application-command.json",
        "fixtures/sendgrid-delivered-open.json",
        "fixtures/standard-invoice-paid-2.json",
    ] {
        let r = l.post_capture(fixture);
        assert_eq!(r.status, 200, "{fixture}: {}", r.body);
    }
    l.wait_for("✔ signature valid");
    // Not shown unchecked: a delivery no public key checks is refused with its reason.
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json()["code"], "no_secret", "{}", r.body);
    let r = l.post(
        "/hooks/discord",
        &[
            ("X-Signature-Ed25519", &"ab".repeat(64)),
            ("X-Signature-Timestamp", "1767225600"),
        ],
        b"{}",
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "signature_mismatch", "{}", r.body);
}

#[test]
fn accept_invalid_answers_as_valid_but_shows_the_failure() {
    let mut l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--accept-invalid"]].concat());
    let r = l.post_capture("fixtures/invalid/github-tampered-body.json");
    assert_eq!(r.status, 200);
    l.wait_for("✘ signature mismatch");
}

#[test]
fn refusals_405_413_and_the_page() {
    let mut l = Listening::start(&["--no-store", "--max-body", "1KiB"]);
    let page = send(&l.url("/"), "GET", &[], b"");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("hookscope is listening"),
        "{}",
        page.body
    );
    assert!(page.content_type.unwrap().starts_with("text/plain"));
    let r = send(&l.url("/hook"), "DELETE", &[], b"");
    assert_eq!(r.status, 405);
    assert!(
        r.headers
            .iter()
            .any(|(n, v)| n == "allow" && v == "POST, PUT, PATCH"),
        "{:?}",
        r.headers
    );
    let r = send(&l.url("/other"), "GET", &[], b"");
    assert_eq!(r.status, 405);
    let r = l.post("/big", &[], &vec![b'x'; 1025]);
    assert_eq!(r.status, 413);
    let r = l.post("/fits", &[], &vec![b'x'; 1024]);
    assert_eq!(r.status, 200);
    // A Content-Length of 10 GiB with a tiny body: refused from the header, nothing waited for.
    let head = raw(
        l.port,
        b"POST /huge HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\nsmall",
    );
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    // A chunked body that grows past the limit.
    let mut chunked =
        b"POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        chunked.extend_from_slice(b"200\r\n");
        chunked.extend_from_slice(&[b'y'; 512]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = raw(l.port, &chunked);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    l.wait_for("listening");
}

// ---- request-type events ---------------------------------------------------------------------

#[test]
fn bpium_request_events_approve_and_reject() {
    // `--quiet` reads less of each body; the answers must not change with it.
    for quiet in [&[][..], &["--quiet"]] {
        bpium_request_events_approve_and_reject_with(quiet);
    }
}

fn bpium_request_events_approve_and_reject_with(quiet: &[&str]) {
    let l = Listening::start(&[&secrets_args()[..], &["--no-store"], quiet].concat());
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    drop(l);
    let l = Listening::start(
        &[
            &secrets_args()[..],
            &[
                "--no-store",
                "--max-requests",
                "3",
                "--decide",
                "reject",
                "--reject-message",
                "Orders cannot be deleted",
            ],
            quiet,
        ]
        .concat(),
    );
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.content_type.as_deref(),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        r.json(),
        serde_json::json!({"message": "Orders cannot be deleted"})
    );
    // Notifications are not request-type: still 200.
    let r = l.post_capture("fixtures/bpium-record-created.json");
    assert_eq!(r.status, 200);
    // Action events get values (none without rules).
    let r = l.post_capture("fixtures/bpium-record-updating.json");
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"values":{}}"#));
    // A field action given no values was not "approved": the summary counts it apart.
    let (_, out) = l.finish();
    assert!(
        out.contains("0 approved, 1 rejected, 1 field action answered (0 with values)"),
        "{out}"
    );
}

#[test]
fn ask_mode_takes_a_typed_answer() {
    let store = tempfile::tempdir().unwrap();
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--store", store.path().to_str().unwrap()],
            &["--decide", "ask", "--ask-timeout", "9.9"],
        ]
        .concat(),
    );
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    let question = l.wait_for("? approve or reject?");
    // The time offered is never more than --ask-timeout (9.9 was once said as "10").
    let offered: f64 = question
        .rsplit('(')
        .next()
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{question}"));
    assert!(offered <= 9.9 && offered > 0.0, "{question}");
    // Kept while the question is open: stopping now would not lose it.
    assert_eq!(captures_in(store.path()).len(), 1);
    l.stdin("maybe\n");
    l.wait_for("? not understood");
    l.stdin("r Not on Fridays\n");
    let r = sender.join().unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.json(), serde_json::json!({"message": "Not on Fridays"}));
    l.wait_for("answered at the prompt");
    let stored = captures_in(store.path());
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&stored[0]).unwrap()).unwrap();
    assert_eq!(c["answer"]["status"], 403, "{c}");
}

#[test]
fn ask_mode_deadline_counts_from_arrival_not_from_a_free_worker() {
    // Two workers, three questions at once, none answered: the third waits for a worker as
    // well as for its turn. Its deadline still counts from when it arrived, so once the first
    // question's time is up the others have none left and get the default at once, instead
    // of a fresh question that would answer after the sender has given up.
    let l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--workers", "2", "--max-requests", "3"],
            &["--decide", "ask", "--ask-timeout", "1"],
        ]
        .concat(),
    );
    // The three must arrive within the 0.1 s that counts as no time left (a sliver under
    // --ask-timeout 1), whatever the machine's load: all three requests are written before any
    // answer is read, instead of from three threads each starting its own client.
    let senders = post_at_once(l.port, "fixtures/bpium-record-before-deleted.json", 3);
    for s in senders {
        assert_eq!(status_when_closed(s), 403);
    }
    let (_, out) = l.finish();
    let asked = out.matches("approve or reject?").count();
    // Said in each one's answer line: neither was ever on the screen as a question.
    let too_late = out
        .lines()
        .filter(|l| l.contains("→") && l.contains("no time left to ask"))
        .count();
    // Only the first is asked: the others arrived with it, so their time ran out with its.
    assert_eq!((asked, too_late), (1, 2), "{out}");
}

#[test]
fn stopping_with_a_question_open_tells_new_senders_to_retry() {
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--decide", "ask", "--ask-timeout", "9.9"],
        ]
        .concat(),
    );
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    l.wait_for("? approve or reject?");
    l.interrupt();
    // The open question is still answered; a newcomer is told to come back, not left hanging.
    // listen prints nothing when it begins to stop, so the first 503 is the sign: a newcomer
    // tries again as soon as it has its answer, never after a fixed sleep.
    let deadline = Instant::now() + WAIT;
    let r = loop {
        let r = l.post_capture("fixtures/bpium-record-created.json");
        if r.status == 503 {
            break r;
        }
        assert!(Instant::now() < deadline, "no 503 once stopping: {r:?}");
    };
    assert!(r.body.contains("hookscope is stopping"), "{}", r.body);
    assert!(
        r.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("retry-after") && v == "5"),
        "{:?}",
        r.headers
    );
    l.stdin("a\n");
    assert_eq!(sender.join().unwrap().status, 200);
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn stopping_answers_deliveries_still_waiting_for_a_worker() {
    // Two workers, four questions: two wait for a worker when Ctrl-C comes. Every sender gets
    // an answer, and each one answered other than 503 is counted in the summary.
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--workers", "2"],
            &["--decide", "ask", "--ask-timeout", "1"],
        ]
        .concat(),
    );
    // All four are sent before Ctrl-C (written before any answer is read), so none can come
    // after the listener has closed.
    let senders = post_at_once(l.port, "fixtures/bpium-record-before-deleted.json", 4);
    l.wait_for("? approve or reject?");
    l.interrupt();
    // Every sender gets an answer.
    let mut statuses: Vec<u16> = senders.into_iter().map(status_when_closed).collect();
    statuses.sort();
    assert!(
        statuses.iter().all(|s| [403, 503].contains(s)),
        "{statuses:?}"
    );
    let handled = statuses.iter().filter(|s| **s == 403).count();
    let (_, out) = l.finish();
    assert!(
        out.contains(&format!("received {handled}:")),
        "{statuses:?}\n{out}"
    );
}

#[test]
fn ask_mode_deadline_gives_the_default_shown_as_such() {
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--decide", "ask", "--ask-timeout", "0.3"],
        ]
        .concat(),
    );
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(r.status, 403);
    assert!(r.body.contains("No answer"), "{}", r.body);
    l.wait_for("no answer within 0.3 s: default reject");
    drop(l);
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &[
                "--no-store",
                "--decide",
                "ask",
                "--ask-timeout",
                "0.3",
                "--ask-default",
                "approve",
            ],
        ]
        .concat(),
    );
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    l.wait_for("default approve");
    drop(l);
    // Nobody to ask: said at start, and the sender is not told that time ran out.
    let mut l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--decide", "ask"]].concat());
    l.wait_for("standard input is not a terminal");
    drop(l.stdin.take());
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(
        (r.status, r.body.as_str()),
        (403, r#"{"message":"No reviewer is answering"}"#)
    );
    l.wait_for("no answer (standard input is closed): default reject");
}

// ---- config ----------------------------------------------------------------------------------

const CONFIG: &str = r#"
[[endpoint]]
path = "/hooks/bpium"
scheme = "bpium"
secret_env = "BPIUM_SECRET"

[[endpoint.rule]]
event = "record.before.deleted"
when = { "/payload/catalogId" = "12" }
decision = "reject"
message = { title = "Not allowed", text = "Orders cannot be deleted" }

[[endpoint.rule]]
event = "record.updating"
values = { "3" = "42", "7" = ["a", "b"] }
message = "filled in by hookscope"

[[endpoint.rule]]
event = "record.created"
status = 202
headers = { "X-Handled-By" = "hookscope" }
body = "thanks"

[[endpoint]]
path = "/hooks/github"
scheme = "github"
secret_env = "GITHUB_SECRET"

[[endpoint.rule]]
event = "push"
status = 299
body = "pushed"
"#;

#[test]
fn config_rules_decide_per_event_and_body() {
    for quiet in [&[][..], &["--quiet"]] {
        config_rules_decide_per_event_and_body_with(quiet);
    }
}

fn config_rules_decide_per_event_and_body_with(quiet: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hooks.toml"), CONFIG).unwrap();
    let config = dir.path().join("hooks.toml");
    let mut l = Listening::start_env(
        &[&["--no-store", "--config", config.to_str().unwrap()], quiet].concat(),
        &[
            ("BPIUM_SECRET", "bpium-fixture-secret"),
            ("GITHUB_SECRET", "github-fixture-secret"),
        ],
    );
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!((r.status, r.body.as_str()), (299, "pushed"));
    if quiet.is_empty() {
        // The first request suggested is a signed sample to one of the config's endpoints: a
        // plain curl would be refused, and a path outside them answered 404.
        let first = format!(
            "send a signed sample to see it: hookscope trigger bpium record.created --secret-env NAME --to http://127.0.0.1:{}/hooks/bpium",
            l.port
        );
        l.wait_for(&first);
    }
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json(),
        serde_json::json!({"message": {"title": "Not allowed", "text": "Orders cannot be deleted"}})
    );
    let r = l.post_capture("fixtures/bpium-record-updating.json");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        serde_json::json!({"values": {"3": "42", "7": ["a", "b"]}, "message": "filled in by hookscope"})
    );
    // A path no endpoint serves, with no secret on the command line, is refused, never waved
    // through unchecked: not a doubled slash, nor an unknown path.
    for path in ["/hooks//bpium", "/elsewhere"] {
        let r = send(
            &l.url(path),
            "POST",
            &[("X-Hook-Signature", "AAAAAAAAAAAAAAAAAAAAAA==")],
            br#"{"hookEvent":"record.before.deleted"}"#,
        );
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (404, Some("no_endpoint")),
            "{path}"
        );
    }
    // A target in absolute form is the endpoint's path, and checked as such.
    let forged = b"{\"hookEvent\":\"record.before.deleted\"}";
    let head = format!(
        "POST http://127.0.0.1/hooks/bpium HTTP/1.1\r\nHost: x\r\nX-Hook-Signature: AAAAAAAAAAAAAAAAAAAAAA==\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        forged.len()
    );
    let reply = raw(l.port, &[head.as_bytes(), forged].concat());
    assert!(reply.starts_with("HTTP/1.1 401"), "{reply}");
    let page = send(&l.url("/"), "GET", &[], b"").body;
    assert!(
        page.contains("  /hooks/bpium  bpium\n")
            && page.contains("Other paths are refused with 404."),
        "{page}"
    );
    let r = l.post_capture("fixtures/bpium-record-created.json");
    assert_eq!((r.status, r.body.as_str()), (202, "thanks"));
    assert!(r
        .headers
        .iter()
        .any(|(n, v)| n == "x-handled-by" && v == "hookscope"));
}

#[test]
fn bad_config_is_refused_at_start_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    // Starts listen on `text` as its config; it must stop at once with exit 2. Returns stderr.
    let refused = |text: &str| {
        std::fs::write(&config, text).unwrap();
        let out = hookscope()
            .args(["listen", "--no-store", "--port", "0", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = refused("[[endpoint]]\npath = \"/x\"\nscheme = \"stripe\"\ndefault = \"maybe\"\n");
    assert!(
        err.contains("bad config") && err.contains("line 4"),
        "{err}"
    );
    // A secret the config names but the environment lacks: the file and line say where.
    let err = refused(
        "# team endpoints\n[[endpoint]]\npath = \"/x\"\nscheme = \"stripe\"\nsecret_env = \"STRIPE_SECRET\"\n",
    );
    assert!(
        err.contains(
            "bad.toml' line 2, endpoint /x: environment variable STRIPE_SECRET is not set"
        ),
        "{err}"
    );
}

// ---- forwarding ------------------------------------------------------------------------------

#[test]
fn forward_to_an_app_that_answers() {
    let app = TestServer::answering(Answer::status(403).json(r#"{"message":"app says no"}"#));
    let url = app.url("/webhooks");
    let store = tempfile::tempdir().unwrap();
    let mut args = secrets_args();
    args.extend([
        "--store",
        store.path().to_str().unwrap(),
        "--forward-to",
        &url,
    ]);
    let mut l = Listening::start(&args);
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(r.status, 403);
    assert_eq!(r.body, r#"{"message":"app says no"}"#);
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    // The app's answer came back, so the app has the request.
    let got = app.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].url, "/webhooks");
    let fixture = hookscope::capture::Capture::read(
        &root().join("fixtures/bpium-record-before-deleted.json"),
    )
    .unwrap();
    assert_eq!(got[0].body, fixture.body, "forwarded byte-exact");
    assert_eq!(
        got[0].header("X-Hook-Signature"),
        fixture.header("X-Hook-Signature")
    );
    l.wait_for("stored ");
    // An invalid delivery is not forwarded: after it, a valid one (the marker) is forwarded,
    // and the app has seen the first delivery and the marker, nothing between them.
    let r = l.post_capture("fixtures/invalid/github-tampered-body.json");
    assert_eq!(r.status, 401);
    let r = l.post_capture("fixtures/bpium-record-created.json");
    assert_eq!(r.status, 403, "the app's answer to the marker");
    let marker =
        hookscope::capture::Capture::read(&root().join("fixtures/bpium-record-created.json"))
            .unwrap();
    let bodies: Vec<Vec<u8>> = app.requests().into_iter().map(|g| g.body).collect();
    assert_eq!(bodies, [fixture.body, marker.body]);
}

#[test]
fn forward_to_an_app_that_answers_410_is_never_passed_on() {
    // Bpium deletes a subscription that answers 410: an app's slip must not cost it.
    let app = TestServer::answering(Answer::status(410).json("{}"));
    let url = app.url("/x");
    let l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--forward-to", &url]].concat());
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(app.count(), 1, "the app was asked");
    assert_eq!(r.status, 502);
    assert!(
        r.json()["reason"].as_str().unwrap().contains("410"),
        "{}",
        r.body
    );
}

#[test]
fn forward_to_an_app_that_is_down_or_slow() {
    // Down: a port nothing listens on (bound, then closed).
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{free}/x");
    let mut args = secrets_args();
    args.extend([
        "--store",
        store.path().to_str().unwrap(),
        "--forward-to",
        &url,
    ]);
    let mut l = Listening::start(&args);
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 502);
    assert!(
        r.json()["reason"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{}",
        r.body
    );
    l.wait_for("stored ");
    assert_eq!(
        captures_in(store.path()).len(),
        1,
        "stored even though the app was down"
    );
    drop(l);

    // Slow: an app whose answer waits on a gate opened only when the test is over.
    let never = Gate::new();
    let app = TestServer::answering(Answer::status(200).json("{}").after(&never));
    let url = app.url("/x");
    let l = Listening::start(
        &[
            &secrets_args()[..],
            &[
                "--no-store",
                "--forward-to",
                &url,
                "--forward-timeout",
                "0.5",
            ],
        ]
        .concat(),
    );
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 504);
    assert!(
        r.body
            .contains("the app behind hookscope did not answer within 0.5 s"),
        "{}",
        r.body
    );
}

#[test]
fn forward_to_failures_never_tell_the_sender_the_apps_url() {
    // The sender learns only that the app behind hookscope failed; the URL, with its query but
    // never its user and password, is shown here on the terminal.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gone = TestServer::answering(Answer::status(410).json("{}"));
    for (port, status, told) in [
        (free, 502, "the app behind hookscope could not be reached"),
        (gone.port, 502, "the app behind hookscope answered 410 Gone, which hookscope never passes on (Bpium deletes the subscription on a 410)"),
    ] {
        let url = format!("http://user:hunter2@127.0.0.1:{port}/x?q=kept");
        let mut l = Listening::start(
            &[&secrets_args()[..], &["--no-store", "--forward-to", &url]].concat(),
        );
        let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
        assert_eq!(r.status, status, "{}", r.body);
        assert_eq!(r.json(), serde_json::json!({"ok": false, "reason": told}));
        let local = l.wait_for(&format!("→ {status} "));
        assert!(
            local.contains(&format!("http://127.0.0.1:{port}/x?q=kept")),
            "{local}"
        );
        assert!(!local.contains("hunter2") && !local.contains("user:"), "{local}");
    }
    assert_eq!(gone.count(), 1, "the app that answered 410 was asked");
}

#[test]
fn forward_to_stores_first_and_never_forwards_what_it_could_not_store() {
    let working = Gate::new();
    let app = TestServer::answering(
        Answer::status(202)
            .json(r#"{"queued":true}"#)
            .after(&working),
    );
    let url = app.url("/x");
    let root_dir = tempfile::tempdir().unwrap();
    let store = root_dir.path().join("store");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--forward-to", &url]);
    let mut l = Listening::start(&args);
    let pending = post_in_background(l.port, "fixtures/github-push.json");
    // While the app is still working on it (its answer waits on the gate), the delivery is
    // already kept.
    app.wait_for(1);
    let early = captures_in(&store);
    assert_eq!(early.len(), 1, "stored before the app saw it: {early:?}");
    working.open();
    let r = pending.join().unwrap();
    assert_eq!((r.status, r.body.as_str()), (202, r#"{"queued":true}"#));
    l.wait_for("stored ");
    // The same capture, now with the app's answer in it; it still verifies.
    assert_eq!(captures_in(&store), early);
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&early[0]).unwrap()).unwrap();
    assert_eq!(c["answer"]["status"], 202, "{c}");
    let out = hookscope()
        .args(["verify", "--secret", "github-fixture-secret"])
        .arg(&early[0])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    // A store that fails: 503 for the sender, and the app never sees the delivery.
    std::fs::remove_dir_all(&store).unwrap();
    std::fs::write(&store, "not a directory").unwrap();
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 503);
    l.wait_for("DELIVERY NOT STORED");
    // With the store back, a marker is stored and forwarded: the app has seen the first
    // delivery and the marker, and nothing between them.
    std::fs::remove_file(&store).unwrap();
    std::fs::create_dir(&store).unwrap();
    let r = l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    assert_eq!(r.status, 202, "{}", r.body);
    let body = |f: &str| {
        hookscope::capture::Capture::read(&root().join(f))
            .unwrap()
            .body
    };
    let bodies: Vec<Vec<u8>> = app.requests().into_iter().map(|g| g.body).collect();
    assert_eq!(
        bodies,
        [
            body("fixtures/github-push.json"),
            body("fixtures/stripe-payment-intent-succeeded.json")
        ]
    );
}

// ---- storing ---------------------------------------------------------------------------------

#[test]
fn a_delivery_that_cannot_be_stored_gets_503_never_200() {
    let root_dir = tempfile::tempdir().unwrap();
    let store = root_dir.path().join("store");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap()]);
    let mut l = Listening::start(&args);
    // Take the store away under the running listener: a file where the directory was.
    std::fs::remove_dir_all(&store).unwrap();
    std::fs::write(&store, "not a directory").unwrap();
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 503);
    assert!(r.headers.iter().any(|(n, _)| n == "retry-after"));
    l.wait_for("DELIVERY NOT STORED");
}

#[test]
fn store_not_writable_port_in_use_and_bad_host_exit_2_with_a_hint() {
    let run = |args: &[&str]| {
        let out = hookscope().arg("listen").args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let under_file = file.join("store");
    let (code, err) = run(&["--port", "0", "--store", under_file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("could not create the store") && err.contains("hint:"),
        "{err}"
    );

    let (code, err) = run(&["--port", "0", "--no-store", "--max-body", "2GiB"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("1GiB"), "{err}");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, err) = run(&["--no-store", "--port", &port]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("could not listen on 127.0.0.1:") && err.contains("--port 0"),
        "{err}"
    );

    let (code, err) = run(&["--no-store", "--host", "no such host!"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot listen on host"), "{err}");

    let (code, err) = run(&["--port", "0"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--store DIR, or --no-store"), "{err}");
}

// ---- what the user sees ----------------------------------------------------------------------

#[test]
fn max_requests_exit_codes_and_summary() {
    let l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--max-requests", "2"]].concat());
    l.post_capture("fixtures/github-push.json");
    l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("received 2: 2 valid, 0 invalid"), "{out}");

    let l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--max-requests", "1"]].concat());
    l.post_capture("fixtures/invalid/github-tampered-body.json");
    let (code, out) = l.finish();
    assert_eq!(code, Some(1), "{out}");
}

/// A handshake is not a delivery: `--max-requests 1` answers Dropbox's check (twice) and
/// still waits for the delivery it was started for.
#[test]
fn max_requests_counts_deliveries_not_handshakes() {
    let l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--max-requests", "1"]].concat());
    for _ in 0..2 {
        let r = send(&l.url("/d?challenge=abc"), "GET", &[], b"");
        assert_eq!((r.status, r.body.as_str()), (200, "abc"));
    }
    assert_eq!(l.post_capture("fixtures/github-push.json").status, 200);
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("received 1: 1 valid, 0 invalid") && out.contains("; 2 handshakes"),
        "{out}"
    );

    // Passed on to the app (--forward-handshakes), a handshake is still not a delivery.
    let app = TestServer::ok();
    let l = Listening::start(&[
        "--no-store",
        "--forward-to",
        &app.url("/app"),
        "--forward-handshakes",
        "--max-requests",
        "1",
    ]);
    assert_eq!(
        send(&l.url("/d?challenge=abc"), "GET", &[], b"").status,
        200
    );
    assert_eq!(send(&l.url("/d"), "POST", &[], b"{}").status, 200);
    let (code, out) = l.finish();
    assert_eq!(app.count(), 2, "{:?}", app.requests());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("received 1:") && out.contains("; 1 handshake"),
        "{out}"
    );
}

/// A request closed to make room for another connection, its body half read, gives back its
/// place under --max-requests: the delivery after it is the one the listener waited for.
#[test]
fn max_requests_gives_back_the_place_of_a_request_closed_mid_body() {
    let l = Listening::start(
        &[
            &secrets_args()[..],
            &[
                "--no-store",
                "--max-requests",
                "1",
                "--max-connections",
                "1",
            ],
        ]
        .concat(),
    );
    let mut half = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    half.set_read_timeout(Some(WAIT)).unwrap();
    half.write_all(
        b"POST /half HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n",
    )
    .unwrap();
    // hyper says 100 Continue once the handler reads the body: its place is taken by then.
    let mut seen = [0u8; 25];
    half.read_exact(&mut seen).unwrap();
    assert!(
        seen.starts_with(b"HTTP/1.1 100 Continue"),
        "{:?}",
        String::from_utf8_lossy(&seen)
    );
    half.write_all(b"{\"part").unwrap();
    assert_eq!(l.post_capture("fixtures/github-push.json").status, 200);
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("received 1: 1 valid, 0 invalid"), "{out}");
}

#[test]
fn refused_deliveries_are_shown_counted_and_fail_max_requests() {
    // A delivery refused for its size is a delivery that failed: CI must not pass on it, and
    // the developer must see why the sender got a 413.
    let mut l = Listening::start(&["--no-store", "--max-requests", "2", "--max-body", "10"]);
    assert_eq!(l.post("/big", &[], b"{\"far too\":\"big\"}").status, 413);
    assert_eq!(send(&l.url("/x"), "DELETE", &[], b"").status, 405);
    l.wait_for("refused 405: method DELETE is not accepted");
    assert_eq!(l.post("/ok", &[], b"{}").status, 200);
    let (code, out) = l.finish();
    assert!(out.contains("POST /big"), "{out}");
    assert!(
        out.contains("refused 413: body larger than the 10 bytes --max-body allows"),
        "{out}"
    );
    // The 405 is not a delivery: two deliveries were received, one of them refused.
    assert!(
        out.contains("received 2: 0 valid, 0 invalid, 1 unchecked, 1 refused unread"),
        "{out}"
    );
    assert_eq!(code, Some(1), "{out}");

    let mut l = Listening::start(&["--no-store", "--max-body", "10", "--format", "json"]);
    assert_eq!(l.post("/big", &[], b"{\"far too\":\"big\"}").status, 413);
    let line = l.wait_for("\"refused\":true");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["answer"]["status"], 413);
    assert_eq!(v["path"], "/big");
    assert_eq!(v["declared_size"], 17);
}

#[test]
fn inspection_mode_runs_with_no_configuration() {
    let mut l = Listening::start(&["--no-store", "--max-requests", "1"]);
    l.wait_for("signatures will not be checked");
    let r = l.post_capture("fixtures/invalid/github-tampered-body.json");
    assert_eq!(r.status, 200);
    l.wait_for("• signature not checked");
    let (code, _) = l.finish();
    assert_eq!(code, Some(0));
}

#[test]
fn form_bodies_are_decoded_and_tokens_masked() {
    let mut l = Listening::start(&[&secrets_args()[..], &["--no-store"]].concat());
    let r = l.post_capture("fixtures/bitrix-token-oncrmleadadd.json");
    assert_eq!(r.status, 200);
    l.wait_for("(form body, decoded)");
    l.wait_for(r#""ID": "134806""#);
    l.wait_for(r#""application_token": "••••••""#);
    assert!(!l
        .seen
        .iter()
        .any(|s| s.contains("4q7xk2m9p1w8z3n6b5v0c7r2t9y4u1e6")));
    let r = l.post(
        "/auth",
        &[
            ("Authorization", "Bearer very-secret-token"),
            ("X-Gitlab-Token", "gitlab-plain-secret"),
        ],
        b"hello",
    );
    assert_eq!(r.status, 401);
    l.wait_for("authorization: ••••••");
    l.wait_for("x-gitlab-token: ••••••");
    assert!(!l
        .seen
        .iter()
        .any(|s| s.contains("very-secret-token") || s.contains("gitlab-plain-secret")));
    // A key given twice shows both values; a token given twice is masked twice.
    let r = l.post(
        "/form",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"data[FIELDS][ID]=7&data=second-value&auth[application_token]=tok-one&auth[application_token]=tok-two&end=1",
    );
    assert_eq!(r.status, 401);
    l.wait_for(r#""second-value""#);
    l.wait_for(r#""ID": "7""#);
    l.wait_for(r#""end": "1""#);
    assert!(!l
        .seen
        .iter()
        .any(|s| s.contains("tok-one") || s.contains("tok-two")));
    // A form as `curl -d` sends it (raw UTF-8, spaces, a newline at the end) is still a form:
    // the token is found, checked and masked.
    let body = "event=ONCRMLEADADD&data[FIELDS][TITLE]=Заявка с сайта&auth[application_token]=4q7xk2m9p1w8z3n6b5v0c7r2t9y4u1e6&ts=1\n";
    let r = l.post("/curl", &[], body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    l.wait_for("POST /curl");
    l.wait_for(r#""TITLE": "Заявка с сайта""#);
    assert!(!l
        .seen
        .iter()
        .any(|s| s.contains("4q7xk2m9p1w8z3n6b5v0c7r2t9y4u1e6")));
}

#[test]
fn a_long_line_is_cut_on_screen_and_kept_whole_in_the_capture() {
    let store = tempfile::tempdir().unwrap();
    let mut l = Listening::start(&["--store", store.path().to_str().unwrap()]);
    let body = format!("{}END", "x".repeat(20_000));
    let r = l.post("/long", &[("Content-Type", "text/plain")], body.as_bytes());
    assert_eq!(r.status, 200);
    let line = l.wait_for("more characters");
    assert!(line.len() < 1_000 && !line.contains("END"), "{line}");
    assert!(line.contains("… 19503 more characters"), "{line}");
    // Not a terminal, so no colour: the cut adds no escape sequence either.
    assert!(!line.contains('\u{1b}'), "{line:?}");
    l.wait_for("long lines cut at 500 characters, full body in");
    let stored = captures_in(store.path());
    let capture = std::fs::read_to_string(&stored[0]).unwrap();
    assert!(capture.contains("xEND"));
}

#[test]
fn escape_sequences_from_a_sender_never_reach_the_terminal() {
    let l = Listening::start(&["--no-store", "--max-requests", "1"]);
    // Control characters are not allowed in a target or a header value (RFC 9110): such a
    // request is answered 400 and shown without them.
    let refused = raw(
        l.port,
        b"POST /p\x1b[1m HTTP/1.1\r\nHost: x\r\nX-Evil: a\x1b[5mb\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(refused.starts_with("HTTP/1.1 400"), "{refused}");
    // Bytes above 0x7F are allowed there, and a body may hold anything.
    let evil = "{\"event\":\"x\u{1b}]0;pwned\u{7}\u{1b}[2J\"}\u{1b}[31m\r\nmore\u{9b}1m";
    let mut req = format!("POST /p\u{9b}1m HTTP/1.1\r\nHost: x\r\nX-Evil: a\u{9b}5mb\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", evil.len()).into_bytes();
    req.extend_from_slice(evil.as_bytes());
    let head = raw(l.port, &req);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (_, out) = l.finish();
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    assert!(out.contains("\\x1b[31m"), "{out}");
    assert!(out.contains("unreadable request"), "{out}");
}

#[test]
fn json_format_one_object_per_delivery() {
    let mut l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--format", "json"]].concat());
    l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    let line = l.wait_for("\"id\":");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["scheme"], "stripe");
    assert_eq!(v["event"], "payment_intent.succeeded");
    assert_eq!(v["signature"], "valid");
    assert_eq!(v["answer"]["status"], 200);
    assert_eq!(v["delivery_id"], "evt_3QhookscopeFixture01");
}

#[test]
fn warns_of_repeated_delivery_ids_and_bpium_sequence_gaps() {
    let mut l =
        Listening::start(&[&secrets_args()[..], &["--no-store", "--max-requests", "4"]].concat());
    l.post_capture("fixtures/github-push.json");
    l.post_capture("fixtures/github-push.json");
    l.wait_for("was seen before");
    l.post_capture("fixtures/bpium-record-before-deleted.json"); // sequenceId 41
    l.post_capture("fixtures/bpium-record-created.json"); // sequenceId 43
    l.wait_for("sequenceId jumped from 41 to 43: 1 event missed");
    // A warning is part of the verdict: it comes before the answer, not after it.
    let (_, out) = l.finish();
    let warned = out.find("jumped from 41").unwrap();
    let answered = out.rfind("→ 200").unwrap();
    assert!(warned < answered, "{out}");
}

#[test]
fn warnings_come_before_the_question() {
    // On the terminal's block, and before the question on standard error when standard
    // output is kept for JSON lines or nothing.
    for output in [&[][..], &["--quiet"], &["--format", "json"]] {
        warnings_come_before_the_question_with(output);
    }
}

fn warnings_come_before_the_question_with(output: &[&str]) {
    let l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--max-requests", "2"],
            &["--decide", "ask", "--ask-timeout", "0.8"],
            output,
        ]
        .concat(),
    );
    // The same request twice: whoever answers the second should know it is a repeat.
    for _ in 0..2 {
        assert_eq!(
            l.post_capture("fixtures/bpium-record-before-deleted.json")
                .status,
            403
        );
    }
    let (_, out) = l.finish();
    let warned = out
        .find("was seen before")
        .unwrap_or_else(|| panic!("{output:?}: {out}"));
    let asked = out.rfind("approve or reject?").unwrap();
    assert!(warned < asked, "{output:?}: {out}");
}

#[test]
fn blocks_are_not_interleaved_under_concurrency() {
    let mut l = Listening::start(&[
        "--no-store",
        "--workers",
        "8",
        "--max-requests",
        "24",
        "--body-lines",
        "2",
    ]);
    let port = l.port;
    let senders: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                for _ in 0..6 {
                    let r = send(
                        &format!("http://127.0.0.1:{port}/p"),
                        "POST",
                        &[],
                        b"{\"a\":1,\n\"b\":2,\n\"c\":3}",
                    );
                    assert_eq!(r.status, 200);
                }
            })
        })
        .collect();
    for s in senders {
        s.join().unwrap();
    }
    l.wait_for("received 24");
    // Each block: header line, verdict, headers…, 2 body lines, "… more lines", answer, blank.
    let text = l.seen.join("\n");
    for block in text.split("● ").skip(1) {
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines[1].contains("signature not checked"), "{block}");
        let answer = lines
            .iter()
            .position(|l| l.contains("→ 200"))
            .unwrap_or_else(|| panic!("{block}"));
        assert!(lines[answer - 1].contains("more lines"), "{block}");
    }
}

#[test]
fn ctrl_c_stops_cleanly_with_a_summary() {
    let state = tempfile::tempdir().unwrap();
    let mut l = Listening::start_env(
        &["--quiet"],
        &[("XDG_STATE_HOME", state.path().to_str().unwrap())],
    );
    let store = state.path().join("hookscope/captures");
    l.wait_for(&format!("storing deliveries in {}", store.display()));
    let r = l.post(
        "/x",
        &[("Content-Type", "application/octet-stream")],
        b"\xff\x00binary",
    );
    assert_eq!(r.status, 200);
    assert_eq!(captures_in(&store).len(), 1);
    l.interrupt();
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "received 1: 0 valid, 0 invalid, 1 unchecked; 0 approved, 0 rejected; stored in {}",
            store.display()
        )),
        "{out}"
    );
    assert!(
        !out.contains("● "),
        "--quiet prints nothing per delivery: {out}"
    );
}

#[test]
fn binary_bodies_are_shown_as_a_hex_dump_and_stored_losslessly() {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = Listening::start(&["--store", tmp.path().to_str().unwrap()]);
    let body: Vec<u8> = (0..=255u8).rev().collect();
    l.post("/bin", &[], &body);
    l.wait_for("(binary body)");
    l.wait_for("00000000  ff fe fd fc");
    let stored = hookscope::capture::Capture::read(&captures_in(tmp.path())[0]).unwrap();
    assert_eq!(stored.body, body);
    drop(l);
    // A long one is cut by bytes, within --body-lines, pointing at the capture.
    let mut l = Listening::start(&["--no-store", "--body-lines", "5"]);
    let body: Vec<u8> = (0..5000u32).map(|i| (i % 7) as u8 | 0x80).collect();
    l.post("/bin", &[], &body);
    l.wait_for("00000040  ");
    let more = l.wait_for("more bytes");
    assert!(
        more.contains("… 4920 more bytes, full body not stored (--no-store)"),
        "{more}"
    );
    assert!(
        !l.seen.iter().any(|s| s.contains("00000050")),
        "{:#?}",
        l.seen
    );
}

#[test]
fn ask_mode_with_json_output_asks_on_stderr() {
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &[
                "--no-store",
                "--format",
                "json",
                "--decide",
                "ask",
                "--ask-timeout",
                "9.9",
            ],
        ]
        .concat(),
    );
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    l.wait_for("? approve or reject?");
    // The question says what it is about, though the block is not printed.
    let about = l
        .seen
        .iter()
        .position(|s| s.contains("POST /hooks/bpium") && s.contains("record.before.deleted"));
    let asked = l.seen.iter().position(|s| s.contains("approve or reject?"));
    assert!(about.is_some() && about < asked, "{:#?}", l.seen);
    assert!(l.seen.iter().any(|s| s.contains("✔ signature valid")));
    l.stdin("a\n");
    assert_eq!(sender.join().unwrap().status, 200);
    let line = l.wait_for("\"id\":");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["answer"]["decision"], "approved");
}

// ---- hostile senders -------------------------------------------------------------------------

/// Posts a fixture from another thread (for deliveries that wait on a question).
pub fn post_in_background(port: u16, fixture: &'static str) -> std::thread::JoinHandle<Reply> {
    std::thread::spawn(move || {
        let c = hookscope::capture::Capture::read(&root().join(fixture)).unwrap();
        let headers: Vec<(&str, &str)> = c
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        send(
            &format!("http://127.0.0.1:{port}{}", c.path),
            "POST",
            &headers,
            &c.body,
        )
    })
}

/// Sends a fixture's request on each of `n` connections, every one written before any answer
/// is read: they arrive together, not one per thread as fast as threads start. Read each
/// connection's answer with [`status_when_closed`].
fn post_at_once(port: u16, fixture: &str, n: usize) -> Vec<TcpStream> {
    let c = hookscope::capture::Capture::read(&root().join(fixture)).unwrap();
    let mut head = format!("POST {} HTTP/1.1\r\nHost: x\r\n", c.path);
    for (name, value) in &c.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        c.body.len()
    ));
    let request = [head.as_bytes(), &c.body].concat();
    let conns: Vec<TcpStream> = (0..n)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    for mut s in &conns {
        s.write_all(&request).unwrap();
    }
    conns
}

/// The status of the answer on `s`, read to the connection's end.
fn status_when_closed(s: TcpStream) -> u16 {
    let answer = read_until_closed(s);
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|a| a.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no answer: {answer:?}"))
}

/// Opens a connection that sends headers promising a body, then one byte, then nothing.
fn trickle(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{")
        .unwrap();
    s
}

#[test]
fn slow_senders_do_not_stop_other_deliveries() {
    let mut l = Listening::start(&["--no-store", "--workers", "2"]);
    // More slow senders than workers: each holds a worker while it trickles its body.
    let slow: Vec<TcpStream> = (0..6).map(|_| trickle(l.port)).collect();
    // hookscope's part is that a worker is free for the fast delivery while the slow ones hold
    // theirs. A sender retries, as webhook senders do.
    let agent = hookscope::client::agent(Duration::from_secs(3));
    let answered = (0..5).find_map(|_| {
        let req = hookscope::client::request(
            "POST",
            &l.url("/fast"),
            &[],
            b"{\"event\":\"fast\"}".to_vec(),
        )
        .unwrap();
        agent.run(req).ok().map(|r| r.status().as_u16())
    });
    assert_eq!(answered, Some(200));
    l.wait_for("POST /fast");
    drop(slow);
}

#[test]
fn many_idle_connections_do_not_stop_other_deliveries() {
    let l = Listening::start(&["--no-store"]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", l.port)).unwrap())
        .collect();
    let r = l.post("/after-idle", &[], b"{}");
    assert_eq!(r.status, 200);
    drop(idle);
}

#[test]
fn malformed_http_and_huge_headers_do_not_bring_it_down() {
    let mut l = Listening::start(&["--no-store"]);
    let garbage = raw(l.port, b"\x16\x03\x01\x02\x00 not http at all\r\n\r\n");
    assert!(
        garbage.is_empty() || garbage.starts_with("HTTP/1.1 4"),
        "{garbage:?}"
    );
    let huge_value = "a".repeat(1 << 20);
    let head = raw(l.port, format!("POST /h HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: sha256={huge_value}\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes());
    assert!(
        head.is_empty() || head.starts_with("HTTP/1.1 "),
        "{}",
        &head[..head.len().min(200)]
    );
    let many: String = (0..20_000).map(|i| format!("X-H{i}: v\r\n")).collect();
    let head = raw(
        l.port,
        format!("POST /h HTTP/1.1\r\nHost: x\r\n{many}Content-Length: 2\r\n\r\n{{}}").as_bytes(),
    );
    assert!(
        head.is_empty() || head.starts_with("HTTP/1.1 "),
        "{}",
        &head[..head.len().min(200)]
    );
    // A declared body of 100 GB (tiny_http would allocate it all to skip it), one just over
    // what is left to tiny_http to skip, and one under it: 413, and the process lives.
    for length in ["100000000000", "300000000", "20000000"] {
        let head = raw(
            l.port,
            format!("POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n{{}}")
                .as_bytes(),
        );
        assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    }
    // Still serving.
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
    l.wait_for("POST /after");
}

#[test]
fn invalid_utf8_nul_bytes_and_deep_json_are_shown_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = Listening::start(&["--store", tmp.path().to_str().unwrap()]);
    // Invalid UTF-8 in the path and a header: refused or accepted, never a crash.
    let head = raw(l.port, b"POST /\xff\xfe HTTP/1.1\r\nHost: x\r\nX-Bad: \xc3\x28\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    assert!(head.is_empty() || head.starts_with("HTTP/1.1 "), "{head:?}");
    // NUL bytes and invalid UTF-8 in the body: stored byte-exact.
    let body = b"a\x00b\xffc".to_vec();
    assert_eq!(l.post("/nul", &[], &body).status, 200);
    l.wait_for("POST /nul");
    // JSON nested 100,000 levels deep: printed as text, not recursed into.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        l.post(
            "/deep",
            &[("Content-Type", "application/json")],
            deep.as_bytes()
        )
        .status,
        200
    );
    l.wait_for("POST /deep");
    l.wait_for("stored ");
    let stored: Vec<Vec<u8>> = captures_in(tmp.path())
        .iter()
        .map(|p| hookscope::capture::Capture::read(p).unwrap().body)
        .collect();
    assert!(stored.contains(&body));
    assert!(stored.iter().any(|b| b.len() == 200_000));
    assert!(!l.seen.iter().any(|s| s.contains('\0')));
}

#[test]
fn duplicate_signature_headers_are_refused() {
    let raw_sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let l = Listening::start(&["--no-store", "--secret", "It's a Secret to Everybody"]);
    let req = format!("POST /d HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: {raw_sig}\r\nX-Hub-Signature-256: {raw_sig}\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!");
    let head = raw(l.port, req.as_bytes());
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
}

#[test]
fn a_body_cut_short_gets_400_and_costs_no_memory_it_declared() {
    // With a large --max-body, a sender declares 1 GB, sends two bytes and stops: no delivery
    // is made of the two bytes, and listen goes on serving.
    let mut l = Listening::start(&["--no-store", "--max-body", "1GiB"]);
    let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    let head = b"POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n{}";
    s.write_all(head).unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    // The answer's head, as soon as it comes (it used to be read until 2 s passed with nothing).
    let answer = read_head(&mut s);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
    l.wait_for("POST /after");
    l.wait_for("→ 200");
    // Shown as refused, and no delivery made of it: one answer line, for /after.
    l.wait_for("refused 400: the body ended after 2 of the 1000000000 bytes");
    let answers = l.seen.iter().filter(|line| line.contains("→ ")).count();
    assert_eq!(answers, 1, "{:?}", l.seen);
}

#[test]
fn a_burst_of_keep_alive_connections_on_a_fresh_listener_is_all_served() {
    // tiny_http queues a burst of connections behind its four idle pool threads, and a
    // keep-alive connection holds its thread: without the pool guard the first request on most
    // of these waited until another connection closed (as `replay --concurrency 16` did).
    let l = Listening::start(&["--no-store", "--quiet"]);
    let conns: Vec<TcpStream> = (0..16)
        .map(|_| TcpStream::connect(("127.0.0.1", l.port)).unwrap())
        .collect();
    let body = b"{\"event\":\"burst\"}";
    for mut c in &conns {
        let head = format!(
            "POST /burst HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        c.write_all(&[head.as_bytes(), body].concat()).unwrap();
    }
    let unanswered: Vec<usize> = conns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            // Each stays open (keep-alive) after its answer, as a sender's pool would keep it.
            c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut first = [0u8; 12];
            let mut reader = *c;
            reader.read_exact(&mut first).is_err() || !first.starts_with(b"HTTP/1.1 200")
        })
        .map(|(i, _)| i)
        .collect();
    assert!(unanswered.is_empty(), "never answered: {unanswered:?}");
}

#[cfg(unix)]
#[test]
fn a_listener_out_of_file_descriptors_keeps_serving() {
    // With tiny_http, running out of file descriptors ended the accept thread for good. Now the
    // connection limit follows the open-files limit, and the connection that waited longest
    // for a request is closed to make room for a new one.
    use std::os::unix::process::CommandExt;
    let mut cmd = Listening::command(&["--no-store"], &[]);
    // What `ulimit -n 40` does in a shell, for the listener alone.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 40,
                rlim_max: 40,
            };
            match libc::setrlimit(libc::RLIMIT_NOFILE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let mut l = Listening::spawn(cmd);
    let port = l.port;
    let held: Vec<TcpStream> = (0..200)
        .map_while(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    assert_eq!(held.len(), 200);
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
    // Still serving after the idle ones are gone, too.
    drop(held);
    let r = l.post("/again", &[], b"{}");
    assert_eq!(r.status, 200);
    l.wait_for("the open-files limit (40) allows");
    l.wait_for("POST /again");
}

// ---- hostile and careless clients --------------------------------------------------------------
// Each case asserts the refusal, and that a normal signed delivery on a fresh connection is
// answered right after.

/// Sends `request` and reads until the server closes the connection: the whole answer.
fn until_closed(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    // The server may refuse before it has read everything: a failed write is part of that.
    let _ = s.write_all(request);
    read_until_closed(s)
}

/// Reads until the server closes the connection (for at most [`WAIT`]).
fn read_until_closed(mut s: TcpStream) -> String {
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "the connection was not closed: {e}; read {:?}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A signed GitHub delivery, answered 200.
fn still_serves(l: &Listening) {
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The listener's open file descriptors (Linux).
fn fds(l: &Listening) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", l.child.id()))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Waits until the listener holds no more descriptors than `baseline`; returns what it holds.
/// The one wait in these tests that polls: nothing announces that a process has closed a
/// descriptor (a client sees the server's FIN from its shutdown, a moment before the close),
/// so /proc is read again until the count is down, for at most [`WAIT`].
fn fds_settle(l: &Listening, baseline: usize) -> usize {
    let deadline = Instant::now() + WAIT;
    loop {
        let n = fds(l);
        if n <= baseline || Instant::now() > deadline {
            return n;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn other_http_versions_are_answered_and_leave_nothing_held() {
    let l = Listening::start(&[secrets_args(), vec!["--no-store"]].concat());
    still_serves(&l);
    let baseline = fds(&l);
    for _ in 0..200 {
        let answer = until_closed(l.port, b"GET / HTTP/2.0\r\n\r\n");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    let answer = until_closed(l.port, b"POST /x HTTP/1.2\r\nContent-Length: 0\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let settled = fds_settle(&l, baseline);
    assert!(
        settled <= baseline,
        "{settled} descriptors held, {baseline} before"
    );
    still_serves(&l);
}

#[test]
fn head_limits_431_and_414_and_the_connection_is_closed() {
    let mut l = Listening::start(&[secrets_args(), vec!["--no-store"]].concat());
    let long = "a".repeat(70 << 10);
    let answer = until_closed(
        l.port,
        format!("POST /x HTTP/1.1\r\nHost: x\r\nX-Long: {long}\r\nContent-Length: 0\r\n\r\n")
            .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let many: String = (0..101).map(|i| format!("X-H{i}: v\r\n")).collect();
    let answer = until_closed(
        l.port,
        format!("POST /x HTTP/1.1\r\n{many}Content-Length: 0\r\n\r\n").as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let path = "a".repeat(9 << 10);
    let answer = until_closed(
        l.port,
        format!("POST /{path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 414"), "{answer}");
    // A head that never ends: refused once the limit is reached, not read on without end.
    let mut endless = b"POST /x HTTP/1.1\r\nX-Endless: ".to_vec();
    endless.extend(std::iter::repeat_n(b'a', 8 << 20));
    let answer = until_closed(l.port, &endless);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // Shown with the status it got, as a request that is not a delivery.
    l.wait_for("refused 431: message head is too large");
    l.wait_for("refused 414: the request target is");
    // A larger limit lets a larger head through.
    still_serves(&l);
    let l = Listening::start(&["--no-store", "--max-header-size", "1MiB"]);
    let r = l.post("/x", &[("X-Long", &long)], b"{}");
    assert_eq!(r.status, 200);
    // Past hyper's own read buffer (408 KiB) too.
    let larger = "b".repeat(600 << 10);
    let answer = raw(
        l.port,
        format!("POST /x HTTP/1.1\r\nHost: x\r\nX-Long: {larger}\r\nContent-Length: 2\r\n\r\n{{}}")
            .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_head_that_does_not_arrive_in_time_gets_408() {
    let mut l = Listening::start(&[
        "--no-store",
        "--header-timeout",
        "0.5",
        "--idle-timeout",
        "0.5",
    ]);
    // Nothing sent at all, and half a head.
    for request in [&b""[..], b"POST /x HTTP/1.1\r\nHo"] {
        let answer = until_closed(l.port, request);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    }
    l.wait_for("did not arrive in time");
    // A kept-alive connection left idle is closed without an answer.
    let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        .unwrap();
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    let got = String::from_utf8_lossy(&got);
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert_eq!(got.matches("HTTP/1.1").count(), 1, "{got}");
    still_serves(&l);
}

#[test]
fn a_body_that_stops_arriving_gets_408_and_is_not_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("c");
    let mut l = Listening::start(&["--store", store.to_str().unwrap(), "--body-timeout", "0.5"]);
    let answer = until_closed(
        l.port,
        b"POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n{",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    l.wait_for("the body stopped arriving");
    assert!(captures_in(&store).is_empty());
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
}

#[test]
fn stalled_senders_do_not_delay_other_deliveries() {
    let l = Listening::start(&[secrets_args(), vec!["--no-store"]].concat());
    let stalled: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
            s.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n{")
                .unwrap();
            s
        })
        .collect();
    still_serves(&l);
    drop(stalled);
}

#[test]
fn past_max_connections_the_longest_waiting_connection_makes_room() {
    let l = Listening::start(&[
        "--secret-file",
        "fixtures/secrets.txt",
        "--no-tolerance",
        "--max-connections",
        "4",
        "--no-store",
    ]);
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", l.port)).unwrap())
        .collect();
    still_serves(&l);
    drop(idle);
    still_serves(&l);
}

#[test]
fn ambiguous_framing_is_refused_and_nothing_after_it_is_taken_for_a_request() {
    let mut l = Listening::start(&["--no-store", "--max-body", "16"]);
    let smuggled = "POST /smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
    let cases: Vec<(String, &str)> = vec![
        (
            format!("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n{}\r\n0\r\n\r\n{smuggled}", "x".repeat(17)),
            "HTTP/1.1 413",
        ),
        (
            format!("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{smuggled}"),
            "HTTP/1.1 400",
        ),
        (
            format!("POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello{smuggled}"),
            "HTTP/1.1 400",
        ),
        (
            format!("POST /d HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello{smuggled}"),
            "HTTP/1.1 400",
        ),
        (
            format!("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{smuggled}"),
            "HTTP/1.1 400",
        ),
        (
            format!("POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 300000000\r\n\r\n{smuggled}"),
            "HTTP/1.1 413",
        ),
        (
            format!(
                "POST /g HTTP/1.1\r\nHost: x\r\n{}\r\n{{}}{smuggled}",
                "Content-Length: 2\r\n".repeat(10)
            ),
            "HTTP/1.1 400",
        ),
    ];
    for (request, status) in &cases {
        let answer = until_closed(l.port, request.as_bytes());
        assert!(answer.starts_with(status), "{request:?}: {answer}");
        assert_eq!(
            answer.matches("HTTP/1.1").count(),
            1,
            "{request:?}: {answer}"
        );
    }
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
    l.wait_for("POST /after");
    l.interrupt();
    let (_, out) = l.finish();
    assert!(!out.contains("/smuggled"), "{out}");
}

#[test]
fn a_chunked_body_cut_short_gets_400_and_is_not_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("c");
    let mut l = Listening::start(&["--store", store.to_str().unwrap()]);
    let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /cut HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n{\"a\":\"bcdef\"")
        .unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    l.wait_for("cut short");
    assert!(captures_in(&store).is_empty());
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
}

#[test]
fn bytes_above_0x7f_in_headers_and_path_are_stored_byte_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("c");
    let mut l = Listening::start(&["--store", store.to_str().unwrap()]);
    let answer = raw(
        l.port,
        "POST /hooks/é HTTP/1.1\r\nHost: x\r\nX-User: José\r\nContent-Length: 2\r\n\r\n{}"
            .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    l.wait_for("stored ");
    let c = hookscope::capture::Capture::read(&captures_in(&store)[0]).unwrap();
    assert_eq!(c.path, "/hooks/é");
    assert!(
        c.headers
            .contains(&("X-User".to_string(), "José".to_string())),
        "{:?}",
        c.headers
    );
    // A value that is not UTF-8 (Latin-1 é) is kept as its bytes, and replayed as them.
    let answer = raw(
        l.port,
        b"POST /latin1 HTTP/1.1\r\nHost: x\r\nX-User: Jos\xe9\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    l.wait_for("POST /latin1");
    let latin1 = captures_in(&store)
        .into_iter()
        .map(|p| (hookscope::capture::Capture::read(&p).unwrap(), p))
        .find(|(c, _)| c.path == "/latin1")
        .unwrap();
    assert_eq!(latin1.0.header_bytes, vec![(1, b"Jos\xe9".to_vec())]);
    let receiver = TestServer::ok();
    let out = hookscope()
        .args(["replay", "--to", &receiver.url("/")])
        .arg(&latin1.1)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let head = receiver.requests().remove(0).head;
    assert!(
        head.windows(8).any(|w| w == b": Jos\xe9\r\n"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    let r = l.post("/after", &[], b"{}");
    assert_eq!(r.status, 200);
}

#[test]
fn an_output_nobody_reads_never_delays_an_answer() {
    for format in ["human", "json"] {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().to_str().unwrap();
        let mut l = Listening::start_unread(&["--no-fsync", "--format", format, "--store", store]);
        let port = l.port;
        // Far more output than a pipe holds (64 KiB), and nothing reads it meanwhile.
        let body = format!("{{\"event\":\"x\",\"pad\":\"{}\"}}", "p".repeat(2000));
        let agent = hookscope::client::agent(Duration::from_secs(20));
        for _ in 0..300 {
            let req = hookscope::client::request(
                "POST",
                &format!("http://127.0.0.1:{port}/unread"),
                &[],
                body.clone().into_bytes(),
            )
            .unwrap();
            assert_eq!(agent.run(req).unwrap().status().as_u16(), 200);
        }
        assert_eq!(captures_in(tmp.path()).len(), 300);
        l.interrupt();
        let (rest, err) = l.read_unread();
        l.exit_code();
        // What did not fit is counted, and said to be stored.
        let told = if format == "json" { &err } else { &rest };
        assert!(
            told.contains("not shown (the output was not being read); all are stored")
                || told
                    .contains("not written (standard output was not being read); all are stored")
                || rest.matches("/unread").count() == 300,
            "{format}: {}",
            &told[told.len().saturating_sub(500)..]
        );
    }
}

#[test]
fn unfinished_capture_files_left_by_a_killed_listener_are_swept_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("c");
    std::fs::create_dir(&store).unwrap();
    let stale = store.join(".0190c7d6-old.tmp");
    std::fs::write(&stale, b"{").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let fresh = store.join(".0190c7d6-new.tmp");
    std::fs::write(&fresh, b"{").unwrap();
    let mut l = Listening::start(&["--store", store.to_str().unwrap()]);
    l.wait_for("removed 1 unfinished capture file(s)");
    assert!(!stale.exists());
    assert!(fresh.exists());
}

#[test]
fn long_header_values_and_delivery_ids_are_cut_on_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("c");
    let mut l = Listening::start(&["--store", store.to_str().unwrap()]);
    let id = "d".repeat(20_000);
    let r = l.post(
        "/long",
        &[
            ("X-GitHub-Event", "ping"),
            ("X-GitHub-Delivery", &id),
            ("X-Hub-Signature-256", "sha256=00"),
        ],
        b"{}",
    );
    assert_eq!(r.status, 200);
    l.wait_for("stored ");
    let printed = l.seen.join("\n");
    assert!(printed.len() < 5_000, "{} bytes printed", printed.len());
    assert!(printed.contains("19920 more"), "{printed}");
    assert!(printed.contains("19500 more characters"), "{printed}");
    // The capture keeps it whole.
    let c = hookscope::capture::Capture::read(&captures_in(&store)[0]).unwrap();
    assert!(c.headers.iter().any(|(_, v)| v == &id));
}

#[test]
fn a_request_slower_than_the_header_timeout_still_gets_its_connection_closed_when_idle() {
    let l = Listening::start(&[
        "--no-store",
        "--header-timeout",
        "0.3",
        "--idle-timeout",
        "0.3",
    ]);
    let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{")
        .unwrap();
    // The request takes longer than the header timeout (its body is slow, not its head).
    std::thread::sleep(Duration::from_millis(600));
    s.write_all(b"}").unwrap();
    let mut got = Vec::new();
    // Ends only if the idle connection is closed after the answer.
    s.read_to_end(&mut got).unwrap();
    let got = String::from_utf8_lossy(&got);
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}

#[test]
fn a_full_listener_makes_room_once_a_delivery_in_hand_is_answered() {
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--decide", "ask", "--max-connections", "1"],
        ]
        .concat(),
    );
    // The only connection holds a delivery in hand (a question): it is not closed for room.
    let asking = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    l.wait_for("? approve or reject?");
    let port = l.port;
    let waiting = std::thread::spawn(move || {
        send(&format!("http://127.0.0.1:{port}/next"), "POST", &[], b"{}").status
    });
    l.stdin("a\n");
    assert_eq!(asking.join().unwrap().status, 200);
    // Now idle, it makes room for the one that waited (answered: unsigned, so 401).
    assert_eq!(waiting.join().unwrap(), 401);
}

#[test]
fn senders_trickling_bodies_cannot_take_every_connection() {
    let l = Listening::start(&[
        "--no-store",
        "--max-connections",
        "4",
        "--body-timeout",
        "30",
    ]);
    let trickling: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
            s.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n{")
                .unwrap();
            s
        })
        .collect();
    let r = l.post("/fast", &[], b"{}");
    assert_eq!(r.status, 200);
    drop(trickling);
}

#[test]
fn refused_framing_counts_toward_max_requests() {
    let l = Listening::start(&["--no-store", "--max-requests", "1"]);
    let answer = until_closed(
        l.port,
        b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let (code, out) = l.finish();
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn an_output_nobody_reads_does_not_keep_hookscope_from_exiting() {
    let mut l =
        Listening::start_unread(&["--no-store", "--format", "json", "--max-requests", "300"]);
    let port = l.port;
    let body = format!("{{\"pad\":\"{}\"}}", "p".repeat(2000));
    for _ in 0..300 {
        let r = send(
            &format!("http://127.0.0.1:{port}/x"),
            "POST",
            &[],
            body.as_bytes(),
        );
        assert_eq!(r.status, 200);
    }
    // Standard output is still not read: hookscope exits all the same, its summary on stderr.
    let code = l.exit_code();
    assert_eq!(code, Some(0));
    let (_, err) = l.read_unread();
    assert!(err.contains("received 300"), "{err}");
}

#[test]
fn a_pipelined_request_is_answered_and_its_connection_closed() {
    let mut l = Listening::start(&["--no-store"]);
    // Two requests in one write: the second's head was read with the first, so its raw bytes
    // cannot be told apart; it is answered as hyper read it, and the connection closed.
    let answer = until_closed(
        l.port,
        b"POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert_eq!(answer.matches("HTTP/1.1 200").count(), 2, "{answer}");
    assert_eq!(answer.matches("connection: close").count(), 1, "{answer}");
    l.wait_for("POST /two");
}

/// A scheme that signs the public URL (Twilio) is checked with --public-url and the request's
/// own path and query; without it the sender is told why (twilio-python's vector).
#[test]
fn twilio_is_checked_against_the_public_url() {
    let form = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    let h = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
    ];
    let l = Listening::start(&[
        "--no-store",
        "--secret",
        "12345",
        "--public-url",
        "https://mycompany.com",
    ]);
    assert_eq!(l.post("/myapp.php?foo=1&bar=2", &h, form).status, 200);
    assert_eq!(l.post("/myapp.php?foo=1&bar=3", &h, form).status, 401);
    let l = Listening::start(&["--no-store", "--secret", "12345"]);
    let r = l.post("/myapp.php?foo=1&bar=2", &h, form);
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "no_public_url");
}

/// With --format json every line on standard output is JSON, the first one saying where it
/// listens, so `listen --format json | jq` sees every delivery; the notes and the summary go to
/// standard error.
#[test]
fn json_format_keeps_standard_output_all_json() {
    use std::io::BufRead;
    let mut child = hookscope()
        .args(["listen", "--port", "0", "--no-store", "--format", "json"])
        .args(["--max-requests", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = v["listening"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    assert_eq!(v["store"], serde_json::Value::Null);
    let r = send(&format!("{url}/hooks"), "POST", &[], b"{}");
    assert_eq!(r.status, 200);
    let rest: Vec<String> = out.lines().map(Result::unwrap).collect();
    let err = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert_eq!(crate::common::exit_within(&mut child, WAIT), Some(0));
    assert!(!rest.is_empty());
    for line in &rest {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON on standard output ({e}): {line}"));
    }
    assert!(err.contains("not storing deliveries"), "{err}");
    assert!(err.contains("received 1:"), "{err}");
}

/// Rough edges a first-time user hit: a refused Bpium request carries a `message` its
/// employee sees; a wrong Bitrix24 token is a token mismatch, not an invalid signature; the
/// start screen suggests a first request.
#[test]
fn refusals_say_what_a_person_needs() {
    let mut l = Listening::start(&["--no-store", "--secret", "not-the-bpium-secret"]);
    let r = l.post_capture("fixtures/bpium-record-before-deleted.json");
    assert_eq!(r.status, 401);
    let body = r.json();
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Refused by hookscope: signature mismatch")),
        "{body}"
    );
    assert_eq!(body["code"], "signature_mismatch");
    // A notification's refusal is as before.
    let r = l.post_capture("fixtures/bpium-record-created.json");
    assert!(r.json().get("message").is_none(), "{}", r.body);
    // With a secret, a plain curl would be refused: the hint is a signed sample.
    let hint = format!(
        "send a signed sample to see it: hookscope trigger PLATFORM EVENT --secret-env NAME --to http://127.0.0.1:{}/  (hookscope trigger --list names them)",
        l.port
    );
    l.wait_for(&hint);
    drop(l);

    let mut l = Listening::start(&["--no-store", "--secret", "wrong-application-token"]);
    let r = l.post_capture("fixtures/bitrix-token-oncrmleadadd.json");
    assert_eq!(r.status, 401);
    l.wait_for("(token mismatch)");
}

/// Ctrl-C with a question open says why nothing seems to happen yet: the question waits for
/// its answer or its deadline.
#[test]
fn ctrl_c_with_a_question_open_says_it_waits() {
    let mut l = Listening::start(
        &[
            &secrets_args()[..],
            &["--no-store", "--decide", "ask", "--ask-timeout", "3"],
        ]
        .concat(),
    );
    let port = l.port;
    let sender = std::thread::spawn(move || {
        let c: serde_json::Value = serde_json::from_slice(
            &std::fs::read(root().join("fixtures/bpium-record-before-deleted.json")).unwrap(),
        )
        .unwrap();
        let headers: Vec<(String, String)> = serde_json::from_value(c["headers"].clone()).unwrap();
        let h: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        send(
            &format!("http://127.0.0.1:{port}/hooks/bpium"),
            "POST",
            &h,
            c["body"].as_str().unwrap().as_bytes(),
        )
        .status
    });
    l.wait_for("? approve or reject?");
    l.interrupt();
    l.wait_for("stopping: the open question waits for its answer or its deadline (3 s)");
    // The question runs to its deadline: the default (reject) is the answer.
    assert_eq!(sender.join().unwrap(), 403);
}

// ---- remembering across a restart ------------------------------------------------------------

/// A retry or a missed event used to go unwarned when it straddled a restart of listen: the
/// tracker started empty. It now starts from the store's captures of the last day.
#[test]
fn a_repeat_and_a_sequence_gap_are_warned_across_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--max-requests", "2"]);
    let l = Listening::start(&args);
    l.post_capture("fixtures/github-push.json");
    l.post_capture("fixtures/bpium-record-before-deleted.json"); // sequenceId 41
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        !out.contains("seen before") && !out.contains("remembering"),
        "{out}"
    );

    let mut l = Listening::start(&args);
    l.wait_for(&format!(
        "remembering 2 deliveries from the last 24 h in {}",
        store.display()
    ));
    l.post_capture("fixtures/github-push.json");
    l.post_capture("fixtures/bpium-record-created.json"); // sequenceId 43
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("delivery id 72d3162e-cc78-11e3-81ab-4c9367dc0958 was seen before"),
        "{out}"
    );
    assert!(
        out.contains("Bpium hook 3: sequenceId jumped from 41 to 43: 1 event missed"),
        "{out}"
    );
}

/// A capture id as listen would have made it `ago` before now, and that time.
fn id_made(ago: Duration) -> (String, std::time::SystemTime) {
    let made = std::time::SystemTime::now() - ago;
    let ms = made
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let id = uuid::Builder::from_unix_timestamp_millis(ms, &[7; 10]).into_uuid();
    (id.to_string(), made)
}

/// Rewrites a stored capture as if it had arrived `ago` before now: its id, its file's name
/// (which is its id) and its time.
fn age_capture(path: &Path, ago: Duration) {
    let mut c: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let (id, made) = id_made(ago);
    c["id"] = id.clone().into();
    c["received_at"] = humantime::format_rfc3339_millis(made).to_string().into();
    let aged = path.with_file_name(format!("{id}.json"));
    std::fs::write(&aged, serde_json::to_vec_pretty(&c).unwrap()).unwrap();
    std::fs::remove_file(path).unwrap();
}

#[test]
fn captures_older_than_a_day_are_not_remembered() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--max-requests"]);
    let l = Listening::start(&[&args[..], &["1"]].concat());
    l.post_capture("fixtures/github-push.json");
    assert_eq!(l.finish().0, Some(0));
    let github = captures_in(&store).pop().unwrap();
    age_capture(&github, Duration::from_secs(25 * 3600));
    let l = Listening::start(&[&args[..], &["1"]].concat());
    l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    assert_eq!(l.finish().0, Some(0));

    // The GitHub push is a day and an hour old, the Stripe event new.
    let mut l = Listening::start(&[&args[..], &["2"]].concat());
    l.wait_for("remembering 1 delivery from the last 24 h");
    l.post_capture("fixtures/github-push.json");
    l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    let (_, out) = l.finish();
    assert!(
        out.contains("delivery id evt_3QhookscopeFixture01 was seen before"),
        "{out}"
    );
    assert!(
        !out.contains("72d3162e-cc78-11e3-81ab-4c9367dc0958 was seen before"),
        "{out}"
    );
}

/// A store holds what people put there too: a file named as a capture that is not one is
/// skipped with one note on standard error, other names in silence, and neither stops listen;
/// with --format json, standard output stays all JSON.
#[test]
fn files_in_the_store_that_are_not_captures_are_skipped_with_one_note() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--max-requests", "1"]);
    let l = Listening::start(&args);
    l.post_capture("fixtures/github-push.json");
    assert_eq!(l.finish().0, Some(0));
    let (id, _) = id_made(Duration::from_secs(60));
    std::fs::write(store.join(format!("{id}.json")), "{ cut short").unwrap();
    std::fs::write(store.join("notes.json"), "not a capture").unwrap();
    std::fs::create_dir(store.join("kept")).unwrap();

    let mut child = hookscope()
        .args(["listen", "--port", "0", "--format", "json"])
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = v["listening"].as_str().unwrap().to_string();
    let fixture =
        hookscope::capture::Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    let headers: Vec<(&str, &str)> = fixture
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = send(
        &format!("{url}/hooks/github"),
        "POST",
        &headers,
        &fixture.body,
    );
    assert_eq!(r.status, 200);
    let rest: Vec<String> = out.lines().map(Result::unwrap).collect();
    let err = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert_eq!(
        crate::common::exit_within(&mut child, WAIT),
        Some(0),
        "{err}"
    );
    assert_eq!(rest.len(), 1, "{rest:?}");
    let line: serde_json::Value = serde_json::from_str(&rest[0]).unwrap();
    assert_eq!(
        line["warnings"][0],
        "delivery id 72d3162e-cc78-11e3-81ab-4c9367dc0958 was seen before: a retry, a replay or a duplicate"
    );
    assert!(
        err.contains("remembering 1 delivery from the last 24 h"),
        "{err}"
    );
    assert_eq!(
        err.matches("could not be read as captures").count(),
        1,
        "{err}"
    );
    assert!(err.contains("skipped 1 file(s) in"), "{err}");
}

// ---- --events --------------------------------------------------------------------------------

fn fixture_body(file: &str) -> Vec<u8> {
    hookscope::capture::Capture::read(&root().join(file))
        .unwrap()
        .body
}

#[test]
fn events_shows_and_forwards_only_the_deliveries_it_names() {
    let app = TestServer::answering(Answer::status(202).json(r#"{"app":true}"#));
    let url = app.url("/app");
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    let mut args = secrets_args();
    args.extend(["--store", store.to_str().unwrap(), "--max-requests", "4"]);
    // Case is ignored: Bitrix24 names its events in capitals.
    args.extend(["--events", "PUSH,oncrmdeal*", "--forward-to", &url]);
    let mut l = Listening::start(&args);
    l.wait_for("showing and forwarding only events matching PUSH, oncrmdeal* (case ignored)");
    let r = l.post_capture("fixtures/stripe-payment-intent-succeeded.json");
    assert_eq!((r.status, r.json()), (200, serde_json::json!({"ok": true})));
    let r = l.post_capture("fixtures/github-push.json");
    assert_eq!((r.status, r.body.as_str()), (202, r#"{"app":true}"#));
    let r = l.post_capture("fixtures/bitrix-oncrmdealadd.json");
    assert_eq!(r.status, 202);
    // Left out too, but refused: a forgery is always shown, as the exit status counts it.
    let r = l.post_capture("fixtures/invalid/bpium-wrong-secret.json");
    assert_eq!(r.status, 401);
    let (code, out) = l.finish();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("POST /hooks/bpium"),
        "the refusal is shown: {out}"
    );

    let forwarded: Vec<Vec<u8>> = app.requests().into_iter().map(|g| g.body).collect();
    assert_eq!(
        forwarded,
        [
            fixture_body("fixtures/github-push.json"),
            fixture_body("fixtures/bitrix-oncrmdealadd.json")
        ]
    );
    assert!(
        out.contains("POST /hooks/github") && out.contains("POST /hooks/bitrix"),
        "{out}"
    );
    assert!(!out.contains("/hooks/stripe"), "{out}");
    assert!(
        out.contains("received 4: 3 valid, 1 invalid, 0 unchecked; 0 approved, 0 rejected; 2 left out by --events; stored in"),
        "{out}"
    );
    // Left out, but checked and stored with its answer.
    let stored: Vec<String> = captures_in(&store)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(stored.len(), 4);
    let stripe = stored
        .iter()
        .find(|c| c.contains("evt_3QhookscopeFixture01"))
        .unwrap();
    assert!(stripe.contains(r#""signature":"valid""#), "{stripe}");
    assert!(
        stripe.contains("not one of --events: answered as a notification"),
        "{stripe}"
    );
}

/// A Bpium request --events leaves out is answered as a notification: Bpium goes ahead, and
/// no rule, --decide or question holds it.
#[test]
fn a_bpium_request_left_out_by_events_is_answered_as_a_notification() {
    for decide in [
        &["--decide", "reject"][..],
        &["--decide", "ask", "--ask-timeout", "5"],
    ] {
        let mut args = secrets_args();
        args.extend(["--no-store", "--max-requests", "3", "--events", "push"]);
        args.extend(decide);
        let l = Listening::start(&args);
        for file in [
            "fixtures/bpium-record-before-deleted.json",
            "fixtures/bpium-record-updating.json",
            "fixtures/bpium-record-created.json",
        ] {
            let r = l.post_capture(file);
            assert_eq!(
                (r.status, r.json()),
                (200, serde_json::json!({"ok": true})),
                "{decide:?} {file}"
            );
        }
        let (code, out) = l.finish();
        assert_eq!(code, Some(0), "{out}");
        assert!(!out.contains("approve or reject?"), "{decide:?}: {out}");
        assert!(!out.contains("/hooks/bpium"), "{decide:?}: {out}");
        assert!(
            out.contains("0 approved, 0 rejected; 3 left out by --events"),
            "{decide:?}: {out}"
        );
    }
}

/// With --format json, what --events leaves out prints no line: standard output holds the
/// listening line and the deliveries shown, all JSON.
#[test]
fn events_in_json_mode_prints_no_line_for_what_it_leaves_out() {
    use std::io::BufRead;
    let mut child = hookscope()
        .args(["listen", "--port", "0", "--no-store", "--format", "json"])
        .args(secrets_args())
        .args(["--max-requests", "2", "--events", "push"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = v["listening"].as_str().unwrap().to_string();
    for file in [
        "fixtures/stripe-payment-intent-succeeded.json",
        "fixtures/github-push.json",
    ] {
        let c = hookscope::capture::Capture::read(&root().join(file)).unwrap();
        let headers: Vec<(&str, &str)> = c
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = send(&format!("{url}{}", c.path), "POST", &headers, &c.body);
        assert_eq!(r.status, 200, "{file}");
    }
    let rest: Vec<serde_json::Value> = out
        .lines()
        .map(|l| {
            let l = l.unwrap();
            serde_json::from_str(&l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))
        })
        .collect();
    let err = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert_eq!(
        crate::common::exit_within(&mut child, WAIT),
        Some(0),
        "{err}"
    );
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert_eq!(rest[0]["event"], "push");
    assert!(
        err.contains("showing and forwarding only events matching push"),
        "{err}"
    );
    assert!(err.contains("; 1 left out by --events;"), "{err}");
}

/// A platform's check of the endpoint is not an event to choose: it is answered and shown
/// whatever --events names. A delivery with no event name is left out, but by '*'.
#[test]
fn handshakes_are_answered_and_shown_whatever_events_says() {
    let mut l = Listening::start(&["--no-store", "--events", "push"]);
    let r = send(&l.url("/dropbox?challenge=abc"), "GET", &[], b"");
    assert_eq!((r.status, r.body.as_str()), (200, "abc"));
    l.wait_for("Dropbox verification");
    let r = l.post("/nameless", &[], b"{}");
    assert_eq!(r.status, 200);
    l.interrupt();
    let (_, out) = l.finish();
    assert!(!out.contains("/nameless"), "{out}");
    assert!(
        out.contains("; 1 handshake; 1 left out by --events;"),
        "{out}"
    );

    let mut l = Listening::start(&["--no-store", "--events", "push", "--events", "*"]);
    l.post("/nameless", &[], b"{}");
    l.wait_for("POST /nameless");
}

#[test]
fn an_empty_events_glob_is_refused_naming_it() {
    for bad in ["", "push,", " "] {
        let out = hookscope()
            .args(["listen", "--port", "0", "--no-store", "--events", bad])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains("--events <GLOB>"), "{bad:?}: {err}");
        assert!(
            err.contains("an empty glob matches no event"),
            "{bad:?}: {err}"
        );
    }
}
