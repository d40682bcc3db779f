//! `square`: `x-square-hmacsha256-signature`, base64 HMAC-SHA256 of the notification URL
//! followed by the raw body, keyed with the subscription's signature key. The URL is the
//! public one the platform called: `--public-url` says it.

use super::platform::{Detect, Platform, Row};
use super::values::read_value;
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

const HEADER: &str = "x-square-hmacsha256-signature";

pub static PLATFORM: Platform = Platform {
    name: "square",
    about: "Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)",
    row: Row {
        platform: "Square",
        headers: "`x-square-hmacsha256-signature`",
        signed: "`--public-url` + path + body",
        encoding: "HMAC-SHA256 base64",
        window: "none",
        event: "`type`",
    },
    key: "the signature key; `--public-url`",
    detect: Detect::headers(&[HEADER]),
    event: |r| r.body.string(&["type"]),
    delivery_id: |r| r.body.string(&["event_id"]),
    scheme: |_| Ok(Box::new(Square)),
    signs_url: true,
    ..Platform::NOTIFIES
};

pub struct Square;

impl Scheme for Square {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(HEADER)?;
        let url = req.public_url(Kind(&PLATFORM))?;
        let mut found = Found::new(Algorithm::Sha256);
        read_value(&mut found, HEADER, value, Encoding::Base64, "");
        found.prefix = url.as_bytes().to_vec();
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let url = ctx
            .url
            .as_deref()
            .ok_or("square signs the notification URL: give it with --public-url (and --path)")?;
        let mac = Algorithm::Sha256.mac(&keys[0], &[url.as_bytes(), body]);
        Ok(vec![(HEADER.into(), Encoding::Base64.encode(&mac))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::Body;
    use crate::scheme::testing::headers;
    use crate::scheme::{Clock, Tolerance};
    use crate::secret::Secret;

    fn check(sig: &str, url: Option<&str>, body: &[u8], key: &str) -> Result<(), Failure> {
        let h = headers(&[(HEADER, sig)]);
        let body = Body::new(body);
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        Square.verify(
            &Request::new(&h, &body).at(url),
            &[Secret::new(key)],
            &clock,
        )
    }

    const BODY: &[u8] = br#"{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}"#;
    const URL: &str = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    const SIG: &str = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";

    /// square-python-sdk's `tests/integration/test_webhooks_helper.py` (also in
    /// square-ruby-sdk): two valid vectors and the negative cases beside them.
    #[test]
    fn square_sdks_vectors() {
        assert_eq!(
            check(SIG, Some(URL), BODY, "Ibxx_5AKakO-3qeNVR61Dw"),
            Ok(())
        );
        assert_eq!(
            check(
                "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=",
                Some("https://webhook.site/webhooks"),
                br#"{"data":{"type":"webhooks","id":">id<"}}"#,
                "signature-key"
            ),
            Ok(())
        );
        let other_url = "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9";
        assert!(check(SIG, Some(other_url), BODY, "Ibxx_5AKakO-3qeNVR61Dw").is_err());
        assert!(check(SIG, Some(URL), BODY, "MCmhFRxGX82xMwg5FsaoQA").is_err());
        assert!(check(
            "1z2n3DEJJiUPKcPzQo1ftvbxGdw=",
            Some(URL),
            BODY,
            "Ibxx_5AKakO-3qeNVR61Dw"
        )
        .is_err());
        let earlier = String::from_utf8_lossy(BODY).replace("2022-07-13", "2022-06-13");
        assert!(check(SIG, Some(URL), earlier.as_bytes(), "Ibxx_5AKakO-3qeNVR61Dw").is_err());
    }

    #[test]
    fn without_the_public_url_it_says_what_to_give() {
        let got = check(SIG, None, BODY, "Ibxx_5AKakO-3qeNVR61Dw");
        assert_eq!(
            got,
            Err(Failure::NoPublicUrl {
                scheme: Kind(&PLATFORM),
                forwarded: None,
            })
        );
        assert!(got.unwrap_err().to_string().contains("--public-url"));
        let h = headers(&[]);
        let body = Body::new(BODY);
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        assert_eq!(
            Square.verify(
                &Request::new(&h, &body).at(Some(URL)),
                &[Secret::new("k")],
                &clock
            ),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        let ctx = SignContext {
            timestamp: 0,
            id: String::new(),
            url: Some(URL.into()),
        };
        let made = Square
            .sign(BODY, &[b"Ibxx_5AKakO-3qeNVR61Dw".to_vec()], &ctx)
            .unwrap();
        assert_eq!(made[0].1, SIG);
    }
}
