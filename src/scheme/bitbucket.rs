//! `bitbucket`: `X-Hub-Signature: sha256=` + hex HMAC-SHA256 of the raw body (Bitbucket Cloud
//! and Data Center). Told from GitHub's and Intercom's header of the same name by
//! `X-Event-Key`.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Hub-Signature";

pub static PLATFORM: Platform = Platform {
    name: "bitbucket",
    about: "Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key",
    row: Row {
        platform: "Bitbucket",
        headers: "`X-Hub-Signature` with `X-Event-Key`",
        signed: "body",
        encoding: "`sha256=` + hex",
        window: "none",
        event: "`X-Event-Key`",
    },
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: Some(|r| Ok(r.has("x-event-key"))),
    }),
    event: |r| r.header("x-event-key"),
    delivery_id: |r| {
        r.header("x-request-uuid")
            .or_else(|| r.header("x-request-id"))
    },
    scheme: |_| Ok(Box::new(SCHEME)),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "sha256=",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};
    use crate::scheme::Failure;

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"push":{"changes":[]},"repository":{"full_name":"team/repo"}}"#;

    /// Computed with Python's hmac and openssl from Atlassian's "Event payloads" page (its own
    /// example is a placeholder).
    #[test]
    fn a_push_checks_and_is_told_by_its_event_key() {
        let sig = "sha256=b6d0db0399e914fa5cf737d40622ade8b296ff83352657916d875e67fca11318";
        let h = [(HEADER, sig), ("X-Event-Key", "repo:push")];
        assert_eq!(check(KIND, &h, BODY, "hookscope_bitbucket_secret"), Ok(()));
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, b"{}", "hookscope_bitbucket_secret").is_err());
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "sha256=zz")], BODY, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
        // Without a second sign, X-Hub-Signature alone could be GitHub's, Intercom's or this.
        let alone = detect(&[(HEADER, sig)], BODY);
        let Err(Failure::Ambiguous { candidates, why }) = alone else {
            panic!("{alone:?}")
        };
        let names: Vec<_> = candidates.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["github", "bitbucket", "intercom"]);
        assert!(why.contains("X-Hub-Signature"), "{why}");
    }
}
