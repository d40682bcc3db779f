//! Signing a capture again: with the secret that verifies it (replay --resign), or for a
//! receiver with its own (replay --resign-secret, fixture). A capture that no secret given
//! verifies is never signed validly, unless it is a hand-made payload with nothing to verify;
//! an edit of a capture is signed only when the capture itself verifies. Shared by `replay`,
//! `fixture` and the inspector's actions.

use crate::body::Body;
use crate::capture::Capture;
use crate::check::Routes;
use crate::headers;
use crate::scheme::{self, Clock, Keys, Request, SignContext, Tolerance};
use crate::secret::{Secret, NO_SECRET_HINT};

/// The signature headers of a capture, made again at `now` (with `id` as the message id where
/// the scheme signs one; a fresh one when `None`).
/// `unverified`: sign even when no secret verifies what the capture carries (a hand-made
/// payload has nothing to verify); otherwise such a capture is refused, so a forged delivery
/// stored as invalid never goes out validly signed.
pub fn resign(
    capture: &Capture,
    routes: &Routes,
    now: i64,
    id: Option<String>,
    unverified: bool,
    receiver: &[Secret],
) -> Result<Vec<(String, String)>, String> {
    sign_for(capture, capture, routes, now, id, unverified, receiver)
}

/// The headers of `edited` (a capture's request with its headers or body changed), signed at
/// `now` with the secret that verifies `original`, or for the receiver. `original` must verify
/// as [`resign`] requires it: an edit of a forgery is never sent validly signed.
pub fn resign_edited(
    original: &Capture,
    edited: &Capture,
    routes: &Routes,
    now: i64,
    receiver: &[Secret],
) -> Result<Vec<(String, String)>, String> {
    sign_for(original, edited, routes, now, None, false, receiver)
}

/// Verifies `capture` (unless `unverified`) and signs `out`'s body and path with the secret
/// found, into `out`'s headers. The two are one capture but for an edit.
fn sign_for(
    capture: &Capture,
    out: &Capture,
    routes: &Routes,
    now: i64,
    id: Option<String>,
    unverified: bool,
    receiver: &[Secret],
) -> Result<Vec<(String, String)>, String> {
    let (_, checker) = routes.for_path(&capture.path);
    if checker.secrets.is_empty() {
        return Err(format!("no secret for {}: {NO_SECRET_HINT}", capture.path));
    }
    let body = Body::new(&capture.body);
    let called = routes.url_for(&capture.path);
    let req = Request::new(&capture.headers, &body)
        .at(called.as_deref())
        .by(&capture.method);
    let url = routes.url_for(&out.path);
    let made = checker
        .with_scheme(&req, |scheme| {
            let unbounded = Clock {
                now,
                tolerance: Tolerance::Off,
            };
            if scheme.not_signed().is_some() {
                // The token is in the body and does not expire: nothing to sign again. A
                // capture whose token no secret matches is still a forgery, and is not sent.
                let keys = Keys { secrets: &checker.secrets, public: &[] };
                if !unverified && scheme.verify_keys(&req, keys, &unbounded).is_err() {
                    return Err("its token does not match any secret given, and --resign sends only genuine deliveries".to_string());
                }
                // The token is the sender's secret itself: "signed for the receiver", it would
                // still carry the sender's, to a server the sender never chose.
                if !receiver.is_empty() {
                    return Err("it carries its secret as a token, not a signature: nothing can be signed with --resign-secret, and it would go out with the sender's token (send it without --resign-secret, or put the receiver's token in with -H or the inspector's Edit and resend)".to_string());
                }
                return Ok(None);
            }
            // Sign with the secret that signed the capture, when one does: a secrets file may
            // hold the secrets of several platforms. A private signing key verifies the
            // capture by its public key.
            let matching: Vec<_> = checker
                .secrets
                .iter()
                .filter(|s| {
                    let public: Vec<_> = scheme.public_key_of(s).into_iter().collect();
                    let keys = Keys { secrets: std::slice::from_ref(*s), public: &public };
                    scheme.verify_keys(&req, keys, &unbounded).is_ok()
                })
                .cloned()
                .collect();
            if matching.is_empty() && !unverified {
                return Err("its captured signature does not verify with any secret given, and --resign re-signs only genuine deliveries (to sign a payload of your own, send it with --body FILE --scheme NAME)".to_string());
            }
            // The receiver's own secret when one is given; else the one that signed it.
            let chosen = if !receiver.is_empty() {
                receiver.to_vec()
            } else if matching.is_empty() {
                checker.secrets.clone()
            } else {
                matching[..1].to_vec()
            };
            let ctx = SignContext {
                timestamp: now,
                id: id.clone().unwrap_or_else(scheme::fresh_message_id),
                url: url.clone(),
            };
            scheme.sign_secrets(&out.body, &chosen, &ctx).map(Some).map_err(|e| {
                if matching.is_empty() {
                    format!("{e:#}; none of the secrets verifies the captured signature, so hookscope cannot tell which to sign with")
                } else {
                    format!("{e:#}")
                }
            })
        })
        .map_err(|f| format!("cannot tell how to sign {}: {f}", capture.path))??;
    let Some(fresh) = made else {
        return Ok(out.headers.clone());
    };
    // Keep the header family the capture used (svix-* rather than webhook-*).
    let svix = out
        .headers
        .iter()
        .any(|(n, _)| n.to_ascii_lowercase().starts_with("svix-"));
    let fresh: Vec<(String, String)> = fresh
        .into_iter()
        .map(|(n, v)| match n.strip_prefix("webhook-") {
            Some(rest) if svix => (format!("svix-{rest}"), v),
            _ => (n, v),
        })
        .collect();
    let mut headers: Vec<(String, String)> = out
        .headers
        .iter()
        .filter(|(n, _)| !headers::has(&fresh, n))
        .cloned()
        .collect();
    headers.extend(fresh);
    Ok(headers)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::check::{Checker, Verdict};
    use crate::cli::TimeArgs;

    /// Routes that check with one secret, no time window.
    pub(crate) fn routes(secret: &str) -> Routes {
        let time = TimeArgs {
            tolerance: None,
            no_tolerance: true,
            now: None,
        };
        let checker =
            Checker::new(None, None, vec![Secret::new(secret)], Vec::new(), &time).unwrap();
        Routes::new(None, checker, &time).unwrap()
    }

    fn valid(routes: &Routes, headers: &[(String, String)], body: &[u8]) -> bool {
        let body = Body::new(body);
        let req = Request::new(headers, &body);
        matches!(routes.check("/gh", &req).verdict, Verdict::Valid)
    }

    /// A GitHub push signed with `secret`.
    fn genuine(secret: &str) -> Capture {
        let headers = vec![
            ("X-GitHub-Event".to_string(), "push".to_string()),
            ("X-Hub-Signature-256".to_string(), "sha256=00".to_string()),
        ];
        let mut c = Capture::new("POST", "/gh", headers, br#"{"ref":"main"}"#.to_vec());
        c.headers = resign(&c, &routes(secret), 0, None, true, &[]).unwrap();
        c
    }

    #[test]
    fn a_token_is_never_sent_as_if_signed_for_the_receiver() {
        // GitLab's token is the secret itself.
        let headers = vec![
            ("X-Gitlab-Event".to_string(), "Push Hook".to_string()),
            ("X-Gitlab-Token".to_string(), "sender-token".to_string()),
        ];
        let c = Capture::new(
            "POST",
            "/gh",
            headers,
            br#"{"object_kind":"push"}"#.to_vec(),
        );
        let sender = routes("sender-token");
        // Re-signed with the sender's own: sent as captured.
        assert_eq!(resign(&c, &sender, 0, None, false, &[]).unwrap(), c.headers);
        let why = resign(&c, &sender, 0, None, false, &[Secret::new("receiver")]).unwrap_err();
        assert!(why.contains("carries its secret as a token"), "{why}");
    }

    #[test]
    fn an_edit_is_signed_for_its_own_body_only_when_the_capture_verifies() {
        let sender = routes("sender-secret");
        let original = genuine("sender-secret");
        assert!(valid(&sender, &original.headers, &original.body));
        let mut edited = original.clone();
        edited.body = br#"{"ref":"edited"}"#.to_vec();
        assert!(!valid(&sender, &edited.headers, &edited.body));

        let signed = resign_edited(&original, &edited, &sender, 0, &[]).unwrap();
        assert!(valid(&sender, &signed, &edited.body));
        // For the receiver's own secret instead.
        let receiver = [Secret::new("receiver-secret")];
        let signed = resign_edited(&original, &edited, &sender, 0, &receiver).unwrap();
        assert!(valid(&routes("receiver-secret"), &signed, &edited.body));
        assert!(!valid(&sender, &signed, &edited.body));

        // A forgery, edited, is not signed.
        let forged = genuine("another-secret");
        let why = resign_edited(&forged, &edited, &sender, 0, &receiver).unwrap_err();
        assert!(why.contains("does not verify"), "{why}");
    }
}
