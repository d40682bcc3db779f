//! `asana`: `X-Hook-Signature`, hex HMAC-SHA256 of the raw body, keyed with the `X-Hook-Secret`
//! Asana handed over when the webhook was made (its text, not hex-decoded). Bpium sends a
//! header of the same name as base64 MD5: Asana's is told by its 64 hex digits.

use super::one_header::OneHeader;
use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Algorithm, Encoding, Kind, Request};

const HEADER: &str = "X-Hook-Signature";

pub static PLATFORM: Platform = Platform {
    name: "asana",
    about: "Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake",
    row: Row {
        platform: "Asana",
        headers: "`X-Hook-Signature` (told from Bpium's by its 64 hex digits)",
        signed: "body",
        encoding: "HMAC-SHA256 hex",
        window: "none",
        event: "first `events[].resource.resource_type` + `.` + `action`",
    },
    key: "the X-Hook-Secret of the handshake",
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: Some(|r| Ok(r.all(HEADER).all(|v| Encoding::Hex.decode(v, 32).is_some()))),
    }),
    event,
    scheme: |_| Ok(Box::new(SCHEME)),
    // Making a webhook, Asana posts X-Hook-Secret and waits for it to come back; that secret
    // then signs every delivery to the endpoint.
    handshake: Some(Handshake {
        name: "Asana X-Hook-Secret",
        is: |c| c.method == "POST" && c.req.has("x-hook-secret") && c.req.bytes().is_empty(),
        signed: false,
        named_only: true,
        answer: |c, _| {
            let Some(secret) = c.req.header("x-hook-secret") else {
                return Handshaken::refused(
                    400,
                    "Asana's handshake carries an empty X-Hook-Secret",
                );
            };
            Handshaken {
                status: 200,
                headers: vec![("X-Hook-Secret".into(), secret.clone())],
                body: Vec::new(),
                said: "Asana handshake: X-Hook-Secret sent back".into(),
                hands_over: Some(secret),
            }
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

/// `task.changed`; a heartbeat (`{"events":[]}`) names none.
fn event(r: &Request) -> Option<String> {
    let action = r.body.string(&["events", "0", "action"])?;
    Some(
        match r.body.string(&["events", "0", "resource", "resource_type"]) {
            Some(resource) => format!("{resource}.{action}"),
            None => action,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::{event_name, Failure};

    const KIND: Kind = Kind(&PLATFORM);
    /// The example secret of Asana's "Establish a webhook" docs.
    const SECRET: &str = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
    const BODY: &[u8] = br#"{"events":[{"user":{"gid":"1234","resource_type":"user"},"created_at":"2024-01-01T00:00:00.000Z","action":"changed","resource":{"gid":"8675309","resource_type":"task"},"parent":null,"change":{"field":"name","action":"changed"}}]}"#;

    /// Computed with Python's hmac (as Asana's `python/webhooks_v5/server.py` does) and openssl.
    #[test]
    fn an_event_and_a_heartbeat_check_and_are_told_from_bpium() {
        let h = [(
            HEADER,
            "914330b28507298fbbbd2512361b3559b8089677b77ac19e70bdf4e40fa17ab2",
        )];
        assert_eq!(check(KIND, &h, BODY, SECRET), Ok(()));
        let beat = [(
            HEADER,
            "10468027b67df18c739cc4794c6fc2d2806dcaaf2259fc3e1ed9d26433659853",
        )];
        assert_eq!(check(KIND, &beat, br#"{"events":[]}"#, SECRET), Ok(()));
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, br#"{"events":[]}"#, SECRET).is_err());
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "9143")], BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
        assert_eq!(
            detect(&[(HEADER, "k5xd8tH5QhzjOFxBPBRsFg==")], BODY).map(|k| k.name()),
            Ok("bpium")
        );
        let neither = detect(&[(HEADER, "nope")], BODY);
        assert!(
            matches!(neither, Err(Failure::Ambiguous { .. })),
            "{neither:?}"
        );
        let headers = crate::scheme::testing::headers(&h);
        let body = crate::body::Body::new(BODY);
        assert_eq!(
            event_name(Some(KIND), &Request::new(&headers, &body)).as_deref(),
            Some("task.changed")
        );
    }
}
