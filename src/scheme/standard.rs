//! `standard` (alias `svix`): Standard Webhooks. `webhook-signature: v1,<base64> [v1,<base64> …]`
//! over `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded secret after its
//! `whsec_` prefix. Svix sends the same under `svix-*` names. The asymmetric form puts `v1a,` +
//! base64 Ed25519 signatures of the same string in the same header, checked with a `whpk_`
//! public key (`--public-key`) and made with a `whsk_` private key (`--secret`). A request is
//! valid if any entry the keys given can check matches; other versions are never accepted; too
//! old and too new are both refused.

use base64::Engine as _;

use super::asymmetric::{self, Ed25519Signature};
use super::platform::{CheckedWith, Detect, Platform, Row, Sample};
use super::values::{unix_timestamp, v1_entry};
use super::{
    Algorithm, Clock, Encoding, Failure, Found, Headers, Keys, Kind, Request, Scheme, SignContext,
    Stamp, Window,
};
use crate::secret::{PublicKey, Secret};

pub static PLATFORM: Platform = Platform {
    name: "standard",
    aliases: &["svix"],
    about: "Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)",
    row: Row {
        platform: "Standard Webhooks, Svix",
        headers: "`webhook-id/-timestamp/-signature` or `svix-*`",
        signed: "`id.t.body`",
        encoding: "`v1,` + base64 HMAC-SHA256, key is base64 after `whsec_`; `v1a,` + base64 Ed25519, `--public-key whpk_…`",
        window: "±300 s",
        event: "`type`",
    },
    key: "the secret `whsec_…`",
    detect: Detect::headers(&[WEBHOOK.signature, SVIX.signature]),
    event: |r| r.body.string(&["type"]),
    delivery_id: |r| r.header(WEBHOOK.id).or_else(|| r.header(SVIX.id)),
    checked_with: CheckedWith::Either,
    scheme: |_| Ok(Box::new(Standard)),
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 1] = [Sample {
    name: "invoice.paid",
    shows: None,
    about: "an invoice was paid (Standard Webhooks' webhook-* headers)",
    headers: &[("User-Agent", "Svix-Webhooks/1.62.0")],
    body: r#"{"type":"invoice.paid","timestamp":"{{iso_ms}}","data":{"id":"in_{{n}}","object":"invoice","amount_paid":4200,"currency":"eur","customer":"cus_9s6XKzkNRiz8i3","status":"paid"}}"#,
}];

pub struct Standard;

/// The header names of one family (`webhook-*` or `svix-*`).
struct Names {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

const WEBHOOK: Names = Names {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};
const SVIX: Names = Names {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

fn decode_secret(secret: &str) -> Result<Vec<u8>, String> {
    let b64 = secret.strip_prefix("whsec_").unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| "a Standard Webhooks secret is base64 after an optional whsec_ prefix (like whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw), and this one is not".to_string())
}

impl Scheme for Standard {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    /// The v1 entries (HMAC), for the engine.
    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let signed = Signed::read(req)?;
        let mut found = Found::new(Algorithm::Sha256);
        for entry in signed.value.split_whitespace() {
            match entry.split_once(',') {
                Some(("v1", sig)) => v1_entry(&mut found, sig, Encoding::Base64),
                Some(_) => {}
                None => {
                    if let Some(mac) = Encoding::Base64.decode(entry, 32) {
                        found.near_miss(mac, "the signature lacks the `v1,` prefix");
                    }
                }
            }
        }
        if found.macs.is_empty() {
            let why = if signed.v1a > 0 {
                "no well-formed v1,<base64> entry; its v1a entries are Ed25519 signatures, checked with the sender's public key, not a secret: give it with --public-key whpk_…"
            } else if signed.others > 0 {
                "no well-formed v1,<base64> entry (versions other than v1 and v1a are never accepted)"
            } else {
                "no well-formed v1,<base64> entry"
            };
            found.problem = Some((signed.names.signature.into(), why.into()));
        }
        found.prefix = signed.prefix;
        found.timestamp = Some(signed.stamp);
        Ok(found)
    }

    /// v1a entries with the public keys, v1 entries with the secrets: valid if any entry that
    /// the keys given can check matches.
    fn verify_keys(&self, req: &Request, keys: Keys, clock: &Clock) -> Result<(), Failure> {
        if keys.public.is_empty() {
            return self.verify(req, keys.secrets, clock);
        }
        let signed = Signed::read(req)?;
        let v1a = (!signed.ed25519.is_empty()).then(|| {
            let public = asymmetric::read_keys(self.kind(), keys.public, read_public)?;
            asymmetric::check(
                &public,
                &signed.ed25519,
                &signed.prefix,
                req.bytes(),
                Some(signed.stamp),
                clock,
                asymmetric::ed25519_verifies,
            )
        });
        // A v1a signature that matched settles it (its timestamp is the v1 entries' too).
        if let Some(r @ (Ok(()) | Err(Failure::Timestamp { .. }))) = v1a {
            return r;
        }
        if signed.v1 > 0 && !keys.secrets.is_empty() {
            return self.verify(req, keys.secrets, clock);
        }
        if let Some(r) = v1a {
            return r;
        }
        let why = if signed.v1a > 0 {
            "no well-formed v1a,<base64> entry: a v1a signature is the base64 of 64 bytes (Ed25519)"
        } else if signed.v1 > 0 {
            "no v1a entry for the public key given to check; its v1 entries are HMACs, checked with the whsec_ secret (--secret)"
        } else {
            "no well-formed v1a,<base64> entry"
        };
        Err(Failure::Malformed {
            header: signed.names.signature.into(),
            why: why.into(),
            hint: None,
        })
    }

    fn reads_public_key(&self, key: &PublicKey) -> Result<(), String> {
        read_public(key.text()).map(|_| ())
    }

    fn public_key_of(&self, secret: &Secret) -> Option<PublicKey> {
        let key = read_private(secret.expose()).ok()??;
        Some(PublicKey::new(format!(
            "whpk_{}",
            Encoding::Base64.encode(key.verifying_key().as_bytes())
        )))
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        if secret.expose().starts_with(SIGNING_PREFIX) {
            return Err("a whsk_ key signs v1a entries and checks none: check v1a signatures with its public key (--public-key whpk_…)".into());
        }
        decode_secret(secret.expose())
    }

    fn wrong_keys(&self, secret: &Secret) -> Vec<(Vec<u8>, &'static str)> {
        let text = secret.expose();
        let mut keys = vec![(
            text.as_bytes().to_vec(),
            "signature matches the secret used as plain text; a Standard Webhooks secret must be base64-decoded after its whsec_ prefix",
        )];
        if let Some(rest) = text.strip_prefix("whsec_") {
            keys.push((
                rest.as_bytes().to_vec(),
                "signature matches the secret after whsec_ used as plain text; it must be base64-decoded",
            ));
        }
        keys
    }

    fn signs_with_several(&self) -> bool {
        true
    }

    /// v1 entries, one for each HMAC key.
    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let entries = keys.iter().map(|k| v1_signature(k, body, ctx)).collect();
        Ok(signed_headers(ctx, entries))
    }

    /// A v1 entry for each `whsec_` secret and a v1a entry for each `whsk_` key, in the order
    /// given.
    fn sign_secrets(
        &self,
        body: &[u8],
        secrets: &[Secret],
        ctx: &SignContext,
    ) -> anyhow::Result<Headers> {
        let cannot =
            |why: String| anyhow::anyhow!("the secret cannot be used for scheme standard: {why}");
        let mut entries = Vec::with_capacity(secrets.len());
        for secret in secrets {
            let entry = match read_private(secret.expose()).map_err(cannot)? {
                Some(key) => {
                    let msg = [prefix(ctx).as_bytes(), body].concat();
                    format!(
                        "v1a,{}",
                        Encoding::Base64.encode(&asymmetric::ed25519_sign(&key, &msg))
                    )
                }
                None => v1_signature(&self.key(secret).map_err(cannot)?, body, ctx),
            };
            entries.push(entry);
        }
        Ok(signed_headers(ctx, entries))
    }
}

/// What every entry signs: `<id>.<timestamp>.` before the body.
fn prefix(ctx: &SignContext) -> String {
    format!("{}.{}.", ctx.id, ctx.timestamp)
}

fn v1_signature(key: &[u8], body: &[u8], ctx: &SignContext) -> String {
    let mac = Algorithm::Sha256.mac(key, &[prefix(ctx).as_bytes(), body]);
    format!("v1,{}", Encoding::Base64.encode(&mac))
}

fn signed_headers(ctx: &SignContext, entries: Vec<String>) -> Headers {
    vec![
        (WEBHOOK.id.into(), ctx.id.clone()),
        (WEBHOOK.timestamp.into(), ctx.timestamp.to_string()),
        (WEBHOOK.signature.into(), entries.join(" ")),
    ]
}

/// A private signing key's prefix; a public key's is `whpk_`.
const SIGNING_PREFIX: &str = "whsk_";

/// A `whpk_` public key: base64 of the 32-byte Ed25519 key (the prefix may be left out, as the
/// reference libraries allow).
fn read_public(text: &str) -> Result<ed25519_dalek::VerifyingKey, String> {
    let b64 = text.trim();
    let b64 = b64.strip_prefix("whpk_").unwrap_or(b64);
    let bytes = asymmetric::base64(b64).ok_or_else(|| {
        "a Standard Webhooks public key is whpk_ followed by base64 of 32 bytes".to_string()
    })?;
    asymmetric::ed25519_public(&bytes)
}

/// A `whsk_` private key (base64 of the 32-byte seed, or of the 64 bytes of seed and public key
/// as the JavaScript library writes it); `None` for a secret without the prefix, an HMAC key.
fn read_private(text: &str) -> Result<Option<ed25519_dalek::SigningKey>, String> {
    let Some(b64) = text.trim().strip_prefix(SIGNING_PREFIX) else {
        return Ok(None);
    };
    let bytes = asymmetric::base64(b64)
        .ok_or("a whsk_ key is whsk_ followed by base64 of the 32-byte Ed25519 seed")?;
    asymmetric::ed25519_private(&bytes).map(Some)
}

/// The signature headers of a request, and what their entries are.
struct Signed {
    names: &'static Names,
    value: String,
    /// `<id>.<timestamp>.`
    prefix: Vec<u8>,
    stamp: Stamp,
    /// Entries labelled v1, well-formed or not.
    v1: usize,
    /// Entries labelled v1a, well-formed or not, and the well-formed ones' signatures.
    v1a: usize,
    ed25519: Vec<Ed25519Signature>,
    others: usize,
}

impl Signed {
    fn read(req: &Request) -> Result<Signed, Failure> {
        let names = if !req.has(WEBHOOK.signature) && req.has(SVIX.signature) {
            &SVIX
        } else {
            &WEBHOOK
        };
        let id = req.require(names.id)?;
        let ts_text = req.require(names.timestamp)?;
        let value = req.require(names.signature)?;
        let ts = unix_timestamp(names.timestamp, ts_text)?;
        let mut signed = Signed {
            names,
            value: value.to_string(),
            prefix: format!("{id}.{ts}.").into_bytes(),
            stamp: Stamp {
                at: ts,
                window: Window::Both,
                tolerance: 300,
            },
            v1: 0,
            v1a: 0,
            ed25519: Vec::new(),
            others: 0,
        };
        for entry in value.split_whitespace() {
            match entry.split_once(',') {
                Some(("v1", _)) => signed.v1 += 1,
                Some(("v1a", sig)) => {
                    signed.v1a += 1;
                    let sig = Encoding::Base64
                        .decode(sig, 64)
                        .and_then(|b| asymmetric::ed25519_signature(&b));
                    signed.ed25519.extend(sig);
                }
                Some(_) => signed.others += 1,
                None => {}
            }
        }
        Ok(signed)
    }
}

#[cfg(test)]
mod tests {
    //! SW1 (key, id, timestamp, body and v1a signature) and the malformed v1a entries are
    //! verbatim from the Go reference library's v1a tests (standard-webhooks PR #253,
    //! `webhook_asymmetric_test.go`); its public key was computed with PyNaCl and
    //! `cryptography` (/work/research/vectors_b.py). The v1 vector on the same message is the
    //! reference libraries' (`STANDARD_SIG` in scheme/tests.rs).
    use super::*;
    use crate::body::Body;
    use crate::scheme::Tolerance;

    const SW1_SECRET: &str = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
    const SW1_PUBLIC: &str = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
    const SW1_SIG: &str = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";
    const V1_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const V1_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TS: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    fn headers(sig: &str) -> Vec<(String, String)> {
        vec![
            ("webhook-id".into(), ID.into()),
            ("webhook-timestamp".into(), TS.to_string()),
            ("webhook-signature".into(), sig.into()),
        ]
    }

    fn check_at(
        sig: &str,
        body: &[u8],
        secrets: &[&str],
        public: &[&str],
        clock: Clock,
    ) -> Result<(), Failure> {
        let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(*s)).collect();
        let public: Vec<PublicKey> = public.iter().map(|k| PublicKey::new(*k)).collect();
        let headers = headers(sig);
        let body = Body::new(body);
        Standard.verify_keys(
            &Request::new(&headers, &body),
            Keys {
                secrets: &secrets,
                public: &public,
            },
            &clock,
        )
    }

    fn check(sig: &str, secrets: &[&str], public: &[&str]) -> Result<(), Failure> {
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        check_at(sig, BODY, secrets, public, clock)
    }

    fn ctx() -> SignContext {
        SignContext {
            timestamp: TS,
            id: ID.into(),
            url: None,
        }
    }

    #[test]
    fn the_go_librarys_v1a_vector_verifies_and_signs() {
        assert_eq!(check(SW1_SIG, &[], &[SW1_PUBLIC]), Ok(()));
        // The prefix may be left out of the public key, as the reference libraries allow.
        assert_eq!(check(SW1_SIG, &[], &[&SW1_PUBLIC[5..]]), Ok(()));
        let signed = Standard
            .sign_secrets(BODY, &[Secret::new(SW1_SECRET)], &ctx())
            .unwrap();
        assert_eq!(signed, headers(SW1_SIG));
        assert_eq!(
            Standard.public_key_of(&Secret::new(SW1_SECRET)),
            Some(PublicKey::new(SW1_PUBLIC))
        );
    }

    #[test]
    fn a_64_byte_whsk_key_as_the_javascript_library_writes_it_signs_the_same() {
        let seed = asymmetric::base64(&SW1_SECRET[5..]).unwrap();
        let public = asymmetric::base64(&SW1_PUBLIC[5..]).unwrap();
        let long = format!(
            "whsk_{}",
            Encoding::Base64.encode(&[seed.clone(), public].concat())
        );
        let signed = Standard
            .sign_secrets(BODY, &[Secret::new(long)], &ctx())
            .unwrap();
        assert_eq!(signed, headers(SW1_SIG));
        let bad = format!(
            "whsk_{}",
            Encoding::Base64.encode(&[seed, vec![0; 32]].concat())
        );
        let err = Standard
            .sign_secrets(BODY, &[Secret::new(bad)], &ctx())
            .unwrap_err();
        assert!(format!("{err:#}").contains("not the public key"), "{err:#}");
    }

    #[test]
    fn v1a_is_checked_with_a_public_key_and_refused_with_a_secret_alone() {
        let got = check(SW1_SIG, &[V1_SECRET], &[]);
        let Err(Failure::Malformed { header, why, .. }) = &got else {
            panic!("{got:?}")
        };
        assert_eq!(header, "webhook-signature");
        assert!(why.contains("--public-key whpk_"), "{why}");
        // A whsk_ key given to verify is a private key: it says to give the public one.
        let got = check(V1_SIG, &[SW1_SECRET], &[]);
        assert!(
            matches!(&got, Err(Failure::BadSecret { why, .. }) if why.contains("--public-key")),
            "{got:?}"
        );
    }

    #[test]
    fn any_entry_the_keys_given_can_check_may_match() {
        let both = format!("{V1_SIG} {SW1_SIG}");
        assert_eq!(
            check(&both, &[V1_SECRET], &[]),
            Ok(()),
            "v1 with the secret"
        );
        assert_eq!(check(&both, &[], &[SW1_PUBLIC]), Ok(()), "v1a with the key");
        assert_eq!(check(&both, &[V1_SECRET], &[SW1_PUBLIC]), Ok(()));
        // One kind wrong, the other right: still valid.
        let other_public = Standard
            .public_key_of(&Secret::new(format!(
                "whsk_{}",
                Encoding::Base64.encode(&[9; 32])
            )))
            .unwrap();
        assert_eq!(check(&both, &[V1_SECRET], &[other_public.text()]), Ok(()));
        assert_eq!(check(&both, &["whsec_b3RoZXI="], &[SW1_PUBLIC]), Ok(()));
        // The Go tests' header: the valid v1a entry third of four.
        let four = format!(
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SW1_SIG} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        );
        assert_eq!(check(&four, &[], &[SW1_PUBLIC]), Ok(()));
        // Both wrong: a mismatch.
        let got = check(&both, &["whsec_b3RoZXI="], &[other_public.text()]);
        assert!(matches!(got, Err(Failure::Mismatch { .. })), "{got:?}");
    }

    #[test]
    fn tampering_a_wrong_key_and_malformed_entries() {
        let tampered = check_at(
            SW1_SIG,
            br#"{"test": 2432232315}"#,
            &[],
            &[SW1_PUBLIC],
            Clock {
                now: TS,
                tolerance: Tolerance::Platform,
            },
        );
        assert!(
            matches!(&tampered, Err(Failure::Mismatch { hint: Some(h) }) if h == asymmetric::NO_KEY_VERIFIES),
            "{tampered:?}"
        );
        let other = "whpk_6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=";
        assert!(matches!(
            check(SW1_SIG, &[], &[other]),
            Err(Failure::Mismatch { .. })
        ));
        // The Go tests' malformed entries: a v1a of the wrong length, and an empty one.
        for bad in ["v1a,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v1a,"] {
            let got = check(bad, &[], &[SW1_PUBLIC]);
            assert!(
                matches!(&got, Err(Failure::Malformed { why, .. }) if why.contains("64 bytes")),
                "{bad}: {got:?}"
            );
        }
        // Only v1 entries and only a public key: it says the secret would check them.
        let got = check(V1_SIG, &[], &[SW1_PUBLIC]);
        assert!(
            matches!(&got, Err(Failure::Malformed { why, .. }) if why.contains("--secret")),
            "{got:?}"
        );
        let got = check(
            SW1_SIG,
            &[],
            &["d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"],
        );
        assert!(matches!(got, Err(Failure::BadPublicKey { .. })), "{got:?}");
    }

    #[test]
    fn missing_headers_and_the_window_apply_to_v1a_too() {
        let public = [PublicKey::new(SW1_PUBLIC)];
        let keys = Keys {
            secrets: &[],
            public: &public,
        };
        let clock = Clock {
            now: TS,
            tolerance: Tolerance::Platform,
        };
        for missing in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            let hs: Vec<_> = headers(SW1_SIG)
                .into_iter()
                .filter(|(n, _)| n != missing)
                .collect();
            let body = Body::new(BODY);
            assert_eq!(
                Standard.verify_keys(&Request::new(&hs, &body), keys, &clock),
                Err(Failure::MissingHeader(missing.into()))
            );
        }
        for (now, ok) in [(TS + 300, true), (TS + 301, false), (TS - 301, false)] {
            let clock = Clock {
                now,
                tolerance: Tolerance::Platform,
            };
            let got = check_at(SW1_SIG, BODY, &[], &[SW1_PUBLIC], clock);
            assert_eq!(got.is_ok(), ok, "{now}: {got:?}");
            if !ok {
                assert!(matches!(got, Err(Failure::Timestamp { .. })), "{got:?}");
            }
        }
        // svix-* names carry v1a entries the same way.
        let svix: Vec<_> = headers(SW1_SIG)
            .into_iter()
            .map(|(n, v)| (n.replace("webhook-", "svix-"), v))
            .collect();
        let body = Body::new(BODY);
        let clock = Clock {
            now: TS,
            tolerance: Tolerance::Off,
        };
        assert_eq!(
            Standard.verify_keys(&Request::new(&svix, &body), keys, &clock),
            Ok(())
        );
    }

    #[test]
    fn signing_with_whsec_and_whsk_makes_v1_and_v1a_entries() {
        let secrets = [Secret::new(V1_SECRET), Secret::new(SW1_SECRET)];
        let signed = Standard.sign_secrets(BODY, &secrets, &ctx()).unwrap();
        assert_eq!(signed, headers(&format!("{V1_SIG} {SW1_SIG}")));
        // The v1-only path is unchanged.
        let v1 = Standard
            .sign(BODY, &[Standard.key(&secrets[0]).unwrap()], &ctx())
            .unwrap();
        assert_eq!(v1, headers(V1_SIG));
        let err = Standard
            .sign_secrets(BODY, &[Secret::new("whsk_%%%")], &ctx())
            .unwrap_err();
        assert!(format!("{err:#}").contains("base64"), "{err:#}");
    }

    #[test]
    fn sign_then_verify_round_trips_and_one_byte_changed_fails() {
        let key = Secret::new(format!("whsk_{}", Encoding::Base64.encode(&[42; 32])));
        let public = Standard.public_key_of(&key).unwrap();
        let body = br#"{"type":"invoice.paid","data":{"id":"inv_1"}}"#;
        let ctx = SignContext {
            timestamp: 1_767_225_600,
            id: "msg_round_trip".into(),
            url: None,
        };
        let signed = Standard
            .sign_secrets(body, std::slice::from_ref(&key), &ctx)
            .unwrap();
        let keys = [public];
        let verify = |b: &[u8]| {
            let body = Body::new(b);
            Standard.verify_keys(
                &Request::new(&signed, &body),
                Keys {
                    secrets: &[],
                    public: &keys,
                },
                &Clock {
                    now: 1_767_225_600,
                    tolerance: Tolerance::Platform,
                },
            )
        };
        assert_eq!(verify(body), Ok(()));
        for i in 0..body.len() {
            let mut changed = body.to_vec();
            changed[i] ^= 1;
            assert!(verify(&changed).is_err(), "{i}");
        }
    }
}
