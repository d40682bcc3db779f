//! What signing a request needs besides the scheme itself: the keys a scheme takes from the
//! secrets given, a fresh message id, and the content type a receiver expects. Used by `sign`
//! and by `replay --resign`.

use anyhow::Result;

use super::{Kind, Scheme};
use crate::body::Body;
use crate::exit::Hinted;
use crate::secret::Secret;

/// The Content-Type a receiver expects with this payload, when it can be told.
pub fn content_type(kind: Kind, body: &Body) -> Option<&'static str> {
    if kind.platform().form || body.is_form() {
        Some("application/x-www-form-urlencoded")
    } else if serde_json::from_slice::<serde::de::IgnoredAny>(body.bytes()).is_ok() {
        Some("application/json")
    } else {
        None
    }
}

/// A fresh Standard Webhooks message id.
pub fn fresh_message_id() -> String {
    format!("msg_{}", uuid::Uuid::now_v7().simple())
}

/// The keys to sign with: refuses several secrets for a scheme that carries one signature, and
/// a secret the scheme cannot use.
pub fn signing_keys<S: Scheme + ?Sized>(scheme: &S, secrets: &[Secret]) -> Result<Vec<Vec<u8>>> {
    let kind = scheme.kind();
    if secrets.len() > 1 && !scheme.signs_with_several() {
        let several: Vec<&str> = Kind::all()
            .iter()
            .filter(|k| k.scheme(None).is_ok_and(|s| s.signs_with_several()))
            .map(|k| k.name())
            .collect();
        return Err(Hinted::new(
            format!(
                "{} secrets given, but a {kind} request carries one signature",
                secrets.len()
            ),
            [format!(
                "give one secret; only {} put several signatures in one header",
                several.join(", ")
            )],
        )
        .into());
    }
    secrets
        .iter()
        .map(|s| scheme.key(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|why| anyhow::anyhow!("the secret cannot be used for scheme {kind}: {why}"))
}
