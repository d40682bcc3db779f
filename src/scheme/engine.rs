//! The engine every scheme is checked by: the constant-time MAC comparison over `prefix +
//! body`, the timestamp window, and, when nothing matches, the diagnosis of the usual
//! accidents.

use super::{Claimed, Clock, Failure, Found, Kind, Request, Scheme, Stamp, Tolerance, Window};
use crate::secret::Secret;

/// The engine: constant-time MAC check over `prefix + body`, then the timestamp window.
pub fn check<S: Scheme + ?Sized>(
    scheme: &S,
    req: &Request,
    secrets: &[Secret],
    clock: &Clock,
) -> Result<(), Failure> {
    if secrets.is_empty() {
        return Err(Failure::NoSecret {
            scheme: scheme.kind(),
        });
    }
    let found = scheme.parse(req)?;
    let mut keys = Vec::with_capacity(secrets.len());
    let mut key_error = None;
    for secret in secrets {
        match scheme.key(secret) {
            Ok(k) => keys.push(k),
            Err(why) => key_error = Some(why),
        }
    }
    if keys.is_empty() {
        let why = key_error.unwrap_or_default();
        return Err(Failure::BadSecret {
            scheme: scheme.kind(),
            why,
        });
    }
    let alg = found.alg;
    let body: &[u8] = if found.signed_body { req.bytes() } else { b"" };
    let good = keys
        .iter()
        .any(|key| alg.matches_any(key, &[&found.prefix, body, &found.suffix], &found.macs));
    if good {
        // A raw-body scheme would accept, as its own, the signature of a Stripe or Slack
        // delivery whose body is re-sent with that scheme's framing in front: refuse those.
        if found.prefix.is_empty() && scheme.kind() != Kind::HMAC {
            if let Some(framing) = reframed(req.bytes()) {
                return Err(Failure::Reframed { framing });
            }
        }
        return within_window(found.timestamp, clock);
    }
    let hint = diagnose(scheme, &found, body, &keys, secrets);
    Err(match found.problem {
        Some((header, why)) => Failure::Malformed { header, why, hint },
        None => Failure::Mismatch { hint },
    })
}

/// Whether a signed timestamp is within its window of now (`--tolerance`, else the
/// platform's own), for a request whose signature matched.
pub(super) fn within_window(stamp: Option<Stamp>, clock: &Clock) -> Result<(), Failure> {
    let window = stamp.and_then(|stamp| match clock.tolerance {
        Tolerance::Platform => Some((stamp, stamp.tolerance)),
        Tolerance::Seconds(s) => Some((stamp, s)),
        Tolerance::Off => None,
    });
    if let Some((stamp, tolerance)) = window {
        let age = clock.now.saturating_sub(stamp.at);
        let too_old = age > 0 && age.unsigned_abs() > tolerance;
        let too_new = stamp.window == Window::Both && age < 0 && age.unsigned_abs() > tolerance;
        if too_old || too_new {
            return Err(Failure::Timestamp { age, tolerance });
        }
    }
    Ok(())
}

/// Whether a body starts with another scheme's signed-string framing: Slack's `v0:<ts>:`,
/// Stripe's `<ts>.`, Standard Webhooks' `<id>.<ts>.`. JSON, form and XML bodies never do.
pub(super) fn reframed(body: &[u8]) -> Option<&'static str> {
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    if let Some(rest) = body.strip_prefix(b"v0:") {
        let n = digits(rest);
        if n > 0 && rest.get(n) == Some(&b':') {
            return Some("Slack's v0:<timestamp>:");
        }
    }
    let n = digits(body);
    if n >= 9 && body.get(n) == Some(&b'.') {
        return Some("Stripe's <timestamp>.");
    }
    let id = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
        .count();
    if id > 0 && body.get(id) == Some(&b'.') {
        let rest = &body[id + 1..];
        let n = digits(rest);
        if n >= 9 && rest.get(n) == Some(&b'.') {
            return Some("Standard Webhooks' <id>.<timestamp>.");
        }
    }
    None
}

/// Tries the usual accidents and names the first that explains a mismatch: a signature
/// written in the wrong encoding or without its prefix, a body changed in transit or signed
/// after re-encoding, a secret turned into a key the wrong way.
fn diagnose<S: Scheme + ?Sized>(
    scheme: &S,
    found: &Found,
    body: &[u8],
    keys: &[Vec<u8>],
    secrets: &[Secret],
) -> Option<String> {
    let alg = found.alg;
    let signs = |keys: &[Vec<u8>], macs: &[Claimed], body: &[u8]| {
        keys.iter()
            .any(|k| alg.matches_any(k, &[&found.prefix, body, &found.suffix], macs))
    };
    for near in &found.near {
        if signs(keys, std::slice::from_ref(&near.mac), body) {
            return Some(format!("{} (the value is otherwise right)", near.note));
        }
    }
    if found.macs.is_empty() {
        return None;
    }
    for (variant, note) in body_variants(body) {
        if signs(keys, &found.macs, &variant) {
            return Some(format!("signature matches the body {note}"));
        }
    }
    for secret in secrets {
        for (key, note) in scheme.wrong_keys(secret) {
            if signs(&[key], &found.macs, body) {
                return Some(note.to_string());
            }
        }
    }
    None
}

/// Bodies a sender may have signed instead of the bytes that arrived.
pub(super) fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    if let Some(stripped) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        out.push((stripped.to_vec(), "with its trailing newline removed"));
    } else {
        let mut added = body.to_vec();
        added.push(b'\n');
        out.push((added, "with a trailing newline added"));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        out.push((
            replace(body, b"\r\n", b"\n"),
            "with CRLF line ends turned into LF",
        ));
    } else if body.contains(&b'\n') {
        out.push((
            replace(body, b"\n", b"\r\n"),
            "with LF line ends turned into CRLF",
        ));
    }
    if body.contains(&b'\n') {
        let flat: Vec<u8> = body
            .iter()
            .copied()
            .filter(|b| *b != b'\n' && *b != b'\r')
            .collect();
        out.push((
            flat,
            "with its line breaks removed, as curl -d @file sends a file (send it with --data-binary @file to keep them)",
        ));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        let compact = serde_json::to_vec(&value).expect("a Value always serialises");
        // JavaScript's JSON.stringify(JSON.parse(body)) writes 1500.0 as 1500 and 1e3 as 1000.
        let js = serde_json::to_vec(&javascript_numbers(value.clone()))
            .expect("a Value always serialises");
        if js != compact {
            out.push((js, "re-serialised as JavaScript's JSON.stringify(JSON.parse(body)) does, numbers as JavaScript writes them (1500.0 as 1500): the sender signed its own re-encoding, not the bytes it sent"));
        }
        out.push((compact, "re-serialised as compact JSON (the sender signed its own re-encoding, not the bytes it sent)"));
        for (indent, note) in [
            (&b"  "[..], "re-serialised as JSON with a 2-space indent (the sender signed its own re-encoding, not the bytes it sent)"),
            (&b"    "[..], "re-serialised as JSON with a 4-space indent (the sender signed its own re-encoding, not the bytes it sent)"),
        ] {
            let mut buf = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(indent);
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
            serde::Serialize::serialize(&value, &mut ser).expect("a Value always serialises");
            out.push((buf, note));
        }
    }
    out.retain(|(v, _)| v != body);
    out
}

/// A JSON value with its numbers as JavaScript writes them: a whole number without `.0`, an
/// exponent spelt out, within the range where JavaScript's numbers are exact.
fn javascript_numbers(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f)
                if !n.is_i64()
                    && !n.is_u64()
                    && f.fract() == 0.0
                    && f.abs() < 9_007_199_254_740_992.0 =>
            {
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(javascript_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, javascript_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

pub(super) fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}
