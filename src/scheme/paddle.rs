//! `paddle`: `Paddle-Signature: ts=<unix>;h1=<hex>[;h1=…]` (several `h1` while a secret is
//! rotated), HMAC-SHA256 of `<ts>:<body>` keyed with the whole endpoint secret; older than
//! 5 seconds is refused, as Paddle's SDKs do.

use super::platform::{Detect, Platform, Row};
use super::values::stamped_entries;
use super::{
    Algorithm, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};

const HEADER: &str = "Paddle-Signature";

pub static PLATFORM: Platform = Platform {
    name: "paddle",
    about: "Paddle Billing: Paddle-Signature ts=…;h1=…",
    row: Row {
        platform: "Paddle Billing",
        headers: "`Paddle-Signature: ts=…;h1=…`",
        signed: "`ts:body`",
        encoding: "hex; key is the whole secret text",
        window: "5 s, too old only",
        event: "`event_type`",
    },
    key: "the endpoint secret",
    detect: Detect::headers(&[HEADER]),
    event: |r| r.body.string(&["event_type"]),
    delivery_id: |r| r.body.string(&["notification_id"]),
    scheme: |_| Ok(Box::new(Paddle)),
    ..Platform::NOTIFIES
};

pub struct Paddle;

impl Scheme for Paddle {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(HEADER)?;
        let mut found = Found::new(Algorithm::Sha256);
        let ts = stamped_entries(&mut found, HEADER, value, ';', ("ts", "h1"))?;
        found.prefix = format!("{ts}:").into_bytes();
        found.timestamp = Some(Stamp {
            at: ts,
            window: Window::PastOnly,
            tolerance: 5,
        });
        Ok(found)
    }

    fn signs_with_several(&self) -> bool {
        true
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let ts = ctx.timestamp.to_string();
        let mut value = format!("ts={ts}");
        for key in keys {
            let mac = Algorithm::Sha256.mac(key, &[ts.as_bytes(), b":", body]);
            value.push_str(";h1=");
            value.push_str(&hex::encode(mac));
        }
        Ok(vec![(HEADER.into(), value)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, check_at, detect, sign};

    const KIND: Kind = Kind(&PLATFORM);

    /// paddle-python-sdk `tests/Unit/Notification/test_Verifier.py`: a rotation header whose
    /// first `h1` is `dummy`; of three secrets, the third signs the second `h1`.
    #[test]
    fn paddle_python_sdks_rotation_vector() {
        let h = [(HEADER, "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02")];
        let body = b"hello-world";
        assert!(check(
            KIND,
            &h,
            body,
            "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4"
        )
        .is_err());
        assert!(check(
            KIND,
            &h,
            body,
            "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo"
        )
        .is_err());
        assert_eq!(
            check(
                KIND,
                &h,
                body,
                "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"
            ),
            Ok(())
        );
    }

    /// paddle-python-sdk's fixture payloads, with their trailing newline stripped as the test
    /// does; the second carries `\u00dc`-style escapes as raw text.
    #[test]
    fn paddle_python_sdks_fixture_vectors() {
        let secret = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I";
        let standard = br#"{"data":{"id":"ctm_01hs0tqf76sxmp7ba5e4mw1sc8","name":"John Doe","email":"blackhole+verification2@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:32:37.862Z","updated_at":"2024-03-15T10:32:37.862Z","custom_data":null,"import_meta":null,"marketing_consent":false},"event_id":"evt_01hs0tqfme2xwb2hvwv87p8y3w","event_type":"customer.created","occurred_at":"2024-03-15T10:32:38.286848Z","notification_id":"ntf_01hs0tqfrhgkyp39x4wyvy7h6n"}"#;
        let h = [(
            HEADER,
            "ts=1710498758;h1=558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744",
        )];
        assert_eq!(check(KIND, &h, standard, secret), Ok(()));
        let special = br#"{"data":{"id":"ctm_01hs0t94g83hs5jdw282ztqa4z","name":"\u00dc\u00c4\u00c5\u00e5\u00d6\u00dc\u00c4\u00c5\u00e5\u00d6","email":"blackhole+verification1@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:24:48.136Z","updated_at":"2024-03-15T10:24:48.136Z","custom_data":null,"import_meta":null,"marketing_consent":false},"event_id":"evt_01hs0t94tjvtv62azjmkbeysz7","event_type":"customer.created","occurred_at":"2024-03-15T10:24:48.466759Z","notification_id":"ntf_01hs0t94ws0ay8keh5t4rq70ht"}"#;
        let h = [(
            HEADER,
            "ts=1710498288;h1=38219b3ba1578184e625c29d201a27cd25bd69e2ec9c3ab87dcb90d87ff73a41",
        )];
        assert_eq!(check(KIND, &h, special, secret), Ok(()));
        assert_eq!(detect(&h, special), Ok(KIND));
    }

    /// paddle-node-sdk `webhooks-validator.node.test.ts`: 5 s after `ts` is valid, 6 s is not;
    /// an unknown key (`h2`) is skipped; one space more in the body, or another secret, fails.
    #[test]
    fn paddle_node_sdks_window_and_unknown_keys() {
        let body = br#"{"data": ["1", "2"]}"#;
        let h = [(
            HEADER,
            "ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9",
        )];
        assert_eq!(
            check_at(KIND, &h, body, "VALID_SECRET", 1_698_796_805),
            Ok(())
        );
        assert!(matches!(
            check_at(KIND, &h, body, "VALID_SECRET", 1_698_796_806),
            Err(Failure::Timestamp {
                age: 6,
                tolerance: 5
            })
        ));
        let with_h2 = [(HEADER, "ts=1698796800;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h2=RANDOM_HASH")];
        assert_eq!(
            check(KIND, &with_h2, br#"{"data": "value"}"#, "VALID_SECRET"),
            Ok(())
        );
        assert!(check(KIND, &h, br#"{"data": [ "1", "2" ]}"#, "VALID_SECRET").is_err());
        assert!(check(KIND, &h, body, "INVALID_VALID_SECRET").is_err());
        assert_eq!(
            check(KIND, &[], body, "x"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        assert!(matches!(
            check(KIND, &[(HEADER, "h1=ab")], body, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert!(matches!(
            check(KIND, &[(HEADER, "ts=1;h1=dummy")], body, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(
            sign(KIND, body, "VALID_SECRET", 1_698_796_800),
            vec![(HEADER.to_string(), h[0].1.to_string())]
        );
    }
}
