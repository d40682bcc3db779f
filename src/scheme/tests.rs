//! Known-answer vectors from ../shared/platforms.md, plus the failure reasons each scheme gives.

use base64::Engine as _;

use sha2::Digest;

use super::engine::{reframed, replace};
use super::*;
use crate::body::Body;

const BITRIX_TOKEN: Kind = Kind(&bitrix_token::PLATFORM);
const BLUE: Kind = Kind(&blue::PLATFORM);
const BPIUM: Kind = Kind(&bpium::PLATFORM);
const GITHUB: Kind = Kind(&github::PLATFORM);
const STRIPE: Kind = Kind(&stripe::PLATFORM);
const STANDARD: Kind = Kind(&standard::PLATFORM);
const SLACK: Kind = Kind(&slack::PLATFORM);
const SHOPIFY: Kind = Kind(&shopify::PLATFORM);

/// Every scheme that signs with a shared secret: all but those whose requests carry the
/// secret itself (or a clientState, or a body-borne signature), and those that sign with a
/// private key (discord, sendgrid: tested in their own files).
fn signed() -> Vec<Kind> {
    Kind::all()
        .iter()
        .copied()
        .filter(|k| {
            let params = HmacParams {
                header: "X-Sig".into(),
                algorithm: Algorithm::Sha256,
                encoding: Encoding::Hex,
                prefix: String::new(),
            };
            !k.needs_public_key() && k.scheme(Some(&params)).unwrap().not_signed().is_none()
        })
        .collect()
}

#[test]
fn only_the_schemes_without_a_header_sign_nothing() {
    let unsigned: Vec<&str> = Kind::all()
        .iter()
        .filter(|k| !signed().contains(k) && !k.needs_public_key())
        .map(|k| k.name())
        .collect();
    assert_eq!(unsigned, ["bitrix-token", "gitlab", "msgraph", "mailgun"]);
}

const NOW: Clock = Clock {
    now: 0,
    tolerance: Tolerance::Off,
};

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn verify(kind: Kind, headers: &[(&str, &str)], body: &[u8], secret: &str) -> Result<(), Failure> {
    verify_at(kind, headers, body, secret, NOW)
}

fn verify_at(
    kind: Kind,
    headers: &[(&str, &str)],
    body: &[u8],
    secret: &str,
    clock: Clock,
) -> Result<(), Failure> {
    let headers = h(headers);
    let body = Body::new(body);
    let req = Request::new(&headers, &body);
    kind.scheme(None)
        .unwrap()
        .verify(&req, &[Secret::new(secret)], &clock)
}

const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_SIG: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STANDARD_BODY: &[u8] = br#"{"test": 2432232314}"#;
const STANDARD_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const SLACK_BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SLACK_SIG: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const BLUE_BODY: &[u8] =
    br#"{"event":"TODO_CREATED","currentValue":{"id":"clb4zna6x0000vt1swuwso25f","title":"GGGG"}}"#;
const BLUE_SIG: &str = "feef4a75a009e6a45887e2e953a3b201ac590ee07999d861912c2595e13099d6";
const BPIUM_BODY: &[u8] = br#"{"timestamp":"1459500623","hook":{"id":"2","event":"record.before.updated","sequenceId":84},"payload":{"catalogId":"5","recordId":"199","values":{"2":"Text"},"prevValues":{}},"user":{"id":"1"}}"#;
const BPIUM_SIG: &str = "X/2Yr/MT9M14XTvXpwAFiQ==";
const STRIPE_BODY: &[u8] = b"{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
const STRIPE_SIG: &str =
    "t=1492774577,v1=c2f890decbc5ede7c5060bb9a6d31e0626a4342bacb9aeae2adb1bcea72f9812";

fn standard_headers(sig: &str) -> Vec<(&str, &str)> {
    vec![
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", sig),
    ]
}

#[test]
fn github_vector() {
    assert_eq!(
        verify(
            GITHUB,
            &[("X-Hub-Signature-256", GITHUB_SIG)],
            b"Hello, World!",
            GITHUB_SECRET
        ),
        Ok(())
    );
}

#[test]
fn standard_vector() {
    assert_eq!(
        verify(
            STANDARD,
            &standard_headers(STANDARD_SIG),
            STANDARD_BODY,
            STANDARD_SECRET
        ),
        Ok(())
    );
}

#[test]
fn svix_header_names_are_read_too() {
    let headers = [
        ("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("svix-timestamp", "1614265330"),
        ("svix-signature", STANDARD_SIG),
    ];
    assert_eq!(
        verify(STANDARD, &headers, STANDARD_BODY, STANDARD_SECRET),
        Ok(())
    );
}

#[test]
fn slack_vector() {
    let headers = [
        ("X-Slack-Signature", SLACK_SIG),
        ("X-Slack-Request-Timestamp", "1531420618"),
    ];
    assert_eq!(verify(SLACK, &headers, SLACK_BODY, SLACK_SECRET), Ok(()));
}

#[test]
fn blue_vector() {
    assert_eq!(
        verify(BLUE, &[("X-Signature", BLUE_SIG)], BLUE_BODY, "secret"),
        Ok(())
    );
}

#[test]
fn bpium_vector() {
    assert_eq!(
        verify(
            BPIUM,
            &[("X-Hook-Signature", BPIUM_SIG)],
            BPIUM_BODY,
            "my-secret-string"
        ),
        Ok(())
    );
}

#[test]
fn stripe_vector() {
    assert_eq!(
        verify(
            STRIPE,
            &[("Stripe-Signature", STRIPE_SIG)],
            STRIPE_BODY,
            "whsec_test_secret"
        ),
        Ok(())
    );
}

#[test]
fn header_names_are_case_insensitive() {
    assert_eq!(
        verify(BLUE, &[("x-signature", BLUE_SIG)], BLUE_BODY, "secret"),
        Ok(())
    );
    assert_eq!(
        verify(
            GITHUB,
            &[("X-HUB-SIGNATURE-256", GITHUB_SIG)],
            b"Hello, World!",
            GITHUB_SECRET
        ),
        Ok(())
    );
}

#[test]
fn sign_reproduces_every_vector() {
    let cases: [(Kind, &[u8], &str, &str, SignContext); 6] = [
        (
            GITHUB,
            b"Hello, World!",
            GITHUB_SECRET,
            GITHUB_SIG,
            SignContext {
                timestamp: 0,
                id: String::new(),
                url: None,
            },
        ),
        (
            BLUE,
            BLUE_BODY,
            "secret",
            BLUE_SIG,
            SignContext {
                timestamp: 0,
                id: String::new(),
                url: None,
            },
        ),
        (
            BPIUM,
            BPIUM_BODY,
            "my-secret-string",
            BPIUM_SIG,
            SignContext {
                timestamp: 0,
                id: String::new(),
                url: None,
            },
        ),
        (
            STRIPE,
            STRIPE_BODY,
            "whsec_test_secret",
            STRIPE_SIG,
            SignContext {
                timestamp: 1492774577,
                id: String::new(),
                url: None,
            },
        ),
        (
            SLACK,
            SLACK_BODY,
            SLACK_SECRET,
            SLACK_SIG,
            SignContext {
                timestamp: 1531420618,
                id: String::new(),
                url: None,
            },
        ),
        (
            STANDARD,
            STANDARD_BODY,
            STANDARD_SECRET,
            STANDARD_SIG,
            SignContext {
                timestamp: 1614265330,
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek".into(),
                url: None,
            },
        ),
    ];
    for (kind, body, secret, want, ctx) in cases {
        let scheme = kind.scheme(None).unwrap();
        let key = scheme.key(&Secret::new(secret)).unwrap();
        let headers = scheme.sign(body, &[key], &ctx).unwrap();
        assert!(
            headers.iter().any(|(_, v)| v == want),
            "{kind}: {headers:?}"
        );
    }
}

#[test]
fn github_legacy_sha1_only_when_sha256_is_absent() {
    let legacy = format!(
        "sha1={}",
        hex::encode(Algorithm::Sha1.mac(GITHUB_SECRET.as_bytes(), &[b"Hello, World!"]))
    );
    assert_eq!(
        verify(
            GITHUB,
            &[("X-Hub-Signature", &legacy)],
            b"Hello, World!",
            GITHUB_SECRET
        ),
        Ok(())
    );
    // A wrong SHA-256 signature is not rescued by a right SHA-1 one.
    let bad256 = format!("sha256={}", "0".repeat(64));
    let got = verify(
        GITHUB,
        &[
            ("X-Hub-Signature-256", &bad256),
            ("X-Hub-Signature", &legacy),
        ],
        b"Hello, World!",
        GITHUB_SECRET,
    );
    assert!(matches!(got, Err(Failure::Mismatch { .. })), "{got:?}");
}

#[test]
fn stripe_v0_is_never_accepted() {
    let v0 = STRIPE_SIG.replace("v1=", "v0=");
    let got = verify(
        STRIPE,
        &[("Stripe-Signature", &v0)],
        STRIPE_BODY,
        "whsec_test_secret",
    );
    let Err(Failure::Malformed { why, .. }) = got else {
        panic!("{got:?}")
    };
    assert!(why.contains("v0"), "{why}");
}

#[test]
fn stripe_any_v1_entry_may_match() {
    let sig = format!("t=1492774577,v1={},{}", "ab".repeat(32), &STRIPE_SIG[13..]);
    assert_eq!(
        verify(
            STRIPE,
            &[("Stripe-Signature", &sig)],
            STRIPE_BODY,
            "whsec_test_secret"
        ),
        Ok(())
    );
}

#[test]
fn standard_v1a_is_not_checked_by_a_secret_and_any_v1_may_match() {
    // v1a entries are checked with a public key (standard.rs's own tests); a secret alone
    // refuses them, and says what would check them.
    let v1a = STANDARD_SIG.replace("v1,", "v1a,");
    let got = verify(
        STANDARD,
        &standard_headers(&v1a),
        STANDARD_BODY,
        STANDARD_SECRET,
    );
    assert!(
        matches!(&got, Err(Failure::Malformed { why, .. }) if why.contains("--public-key")),
        "{got:?}"
    );
    let several = format!(
        "v1,{} {v1a} {STANDARD_SIG}",
        Encoding::Base64.encode(&[7; 32])
    );
    assert_eq!(
        verify(
            STANDARD,
            &standard_headers(&several),
            STANDARD_BODY,
            STANDARD_SECRET
        ),
        Ok(())
    );
}

#[test]
fn rotation_any_secret_may_match() {
    let headers = h(&[("X-Signature", BLUE_SIG)]);
    let body = Body::new(BLUE_BODY);
    let req = Request::new(&headers, &body);
    let secrets = [Secret::new("old"), Secret::new("secret")];
    assert_eq!(
        BLUE.scheme(None).unwrap().verify(&req, &secrets, &NOW),
        Ok(())
    );
}

#[test]
fn stripe_checks_only_too_old() {
    let at = |now| Clock {
        now,
        tolerance: Tolerance::Seconds(300),
    };
    let sig = [("Stripe-Signature", STRIPE_SIG)];
    assert_eq!(
        verify_at(
            STRIPE,
            &sig,
            STRIPE_BODY,
            "whsec_test_secret",
            at(1492774577 + 300)
        ),
        Ok(())
    );
    assert_eq!(
        verify_at(
            STRIPE,
            &sig,
            STRIPE_BODY,
            "whsec_test_secret",
            at(1492774577 + 412)
        ),
        Err(Failure::Timestamp {
            age: 412,
            tolerance: 300
        })
    );
    // A timestamp in the future is Stripe's business, not a failure.
    assert_eq!(
        verify_at(
            STRIPE,
            &sig,
            STRIPE_BODY,
            "whsec_test_secret",
            at(1492774577 - 10_000)
        ),
        Ok(())
    );
}

#[test]
fn standard_and_slack_check_both_sides() {
    let at = |now| Clock {
        now,
        tolerance: Tolerance::Seconds(300),
    };
    let got = verify_at(
        STANDARD,
        &standard_headers(STANDARD_SIG),
        STANDARD_BODY,
        STANDARD_SECRET,
        at(1614265330 - 301),
    );
    assert_eq!(
        got,
        Err(Failure::Timestamp {
            age: -301,
            tolerance: 300
        })
    );
    assert_eq!(
        got.unwrap_err().to_string(),
        "timestamp 301 s in the future, 1 s outside the 300 s tolerance"
    );
    let slack = [
        ("X-Slack-Signature", SLACK_SIG),
        ("X-Slack-Request-Timestamp", "1531420618"),
    ];
    let got = verify_at(
        SLACK,
        &slack,
        SLACK_BODY,
        SLACK_SECRET,
        at(1531420618 + 1000),
    );
    assert_eq!(
        got.unwrap_err().to_string(),
        "timestamp 1000 s old, 700 s outside the 300 s tolerance"
    );
    assert_eq!(
        verify_at(
            SLACK,
            &slack,
            SLACK_BODY,
            SLACK_SECRET,
            at(1531420618 - 300)
        ),
        Ok(())
    );
}

/// For every scheme: a tampered body, a wrong secret, a missing header, a malformed header.
#[test]
fn every_scheme_rejects_tampering_wrong_secret_missing_and_malformed_headers() {
    let body = br#"{"event":"x","n":1}"#;
    // A URL for the schemes that sign it (the others ignore it); Twilio's carries the body's
    // SHA-256, as Twilio's own does for a JSON body.
    let url = format!(
        "https://example.com/hooks/x?bodySHA256={}",
        hex::encode(sha2::Sha256::digest(body))
    );
    let ctx = SignContext {
        timestamp: 1_700_000_000,
        id: "msg_1".into(),
        url: Some(url.clone()),
    };
    let clock = Clock {
        now: 1_700_000_000,
        tolerance: Tolerance::Seconds(300),
    };
    let secret = Secret::new("whsec_c2VjcmV0LWtleS1ieXRlcw==");
    let wrong = Secret::new("whsec_b3RoZXIta2V5LWJ5dGVz");
    let params = HmacParams {
        header: "X-Custom-Sig".into(),
        algorithm: Algorithm::Sha512,
        encoding: Encoding::Base64,
        prefix: "sha512=".into(),
    };
    for kind in signed() {
        let scheme = kind.scheme(Some(&params)).unwrap();
        let headers = scheme
            .sign(body, &[scheme.key(&secret).unwrap()], &ctx)
            .unwrap();
        let ok = |hs: &[(String, String)], b: &[u8], s: &Secret| {
            scheme.verify(
                &Request::new(hs, &Body::new(b)).at(Some(&url)),
                std::slice::from_ref(s),
                &clock,
            )
        };
        assert_eq!(
            ok(&headers, body, &secret),
            Ok(()),
            "{kind} signs what it verifies"
        );

        let tampered = br#"{"event":"x","n":2}"#;
        assert!(
            matches!(
                ok(&headers, tampered, &secret),
                Err(Failure::Mismatch { .. })
            ),
            "{kind} tampered body"
        );
        assert!(
            matches!(ok(&headers, body, &wrong), Err(Failure::Mismatch { .. })),
            "{kind} wrong secret"
        );

        let is_sig = |n: &str| {
            let n = n.to_ascii_lowercase();
            n.contains("sig") || n.contains("hmac")
        };
        let sig_header = headers.iter().find(|(n, _)| is_sig(n)).unwrap().0.clone();
        let missing: Vec<_> = headers
            .iter()
            .filter(|(n, _)| !is_sig(n))
            .cloned()
            .collect();
        match ok(&missing, body, &secret) {
            Err(Failure::MissingHeader(name)) => {
                assert!(name.eq_ignore_ascii_case(&sig_header), "{kind}: {name}")
            }
            other => panic!("{kind} missing header: {other:?}"),
        }

        let mut malformed = missing.clone();
        malformed.push((sig_header.clone(), "t=,v1=zz,garbage".into()));
        assert!(
            matches!(
                ok(&malformed, body, &secret),
                Err(Failure::Malformed { .. })
            ),
            "{kind} malformed header"
        );

        let mut doubled = headers.clone();
        doubled.push(headers.iter().find(|(n, _)| is_sig(n)).unwrap().clone());
        assert!(
            matches!(ok(&doubled, body, &secret), Err(Failure::Malformed { .. })),
            "{kind} duplicate header"
        );
    }
}

#[test]
fn bitrix_token_compares_the_form_field() {
    let body = b"event=ONCRMLEADADD&data%5BFIELDS%5D%5BID%5D=134806&ts=1727018926&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bapplication_token%5D=tok123";
    assert_eq!(verify(BITRIX_TOKEN, &[], body, "tok123"), Ok(()));
    assert_eq!(
        verify(BITRIX_TOKEN, &[], body, "tok124"),
        Err(Failure::TokenMismatch {
            field: "auth[application_token]".into(),
            hint: None
        })
    );
    assert_eq!(
        verify(BITRIX_TOKEN, &[], b"event=ONCRMLEADADD", "tok123"),
        Err(Failure::MissingField("auth[application_token]".into()))
    );
    // Given twice, in either order: neither value is trusted.
    for body in [
        &b"auth[application_token]=tok123&auth[application_token]=bad"[..],
        &b"auth[application_token]=bad&auth[application_token]=tok123"[..],
    ] {
        assert_eq!(
            verify(BITRIX_TOKEN, &[], body, "tok123"),
            Err(Failure::RepeatedField {
                field: "auth[application_token]".into(),
                count: 2
            })
        );
    }
    let r = reason(verify(
        BITRIX_TOKEN,
        &[],
        b"event=X&auth[application_token]=tok123\n",
        "tok123",
    ));
    assert!(r.contains("ends in a line break"), "{r}");
}

fn reason(got: Result<(), Failure>) -> String {
    got.unwrap_err().to_string()
}

#[test]
fn diagnoses_trailing_newline_and_crlf() {
    let mut body = BLUE_BODY.to_vec();
    body.push(b'\n');
    let r = reason(verify(BLUE, &[("X-Signature", BLUE_SIG)], &body, "secret"));
    assert_eq!(
        r,
        "signature mismatch: signature matches the body with its trailing newline removed"
    );

    let r = reason(verify(
        BLUE,
        &[("X-Signature", BLUE_SIG)],
        &BLUE_BODY[..BLUE_BODY.len() - 1],
        "secret",
    ));
    assert_eq!(
        r,
        "signature mismatch: none of the secrets given makes this signature for this body (another secret signed it, or the body changed after signing)"
    );

    let crlf = replace(STRIPE_BODY, b"\n", b"\r\n");
    let r = reason(verify(
        STRIPE,
        &[("Stripe-Signature", STRIPE_SIG)],
        &crlf,
        "whsec_test_secret",
    ));
    assert!(r.contains("CRLF line ends turned into LF"), "{r}");
}

#[test]
fn diagnoses_json_reserialisation() {
    let pretty = br#"{
    "event": "TODO_CREATED",
    "currentValue": { "id": "clb4zna6x0000vt1swuwso25f", "title": "GGGG" }
}"#;
    let r = reason(verify(BLUE, &[("X-Signature", BLUE_SIG)], pretty, "secret"));
    assert!(r.contains("compact JSON"), "{r}");
}

#[test]
fn diagnoses_wrong_encoding_and_missing_prefix() {
    let b64 = Encoding::Base64.encode(&hex::decode(BLUE_SIG).unwrap());
    let r = reason(verify(BLUE, &[("X-Signature", &b64)], BLUE_BODY, "secret"));
    assert!(r.starts_with("malformed header X-Signature"), "{r}");
    assert!(r.contains("written in base64 where hex is expected"), "{r}");

    let bare = &GITHUB_SIG["sha256=".len()..];
    let r = reason(verify(
        GITHUB,
        &[("X-Hub-Signature-256", bare)],
        b"Hello, World!",
        GITHUB_SECRET,
    ));
    assert!(
        r.contains("lacks the `sha256=` prefix (the value is otherwise right)"),
        "{r}"
    );

    let bare = &STANDARD_SIG[3..];
    let r = reason(verify(
        STANDARD,
        &standard_headers(bare),
        STANDARD_BODY,
        STANDARD_SECRET,
    ));
    assert!(r.contains("lacks the `v1,` prefix"), "{r}");

    let hexsig = BPIUM_SIG;
    let as_hex = hex::encode(Encoding::Base64.decode(hexsig, 16).unwrap());
    let r = reason(verify(
        BPIUM,
        &[("X-Hook-Signature", &as_hex)],
        BPIUM_BODY,
        "my-secret-string",
    ));
    assert!(r.contains("written in hex where base64 is expected"), "{r}");
}

#[test]
fn diagnoses_secret_handling_mistakes() {
    // Standard: the sender used the secret string itself as the key.
    let raw_key_sig = format!(
        "v1,{}",
        Encoding::Base64.encode(&Algorithm::Sha256.mac(
            STANDARD_SECRET.as_bytes(),
            &[b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.", STANDARD_BODY]
        ))
    );
    let r = reason(verify(
        STANDARD,
        &standard_headers(&raw_key_sig),
        STANDARD_BODY,
        STANDARD_SECRET,
    ));
    assert!(r.contains("used as plain text"), "{r}");

    // Stripe: the sender base64-decoded the whsec_ secret.
    let secret = "whsec_c2VjcmV0LWtleS1ieXRlcw==";
    let decoded = base64::engine::general_purpose::STANDARD
        .decode("c2VjcmV0LWtleS1ieXRlcw==")
        .unwrap();
    let sig = format!(
        "t=5,v1={}",
        hex::encode(Algorithm::Sha256.mac(&decoded, &[b"5.", STRIPE_BODY]))
    );
    let r = reason(verify(
        STRIPE,
        &[("Stripe-Signature", &sig)],
        STRIPE_BODY,
        secret,
    ));
    assert!(r.contains("base64-decoded after whsec_"), "{r}");
}

#[test]
fn detect_picks_by_headers_and_says_when_it_cannot() {
    let req = |hs: &[(&str, &str)], body: &'static [u8]| (h(hs), body);
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [u8], Result<Kind, &'a str>);
    let cases: [Case; 9] = [
        (
            &[("X-Hub-Signature-256", "x"), ("X-GitHub-Event", "push")],
            b"",
            Ok(GITHUB),
        ),
        (&[("X-Hub-Signature-256", "x")], b"", Err("(github, meta)")),
        (&[("Stripe-Signature", "x")], b"", Ok(STRIPE)),
        (&[("svix-signature", "x")], b"", Ok(STANDARD)),
        (&[("X-Hook-Signature", BPIUM_SIG)], b"", Ok(BPIUM)),
        (
            &[],
            b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=t",
            Ok(BITRIX_TOKEN),
        ),
        (&[("X-Hook-Signature", "ab")], b"", Err("(bpium, asana)")),
        (
            &[("X-Signature", "x"), ("Stripe-Signature", "y")],
            b"",
            Err("more than one"),
        ),
        (
            &[("Content-Type", "application/json")],
            b"{}",
            Err("name the scheme with hookscope's --scheme"),
        ),
    ];
    for (hs, body, want) in cases {
        let (headers, body) = req(hs, body);
        let got = detect(&Request::new(&headers, &Body::new(body)));
        match (got, want) {
            (Ok(k), Ok(w)) => assert_eq!(k, w),
            (Err(f), Err(w)) => assert!(f.to_string().contains(w), "{f}"),
            (got, want) => panic!("{hs:?}: got {got:?}, want {want:?}"),
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// What `sign` produces `verify` accepts, and changing any one byte is rejected.
        #[test]
        fn sign_then_verify_and_one_byte_changed(body in proptest::collection::vec(any::<u8>(), 0..512), at in any::<prop::sample::Index>(), delta in 1u8..=255) {
            let url = format!("https://example.com/x?bodySHA256={}", hex::encode(sha2::Sha256::digest(&body)));
            let ctx = SignContext { timestamp: 1_700_000_000, id: "msg_prop".into(), url: Some(url.clone()) };
            let clock = Clock { now: 1_700_000_000, tolerance: Tolerance::Seconds(300) };
            let secret = Secret::new("whsec_cHJvcGVydHktdGVzdA==");
            let params = HmacParams { header: "X-Sig".into(), algorithm: Algorithm::Md5, encoding: Encoding::Hex, prefix: String::new() };
            for kind in signed() {
                let scheme = kind.scheme(Some(&params)).unwrap();
                let headers = scheme.sign(&body, &[scheme.key(&secret).unwrap()], &ctx).unwrap();
                prop_assert_eq!(scheme.verify(&Request::new(&headers, &Body::new(&body)).at(Some(&url)), std::slice::from_ref(&secret), &clock), Ok(()));
                if !body.is_empty() {
                    let mut changed = body.clone();
                    let i = at.index(changed.len());
                    changed[i] = changed[i].wrapping_add(delta);
                    prop_assert!(scheme.verify(&Request::new(&headers, &Body::new(&changed)).at(Some(&url)), std::slice::from_ref(&secret), &clock).is_err());
                }
            }
        }
    }
}

/// MACs are compared in constant time by construction: a claimed MAC ([`Claimed`]) has no
/// `==`, so the one comparison is `Algorithm::matches_any` (subtle's `ct_eq`, every candidate
/// compared), and a token is compared by `Secret::is`. What can be tested is what they answer:
/// any candidate may match, and one of another length never does.
#[test]
fn claimed_macs_and_tokens_match_only_when_equal() {
    let tag = Algorithm::Sha256.mac(b"k", &[b"body"]);
    let claims =
        |macs: &[&[u8]]| -> Vec<Claimed> { macs.iter().map(|m| Claimed(m.to_vec())).collect() };
    assert!(Algorithm::Sha256.matches_any(b"k", &[b"body"], &claims(&[&[0; 32], &tag])));
    assert!(Algorithm::Sha256.matches_any(b"k", &[b"bo", b"dy"], &claims(&[&tag])));
    assert!(!Algorithm::Sha256.matches_any(b"k", &[b"body"], &claims(&[&tag[..31]])));
    assert!(!Algorithm::Sha256.matches_any(b"k", &[b"body"], &claims(&[])));
    let mut longer = tag.clone();
    longer.push(0);
    assert!(!Algorithm::Sha256.matches_any(b"k", &[b"body"], &claims(&[&longer])));
    let secret = Secret::new("T0k3n");
    assert!(secret.is("T0k3n"));
    assert!(!secret.is("T0k3n\n") && !secret.is("T0k3") && !secret.is("t0k3n") && !secret.is(""));
}

/// An old Slack or Stripe delivery, re-sent with its framing in the body under a raw-body
/// scheme's header, carries a valid MAC for that scheme: it must still be refused.
#[test]
fn cross_scheme_replays_with_framing_in_the_body_are_refused() {
    let mut body = b"v0:1531420618:".to_vec();
    body.extend_from_slice(SLACK_BODY);
    let sig = &SLACK_SIG["v0=".len()..];
    let got = verify(BLUE, &[("X-Signature", sig)], &body, SLACK_SECRET);
    assert_eq!(
        got,
        Err(Failure::Reframed {
            framing: "Slack's v0:<timestamp>:"
        })
    );
    let mut body = b"1492774577.".to_vec();
    body.extend_from_slice(STRIPE_BODY);
    let sig = format!("sha256={}", &STRIPE_SIG["t=1492774577,v1=".len()..]);
    let got = verify(
        GITHUB,
        &[("X-Hub-Signature-256", &sig)],
        &body,
        "whsec_test_secret",
    );
    assert!(matches!(got, Err(Failure::Reframed { .. })), "{got:?}");
    assert_eq!(
        reframed(b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{}"),
        Some("Standard Webhooks' <id>.<timestamp>.")
    );
    assert_eq!(reframed(br#"{"a":1}"#), None);
    assert_eq!(reframed(b"event=ONCRMLEADADD&ts=1"), None);
    assert_eq!(reframed(b"1.5"), None);
}

fn name_of(kind: Option<Kind>, headers: &[(&str, &str)], body: &[u8]) -> Option<String> {
    let headers = h(headers);
    let body = Body::new(body);
    event_name(kind, &Request::new(&headers, &body))
}

#[test]
fn each_platform_names_its_event() {
    assert_eq!(
        name_of(
            Some(BPIUM),
            &[],
            br#"{"hook":{"event":"record.before.deleted"}}"#
        )
        .as_deref(),
        Some("record.before.deleted")
    );
    assert_eq!(
        name_of(
            Some(BITRIX_TOKEN),
            &[],
            b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=x"
        )
        .as_deref(),
        Some("ONCRMLEADADD")
    );
    assert_eq!(
        name_of(Some(BLUE), &[], br#"{"event":"TODO_CREATED"}"#).as_deref(),
        Some("TODO_CREATED")
    );
    assert_eq!(
        name_of(
            Some(GITHUB),
            &[("X-GitHub-Event", "pull_request")],
            br#"{"action":"opened"}"#
        )
        .as_deref(),
        Some("pull_request.opened")
    );
    assert_eq!(
        name_of(Some(GITHUB), &[("X-GitHub-Event", "push")], b"{}").as_deref(),
        Some("push")
    );
    assert_eq!(
        name_of(Some(STRIPE), &[], br#"{"type":"payment_intent.succeeded"}"#).as_deref(),
        Some("payment_intent.succeeded")
    );
    assert_eq!(
        name_of(
            Some(SHOPIFY),
            &[("X-Shopify-Topic", "orders/create")],
            b"{}"
        )
        .as_deref(),
        Some("orders/create")
    );
    assert_eq!(
        name_of(Some(SLACK), &[], b"command=%2Fdeploy&text=").as_deref(),
        Some("/deploy")
    );
    assert_eq!(name_of(None, &[], b"not structured"), None);
    assert_eq!(
        name_of(
            Some(SLACK),
            &[],
            br#"{"type":"event_callback","event":{"type":"app_mention"}}"#
        )
        .as_deref(),
        Some("app_mention")
    );
    assert_eq!(name_of(None, &[], br#"{"type": 5, "event": ["x"]}"#), None);
}

#[test]
fn bpium_delivery_id_is_hook_and_sequence() {
    let body = Body::new(br#"{"hook":{"id":"2","event":"record.created","sequenceId":84}}"#);
    assert_eq!(
        delivery_id(Some(BPIUM), &Request::new(&[], &body)).as_deref(),
        Some("2#84")
    );
}

#[test]
fn only_bpium_and_unknown_senders_have_request_events() {
    assert_eq!(
        classify(Some(BPIUM), Some("record.before.deleted")),
        EventKind::Request
    );
    assert_eq!(
        classify(Some(BPIUM), Some("record.updating")),
        EventKind::Action
    );
    assert_eq!(
        classify(Some(BPIUM), Some("record.created")),
        EventKind::Notification
    );
    assert_eq!(classify(Some(BPIUM), None), EventKind::Notification);
    assert_eq!(classify(None, Some("record.updating")), EventKind::Action);
    assert_eq!(
        classify(Some(Kind::HMAC), Some("record.before.created")),
        EventKind::Request
    );
    assert_eq!(
        classify(Some(GITHUB), Some("record.before.created")),
        EventKind::Notification
    );
}

/// The README's platform table is the registry's: a platform added to one and not the other
/// fails here.
#[test]
fn the_readme_table_is_the_registry() {
    let readme = include_str!("../../README.md");
    let table = platform::readme_table();
    assert!(
        readme.contains(&table),
        "README.md's platform table differs from the registry; put this in its place:\n{table}"
    );
}

#[test]
fn names_and_aliases_find_their_platform() {
    for k in Kind::all() {
        assert_eq!(Kind::named(k.name()), Some(*k));
    }
    assert_eq!(Kind::named("svix"), Some(STANDARD));
    assert_eq!(Kind::named("nope"), None);
}

/// A record that leaves out what it must say (`..Platform::NOTIFIES` fills in blanks) fails
/// here: every platform has a name, a help line, a README row and a scheme.
#[test]
fn every_registered_platform_is_complete() {
    let params = HmacParams {
        header: "X-Sig".into(),
        algorithm: Algorithm::Sha256,
        encoding: Encoding::Hex,
        prefix: String::new(),
    };
    for k in Kind::all() {
        let p = k.platform();
        assert!(!p.name.is_empty() && !p.about.is_empty(), "{k}");
        let r = &p.row;
        for cell in [
            r.platform, r.headers, r.signed, r.encoding, r.window, r.event,
        ] {
            assert!(!cell.is_empty(), "{k}: an empty README cell");
        }
        let scheme = k.scheme(Some(&params)).unwrap();
        assert_eq!(
            scheme.kind(),
            *k,
            "{k}'s scheme says it is {}",
            scheme.kind()
        );
    }
}

/// What a JavaScript sender re-serialising its body signs (1500.0 becomes 1500), and a body
/// sent with curl -d @file (its line breaks removed): each mismatch names its accident.
#[test]
fn javascript_reserialisation_and_curl_d_are_named() {
    let sent = b"{\"amount\": 1500.0, \"n\": 1e3}";
    let signed = b"{\"amount\":1500,\"n\":1000}";
    let mac = Algorithm::Sha256.mac(b"s", &[signed]);
    let got = verify(BLUE, &[("X-Signature", &hex::encode(mac))], sent, "s");
    assert!(
        matches!(&got, Err(Failure::Mismatch { hint: Some(h) }) if h.contains("JSON.stringify")),
        "{got:?}"
    );
    let sent = b"a=1\nb=2\n";
    let mac = Algorithm::Sha256.mac(b"s", &[b"a=1b=2"]);
    let got = verify(BLUE, &[("X-Signature", &hex::encode(mac))], sent, "s");
    assert!(
        matches!(&got, Err(Failure::Mismatch { hint: Some(h) }) if h.contains("--data-binary")),
        "{got:?}"
    );
}

/// GitHub's form content type and Slack's interactivity put the event in JSON inside `payload=`:
/// its action (GitHub) and type (Slack) name the event.
#[test]
fn an_event_in_a_json_payload_field_is_named() {
    assert_eq!(
        name_of(
            Some(GITHUB),
            &[("X-GitHub-Event", "issues")],
            b"payload=%7B%22action%22%3A%22edited%22%7D"
        )
        .as_deref(),
        Some("issues.edited")
    );
    assert_eq!(
        name_of(
            Some(SLACK),
            &[],
            b"payload=%7B%22type%22%3A%22block_actions%22%7D"
        )
        .as_deref(),
        Some("block_actions")
    );
}
