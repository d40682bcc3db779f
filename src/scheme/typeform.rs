//! `typeform`: `Typeform-Signature: sha256=` + base64 HMAC-SHA256 of the raw body, sent only
//! when the webhook has a secret.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "Typeform-Signature";

pub static PLATFORM: Platform = Platform {
    name: "typeform",
    about: "Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64",
    row: Row {
        platform: "Typeform",
        headers: "`Typeform-Signature`",
        signed: "body",
        encoding: "`sha256=` + base64",
        window: "none",
        event: "`event_type`",
    },
    detect: Detect::headers(&[HEADER]),
    event: |r| r.body.string(&["event_type"]),
    delivery_id: |r| r.body.string(&["event_id"]),
    scheme: |_| Ok(Box::new(SCHEME)),
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
    use crate::scheme::Failure;

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br#"{"event_id":"01HTESTEVENT000000000000000","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15"}}"#;
    // Computed with Python's hmac and with openssl from Typeform's documented algorithm (no
    // published vector exists).
    const SIG: &str = "sha256=oCGSdyNiI4OBs+YOSOC9SX8mN+aVdmtLDnvQsjF9oko=";

    #[test]
    fn the_documented_construction_checks() {
        let h = [("Typeform-Signature", SIG)];
        assert_eq!(check(KIND, &h, BODY, "hookscope-typeform-secret"), Ok(()));
        assert!(matches!(
            check(KIND, &h, BODY, "other"),
            Err(Failure::Mismatch { .. })
        ));
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert!(check(KIND, &h, &tampered, "hookscope-typeform-secret").is_err());
        assert_eq!(
            check(KIND, &[], BODY, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        let bad = check(KIND, &[("Typeform-Signature", "oCGS")], BODY, "x");
        assert!(matches!(bad, Err(Failure::Malformed { .. })), "{bad:?}");
        assert_eq!(detect(&h, BODY), Ok(KIND));
    }
}
