//! The checks platforms make of an endpoint before (or between) deliveries, sent to `listen`
//! exactly as each platform sends them, and the exact answers they need.

use hookscope::scheme::{Algorithm, Encoding};

use crate::common::{send, Listening, Reply, TestServer};

fn header<'a>(r: &'a Reply, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Slack's docs: the url_verification request, signed with the docs' example secret at the
/// docs' timestamp (signature computed with Python's hmac and openssl).
#[test]
fn slack_url_verification_is_answered_once_its_signature_passes() {
    let mut l = Listening::start(&[
        "--no-store",
        "--secret",
        "8f742231b10e8888abcd99yyyzzz85a5",
        "--now",
        "1531420618",
    ]);
    let body = br#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;
    let signed = [
        ("X-Slack-Request-Timestamp", "1531420618"),
        (
            "X-Slack-Signature",
            "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652",
        ),
        ("Content-Type", "application/json"),
    ];
    let r = send(&l.url("/slack/events"), "POST", &signed, body);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.body,
        r#"{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}"#
    );
    l.wait_for("Slack url_verification handshake, answered by hookscope");
    // A forged one gets no challenge back.
    let mut forged = signed;
    forged[1].1 = "v0=0000000000000000000000000000000000000000000000000000000000000000";
    let r = send(&l.url("/slack/events"), "POST", &forged, body);
    assert_eq!(r.status, 401, "{r:?}");
    assert!(!r.body.contains("3eZbrw1aBm2rZg"), "{}", r.body);
    l.interrupt();
    let (_, out) = l.finish();
    assert!(out.contains("received 1: 0 valid, 1 invalid"), "{out}");
    assert!(out.contains("; 1 handshake"), "{out}");
}

/// Zoom's endpoint.url_validation: signed like any event; the answer's encryptedToken is the
/// hex HMAC-SHA256 of the plain token (value computed with Python's hmac and openssl).
#[test]
fn zoom_url_validation_gets_its_plain_and_encrypted_token() {
    let l = Listening::start(&[
        "--no-store",
        "--secret",
        "hookscope_zoom_secret",
        "--now",
        "1700000000",
    ]);
    let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000000,"event":"endpoint.url_validation"}"#;
    let mac = Algorithm::Sha256.mac(b"hookscope_zoom_secret", &[b"v0:1700000000:", body]);
    let sig = format!("v0={}", hex::encode(mac));
    let r = send(
        &l.url("/zoom"),
        "POST",
        &[
            ("x-zm-request-timestamp", "1700000000"),
            ("x-zm-signature", &sig),
        ],
        body,
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.json(),
        serde_json::json!({
            "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
            "encryptedToken": "df4cebeb5bcc11b52518d62385823e52ba66e3cb4459a123e08f8b9f806187e9"
        })
    );
}

/// Twitch's webhook_callback_verification, as its docs show it; the signature computed with
/// Python's hmac and openssl. The challenge comes back as plain text, nothing around it.
#[test]
fn twitch_verification_gets_the_bare_challenge() {
    let l = Listening::start(&[
        "--no-store",
        "--secret",
        "hookscope-twitch-secret",
        "--now",
        "1573899072",
    ]);
    let body = br#"{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"webhook_callback_verification_pending","type":"channel.follow","version":"1","cost":1,"condition":{"broadcaster_user_id":"12826"},"transport":{"method":"webhook","callback":"https://example.com/webhooks/callback"},"created_at":"2019-11-16T10:11:12.634234626Z"}}"#;
    let r = send(
        &l.url("/eventsub/callback"),
        "POST",
        &[
            (
                "Twitch-Eventsub-Message-Type",
                "webhook_callback_verification",
            ),
            (
                "Twitch-Eventsub-Message-Id",
                "e76c6bd4-55c9-4987-8304-da1588d8988b",
            ),
            (
                "Twitch-Eventsub-Message-Timestamp",
                "2019-11-16T10:11:12.634234626Z",
            ),
            ("Twitch-Eventsub-Subscription-Type", "channel.follow"),
            ("Twitch-Eventsub-Subscription-Version", "1"),
            (
                "Twitch-Eventsub-Message-Signature",
                "sha256=b61101af27a82bb062a08249a10da8724e0b65f16c8ed065652cb2dfc8d036a8",
            ),
        ],
        body,
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body, "pogchamp-kappa-360noscope-vohiyo");
    assert!(r
        .content_type
        .as_deref()
        .unwrap_or("")
        .starts_with("text/plain"));
}

/// Meta's subscription check (the docs' example): the challenge when the verify token is the
/// one given, 403 otherwise, and 403 with a reason when none was given to hookscope.
#[test]
fn meta_subscription_check_needs_the_verify_token() {
    let l = Listening::start_env(
        &["--no-store", "--verify-token-env", "META_VERIFY_TOKEN"],
        &[("META_VERIFY_TOKEN", "meatyhamhock")],
    );
    let check = |token: &str| {
        send(
            &l.url(&format!(
                "/hooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}"
            )),
            "GET",
            &[],
            b"",
        )
    };
    let r = check("meatyhamhock");
    assert_eq!((r.status, r.body.as_str()), (200, "1158201444"), "{r:?}");
    assert_eq!(header(&r, "x-content-type-options"), Some("nosniff"));
    let r = check("guess");
    assert_eq!(r.status, 403, "{r:?}");
    assert!(!r.body.contains("1158201444"));

    let bare = Listening::start(&["--no-store"]);
    let r = send(
        &bare.url("/hooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x"),
        "GET",
        &[],
        b"",
    );
    assert_eq!(r.status, 403, "{r:?}");
    assert!(r.body.contains("--verify-token-env"), "{}", r.body);
}

/// X's CRC check: the response token is sha256= + base64 HMAC-SHA256 of crc_token under the
/// consumer secret (value computed with Python's hmac and node's crypto).
#[test]
fn x_crc_check_gets_its_response_token() {
    let l = Listening::start(&["--no-store", "--secret", "test", "--scheme", "x"]);
    let r = send(
        &l.url("/webhooks/x?crc_token=challenge_token"),
        "GET",
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.json(),
        serde_json::json!({"response_token": "sha256=OSvg8AFh8OwxetNsur5vLw9VuknOTDIQhdcPbo+T2pk="})
    );
    let mac = Algorithm::Sha256.mac(b"test", &[b"challenge_token"]);
    assert_eq!(
        r.json()["response_token"],
        format!("sha256={}", Encoding::Base64.encode(&mac))
    );
}

/// Dropbox's verification request: the challenge, as plain text that is not sniffed.
#[test]
fn dropbox_verification_echoes_the_challenge_as_plain_text() {
    let l = Listening::start(&["--no-store"]);
    let r = send(
        &l.url("/dropbox?challenge=a1b2c3-%3Cscript%3E"),
        "GET",
        &[],
        b"",
    );
    assert_eq!(
        (r.status, r.body.as_str()),
        (200, "a1b2c3-<script>"),
        "{r:?}"
    );
    assert!(r
        .content_type
        .as_deref()
        .unwrap_or("")
        .starts_with("text/plain"));
    assert_eq!(header(&r, "x-content-type-options"), Some("nosniff"));
    // Any other GET is still not a delivery.
    let r = send(&l.url("/dropbox?other=1"), "GET", &[], b"");
    assert_eq!(r.status, 405, "{r:?}");
}

/// Microsoft Graph's validation: the token URL-decoded (`%3A` a colon, `%20` a space), as
/// plain text; the parameter's name is taken in any case.
#[test]
fn graph_validation_gets_the_decoded_token() {
    let l = Listening::start(&["--no-store"]);
    let r = send(
        &l.url("/graph?validationToken=Validation%3A%20Testing%20client%20application%20reachability%20for%20subscription%20Request-Id%3A%20522a8e7e-096a-494c-aaf1-ac0dcfca45b7"),
        "POST",
        &[("Content-Type", "text/plain; charset=utf-8")],
        b"",
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.body,
        "Validation: Testing client application reachability for subscription Request-Id: 522a8e7e-096a-494c-aaf1-ac0dcfca45b7"
    );
    let r = send(&l.url("/graph?validationtoken=a+b"), "POST", &[], b"");
    assert_eq!((r.status, r.body.as_str()), (200, "a b"));
}

/// A handshake is stored like any delivery, with its answer; it reaches the app behind
/// --forward-to only with --forward-handshakes.
#[test]
fn handshakes_are_stored_and_forwarded_only_when_asked() {
    let app = TestServer::ok();
    let store = tempfile::tempdir().unwrap();
    let l = Listening::start(&[
        "--store",
        store.path().to_str().unwrap(),
        "--forward-to",
        &app.url("/app"),
    ]);
    let r = send(&l.url("/d?challenge=abc"), "GET", &[], b"");
    assert_eq!((r.status, r.body.as_str()), (200, "abc"));
    // A delivery after it: the app sees that one only.
    let r = send(&l.url("/d"), "POST", &[], b"{}");
    assert_eq!(r.status, 200);
    assert_eq!(app.count(), 1, "{:?}", app.requests());
    assert_eq!(app.requests()[0].method, "POST");
    let stored: Vec<_> = std::fs::read_dir(store.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        stored
            .iter()
            .any(|c| c.contains(r#""handshake":"Dropbox verification""#)
                && c.contains(r#""decision":"handshake""#)),
        "{stored:?}"
    );

    let app = TestServer::ok();
    let l = Listening::start(&[
        "--no-store",
        "--forward-to",
        &app.url("/app"),
        "--forward-handshakes",
    ]);
    let r = send(&l.url("/d?challenge=abc"), "GET", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(app.count(), 1);
    assert_eq!(app.requests()[0].method, "GET");
}

/// Asana's handshake (its docs' example): the X-Hook-Secret comes back; hookscope keeps it,
/// owner-only, in its state directory, and checks that endpoint's later deliveries with it,
/// in this listen and the next. (Signatures computed with Python's hmac and openssl.)
#[test]
fn asana_hands_over_its_secret_and_later_deliveries_are_checked_with_it() {
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut l = Listening::start_env(&["--no-store", "--scheme", "asana"], &env);
    let secret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
    let r = send(
        &l.url("/receive-webhook/7654"),
        "POST",
        &[("X-Hook-Secret", secret)],
        b"",
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(header(&r, "x-hook-secret"), Some(secret));
    let note = l.wait_for("handed over the secret for /receive-webhook/7654");
    assert!(!note.contains(secret), "a secret is never printed: {note}");
    let kept: Vec<_> = std::fs::read_dir(state.path().join("hookscope/handed-over"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner-only: {mode:o}");
    }
    let heartbeat = |l: &Listening, sig: &str| {
        send(
            &l.url("/receive-webhook/7654"),
            "POST",
            &[("X-Hook-Signature", sig)],
            br#"{"events":[]}"#,
        )
    };
    let good = "10468027b67df18c739cc4794c6fc2d2806dcaaf2259fc3e1ed9d26433659853";
    let bad = "00468027b67df18c739cc4794c6fc2d2806dcaaf2259fc3e1ed9d26433659853";
    assert_eq!(heartbeat(&l, good).status, 200);
    assert_eq!(heartbeat(&l, bad).status, 401);
    drop(l);
    // The next listen knows it too.
    let l = Listening::start_env(&["--no-store", "--scheme", "asana"], &env);
    assert_eq!(heartbeat(&l, good).status, 200);
    assert_eq!(heartbeat(&l, bad).status, 401);
    // Another path has no secret: shown unchecked, as in inspection mode.
    let r = send(
        &l.url("/elsewhere"),
        "POST",
        &[("X-Hook-Signature", bad)],
        br#"{"events":[]}"#,
    );
    assert_eq!(r.status, 200);
}

/// Discord's PING, signed with RFC 8032's TEST 1 key (signature computed with PyNaCl and
/// cryptography): PONG once the Ed25519 check passes, 401 for the bad signatures Discord sends
/// on purpose.
#[test]
fn discord_ping_gets_pong_only_when_signed() {
    let mut l = Listening::start(&[
        "--no-store",
        "--public-key",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    ]);
    let sig = "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";
    let ping = |sig: &str| {
        send(
            &l.url("/interactions"),
            "POST",
            &[
                ("X-Signature-Ed25519", sig),
                ("X-Signature-Timestamp", "1700000000"),
                ("Content-Type", "application/json"),
            ],
            br#"{"type":1}"#,
        )
    };
    let r = ping(sig);
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"type":1}"#), "{r:?}");
    let mut forged = sig.to_string();
    forged.replace_range(..2, "00");
    let r = ping(&forged);
    assert_eq!(r.status, 401, "{r:?}");
    assert!(!r.body.contains(r#"{"type":1}"#));
    l.wait_for("Discord PING handshake, answered by hookscope");
}

/// WooCommerce's ping when a webhook is saved: `webhook_id=<n>`, unsigned, no X-WC-* header;
/// it wants a 200, even from a listener holding a secret.
#[test]
fn woocommerce_ping_gets_its_200() {
    let l = Listening::start(&["--no-store", "--secret", "wc-secret"]);
    let r = send(
        &l.url("/hooks/woocommerce"),
        "POST",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"webhook_id=4",
    );
    assert_eq!(r.status, 200, "{r:?}");
    // A body of another shape is a delivery like any other, and this one is unsigned.
    let r = send(
        &l.url("/hooks/woocommerce"),
        "POST",
        &[],
        b"webhook_id=4&x=1",
    );
    assert_eq!(r.status, 401, "{r:?}");
}

/// A reviewer's attacks, each refused: X's CRC and Asana's handshake are answered only on an
/// endpoint named for them (the CRC is a MAC of what the caller picks; Asana hands over a
/// secret), a forged signed handshake gets no answer even with --accept-invalid, and
/// --forward-handshakes never passes an unchecked body to the app.
#[test]
fn handshakes_cannot_be_turned_against_the_secret() {
    let app = TestServer::ok();
    let l = Listening::start(&[
        "--no-store",
        "--secret",
        "topsecret",
        "--forward-to",
        &app.url("/app"),
        "--forward-handshakes",
        "--accept-invalid",
    ]);
    // No CRC oracle on an endpoint that checks GitHub and the rest.
    let r = send(&l.url("/hook?crc_token=%7B%22a%22%3A1%7D"), "GET", &[], b"");
    assert_eq!(r.status, 405, "{r:?}");
    assert!(!r.body.contains("response_token"), "{}", r.body);
    // No secret planted by an Asana-shaped request: it is a delivery like any other.
    let r = send(
        &l.url("/hook"),
        "POST",
        &[("X-Hook-Secret", "attacker")],
        b"",
    );
    assert!(header(&r, "x-hook-secret").is_none(), "{r:?}");
    // A forged Zoom validation: no encryptedToken, --accept-invalid or not.
    let r = send(
        &l.url("/zoom"),
        "POST",
        &[
            ("x-zm-request-timestamp", "1700000000"),
            ("x-zm-signature", "v0=00"),
        ],
        br#"{"event":"endpoint.url_validation","payload":{"plainToken":"v0:1:{}"}}"#,
    );
    assert_eq!(r.status, 401, "{r:?}");
    assert!(!r.body.contains("encryptedToken"), "{}", r.body);
    drop(l);
    // A body under Graph's validationToken is not a validation: it is checked like any
    // delivery, refused unsigned, and not passed to the app.
    let l = Listening::start(&[
        "--no-store",
        "--secret",
        "topsecret",
        "--forward-to",
        &app.url("/app"),
        "--forward-handshakes",
    ]);
    let before = app.count();
    let r = send(
        &l.url("/hook?validationToken=x"),
        "POST",
        &[],
        br#"{"forged":true}"#,
    );
    assert_eq!(r.status, 401, "{r:?}");
    // An Asana-shaped request is a delivery too: unsigned, refused, not passed on.
    let r = send(
        &l.url("/hook"),
        "POST",
        &[("X-Hook-Secret", "attacker")],
        b"",
    );
    assert_eq!(r.status, 401, "{r:?}");
    // Whatever reached the app did after both answers: a marker shows nothing else did.
    assert_eq!(
        send(&l.url("/hook?challenge=m"), "GET", &[], b"").status,
        200
    );
    assert_eq!(app.count(), before, "{:?}", app.requests());
}
