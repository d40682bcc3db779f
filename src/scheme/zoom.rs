//! `zoom`: `x-zm-signature: v0=` + hex HMAC-SHA256 of `v0:<x-zm-request-timestamp>:<body>`,
//! keyed with the app's secret token. Zoom's own samples check no time window, and neither
//! does this (`--tolerance` does not apply: the timestamp is signed, never compared).

use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::values::{read_value, unix_timestamp};
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

const SIGNATURE: &str = "x-zm-signature";
const TIMESTAMP: &str = "x-zm-request-timestamp";

pub static PLATFORM: Platform = Platform {
    name: "zoom",
    about: "Zoom: x-zm-signature v0=… with x-zm-request-timestamp",
    row: Row {
        platform: "Zoom",
        headers: "`x-zm-signature`, `x-zm-request-timestamp`",
        signed: "`v0:t:body`",
        encoding: "`v0=` + hex",
        window: "none",
        event: "`event`",
    },
    key: "the secret token",
    detect: Detect::headers(&[SIGNATURE]),
    event: |r| r.body.string(&["event"]),
    delivery_id: |r| r.header("x-zm-trackingid"),
    scheme: |_| Ok(Box::new(Zoom)),
    // endpoint.url_validation, signed like any event: the plain token back, with its HMAC
    // under the secret token.
    handshake: Some(Handshake {
        name: "Zoom endpoint.url_validation",
        is: |c| c.req.body.string(&["event"]).as_deref() == Some("endpoint.url_validation"),
        signed: true,
        named_only: false,
        answer: |c, keys| {
            let Some(plain) = c.req.body.string(&["payload", "plainToken"]) else {
                return Handshaken::refused(
                    400,
                    "Zoom's url_validation carries no payload.plainToken",
                );
            };
            let Some(secret) = keys.secrets.first() else {
                return Handshaken::refused(403, "Zoom's url_validation needs the secret token: give it with --secret-env or --secret-file");
            };
            let encrypted =
                hex::encode(Algorithm::Sha256.mac(secret.expose().as_bytes(), &[plain.as_bytes()]));
            Handshaken::json(
                &serde_json::json!({ "plainToken": plain, "encryptedToken": encrypted }),
                "Zoom endpoint.url_validation: the token is answered",
            )
        },
    }),
    ..Platform::NOTIFIES
};

pub struct Zoom;

impl Scheme for Zoom {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(SIGNATURE)?;
        let ts = unix_timestamp(TIMESTAMP, req.require(TIMESTAMP)?)?;
        let mut found = Found::new(Algorithm::Sha256);
        read_value(&mut found, SIGNATURE, value, Encoding::Hex, "v0=");
        found.prefix = format!("v0:{ts}:").into_bytes();
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let prefix = format!("v0:{}:", ctx.timestamp);
        let mac = Algorithm::Sha256.mac(&keys[0], &[prefix.as_bytes(), body]);
        Ok(vec![
            (TIMESTAMP.into(), ctx.timestamp.to_string()),
            (SIGNATURE.into(), format!("v0={}", hex::encode(mac))),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect, sign};

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"event":"meeting.started","event_ts":1700000000000,"payload":{"account_id":"abc","object":{"id":"123"}}}"#;
    /// Computed with Python's hmac and openssl as Zoom's rivet-javascript builds it (Zoom
    /// publishes no vector).
    const SIG: &str = "v0=7676dc12c655bf0fbe9a8c572ea81c3ff4905836c48ba5f53452f7d47ae77e6c";

    #[test]
    fn a_delivery_checks() {
        let h = [(TIMESTAMP, "1700000000"), (SIGNATURE, SIG)];
        assert_eq!(check(KIND, &h, BODY, "hookscope_zoom_secret"), Ok(()));
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(
            KIND,
            &[(TIMESTAMP, "1700000001"), (SIGNATURE, SIG)],
            BODY,
            "hookscope_zoom_secret"
        )
        .is_err());
        assert_eq!(
            check(KIND, &h[1..], BODY, "x"),
            Err(Failure::MissingHeader(TIMESTAMP.into()))
        );
        assert!(matches!(
            check(KIND, &[(TIMESTAMP, "soon"), (SIGNATURE, SIG)], BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
        let made = sign(KIND, BODY, "hookscope_zoom_secret", 1_700_000_000);
        assert_eq!(made[1].1, SIG);
    }
}
