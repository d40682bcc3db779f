//! Runs the binary hermetically (environment cleared) and checks exit codes, stdout, stderr.

use std::path::{Path, PathBuf};

use crate::common::{self, root};

use assert_cmd::Command;
use hookscope::render;
use predicates::prelude::*;

const FIXTURE_NOW: &str = "1767225660";

/// The common runner, with assert_cmd's assertions on what it did.
fn hookscope() -> Command {
    Command::from_std(common::hookscope())
}

fn valid_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

// ---- verify ----------------------------------------------------------------------------------

#[test]
fn verify_every_valid_fixture_exits_0() {
    let files = valid_fixtures();
    assert!(files.len() >= 14, "{files:?}");
    hookscope()
        .args([
            "verify",
            "--secret-file",
            "fixtures/secrets.txt",
            "--public-key-file",
            "fixtures/public-keys.txt",
            "--public-url",
            "https://fixtures.hookscope.example",
            "--now",
            FIXTURE_NOW,
        ])
        .args(&files)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("✘").not())
        .stdout(predicate::str::contains(format!(
            "{} valid, 0 invalid",
            files.len()
        )));
}

#[test]
fn verify_invalid_fixtures_exits_1_with_a_reason_each() {
    let out = hookscope()
        .args([
            "verify",
            "--secret-file",
            "fixtures/secrets.txt",
            "--now",
            FIXTURE_NOW,
            "fixtures/invalid",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("verify_invalid_fixtures", String::from_utf8(out).unwrap());
}

#[test]
fn verify_lines_are_what_was_reviewed() {
    // As a person reads them: a valid capture, invalid ones with their reasons, the summary;
    // no colour (asked for twice, by the flag and by NO_COLOR).
    let out = hookscope()
        .args([
            "verify",
            "--color",
            "never",
            "--secret-file",
            "fixtures/secrets.txt",
            "--now",
            FIXTURE_NOW,
            "fixtures/github-push.json",
            "fixtures/invalid/stripe-expired.json",
            "fixtures/invalid/blue-trailing-newline.json",
        ])
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    insta::assert_snapshot!("verify_lines", stdout);
}

#[test]
fn verify_json_lines_for_scripts() {
    let text = stdout_of(hookscope().args([
        "verify",
        "--format",
        "json",
        "--secret-file",
        "fixtures/secrets.txt",
        "--now",
        FIXTURE_NOW,
        "fixtures/github-push.json",
        "fixtures/invalid/stripe-expired.json",
    ]));
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["path"], "fixtures/github-push.json");
    assert_eq!(lines[0]["scheme"], "github");
    assert_eq!(lines[0]["event"], "push");
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[0]["reason"], serde_json::Value::Null);
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["code"], "timestamp_outside_tolerance");
    assert!(lines[1]["reason"]
        .as_str()
        .unwrap()
        .contains("outside the 300 s tolerance"));
}

#[test]
fn verify_without_a_secret_is_a_usage_error_naming_the_three_ways() {
    hookscope()
        .args(["verify", "fixtures/github-push.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "hookscope: error: no secret given",
        ))
        .stderr(predicate::str::contains(
            "--secret VALUE, --secret-env NAME or --secret-file PATH",
        ));
}

#[test]
fn secrets_from_env_var_and_hookscope_secret() {
    hookscope()
        .args([
            "verify",
            "--secret-env",
            "GH_SECRET",
            "fixtures/github-push.json",
        ])
        .env("GH_SECRET", "github-fixture-secret")
        .assert()
        .code(0);
    hookscope()
        .args(["verify", "fixtures/github-push.json"])
        .env("HOOKSCOPE_SECRET", "github-fixture-secret")
        .assert()
        .code(0);
    hookscope()
        .args([
            "verify",
            "--secret-env",
            "UNSET_VAR",
            "fixtures/github-push.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UNSET_VAR"));
}

#[test]
fn malformed_capture_names_the_file_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"hookscope\": 1,\n  \"id\": oops\n}\n").unwrap();
    hookscope()
        .args(["verify", "--secret", "x"])
        .arg(&bad)
        .arg("fixtures/github-push.json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "malformed capture '{}'",
            bad.display()
        )))
        .stderr(predicate::str::contains("line 3 column"));
}

#[test]
fn missing_path_and_empty_directory_exit_2() {
    hookscope()
        .args(["verify", "--secret", "x", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "could not read 'no/such/file.json'",
        ));
    let dir = tempfile::tempdir().unwrap();
    hookscope()
        .args(["verify", "--secret", "x"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no capture files"));
}

#[test]
#[cfg(unix)]
fn a_dangling_or_looping_link_in_a_directory_is_named_and_the_rest_verified() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("fixtures/github-push.json"), d.join("a.json")).unwrap();
    std::os::unix::fs::symlink(d.join("gone.json"), d.join("b-dangling.json")).unwrap();
    std::os::unix::fs::symlink(d.join("c-loop.json"), d.join("c-loop.json")).unwrap();
    std::fs::copy(root().join("fixtures/github-push.json"), d.join("d.json")).unwrap();
    let out = hookscope()
        .args(["verify", "--secret", "github-fixture-secret"])
        .arg(d)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    for good in ["a.json", "d.json"] {
        let line = format!("✔ {} (github, push)", d.join(good).display());
        assert!(stdout.contains(&line), "{stdout}");
    }
    assert!(
        stdout.ends_with("2 valid, 0 invalid, 2 unreadable\n"),
        "{stdout}"
    );
    for bad in ["b-dangling.json", "c-loop.json"] {
        let named = format!("could not read capture '{}': ", d.join(bad).display());
        assert!(stderr.contains(&named), "{stderr}");
    }
}

#[test]
fn verify_raw_body_with_curl_style_headers() {
    let sig = "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    // X-Hub-Signature-256 alone could be GitHub's or Meta's: X-GitHub-Event says which.
    let event = "X-GitHub-Event: ping";
    hookscope()
        .args([
            "verify",
            "--secret",
            "It's a Secret to Everybody",
            "--body",
            "-",
            "-H",
            sig,
            "-H",
            event,
        ])
        .write_stdin("Hello, World!")
        .assert()
        .code(0)
        .stdout("✔ <stdin> (github, ping)\n");
    hookscope()
        .args([
            "verify",
            "--secret",
            "It's a Secret to Everybody",
            "--body",
            "-",
            "-H",
            sig,
            "-H",
            event,
        ])
        .write_stdin("Hello, World!\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "signature matches the body with its trailing newline removed",
        ));
}

#[test]
fn stripe_vector_needs_now_or_no_tolerance() {
    let body = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    let sig = "Stripe-Signature: t=1492774577,v1=c2f890decbc5ede7c5060bb9a6d31e0626a4342bacb9aeae2adb1bcea72f9812";
    let run = |extra: &[&str]| {
        let mut cmd = hookscope();
        cmd.args([
            "verify",
            "--secret",
            "whsec_test_secret",
            "--body",
            "-",
            "-H",
            sig,
        ])
        .args(extra)
        .write_stdin(body);
        cmd.assert()
    };
    run(&[])
        .code(1)
        .stdout(predicate::str::contains("s outside the 300 s tolerance"));
    run(&["--no-tolerance"]).code(0);
    run(&["--now", "1492774600"]).code(0);
    run(&["--now", "1492774600", "--tolerance", "10"])
        .code(1)
        .stdout(predicate::str::contains(
            "23 s old, 13 s outside the 10 s tolerance",
        ));
}

#[test]
fn scheme_detection_failure_asks_for_scheme() {
    hookscope()
        .args([
            "verify",
            "--secret",
            "x",
            "--body",
            "-",
            "-H",
            "X-Signature: ab",
            "-H",
            "Stripe-Signature: t=1,v1=ab",
        ])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "scheme is ambiguous (blue, stripe)",
        ))
        .stdout(predicate::str::contains(
            "name the one to check with hookscope's --scheme",
        ));
}

#[test]
fn generic_hmac_scheme() {
    let body = "payload";
    let signed = stdout_of(
        hookscope()
            .args([
                "sign",
                "--scheme",
                "hmac",
                "--header",
                "X-Sig",
                "--algorithm",
                "sha512",
                "--encoding",
                "base64",
                "--prefix",
                "sha512=",
                "--secret",
                "k",
                "--body",
                "-",
            ])
            .write_stdin(body),
    );
    let header = signed
        .lines()
        .find(|l| l.starts_with("X-Sig: sha512="))
        .expect(&signed)
        .to_string();
    hookscope()
        .args([
            "verify",
            "--scheme",
            "hmac",
            "--header",
            "X-Sig",
            "--algorithm",
            "sha512",
            "--encoding",
            "base64",
            "--prefix",
            "sha512=",
            "--secret",
            "k",
            "--body",
            "-",
            "-H",
            &header,
        ])
        .write_stdin(body)
        .assert()
        .code(0);
    hookscope()
        .args(["verify", "--scheme", "hmac", "--secret", "k", "--body", "-"])
        .write_stdin(body)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--scheme hmac needs --header NAME",
        ));
    // --header names the generic scheme's header: alone it means --scheme hmac.
    let generic = [
        "--algorithm",
        "sha512",
        "--encoding",
        "base64",
        "--prefix",
        "sha512=",
        "--secret",
        "k",
        "--body",
        "-",
        "-H",
        &header,
    ];
    hookscope()
        .args(["verify", "--header", "X-Sig"])
        .args(generic)
        .write_stdin(body)
        .assert()
        .code(0);
    // With another scheme it is a mistake (often a request header meant for -H): refused.
    hookscope()
        .args(["verify", "--scheme", "github", "--header", "X-Sig"])
        .args(generic)
        .write_stdin(body)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--header names the signature header of --scheme hmac, but --scheme is github",
        ));
    // A header with its value is not a NAME.
    hookscope()
        .args(["verify", "--header", "X-Sig: abc"])
        .args(generic)
        .write_stdin(body)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a header NAME, such as X-Signature",
        ));
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let files = valid_fixtures();
    let mut many = Vec::new();
    for _ in 0..400 {
        many.extend(files.iter().cloned());
    }
    let mut child = common::hookscope()
        .args([
            "verify",
            "--secret-file",
            "fixtures/secrets.txt",
            "--now",
            FIXTURE_NOW,
        ])
        .args(&many)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .as_mut()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(err, "");
}

// ---- sign ------------------------------------------------------------------------------------

#[test]
fn sign_reproduces_the_published_vectors() {
    hookscope()
        .args(["sign", "--scheme", "github", "--secret", "It's a Secret to Everybody"])
        .write_stdin("Hello, World!")
        .assert()
        .code(0)
        .stdout("X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\nX-Hub-Signature: sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59\n");
    hookscope()
        .args(["sign", "--scheme", "svix", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--timestamp", "1614265330", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek"])
        .write_stdin(r#"{"test": 2432232314}"#)
        .assert()
        .code(0)
        .stdout("Content-Type: application/json\nwebhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n");
    hookscope()
        .args(["sign", "--scheme", "bpium", "--secret-env", "BPIUM"])
        .env("BPIUM", "my-secret-string")
        .write_stdin(r#"{"timestamp":"1459500623","hook":{"id":"2","event":"record.before.updated","sequenceId":84},"payload":{"catalogId":"5","recordId":"199","values":{"2":"Text"},"prevValues":{}},"user":{"id":"1"}}"#)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("X-Hook-Signature: X/2Yr/MT9M14XTvXpwAFiQ==\n"));
}

#[test]
fn sign_then_verify_round_trips_for_every_scheme() {
    let dir = tempfile::tempdir().unwrap();
    // Each as auto-detection would see it: platforms that share a header name come with the
    // second sign that tells them apart. Times are pinned, so a short window cannot pass by.
    let json = "{\"event\":\"e\"}\n";
    let cases: [(&str, &str, &[&str], &str); 21] = [
        ("bitrix", "s1", &[], json),
        ("blue", "s2", &[], json),
        ("bpium", "s3", &[], json),
        ("github", "s4", &["X-GitHub-Event: push"], json),
        ("stripe", "whsec_abc", &[], json),
        ("standard", "whsec_c2VjcmV0", &[], json),
        ("slack", "s5", &[], json),
        ("shopify", "s6", &[], json),
        ("bitbucket", "s7", &["X-Event-Key: repo:push"], json),
        ("meta", "s8", &[], "{\"object\":\"page\",\"entry\":[]}"),
        (
            "intercom",
            "s9",
            &[],
            "{\"type\":\"notification_event\",\"topic\":\"ping\"}",
        ),
        ("x", "s10", &[], json),
        ("asana", "s11", &[], json),
        ("twitch", "s12", &[], json),
        ("zoom", "s13", &[], json),
        ("linear", "s14", &[], json),
        ("calendly", "s15", &[], json),
        ("paddle", "s16", &[], json),
        ("typeform", "s17", &[], json),
        ("woocommerce", "s18", &[], json),
        ("dropbox", "s19", &[], json),
    ];
    for (scheme, secret, headers, body) in cases {
        let capture = dir.path().join(format!("{scheme}.json"));
        let mut sign = hookscope();
        sign.args([
            "sign",
            "--scheme",
            scheme,
            "--secret",
            secret,
            "--format",
            "capture",
            "--path",
            "/x",
            "--timestamp",
            "1700000000",
        ]);
        for h in headers {
            sign.args(["-H", h]);
        }
        let out = sign.write_stdin(body).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{scheme}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&capture, &out.stdout).unwrap();
        hookscope()
            .args(["verify", "--now", "1700000000", "--secret", secret])
            .arg(&capture)
            .assert()
            .code(0)
            .stdout(predicate::str::contains(format!("({scheme}")));
        hookscope()
            .args(["verify", "--now", "1700000000", "--secret", "other"])
            .arg(&capture)
            .assert()
            .code(1);
    }
}

#[test]
fn sign_curl_format_is_a_runnable_command() {
    hookscope()
        .args([
            "sign",
            "--scheme",
            "blue",
            "--secret",
            "secret",
            "--format",
            "curl",
            "--url",
            "http://127.0.0.1:9/hook",
            "--body",
            "fixtures/README.md",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "curl -sS -X POST http://127.0.0.1:9/hook \\\n  -H 'X-Signature: ",
        ))
        .stdout(predicate::str::ends_with(
            "  --data-binary @fixtures/README.md\n",
        ));
    hookscope()
        .args([
            "sign", "--scheme", "blue", "--secret", "secret", "--format", "curl",
        ])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
    // --url alone asks for the curl command; a flag the chosen format would ignore is refused.
    hookscope()
        .args(["sign", "--scheme", "blue", "--secret", "secret"])
        .args(["--url", "http://127.0.0.1:9/hook"])
        .write_stdin("{}")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "curl -sS -X POST http://127.0.0.1:9/hook",
        ));
    hookscope()
        .args(["sign", "--scheme", "blue", "--secret", "secret"])
        .args(["--format", "headers", "--url", "http://127.0.0.1:9/hook"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--url is only used by --format curl",
        ));
    hookscope()
        .args(["sign", "--scheme", "blue", "--secret", "secret"])
        .args(["--path", "/hooks/blue"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--path is only written into --format capture",
        ));
}

#[test]
fn sign_refuses_what_it_cannot_do() {
    hookscope()
        .args(["sign", "--scheme", "bitrix-token", "--secret", "t"])
        .write_stdin("event=X")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bitrix-token is not a signature"))
        .stderr(predicate::str::contains(
            "hint: put the token in the form body",
        ));
    hookscope()
        .args(["sign", "--scheme", "blue"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no secret given"));
    hookscope()
        .args(["sign", "--scheme", "blue", "--secret", "a", "--secret", "b"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("carries one signature"));
    let two = stdout_of(
        hookscope()
            .args([
                "sign",
                "--scheme",
                "stripe",
                "--secret",
                "whsec_a",
                "--secret",
                "whsec_b",
                "--timestamp",
                "5",
            ])
            .write_stdin("{}"),
    );
    assert_eq!(two.matches(",v1=").count(), 2, "{two}");
}

#[test]
fn a_secret_never_appears_in_output() {
    let secret = "whsec_SUPER-SECRET-VALUE!";
    for args in [
        vec!["sign", "--scheme", "standard"],
        vec![
            "verify",
            "--scheme",
            "standard",
            "fixtures/standard-invoice-paid.json",
        ],
        vec![
            "verify",
            "--format",
            "json",
            "fixtures/invalid/github-tampered-body.json",
        ],
    ] {
        let out = hookscope()
            .args(&args)
            .args(["--secret", secret])
            .write_stdin("{}")
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("SUPER-SECRET"), "{args:?}: {all}");
        assert!(!all.is_empty());
    }
}

// ---- signatures made with a private key: discord, sendgrid, standard v1a -----------------------

/// RFC 8032's TEST 1 key pair, and its signature of `1700000000{"type":1}` (computed with
/// PyNaCl; see src/scheme/discord.rs).
const DISCORD_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const DISCORD_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const DISCORD_SIG: &str = "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";

#[test]
fn verify_discord_raw_body_with_its_public_key_exits_0_or_1_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("ping.json");
    std::fs::write(&body, r#"{"type":1}"#).unwrap();
    let sig = format!("X-Signature-Ed25519: {DISCORD_SIG}");
    let run = |scheme: &[&str], key: &str| {
        let mut cmd = hookscope();
        cmd.arg("verify")
            .args(scheme)
            .args(["--public-key", key, "--body"])
            .arg(&body)
            .args(["-H", &sig, "-H", "X-Signature-Timestamp: 1700000000"]);
        cmd.assert()
    };
    run(&["--scheme", "discord"], DISCORD_PUBLIC)
        .code(0)
        .stdout(predicate::str::contains("✔").and(predicate::str::contains("(discord, PING)")));
    // Recognised by its header, with no --scheme.
    run(&[], DISCORD_PUBLIC).code(0);
    let other = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    run(&["--scheme", "discord"], other)
        .code(1)
        .stdout(predicate::str::contains(
            "signature mismatch: none of the public keys given verifies this signature",
        ));
    std::fs::write(&body, "{\"type\":1}\n").unwrap();
    run(&["--scheme", "discord"], DISCORD_PUBLIC)
        .code(1)
        .stdout(predicate::str::contains(
            "signature matches the body with its trailing newline removed",
        ));
}

#[test]
fn verify_of_a_public_key_scheme_without_one_is_a_usage_error() {
    for scheme in ["discord", "sendgrid"] {
        hookscope()
            .args(["verify", "--scheme", scheme, "--secret", DISCORD_SEED])
            .arg("fixtures/discord-application-command.json")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "hookscope: error: no public key given: {scheme} signatures are made with a private key and checked with its public key"
            )))
            .stderr(predicate::str::contains(
                "--public-key VALUE, --public-key-env NAME or --public-key-file PATH",
            ))
            .stderr(predicate::str::contains(DISCORD_SEED).not());
    }
    // Nothing at all to check with names both kinds of key.
    hookscope()
        .args(["verify", "fixtures/discord-application-command.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no secret given"))
        .stderr(predicate::str::contains("--public-key VALUE"));
    // A key the named scheme cannot read is said at start, not per delivery.
    hookscope()
        .args(["verify", "--scheme", "discord", "--public-key", "whpk_bm90"])
        .arg("fixtures/discord-application-command.json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--public-key: a Discord public key is 64 hex digits",
        ));
    hookscope()
        .args([
            "verify",
            "--scheme",
            "github",
            "--public-key",
            DISCORD_PUBLIC,
        ])
        .args([
            "--secret",
            "github-fixture-secret",
            "fixtures/github-push.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checks with a shared secret"));
}

#[test]
fn sign_with_a_private_key_then_verify_with_its_public_key_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    // scheme, private key (as --secret), its public key, another public key of the kind;
    // signed at a fixed time, checked then.
    let keys = std::fs::read_to_string(root().join("fixtures/public-keys.txt")).unwrap();
    let fixture_key = |i: usize| keys.lines().nth(i).unwrap();
    let cases = [
        ("discord", DISCORD_SEED, DISCORD_PUBLIC, fixture_key(1)),
        (
            "standard",
            "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
            "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=",
            fixture_key(2),
        ),
        (
            "sendgrid",
            "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtlYlA6ckmN8x2ZOg0LJMna7upKAIE7OWEH2sD7PZDtWhRANCAATFySS7Qn1JLr5RT4qgRpcSVH7c+xWA2j9S/i+mP9K5yI5cqKmUxE4arW7zTM5u7dO7uphSjt5ohSjtL2TY5llC",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExckku0J9SS6+UU+KoEaXElR+3PsVgNo/Uv4vpj/SuciOXKiplMROGq1u80zObu3Tu7qYUo7eaIUo7S9k2OZZQg==",
            fixture_key(3),
        ),
    ];
    for (scheme, private, public, wrong) in cases {
        let out = hookscope()
            .args(["sign", "--scheme", scheme, "--secret", private])
            .args(["--timestamp", "1767225600", "--format", "capture"])
            .write_stdin("{\"type\":2,\"event\":\"e\"}")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{scheme}: {}",
            common::text(&out)
        );
        assert!(
            !common::text(&out).contains(private),
            "{scheme}: the private key was printed"
        );
        let capture = dir.path().join(format!("{scheme}.json"));
        std::fs::write(&capture, &out.stdout).unwrap();
        let verify = |key: &str| {
            let mut cmd = hookscope();
            cmd.args(["verify", "--now", "1767225600", "--public-key", key])
                .arg(&capture);
            cmd.assert()
        };
        verify(public)
            .code(0)
            .stdout(predicate::str::contains(format!("({scheme}")));
        // Another key of the same kind does not verify it.
        verify(wrong).code(1).stdout(predicate::str::contains(
            "none of the public keys given verifies this signature",
        ));
    }
    // The headers themselves, for a receiver to copy.
    hookscope()
        .args(["sign", "--scheme", "discord", "--secret-env", "DISCORD_KEY"])
        .args(["--timestamp", "1700000000"])
        .env("DISCORD_KEY", DISCORD_SEED)
        .write_stdin(r#"{"type":1}"#)
        .assert()
        .code(0)
        .stdout(format!(
            "Content-Type: application/json\nX-Signature-Ed25519: {DISCORD_SIG}\nX-Signature-Timestamp: 1700000000\n"
        ));
}

#[test]
fn a_public_key_file_with_two_keys_accepts_either_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.txt");
    std::fs::write(
        &keys,
        format!(
            "# the old key, then the new one\n3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c\n{}\n",
            std::fs::read_to_string(root().join("fixtures/public-keys.txt"))
                .unwrap()
                .lines()
                .nth(1)
                .unwrap()
        ),
    )
    .unwrap();
    hookscope()
        .args(["verify", "--scheme", "discord", "--public-key-file"])
        .arg(&keys)
        .arg("fixtures/discord-application-command.json")
        .assert()
        .code(0);
    // The old key alone does not verify what the new one signed.
    hookscope()
        .args(["verify", "--scheme", "discord", "--public-key"])
        .arg("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        .arg("fixtures/discord-application-command.json")
        .assert()
        .code(1);
    // A PEM public key in a file is one entry (SendGrid's key, as sendgrid-python wraps it).
    let sendgrid = std::fs::read_to_string(root().join("fixtures/public-keys.txt"))
        .unwrap()
        .lines()
        .nth(3)
        .unwrap()
        .to_string();
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
        &sendgrid[..64],
        &sendgrid[64..]
    );
    std::fs::write(&keys, pem).unwrap();
    hookscope()
        .args(["verify", "--public-key-file"])
        .arg(&keys)
        .arg("fixtures/sendgrid-delivered-open.json")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(sendgrid, delivered,open)"));
    // And on the command line, though it starts with dashes.
    hookscope()
        .args(["verify", "--scheme", "sendgrid", "--public-key"])
        .arg(std::fs::read_to_string(&keys).unwrap())
        .arg("fixtures/sendgrid-delivered-open.json")
        .assert()
        .code(0);
    hookscope()
        .args(["verify", "--public-key-env", "SG_KEY"])
        .env("SG_KEY", &sendgrid)
        .arg("fixtures/sendgrid-delivered-open.json")
        .assert()
        .code(0);
}

#[test]
fn standard_v1a_with_a_secret_alone_is_refused_naming_public_key() {
    hookscope()
        .args([
            "verify",
            "--secret-file",
            "fixtures/secrets.txt",
            "--now",
            FIXTURE_NOW,
        ])
        .arg("fixtures/standard-invoice-paid-2.json")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "checked with the sender's public key, not a secret: give it with --public-key whpk_",
        ));
    hookscope()
        .args([
            "verify",
            "--public-key-file",
            "fixtures/public-keys.txt",
            "--now",
            FIXTURE_NOW,
        ])
        .arg("fixtures/standard-invoice-paid-2.json")
        .arg("fixtures/standard-invoice-paid.json")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "✔ fixtures/standard-invoice-paid-2.json",
        ))
        .stdout(predicate::str::contains(
            "its v1 entries are HMACs, checked with the whsec_ secret (--secret)",
        ));
}

#[test]
fn a_config_endpoint_writes_its_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hooks.toml");
    let keys = std::fs::read_to_string(root().join("fixtures/public-keys.txt")).unwrap();
    let discord = keys.lines().nth(1).unwrap();
    std::fs::write(
        &config,
        format!(
            "[[endpoint]]\npath = \"/hooks/discord\"\nscheme = \"discord\"\npublic_key = \"{discord}\"\n\n\
             [[endpoint]]\npath = \"/hooks/sendgrid\"\npublic_key_env = \"SG_KEY\"\n"
        ),
    )
    .unwrap();
    hookscope()
        .args(["verify", "--config"])
        .arg(&config)
        .args([
            "fixtures/discord-application-command.json",
            "fixtures/sendgrid-delivered-open.json",
        ])
        .env("SG_KEY", keys.lines().nth(3).unwrap())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 valid, 0 invalid"));
}

// ---- colour, escaping, help ------------------------------------------------------------------

#[test]
fn colour_flag_before_or_after_the_subcommand_and_no_color() {
    let args = [
        "--secret",
        "github-fixture-secret",
        "fixtures/github-push.json",
    ];
    let coloured = stdout_of(hookscope().args(["--color", "always", "verify"]).args(args));
    assert!(coloured.contains("\x1b["), "{coloured:?}");
    let after = stdout_of(hookscope().args(["verify", "--color", "always"]).args(args));
    assert_eq!(after, coloured);
    let never = stdout_of(hookscope().args(["verify", "--color", "never"]).args(args));
    assert!(!never.contains('\x1b'));
    // auto: not a terminal here, so no colour whatever NO_COLOR says.
    let auto = stdout_of(hookscope().args(["verify"]).args(args).env("NO_COLOR", "1"));
    assert!(!auto.contains('\x1b'));
}

#[test]
fn untrusted_text_is_escaped_before_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil\x1b[31m.json");
    let capture = r#"{"hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[["X-Signature","00"]],"body":"{\"event\":\"\\u001b]0;owned\\u0007\\u001b[2J\"}"}"#;
    std::fs::write(&file, capture).unwrap();
    let out = stdout_of(hookscope().args(["verify", "--secret", "s"]).arg(&file));
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("\\x1b]0;owned\\x07\\x1b[2J"), "{out}");
    assert!(out.contains("evil\\x1b[31m.json"), "{out}");
}

#[test]
fn help_lists_every_command_and_the_exit_codes() {
    let help = stdout_of(hookscope().arg("--help"));
    for word in [
        "listen",
        "replay",
        "verify",
        "sign",
        "completions",
        "Exit codes:",
        "0  every delivery",
        "1  a negative verdict",
        "2  usage",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
    for sub in ["listen", "verify", "replay", "sign"] {
        let help = stdout_of(hookscope().args([sub, "--help"]));
        assert!(help.contains("Exit codes"), "{sub}: {help}");
    }
}

#[test]
fn completions_subcommand_prints_the_committed_script() {
    let bash = stdout_of(hookscope().args(["completions", "bash"]));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/hookscope.bash"),
    )
    .unwrap();
    assert_eq!(bash, committed);
}

#[test]
fn verify_with_config_finds_each_captures_scheme_and_secret_by_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stripe.secret"),
        "whsec_hookscopeFixtureStripeSecret01\n",
    )
    .unwrap();
    let config = dir.path().join("hooks.toml");
    std::fs::write(
        &config,
        "[[endpoint]]\npath = \"/hooks/github\"\nscheme = \"github\"\nsecret_env = \"GH_SECRET\"\n\n\
         [[endpoint]]\npath = \"/hooks/stripe*\"\nscheme = \"stripe\"\nsecret_file = \"stripe.secret\"\n",
    )
    .unwrap();
    let out = hookscope()
        .args([
            "verify",
            "--format",
            "json",
            "--now",
            FIXTURE_NOW,
            "--config",
        ])
        .arg(&config)
        .args([
            "fixtures/github-push.json",
            "fixtures/stripe-payment-intent-succeeded.json",
            "fixtures/blue-todo-created.json",
        ])
        .env("GH_SECRET", "github-fixture-secret")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["valid"], true, "{text}");
    assert_eq!(lines[1]["valid"], true, "{text}");
    // No endpoint serves /hooks/blue and no --secret was given.
    assert_eq!(lines[2]["valid"], false);
    assert_eq!(lines[2]["code"], "no_endpoint", "{text}");
    assert!(lines[2]["reason"]
        .as_str()
        .unwrap()
        .starts_with("no endpoint of the config serves this path"));
    assert_eq!(lines[2]["scheme"], "blue", "{text}");
    assert_eq!(out.status.code(), Some(1));

    hookscope()
        .args(["verify", "--config"])
        .arg(&config)
        .arg("fixtures/github-push.json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("endpoint /hooks/github"))
        .stderr(predicate::str::contains("GH_SECRET"));
}

#[test]
fn a_capture_whose_body_disagrees_with_its_body_base64_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("both.json");
    std::fs::write(
        &file,
        r#"{"hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[["X-Signature","00"]],"body":"{}","body_base64":"e30K"}"#,
    )
    .unwrap();
    hookscope()
        .args(["verify", "--secret", "s"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "malformed capture '{}'",
            file.display()
        )))
        .stderr(predicate::str::contains("both body and body_base64"));
}

#[test]
fn error_lines_naming_a_file_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad\x1b]0;owned\x07.json");
    std::fs::write(&bad, "{").unwrap();
    let missing = dir.path().join("gone\x1b[2J.json");
    for (file, says) in [
        (&bad, "malformed capture '"),
        (&missing, "could not read '"),
    ] {
        let out = hookscope()
            .args(["verify", "--secret", "x"])
            .arg(file)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
        let shown = render::line(&file.display().to_string()).into_owned();
        assert!(err.contains(&format!("{says}{shown}'")), "{err}");
    }
}

#[test]
fn failure_reasons_quoting_header_text_are_escaped() {
    let out = stdout_of(
        hookscope()
            .args(["verify", "--secret", "whsec_x", "--body", "-", "-H"])
            .arg("Stripe-Signature: t=1,\u{1b}]0;pwned\u{7}")
            .write_stdin("{}"),
    );
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\x1b]0;pwned\\x07"), "{out}");
}

#[test]
fn flag_values_that_cannot_be_right_are_refused_with_the_fix() {
    for (args, says) in [
        (
            &[
                "verify",
                "--secret-env",
                "GITHUB_SECRET=abc",
                "fixtures/github-push.json",
            ][..],
            "not NAME=value: export the secret first",
        ),
        (
            &["listen", "--max-body", "0"][..],
            "0 would refuse every body",
        ),
        (
            &["listen", "--header-timeout", "0.0001"][..],
            "give at least 0.01 seconds",
        ),
        (
            &["listen", "--max-header-size", "1KiB"][..],
            "from 8KiB to 1MiB",
        ),
        (
            &["listen", "--max-connections", "0"][..],
            "from 1 to 1000000",
        ),
        (
            &[
                "replay",
                "--body",
                "fixtures/README.md",
                "--path",
                "hooks",
                "--to",
                "http://127.0.0.1:9/",
            ][..],
            "a path starts with '/': try --path /hooks",
        ),
        (
            &["sign", "--scheme", "github", "--secret", "s", "--path", "x"][..],
            "try --path /x",
        ),
    ] {
        hookscope()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

#[test]
fn help_texts_are_what_was_reviewed() {
    // A change to a flag's help shows up here as a diff to read, not only in the man pages.
    for sub in [
        "",
        "listen",
        "verify",
        "replay",
        "sign",
        "fixture",
        "trigger",
        "inspect",
        "completions",
    ] {
        let mut cmd = hookscope();
        if !sub.is_empty() {
            cmd.arg(sub);
        }
        let help = stdout_of(cmd.arg("--help"));
        let name = if sub.is_empty() {
            "help".to_string()
        } else {
            format!("help_{sub}")
        };
        insta::assert_snapshot!(name, help);
    }
}

/// Twilio signs the URL it calls: `verify` takes it from --public-url with the capture's path
/// added, and says what to give when it is missing (exit 2 for a named scheme). `sign` makes
/// the header from --public-url and --path. (twilio-python's vector.)
#[test]
fn url_signed_schemes_take_the_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let form = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    let out = hookscope()
        .args([
            "sign",
            "--scheme",
            "twilio",
            "--secret",
            "12345",
            "--public-url",
            "https://mycompany.com",
            "--path",
            "/myapp.php?foo=1&bar=2",
        ])
        .write_stdin(form)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Content-Type: application/x-www-form-urlencoded\nX-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=\n"
    );
    let capture = dir.path().join("twilio.json");
    let out = hookscope()
        .args([
            "sign",
            "--scheme",
            "twilio",
            "--secret",
            "12345",
            "--public-url",
            "https://mycompany.com/",
            "--path",
            "/myapp.php?foo=1&bar=2",
            "--format",
            "capture",
        ])
        .write_stdin(form)
        .output()
        .unwrap();
    std::fs::write(&capture, &out.stdout).unwrap();
    hookscope()
        .args([
            "verify",
            "--secret",
            "12345",
            "--public-url",
            "https://mycompany.com",
        ])
        .arg(&capture)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(twilio"));
    hookscope()
        .args([
            "verify",
            "--secret",
            "12345",
            "--public-url",
            "https://other.example",
        ])
        .arg(&capture)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("check --public-url"));
    hookscope()
        .args(["verify", "--secret", "12345"])
        .arg(&capture)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("give it with --public-url"));
    // A raw body: --path says where it was sent (a query included), added to --public-url.
    hookscope()
        .args([
            "verify",
            "--secret",
            "12345",
            "--public-url",
            "https://mycompany.com",
            "--path",
            "/myapp.php?foo=1&bar=2",
            "--body",
            "-",
            "-H",
            "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        ])
        .write_stdin(form)
        .assert()
        .code(0);
    hookscope()
        .args(["verify", "--scheme", "twilio", "--secret", "12345"])
        .arg(&capture)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--public-url"));
    hookscope()
        .args(["verify", "--secret", "1", "--public-url", "mycompany.com"])
        .arg(&capture)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("http:// or https://"));
}

/// CI reports in the ecosystem's formats: JUnit XML with a test case per delivery (the reason
/// in its failure), and GitHub Actions annotations on the files; the exit codes stay.
#[test]
fn verify_reports_as_junit_and_as_github_annotations() {
    let keys = [
        "--secret-file",
        "fixtures/secrets.txt",
        "--public-key-file",
        "fixtures/public-keys.txt",
        "--now",
        FIXTURE_NOW,
    ];
    let out = hookscope()
        .args(["verify", "--format", "junit"])
        .args(keys)
        .args(["fixtures/invalid/", "fixtures/github-push.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    assert!(
        xml.contains(r#"tests="9" failures="8" errors="0""#),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 9);
    assert_eq!(xml.matches("<failure ").count(), 8);
    assert!(
        xml.contains(r#"name="fixtures/github-push.json (push)"/>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<failure type="signature_mismatch""#),
        "{xml}"
    );
    assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");

    let out = hookscope()
        .args(["verify", "--format", "github"])
        .args(keys)
        .args([
            "fixtures/invalid/github-tampered-body.json",
            "fixtures/github-push.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("::error file=fixtures/invalid/github-tampered-body.json,title=hookscope verify::signature mismatch"),
        "{text}"
    );
    assert_eq!(lines[1], "1 valid, 1 invalid", "{text}");

    // A file that is not a capture: an error case, and exit 2.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let out = hookscope()
        .args(["verify", "--format", "junit", "--secret", "x"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.contains(r#"tests="1" failures="0" errors="1""#),
        "{xml}"
    );
    assert!(xml.contains("<error message="), "{xml}");
}

/// Rough edges a first-time user hit, each said in words that point to the fix.
#[test]
fn mistakes_are_named_with_their_mend() {
    // `--header` is the generic scheme's signature header; a request header is -H.
    hookscope()
        .args([
            "sign",
            "--scheme",
            "hmac",
            "--header",
            "X-GitHub-Event: ping",
            "--secret",
            "s",
        ])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use -H 'Name: value'"));
    // A JSON file that is not a capture.
    let dir = tempfile::tempdir().unwrap();
    let not = dir.path().join("package.json");
    std::fs::write(&not, r#"{"name":"x"}"#).unwrap();
    hookscope()
        .args(["verify", "--secret", "s"])
        .arg(&not)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not a hookscope capture (no `hookscope` field)",
        ));
    // --store naming a file.
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    hookscope()
        .args(["listen", "--port", "0", "--store"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"));
}

/// Every fixture has its own id, the broken copies too: `replay fixtures/ --id …` finds one.
#[test]
fn every_fixture_has_its_own_id() {
    let mut seen = std::collections::HashMap::new();
    for dir in ["fixtures", "fixtures/invalid"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let c = hookscope::capture::Capture::read(&path).unwrap();
                if let Some(other) = seen.insert(c.id.clone(), path.clone()) {
                    panic!(
                        "{} and {} share id {}",
                        other.display(),
                        path.display(),
                        c.id
                    );
                }
            }
        }
    }
    assert!(seen.len() >= 40, "{}", seen.len());
}

/// A scheme named for a delivery that is another platform's says which one it looks like.
#[test]
fn a_named_scheme_missing_its_header_points_to_the_one_present() {
    hookscope()
        .args([
            "verify",
            "--scheme",
            "blue",
            "--secret",
            "bpium-fixture-secret",
            "fixtures/bpium-record-created.json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "missing header X-Signature; the request carries bpium's signature instead: is it --scheme bpium?",
        ));
}

/// From a capture to a fixture: checked first (a forgery is skipped and named, exit 1), the
/// capturing machine's headers dropped, values redacted in their shape, re-signed for the test
/// secret at the capture's own time, a readable name, and the same bytes every run.
#[test]
fn fixture_turns_captures_into_stable_redacted_resigned_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut c =
        hookscope::capture::Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    c.headers.insert(0, ("Host".into(), "abc.ngrok.app".into()));
    c.headers
        .push(("X-Forwarded-For".into(), "203.0.113.7".into()));
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("push.json"), c.to_json()).unwrap();
    std::fs::copy(
        root().join("fixtures/invalid/github-tampered-body.json"),
        input.join("tampered.json"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let make = || {
        hookscope()
            .args([
                "fixture",
                "--secret",
                "github-fixture-secret",
                "--redact",
                "pii",
            ])
            .args([
                "--resign-secret",
                "test-secret",
                "--keep-header",
                "x-forwarded-for",
            ])
            .arg("--out")
            .arg(&out)
            .arg(&input)
            .output()
            .unwrap()
    };
    let first = make();
    let said = String::from_utf8_lossy(&first.stdout).to_string();
    assert_eq!(first.status.code(), Some(1), "{said}");
    assert!(
        said.contains("tampered.json: not made a fixture: signature mismatch"),
        "{said}"
    );
    assert!(
        said.contains("1 fixture written, 1 capture skipped"),
        "{said}"
    );
    let file = out.join("github-push.json");
    let bytes = std::fs::read(&file).unwrap();
    let f = hookscope::capture::Capture::from_slice(&bytes).unwrap();
    assert!(
        f.headers.iter().all(|(n, _)| n != "Host"),
        "{:?}",
        f.headers
    );
    assert!(f.headers.iter().any(|(n, _)| n == "X-Forwarded-For"));
    let body = String::from_utf8(f.body.clone()).unwrap();
    assert!(body.contains(r#""email":"xxxxxxx@xxxxxx.xxx""#), "{body}");
    assert!(!body.contains("octocat@github.com"), "{body}");
    assert_eq!(
        (f.id.as_str(), f.received_at.as_str()),
        (c.id.as_str(), c.received_at.as_str())
    );
    // It verifies with the test secret, and no longer with the sender's.
    let verify = |secret: &str| {
        hookscope()
            .args(["verify", "--secret", secret, "--no-tolerance"])
            .arg(&file)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(verify("test-secret"), Some(0));
    assert_eq!(verify("github-fixture-secret"), Some(1));
    // The same input, the same bytes.
    make();
    assert_eq!(std::fs::read(&file).unwrap(), bytes);

    // No secret to check with, or a redaction with nothing to re-sign it: usage errors.
    hookscope()
        .args(["fixture", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no secret given"));
    hookscope()
        .args(["fixture", "--secret", "s", "--redact", "pii", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resign-secret"));
}

/// A stored capture is made a fixture as it came: its signed timestamp is checked against the
/// time it arrived, not today, so a real Stripe delivery from last week still becomes one; one
/// whose timestamp was already stale when it arrived does not, and `--now` still pins the time.
#[test]
fn fixture_checks_a_timestamp_against_the_captures_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let original = root().join("fixtures/stripe-payment-intent-succeeded.json");
    let c = hookscope::capture::Capture::read(&original).unwrap();
    assert_eq!(c.received_at, "2026-01-01T00:00:00.000Z");
    let fresh = input.join("fresh.json");
    std::fs::write(&fresh, c.to_json()).unwrap();
    let mut late = c.clone();
    late.received_at = "2026-01-01T01:00:00.000Z".into();
    let stale = input.join("stale.json");
    std::fs::write(&stale, late.to_json()).unwrap();
    let make = |file: &std::path::Path, more: &[&str]| {
        let out = hookscope()
            .args([
                "fixture",
                "--secret",
                "whsec_hookscopeFixtureStripeSecret01",
            ])
            .args(more)
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg(file)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, said) = make(&fresh, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("1 fixture written"), "{said}");
    let (code, said) = make(&stale, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("stale.json: not made a fixture: timestamp 3600 s old"),
        "{said}"
    );
    let (code, said) = make(&fresh, &["--now", "1767229200"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("timestamp 3600 s old"), "{said}");
}

/// A reviewer's findings in `fixture`: a value's exact bytes stay with their header when
/// re-signing moves headers about, and a delivery carrying its secret (GitLab's token) is not
/// made a fixture that would commit it.
#[test]
fn fixture_keeps_exact_bytes_with_their_header_and_never_commits_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut c =
        hookscope::capture::Capture::read(&root().join("fixtures/github-push.json")).unwrap();
    let sig = c
        .headers
        .iter()
        .position(|(n, _)| n == "X-Hub-Signature-256")
        .unwrap();
    let sig = c.headers.remove(sig);
    c.headers.retain(|(n, _)| n != "X-Hub-Signature");
    c.headers.insert(0, sig);
    c.headers.push(("X-Raw".into(), "caf\u{FFFD}".into()));
    c.headers.push(("X-After".into(), "plain".into()));
    c.header_bytes = vec![(c.headers.len() - 2, b"caf\xe9".to_vec())];
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("raw.json"), c.to_json()).unwrap();
    std::fs::copy(
        root().join("fixtures/gitlab-push.json"),
        input.join("gitlab.json"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let made = hookscope()
        .args([
            "fixture",
            "--secret-file",
            "fixtures/secrets.txt",
            "--resign-secret",
            "t",
        ])
        .arg("--out")
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&made.stdout).to_string();
    assert!(
        said.contains(
            "gitlab.json: not made a fixture: a gitlab delivery carries the secret itself"
        ),
        "{said}"
    );
    assert!(!out.join("gitlab-push-hook.json").exists());
    let f = hookscope::capture::Capture::read(&out.join("github-push.json")).unwrap();
    let exact = f.exact_values();
    assert_eq!(exact.len(), 1, "{:?}", f.header_bytes);
    assert_eq!(exact[0].0 .0, "X-Raw");
    assert_eq!(exact[0].1, b"caf\xe9");
}
