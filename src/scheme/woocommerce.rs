//! `woocommerce`: `X-WC-Webhook-Signature`, base64 HMAC-SHA256 of the raw body. WooCommerce
//! keys it with the secret after WordPress's `wp_specialchars_decode` (a secret saved as
//! `a&amp;b` signs as `a&b`).

use super::one_header::OneHeader;
use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};
use crate::secret::Secret;

const HEADER: &str = "X-WC-Webhook-Signature";

pub static PLATFORM: Platform = Platform {
    name: "woocommerce",
    about: "WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64",
    row: Row {
        platform: "WooCommerce",
        headers: "`X-WC-Webhook-Signature`",
        signed: "body",
        encoding: "HMAC-SHA256 base64; key HTML-entity-decoded",
        window: "none",
        event: "`X-WC-Webhook-Topic`",
    },
    detect: Detect::headers(&[HEADER]),
    event: |r| r.header("x-wc-webhook-topic"),
    delivery_id: |r| r.header("x-wc-webhook-delivery-id"),
    scheme: |_| Ok(Box::new(WooCommerce)),
    // Saving a webhook, WooCommerce posts `webhook_id=<n>`, unsigned and with no X-WC-*
    // header, and reports an error unless it gets a 200.
    handshake: Some(Handshake {
        name: "WooCommerce ping",
        is: |c| {
            let body = c.req.bytes();
            c.method == "POST"
                && !c.req.has(HEADER)
                && body
                    .strip_prefix(b"webhook_id=")
                    .is_some_and(|n| !n.is_empty() && n.iter().all(u8::is_ascii_digit))
        },
        signed: false,
        named_only: false,
        answer: |_, _| {
            Handshaken::json(
                &serde_json::json!({"ok": true}),
                "WooCommerce ping: answered 200",
            )
        },
    }),
    ..Platform::NOTIFIES
};

const SIGNATURE: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Base64,
    "",
);

pub struct WooCommerce;

/// `wp_specialchars_decode($secret, ENT_QUOTES)`: the five entities it knows.
fn decoded(secret: &str) -> String {
    secret
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

impl Scheme for WooCommerce {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        SIGNATURE.parse(req)
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        Ok(decoded(secret.expose()).into_bytes())
    }

    fn wrong_keys(&self, secret: &Secret) -> Vec<(Vec<u8>, &'static str)> {
        let text = secret.expose();
        if decoded(text) == text {
            return Vec::new();
        }
        vec![(
            text.as_bytes().to_vec(),
            "signature matches the secret with its HTML entities left in (&amp; and the like); WooCommerce decodes them before signing",
        )]
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        SIGNATURE.sign(body, keys, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};

    const KIND: Kind = Kind(&PLATFORM);

    /// WooCommerce's own test (`tests/legacy/unit-tests/webhooks/crud.php`,
    /// `test_generate_signature`): an empty secret over the body `secret`.
    #[test]
    fn woocommerces_own_vector() {
        let h = [(HEADER, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=")];
        assert_eq!(check(KIND, &h, b"secret", ""), Ok(()));
        assert!(check(KIND, &h, b"secreT", "").is_err());
    }

    #[test]
    fn a_delivery_checks_with_its_html_decoded_secret() {
        // Computed with Python's hmac and openssl.
        let body = br#"{"id":123,"status":"processing","total":"10.00"}"#;
        let h = [
            (HEADER, "9QIJeG9miOas90ALW2KDek2aueV07v7PZMeBgXIJSyo="),
            ("X-WC-Webhook-Topic", "order.updated"),
        ];
        assert_eq!(check(KIND, &h, body, "hookscope-wc-secret"), Ok(()));
        assert!(matches!(
            check(KIND, &h, body, "wrong"),
            Err(Failure::Mismatch { .. })
        ));
        assert_eq!(
            check(KIND, &[], body, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "!!")], body, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, body), Ok(KIND));
        assert_eq!(decoded("a&amp;b&lt;c&#039;"), "a&b<c'");
        // A secret saved with an entity signs as its decoded text.
        let mac = Algorithm::Sha256.mac(b"a&b", &[body]);
        let sig = Encoding::Base64.encode(&mac);
        assert_eq!(check(KIND, &[(HEADER, &sig)], body, "a&amp;b"), Ok(()));
    }
}
