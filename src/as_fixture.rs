//! One capture made a fixture fit to commit: checked as it came (one that no secret given
//! verifies is refused, so a forgery never becomes a valid fixture), the headers that only
//! describe the capturing machine dropped, values redacted, signed again for a test secret at
//! the capture's own time, and named `<platform>-<event>`. Nothing fresh goes in (no new id, no
//! "now"), so the same capture gives the same bytes.
//!
//! `fixture` (capture files in, fixture files out) and the inspector's Save as fixture both
//! make their fixtures here; each writes them its own way.

use std::time::UNIX_EPOCH;

use crate::body::Body;
use crate::capture::Capture;
use crate::check::Routes;
use crate::headers;
use crate::redact;
use crate::resign::resign;
use crate::scheme::{event_name, Kind, Request};
use crate::secret::Secret;
use crate::show;

/// Headers that describe the machine a delivery was captured on, or the way there (a tunnel, a
/// proxy, curl), not the sender's request.
const MACHINE_HEADERS: &[&str] = &[
    "host",
    "accept-encoding",
    "connection",
    "content-length",
    "forwarded",
    "via",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-real-ip",
    "cf-connecting-ip",
    "cf-ipcountry",
    "cf-ray",
    "cf-visitor",
    "cdn-loop",
    "true-client-ip",
    "ngrok-skip-browser-warning",
    "x-request-start",
];

/// A capture made a fixture.
pub struct Fixture {
    pub capture: Capture,
    /// What its file is named without `.json`: `<platform>-<event>` (see [`stem`]).
    pub stem: String,
    /// How many values the rules took out; `None` when they took none.
    pub redacted: Option<usize>,
    /// Whether it was signed again (for the secrets given as `receiver`).
    pub resigned: bool,
    /// The credential headers left out (`Authorization`, `Cookie`, a token's…): a fixture is
    /// committed, and they open more than a test.
    pub dropped: Vec<String>,
    /// Where its body still carries a credential (JSON pointers), kept because the fixture is
    /// not signed again: blanking one would break the signature. Said, so it is not committed
    /// unseen.
    pub credentials_kept: Vec<String>,
}

/// Why a capture was not made a fixture.
#[derive(Debug)]
pub enum NotMade {
    /// No secret given verifies it, or it carries the secret itself: it is left out.
    Skipped(String),
    /// It cannot be signed for the secrets given (the scheme cannot sign with them): a mistake
    /// in what was asked, not in the capture.
    Unsignable(String),
}

/// How a capture turns into a fixture.
pub struct Recipe<'a> {
    /// The routes that check the capture first (its scheme and the sender's secrets).
    pub routes: &'a Routes,
    /// What `--redact` takes out of the body.
    pub rules: &'a [redact::Rule],
    /// Machine headers kept all the same (`--keep-header`).
    pub keep_header: &'a [String],
    /// The test secrets it is signed with; none leaves its own signature.
    pub receiver: &'a [Secret],
}

/// The capture's fixture, or why it is not made one.
pub fn make(capture: &Capture, recipe: &Recipe) -> Result<Fixture, NotMade> {
    let routes = recipe.routes;
    // Checked as it came: a timestamp against the capture's arrival, not against today.
    let body = Body::new(&capture.body);
    let url = routes.url_for(&capture.path);
    let req = Request::new(&capture.headers, &body)
        .at(url.as_deref())
        .by(&capture.method);
    let checked = routes.check_as_received(&capture.path, &req, unix_time(&capture.received_at));
    if let Some(f) = checked.verdict.failure() {
        return Err(NotMade::Skipped(f.to_string()));
    }
    if let Some(k) = checked
        .kind
        .filter(|k| k.scheme(None).is_ok_and(|s| s.carries_secret()))
    {
        return Err(NotMade::Skipped(format!("a {k} delivery carries the secret itself, so a fixture of it would commit the secret; make one by hand with a test secret")));
    }
    let stem = stem(checked.kind, event_name(checked.kind, &req).as_deref());
    let resigned = !recipe.receiver.is_empty();
    // The body's credentials (Slack's token, a password field…) are blanked when the fixture
    // is signed again anyway; otherwise blanking would break its signature, so they are kept
    // and said.
    let credentials = body
        .tree()
        .map(show::credential_pointers)
        .unwrap_or_default();
    let (rules, credentials_kept) = if resigned && !credentials.is_empty() {
        let mut rules = recipe.rules.to_vec();
        rules.extend(credentials.into_iter().map(redact::Rule::Pointer));
        (rules, Vec::new())
    } else {
        (recipe.rules.to_vec(), credentials)
    };
    let redacted = redact::redact(&body, &rules);

    // The fixture: the sender's request, nothing of the machine, nothing fresh.
    let keep = |name: &str| {
        !MACHINE_HEADERS.iter().any(|h| headers::same_name(h, name))
            || recipe
                .keep_header
                .iter()
                .any(|k| headers::same_name(k, name))
    };
    let kept_anyway = |name: &str| {
        recipe
            .keep_header
            .iter()
            .any(|k| headers::same_name(k, name))
    };
    let dropped: Vec<String> = capture
        .headers
        .iter()
        .filter(|(n, _)| show::masks_header(n, false) && !kept_anyway(n))
        .map(|(n, _)| n.clone())
        .collect();
    let mut fixture = Capture::new(&capture.method, &capture.path, Vec::new(), Vec::new());
    fixture.id = capture.id.clone();
    fixture.received_at = capture.received_at.clone();
    fixture.headers = capture
        .headers
        .iter()
        .filter(|(n, _)| keep(n) && !dropped.contains(n))
        .cloned()
        .collect();
    fixture.body = match &redacted {
        Some((bytes, _)) => bytes.clone(),
        None => capture.body.clone(),
    };
    if resigned {
        let at = unix_time(&capture.received_at).unwrap_or(0);
        let id = format!("msg_{}", capture.id.replace('-', ""));
        fixture.headers = resign(&fixture, routes, at, Some(id), true, recipe.receiver)
            .map_err(NotMade::Unsignable)?;
    }
    fixture.set_exact_values(capture.exact_values());
    Ok(Fixture {
        capture: fixture,
        stem,
        redacted: redacted.map(|(_, n)| n),
        resigned,
        dropped,
        credentials_kept,
    })
}

/// What a fixture of this platform and event is named, without `.json`:
/// `github-pull-request-opened`, `stripe` when there is no event, `delivery` when the platform
/// is not known either.
pub fn stem(kind: Option<Kind>, event: Option<&str>) -> String {
    let platform = kind.map_or("delivery", |k| k.name());
    match event {
        Some(e) => format!("{platform}-{}", name_part(e)),
        None => platform.to_string(),
    }
}

/// The name [`make`] would give the capture's fixture, without making it.
pub fn stem_of(capture: &Capture, routes: &Routes) -> String {
    let body = Body::new(&capture.body);
    let url = routes.url_for(&capture.path);
    let req = Request::new(&capture.headers, &body)
        .at(url.as_deref())
        .by(&capture.method);
    let kind = routes.check(&capture.path, &req).kind;
    stem(kind, event_name(kind, &req).as_deref())
}

/// An event as a file name's part, as the platform's own words in kebab case
/// (`pull_request.opened` is `pull-request-opened`): lower case, one `-` for each run of what is
/// not an ASCII letter or digit.
fn name_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "delivery".into()
    } else {
        out.chars().take(60).collect()
    }
}

/// The capture's own time, as a signing timestamp.
fn unix_time(received_at: &str) -> Option<i64> {
    let t = humantime::parse_rfc3339_weak(received_at).ok()?;
    Some(t.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resign::tests::routes;

    #[test]
    fn credentials_never_go_into_a_fixture_unseen() {
        let body = br#"{"ref":"main","password":"hunter2-long"}"#;
        let mut c = Capture::new(
            "POST",
            "/gh",
            vec![
                ("X-GitHub-Event".into(), "push".into()),
                ("X-Hub-Signature-256".into(), "sha256=00".into()),
                ("Authorization".into(), "Bearer AUTHZ-SECRET".into()),
                ("Cookie".into(), "session=COOKIE-SECRET".into()),
            ],
            body.to_vec(),
        );
        let sender = routes("sender");
        c.headers = resign(&c, &sender, 0, None, true, &[]).unwrap();
        let recipe = |receiver: &'static [Secret]| Recipe {
            routes: &sender,
            rules: &[],
            keep_header: &[],
            receiver,
        };
        // Its own signature kept: the headers are left out, the body's password is said.
        let f = make(&c, &recipe(&[])).unwrap();
        assert_eq!(f.dropped, ["Authorization", "Cookie"]);
        assert_eq!(f.credentials_kept, ["/password"]);
        let text = String::from_utf8(f.capture.to_json_with(None)).unwrap();
        assert!(
            !text.contains("AUTHZ-SECRET") && !text.contains("COOKIE-SECRET"),
            "{text}"
        );
        assert_eq!(f.capture.body, body);
        // Signed again: the password is blanked too.
        static TEST: std::sync::OnceLock<[Secret; 1]> = std::sync::OnceLock::new();
        let test = TEST.get_or_init(|| [Secret::new("test")]);
        let f = make(&c, &recipe(test)).unwrap();
        assert!(f.credentials_kept.is_empty());
        let blanked = String::from_utf8(f.capture.body.clone()).unwrap();
        assert!(!blanked.contains("hunter2"), "{blanked}");
        assert_eq!(f.redacted, Some(1));
        // Kept when asked for by name.
        let keep = ["Cookie".to_string()];
        let f = make(
            &c,
            &Recipe {
                keep_header: &keep,
                ..recipe(&[])
            },
        )
        .unwrap();
        assert_eq!(f.dropped, ["Authorization"]);
    }

    #[test]
    fn names_are_readable_and_safe() {
        assert_eq!(name_part("pull_request.opened"), "pull-request-opened");
        assert_eq!(name_part("record.before.deleted"), "record-before-deleted");
        assert_eq!(name_part("/weather"), "weather");
        assert_eq!(name_part("orders/create"), "orders-create");
        assert_eq!(name_part("Push Hook"), "push-hook");
        assert_eq!(name_part("../../etc"), "etc");
        assert_eq!(name_part("///"), "delivery");
        assert_eq!(stem(None, None), "delivery");
        assert_eq!(unix_time("2026-01-01T00:00:00.000Z"), Some(1_767_225_600));
    }
}
