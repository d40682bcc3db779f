//! `hookscope trigger`: sample events sent to a listener the way a platform sends them.

use crate::common::{hookscope, run, text, Answer, Listening, TestServer};

/// `hookscope trigger ARGS` with `HOOKSCOPE_SECRET` set.
fn trigger(secret: &str, args: &[&str]) -> std::process::Output {
    hookscope()
        .env("HOOKSCOPE_SECRET", secret)
        .arg("trigger")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_sample_reaches_listen_signed_and_recognised() {
    let mut l = Listening::start(&["--secret", "trigger-secret", "--no-store"]);
    let o = trigger(
        "trigger-secret",
        &[
            "github",
            "pull_request.opened",
            "--to",
            &l.url("/hooks/github"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("200"), "{}", text(&o));
    let seen = l.wait_for("pull_request.opened");
    assert!(seen.contains("POST /hooks/github"), "{seen}");
    l.wait_for("signature valid");
}

#[test]
fn every_sample_the_issue_names_is_valid_at_a_listener() {
    let mut l = Listening::start(&[
        "--secret",
        "trigger-secret",
        "--no-store",
        "--format",
        "json",
    ]);
    for (platform, event) in [
        ("bpium", "record.created"),
        ("bitrix-token", "ONCRMLEADADD"),
        ("bitrix", "ONCRMDEALUPDATE"),
        ("blue", "TODO_CREATED"),
        ("stripe", "payment_intent.succeeded"),
        ("slack", "slash-command"),
        ("shopify", "orders/create"),
    ] {
        let o = trigger("trigger-secret", &[platform, event, "--to", &l.url("/")]);
        assert_eq!(o.status.code(), Some(0), "{platform} {event}: {}", text(&o));
        let shown = event.replace("slash-command", "/hookscope");
        let line = l.wait_for(&format!("\"event\":\"{shown}\""));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["signature"], "valid", "{platform} {event}: {line}");
        assert_eq!(v["scheme"], platform, "{line}");
    }
}

#[test]
fn a_rejected_bpium_request_exits_1_and_shows_the_message() {
    let mut l = Listening::start(&["--secret", "s", "--no-store", "--decide", "reject"]);
    let o = trigger(
        "s",
        &["bpium", "record.before.deleted", "--to", &l.url("/bpium")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("403") && out.contains("\"message\""), "{out}");
    l.wait_for("record.before.deleted");
}

#[test]
fn set_changes_a_field_and_the_signature_still_holds() {
    let server = TestServer::ok();
    let o = trigger(
        "whsec_abc",
        &[
            "stripe",
            "payment_intent.succeeded",
            "--set",
            "/data/object/amount=5000",
            "--set",
            "/data/object/currency=\"eur\"",
            "--to",
            &server.url("/stripe"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let got = server.requests().pop().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(body["data"]["object"]["amount"], 5000);
    assert_eq!(body["data"]["object"]["currency"], "eur");
    // What the receiver got verifies: write it as a capture and check it.
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("c.json");
    let mut headers: Vec<(String, String)> = got.headers.clone();
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("host"));
    let c = hookscope::capture::Capture::new("POST", "/stripe", headers, got.body.clone());
    std::fs::write(&capture, c.to_json()).unwrap();
    let v = run(&["verify", "--secret", "whsec_abc", capture.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
}

#[test]
fn a_form_field_is_set_by_its_name() {
    let server = TestServer::ok();
    let o = trigger(
        "tok123",
        &[
            "bitrix-token",
            "ONCRMLEADADD",
            "--set",
            "/data[FIELDS][ID]=42",
            "--to",
            &server.url("/"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let body = String::from_utf8(server.requests().pop().unwrap().body).unwrap();
    assert!(body.contains("data%5BFIELDS%5D%5BID%5D=42&"), "{body}");
    assert!(
        body.ends_with("auth%5Bapplication_token%5D=tok123"),
        "{body}"
    );
}

#[test]
fn dry_run_as_a_capture_verifies_and_sends_nothing() {
    let o = trigger(
        "shopify-secret",
        &[
            "shopify",
            "orders/create",
            "--dry-run",
            "--format",
            "capture",
            "--to",
            "http://127.0.0.1:9/hooks/shop?x=1",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.json");
    std::fs::write(&path, &o.stdout).unwrap();
    let capture: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(capture["path"], "/hooks/shop?x=1");
    let v = run(&[
        "verify",
        "--secret",
        "shopify-secret",
        path.to_str().unwrap(),
    ]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert!(text(&v).contains("orders/create"), "{}", text(&v));
}

#[test]
fn dry_run_as_curl_names_the_signature() {
    let o = trigger(
        "s",
        &["blue", "TODO_CREATED", "--dry-run", "--format", "curl"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("curl "), "{out}");
    assert!(
        out.contains("X-Signature: ") && out.contains("http://127.0.0.1:8080/"),
        "{out}"
    );
}

#[test]
fn a_token_in_the_body_is_never_printed() {
    for format in ["curl", "capture"] {
        let o = trigger(
            "very-secret-token",
            &["bitrix-token", "ONTASKADD", "--dry-run", "--format", format],
        );
        assert_eq!(o.status.code(), Some(2), "{format}: {}", text(&o));
        assert!(!text(&o).contains("very-secret-token"), "{format}");
        assert!(text(&o).contains("never prints a secret"), "{}", text(&o));
    }
    for format in ["human", "json"] {
        let o = trigger(
            "very-secret-token",
            &["bitrix-token", "ONTASKADD", "--dry-run", "--format", format],
        );
        assert_eq!(o.status.code(), Some(0), "{format}: {}", text(&o));
        assert!(!text(&o).contains("very-secret-token"), "{format}");
    }
    let o = trigger(
        "t",
        &["bitrix-token", "ONTASKADD", "--dry-run", "--format", "json"],
    );
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let body = line["body"].as_str().unwrap();
    assert!(
        body.ends_with("auth%5Bapplication_token%5D=%28redacted%29"),
        "{body}"
    );
    assert!(
        body.contains("data%5BIS_ACCESSIBLE_AFTER%5D=undefined"),
        "{body}"
    );
}

#[test]
fn a_standard_webhooks_sample_is_valid_at_a_listener() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mut l = Listening::start(&["--secret", secret, "--no-store"]);
    let o = trigger(secret, &["svix", "invoice.paid", "--to", &l.url("/")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let seen = l.wait_for("invoice.paid");
    assert!(seen.contains("delivery msg_"), "{seen}");
    l.wait_for("signature valid");
    // A secret that is not base64 is named, with what one looks like.
    let o = trigger("s3cret", &["standard", "invoice.paid", "--to", &l.url("/")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("like whsec_"), "{}", text(&o));
}

#[test]
fn no_answer_exits_1_and_says_why() {
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = trigger(
        "s",
        &[
            "github",
            "ping",
            "--to",
            &format!("http://127.0.0.1:{port}/"),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("✘ ---"), "{out}");
    assert!(out.to_lowercase().contains("connect"), "{out}");
    assert!(
        out.contains("hint: is a receiver listening at http://127.0.0.1:"),
        "{out}"
    );
}

#[test]
fn a_refusal_exits_1() {
    let server = TestServer::answering(Answer::status(401).json("{\"ok\":false}"));
    let o = trigger("s", &["github", "push", "--to", &server.url("/")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("401"), "{}", text(&o));
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    for (args, says) in [
        (vec!["github", "push"], "no secret given"),
        (
            vec!["githup", "push", "--secret", "s"],
            "not a platform hookscope knows",
        ),
        (
            vec!["zoom", "x", "--secret", "s"],
            "zoom has no sample events yet",
        ),
        (
            vec!["github", "pull", "--secret", "s"],
            "its events: push, pull_request.opened, ping",
        ),
        (
            vec!["github", "push", "--secret", "s", "--set", "/nope/x=1"],
            "the body has no 'nope'",
        ),
        (
            vec!["github", "push", "--secret", "s", "--format", "curl"],
            "add --dry-run",
        ),
        (
            vec!["github", "push", "--secret", "s", "--to", "ftp://x/"],
            "not an http",
        ),
        (
            vec!["github", "push", "--secret", "s", "--set", "/a=eur"],
            "in quotes",
        ),
    ] {
        let mut all = vec!["trigger"];
        all.extend(&args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(says), "{args:?}: {}", text(&o));
    }
}

#[test]
fn list_names_every_sample_and_json_is_one_object_a_line() {
    let o = run(&["trigger", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(o.stdout).unwrap());
    let o = run(&["trigger", "--list", "bpium", "--format", "json"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7);
    assert!(lines.iter().all(|l| l["platform"] == "bpium"));
}
