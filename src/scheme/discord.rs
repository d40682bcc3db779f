//! `discord`: Discord's interactions endpoint and Webhook Events. `X-Signature-Ed25519: <hex>`
//! is an Ed25519 signature over the `X-Signature-Timestamp` header's text followed by the raw
//! body, checked with the application's public key (hex, as the Developer Portal shows it).
//! Discord's libraries check no window, and neither does this.

use super::asymmetric::{self, Ed25519Signature};
use super::platform::{CheckedWith, Detect, Handshake, Handshaken, Platform, Row};
use super::values::unix_timestamp;
use super::{Clock, Failure, Headers, Keys, Kind, Request, Scheme, SignContext};
use crate::secret::{PublicKey, Secret};

const SIGNATURE: &str = "X-Signature-Ed25519";
const TIMESTAMP: &str = "X-Signature-Timestamp";

pub static PLATFORM: Platform = Platform {
    name: "discord",
    about: "Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)",
    row: Row {
        platform: "Discord",
        headers: "`X-Signature-Ed25519`, `X-Signature-Timestamp`",
        signed: "`t` + body",
        encoding: "Ed25519, hex; `--public-key` is the application's public key (hex)",
        window: "none",
        event: "`type`, by name (`event.type` for Webhook Events)",
    },
    detect: Detect::headers(&[SIGNATURE]),
    event: |r| {
        let body = r.body;
        // Webhook Events are type 1 with the event's own name inside; interactions are named
        // by their type, as Discord's documentation names them (a number it has not named
        // yet is shown as it is).
        let kind = body.integer(&["type"]);
        (kind == Some(1))
            .then(|| body.string(&["event", "type"]))
            .flatten()
            .or_else(|| {
                let named = match kind? {
                    1 => "PING",
                    2 => "APPLICATION_COMMAND",
                    3 => "MESSAGE_COMPONENT",
                    4 => "APPLICATION_COMMAND_AUTOCOMPLETE",
                    5 => "MODAL_SUBMIT",
                    _ => return None,
                };
                Some(named.to_string())
            })
            .or_else(|| body.scalar(&["type"]))
    },
    delivery_id: |r| r.body.scalar(&["id"]),
    checked_with: CheckedWith::PublicKey,
    scheme: |_| Ok(Box::new(Discord)),
    // The endpoint check: an interactions PING (`{"type":1}`, answered `{"type":1}`) or a
    // Webhook Events PING (type 0, answered 204), each only once its signature passes —
    // Discord sends bad signatures on purpose, and wants a 401 for them.
    handshake: Some(Handshake {
        name: "Discord PING",
        is: |c| {
            let t = c.req.body.integer(&["type"]);
            let interaction_ping =
                t == Some(1) && c.req.body.top_keys().iter().all(|k| *k != "event");
            c.method == "POST" && (interaction_ping || t == Some(0))
        },
        signed: true,
        named_only: false,
        answer: |c, _| {
            if c.req.body.integer(&["type"]) == Some(0) {
                Handshaken {
                    status: 204,
                    headers: Vec::new(),
                    body: Vec::new(),
                    said: "Discord Webhook Events PING: answered 204".into(),
                    hands_over: None,
                }
            } else {
                Handshaken::json(
                    &serde_json::json!({"type": 1}),
                    "Discord PING: answered PONG",
                )
            }
        },
    }),
    ..Platform::NOTIFIES
};

pub struct Discord;

/// The application's public key: 64 hex digits.
fn read_public(text: &str) -> Result<ed25519_dalek::VerifyingKey, String> {
    let bytes = hex::decode(text.trim()).map_err(|_| {
        "a Discord public key is 64 hex digits, as the Developer Portal shows it".to_string()
    })?;
    asymmetric::ed25519_public(&bytes)
}

/// The private key to sign with: the 32-byte seed in hex (or seed and public key, 64 bytes).
fn read_private(text: &str) -> Result<ed25519_dalek::SigningKey, String> {
    let bytes = hex::decode(text.trim()).map_err(|_| {
        "a Discord signing key is an Ed25519 seed in hex (64 hex digits, or 128 with the public key after it)".to_string()
    })?;
    asymmetric::ed25519_private(&bytes)
}

impl Scheme for Discord {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, _req: &Request) -> Result<super::Found, Failure> {
        // Not used: `verify_keys` reads the signature itself. Answer truthfully anyway.
        Err(Failure::NoPublicKey {
            scheme: self.kind(),
        })
    }

    fn verify_keys(&self, req: &Request, keys: Keys, clock: &Clock) -> Result<(), Failure> {
        let keys = asymmetric::read_keys(self.kind(), keys.public, read_public)?;
        let value = req.require(SIGNATURE)?;
        let ts = req.require(TIMESTAMP)?;
        unix_timestamp(TIMESTAMP, ts)?;
        let sig = signature(value)?;
        asymmetric::check(
            &keys,
            &[sig],
            ts.as_bytes(),
            req.bytes(),
            None,
            clock,
            asymmetric::ed25519_verifies,
        )
    }

    fn reads_public_key(&self, key: &PublicKey) -> Result<(), String> {
        read_public(key.text()).map(|_| ())
    }

    fn public_key_of(&self, secret: &Secret) -> Option<PublicKey> {
        let key = read_private(secret.expose()).ok()?;
        Some(PublicKey::new(hex::encode(key.verifying_key().as_bytes())))
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        read_private(secret.expose()).map(|k| k.to_bytes().to_vec())
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let key = asymmetric::ed25519_private(&keys[0])?;
        let ts = ctx.timestamp.to_string();
        let sig = asymmetric::ed25519_sign(&key, &[ts.as_bytes(), body].concat());
        Ok(vec![
            (SIGNATURE.into(), hex::encode(sig)),
            (TIMESTAMP.into(), ts),
        ])
    }
}

/// The signature a header holds: 128 hex digits.
fn signature(value: &str) -> Result<Ed25519Signature, Failure> {
    hex::decode(value)
        .ok()
        .and_then(|b| asymmetric::ed25519_signature(&b))
        .ok_or_else(|| Failure::Malformed {
            header: SIGNATURE.into(),
            why: format!(
                "expected 128 hex digits (an Ed25519 signature), found {} characters",
                value.chars().count()
            ),
            hint: None,
        })
}

#[cfg(test)]
mod tests {
    //! Discord publishes no fixed vector (its libraries' tests make a fresh key pair each run),
    //! so DC1 and DC2 were computed with PyNaCl and cross-checked with `cryptography`
    //! (/work/research/vectors_b.py), with RFC 8032's TEST 1 key pair; DC2's body is the
    //! `pingRequestBody` of discord-interactions-js's tests. The RFC 8032 vector itself is
    //! verbatim from RFC 8032 §7.1.
    use super::*;
    use crate::body::Body;
    use crate::scheme::Tolerance;

    const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const DC1_BODY: &[u8] = br#"{"type":1}"#;
    const DC1_SIG: &str = "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";
    const DC2_BODY: &[u8] = br#"{"id":"787053080478613555","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":1,"version":1}"#;
    const DC2_SIG: &str = "f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80b";
    const TS: &str = "1700000000";

    const CLOCK: Clock = Clock {
        now: 0,
        tolerance: Tolerance::Platform,
    };

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn check(headers: &[(String, String)], body: &[u8], public: &[&str]) -> Result<(), Failure> {
        let public: Vec<PublicKey> = public.iter().map(|k| PublicKey::new(*k)).collect();
        let body = Body::new(body);
        Discord.verify_keys(
            &Request::new(headers, &body),
            Keys {
                secrets: &[],
                public: &public,
            },
            &CLOCK,
        )
    }

    fn signed(sig: &str) -> Vec<(String, String)> {
        h(&[(SIGNATURE, sig), (TIMESTAMP, TS)])
    }

    #[test]
    fn rfc8032_test_1_checks_the_ed25519_layer() {
        let key = read_private(SEED).unwrap();
        assert_eq!(hex::encode(key.verifying_key().as_bytes()), PUBLIC);
        assert_eq!(
            hex::encode(asymmetric::ed25519_sign(&key, b"")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn the_computed_vectors_verify() {
        assert_eq!(check(&signed(DC1_SIG), DC1_BODY, &[PUBLIC]), Ok(()));
        assert_eq!(check(&signed(DC2_SIG), DC2_BODY, &[PUBLIC]), Ok(()));
        // Upper-case hex, as some senders write it, is the same signature and key.
        let upper = DC1_SIG.to_uppercase();
        assert_eq!(
            check(&signed(&upper), DC1_BODY, &[&PUBLIC.to_uppercase()]),
            Ok(())
        );
    }

    #[test]
    fn sign_reproduces_the_vectors() {
        let key = Discord.key(&Secret::new(SEED)).unwrap();
        for (body, sig) in [(DC1_BODY, DC1_SIG), (DC2_BODY, DC2_SIG)] {
            let ctx = SignContext {
                timestamp: 1_700_000_000,
                id: String::new(),
                url: None,
            };
            let headers = Discord
                .sign(body, std::slice::from_ref(&key), &ctx)
                .unwrap();
            assert_eq!(headers, signed(sig));
        }
        // Seed and public key together (libsodium's 64-byte form) sign the same.
        let long = Discord
            .key(&Secret::new(format!("{SEED}{PUBLIC}")))
            .unwrap();
        assert_eq!(long, key);
        let wrong_half = format!("{SEED}{}", "00".repeat(32));
        assert!(Discord
            .key(&Secret::new(wrong_half))
            .unwrap_err()
            .contains("not the public key"));
    }

    #[test]
    fn tampering_a_wrong_key_and_a_changed_timestamp_are_mismatches() {
        let other = Discord
            .public_key_of(&Secret::new("01".repeat(32)))
            .unwrap();
        for (headers, body, key) in [
            (signed(DC1_SIG), &br#"{"type":2}"#[..], PUBLIC),
            (signed(DC1_SIG), DC1_BODY, other.text()),
            (
                h(&[(SIGNATURE, DC1_SIG), (TIMESTAMP, "1700000001")]),
                DC1_BODY,
                PUBLIC,
            ),
        ] {
            let got = check(&headers, body, &[key]);
            let Err(Failure::Mismatch { hint: Some(hint) }) = &got else {
                panic!("{got:?}")
            };
            assert_eq!(hint, asymmetric::NO_KEY_VERIFIES);
        }
    }

    #[test]
    fn a_body_changed_in_transit_is_named() {
        let got = check(&signed(DC1_SIG), b"{\"type\":1}\n", &[PUBLIC]);
        assert_eq!(
            got.unwrap_err().to_string(),
            "signature mismatch: signature matches the body with its trailing newline removed"
        );
    }

    #[test]
    fn missing_and_malformed_headers() {
        assert_eq!(
            check(&h(&[(TIMESTAMP, TS)]), DC1_BODY, &[PUBLIC]),
            Err(Failure::MissingHeader(SIGNATURE.into()))
        );
        assert_eq!(
            check(&h(&[(SIGNATURE, DC1_SIG)]), DC1_BODY, &[PUBLIC]),
            Err(Failure::MissingHeader(TIMESTAMP.into()))
        );
        for bad in [&DC1_SIG[..126], "zz", &format!("{DC1_SIG}00")] {
            let got = check(&signed(bad), DC1_BODY, &[PUBLIC]);
            let Err(Failure::Malformed { header, why, .. }) = &got else {
                panic!("{got:?}")
            };
            assert_eq!(header, SIGNATURE);
            assert!(why.contains("128 hex digits"), "{why}");
        }
        let got = check(
            &h(&[(SIGNATURE, DC1_SIG), (TIMESTAMP, "soon")]),
            DC1_BODY,
            &[PUBLIC],
        );
        assert!(matches!(got, Err(Failure::Malformed { .. })), "{got:?}");
        let mut twice = signed(DC1_SIG);
        twice.push((SIGNATURE.into(), DC1_SIG.into()));
        assert!(matches!(
            check(&twice, DC1_BODY, &[PUBLIC]),
            Err(Failure::Malformed { .. })
        ));
    }

    #[test]
    fn keys_it_cannot_use_are_skipped_and_named_when_none_is_left() {
        // Rotation, or a file of several platforms' keys: any key that reads may match.
        assert_eq!(
            check(
                &signed(DC1_SIG),
                DC1_BODY,
                &["whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=", PUBLIC]
            ),
            Ok(())
        );
        let got = check(&signed(DC1_SIG), DC1_BODY, &["not-hex"]);
        assert!(
            matches!(&got, Err(Failure::BadPublicKey { why, .. }) if why.contains("64 hex digits")),
            "{got:?}"
        );
        assert_eq!(
            check(&signed(DC1_SIG), DC1_BODY, &[]),
            Err(Failure::NoPublicKey {
                scheme: Kind(&PLATFORM)
            })
        );
        // A secret is not a public key: verify with secrets alone says what is missing.
        let body = Body::new(DC1_BODY);
        let headers = signed(DC1_SIG);
        let got = Discord.verify(&Request::new(&headers, &body), &[Secret::new(SEED)], &CLOCK);
        assert!(
            got.unwrap_err().to_string().contains("--public-key"),
            "names the flag"
        );
    }

    #[test]
    fn sign_then_verify_round_trips_and_one_byte_changed_fails() {
        let seed = Secret::new("2f".repeat(32));
        let public = Discord.public_key_of(&seed).unwrap();
        let ctx = SignContext {
            timestamp: 1_767_225_600,
            id: String::new(),
            url: None,
        };
        let body = br#"{"id":"1","type":2,"data":{"name":"ping"}}"#;
        let headers = Discord
            .sign_secrets(body, std::slice::from_ref(&seed), &ctx)
            .unwrap();
        assert_eq!(check(&headers, body, &[public.text()]), Ok(()));
        for i in 0..body.len() {
            let mut changed = body.to_vec();
            changed[i] ^= 0x20;
            assert!(check(&headers, &changed, &[public.text()]).is_err(), "{i}");
        }
        let two = [seed.clone(), Secret::new("3f".repeat(32))];
        let err = Discord.sign_secrets(body, &two, &ctx).unwrap_err();
        assert!(
            format!("{err:#}").contains("carries one signature"),
            "{err:#}"
        );
    }

    #[test]
    fn event_names_and_ids() {
        let name = |body: &[u8]| {
            let b = Body::new(body);
            let headers = Vec::new();
            let r = Request::new(&headers, &b);
            ((PLATFORM.event)(&r), (PLATFORM.delivery_id)(&r))
        };
        assert_eq!(
            name(DC2_BODY),
            (Some("PING".into()), Some("787053080478613555".into()))
        );
        assert_eq!(
            name(br#"{"id":"9","type":2,"data":{"name":"blep"}}"#),
            (Some("APPLICATION_COMMAND".into()), Some("9".into()))
        );
        assert_eq!(
            name(br#"{"id":"9","type":17}"#),
            (Some("17".into()), Some("9".into()))
        );
        assert_eq!(
            name(br#"{"version":1,"application_id":"1","type":1,"event":{"type":"APPLICATION_AUTHORIZED","data":{}}}"#),
            (Some("APPLICATION_AUTHORIZED".into()), None)
        );
        assert_eq!(
            name(br#"{"version":1,"application_id":"1","type":0}"#),
            (Some("0".into()), None)
        );
    }
}
