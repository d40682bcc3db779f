//! `hookscope replay` against receivers started in the test on 127.0.0.1:0.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::common::{
    exit_within, hookscope, lines_of, root, run, text, Answer, Gate, Listening, TestServer, WAIT,
};

use hookscope::capture::Capture;

fn write_capture(dir: &Path, name: &str, c: &Capture) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, c.to_json()).unwrap();
    p
}

#[test]
fn bytes_and_headers_arrive_exactly_including_a_binary_body() {
    let r = TestServer::ok();
    let dir = tempfile::tempdir().unwrap();
    let body: Vec<u8> = vec![0xff, 0x00, 0xfe, b'{', b'\r', b'\n'];
    let c = Capture::new(
        "PUT",
        "/orig/path?x=1",
        vec![
            ("X-Custom".into(), "a, b".into()),
            ("Host".into(), "captured.example".into()),
            ("Content-Length".into(), "999".into()),
            ("Connection".into(), "keep-alive".into()),
            ("X-Custom-2".into(), "two".into()),
        ],
        body.clone(),
    );
    let file = write_capture(dir.path(), "bin.json", &c);
    let out = run(&[
        "replay",
        file.to_str().unwrap(),
        "--to",
        &r.url("/base"),
        "--keep-path",
        "-H",
        "X-Custom-2: replaced",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let got = r.requests();
    assert_eq!(got.len(), 1);
    let g = &got[0];
    assert_eq!(g.method, "PUT");
    assert_eq!(g.url, "/base/orig/path?x=1");
    assert_eq!(g.body, body);
    assert_eq!(g.header("X-Custom"), Some("a, b"));
    assert_eq!(g.header("X-Custom-2"), Some("replaced"));
    // Hop-by-hop headers are the client's own, not the capture's.
    assert_ne!(g.header("Host"), Some("captured.example"));
    assert_eq!(g.header("Content-Length"), Some("6"));
}

#[test]
fn resign_signs_with_the_private_key_whose_public_key_verifies_the_capture() {
    let r = TestServer::ok();
    let fixtures = [
        "fixtures/discord-application-command.json",
        "fixtures/standard-invoice-paid-2.json",
        "fixtures/sendgrid-delivered-open.json",
    ];
    let out = run(&[
        &["replay"][..],
        &fixtures,
        &[
            "--to",
            &r.url("/"),
            "--resign",
            "--secret-file",
            "fixtures/secrets.txt",
        ],
    ]
    .concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let got = r.requests();
    assert_eq!(got.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    for (i, g) in got.iter().enumerate() {
        let c = Capture::new(&g.method, &g.url, g.headers.clone(), g.body.clone());
        let file = write_capture(dir.path(), &format!("{i}.json"), &c);
        // Fresh: valid now, in the default window, with the fixtures' public keys.
        let v = run(&[
            "verify",
            "--public-key-file",
            "fixtures/public-keys.txt",
            file.to_str().unwrap(),
        ]);
        assert_eq!(v.status.code(), Some(0), "{}: {}", fixtures[i], text(&v));
    }
    assert_ne!(
        got[0].header("X-Signature-Timestamp"),
        Some("1767225600"),
        "a fresh timestamp"
    );
    // A capture that the private keys given do not verify is not re-signed.
    let out = run(&[
        "replay",
        fixtures[0],
        "--to",
        &r.url("/"),
        "--resign",
        "--secret",
        "0101010101010101010101010101010101010101010101010101010101010101",
    ]);
    // It is skipped and named; nothing else was asked for, so nothing is sent (exit 1).
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("does not verify with any secret given"),
        "{}",
        text(&out)
    );
}

#[test]
fn resign_makes_old_captures_pass_verify_with_a_fresh_timestamp() {
    let r = TestServer::ok();
    let out = run(&[
        "replay",
        "fixtures/stripe-payment-intent-succeeded.json",
        "fixtures/standard-invoice-paid.json",
        "fixtures/github-push.json",
        "--to",
        &r.url("/"),
        "--resign",
        "--secret-file",
        "fixtures/secrets.txt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let got = r.requests();
    assert_eq!(got.len(), 3);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let stripe_t: i64 = got[0]
        .header("Stripe-Signature")
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .trim_start_matches("t=")
        .parse()
        .unwrap();
    assert!(
        (now - stripe_t).abs() < 120,
        "fresh timestamp: {stripe_t} vs {now}"
    );
    let standard_ts: i64 = got[1].header("webhook-timestamp").unwrap().parse().unwrap();
    assert!((now - standard_ts).abs() < 120);
    assert_ne!(
        got[1].header("webhook-id"),
        Some("msg_2ZxhookscopeFixture"),
        "a fresh message id"
    );
    // Every re-signed request verifies now, with the default 300 s window.
    let dir = tempfile::tempdir().unwrap();
    for (i, g) in got.iter().enumerate() {
        let c = Capture::new(&g.method, &g.url, g.headers.clone(), g.body.clone());
        let file = write_capture(dir.path(), &format!("{i}.json"), &c);
        let v = run(&[
            "verify",
            "--secret-file",
            "fixtures/secrets.txt",
            file.to_str().unwrap(),
        ]);
        assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    }
    // A forged capture is never re-signed into a valid one.
    let out = run(&[
        "replay",
        "fixtures/invalid/github-tampered-body.json",
        "--to",
        &r.url("/"),
        "--resign",
        "--secret-file",
        "fixtures/secrets.txt",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("does not verify with any secret given"),
        "{}",
        text(&out)
    );
    // Without a secret, --resign is a usage error.
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        &r.url("/"),
        "--resign",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("no secret given"), "{}", text(&out));
}

/// Replays the GitHub fixture to `r` with `--retries N` and any further arguments.
fn replay_with_retries(r: &TestServer, retries: &str, more: &[&str]) -> Output {
    let url = r.url("/");
    let args = [
        &[
            "replay",
            "fixtures/github-push.json",
            "--to",
            &url,
            "--retries",
            retries,
        ][..],
        more,
    ]
    .concat();
    run(&args)
}

#[test]
fn retries_503_and_429_but_never_200_or_400() {
    let r = TestServer::scripted(vec![
        Answer::status(503),
        Answer::status(429).header("Retry-After", "0"),
        Answer::status(200),
    ]);
    let out = replay_with_retries(&r, "3", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(r.requests().len(), 3, "503, 429, then 200");
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["attempts"], 3);
    assert_eq!(line["status"], 200);

    let r = TestServer::scripted(vec![Answer::status(400)]);
    let out = replay_with_retries(&r, "3", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(r.requests().len(), 1, "a 400 is final");

    let r = TestServer::ok();
    let out = replay_with_retries(&r, "3", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(r.requests().len(), 1, "a 200 is never sent again");

    let r = TestServer::scripted(vec![Answer::status(503), Answer::status(503)]);
    let out = replay_with_retries(&r, "1", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(r.requests().len(), 2);
}

#[test]
fn receiver_down_is_retried_then_reported_by_id() {
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "fixtures/blue-todo-created.json",
        "--to",
        &format!("http://127.0.0.1:{free}/"),
        "--retries",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    let gh = Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    let blue = Capture::read(&root().join("fixtures/blue-todo-created.json")).unwrap();
    assert!(t.contains("0 2xx") && t.contains("2 with no answer"), "{t}");
    assert!(
        t.contains(&format!(
            "not delivered (expected 2xx): {}, {}",
            gh.id, blue.id
        )),
        "{t}"
    );
    assert!(t.contains("2 attempts"), "{t}");
}

#[test]
fn a_connection_dropped_mid_answer_is_not_counted_as_delivered() {
    // Promise 100 bytes, send 10, hang up: with a 503 twice, then with a 200.
    let r = TestServer::start(
        vec![
            Answer::status(503).cut_short(),
            Answer::status(503).cut_short(),
        ],
        Answer::status(200).cut_short(),
    );
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        &r.url("/"),
        "--retries",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("answered 200, then the answer broke off"),
        "{}",
        text(&out)
    );
    assert_eq!(
        r.count(),
        3,
        "retried after the broken 503s, never after the 200"
    );
}

#[test]
fn order_is_kept_and_concurrency_reports_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let c = Capture::new(
            "POST",
            &format!("/n/{i}"),
            vec![],
            format!("{{\"n\":{i}}}").into_bytes(),
        );
        write_capture(dir.path(), &format!("{i:02}.json"), &c);
    }
    let r = TestServer::ok();
    let out = run(&[
        "replay",
        dir.path().to_str().unwrap(),
        "--to",
        &r.url(""),
        "--keep-path",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let urls: Vec<String> = r.requests().into_iter().map(|g| g.url).collect();
    let want: Vec<String> = (0..12).map(|i| format!("/n/{i}")).collect();
    assert_eq!(urls, want, "concurrency 1 sends in order");

    let r = TestServer::ok();
    let out = run(&[
        "replay",
        dir.path().to_str().unwrap(),
        "--to",
        &r.url(""),
        "--keep-path",
        "--format",
        "json",
        "--concurrency",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let sources: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let want: Vec<String> = (0..12)
        .map(|i| {
            dir.path()
                .join(format!("{i:02}.json"))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(sources, want, "reported in the captures' order");
    assert_eq!(r.requests().len(), 12);
}

/// Fills a store the way users do: `hookscope listen`, fed the fixtures.
fn store_from_listen(store: &Path) {
    let l = Listening::start(&[
        "--quiet",
        "--secret-file",
        "fixtures/secrets.txt",
        "--no-tolerance",
        "--store",
        store.to_str().unwrap(),
        "--max-requests",
        "4",
    ]);
    for f in [
        "github-push",
        "bpium-record-before-deleted",
        "bpium-record-created",
        "stripe-payment-intent-succeeded",
    ] {
        let out = run(&[
            "replay",
            &format!("fixtures/{f}.json"),
            "--to",
            &l.url(""),
            "--keep-path",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    let (code, out) = l.finish();
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn last_id_and_filters_pick_from_the_store_listen_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("captures");
    store_from_listen(&store);
    let s = store.to_str().unwrap();
    let list = run(&["replay", "--store", s, "--list", "--format", "json"]);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list));
    let rows: Vec<serde_json::Value> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    let events: Vec<&str> = rows.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "push",
            "record.before.deleted",
            "record.created",
            "payment_intent.succeeded"
        ]
    );
    assert!(rows.iter().all(|r| r["signature"] == "valid"));

    let r = TestServer::ok();
    let to = r.url("/");
    let pick = |extra: &[&str]| {
        let mut args = vec!["replay", "--store", s, "--to", &to, "--format", "json"];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{extra:?}: {}", text(&out));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(pick(&["--last"]), [ids[3].clone()]);
    assert_eq!(pick(&["--last", "2"]), [ids[2].clone(), ids[3].clone()]);
    assert_eq!(pick(&["--id", &ids[1][..13]]), [ids[1].clone()]);
    assert_eq!(
        pick(&["--event", "record.*"]),
        [ids[1].clone(), ids[2].clone()]
    );
    assert_eq!(pick(&["--platform", "stripe"]), [ids[3].clone()]);
    assert_eq!(pick(&["--platform", "Stripe"]), [ids[3].clone()]);
    // A name no scheme has is a typo, not an empty selection.
    let typo = run(&["replay", "--store", s, "--list", "--platform", "githb"]);
    assert_eq!(typo.status.code(), Some(2), "{}", text(&typo));
    assert!(
        text(&typo).contains("a similar value exists: 'github'"),
        "{}",
        text(&typo)
    );
    assert_eq!(
        pick(&["--since", "1h", "--platform", "github"]),
        [ids[0].clone()]
    );
    let human = run(&["replay", "--store", s, "--list"]);
    assert!(
        text(&human).contains("record.before.deleted") && text(&human).contains("4 captures"),
        "{}",
        text(&human)
    );

    // Ids are matched, never used as paths.
    let out = run(&[
        "replay",
        "--store",
        s,
        "--id",
        "../../etc/passwd",
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("is not a capture id"), "{}", text(&out));
    let out = run(&[
        "replay",
        "--store",
        s,
        "--id",
        "ffffffff",
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("no capture matches"), "{}", text(&out));
    let out = run(&["replay", "--store", s, "--to", &r.url("/")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("nothing chosen to replay"),
        "{}",
        text(&out)
    );
}

#[test]
fn dry_run_sends_nothing() {
    let r = TestServer::ok();
    let out = run(&["replay", "fixtures/", "--to", &r.url("/"), "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("would send POST"), "{}", text(&out));
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        &r.url("/x"),
        "--dry-run",
        "--format",
        "curl",
    ]);
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(
        t.starts_with(&format!("curl -sS -X POST {} \\\n", r.url("/x"))),
        "{t}"
    );
    assert!(t.contains("-H 'X-Hub-Signature-256: sha256="), "{t}");
    assert!(r.requests().is_empty(), "nothing was sent");
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        &r.url("/x"),
        "--format",
        "curl",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hand_made_signed_payload() {
    let r = TestServer::ok();
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("event.json");
    std::fs::write(&body, r#"{"id":"evt_1","type":"invoice.paid"}"#).unwrap();
    let out = run(&[
        "replay",
        "--body",
        body.to_str().unwrap(),
        "--scheme",
        "stripe",
        "--secret",
        "whsec_hand",
        "--to",
        &r.url("/hooks"),
        "--path",
        "/stripe",
        "-H",
        "User-Agent: Stripe/1.0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let g = &r.requests()[0];
    assert_eq!(g.url, "/hooks/stripe");
    assert_eq!(g.header("User-Agent"), Some("Stripe/1.0"));
    assert_eq!(g.header("Content-Type"), Some("application/json"));
    let c = Capture::new("POST", "/", g.headers.clone(), g.body.clone());
    let file = write_capture(dir.path(), "got.json", &c);
    let v = run(&["verify", "--secret", "whsec_hand", file.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    let out = run(&[
        "replay",
        "--body",
        body.to_str().unwrap(),
        "--secret",
        "s",
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("needs --scheme"), "{}", text(&out));
}

#[test]
fn expect_changes_what_counts_as_delivered() {
    let r = TestServer::scripted(vec![Answer::status(401)]);
    let out = run(&[
        "replay",
        "fixtures/invalid/github-tampered-body.json",
        "--to",
        &r.url("/"),
        "--expect",
        "4xx",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        &r.url("/"),
        "--expect",
        "401",
    ]);
    assert_eq!(out.status.code(), Some(1), "a 200 is not the 401 expected");
}

#[test]
fn bad_url_and_malformed_capture_exit_2() {
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        "localhost:3000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("is not an http:// or https:// URL"),
        "{}",
        text(&out)
    );
    for (args, says) in [
        (
            &["--to", "http://exa mple.com/"][..],
            "contains a space: write it as %20",
        ),
        (&["--last", "0", "--list"][..], "0 would pick no capture"),
    ] {
        let out = run(&[&["replay", "fixtures/github-push.json"], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"hookscope\": 1,").unwrap();
    let out = run(&[
        "replay",
        bad.to_str().unwrap(),
        "--to",
        "http://127.0.0.1:9/",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!("malformed capture '{}'", bad.display())),
        "{}",
        text(&out)
    );

    // Thousands of captures are read in parallel: still nothing is sent when one is malformed,
    // and the first bad one in path order is named.
    let many = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("fixtures/github-push.json")).unwrap();
    for i in 0..1200 {
        let bytes: &[u8] = if i == 300 || i == 1100 { b"{" } else { &good };
        std::fs::write(many.path().join(format!("{i:05}.json")), bytes).unwrap();
    }
    let r = TestServer::ok();
    let out = run(&[
        "replay",
        many.path().to_str().unwrap(),
        "--to",
        &r.url("/"),
        "--concurrency",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let first_bad = many.path().join("00300.json");
    assert!(
        text(&out).contains(&format!("malformed capture '{}'", first_bad.display())),
        "{}",
        text(&out)
    );
    assert_eq!(r.requests().len(), 0);
}

#[test]
fn rate_is_taken_and_every_delivery_arrives_in_order() {
    // How long --rate makes replay wait is not timed here (a lower bound on wall-clock time
    // passes on any slow machine): src/client/send.rs's tests count the waits the sender asks
    // for, exactly, three deliveries at 10/s waiting two intervals. What the binary shows is that
    // the flag is taken, and that every delivery still arrives, in the order given.
    let r = TestServer::ok();
    let files = [
        "fixtures/github-push.json",
        "fixtures/blue-todo-created.json",
        "fixtures/bpium-record-created.json",
    ];
    let to = r.url("/");
    let out = run(&[&["replay"], &files[..], &["--to", &to, "--rate", "10/s"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bodies: Vec<Vec<u8>> = r.requests().into_iter().map(|g| g.body).collect();
    assert_eq!(bodies.len(), 3);
    let want: Vec<Vec<u8>> = files
        .iter()
        .map(|f| Capture::read(&root().join(f)).unwrap().body)
        .collect();
    assert_eq!(bodies, want, "in the order given");
    let out = run(&["replay", files[0], "--to", &to, "--rate", "fast"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is not a rate"), "{}", text(&out));
}

#[test]
fn piped_output_shows_each_result_when_deliveries_come_slowly() {
    // Output to a pipe is written in blocks only when results stream in; when they come slowly
    // each line must reach the reader while replay is still sending the rest. Slowly here is
    // the second answer held back until the first line has been read: an order of events, where
    // two a second (--rate 2/s) raced the test's reading against the clock.
    let second = Gate::new();
    let r = TestServer::scripted(vec![
        Answer::status(200),
        Answer::status(200).after(&second),
    ]);
    let mut child = hookscope()
        .args([
            "replay",
            "fixtures/github-push.json",
            "fixtures/blue-todo-created.json",
            "fixtures/bpium-record-created.json",
            "--to",
            &r.url("/"),
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = lines_of(child.stdout.take().unwrap());
    let first = lines
        .recv_timeout(WAIT)
        .expect("the first result arrived only after every delivery was sent");
    assert!(first.contains("\"status\":200"), "{first}");
    assert!(
        r.count() < 3,
        "the first result arrived only after every delivery was sent"
    );
    second.open();
    assert_eq!(lines.iter().count(), 2);
    assert_eq!(exit_within(&mut child, WAIT), Some(0));
}

/// `text` with each number of milliseconds ("12 ms") written as "N ms": how long a request
/// took is not what a snapshot is about.
fn without_times(text: &str) -> String {
    let parts: Vec<&str> = text.split(" ms").collect();
    let last = parts.len() - 1;
    let parts: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let number = p.trim_end_matches(|c: char| c.is_ascii_digit());
            match i < last && number.len() < p.len() {
                true => format!("{number}N"),
                false => p.to_string(),
            }
        })
        .collect();
    parts.join(" ms")
}

#[test]
fn replay_lines_and_summary_are_what_was_reviewed() {
    // As a person reads them: delivered, delivered on a second attempt, refused, and an answer
    // broken off; the summary and what was not delivered. The receiver's port and the times
    // are written as PORT and N.
    let r = TestServer::scripted(vec![
        Answer::status(200).json(r#"{"ok":true}"#),
        Answer::status(503).header("Retry-After", "0"),
        Answer::status(202).json(r#"{"queued":1}"#),
        Answer::status(400).json(r#"{"error":"unknown event"}"#),
        Answer::status(200).cut_short(),
    ]);
    let out = run(&[
        "replay",
        "--color",
        "never",
        "fixtures/github-push.json",
        "fixtures/blue-todo-created.json",
        "fixtures/bpium-record-created.json",
        "fixtures/stripe-payment-intent-succeeded.json",
        "--to",
        &r.url("/hooks"),
        "--retries",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(!shown.contains('\x1b'), "{shown:?}");
    let shown = without_times(&shown).replace(&format!("127.0.0.1:{}", r.port), "127.0.0.1:PORT");
    insta::assert_snapshot!("replay_lines", shown);
}

#[test]
fn sixteen_connections_at_once_into_a_fresh_listen_are_all_answered_in_time() {
    // tiny_http used to queue a burst of keep-alive connections behind its four idle threads
    // until one closed, and runs of this lost 5 to 12 deliveries to the timeout.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..64 {
        let c = Capture::new(
            "POST",
            "/burst",
            vec![],
            format!("{{\"n\":{i}}}").into_bytes(),
        );
        write_capture(dir.path(), &format!("{i:03}.json"), &c);
    }
    let listening = Listening::start(&["--quiet", "--no-store"]);
    let port = listening.port;
    let out = run(&[
        "replay",
        dir.path().to_str().unwrap(),
        "--to",
        &format!("http://127.0.0.1:{port}/burst"),
        "--concurrency",
        "16",
        "--timeout",
        "5",
    ]);
    drop(listening);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("sent 64: 64 2xx"), "{}", text(&out));
}

#[test]
fn capture_ids_and_file_names_with_escape_sequences_reach_the_terminal_escaped() {
    let r = TestServer::scripted(vec![Answer::status(500)]);
    let dir = tempfile::tempdir().unwrap();
    let mut c = Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    c.id = "0a\x1b[2J".to_string();
    write_capture(dir.path(), "a.json", &c);
    c.id = "0b\x1b]0;owned\x07\u{9b}31m".to_string();
    write_capture(dir.path(), "b.json", &c);
    let clean = |o: &Output| {
        let t = text(o);
        assert!(
            !t.contains('\x1b') && !t.contains('\x07') && !t.contains('\u{9b}'),
            "{t:?}"
        );
        t
    };

    // The summary line naming what was not delivered.
    let out = run(&[
        "replay",
        dir.path().join("a.json").to_str().unwrap(),
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = clean(&out);
    assert!(
        t.contains("not delivered (expected 2xx): 0a\\x1b[2J"),
        "{t}"
    );

    // An --id that matches several captures.
    let out = run(&[
        "replay",
        dir.path().to_str().unwrap(),
        "--id",
        "0",
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = clean(&out);
    assert!(
        t.contains("matches 2 captures: 0a\\x1b[2J, 0b\\x1b]0;owned\\x07\\x9b31m"),
        "{t}"
    );

    // An error naming a file.
    let bad = dir.path().join("bad\x1b[31m.json");
    std::fs::write(&bad, "{").unwrap();
    let out = run(&["replay", bad.to_str().unwrap(), "--to", &r.url("/")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = clean(&out);
    assert!(t.contains("malformed capture '"), "{t}");
    assert!(t.contains("bad\\x1b[31m.json'"), "{t}");
}

#[test]
fn a_line_break_in_a_header_value_never_reaches_a_curl_command() {
    let r = TestServer::ok();
    let dir = tempfile::tempdir().unwrap();
    let mut c = Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    c.headers
        .push(("X-Note".into(), "1\r\nX-Injected: yes".into()));
    let path = write_capture(dir.path(), "c.json", &c);
    let path = path.to_str().unwrap();
    let says =
        "header 'X-Note' cannot be sent: its value contains CR, LF or another control character";

    let out = run(&[
        "replay",
        path,
        "--to",
        &r.url("/"),
        "--dry-run",
        "--format",
        "curl",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(out.stdout.is_empty(), "no command printed: {}", text(&out));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&format!("{path}: {says}")), "{err}");

    // A real replay refuses the same header with the same words, and sends nothing.
    let out = run(&["replay", path, "--to", &r.url("/"), "--retries", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains(says), "{}", text(&out));
    assert!(r.requests().is_empty());
}

#[test]
#[cfg(unix)]
fn list_names_an_unreadable_capture_shows_the_others_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    write_capture(d, "a.json", &good);
    std::fs::write(d.join("b-malformed.json"), "{").unwrap();
    std::os::unix::fs::symlink(d.join("gone.json"), d.join("c-dangling.json")).unwrap();
    let from_paths = ["replay", "--list", d.to_str().unwrap()];
    let from_store = ["replay", "--list", "--store", d.to_str().unwrap()];
    for args in [&from_paths[..], &from_store[..]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stdout.contains(&good.id), "{stdout}");
        assert!(stdout.ends_with("1 capture, 2 unreadable\n"), "{stdout}");
        let malformed = format!(
            "malformed capture '{}'",
            d.join("b-malformed.json").display()
        );
        let dangling = format!(
            "could not read capture '{}'",
            d.join("c-dangling.json").display()
        );
        assert!(stderr.contains(&malformed), "{stderr}");
        assert!(stderr.contains(&dangling), "{stderr}");
    }
    // Sending still reads every capture first: nothing goes out, and the first bad one is named.
    let r = TestServer::ok();
    let out = run(&["replay", d.to_str().unwrap(), "--to", &r.url("/")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("malformed capture '"), "{}", text(&out));
    assert!(r.requests().is_empty());
}

/// A capture no secret verifies is skipped and named, and the run goes on with the others
/// (exit 1 at the end); --resign-secret signs what is sent with the receiver's own secret,
/// which its verify then accepts.
#[test]
fn resign_secret_signs_for_the_receiver_and_forgeries_are_skipped_not_fatal() {
    let r = TestServer::ok();
    let out = run(&[
        "replay",
        "fixtures/invalid/github-tampered-body.json",
        "fixtures/github-push.json",
        "--to",
        &r.url("/"),
        "--resign-secret",
        "local-dev-secret",
        "--secret-file",
        "fixtures/secrets.txt",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("github-tampered-body.json: not re-signed, not sent"),
        "{t}"
    );
    assert!(t.contains("not re-signed, so not sent: "), "{t}");
    let got = r.requests();
    assert_eq!(got.len(), 1, "only the genuine one is sent");
    // What arrived verifies with the receiver's secret, and not with the sender's.
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body");
    std::fs::write(&body, &got[0].body).unwrap();
    let sig = got[0]
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-hub-signature-256"))
        .map(|(_, v)| format!("X-Hub-Signature-256: {v}"))
        .unwrap();
    let check = |secret: &str| {
        run(&[
            "verify",
            "--scheme",
            "github",
            "--secret",
            secret,
            "--body",
            body.to_str().unwrap(),
            "-H",
            &sig,
        ])
    };
    assert_eq!(check("local-dev-secret").status.code(), Some(0));
    assert_eq!(check("github-fixture-secret").status.code(), Some(1));
}

/// --signature picks captures by the verdict listen recorded, for --list and for sending.
#[test]
fn signature_selects_by_the_recorded_verdict() {
    let store = tempfile::tempdir().unwrap();
    let l = Listening::start(&[
        "--store",
        store.path().to_str().unwrap(),
        "--secret",
        "github-fixture-secret",
        "--accept-invalid",
    ]);
    let r = TestServer::ok();
    let sent = run(&[
        "replay",
        "fixtures/github-push.json",
        "fixtures/invalid/github-tampered-body.json",
        "--to",
        &l.url("/hooks/github"),
    ]);
    // Answered, so stored: listen stores before it answers.
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent));
    let list = run(&[
        "replay",
        "--store",
        store.path().to_str().unwrap(),
        "--list",
        "--signature",
        "invalid",
    ]);
    let t = text(&list);
    assert!(t.contains("invalid") && !t.contains(" valid "), "{t}");
    assert!(t.contains("1 capture"), "{t}");
    let out = run(&[
        "replay",
        "--store",
        store.path().to_str().unwrap(),
        "--signature",
        "valid",
        "--to",
        &r.url("/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(r.count(), 1);
}

/// A dry run names each capture's file, as a real send does; --id takes a unique end of an
/// id too; --platform bitrix takes both of Bitrix24's schemes.
#[test]
fn dry_run_names_files_ids_match_by_their_end_and_bitrix_is_one_platform() {
    let out = run(&[
        "replay",
        "fixtures/github-push.json",
        "--to",
        "http://127.0.0.1:9/",
        "--dry-run",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("(fixtures/github-push.json, "),
        "{}",
        text(&out)
    );

    let id = hookscope::capture::Capture::read(&root().join("fixtures/github-push.json"))
        .unwrap()
        .id;
    let tail = &id[id.len() - 12..];
    let out = run(&["replay", "fixtures/", "--id", tail, "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 capture\n"), "{}", text(&out));

    let out = run(&["replay", "fixtures/", "--platform", "bitrix", "--list"]);
    let t = text(&out);
    // (fixtures/ is read with its invalid/ copies: two of each scheme.)
    assert!(
        t.contains("bitrix-token") && t.contains("4 captures"),
        "{t}"
    );
}

/// A Bitrix24 token capture carries no signature to make again, but a wrong token is still a
/// forgery: --resign skips it and names it, and sends the genuine one.
#[test]
fn resign_skips_a_capture_whose_token_no_secret_matches() {
    let o = crate::common::run(&[
        "replay",
        "fixtures/invalid/bitrix-token-wrong-token.json",
        "fixtures/bitrix-token-oncrmleadadd.json",
        "--resign",
        "--secret-file",
        "fixtures/secrets.txt",
        "--to",
        "http://127.0.0.1:9",
        "--dry-run",
    ]);
    let out = crate::common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("bitrix-token-wrong-token.json: not re-signed, not sent: its token does not match any secret given"),
        "{out}"
    );
    assert!(out.contains("would send POST http://127.0.0.1:9"), "{out}");
    assert_eq!(out.matches("would send").count(), 1, "{out}");
}
