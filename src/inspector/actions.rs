//! What the page can do to a capture, beside reading it: Replay it, Edit and resend it, Save it
//! as a fixture. Each is a POST that `server.rs` lets through only from this inspector's own
//! page (its token, its `Origin`, a JSON body), and `GET /api/captures/ID/actions` says what
//! each can do here (see [`offer`]).
//!
//! - Re-signing uses only the secrets the command line gave: the sender's (`--secret…`,
//!   `--config`), which must verify the capture ([`crate::resign`]), and the receiver's or a
//!   test one (`--resign-secret…`). No secret reaches the page or comes from it: an answer
//!   names the platform it signed for and which flag's secret it used, never a secret.
//! - A send goes through replay's machinery (`client::join_target`, `client::send::Sender`),
//!   on the blocking pool, with replay's default timeout, at most [`MAX_SENDS`] at once; it
//!   never touches the listener's runtime, so no delivery waits for it.
//! - Every answer's headers are masked as the detail masks them (`api::masked_answer`), and a
//!   receiver's body is cut at [`MAX_ANSWER_TEXT`].
//! - A resent request is stored as a new capture that names its original (`resent_from`), and
//!   its id published on the [`Feed`], as a delivery's is.
//! - A fixture is written only into `--fixtures DIR`, under a plain file name, never over
//!   another unless the page says the person confirmed it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hyper::StatusCode;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use super::{api, draft, Feed, Settings};
use crate::as_fixture::{self, NotMade, Recipe};
use crate::body::Body;
use crate::capture::{Capture, Extra, Recorded};
use crate::check::{now_unix, Routes};
use crate::client::send::{Outgoing, Reply, Sender, DEFAULT_TIMEOUT};
use crate::client::{self, is_hop_by_hop};
use crate::redact;
use crate::resign::{resign, resign_edited};
use crate::scheme::{event_name, Request};
use crate::secret::Secret;
use crate::settings::Checking;
use crate::store::Store;

/// How many sends (replays, resends) may be under way at once: each may hold a thread of the
/// inspector's small blocking pool for as long as a slow receiver takes.
pub const MAX_SENDS: usize = 2;
/// The most of a receiver's answer body shown (and recorded) as text.
pub const MAX_ANSWER_TEXT: usize = 64 * 1024;
/// The most of a binary answer body shown as hex.
const MAX_ANSWER_HEX: usize = 4 * 1024;

/// How to give the sender's secret, said where re-signing has none.
const SENDER_HINT: &str = "start hookscope with the secret that verifies the capture: --secret-env NAME (or --secret, --secret-file, or --config with the endpoint's secret)";
/// How to give a receiver's or test secret.
const RECEIVER_HINT: &str =
    "start hookscope with --resign-secret-env NAME (or --resign-secret, --resign-secret-file)";

/// What the command line gave the actions. Cheap to clone: it is shared.
#[derive(Clone)]
pub struct Actions(Arc<Given>);

struct Given {
    /// The sender's secrets and `--config`, with no time window: a capture is as old as it is,
    /// and what makes it genuine is its signature.
    checking: Checking,
    /// `--resign-secret…`: the receiver's or a test secret, to sign with instead.
    receiver: Vec<Secret>,
    /// `--fixtures DIR`.
    fixtures: Option<PathBuf>,
    sends: Arc<Semaphore>,
}

impl Actions {
    pub fn new(checking: Checking, receiver: Vec<Secret>, fixtures: Option<PathBuf>) -> Actions {
        Actions(Arc::new(Given {
            checking,
            receiver,
            fixtures,
            sends: Arc::new(Semaphore::new(MAX_SENDS)),
        }))
    }

    fn routes(&self) -> &Routes {
        &self.0.checking.routes
    }

    /// Why Replay and Resend cannot re-sign here, or `None` when they can try.
    fn cannot_resign(&self) -> Option<String> {
        self.0.checking.no_secret().then(|| {
            let receiver = match self.0.receiver.is_empty() {
                true => "",
                false => " (--resign-secret is the receiver's: it signs only what a secret of the sender's verifies)",
            };
            format!("re-signing needs a secret of the sender's, and none was given{receiver}: {SENDER_HINT}")
        })
    }

    /// Whose secret a re-signed request carries, as the page says it.
    fn signed_with(&self) -> &'static str {
        match self.0.receiver.is_empty() {
            true => "the secret that verifies the capture",
            false => "the secret of --resign-secret",
        }
    }
}

/// The actions the page can ask for.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    Replay,
    Resend,
    Fixture,
}

/// An answer: its status and JSON.
pub type Answer = (StatusCode, Value);

fn refused(status: StatusCode, why: impl Into<String>) -> Answer {
    (status, json!({ "error": why.into() }))
}

fn bad(why: impl Into<String>) -> Answer {
    refused(StatusCode::BAD_REQUEST, why)
}

/// Does `action` to the capture `id` names, as `body` asks; off the connection's thread.
pub async fn run(
    action: Action,
    settings: &Settings,
    feed: Feed,
    id: String,
    body: Value,
) -> Answer {
    let (store, actions) = (settings.store.clone(), settings.actions.clone());
    let permit = match action {
        Action::Fixture => None,
        Action::Replay | Action::Resend => match Arc::clone(&actions.0.sends).try_acquire_owned() {
            Ok(p) => Some(p),
            Err(_) => {
                return refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("{MAX_SENDS} sends are under way: try again when one has ended"),
                )
            }
        },
    };
    let work = move || {
        let _permit = permit;
        let capture = match read(&store, &id) {
            Ok(c) => c,
            Err(answer) => return answer,
        };
        match action {
            Action::Replay => replay(&actions, &capture, &body),
            Action::Resend => resend(&actions, &store, &feed, &id, &capture, &body),
            Action::Fixture => fixture(&actions, &capture, &body),
        }
    };
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the inspector failed on this request",
        )
    })
}

/// The capture `id` names in the store, or 404.
fn read(store: &Path, id: &str) -> Result<Capture, Answer> {
    let not_found = || refused(StatusCode::NOT_FOUND, "no capture with that id");
    let internal = |e: anyhow::Error| refused(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"));
    let bytes = api::file(store, id)
        .map_err(internal)?
        .ok_or_else(not_found)?;
    Capture::from_slice(&bytes).map_err(|e| internal(e.context(format!("malformed capture {id}"))))
}

/// `GET /api/captures/ID/actions`: what each action can do with this capture here, and what
/// Edit and resend starts from: `{"resign": {"ready", "with"|"why"}, "fixture": {"dir",
/// "why", "name", "resign"}, "edit": draft}`. No secret is in it.
pub fn offer(settings: &Settings, id: &str) -> Answer {
    let actions = &settings.actions;
    let capture = match read(&settings.store, id) {
        Ok(c) => c,
        Err(answer) => return answer,
    };
    let resign = match actions.cannot_resign() {
        None => json!({ "ready": true, "with": actions.signed_with() }),
        Some(why) => json!({ "ready": false, "why": why }),
    };
    let fixture_why = fixture_unavailable(actions);
    let fixture_resign = match actions.0.receiver.is_empty() {
        true => Some(format!(
            "a fixture is re-signed with a test secret: {RECEIVER_HINT}"
        )),
        false => None,
    };
    (
        StatusCode::OK,
        json!({
            "resign": resign,
            "fixture": {
                "dir": actions.0.fixtures.as_ref().map(|d| d.display().to_string()),
                "why": fixture_why,
                "name": as_fixture::stem_of(&capture, actions.routes()),
                "resign": match &fixture_resign {
                    None => json!({ "ready": true }),
                    Some(why) => json!({ "ready": false, "why": why }),
                },
            },
            "edit": draft::of(&capture),
        }),
    )
}

/// Why Save as fixture cannot be done here, or `None`.
fn fixture_unavailable(actions: &Actions) -> Option<String> {
    if actions.0.fixtures.is_none() {
        return Some("Save as fixture writes into a directory given on the command line: start hookscope with --fixtures DIR".into());
    }
    actions.0.checking.no_keys().then(|| {
        format!("a fixture is checked first, so that a forgery never becomes a valid one, and no secret was given: {SENDER_HINT}")
    })
}

// ---- reading the request -------------------------------------------------------------------

fn field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body.get(name).filter(|v| !v.is_null())
}

fn flag(body: &Value, name: &str) -> Result<bool, Answer> {
    match field(body, name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad(format!("\"{name}\" is true or false"))),
    }
}

fn text<'a>(body: &'a Value, name: &str) -> Result<Option<&'a str>, Answer> {
    match field(body, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(format!("\"{name}\" is text"))),
    }
}

/// `to`, joined with the capture's path and query as replay's `--keep-path` does: the URL the
/// request goes to.
fn target(body: &Value, c: &Capture) -> Result<String, Answer> {
    let to = text(body, "to")?
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            bad("\"to\" names where to send it: an http:// or https:// URL, such as http://127.0.0.1:3000")
        })?;
    // The client would leave a user and password out without a word: refused, so what is sent
    // is what the page asked for.
    let authority = to.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    if authority.contains('@') {
        return Err(bad(
            "the target URL names a user or password (user:pass@host), which is not sent: leave it out, and add an Authorization header in Edit and resend if the receiver needs one",
        ));
    }
    if let Some(why) = client::url_problem(to) {
        return Err(bad(format!(
            "the target URL '{}' {why}",
            client::without_userinfo(to)
        )));
    }
    client::join_target(to, &c.path).map_err(bad)
}

/// `[[name, value], …]`.
fn header_list(body: &Value) -> Result<Vec<(String, String)>, Answer> {
    let usage = || bad("\"headers\" is a list of [name, value] pairs of text");
    let Some(Value::Array(items)) = field(body, "headers") else {
        return Err(usage());
    };
    items
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(n), Value::String(v)]) => Ok((n.clone(), v.clone())),
            _ => Err(usage()),
        })
        .collect()
}

// ---- sending -------------------------------------------------------------------------------

/// The platform a request is signed for and its event, as the request says (the list's
/// columns).
fn recognised(routes: &Routes, c: &Capture) -> (Option<String>, Option<String>) {
    let body = Body::new(&c.body);
    let url = routes.url_for(&c.path);
    let req = Request::new(&c.headers, &body)
        .at(url.as_deref())
        .by(&c.method);
    let kind = routes.check(&c.path, &req).kind;
    (kind.map(|k| k.name().to_string()), event_name(kind, &req))
}

/// Sends one request with replay's sender: no retry, replay's default timeout.
fn send(id: &str, c: &Capture, url: String) -> Reply {
    let mut headers = c.headers.clone();
    headers.retain(|(n, _)| !is_hop_by_hop(n));
    let outgoing = Outgoing {
        exact: c.exact_values(),
        id: id.to_string(),
        source: id.to_string(),
        method: c.method.clone(),
        url,
        headers,
        body: c.body.clone(),
    };
    Sender::new(DEFAULT_TIMEOUT, 0, None, None).send(&outgoing)
}

/// The receiver's answer as recorded: status, headers, body (cut), or why there is none.
fn recorded_answer(reply: &Reply) -> Value {
    let text = String::from_utf8_lossy(&reply.body);
    let mut end = text.len().min(MAX_ANSWER_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut answer = json!({
        "headers": reply.headers,
        "body": &text[..end],
    });
    if let Some(s) = reply.status {
        answer["status"] = json!(s);
    }
    if let Some(e) = &reply.error {
        answer["why"] = json!(e);
    }
    answer
}

/// The receiver's answer as the page shows it: status (or why there is none), the time it
/// took, the headers masked as the detail masks them, the body cut.
fn shown_answer(reply: &Reply) -> Value {
    let mut answer = api::masked_answer(recorded_answer(reply));
    answer["ms"] = json!(reply.elapsed.as_millis() as u64);
    answer["size"] = json!(reply.body.len());
    match std::str::from_utf8(&reply.body) {
        Ok(_) => {
            let shown = answer["body"].as_str().map_or(0, str::len);
            answer["more_bytes"] = json!(reply.body.len() - shown);
        }
        Err(_) => {
            answer["body"] = Value::Null;
            answer["hex"] = json!(crate::render::hexdump(&reply.body, MAX_ANSWER_HEX));
        }
    }
    answer
}

/// What the page says of the signature: the platform signed for and with whose secret, or
/// that it went as captured.
fn signing_note(actions: &Actions, platform: Option<String>, resigned: bool) -> Value {
    match resigned {
        true => json!({ "platform": platform, "with": actions.signed_with() }),
        false => Value::Null,
    }
}

/// Why a request cannot be re-signed here, as an answer.
fn cannot_resign(actions: &Actions) -> Result<(), Answer> {
    match actions.cannot_resign() {
        Some(why) => Err(refused(StatusCode::UNPROCESSABLE_ENTITY, why)),
        None => Ok(()),
    }
}

// ---- the actions ---------------------------------------------------------------------------

/// `{"to": URL, "resign": bool}`: the capture's request, as captured or re-signed, to `to`
/// with its path and query.
fn replay(actions: &Actions, c: &Capture, body: &Value) -> Answer {
    let go = || -> Result<Answer, Answer> {
        let url = target(body, c)?;
        let resigning = flag(body, "resign")?;
        let mut out = c.clone();
        if resigning {
            cannot_resign(actions)?;
            out.headers = resign(
                c,
                actions.routes(),
                now_unix(),
                None,
                false,
                &actions.0.receiver,
            )
            .map_err(|why| refused(StatusCode::UNPROCESSABLE_ENTITY, format!("not sent: {why}")))?;
            out.set_exact_values(c.exact_values());
        }
        let reply = send(&c.id, &out, url.clone());
        Ok((
            StatusCode::OK,
            json!({
                "sent_to": client::without_userinfo(&url),
                "resigned": signing_note(actions, recognised(actions.routes(), &out).0, resigning),
                "answer": shown_answer(&reply),
            }),
        ))
    };
    go().unwrap_or_else(|a| a)
}

/// `{"to": URL, "headers": [[name, value]…], "body": TEXT|null, "resign": bool}`: the edited
/// request (its masks the stored values, see [`draft::restore`]), re-signed if asked, sent, and
/// stored as a new capture that names this one.
fn resend(
    actions: &Actions,
    store: &Path,
    feed: &Feed,
    id: &str,
    c: &Capture,
    body: &Value,
) -> Answer {
    let go = || -> Result<Answer, Answer> {
        let url = target(body, c)?;
        let resigning = flag(body, "resign")?;
        let edited_headers = header_list(body)?;
        let edited_body = text(body, "body")?.map(str::to_string);
        let (headers, bytes) = draft::restore(c, edited_headers, edited_body).map_err(bad)?;
        let mut out = Capture::new(&c.method, &c.path, headers, bytes);
        out.headers.retain(|(n, _)| !is_hop_by_hop(n));
        if resigning {
            cannot_resign(actions)?;
            out.headers = resign_edited(c, &out, actions.routes(), now_unix(), &actions.0.receiver)
                .map_err(|why| {
                    refused(StatusCode::UNPROCESSABLE_ENTITY, format!("not sent: {why}"))
                })?;
        }
        out.set_exact_values(c.exact_values());
        // Every header must be one that can go on the wire, before anything is sent.
        client::request_exact(&out.method, &url, &out.headers, &out.exact_values(), ())
            .map_err(bad)?;
        let reply = send(&out.id, &out, url.clone());
        // Sent, not received: no verdict of hookscope's own, only the platform and event the
        // list shows; what the receiver made of it is its answer.
        let (platform, event) = recognised(actions.routes(), &out);
        let extra = Extra {
            verdict: Some(Recorded {
                signature: "unchecked".into(),
                scheme: platform.clone(),
                event,
                code: None,
                reason: None,
                handshake: None,
            }),
            answer: Some(recorded_answer(&reply)),
            resent_from: Some(id.to_string()),
            ..Extra::default()
        };
        let stored = Store::open(store, true).and_then(|s| s.save(&out, Some(&extra)));
        let stored = match stored {
            Ok(_) => {
                feed.publish(&out, || extra.clone());
                json!({ "id": out.id })
            }
            Err(e) => json!({ "id": null, "error": format!("sent, but not stored: {e:#}") }),
        };
        Ok((
            StatusCode::OK,
            json!({
                "sent_to": client::without_userinfo(&url),
                "resigned": signing_note(actions, platform, resigning),
                "answer": shown_answer(&reply),
                "stored": stored,
                "resent_from": id,
            }),
        ))
    };
    go().unwrap_or_else(|a| a)
}

/// A fixture's file name: plain (no `/`, `\`, `..`, nothing hidden, no control character),
/// with `.json` added when it has none.
fn plain_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    let plain = !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.contains("..")
        && !name.chars().any(char::is_control);
    if !plain {
        return Err(format!(
            "'{}' is not a plain file name: a fixture's name has no '/', '\\' or '..', does not start with '.', and is at most 120 characters",
            crate::render::line(name)
        ));
    }
    Ok(match name.ends_with(".json") {
        true => name.to_string(),
        false => format!("{name}.json"),
    })
}

/// `{"name": NAME|null, "redact": [RULE…], "resign": bool, "overwrite": bool}`: the capture
/// made a fixture as `hookscope fixture` makes it, written as DIR/NAME.
fn fixture(actions: &Actions, c: &Capture, body: &Value) -> Answer {
    let go = || -> Result<Answer, Answer> {
        let resigning = flag(body, "resign")?;
        let overwrite = flag(body, "overwrite")?;
        let rules: Vec<redact::Rule> = match field(body, "redact") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut rules = Vec::new();
                for item in items {
                    let rule = item
                        .as_str()
                        .ok_or_else(|| bad("\"redact\" is a list of rules, each text"))?;
                    rules.extend(redact::parse(rule).map_err(|e| {
                        bad(format!(
                            "the redaction rule '{}' is not one: write {e}",
                            crate::render::line(rule)
                        ))
                    })?);
                }
                rules
            }
            Some(_) => return Err(bad("\"redact\" is a list of rules")),
        };
        let name = match text(body, "name")? {
            Some(n) if !n.trim().is_empty() => n.to_string(),
            _ => as_fixture::stem_of(c, actions.routes()),
        };
        let file = plain_name(&name).map_err(bad)?;
        if let Some(why) = fixture_unavailable(actions) {
            return Err(refused(StatusCode::UNPROCESSABLE_ENTITY, why));
        }
        let dir = actions.0.fixtures.as_ref().expect("checked just above");
        if resigning && actions.0.receiver.is_empty() {
            return Err(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("a fixture is re-signed with a test secret, and none was given: {RECEIVER_HINT}"),
            ));
        }
        if !rules.is_empty() && !resigning {
            return Err(bad(
                "redacting changes the body, so its signature no longer matches: tick Re-sign too",
            ));
        }
        let receiver: &[Secret] = match resigning {
            true => &actions.0.receiver,
            false => &[],
        };
        let recipe = Recipe {
            routes: actions.routes(),
            rules: &rules,
            keep_header: &[],
            receiver,
        };
        let made = as_fixture::make(c, &recipe).map_err(|e| match e {
            NotMade::Skipped(why) => refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("not made a fixture: {why}"),
            ),
            NotMade::Unsignable(why) => refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("not re-signed: {why}"),
            ),
        })?;
        let overwrote = write_fixture(dir, &file, &made.capture.to_json_with(None), overwrite)?;
        Ok((
            StatusCode::OK,
            json!({
                "file": file,
                "dir": dir.display().to_string(),
                "redacted": made.redacted.unwrap_or(0),
                "resigned": made.resigned,
                "dropped": made.dropped,
                "credentials_kept": made.credentials_kept,
                "overwrote": overwrote,
            }),
        ))
    };
    go().unwrap_or_else(|a| a)
}

/// Writes DIR/FILE: a new file, or over the one there when `overwrite` (never through a link or
/// onto what is not a file). Whether it wrote over one.
fn write_fixture(dir: &Path, file: &str, bytes: &[u8], overwrite: bool) -> Result<bool, Answer> {
    use std::io::Write;
    let failed = |e: std::io::Error, what: &str| {
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not {what} '{}': {e}", dir.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(e, "make the fixtures directory"))?;
    let path = dir.join(file);
    let existing = std::fs::symlink_metadata(&path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Err(refused(
            StatusCode::CONFLICT,
            format!("{file} in the fixtures directory is not a plain file (a link, a directory…): it is left alone; pick another name"),
        ));
    }
    if overwrite {
        // Written beside it under a fresh name, then renamed over it: a rename replaces a link
        // put there meanwhile, never the file it points to, and a failed write leaves the old
        // fixture whole.
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).map_err(|e| {
            refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("could not name a temporary file: {e}"),
            )
        })?;
        let temporary = dir.join(format!(".{file}.{}.tmp", hex::encode(suffix)));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .and_then(|mut out| out.write_all(bytes))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(failed(e, "write a fixture in"));
        }
        return Ok(existing.is_some());
    }
    // A new name: created only if nothing (not even a link) is there.
    let mut out = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err((
                StatusCode::CONFLICT,
                json!({
                    "error": format!("{file} is already in the fixtures directory: write over it only if you mean to, or pick another name"),
                    "exists": file,
                }),
            ))
        }
        Err(e) => return Err(failed(e, "write a fixture in")),
    };
    out.write_all(bytes)
        .map_err(|e| failed(e, "write a fixture in"))?;
    Ok(existing.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixture_name_is_a_plain_file_name() {
        assert_eq!(plain_name("github-push").unwrap(), "github-push.json");
        assert_eq!(plain_name(" stripe.json ").unwrap(), "stripe.json");
        for bad in [
            "",
            "../x",
            "a/b",
            "a\\b",
            "..",
            ".hidden",
            "a..b",
            "x\ny",
            &"n".repeat(121),
        ] {
            assert!(plain_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_fixture_is_never_written_over_unless_asked_nor_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!write_fixture(dir.path(), "a.json", b"one", false).unwrap());
        let (status, v) = write_fixture(dir.path(), "a.json", b"two", false).unwrap_err();
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(v["exists"], "a.json");
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"one");
        assert!(write_fixture(dir.path(), "a.json", b"two", true).unwrap());
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"two");
        #[cfg(unix)]
        {
            let target = dir.path().join("elsewhere");
            std::fs::write(&target, b"keep").unwrap();
            std::os::unix::fs::symlink(&target, dir.path().join("l.json")).unwrap();
            for overwrite in [false, true] {
                let (status, _) = write_fixture(dir.path(), "l.json", b"x", overwrite).unwrap_err();
                assert_eq!(status, StatusCode::CONFLICT);
            }
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        }
        // Written over by a rename, never through the old file: one linked elsewhere (as a link
        // swapped in after the check would be) keeps its bytes, and nothing is left beside.
        let other = dir.path().join("other");
        std::fs::write(&other, b"theirs").unwrap();
        std::fs::hard_link(&other, dir.path().join("h.json")).unwrap();
        assert!(write_fixture(dir.path(), "h.json", b"ours", true).unwrap());
        assert_eq!(std::fs::read(&other).unwrap(), b"theirs");
        assert_eq!(std::fs::read(dir.path().join("h.json")).unwrap(), b"ours");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
