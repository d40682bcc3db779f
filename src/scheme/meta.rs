//! `meta`: Facebook, Instagram, WhatsApp and Messenger: `X-Hub-Signature-256: sha256=` + hex
//! HMAC-SHA256 of the raw body, keyed with the app secret. GitHub sends a header of the same
//! name: Meta is told by its body's `object` (and the absence of `X-GitHub-Event`).

use super::one_header::OneHeader;
use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Algorithm, Encoding, Kind, Request};

const HEADER: &str = "X-Hub-Signature-256";

pub static PLATFORM: Platform = Platform {
    name: "meta",
    about: "Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex",
    row: Row {
        platform: "Meta: Facebook, Instagram, WhatsApp",
        headers: "`X-Hub-Signature-256` (told from GitHub's by the body's `object`)",
        signed: "body",
        encoding: "`sha256=` + hex",
        window: "none",
        event: "`object` + `.` + first `entry[].changes[].field`",
    },
    key: "the app secret; `--verify-token-env` for the check",
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: Some(|r| Ok(!r.has("x-github-event") && r.body.string(&["object"]).is_some())),
    }),
    event,
    scheme: |_| Ok(Box::new(SCHEME)),
    // The subscription check: GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…,
    // answered with the challenge when the verify token is one given to hookscope.
    handshake: Some(Handshake {
        name: "Meta subscription check",
        is: |c| {
            c.method == "GET"
                && c.param("hub.mode") == Some("subscribe")
                && c.param("hub.challenge").is_some()
        },
        signed: false,
        named_only: false,
        answer: |c, keys| {
            let challenge = c.param("hub.challenge").unwrap_or_default();
            let given = c.param("hub.verify_token").unwrap_or_default();
            if keys.verify_tokens.is_empty() {
                return Handshaken::refused(403, "Meta's subscription check needs the verify token: give it with --verify-token-env or --verify-token-file");
            }
            // Every token is compared, so the time taken does not tell which one matched.
            if keys
                .verify_tokens
                .iter()
                .fold(false, |acc, t| acc | t.is(given))
            {
                Handshaken::text(
                    challenge,
                    "Meta subscription check: the challenge is answered",
                )
            } else {
                Handshaken::refused(
                    403,
                    "Meta's subscription check carries a verify token that is not the one given",
                )
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
    "sha256=",
);

/// `user.photos`, `whatsapp_business_account.messages`; Messenger's `entry[].messaging[]`
/// has no field, so `page` alone.
fn event(r: &Request) -> Option<String> {
    let object = r.body.string(&["object"])?;
    Some(
        match r.body.string(&["entry", "0", "changes", "0", "field"]) {
            Some(field) => format!("{object}.{field}"),
            None => object,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::{event_name, Failure};

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"entry":[{"time":1520383571,"changes":[{"field":"photos","value":{"verb":"update","object_id":"10211885744794461"}}],"id":"10210299214172187","uid":"10210299214172187"}],"object":"user"}"#;

    /// The WhatsApp Node.js SDK's own test (`src/__tests__/utils.test.ts`, secret from its
    /// `jest.config.ts`).
    #[test]
    fn the_whatsapp_sdks_vector() {
        let h = [(
            HEADER,
            "sha256=0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221",
        )];
        assert_eq!(check(KIND, &h, b"test", "TEST_APP_SECRET"), Ok(()));
        assert!(check(KIND, &h, b"tesT", "TEST_APP_SECRET").is_err());
    }

    /// The Graph API docs' sample body, signed by Python's hmac and by openssl.
    #[test]
    fn a_graph_notification_checks_names_its_event_and_is_told_from_github() {
        let sig = "sha256=f2a348350c29e6d0ed49cb44fcd09fce998d0ef1475b9ce64eb2d23c31d0627d";
        let h = [(HEADER, sig)];
        assert_eq!(check(KIND, &h, BODY, "TEST_APP_SECRET"), Ok(()));
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "md5=1")], BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
        let headers = crate::scheme::testing::headers(&h);
        let body = crate::body::Body::new(BODY);
        assert_eq!(
            event_name(Some(KIND), &Request::new(&headers, &body)).as_deref(),
            Some("user.photos")
        );
        let messenger = crate::body::Body::new(br#"{"object":"page","entry":[{"messaging":[]}]}"#);
        assert_eq!(
            event_name(Some(KIND), &Request::new(&[], &messenger)).as_deref(),
            Some("page")
        );
        // With X-GitHub-Event it is GitHub's; with neither sign, it could be either.
        let github = [(HEADER, sig), ("X-GitHub-Event", "push")];
        assert_eq!(detect(&github, BODY).map(|k| k.name()), Ok("github"));
        let unsettled = detect(&h, b"{}");
        assert!(
            matches!(unsettled, Err(Failure::Ambiguous { ref candidates, .. }) if candidates.len() == 2),
            "{unsettled:?}"
        );
    }
}
