//! `mailgun`: the signature is in the body, not a header: `signature.{timestamp, token,
//! signature}` in JSON webhooks (or the form fields `timestamp`, `token`, `signature`), the
//! hex HMAC-SHA256 of timestamp + token under the webhook signing key. Mailgun does not sign
//! the body itself, and the verdict says so.

use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Clock, Encoding, Failure, Found, Kind, Request, Scheme};
use crate::secret::Secret;

pub static PLATFORM: Platform = Platform {
    name: "mailgun",
    about:
        "Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed",
    valid: "signature valid (Mailgun signs its timestamp and token, not the body)",
    row: Row {
        platform: "Mailgun",
        headers: "body `signature.timestamp`, `.token`, `.signature` (or form fields)",
        signed: "timestamp + token (**not** the body)",
        encoding: "HMAC-SHA256 hex",
        window: "none",
        event: "`event-data.event` (or `event`)",
    },
    key: "the webhook signing key",
    detect: Some(Detect {
        headers: &[],
        body: Some("a Mailgun signature.token field"),
        test: Some(|r| Ok(field(r, "token").is_some() && field(r, "signature").is_some())),
    }),
    event: |r| {
        r.body
            .string(&["event-data", "event"])
            .or_else(|| r.body.string(&["event"]))
    },
    delivery_id: |r| r.body.string(&["event-data", "id"]),
    scheme: |_| Ok(Box::new(Mailgun)),
    ..Platform::NOTIFIES
};

/// One of the signature's fields: `signature.<name>` in JSON, `<name>` in a form.
fn field(r: &Request, name: &str) -> Option<String> {
    if r.body.is_form() {
        r.body.string(&[name])
    } else {
        r.body.string(&["signature", name])
    }
}

pub struct Mailgun;

impl Scheme for Mailgun {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let missing = |name: &str| {
            Failure::MissingField(if req.body.is_form() {
                name.to_string()
            } else {
                format!("signature.{name}")
            })
        };
        let timestamp = field(req, "timestamp").ok_or_else(|| missing("timestamp"))?;
        let token = field(req, "token").ok_or_else(|| missing("token"))?;
        let signature = field(req, "signature").ok_or_else(|| missing("signature"))?;
        let mut found = Found::new(Algorithm::Sha256);
        match Encoding::Hex.decode(&signature, 32) {
            Some(mac) => found.claim(mac),
            None => {
                found.problem = Some((
                    "signature.signature".into(),
                    format!(
                        "expected 64 hex digits, found {} characters",
                        signature.chars().count()
                    ),
                ))
            }
        }
        found.prefix = format!("{timestamp}{token}").into_bytes();
        found.signed_body = false;
        Ok(found)
    }

    fn not_signed(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some((
            "mailgun carries its signature in the body (signature.timestamp, .token, .signature), so there is no header to make",
            &["put signature.signature = hex HMAC-SHA256(signing key, timestamp + token) in the body"],
        ))
    }

    fn verify(&self, req: &Request, secrets: &[Secret], clock: &Clock) -> Result<(), Failure> {
        super::check(self, req, secrets, clock).map_err(|f| match f {
            Failure::Mismatch { hint: None } => Failure::Mismatch {
                hint: Some("none of the secrets given makes this signature for this timestamp and token (Mailgun signs those, not the body)".into()),
            },
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};

    const KIND: Kind = Kind(&PLATFORM);
    const KEY: &str = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    /// mailgun-php's own test (`tests/Api/WebhookTest.php`, testVerifyWebhookGood and
    /// testVerifyWebhookBad), in a JSON webhook's body.
    #[test]
    fn mailgun_phps_vectors() {
        let body = br#"{"signature":{"timestamp":"1403645220","token":"5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6","signature":"9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33"},"event-data":{"event":"delivered","id":"CPgfbmQMTCKtHW6uIWtuVe"}}"#;
        assert_eq!(check(KIND, &[], body, KEY), Ok(()));
        assert_eq!(detect(&[], body), Ok(KIND));
        let bad = String::from_utf8_lossy(body).replace(
            "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6",
            "owyldpe6nxhmrn78epljl6bj0orrki1u3d2v5e6cnlmmuox8jr",
        );
        let got = check(KIND, &[], bad.as_bytes(), KEY);
        assert!(
            matches!(&got, Err(Failure::Mismatch { hint: Some(h) }) if h.contains("not the body")),
            "{got:?}"
        );
        assert!(check(KIND, &[], body, "key-other").is_err());
        // The body itself is not signed: the event can change and the signature still holds.
        let changed = String::from_utf8_lossy(body).replace("delivered", "opened");
        assert_eq!(check(KIND, &[], changed.as_bytes(), KEY), Ok(()));
        let missing = br#"{"signature":{"timestamp":"1","token":"t"}}"#;
        assert_eq!(
            check(KIND, &[], missing, KEY),
            Err(Failure::MissingField("signature.signature".into()))
        );
        let malformed = br#"{"signature":{"timestamp":"1","token":"t","signature":"xyz"}}"#;
        assert!(matches!(
            check(KIND, &[], malformed, KEY),
            Err(Failure::Malformed { .. })
        ));
    }

    /// mailgun-go's `webhooks_test.go` inputs (key, timestamp, token), as legacy form fields;
    /// the expected value computed with Python's hmac and openssl.
    #[test]
    fn form_fields_are_read_too() {
        let body = b"timestamp=123456789&token=token&signature=be636525fcbffba547491ce8a6ff04cbfbf0811aa7031db14147de41be62ffe0&event=delivered";
        assert_eq!(check(KIND, &[], body, "WEBHOOK_SIGNING_KEY"), Ok(()));
        assert_eq!(detect(&[], body), Ok(KIND));
    }
}
