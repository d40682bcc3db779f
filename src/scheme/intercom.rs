//! `intercom`: `X-Hub-Signature: sha1=` + hex HMAC-SHA1 of the raw body, keyed with the app's
//! client secret. GitHub's legacy header and Bitbucket's have the same name: Intercom is told
//! by its body's `"type": "notification_event"`.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Hub-Signature";

pub static PLATFORM: Platform = Platform {
    name: "intercom",
    about: "Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex",
    row: Row {
        platform: "Intercom",
        headers: "`X-Hub-Signature` (told from GitHub's and Bitbucket's by the body's `type: notification_event`)",
        signed: "body",
        encoding: "`sha1=` + hex",
        window: "none",
        event: "`topic`",
    },
    key: "the client secret",
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: Some(|r| Ok(r.body.string(&["type"]).as_deref() == Some("notification_event"))),
    }),
    event: |r| r.body.string(&["topic"]),
    delivery_id: |r| r.body.string(&["id"]),
    scheme: |_| Ok(Box::new(SCHEME)),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha1,
    Encoding::Hex,
    "sha1=",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::Failure;

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"type":"notification_event","id":"notif_78c122d0-23ba-11e4-9464-79b01267cc2e","topic":"ping","data":{"item":{"type":"ping","message":"hello"}}}"#;

    /// Computed with Python's hmac and openssl from Intercom's "Signed Notifications" page (it
    /// shows a signature but not the secret behind it).
    #[test]
    fn a_notification_checks_and_is_told_from_github() {
        let h = [(HEADER, "sha1=5f5fc03b9d2df133cf1b0da5e705eccdc2d07678")];
        assert_eq!(
            check(KIND, &h, BODY, "hookscope_intercom_client_secret"),
            Ok(())
        );
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, b"{}", "hookscope_intercom_client_secret").is_err());
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        let no_prefix = [(HEADER, "5f5fc03b9d2df133cf1b0da5e705eccdc2d07678")];
        assert!(matches!(
            check(KIND, &no_prefix, BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
    }
}
