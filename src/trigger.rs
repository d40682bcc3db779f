//! `hookscope trigger`: a platform's sample event, sent real-shaped and signed. The samples
//! live in the platforms' records ([`Sample`]); this fills in fresh ids and the time, applies
//! `--set`, signs as the platform does and sends it with replay's client.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Value};

use crate::body::Body;
use crate::capture::Capture;
use crate::check::now_unix;
use crate::cli::{TriggerArgs, TriggerFormat};
use crate::client::send::{Outgoing, Sender};
use crate::client::{self, is_hop_by_hop};
use crate::curl;
use crate::exit::{Hinted, Outcome};
use crate::headers;
use crate::render;
use crate::scheme::{content_type, fresh_message_id, Kind, Sample, SignContext};
use crate::secret::{Secret, NO_SECRET_HINT};
use crate::show;

/// Every platform that has sample events, in the registry's order.
fn with_samples() -> impl Iterator<Item = Kind> {
    Kind::all()
        .iter()
        .copied()
        .filter(|k| !k.platform().samples.is_empty())
}

fn names(kinds: impl Iterator<Item = Kind>) -> String {
    kinds.map(Kind::name).collect::<Vec<_>>().join(", ")
}

/// The platform a name stands for, if it has samples; otherwise why not.
fn platform(name: &str) -> Result<Kind, Hinted> {
    let all = || format!("platforms with sample events: {}", names(with_samples()));
    match Kind::named(name) {
        Some(k) if !k.platform().samples.is_empty() => Ok(k),
        Some(k) => Err(Hinted::new(
            format!("{} has no sample events yet", k.name()),
            [
                all(),
                format!(
                    "to send a payload of your own: hookscope replay --body FILE --scheme {} --secret-env NAME --to URL",
                    k.name()
                ),
            ],
        )),
        None => Err(Hinted::new(
            format!("'{}' is not a platform hookscope knows", render::line(name)),
            [all()],
        )),
    }
}

/// The sample of that event: its name exactly, else the one name that differs only in case.
fn sample(kind: Kind, event: &str) -> Result<&'static Sample, Hinted> {
    let samples = kind.platform().samples;
    samples
        .iter()
        .find(|s| s.name == event)
        .or_else(|| {
            let mut close = samples
                .iter()
                .filter(|s| s.name.eq_ignore_ascii_case(event));
            close.next().filter(|_| close.next().is_none())
        })
        .ok_or_else(|| {
            let known: Vec<&str> = samples.iter().map(|s| s.name).collect();
            Hinted::new(
                format!(
                    "{} has no sample event '{}'",
                    kind.name(),
                    render::line(event)
                ),
                [format!("its events: {}", known.join(", "))],
            )
        })
}

/// What a fill is made of for one delivery.
struct Fresh {
    ts: i64,
    /// Now, to the second and to the millisecond.
    iso: String,
    iso_ms: String,
    n: u64,
    token: Option<String>,
    to: String,
    uuid: fn() -> String,
}

impl Fresh {
    fn now(token: Option<String>, to: &str) -> Fresh {
        let random = uuid::Uuid::now_v7();
        let low = u64::from_be_bytes(random.as_bytes()[8..].try_into().expect("16 bytes"));
        let now = std::time::SystemTime::now();
        Fresh {
            ts: now_unix(),
            iso: humantime::format_rfc3339_seconds(now).to_string(),
            iso_ms: humantime::format_rfc3339_millis(now).to_string(),
            // Twelve digits: among the 10,000 ids `listen` remembers, two triggers meet about
            // once in a hundred million.
            n: 100_000_000_000 + low % 900_000_000_000,
            token,
            to: to.to_string(),
            uuid: || uuid::Uuid::now_v7().hyphenated().to_string(),
        }
    }
}

/// Where a fill's value goes, and so how it is written.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// Inside a JSON string: escaped as JSON.
    Json,
    /// A form value: URL-encoded.
    Form,
    Header,
}

/// `text` with each `{{fill}}` made, written as its `place` needs.
fn fill(text: &str, fresh: &Fresh, place: Place) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a sample has an unclosed {{".to_string())?;
        let value = match &after[..end] {
            "ts" => fresh.ts.to_string(),
            "ts_ms" => (fresh.ts * 1000).to_string(),
            "iso" => fresh.iso.clone(),
            "iso_ms" => fresh.iso_ms.clone(),
            "n" => fresh.n.to_string(),
            "to" => fresh.to.clone(),
            "uuid" => (fresh.uuid)(),
            "token" => fresh.token.clone().ok_or("the token is not given")?,
            other => return Err(format!("a sample names an unknown fill {{{{{other}}}}}")),
        };
        match place {
            Place::Form => out.extend(form_urlencoded::byte_serialize(value.as_bytes())),
            Place::Json => {
                let quoted = serde_json::to_string(&value).expect("a string always serialises");
                out.push_str(&quoted[1..quoted.len() - 1]);
            }
            Place::Header => out.push_str(&value),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A list index as RFC 6901 writes one: `0`, or digits not starting with `0`.
fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    (digits && (token == "0" || !token.starts_with('0')))
        .then(|| token.parse().ok())
        .flatten()
}

/// A JSON pointer's tokens, unescaped (`~1` is `/`, `~0` is `~`).
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// What a JSON value holds, for a message: its members or its length.
fn members(v: &Value) -> String {
    match v {
        Value::Object(m) if m.is_empty() => "it has no members".into(),
        Value::Object(m) => format!(
            "its members: {}",
            m.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
        Value::Array(a) => format!("it is a list of {}", a.len()),
        _ => "it is neither an object nor a list".into(),
    }
}

/// Sets `pointer` in `doc` to `value`: a member or a list item replaced, or an item added at
/// the end of a list (`-`).
fn set_json(doc: &mut Value, pointer: &str, value: Value) -> Result<(), String> {
    let tokens = tokens(pointer);
    let (last, parents) = tokens.split_last().ok_or("an empty pointer")?;
    let mut at = doc;
    let mut path = String::new();
    for t in parents {
        let here = if path.is_empty() { "the body" } else { &path };
        let why = format!("{here} has no '{}' ({})", render::line(t), members(at));
        at = match at {
            Value::Object(m) => m.get_mut(t.as_str()),
            Value::Array(a) => index(t).and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .ok_or(why)?;
        path.push('/');
        path.push_str(&render::line(t));
    }
    let here = if path.is_empty() { "the body" } else { &path };
    match at {
        // A member the sample lacks is more often a typo than a wish: refused, naming those
        // there are.
        Value::Object(m) => match m.get_mut(last.as_str()) {
            Some(v) => {
                *v = value;
                Ok(())
            }
            None => Err(format!(
                "{here} has no '{}' ({}): --set changes what the sample has",
                render::line(last),
                members(at)
            )),
        },
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            let i = index(last).ok_or_else(|| {
                format!("{here} is a list: '{}' is not an index", render::line(last))
            })?;
            let len = a.len();
            let item = a.get_mut(i).ok_or_else(|| {
                format!("{here} is a list of {len}: no index {i} (add an item with {here}/-)")
            })?;
            *item = value;
            Ok(())
        }
        _ => Err(format!(
            "{here} holds a value, not an object or a list: set {here} itself"
        )),
    }
}

/// Sets a form field: the first of its name replaced (the others dropped); `null` removes
/// it. The pieces not set keep their bytes.
fn set_form(body: &str, pointer: &str, value: &Value) -> Result<String, String> {
    let tokens = tokens(pointer);
    let [name] = tokens.as_slice() else {
        return Err(format!(
            "'{pointer}': a form's fields are flat, so the pointer is /NAME (like /auth[domain])"
        ));
    };
    let text = match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!("'{pointer}': a form field holds text, not {value}"))
        }
    };
    let piece = |v: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair(name, v)
            .finish()
    };
    let mut out: Vec<String> = Vec::new();
    let mut done = false;
    for raw in body.split('&').filter(|p| !p.is_empty()) {
        let key = raw.split('=').next().unwrap_or_default();
        let same = form_urlencoded::parse(format!("{key}=").as_bytes())
            .next()
            .is_some_and(|(k, _)| k == name.as_str());
        if !same {
            out.push(raw.to_string());
        } else if !done {
            done = true;
            if let Some(t) = &text {
                out.push(piece(t));
            }
        }
    }
    if !done {
        let fields: Vec<String> = form_urlencoded::parse(body.as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect();
        return Err(format!(
            "the form has no field '{}' (its fields: {}): --set changes what the sample has",
            render::line(name),
            render::line(&fields.join(", "))
        ));
    }
    Ok(out.join("&"))
}

/// Whether a sample carries the secret itself (`{{token}}`), in its body or a header.
fn carries_token(sample: &Sample) -> bool {
    sample.body.contains("{{token}}") || sample.headers.iter().any(|(_, v)| v.contains("{{token}}"))
}

/// A sample made ready: the headers in order and the body.
pub struct Built {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Fills `sample` in, applies the `--set`s, and signs it with `secrets` as `kind` signs.
fn build(
    kind: Kind,
    sample: &Sample,
    secrets: &[Secret],
    sets: &[(String, Value)],
    extra: &[(String, String)],
    fresh_for: impl Fn(Option<String>) -> Fresh,
) -> Result<Built> {
    let scheme = kind.build(None)?;
    let carries_secret = carries_token(sample);
    if carries_secret && secrets.len() > 1 {
        return Err(Hinted::new(
            format!(
                "{} secrets given, but a {} delivery carries one token",
                secrets.len(),
                kind.name()
            ),
            ["give the one token your receiver checks"],
        )
        .into());
    }
    let token = carries_secret
        .then(|| secrets.first().map(|s| s.expose().to_string()))
        .flatten();
    let fresh = fresh_for(token);
    let form = !sample.body.trim_start().starts_with(['{', '[']);
    let bad = |e: String| anyhow::Error::from(Hinted::new(e, Vec::<String>::new()));
    let place = if form { Place::Form } else { Place::Json };
    let mut body = fill(sample.body, &fresh, place).map_err(bad)?;
    if !sets.is_empty() {
        body = if form {
            sets.iter().try_fold(body, |b, (p, v)| set_form(&b, p, v))
        } else {
            let mut doc: Value =
                serde_json::from_str(&body).expect("a sample's JSON is tested to parse");
            sets.iter()
                .try_for_each(|(p, v)| set_json(&mut doc, p, v.clone()))
                .map(|()| {
                    if body.contains('\n') {
                        serde_json::to_string_pretty(&doc)
                    } else {
                        serde_json::to_string(&doc)
                    }
                    .expect("a Value always serialises")
                })
        }
        .map_err(|e| {
            Hinted::new(
                format!("--set: {e}"),
                [format!(
                    "see the body with: hookscope trigger {} {} --secret … --dry-run --format json",
                    kind.name(),
                    sample.name
                )],
            )
        })?;
    }
    let body = body.into_bytes();

    let mut headers: Vec<(String, String)> = Vec::new();
    let in_sample = sample
        .headers
        .iter()
        .any(|(n, _)| headers::same_name(n, "content-type"));
    if let Some(ct) = content_type(kind, &Body::new(&body)).filter(|_| !in_sample) {
        headers.push(("Content-Type".into(), ct.into()));
    }
    for (name, value) in sample.headers {
        headers.push((
            name.to_string(),
            fill(value, &fresh, Place::Header).map_err(bad)?,
        ));
    }
    if scheme.not_signed().is_none() {
        let ctx = SignContext {
            timestamp: fresh.ts,
            id: fresh_message_id(),
            url: None,
        };
        headers.extend(scheme.sign_secrets(&body, secrets, &ctx)?);
    } else if !carries_secret {
        let (why, hints) = scheme.not_signed().expect("checked above");
        return Err(Hinted::new(why, hints.iter().copied()).into());
    }
    // After signing, so that -H replaces what the signing wrote too (a wrong signature on
    // purpose, to try a receiver's refusal).
    for (name, value) in extra {
        headers::set(&mut headers, name, value);
    }
    Ok(Built { headers, body })
}

/// `--list`: a line per sample, of one platform or all.
fn list(args: &TriggerArgs) -> Result<Outcome> {
    let kinds: Vec<Kind> = match &args.platform {
        Some(name) => vec![platform(name)?],
        None => with_samples().collect(),
    };
    let rows: Vec<(Kind, &Sample)> = kinds
        .iter()
        .flat_map(|k| k.platform().samples.iter().map(move |s| (*k, s)))
        .collect();
    let mut out = std::io::stdout().lock();
    if args.format == TriggerFormat::Json {
        for (k, s) in &rows {
            let line = json!({
                "platform": k.name(), "event": s.name, "shows": s.shows.unwrap_or(s.name),
                "about": s.about,
            });
            writeln!(out, "{line}")?;
        }
    } else {
        let wide = |f: fn(&(Kind, &Sample)) -> usize| rows.iter().map(f).max().unwrap_or(0);
        let platform_width = wide(|(k, _)| k.name().len());
        let event_width = wide(|(_, s)| s.name.len());
        for (k, s) in &rows {
            let shows = s
                .shows
                .map(|e| format!(" (shows as {e})"))
                .unwrap_or_default();
            writeln!(
                out,
                "{:platform_width$}  {:event_width$}  {}{shows}",
                k.name(),
                s.name,
                s.about
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// What `--dry-run` prints in `format`.
fn dry_run(format: TriggerFormat, o: &Outgoing) -> Result<String> {
    Ok(match format {
        TriggerFormat::Human => show::replay::would_send(o),
        TriggerFormat::Json => show::replay::would_send_json(o),
        TriggerFormat::Curl => curl::of_outgoing(o).map_err(anyhow::Error::msg)?,
        TriggerFormat::Capture => {
            let url: ureq::http::Uri = o.url.parse()?;
            let path = url.path_and_query().map_or("/", |p| p.as_str());
            let capture = Capture::new(&o.method, path, o.headers.clone(), o.body.clone());
            String::from_utf8(capture.to_json()).expect("a capture's JSON is text")
        }
    })
}

pub fn run(args: TriggerArgs) -> Result<Outcome> {
    if args.list {
        return list(&args);
    }
    if matches!(args.format, TriggerFormat::Curl | TriggerFormat::Capture) && !args.dry_run {
        return Err(Hinted::new(
            format!(
                "--format {} prints the request instead of sending it",
                if args.format == TriggerFormat::Curl {
                    "curl"
                } else {
                    "capture"
                }
            ),
            ["add --dry-run"],
        )
        .into());
    }
    client::check_url(&args.to)?;
    if let Some((name, _)) = args.request_headers.iter().find(|(n, _)| is_hop_by_hop(n)) {
        return Err(Hinted::new(
            format!(
                "-H {}: the client sets it for each connection",
                render::line(name)
            ),
            ["drop it"],
        )
        .into());
    }
    let (platform_name, event) = match (&args.platform, &args.event) {
        (Some(p), Some(e)) => (p, e),
        _ => unreachable!("clap requires PLATFORM and EVENT without --list"),
    };
    let kind = platform(platform_name)?;
    let sample = sample(kind, event)?;
    let secrets = args.secrets.sources().resolve_env()?;
    if secrets.is_empty() {
        let what = if carries_token(sample) {
            "the sample carries the token your receiver checks"
        } else {
            "the sample is signed with the secret your receiver checks"
        };
        return Err(Hinted::new(format!("no secret given: {what}"), [NO_SECRET_HINT]).into());
    }
    // A dry run of a sample that carries the secret itself shows it as `(redacted)`: what is
    // printed can be read, not sent.
    let carries = carries_token(sample);
    if args.dry_run
        && carries
        && matches!(args.format, TriggerFormat::Curl | TriggerFormat::Capture)
    {
        return Err(Hinted::new(
            format!(
                "{} {} carries the secret itself, and hookscope never prints a secret",
                kind.name(),
                sample.name
            ),
            ["send it instead (leave out --dry-run and --format), or see it with --dry-run --format json (the token redacted)"],
        )
        .into());
    }
    let shown = [Secret::new("(redacted)")];
    let keys: &[Secret] = if args.dry_run && carries {
        &shown
    } else {
        &secrets
    };
    let built = build(
        kind,
        sample,
        keys,
        &args.set,
        &args.request_headers,
        |token| Fresh::now(token, &args.to),
    )?;
    let label = format!("{} {}", kind.name(), sample.name);
    let outgoing = Outgoing {
        id: label,
        source: args.to.clone(),
        method: "POST".into(),
        url: args.to.clone(),
        headers: built.headers,
        exact: Vec::new(),
        body: built.body,
    };

    // What the client would refuse to send (a line break in a -H value) is refused here, for a
    // dry run too: a curl command must not carry what a send would not.
    client::request_exact(&outgoing.method, &outgoing.url, &outgoing.headers, &[], ())
        .map_err(|e| Hinted::new(e, ["mend the -H value"]))?;
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        // Named by its sample, as the URL is on the line already.
        let shown = Outgoing {
            source: outgoing.id.clone(),
            ..outgoing
        };
        out.write_all(dry_run(args.format, &shown)?.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let reply = Sender::new(args.timeout, 0, None, None).send(&outgoing);
    let delivered = reply.delivered(None);
    let text = match args.format {
        TriggerFormat::Json => show::replay::reply_json(&outgoing, &reply, delivered),
        _ => show::replay::reply(&outgoing, &reply, delivered),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    if reply.status.is_none() {
        eprintln!(
            "hint: is a receiver listening at {}? start one with: hookscope listen (or point --to at yours)",
            render::line(&args.to)
        );
    }
    Ok(if delivered {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checker;
    use crate::scheme::{event_name, Request};

    fn fixed(token: Option<String>) -> Fresh {
        Fresh {
            ts: now_unix(),
            iso: "2026-01-01T00:00:00Z".into(),
            iso_ms: "2026-01-01T00:00:00.000Z".into(),
            n: 123_456_789_012,
            token,
            to: "http://127.0.0.1:8080/hooks?a=\"b\"".into(),
            uuid: || "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(),
        }
    }

    fn secret() -> Vec<Secret> {
        vec![Secret::new("trigger-test-secret")]
    }

    /// A secret of the form the platform's keys take (Standard Webhooks': base64).
    fn secret_for(kind: Kind) -> Vec<Secret> {
        match kind.name() {
            "standard" => vec![Secret::new("whsec_dHJpZ2dlci10ZXN0LXNlY3JldA==")],
            _ => secret(),
        }
    }

    /// An auto-detecting checker with these secrets and the platforms' own time windows.
    fn checker(secrets: Vec<Secret>) -> Checker {
        let time = crate::cli::TimeArgs {
            tolerance: None,
            no_tolerance: false,
            now: None,
        };
        Checker::new(None, None, secrets, Vec::new(), &time).unwrap()
    }

    fn valid(checker: &Checker, built: &Built) -> bool {
        let body = Body::new(&built.body);
        let req = Request::new(&built.headers, &body);
        matches!(checker.check(&req).verdict, crate::check::Verdict::Valid)
    }

    /// Every sample, built and signed, is what `listen` would take it for: its platform by
    /// auto-detection, its event, and a valid signature under the secret it was signed with.
    #[test]
    fn every_sample_is_recognised_and_valid() {
        let mut count = 0;
        for kind in with_samples() {
            let checker = checker(secret_for(kind));
            assert!(
                !kind.platform().signs_url,
                "{}: a sample of a platform that signs its URL needs --public-url",
                kind.name()
            );
            for s in kind.platform().samples {
                let built = build(kind, s, &secret_for(kind), &[], &[], fixed).unwrap();
                let body = Body::new(&built.body);
                let req = Request::new(&built.headers, &body);
                let what = format!("{} {}", kind.name(), s.name);
                assert_eq!(crate::scheme::detect(&req).ok(), Some(kind), "{what}");
                assert_eq!(
                    event_name(Some(kind), &req).as_deref(),
                    Some(s.shows.unwrap_or(s.name)),
                    "{what}"
                );
                assert!(valid(&checker, &built), "{what}");
                assert!(
                    !built.body.windows(2).any(|w| w == b"{{"),
                    "{what}: a fill left"
                );
                count += 1;
            }
        }
        assert!(count >= 20, "{count} samples");
    }

    #[test]
    fn the_issue_asks_for_these() {
        for (name, event) in [
            ("bpium", "record.created"),
            ("bpium", "record.updated"),
            ("bpium", "record.deleted"),
            ("bpium", "record.before.created"),
            ("bpium", "record.before.updated"),
            ("bpium", "record.before.deleted"),
            ("bpium", "record.updating"),
            ("bitrix-token", "ONCRMLEADADD"),
            ("bitrix-token", "ONCRMDEALUPDATE"),
            ("bitrix-token", "ONTASKADD"),
            ("bitrix", "ONCRMLEADADD"),
            ("blue", "TODO_CREATED"),
            ("blue", "COMMENT_CREATED"),
            ("github", "push"),
            ("github", "pull_request.opened"),
            ("stripe", "payment_intent.succeeded"),
            ("slack", "slash-command"),
            ("shopify", "orders/create"),
            ("svix", "invoice.paid"),
        ] {
            let kind = platform(name).unwrap();
            assert!(sample(kind, event).is_ok(), "{name} {event}");
        }
    }

    #[test]
    fn two_deliveries_are_not_one_repeated() {
        let kind = Kind::named("github").unwrap();
        let s = sample(kind, "push").unwrap();
        let now = |t| Fresh::now(t, "http://127.0.0.1:8080/");
        let a = build(kind, s, &secret(), &[], &[], now).unwrap();
        let b = build(kind, s, &secret(), &[], &[], now).unwrap();
        let id = |b: &Built| headers::get(&b.headers, "x-github-delivery").map(str::to_string);
        assert!(id(&a).is_some());
        assert_ne!(id(&a), id(&b));
    }

    #[test]
    fn set_changes_the_body_before_signing() {
        let kind = Kind::named("stripe").unwrap();
        let s = sample(kind, "payment_intent.succeeded").unwrap();
        let sets = vec![
            ("/data/object/amount".to_string(), json!(5000)),
            (
                "/data/object/metadata".to_string(),
                json!({"order": "A-17"}),
            ),
            (
                "/data/object/payment_method_types/-".to_string(),
                json!("link"),
            ),
        ];
        let built = build(kind, s, &secret(), &sets, &[], fixed).unwrap();
        let doc: Value = serde_json::from_slice(&built.body).unwrap();
        assert_eq!(doc["data"]["object"]["amount"], 5000);
        assert_eq!(doc["data"]["object"]["metadata"]["order"], "A-17");
        assert_eq!(
            doc["data"]["object"]["payment_method_types"],
            json!(["card", "link"])
        );
        // Stripe sends it pretty-printed, and it stays so.
        assert!(built.body.starts_with(b"{\n  \"id\""));
        assert!(valid(&checker(secret()), &built));
    }

    #[test]
    fn set_says_what_is_there_when_the_pointer_is_not() {
        let mut doc = json!({"data": {"object": {"amount": 1}}, "list": [1]});
        let e = set_json(&mut doc, "/data/objekt/amount", json!(2)).unwrap_err();
        assert_eq!(e, "/data has no 'objekt' (its members: object)");
        let e = set_json(&mut doc, "/list/5", json!(2)).unwrap_err();
        assert_eq!(
            e,
            "/list is a list of 1: no index 5 (add an item with /list/-)"
        );
        let e = set_json(&mut doc, "/list/1", json!(2)).unwrap_err();
        assert!(e.contains("no index 1"), "{e}");
        // A typo in the last name is refused, not added beside the member meant.
        let e = set_json(&mut doc, "/data/object/amout", json!(2)).unwrap_err();
        assert_eq!(
            e,
            "/data/object has no 'amout' (its members: amount): --set changes what the sample has"
        );
        let e = set_json(&mut doc, "/data/object/amount/x", json!(2)).unwrap_err();
        assert!(e.contains("holds a value"), "{e}");
        let mut doc = json!({"a/b": 1});
        set_json(&mut doc, "/a~1b", json!(true)).unwrap();
        assert_eq!(doc["a/b"], true);
    }

    #[test]
    fn set_in_a_form_keeps_the_other_bytes() {
        let body = "a=1&data%5BFIELDS%5D%5BID%5D=134806&b=x%2Fy";
        assert_eq!(
            set_form(body, "/data[FIELDS][ID]", &json!(42)).unwrap(),
            "a=1&data%5BFIELDS%5D%5BID%5D=42&b=x%2Fy"
        );
        assert_eq!(
            set_form(body, "/a", &json!("p q&r")).unwrap(),
            "a=p+q%26r&data%5BFIELDS%5D%5BID%5D=134806&b=x%2Fy"
        );
        let e = set_form(body, "/data[FIELDS][IDX]", &json!(1)).unwrap_err();
        assert!(
            e.contains("no field 'data[FIELDS][IDX]' (its fields: a, data[FIELDS][ID], b)"),
            "{e}"
        );
        assert_eq!(
            set_form(body, "/a", &Value::Null).unwrap(),
            "data%5BFIELDS%5D%5BID%5D=134806&b=x%2Fy"
        );
        assert!(set_form(body, "/a/b", &json!(1))
            .unwrap_err()
            .contains("flat"));
        assert!(set_form(body, "/a", &json!([1]))
            .unwrap_err()
            .contains("holds text"));
    }

    #[test]
    fn the_bitrix_token_goes_in_the_form_url_encoded() {
        let kind = Kind::named("bitrix-token").unwrap();
        let s = sample(kind, "oncrmleadadd").unwrap();
        let token = vec![Secret::new("a&b=c")];
        let built = build(kind, s, &token, &[], &[], fixed).unwrap();
        assert!(carries_token(s));
        let two = vec![Secret::new("a"), Secret::new("b")];
        let e = build(kind, s, &two, &[], &[], fixed)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("carries one token"), "{e}");
        let text = String::from_utf8(built.body.clone()).unwrap();
        assert!(
            text.ends_with("auth%5Bapplication_token%5D=a%26b%3Dc"),
            "{text}"
        );
        assert!(valid(&checker(token), &built));
    }

    #[test]
    fn a_header_given_replaces_the_samples_and_the_signatures() {
        let kind = Kind::named("github").unwrap();
        let s = sample(kind, "push").unwrap();
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let extra = vec![
            h("x-github-event", "ping"),
            h("X-Hub-Signature-256", "sha256=00"),
        ];
        let built = build(kind, s, &secret(), &[], &extra, fixed).unwrap();
        let named = |name: &str| -> Vec<(String, String)> {
            built
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .cloned()
                .collect()
        };
        assert_eq!(named("x-github-event"), [h("x-github-event", "ping")]);
        assert_eq!(
            named("x-hub-signature-256"),
            [h("X-Hub-Signature-256", "sha256=00")]
        );
        assert!(!valid(&checker(secret()), &built));
    }

    #[test]
    fn pointer_indexes_are_rfc_6901s() {
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("12"), Some(12));
        for bad in ["00", "+0", "01", "-1", "", "1e2"] {
            assert_eq!(index(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_target_goes_into_the_body_as_json_text() {
        let kind = Kind::named("github").unwrap();
        let s = sample(kind, "ping").unwrap();
        let built = build(kind, s, &secret(), &[], &[], fixed).unwrap();
        let doc: Value = serde_json::from_slice(&built.body).unwrap();
        assert_eq!(
            doc["hook"]["config"]["url"],
            "http://127.0.0.1:8080/hooks?a=\"b\""
        );
    }

    #[test]
    fn unknown_platforms_and_events_are_named() {
        let e = platform("gitlub").unwrap_err().to_string();
        assert!(e.contains("'gitlub' is not a platform"), "{e}");
        let e = platform("zoom").unwrap_err().to_string();
        assert!(e.contains("zoom has no sample events yet"), "{e}");
        let e = sample(Kind::named("github").unwrap(), "pull")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("github has no sample event 'pull'"), "{e}");
    }
}
