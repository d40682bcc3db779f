//! Event names and delivery ids, per platform, for display, filters and decisions.

use serde_json::Value;

use crate::form;
use crate::scheme::{Kind, Request};

/// The body as structured data: JSON, or a form nested into objects. `None` for anything else.
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

fn text_at<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer)?.as_str().filter(|s| !s.is_empty())
}

/// The event name a delivery carries, where the platform puts one. With no scheme known, the
/// usual places (`event`, `type`, `hook.event`) are tried.
pub fn name(kind: Option<Kind>, req: &Request, body: Option<&Value>) -> Option<String> {
    let header = |n: &str| {
        req.all(n)
            .next()
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let at = |p: &str| body.and_then(|b| text_at(b, p)).map(str::to_string);
    match kind {
        Some(Kind::Github) => {
            let event = header("x-github-event")?;
            Some(match at("/action") {
                Some(action) => format!("{event}.{action}"),
                None => event,
            })
        }
        Some(Kind::Shopify) => header("x-shopify-topic"),
        Some(Kind::Bpium) => at("/hook/event"),
        Some(Kind::Bitrix | Kind::BitrixToken | Kind::Blue) => at("/event"),
        Some(Kind::Stripe | Kind::Standard) => at("/type"),
        Some(Kind::Slack) => at("/command")
            .or_else(|| at("/event/type"))
            .or_else(|| at("/type")),
        Some(Kind::Hmac) | None => at("/hook/event")
            .or_else(|| at("/event"))
            .or_else(|| at("/type"))
            .or_else(|| header("x-github-event"))
            .or_else(|| header("x-shopify-topic")),
    }
}

/// A delivery's own id, where the platform sends one (for duplicate detection).
pub fn delivery_id(kind: Option<Kind>, req: &Request, body: Option<&Value>) -> Option<String> {
    let header = |n: &str| {
        req.all(n)
            .next()
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    match kind? {
        Kind::Github => header("x-github-delivery"),
        Kind::Standard => header("webhook-id").or_else(|| header("svix-id")),
        Kind::Shopify => header("x-shopify-webhook-id"),
        Kind::Stripe => body.and_then(|b| text_at(b, "/id")).map(str::to_string),
        Kind::Bpium => {
            let b = body?;
            let hook = b.pointer("/hook/id").map(scalar)?;
            let seq = b.pointer("/hook/sequenceId").map(scalar)?;
            Some(format!("{hook}#{seq}"))
        }
        _ => None,
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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
        name(kind, &req, structured(body).as_ref())
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
    }

    #[test]
    fn bpium_delivery_id_is_hook_and_sequence() {
        let body = br#"{"hook":{"id":"2","event":"record.created","sequenceId":84}}"#;
        let v = structured(body);
        assert_eq!(
            delivery_id(Some(Kind::Bpium), &Request::new(&[], body), v.as_ref()).as_deref(),
            Some("2#84")
        );
    }
}
