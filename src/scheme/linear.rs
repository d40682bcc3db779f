//! `linear`: `Linear-Signature`, hex HMAC-SHA256 of the raw body; the body's own
//! `webhookTimestamp` (Unix milliseconds, covered by the signature) must be within 60 s of
//! now, as @linear/sdk checks (the `Linear-Timestamp` header when the body has none).

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};

const HEADER: &str = "Linear-Signature";

pub static PLATFORM: Platform = Platform {
    name: "linear",
    about: "Linear: Linear-Signature, HMAC-SHA256 hex; the body's webhookTimestamp",
    row: Row {
        platform: "Linear",
        headers: "`Linear-Signature`",
        signed: "body (its `webhookTimestamp` in ms)",
        encoding: "HMAC-SHA256 hex",
        window: "±60 s",
        event: "`type` + `.` + `action`",
    },
    key: "the signing secret",
    detect: Detect::headers(&[HEADER]),
    event: |r| {
        let kind = r.body.string(&["type"])?;
        Some(match r.body.string(&["action"]) {
            Some(action) => format!("{kind}.{action}"),
            None => kind,
        })
    },
    delivery_id: |r| r.header("linear-delivery"),
    scheme: |_| Ok(Box::new(Linear)),
    ..Platform::NOTIFIES
};

const SIGNATURE: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "",
);

pub struct Linear;

impl Scheme for Linear {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let mut found = SIGNATURE.parse(req)?;
        let ms = match req.body.integer(&["webhookTimestamp"]) {
            Some(ms) => Some(ms),
            None => match req.header("linear-timestamp") {
                Some(text) => Some(text.parse::<i64>().map_err(|_| Failure::Malformed {
                    header: "Linear-Timestamp".into(),
                    why: "not Unix milliseconds".into(),
                    hint: None,
                })?),
                None => None,
            },
        };
        found.timestamp = ms.map(|ms| Stamp {
            at: ms.div_euclid(1000),
            window: Window::Both,
            tolerance: 60,
        });
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        SIGNATURE.sign(body, keys, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, check_at, detect};

    const KIND: Kind = Kind(&PLATFORM);
    const SECRET: &str = "lin_wh_hookscope_test_secret";
    const BODY: &[u8] = br#"{"action":"create","type":"Issue","data":{"id":"2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9"},"webhookTimestamp":1700000000000}"#;

    /// Computed with Python's hmac and openssl as @linear/sdk's `verify` does (its own test
    /// signs at run time).
    #[test]
    fn a_delivery_checks_within_its_minute() {
        let h = [(
            HEADER,
            "f320f4061ed3e3e5aca916d1658d882ab77c8aa6b193974b6ffea21089fd750a",
        )];
        assert_eq!(check_at(KIND, &h, BODY, SECRET, 1_700_000_060), Ok(()));
        assert_eq!(check_at(KIND, &h, BODY, SECRET, 1_699_999_940), Ok(()));
        assert!(matches!(
            check_at(KIND, &h, BODY, SECRET, 1_700_000_061),
            Err(Failure::Timestamp { .. })
        ));
        assert!(matches!(
            check(KIND, &h, BODY, "x"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, &BODY[..BODY.len() - 1], SECRET).is_err());
        assert_eq!(
            check(KIND, &[], BODY, SECRET),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "f320")], BODY, SECRET),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, BODY), Ok(KIND));
    }
}
