//! `dropbox`: `X-Dropbox-Signature`, hex HMAC-SHA256 of the raw body, keyed with the app
//! secret. A notification names no event: it says which accounts' files changed.

use super::one_header::OneHeader;
use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Dropbox-Signature";

pub static PLATFORM: Platform = Platform {
    name: "dropbox",
    about: "Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret",
    row: Row {
        platform: "Dropbox",
        headers: "`X-Dropbox-Signature`",
        signed: "body",
        encoding: "HMAC-SHA256 hex",
        window: "none",
        event: "`list_folder` when the body has it",
    },
    key: "the app secret",
    detect: Detect::headers(&[HEADER]),
    event: |r| {
        r.body
            .top_keys()
            .contains(&"list_folder")
            .then(|| "list_folder".into())
    },
    scheme: |_| Ok(Box::new(SCHEME)),
    // The verification request: GET ?challenge=…, answered with the challenge as plain text
    // that no browser sniffs into anything else.
    handshake: Some(Handshake {
        name: "Dropbox verification",
        is: |c| c.method == "GET" && c.req.bytes().is_empty() && c.param("challenge").is_some(),
        signed: false,
        named_only: false,
        answer: |c, _| {
            Handshaken::text(
                c.param("challenge").unwrap_or_default(),
                "Dropbox verification: the challenge is answered",
            )
        },
    }),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::{event_name, Failure, Request};

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345678]}}"#;

    /// Computed with Python's hmac and openssl, following Dropbox's sample app (mdwebhook).
    #[test]
    fn a_notification_checks() {
        let h = [(
            HEADER,
            "bf97c102009c360788b56e3f220ac8606473494648143fef0852f5314ecb7294",
        )];
        assert_eq!(
            check(KIND, &h, BODY, "hookscope-dropbox-app-secret"),
            Ok(())
        );
        assert!(matches!(
            check(KIND, &h, BODY, "other"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, &BODY[1..], "hookscope-dropbox-app-secret").is_err());
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "bf97")], BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
        let headers = crate::scheme::testing::headers(&h);
        let body = crate::body::Body::new(BODY);
        assert_eq!(
            event_name(Some(KIND), &Request::new(&headers, &body)).as_deref(),
            Some("list_folder")
        );
    }
}
