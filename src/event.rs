//! Event names and delivery ids, per platform, for display, filters and decisions.

use serde_json::Value;

use crate::form;
use crate::jsonscan;
use crate::scheme::{Kind, Request};

/// The body as structured data: JSON, or a form nested into objects. `None` for anything else.
/// This builds the whole tree: use [`probe`] when only the event name and ids are needed.
pub fn structured(body: &[u8]) -> Option<Value> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if matches!(first, b'{' | b'[') {
        serde_json::from_slice(body).ok()
    } else if form::looks_like_form(body) {
        Some(form::nest(&form::pairs(body)))
    } else {
        None
    }
}

/// The few body fields that name an event or a delivery, read without building the whole body
/// as a tree: the rest of the body is skipped, not parsed (see [`jsonscan`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Probe {
    /// `event` when it is a string (Bitrix24, Blue).
    pub event: Option<String>,
    /// `event.type` when `event` is an object (Slack's Events API).
    pub event_type: Option<String>,
    /// `type` (Stripe, Standard Webhooks, Slack).
    pub type_: Option<String>,
    /// `action` (GitHub).
    pub action: Option<String>,
    /// `command` (Slack slash commands).
    pub command: Option<String>,
    /// `id` (Stripe's event id).
    pub id: Option<String>,
    /// Bpium's `hook.id`, `hook.event`, `hook.sequenceId`.
    pub hook_id: Option<String>,
    pub hook_event: Option<String>,
    pub hook_sequence: Option<i64>,
}

/// A JSON value's text when it is a non-empty string.
fn raw_text(raw: Option<&[u8]>) -> Option<String> {
    serde_json::from_slice::<String>(raw?)
        .ok()
        .filter(|s| !s.is_empty())
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the naming fields of a JSON or form body.
pub fn probe(body: &[u8]) -> Probe {
    let Some(first) = body.iter().find(|b| !b.is_ascii_whitespace()) else {
        return Probe::default();
    };
    if *first == b'{' {
        // The top-level fields that name things; the last of a repeated key wins, as in
        // JavaScript's JSON.parse.
        let (mut event, mut type_, mut action, mut command, mut id, mut hook) =
            (None, None, None, None, None, None);
        let whole = jsonscan::members(body, |key, value| {
            let slot = match key {
                "event" => &mut event,
                "type" => &mut type_,
                "action" => &mut action,
                "command" => &mut command,
                "id" => &mut id,
                "hook" => &mut hook,
                _ => return,
            };
            *slot = Some(value);
        });
        if whole.is_none() {
            return Probe::default();
        }
        let event_obj = event.filter(|e: &&[u8]| e.starts_with(b"{"));
        let hook: Option<Value> = hook.and_then(|h| serde_json::from_slice(h).ok());
        let hook_field = |name: &str| hook.as_ref().and_then(|h| h.get(name));
        Probe {
            event: raw_text(event),
            event_type: event_obj
                .and_then(|e| serde_json::from_slice::<Value>(e).ok())
                .and_then(|e| e.get("type").and_then(scalar_text)),
            type_: raw_text(type_),
            action: raw_text(action),
            command: raw_text(command),
            id: raw_text(id),
            hook_id: hook_field("id").and_then(scalar_text),
            hook_event: hook_field("event").and_then(scalar_text),
            hook_sequence: hook_field("sequenceId")
                .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok())),
        }
    } else if form::looks_like_form(body) {
        let mut p = Probe::default();
        for (k, v) in form::pairs(body) {
            let slot = match k.as_str() {
                "event" => &mut p.event,
                "type" => &mut p.type_,
                "command" => &mut p.command,
                "action" => &mut p.action,
                _ => continue,
            };
            if slot.is_none() && !v.is_empty() {
                *slot = Some(v);
            }
        }
        p
    } else {
        Probe::default()
    }
}

/// The first non-empty value of a header.
fn first_header(req: &Request, name: &str) -> Option<String> {
    req.all(name)
        .next()
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The event name a delivery carries, where the platform puts one. With no scheme known, the
/// usual places (`hook.event`, `event`, `type`) are tried.
pub fn name(kind: Option<Kind>, req: &Request, p: &Probe) -> Option<String> {
    let header = |n: &str| first_header(req, n);
    match kind {
        Some(Kind::Github) => {
            let event = header("x-github-event")?;
            Some(match &p.action {
                Some(action) => format!("{event}.{action}"),
                None => event,
            })
        }
        Some(Kind::Shopify) => header("x-shopify-topic"),
        Some(Kind::Bpium) => p.hook_event.clone(),
        Some(Kind::Bitrix | Kind::BitrixToken | Kind::Blue) => p.event.clone(),
        Some(Kind::Stripe | Kind::Standard) => p.type_.clone(),
        Some(Kind::Slack) => p
            .command
            .clone()
            .or_else(|| p.event_type.clone())
            .or_else(|| p.type_.clone()),
        Some(Kind::Hmac) | None => p
            .hook_event
            .clone()
            .or_else(|| p.event.clone())
            .or_else(|| p.type_.clone())
            .or_else(|| header("x-github-event"))
            .or_else(|| header("x-shopify-topic")),
    }
}

/// A delivery's own id, where the platform sends one (for duplicate detection).
pub fn delivery_id(kind: Option<Kind>, req: &Request, p: &Probe) -> Option<String> {
    let header = |n: &str| first_header(req, n);
    match kind? {
        Kind::Github => header("x-github-delivery"),
        Kind::Standard => header("webhook-id").or_else(|| header("svix-id")),
        Kind::Shopify => header("x-shopify-webhook-id"),
        Kind::Stripe => p.id.clone(),
        Kind::Bpium => Some(format!("{}#{}", p.hook_id.as_ref()?, p.hook_sequence?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(kind: Option<Kind>, headers: &[(&str, &str)], body: &[u8]) -> Option<String> {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let req = Request::new(&headers, body);
        name(kind, &req, &probe(body))
    }

    #[test]
    fn each_platform_names_its_event() {
        assert_eq!(
            name_of(
                Some(Kind::Bpium),
                &[],
                br#"{"hook":{"event":"record.before.deleted"}}"#
            )
            .as_deref(),
            Some("record.before.deleted")
        );
        assert_eq!(
            name_of(
                Some(Kind::BitrixToken),
                &[],
                b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=x"
            )
            .as_deref(),
            Some("ONCRMLEADADD")
        );
        assert_eq!(
            name_of(Some(Kind::Blue), &[], br#"{"event":"TODO_CREATED"}"#).as_deref(),
            Some("TODO_CREATED")
        );
        assert_eq!(
            name_of(
                Some(Kind::Github),
                &[("X-GitHub-Event", "pull_request")],
                br#"{"action":"opened"}"#
            )
            .as_deref(),
            Some("pull_request.opened")
        );
        assert_eq!(
            name_of(Some(Kind::Github), &[("X-GitHub-Event", "push")], b"{}").as_deref(),
            Some("push")
        );
        assert_eq!(
            name_of(
                Some(Kind::Stripe),
                &[],
                br#"{"type":"payment_intent.succeeded"}"#
            )
            .as_deref(),
            Some("payment_intent.succeeded")
        );
        assert_eq!(
            name_of(
                Some(Kind::Shopify),
                &[("X-Shopify-Topic", "orders/create")],
                b"{}"
            )
            .as_deref(),
            Some("orders/create")
        );
        assert_eq!(
            name_of(Some(Kind::Slack), &[], b"command=%2Fdeploy&text=").as_deref(),
            Some("/deploy")
        );
        assert_eq!(name_of(None, &[], b"not structured"), None);
        assert_eq!(
            name_of(
                Some(Kind::Slack),
                &[],
                br#"{"type":"event_callback","event":{"type":"app_mention"}}"#
            )
            .as_deref(),
            Some("app_mention")
        );
        assert_eq!(name_of(None, &[], br#"{"type": 5, "event": ["x"]}"#), None);
    }

    #[test]
    fn probe_reads_only_what_names_a_delivery() {
        let big = format!(
            r#"{{"items":[{}],"type":"invoice.paid","id":"evt_1"}}"#,
            vec!["{\"a\":[1,2,{\"b\":null}]}"; 1000].join(",")
        );
        let p = probe(big.as_bytes());
        assert_eq!(p.type_.as_deref(), Some("invoice.paid"));
        assert_eq!(p.id.as_deref(), Some("evt_1"));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(probe(deep.as_bytes()), Probe::default());
        let deep_obj = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(probe(deep_obj.as_bytes()), Probe::default());
    }

    #[test]
    fn bpium_delivery_id_is_hook_and_sequence() {
        let body = br#"{"hook":{"id":"2","event":"record.created","sequenceId":84}}"#;
        assert_eq!(
            delivery_id(Some(Kind::Bpium), &Request::new(&[], body), &probe(body)).as_deref(),
            Some("2#84")
        );
    }
}
