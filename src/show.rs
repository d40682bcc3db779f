//! All human output about deliveries, and its JSON twin: what `listen` prints for a delivery
//! (a block for people, or one JSON object per line) here; what `verify` and `replay` print in
//! [`verify`] and [`replay`] (curl commands are `curl.rs`'s). They share the head line of a
//! request, the ✔/✘ mark and the cutting of long bodies, which are here.

pub mod fixture;
pub mod replay;
pub mod verify;

use std::path::Path;

use colored::{ColoredString, Colorize};
use serde_json::{json, Value};

use crate::capture::{Capture, Recorded};
use crate::check::Verdict;
use crate::decide::Answer;
use crate::render;
use crate::scheme::Kind;

/// ✔ in green for a good outcome (a valid signature, a delivery answered as expected), ✘ in
/// red for a bad one.
pub fn mark(good: bool) -> ColoredString {
    if good {
        "✔".green().bold()
    } else {
        "✘".red().bold()
    }
}

/// `● 10:00:01 POST /hooks/x`: a request's first line, with the time of day it came.
fn head_line(received_at: &str, method: &str, path: &str) -> String {
    let time = received_at.get(11..19).unwrap_or(received_at);
    format!(
        "{} {} {} {}",
        "●".bold(),
        time.dimmed(),
        render::line(method).bold(),
        render::line(path).bold()
    )
}

/// Everything known about one delivery, for display.
pub struct Delivery<'a> {
    pub remote: Option<String>,
    pub kind: Option<Kind>,
    pub event: Option<String>,
    pub delivery_id: Option<String>,
    pub structured: Option<&'a Value>,
    pub verdict: Verdict,
    /// The platform's check of the endpoint this request is, answered by hookscope itself.
    pub handshake: Option<&'static str>,
    /// A delivery id seen before, a Bpium sequence that skipped numbers: shown with the
    /// verdict, so they are read before any question is put.
    pub warnings: Vec<String>,
}

/// The verdict as the capture records it.
pub fn recorded(d: &Delivery) -> Recorded {
    let failure = d.verdict.failure();
    Recorded {
        signature: d.verdict.word().into(),
        scheme: d.kind.map(|k| k.name().into()),
        event: d.event.clone(),
        code: failure.map(|f| f.code().into()),
        reason: failure.map(|f| f.to_string()),
        handshake: d.handshake.map(str::to_string),
    }
}

pub fn answer_json(a: &Answer) -> Value {
    json!({
        "status": a.status,
        "headers": a.headers,
        "body": a.body_text(),
        "decision": a.decision.as_str(),
        "why": a.why,
    })
}

/// What stands in for a credential, on the terminal and on the inspector's page.
pub const MASK: &str = "••••••";

/// Whether a header's value is shown as [`MASK`]: a credential (see [`secret_header`]),
/// unless `--show-secrets`. The terminal and the inspector mask with this one rule.
pub fn masks_header(name: &str, show_secrets: bool) -> bool {
    !show_secrets && secret_header(name)
}

/// A decoded body (JSON, or a form nested) with its credentials masked (see [`secret_field`]),
/// as the terminal and the inspector show it.
pub fn masked_tree(tree: &Value) -> Value {
    let mut v = tree.clone();
    mask_body(&mut v);
    v
}

/// Whether a header carries a credential: `Authorization`, `Cookie`, and any header named
/// like a token, secret, password or API key (GitLab's `X-Gitlab-Token` is the webhook's
/// secret itself). Signatures are not credentials: they are shown.
fn secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    // An idempotency token (Twilio's I-Twilio-Idempotency-Token) names a delivery, it opens
    // nothing.
    if name.contains("idempotency") {
        return false;
    }
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || ["token", "secret", "password", "api-key", "apikey"]
        .iter()
        .any(|w| name.contains(w))
}

/// Whether a body field carries a credential: Bitrix24's `auth[application_token]`, Slack's
/// verification `token`, an `access_token` or `accessToken`, a `client_secret`, a `password`,
/// an `api_key` or `apiKey`.
fn secret_field(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    key.ends_with("token")
        || key.contains("secret")
        || key.contains("password")
        || key.contains("apikey")
}

/// Hides credentials inside a decoded body (see [`secret_field`]), also when a form gives one
/// twice (a list of tokens).
fn mask_body(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if secret_field(k) {
                    mask_values(val);
                } else {
                    mask_body(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_body),
        _ => {}
    }
}

/// The JSON pointers of the values [`masked_tree`] masks in `tree`: where a body's
/// credentials are.
pub fn credential_pointers(tree: &Value) -> Vec<String> {
    fn walk(original: &Value, masked: &Value, at: String, out: &mut Vec<String>) {
        match (original, masked) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in a {
                    if let Some(m) = b.get(k) {
                        let key = k.replace('~', "~0").replace('/', "~1");
                        walk(v, m, format!("{at}/{key}"), out);
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                for (i, (v, m)) in a.iter().zip(b).enumerate() {
                    walk(v, m, format!("{at}/{i}"), out);
                }
            }
            (a, b) if a != b => out.push(at),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(tree, &masked_tree(tree), String::new(), &mut out);
    out
}

/// Masks every string and number in `v`, however deep. An empty string is left as it is:
/// there is nothing to hide, and `""` tells the reader the secret was not set.
fn mask_values(v: &mut Value) {
    match v {
        Value::String(s) if s.is_empty() => {}
        Value::String(_) | Value::Number(_) => *v = json!(MASK),
        Value::Array(items) => items.iter_mut().for_each(mask_values),
        Value::Object(map) => map.values_mut().for_each(mask_values),
        _ => {}
    }
}

/// The human block down to the body: header line, verdict, headers, body.
pub fn head(
    c: &Capture,
    d: &Delivery,
    show_secrets: bool,
    max_lines: usize,
    stored_at: Option<&Path>,
) -> String {
    let mut out = brief(c, d);
    for (name, value) in &c.headers {
        let value = if masks_header(name, show_secrets) {
            MASK.into()
        } else {
            render::line(value)
        };
        // A sender picks a header's length: cut as a body line is (the capture keeps it all).
        let value = match cut_line(&value, MAX_LINE_CHARS) {
            Some((kept, more)) => format!("{kept}… {more} more characters").into(),
            None => value,
        };
        out.push_str(&format!(
            "  {}\n",
            format!("{name}: {value}", name = render::line(name)).dimmed()
        ));
    }
    out.push_str(&body(c, d.structured, show_secrets, max_lines, stored_at));
    out
}

/// What a delivery is and its verdict: the header line, the verdict, the warnings. Enough to
/// answer a question about it when the rest of the block is not on the terminal.
pub fn brief(c: &Capture, d: &Delivery) -> String {
    let mut out = String::new();
    let mut line = head_line(&c.received_at, &c.method, &c.path);
    line.push_str(&format!("  {}", render::size(c.body.len()).dimmed()));
    if let Some(k) = d.kind {
        line.push_str(&format!("  {}", k.name().cyan()));
    }
    if let Some(e) = &d.event {
        line.push_str(&format!(" {}", render::line(e).bold()));
    }
    if let Some(id) = &d.delivery_id {
        let id = render::line(id);
        let id = match cut_line(&id, MAX_ID_CHARS) {
            Some((kept, more)) => format!("{kept}… ({more} more)").into(),
            None => id,
        };
        line.push_str(&format!("  {}", format!("delivery {id}").dimmed()));
    }
    out.push_str(&line);
    out.push('\n');
    if let Some(name) = d.handshake {
        out.push_str(&format!(
            "  {} {} handshake, answered by hookscope\n",
            "⇄".cyan().bold(),
            name
        ));
    }
    let verdict = match &d.verdict {
        // A handshake that carries no signature says so in its own line.
        Verdict::Unchecked if d.handshake.is_some() => String::new(),
        Verdict::Valid => format!(
            "  {} {}",
            mark(true),
            d.kind.map_or("signature valid", |k| k.platform().valid)
        ),
        Verdict::Invalid(f) => {
            format!("  {} {}", mark(false), render::line(&f.to_string()).red())
        }
        Verdict::Unchecked => format!(
            "  {} signature not checked (no secret given)",
            "•".yellow().bold()
        ),
    };
    if !verdict.is_empty() {
        out.push_str(&verdict);
        out.push('\n');
    }
    for w in &d.warnings {
        out.push_str(&format!(
            "  {} {}\n",
            "⚠".yellow().bold(),
            render::line(w).yellow()
        ));
    }
    out
}

fn body(
    c: &Capture,
    structured: Option<&Value>,
    show_secrets: bool,
    max_lines: usize,
    stored_at: Option<&Path>,
) -> String {
    if c.body.is_empty() {
        return format!("  {}\n", "(empty body)".dimmed());
    }
    let is_json = c
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['));
    // A binary body shows at most 16 dump lines of 16 bytes, and no more lines than allowed.
    let dumped = c.body.len().min(16 * max_lines.min(16));
    let utf8 = std::str::from_utf8(&c.body);
    let binary = structured.is_none() && utf8.is_err();
    let (label, text) = match (structured, utf8) {
        (Some(v), _) => {
            let v = if show_secrets {
                v.clone()
            } else {
                masked_tree(v)
            };
            let label = if is_json {
                None
            } else {
                Some("form body, decoded")
            };
            (label, render::json(&v))
        }
        (None, Ok(text)) => (None, render::text(text).into_owned()),
        (None, Err(_)) => (
            Some("binary body"),
            render::hexdump(&c.body[..dumped], dumped),
        ),
    };
    let more_bytes = if binary { c.body.len() - dumped } else { 0 };
    let mut out = String::new();
    if let Some(l) = label {
        out.push_str(&format!("  {}\n", format!("({l})").dimmed()));
    }
    let shown = indented(&text, max_lines);
    out.push_str(&shown.text);
    if shown.more_lines > 0 || shown.cut || more_bytes > 0 {
        let whole = match stored_at {
            Some(p) => format!("full body in {}", render::line(&p.display().to_string())),
            None => "full body not stored (--no-store)".to_string(),
        };
        let what = match shown.more_lines {
            _ if more_bytes > 0 => format!("… {more_bytes} more bytes, {whole}"),
            0 => format!("… long lines cut at {MAX_LINE_CHARS} characters, {whole}"),
            rest => format!("… {rest} more lines, {whole}"),
        };
        out.push_str(&format!("  {}\n", what.dimmed()));
    }
    out
}

/// A body's text as shown under its head: indented, at most `max_lines` lines, each cut at
/// [`MAX_LINE_CHARS`] visible characters with how many more there were.
struct Indented {
    text: String,
    /// How many lines were left out.
    more_lines: usize,
    /// Whether a line was cut.
    cut: bool,
}

fn indented(text: &str, max_lines: usize) -> Indented {
    let mut out = String::new();
    let mut cut = false;
    let mut lines = text.lines();
    for l in lines.by_ref().take(max_lines) {
        out.push_str("  ");
        match cut_line(l, MAX_LINE_CHARS) {
            Some((kept, rest)) => {
                cut = true;
                out.push_str(&kept);
                out.push_str(&format!(
                    " {}",
                    format!("… {rest} more characters").dimmed()
                ));
            }
            None => out.push_str(l),
        }
        out.push('\n');
    }
    Indented {
        text: out,
        more_lines: lines.count(),
        cut,
    }
}

/// The most characters of one body line, or one header value, shown: a minified or base64
/// body is one long line.
const MAX_LINE_CHARS: usize = 500;

/// The most characters of a delivery id shown on the block's first line.
const MAX_ID_CHARS: usize = 80;

/// A line cut to `max` visible characters, and how many were left out; `None` if it fits. The
/// line's escape sequences are hookscope's own colours (the sender's text was escaped before),
/// so they are kept whole, not counted, and closed after the cut (a line without colour, as
/// when output is not a terminal, gets no escape sequence).
fn cut_line(line: &str, max: usize) -> Option<(String, usize)> {
    // The byte offset of each visible character.
    let mut visible = Vec::new();
    let mut in_escape = false;
    for (i, ch) in line.char_indices() {
        if in_escape {
            in_escape = !ch.is_ascii_alphabetic();
        } else if ch == '\u{1b}' {
            in_escape = true;
        } else {
            visible.push(i);
        }
    }
    let end = *visible.get(max)?;
    let kept = &line[..end];
    let reset = if kept.contains('\u{1b}') {
        "\u{1b}[0m"
    } else {
        ""
    };
    Some((format!("{kept}{reset}"), visible.len() - max))
}

/// The human block's end: the answer sent and where the capture is.
pub fn tail(answer: &Answer, stored: &Result<Option<std::path::PathBuf>, String>) -> String {
    let mut out = String::new();
    let status = answer.status.to_string();
    let status = if answer.status < 300 {
        status.green().bold()
    } else {
        status.red().bold()
    };
    let body = render::line(&answer.body_text()).into_owned();
    let shown = if body.chars().count() > 200 {
        format!("{}…", body.chars().take(200).collect::<String>())
    } else {
        body
    };
    out.push_str(&format!(
        "  → {status} {shown}  {}\n",
        format!("({})", render::line(&answer.why)).dimmed()
    ));
    match stored {
        Ok(Some(p)) => out.push_str(&format!(
            "  {}\n",
            format!("stored {}", render::line(&p.display().to_string())).dimmed()
        )),
        Ok(None) => {}
        Err(e) => out.push_str(&format!(
            "  {} {} {}\n",
            mark(false),
            "NOT STORED:".red().bold(),
            render::line(e).red()
        )),
    }
    out.push('\n');
    out
}

/// A request refused before it became a delivery (wrong method, too large, cut short): the
/// head line and the answer with its reason.
pub fn refusal_lines(method: &str, path: &str, declared: Option<u64>, answer: &Answer) -> String {
    let mut line = head_line(&crate::capture::now_rfc3339(), method, path);
    if let Some(len) = declared {
        line.push_str(&format!(
            "  {}",
            format!(
                "{} declared",
                render::size(usize::try_from(len).unwrap_or(usize::MAX))
            )
            .dimmed()
        ));
    }
    format!(
        "{line}\n  {} {} {}: {}\n\n",
        mark(false),
        "refused".red().bold(),
        answer.status,
        render::line(&answer.why)
    )
}

/// A request too malformed to read (hyper's 400, 414, 431) or whose head came too late (408):
/// who sent it, and why it was refused. It is not a delivery: no method or path is known.
pub fn unreadable_lines(remote: &str, status: u16, why: &str) -> String {
    format!(
        "{} {} from {}\n  {} {} {status}: {}\n\n",
        "●".bold(),
        "unreadable request".bold(),
        render::line(remote),
        mark(false),
        "refused".red().bold(),
        render::line(why)
    )
}

/// The `--format json` line of an unreadable request.
pub fn unreadable_json_line(remote: &str, status: u16, why: &str) -> String {
    let v = json!({
        "received_at": crate::capture::now_rfc3339(),
        "remote_addr": remote,
        "refused": true,
        "unreadable": true,
        "answer": {"status": status, "why": why},
        "stored": false,
    });
    let mut s = serde_json::to_string(&v).expect("a Value always serialises");
    s.push('\n');
    s
}

/// The `--format json` line of a refused request.
pub fn refusal_json_line(
    method: &str,
    path: &str,
    declared: Option<u64>,
    answer: &Answer,
) -> String {
    let v = json!({
        "received_at": crate::capture::now_rfc3339(),
        "method": method,
        "path": path,
        "declared_size": declared,
        "refused": true,
        "answer": answer_json(answer),
        "stored": false,
    });
    let mut s = serde_json::to_string(&v).expect("a Value always serialises");
    s.push('\n');
    s
}

/// One JSON object for the delivery (`--format json`).
pub fn json_line(
    c: &Capture,
    d: &Delivery,
    answer: &Answer,
    stored: &Result<Option<std::path::PathBuf>, String>,
) -> String {
    let mut v = json!({
        "id": c.id,
        "received_at": c.received_at,
        "remote_addr": d.remote,
        "method": c.method,
        "path": c.path,
        "size": c.body.len(),
        "scheme": d.kind.map(Kind::name),
        "event": d.event,
        "delivery_id": d.delivery_id,
        "signature": d.verdict.word(),
        "code": Value::Null,
        "reason": Value::Null,
        "answer": { "status": answer.status, "decision": answer.decision.as_str(), "why": answer.why, "body": answer.body_text() },
        "capture": Value::Null,
        "stored": matches!(stored, Ok(Some(_))),
        "warnings": d.warnings,
    });
    if let Verdict::Invalid(f) = &d.verdict {
        v["code"] = json!(f.code());
        v["reason"] = json!(f.to_string());
    }
    match stored {
        Ok(Some(p)) => v["capture"] = json!(p.display().to_string()),
        Ok(None) => {}
        Err(e) => v["store_error"] = json!(e),
    }
    let mut s = serde_json::to_string(&v).expect("a Value always serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_for_a_delivery_reads_as_reviewed() {
        colored::control::set_override(false);
        let mut c = Capture::read(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/bpium-record-before-deleted.json"),
        )
        .unwrap();
        c.received_at = "2026-01-01T00:01:00.000Z".into();
        let body = crate::body::Body::new(&c.body);
        let d = Delivery {
            remote: Some("127.0.0.1:50000".into()),
            kind: Kind::named("bpium"),
            event: Some("record.before.deleted".into()),
            delivery_id: Some("hook-7/seq-41".into()),
            structured: body.tree(),
            verdict: Verdict::Valid,
            handshake: None,
            warnings: vec![
                "delivery id hook-7/seq-41 was seen before: a retry, a replay or a duplicate"
                    .into(),
            ],
        };
        let answer = Answer::reject(
            Some(serde_json::json!("Not on Fridays")),
            "answered at the prompt",
        );
        let stored = Ok(Some(std::path::PathBuf::from("/store/0190.json")));
        let block = format!(
            "{}{}",
            head(
                &c,
                &d,
                false,
                40,
                Some(std::path::Path::new("/store/0190.json"))
            ),
            tail(&answer, &stored)
        );
        insta::assert_snapshot!(block);
    }

    #[test]
    fn credentials_are_told_by_their_names_and_signatures_are_not() {
        for h in [
            "Authorization",
            "Cookie",
            "X-Api-Key",
            "X-Gitlab-Token",
            "X-Shopify-Access-Token",
            "X-Webhook-Secret",
        ] {
            assert!(secret_header(h), "{h}");
        }
        for h in [
            "X-Hub-Signature-256",
            "Stripe-Signature",
            "X-Shopify-Hmac-Sha256",
            "X-Hook-Signature",
            "Content-Type",
            "X-GitHub-Delivery",
        ] {
            assert!(!secret_header(h), "{h}");
        }
        for k in [
            "application_token",
            "token",
            "client_secret",
            "password",
            "access_token",
            "accessToken",
            "refresh-token",
            "apiKey",
            "api_key",
        ] {
            assert!(secret_field(k), "{k}");
        }
        for k in ["tokens_used", "event", "domain", "member_id", "ID"] {
            assert!(!secret_field(k), "{k}");
        }
        let mut v = json!({"token": "slack-verify", "auth": {"client_secret": ["a", "b"]}, "secret": 987654321, "text": "hi"});
        mask_body(&mut v);
        assert_eq!(
            v,
            json!({"token": MASK, "auth": {"client_secret": [MASK, MASK]}, "secret": MASK, "text": "hi"})
        );
        // An empty secret is shown as empty: nothing to hide, and it says the secret is unset.
        let mut blue = json!({"webhook": {"secret": "", "token": "t"}});
        mask_body(&mut blue);
        assert_eq!(blue, json!({"webhook": {"secret": "", "token": MASK}}));
    }

    #[test]
    fn long_lines_are_cut_by_visible_characters_keeping_colours_whole() {
        assert_eq!(cut_line("short", 10), None);
        assert_eq!(cut_line("abcdef", 6), None);
        assert_eq!(cut_line("abcdef", 4), Some(("abcd".to_string(), 2)));
        let coloured = "\u{1b}[32m\"abcdef\"\u{1b}[0m";
        assert_eq!(
            cut_line(coloured, 3),
            Some(("\u{1b}[32m\"ab\u{1b}[0m".to_string(), 5))
        );
        assert_eq!(cut_line("ééé", 1), Some(("é".to_string(), 2)));
    }
}
