//! `listen --ui --decide ask`: a Bpium request waits for an answer from the terminal or the
//! inspector's page, the first one is sent, and the other side is told who answered.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use serde_json::{json, Value};

use crate::common::{Listening, WAIT};
use crate::inspect::{listen_ui, Got, Inspector};
use crate::listen::post_in_background;

const SECRETS: [&str; 3] = ["--secret-file", "fixtures/secrets.txt", "--no-tolerance"];

/// A request to the inspector written by hand: every header as given.
fn raw(ui: &Inspector, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Got {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\n", ui.host());
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    crate::inspect::raw(ui.port, &[head.as_bytes(), body].concat())
}

/// The page's answer to question `id`, as the page sends it: token, Origin, JSON.
fn answer(ui: &Inspector, id: &str, body: Value) -> Got {
    let origin = format!("http://127.0.0.1:{}", ui.port);
    raw(
        ui,
        "POST",
        &format!("/api/pending/{id}"),
        &[
            ("X-Hookscope-Token", &ui.token),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    )
}

/// The one open question, once the page's list has it: its id.
fn open_question(ui: &Inspector, l: &mut Listening) -> Value {
    // The question is on the board before it is on the terminal.
    l.wait_for("? ");
    let list = ui.get("/api/pending").json();
    assert_eq!(list["asking"], true, "{list}");
    let pending = list["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "{list}");
    pending[0].clone()
}

fn listen_asking(dir: &std::path::Path, more: &[&str]) -> (Listening, Inspector) {
    listen_ui(
        dir,
        &[
            &SECRETS[..],
            &["--decide", "ask", "--ask-timeout", "9.9"],
            more,
        ]
        .concat(),
    )
}

#[test]
fn a_request_rejected_in_the_page_is_answered_so_and_the_terminal_says_who_answered() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    l.wait_for("asked about here and in the inspector");
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    let q = open_question(&ui, &mut l);
    assert_eq!(q["event"], "record.before.deleted");
    assert_eq!(q["kind"], "request");
    assert_eq!(q["platform"], "bpium");
    assert_eq!(q["default"], "reject");
    let id = q["id"].as_str().unwrap();
    // Stored before it waits: the page can open it while the question is open.
    assert_eq!(ui.get(&format!("/api/captures/{id}")).status, 200);
    // Values are for a field action only.
    let got = answer(&ui, id, json!({"answer": "values", "values": {"3": "4"}}));
    assert_eq!(got.status, 400, "{got:?}");
    let got = answer(
        &ui,
        id,
        json!({"answer": "reject", "message": "Not on a Friday"}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let r = sender.join().unwrap();
    assert_eq!(
        (r.status, r.body.as_str()),
        (403, r#"{"message":"Not on a Friday"}"#)
    );
    l.wait_for("? answered in the inspector: rejected");
    l.wait_for("(answered in the inspector)");
    // Answered once: it is no longer open.
    let again = answer(&ui, id, json!({"answer": "approve"}));
    assert_eq!(again.status, 404, "{again:?}");
    assert!(again.json()["error"]
        .as_str()
        .unwrap()
        .contains("no question is open"));
    assert_eq!(ui.get("/api/pending").json()["pending"], json!([]));
}

#[test]
fn a_field_action_takes_values_from_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    let sender = post_in_background(l.port, "fixtures/bpium-record-updating.json");
    let q = open_question(&ui, &mut l);
    assert_eq!(
        (q["event"].as_str(), q["kind"].as_str()),
        (Some("record.updating"), Some("action"))
    );
    let id = q["id"].as_str().unwrap();
    let got = answer(
        &ui,
        id,
        json!({"answer": "values", "values": {"3": "42", "7": ["a"]}, "message": "filled in"}),
    );
    assert_eq!(got.status, 200, "{got:?}");
    let r = sender.join().unwrap();
    assert_eq!(r.status, 200);
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"values": {"3": "42", "7": ["a"]}, "message": "filled in"})
    );
    l.wait_for("? answered in the inspector: values");
}

#[test]
fn the_terminal_answering_first_closes_the_question_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    let mut events = stream(&ui);
    read_until(&mut events, "event: ready");
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    read_until(&mut events, "event: question");
    let opened: Value = data(&read_until(&mut events, "data: "));
    l.wait_for("? approve or reject?");
    l.stdin("a\n");
    assert_eq!(sender.join().unwrap().status, 200);
    read_until(&mut events, "event: answered");
    let answered: Value = data(&read_until(&mut events, "data: "));
    assert_eq!(answered["id"], opened["id"]);
    assert_eq!(answered["by"], "terminal");
    assert_eq!(answered["decision"], "approved");
    // The page's answer comes too late: it is told so, and nothing else is sent.
    let late = answer(
        &ui,
        opened["id"].as_str().unwrap(),
        json!({"answer": "reject"}),
    );
    assert_eq!(late.status, 404, "{late:?}");
}

#[test]
fn with_standard_input_closed_the_page_still_answers_before_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    l.wait_for("once it ends, only the inspector answers");
    drop(l.stdin.take());
    let mut events = stream(&ui);
    read_until(&mut events, "event: ready");
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    // Not answered by the default at once: the page can still answer.
    read_until(&mut events, "event: question");
    let q = data(&read_until(&mut events, "data: "));
    let got = answer(&ui, q["id"].as_str().unwrap(), json!({"answer": "approve"}));
    assert_eq!(got.status, 200, "{got:?}");
    let r = sender.join().unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
}

#[test]
fn an_answer_needs_the_token_this_pages_origin_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    let sender = post_in_background(l.port, "fixtures/bpium-record-before-deleted.json");
    let q = open_question(&ui, &mut l);
    let target = format!("/api/pending/{}", q["id"].as_str().unwrap());
    let ours = format!("http://127.0.0.1:{}", ui.port);
    let body = br#"{"answer":"approve"}"#;
    let cases: [(&[(&str, &str)], u16); 5] = [
        // No token.
        (
            &[("Origin", &ours), ("Content-Type", "application/json")],
            401,
        ),
        // No Origin: not from a browser's page, or from one that hides it.
        (
            &[
                ("X-Hookscope-Token", &ui.token),
                ("Content-Type", "application/json"),
            ],
            403,
        ),
        // Another site's page.
        (
            &[
                ("X-Hookscope-Token", &ui.token),
                ("Origin", "http://evil.example"),
                ("Content-Type", "application/json"),
            ],
            403,
        ),
        // This inspector's host at another port.
        (
            &[
                ("X-Hookscope-Token", &ui.token),
                ("Origin", "http://127.0.0.1:1"),
                ("Content-Type", "application/json"),
            ],
            403,
        ),
        // A plain form, which any page may send.
        (
            &[
                ("X-Hookscope-Token", &ui.token),
                ("Origin", &ours),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            415,
        ),
    ];
    for (headers, status) in cases {
        let got = raw(&ui, "POST", &target, headers, body);
        assert_eq!(got.status, status, "{headers:?}: {got:?}");
    }
    // Reading the answer path is not answering.
    let got = ui.get(&target);
    assert_eq!(
        (got.status, got.header("allow")),
        (405, Some("POST")),
        "{got:?}"
    );
    // None of those was taken: the question is still open, and the sender still waits.
    assert_eq!(
        ui.get("/api/pending").json()["pending"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let got = answer(&ui, q["id"].as_str().unwrap(), json!({"answer": "approve"}));
    assert_eq!(got.status, 200, "{got:?}");
    assert_eq!(sender.join().unwrap().status, 200);
}

#[test]
fn without_ask_the_page_has_no_questions_to_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (_l, ui) = listen_ui(dir.path(), &SECRETS);
    assert_eq!(
        ui.get("/api/pending").json(),
        json!({"asking": false, "pending": []})
    );
    let got = answer(&ui, "0190", json!({"answer": "approve"}));
    assert_eq!(got.status, 404, "{got:?}");
}

fn stream(ui: &Inspector) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", ui.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET /api/events HTTP/1.1\r\nHost: {}\r\nX-Hookscope-Token: {}\r\n\r\n",
        ui.host(),
        ui.token
    )
    .unwrap();
    BufReader::new(s)
}

fn read_until(events: &mut BufReader<TcpStream>, needle: &str) -> String {
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
}

fn data(line: &str) -> Value {
    serde_json::from_str(line.trim_start_matches("data: ").trim()).unwrap()
}

#[test]
fn an_answer_is_small_and_for_an_open_question_and_its_body_is_not_read_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, ui) = listen_asking(dir.path(), &[]);
    let sender = post_in_background(l.port, "fixtures/bpium-record-updating.json");
    let q = open_question(&ui, &mut l);
    let id = q["id"].as_str().unwrap();
    // Values of 100 KiB: far more than a field action needs, refused and not passed on.
    let big = json!({"answer": "values", "values": {"3": "x".repeat(100 * 1024)}});
    let got = answer(&ui, id, big);
    assert_eq!(got.status, 413, "{got:?}");
    assert!(
        got.json()["error"].as_str().unwrap().contains("at most 64"),
        "{got:?}"
    );
    // An id no question has is told so, whatever the body.
    let got = answer(&ui, "0190aaaa-0000-7000-8000-000000000000", json!({}));
    assert_eq!(got.status, 404, "{got:?}");
    // Still open: the right answer is taken.
    let got = answer(&ui, id, json!({"answer": "values", "values": {"3": "ok"}}));
    assert_eq!(got.status, 200, "{got:?}");
    assert_eq!(sender.join().unwrap().body, r#"{"values":{"3":"ok"}}"#);
}
