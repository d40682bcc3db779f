//! `hubspot`: v3, `X-HubSpot-Signature-v3`, base64 HMAC-SHA256 of method + the full URL +
//! body + `X-HubSpot-Request-Timestamp` (Unix milliseconds), keyed with the app's client
//! secret; older than 5 minutes is refused, as HubSpot's SDKs do. The URL is the public one:
//! `--public-url` says it.

use super::platform::{Detect, Platform, Row};
use super::values::read_value;
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};

const SIGNATURE: &str = "X-HubSpot-Signature-v3";
const TIMESTAMP: &str = "X-HubSpot-Request-Timestamp";

pub static PLATFORM: Platform = Platform {
    name: "hubspot",
    about: "HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)",
    row: Row {
        platform: "HubSpot (v3)",
        headers: "`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp` (ms)",
        signed: "method + `--public-url` + path + body + timestamp",
        encoding: "HMAC-SHA256 base64",
        window: "300 s, too old only",
        event: "first event's `subscriptionType`",
    },
    key: "the client secret; `--public-url`",
    detect: Detect::headers(&[SIGNATURE]),
    event: |r| r.body.string(&["0", "subscriptionType"]),
    delivery_id: |r| r.body.scalar(&["0", "eventId"]),
    scheme: |_| Ok(Box::new(Hubspot)),
    signs_url: true,
    ..Platform::NOTIFIES
};

pub struct Hubspot;

impl Scheme for Hubspot {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(SIGNATURE)?;
        let ms_text = req.require(TIMESTAMP)?;
        let ms: i64 = ms_text.parse().map_err(|_| Failure::Malformed {
            header: TIMESTAMP.into(),
            why: "not Unix milliseconds".into(),
            hint: None,
        })?;
        let url = req.public_url(Kind(&PLATFORM))?;
        let mut found = Found::new(Algorithm::Sha256);
        read_value(&mut found, SIGNATURE, value, Encoding::Base64, "");
        found.prefix = format!("{}{url}", req.method.unwrap_or("POST")).into_bytes();
        found.suffix = ms_text.as_bytes().to_vec();
        found.timestamp = Some(Stamp {
            at: ms.div_euclid(1000),
            window: Window::PastOnly,
            tolerance: 300,
        });
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let url = ctx
            .url
            .as_deref()
            .ok_or("hubspot signs the URL it calls: give it with --public-url (and --path)")?;
        let ms = (ctx.timestamp * 1000).to_string();
        let mac = Algorithm::Sha256.mac(&keys[0], &[b"POST", url.as_bytes(), body, ms.as_bytes()]);
        Ok(vec![
            (TIMESTAMP.into(), ms),
            (SIGNATURE.into(), Encoding::Base64.encode(&mac)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::Body;
    use crate::scheme::testing::headers;
    use crate::scheme::{Clock, Tolerance};
    use crate::secret::Secret;

    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const URL: &str = "https://www.example.com/webhook_uri";

    fn check(
        pairs: &[(&str, &str)],
        body: &[u8],
        url: Option<&str>,
        now: Option<i64>,
    ) -> Result<(), Failure> {
        let h = headers(pairs);
        let body = Body::new(body);
        let clock = Clock {
            now: now.unwrap_or(0),
            tolerance: if now.is_some() {
                Tolerance::Platform
            } else {
                Tolerance::Off
            },
        };
        Hubspot.verify(
            &Request::new(&h, &body).at(url).by("POST"),
            &[Secret::new(SECRET)],
            &clock,
        )
    }

    /// hubspot-api-python's `tests/spec/utils/test_signature.py` (its body has single quotes).
    #[test]
    fn hubspots_python_sdk_vector() {
        let h = [
            (SIGNATURE, "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y="),
            (TIMESTAMP, "1693657560000"),
        ];
        let body = b"{'example_field':'example_value'}";
        assert_eq!(check(&h, body, Some(URL), None), Ok(()));
        assert!(check(&h, body, Some("https://www.example.com/other"), None).is_err());
        assert!(check(&h, b"{'example_field':'other'}", Some(URL), None).is_err());
        let later = [(SIGNATURE, h[0].1), (TIMESTAMP, "1693657560001")];
        assert!(check(&later, body, Some(URL), None).is_err());
        // Five minutes, then refused.
        assert_eq!(check(&h, body, Some(URL), Some(1_693_657_860)), Ok(()));
        assert!(matches!(
            check(&h, body, Some(URL), Some(1_693_657_861)),
            Err(Failure::Timestamp { .. })
        ));
        assert_eq!(
            check(&h, body, None, None),
            Err(Failure::NoPublicUrl {
                scheme: Kind(&PLATFORM),
                forwarded: None,
            })
        );
        assert_eq!(
            check(&h[1..], body, Some(URL), None),
            Err(Failure::MissingHeader(SIGNATURE.into()))
        );
        let bad = [(SIGNATURE, h[0].1), (TIMESTAMP, "soon")];
        assert!(matches!(
            check(&bad, body, Some(URL), None),
            Err(Failure::Malformed { .. })
        ));
    }

    /// A double-quoted body, computed with Python's hmac and openssl; and what sign makes.
    #[test]
    fn a_json_body_checks_and_sign_makes_it() {
        let body = br#"{"example_field":"example_value"}"#;
        let h = [
            (SIGNATURE, "oaA3M5dEtt6kFsseJD/Hv/x+JNl1vsoxFj4oxmwP6Go="),
            (TIMESTAMP, "1693657560000"),
        ];
        assert_eq!(check(&h, body, Some(URL), None), Ok(()));
        let ctx = SignContext {
            timestamp: 1_693_657_560,
            id: String::new(),
            url: Some(URL.into()),
        };
        let made = Hubspot
            .sign(body, &[SECRET.as_bytes().to_vec()], &ctx)
            .unwrap();
        assert_eq!(
            made,
            vec![
                (TIMESTAMP.to_string(), "1693657560000".to_string()),
                (SIGNATURE.to_string(), h[0].1.to_string())
            ]
        );
    }
}
