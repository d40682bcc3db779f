//! `twitch`: EventSub's `Twitch-Eventsub-Message-Signature: sha256=` + hex HMAC-SHA256 of
//! message id + timestamp + body, as the headers carry them; more than 10 minutes from now is
//! refused.

use std::time::{Duration, UNIX_EPOCH};

use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::values::read_value;
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};

const SIGNATURE: &str = "Twitch-Eventsub-Message-Signature";
const ID: &str = "Twitch-Eventsub-Message-Id";
const TIMESTAMP: &str = "Twitch-Eventsub-Message-Timestamp";

pub static PLATFORM: Platform = Platform {
    name: "twitch",
    about: "Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body",
    row: Row {
        platform: "Twitch EventSub",
        headers: "`Twitch-Eventsub-Message-Signature`, `-Id`, `-Timestamp` (RFC 3339)",
        signed: "id + timestamp + body",
        encoding: "`sha256=` + hex",
        window: "±600 s",
        event: "`Twitch-Eventsub-Subscription-Type`",
    },
    key: "the subscription secret",
    detect: Detect::headers(&[SIGNATURE]),
    event: |r| r.header("twitch-eventsub-subscription-type"),
    delivery_id: |r| r.header(ID),
    scheme: |_| Ok(Box::new(Twitch)),
    // A subscription's webhook_callback_verification, signed like any message: the challenge
    // back, as plain text.
    handshake: Some(Handshake {
        name: "Twitch webhook_callback_verification",
        is: |c| {
            c.req.header("twitch-eventsub-message-type").as_deref()
                == Some("webhook_callback_verification")
        },
        signed: true,
        named_only: false,
        answer: |c, _| match c.req.body.string(&["challenge"]) {
            Some(challenge) => Handshaken::text(
                &challenge,
                "Twitch webhook_callback_verification: the challenge is answered",
            ),
            None => Handshaken::refused(400, "Twitch's verification carries no challenge"),
        },
    }),
    ..Platform::NOTIFIES
};

pub struct Twitch;

impl Scheme for Twitch {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(SIGNATURE)?;
        let id = req.require(ID)?;
        let ts_text = req.require(TIMESTAMP)?;
        let at = humantime::parse_rfc3339(ts_text)
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .ok_or_else(|| Failure::Malformed {
                header: TIMESTAMP.into(),
                why: "not an RFC 3339 time (such as 2024-01-01T00:00:00.123Z)".into(),
                hint: None,
            })?;
        let mut found = Found::new(Algorithm::Sha256);
        read_value(&mut found, SIGNATURE, value, Encoding::Hex, "sha256=");
        found.prefix = format!("{id}{ts_text}").into_bytes();
        found.timestamp = Some(Stamp {
            at: at.as_secs() as i64,
            window: Window::Both,
            tolerance: 600,
        });
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let at = UNIX_EPOCH
            + Duration::from_secs(
                u64::try_from(ctx.timestamp).map_err(|_| "a Twitch timestamp is after 1970")?,
            );
        let ts = humantime::format_rfc3339_seconds(at).to_string();
        let mac = Algorithm::Sha256.mac(&keys[0], &[ctx.id.as_bytes(), ts.as_bytes(), body]);
        Ok(vec![
            (ID.into(), ctx.id.clone()),
            (TIMESTAMP.into(), ts),
            (SIGNATURE.into(), format!("sha256={}", hex::encode(mac))),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, check_at, detect, sign};

    const KIND: Kind = Kind(&PLATFORM);

    /// twitch4j's `EventSubVerifierTest.java` (a community library; Twitch publishes no fixed
    /// vector). 2020-12-13T14:15:16Z is 1607868916.
    #[test]
    fn twitch4js_vector() {
        let h = [
            (ID, "7d4c39a4-10b3-4166-b1fb-56130d1f693b"),
            (TIMESTAMP, "2020-12-13T14:15:16.1718Z"),
            (
                SIGNATURE,
                "sha256=2ac8d26bf60837663d8969f3cb4f22f685c8fa0a4b99d533c8bf622ed4596cc6",
            ),
        ];
        let body = br#"{"hello":"world"}"#;
        assert_eq!(
            check_at(KIND, &h, body, "Twitch4J", 1_607_868_916 + 600),
            Ok(())
        );
        assert!(matches!(
            check_at(KIND, &h, body, "Twitch4J", 1_607_868_916 + 601),
            Err(Failure::Timestamp { .. })
        ));
        assert!(matches!(
            check(KIND, &h, body, "Twitch4j"),
            Err(Failure::Mismatch { .. })
        ));
        assert!(check(KIND, &h, br#"{"hello":"World"}"#, "Twitch4J").is_err());
        let mut other_id = h;
        other_id[0].1 = "7d4c39a4-10b3-4166-b1fb-56130d1f693c";
        assert!(check(KIND, &other_id, body, "Twitch4J").is_err());
        assert_eq!(
            check(KIND, &h[..2], body, "x"),
            Err(Failure::MissingHeader(SIGNATURE.into()))
        );
        let mut bad_time = h;
        bad_time[1].1 = "yesterday";
        assert!(matches!(
            check(KIND, &bad_time, body, "x"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, body), Ok(KIND));
    }

    #[test]
    fn what_sign_makes_checks() {
        let body = br#"{"subscription":{"type":"channel.follow"}}"#;
        let headers = sign(KIND, body, "potaytoes_secret_1", 1_573_899_072);
        assert_eq!(headers[1].1, "2019-11-16T10:11:12Z");
        let h: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            check_at(KIND, &h, body, "potaytoes_secret_1", 1_573_899_072),
            Ok(())
        );
    }
}
