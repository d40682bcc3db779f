//! `x` (Twitter): `x-twitter-webhooks-signature: sha256=` + base64 HMAC-SHA256 of the raw
//! body, keyed with the app's consumer secret.

use super::one_header::OneHeader;
use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "x-twitter-webhooks-signature";

pub static PLATFORM: Platform = Platform {
    name: "x",
    aliases: &["twitter"],
    about: "X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64",
    row: Row {
        platform: "X (Twitter) Account Activity",
        headers: "`x-twitter-webhooks-signature`",
        signed: "body",
        encoding: "`sha256=` + base64; key is the consumer secret",
        window: "none",
        event: "the top-level `…_events` key",
    },
    key: "the consumer secret",
    detect: Detect::headers(&[HEADER]),
    event: |r| {
        let keys = r.body.top_keys();
        let key = keys
            .iter()
            .find(|k| k.ends_with("_events") || **k == "user_event")?;
        Some(key.to_string())
    },
    scheme: |_| Ok(Box::new(SCHEME)),
    // The CRC check: GET ?crc_token=…, answered with its HMAC under the consumer secret.
    handshake: Some(Handshake {
        name: "X CRC check",
        is: |c| c.method == "GET" && c.req.bytes().is_empty() && c.param("crc_token").is_some(),
        signed: false,
        named_only: true,
        answer: |c, keys| {
            let token = c.param("crc_token").unwrap_or_default();
            let Some(secret) = keys.secrets.first() else {
                return Handshaken::refused(403, "X's CRC check needs the consumer secret: give it with --secret-env or --secret-file");
            };
            let mac = Algorithm::Sha256.mac(secret.expose().as_bytes(), &[token.as_bytes()]);
            Handshaken::json(
                &serde_json::json!({ "response_token": format!("sha256={}", Encoding::Base64.encode(&mac)) }),
                "X CRC check: the response token is answered",
            )
        },
    }),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Base64,
    "sha256=",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::{event_name, Failure, Request};

    const KIND: Kind = Kind(&PLATFORM);

    /// X's own library's tests (xdevplatform/autohook `test/signature.js`, consumer secret
    /// `test`).
    #[test]
    fn autohooks_vectors() {
        let form = [(
            HEADER,
            "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=",
        )];
        assert_eq!(check(KIND, &form, b"test=1&other_test=2", "test"), Ok(()));
        let json = [(
            HEADER,
            "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=",
        )];
        let body = br#"{"test_number":1,"test_string":"two"}"#;
        assert_eq!(check(KIND, &json, body, "test"), Ok(()));
        assert!(matches!(
            check(KIND, &json, body, "tset"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &json, b"{}", "test").is_err());
        assert_eq!(
            check(KIND, &[], body, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "YWHp")], body, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&json, body), Ok(KIND));
        let events =
            crate::body::Body::new(br#"{"for_user_id":"2244994945","tweet_create_events":[]}"#);
        assert_eq!(
            event_name(Some(KIND), &Request::new(&[], &events)).as_deref(),
            Some("tweet_create_events")
        );
    }
}
