//! `sendgrid`: Twilio SendGrid's signed Event Webhook. `X-Twilio-Email-Event-Webhook-Signature`
//! is base64 of a DER ECDSA P-256/SHA-256 signature over the
//! `X-Twilio-Email-Event-Webhook-Timestamp` header's text followed by the raw body, checked with
//! the verification key SendGrid shows (base64 DER SubjectPublicKeyInfo; PEM too). SendGrid's
//! signatures are often high-S, and are accepted as they are. Its libraries check no window,
//! and neither does this.

use super::asymmetric;
use super::platform::{CheckedWith, Detect, Platform, Row};
use super::values::unix_timestamp;
use super::{Clock, Encoding, Failure, Headers, Keys, Kind, Request, Scheme, SignContext};
use crate::secret::{PublicKey, Secret};

const SIGNATURE: &str = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

pub static PLATFORM: Platform = Platform {
    name: "sendgrid",
    about: "Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)",
    row: Row {
        platform: "Twilio SendGrid (signed Event Webhook)",
        headers: "`X-Twilio-Email-Event-Webhook-Signature`, `X-Twilio-Email-Event-Webhook-Timestamp`",
        signed: "`t` + body",
        encoding: "ECDSA P-256, base64 DER; `--public-key` is the verification key (base64 DER or PEM)",
        window: "none",
        event: "each event's `event`, joined with `,`",
    },
    detect: Detect::headers(&[SIGNATURE]),
    event: events,
    checked_with: CheckedWith::PublicKey,
    scheme: |_| Ok(Box::new(SendGrid)),
    ..Platform::NOTIFIES
};

/// A delivery is a JSON array of events: their `event` names, each once, in order
/// (`processed,delivered`).
fn events(r: &Request) -> Option<String> {
    let tree = r.body.tree()?;
    let mut names: Vec<&str> = Vec::new();
    for e in tree
        .as_array()
        .map_or(std::slice::from_ref(tree), Vec::as_slice)
    {
        if let Some(name) = e.get("event").and_then(|v| v.as_str()) {
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    (!names.is_empty()).then(|| names.join(","))
}

pub struct SendGrid;

impl Scheme for SendGrid {
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
        let keys = asymmetric::read_keys(self.kind(), keys.public, asymmetric::p256_public)?;
        let value = req.require(SIGNATURE)?;
        let ts = req.require(TIMESTAMP)?;
        unix_timestamp(TIMESTAMP, ts)?;
        let sig = asymmetric::base64(value)
            .and_then(|der| asymmetric::p256_signature(&der))
            .ok_or_else(|| Failure::Malformed {
                header: SIGNATURE.into(),
                why: "expected base64 of a DER-encoded ECDSA signature (MEUC… or MEYC…)".into(),
                hint: None,
            })?;
        asymmetric::check(
            &keys,
            &[sig],
            ts.as_bytes(),
            req.bytes(),
            None,
            clock,
            asymmetric::p256_verifies,
        )
    }

    fn reads_public_key(&self, key: &PublicKey) -> Result<(), String> {
        asymmetric::p256_public(key.text()).map(|_| ())
    }

    fn public_key_of(&self, secret: &Secret) -> Option<PublicKey> {
        use p256::pkcs8::EncodePublicKey as _;
        let key = asymmetric::p256_private(secret.expose()).ok()?;
        let der = key.verifying_key().to_public_key_der().ok()?;
        Some(PublicKey::new(Encoding::Base64.encode(der.as_bytes())))
    }

    /// The private scalar's 32 bytes.
    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        asymmetric::p256_private(secret.expose()).map(|k| k.to_bytes().to_vec())
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let key = p256::ecdsa::SigningKey::from_slice(&keys[0])
            .map_err(|_| "not a P-256 private key".to_string())?;
        let ts = ctx.timestamp.to_string();
        let sig = asymmetric::p256_sign(&key, &[ts.as_bytes(), body].concat());
        Ok(vec![
            (SIGNATURE.into(), Encoding::Base64.encode(&sig)),
            (TIMESTAMP.into(), ts),
        ])
    }
}

#[cfg(test)]
mod tests {
    //! SG1 and SG2 are verbatim from SendGrid's SDK tests: SG1 from both sendgrid-nodejs
    //! (`packages/eventwebhook/src/eventwebhook.spec.js`) and sendgrid-python
    //! (`test/unit/test_eventwebhook.py`), SG2 from sendgrid-nodejs; so are the negative cases
    //! (another key, the body `payload`, another signature). Both signatures are high-S. ECDSA
    //! signatures from SendGrid are randomised, so signing is tested by round trips.
    use super::*;
    use crate::body::Body;
    use crate::scheme::Tolerance;

    const SG1_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    const SG1_TS: &str = "1600112502";
    const SG1_SIG: &str = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    const SG1_BODY: &[u8] = b"[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\",\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\",\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";
    const SG2_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==";
    const SG2_TS: &str = "1619651159";
    const SG2_SIG: &str = "MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5";
    const SG2_BODY: &[u8] = b"[{\"email\":\"invalid@gmail.com\",\"event\":\"processed\",\"send_at\":0,\"sg_event_id\":\"cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"timestamp\":1619651146},\r\n{\"email\":\"invalid@gmail.com\",\"event\":\"bounce\",\"ip\":\"167.89.101.76\",\"reason\":\"552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp\",\"sg_event_id\":\"Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"status\":\"5.2.2\",\"timestamp\":1619651147,\"tls\":1,\"type\":\"blocked\"}]\r\n";
    /// The SDK tests' "wrong key" and "wrong signature".
    const OTHER_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==";
    const OTHER_SIG: &str = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=";

    const CLOCK: Clock = Clock {
        now: 0,
        tolerance: Tolerance::Platform,
    };

    fn headers(sig: &str, ts: &str) -> Vec<(String, String)> {
        vec![
            (SIGNATURE.into(), sig.into()),
            (TIMESTAMP.into(), ts.into()),
        ]
    }

    fn check(headers: &[(String, String)], body: &[u8], public: &[&str]) -> Result<(), Failure> {
        let public: Vec<PublicKey> = public.iter().map(|k| PublicKey::new(*k)).collect();
        let body = Body::new(body);
        SendGrid.verify_keys(
            &Request::new(headers, &body),
            Keys {
                secrets: &[],
                public: &public,
            },
            &CLOCK,
        )
    }

    /// A PEM wrapping of a base64 DER key, 64 characters a line.
    fn pem(label: &str, b64: &str) -> String {
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    #[test]
    fn the_sdk_vectors_verify() {
        assert_eq!(
            check(&headers(SG1_SIG, SG1_TS), SG1_BODY, &[SG1_KEY]),
            Ok(())
        );
        assert_eq!(
            check(&headers(SG2_SIG, SG2_TS), SG2_BODY, &[SG2_KEY]),
            Ok(())
        );
        // The key as PEM, as sendgrid-python wraps it.
        let pem = pem("PUBLIC KEY", SG1_KEY);
        assert_eq!(check(&headers(SG1_SIG, SG1_TS), SG1_BODY, &[&pem]), Ok(()));
    }

    #[test]
    fn sendgrids_signatures_are_high_s_and_accepted_as_they_are() {
        for sig in [SG1_SIG, SG2_SIG] {
            let der = asymmetric::base64(sig).unwrap();
            let raw = p256::ecdsa::Signature::from_der(&der).unwrap();
            assert!(raw.normalize_s().is_some(), "{sig} is high-S");
        }
    }

    #[test]
    fn the_sdk_negative_cases_are_refused() {
        let mismatch = |got: Result<(), Failure>| matches!(got, Err(Failure::Mismatch { .. }));
        let sg1 = headers(SG1_SIG, SG1_TS);
        assert!(mismatch(check(&sg1, SG1_BODY, &[OTHER_KEY])), "wrong key");
        assert!(
            mismatch(check(&sg1, b"payload", &[SG1_KEY])),
            "tampered body"
        );
        assert!(
            mismatch(check(&headers(OTHER_SIG, SG1_TS), SG1_BODY, &[SG1_KEY])),
            "wrong signature"
        );
        // The SDKs' "timestamp" timestamp: here a malformed header rather than a mismatch.
        assert!(matches!(
            check(&headers(SG1_SIG, "timestamp"), SG1_BODY, &[SG1_KEY]),
            Err(Failure::Malformed { .. })
        ));
        assert!(mismatch(check(
            &headers(SG1_SIG, "1600112503"),
            SG1_BODY,
            &[SG1_KEY]
        )));
    }

    #[test]
    fn a_newline_added_in_transit_is_named() {
        let mut body = SG1_BODY.to_vec();
        body.push(b'\n');
        let got = check(&headers(SG1_SIG, SG1_TS), &body, &[SG1_KEY]);
        assert_eq!(
            got.unwrap_err().to_string(),
            "signature mismatch: signature matches the body with its trailing newline removed"
        );
    }

    #[test]
    fn missing_and_malformed_headers() {
        let only_ts = vec![(TIMESTAMP.to_string(), SG1_TS.to_string())];
        assert_eq!(
            check(&only_ts, SG1_BODY, &[SG1_KEY]),
            Err(Failure::MissingHeader(SIGNATURE.into()))
        );
        let only_sig = vec![(SIGNATURE.to_string(), SG1_SIG.to_string())];
        assert_eq!(
            check(&only_sig, SG1_BODY, &[SG1_KEY]),
            Err(Failure::MissingHeader(TIMESTAMP.into()))
        );
        for bad in ["not base64!", "AAAA", &SG1_SIG[..40]] {
            let got = check(&headers(bad, SG1_TS), SG1_BODY, &[SG1_KEY]);
            assert!(
                matches!(&got, Err(Failure::Malformed { why, .. }) if why.contains("DER")),
                "{bad}: {got:?}"
            );
        }
    }

    #[test]
    fn keys_it_cannot_read_are_named() {
        let got = check(&headers(SG1_SIG, SG1_TS), SG1_BODY, &["d75a98"]);
        assert!(
            matches!(&got, Err(Failure::BadPublicKey { why, .. }) if why.contains("SubjectPublicKeyInfo")),
            "{got:?}"
        );
        // Rotation: the old key and the new, either may match.
        assert_eq!(
            check(&headers(SG1_SIG, SG1_TS), SG1_BODY, &[OTHER_KEY, SG1_KEY]),
            Ok(())
        );
        assert!(SendGrid.reads_public_key(&PublicKey::new(SG2_KEY)).is_ok());
        assert!(SendGrid
            .reads_public_key(&PublicKey::new("whpk_x"))
            .is_err());
    }

    /// A test key made with `cryptography` (PKCS#8 DER, base64), its public key, and the
    /// signature `cryptography` makes with RFC 6979 nonces (`ECDSA(SHA256(),
    /// deterministic_signing=True)`) over `1767225600` + [`ROUND_TRIP_BODY`]: COMPUTED, not
    /// SendGrid's. p256 also signs with RFC 6979 nonces, so the two must agree byte for byte.
    const TEST_PRIVATE: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtlYlA6ckmN8x2ZOg0LJMna7upKAIE7OWEH2sD7PZDtWhRANCAATFySS7Qn1JLr5RT4qgRpcSVH7c+xWA2j9S/i+mP9K5yI5cqKmUxE4arW7zTM5u7dO7uphSjt5ohSjtL2TY5llC";
    const TEST_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExckku0J9SS6+UU+KoEaXElR+3PsVgNo/Uv4vpj/SuciOXKiplMROGq1u80zObu3Tu7qYUo7eaIUo7S9k2OZZQg==";
    const TEST_SIG: &str = "MEUCIQCcx++9EN67nj+rE5nNPjnW+rrJdPkBeklzWC2m4EdQqQIgN7bIkVZNbMu0V3BCnAW7MxfPAAwlZXYuCPVSWjNrMcU=";
    const ROUND_TRIP_BODY: &[u8] = b"[{\"email\":\"a@example.com\",\"event\":\"delivered\"}]\r\n";

    #[test]
    fn sign_agrees_with_cryptographys_rfc6979_signature() {
        let secret = Secret::new(TEST_PRIVATE);
        assert_eq!(
            SendGrid.public_key_of(&secret),
            Some(PublicKey::new(TEST_PUBLIC))
        );
        let ctx = SignContext {
            timestamp: 1_767_225_600,
            id: String::new(),
            url: None,
        };
        let signed = SendGrid
            .sign_secrets(ROUND_TRIP_BODY, &[secret], &ctx)
            .unwrap();
        assert_eq!(signed, headers(TEST_SIG, "1767225600"));
    }

    #[test]
    fn sign_then_verify_round_trips_with_der_and_pem_keys() {
        let ctx = SignContext {
            timestamp: 1_767_225_600,
            id: String::new(),
            url: None,
        };
        let body = ROUND_TRIP_BODY;
        for secret in [TEST_PRIVATE.to_string(), pem("PRIVATE KEY", TEST_PRIVATE)] {
            let secret = Secret::new(secret);
            let public = SendGrid.public_key_of(&secret).unwrap();
            let signed = SendGrid
                .sign_secrets(body, std::slice::from_ref(&secret), &ctx)
                .unwrap();
            assert_eq!(signed[1], (TIMESTAMP.into(), "1767225600".into()));
            assert_eq!(check(&signed, body, &[public.text()]), Ok(()));
            assert!(check(&signed, b"[]\r\n", &[public.text()]).is_err());
            assert!(check(&signed, body, &[SG1_KEY]).is_err());
        }
        assert!(SendGrid
            .key(&Secret::new("bm90IGEga2V5"))
            .unwrap_err()
            .contains("PKCS#8"));
    }

    #[test]
    fn event_names_are_the_batchs_events() {
        let name = |body: &[u8]| {
            let b = Body::new(body);
            let headers = Vec::new();
            events(&Request::new(&headers, &b))
        };
        assert_eq!(name(SG1_BODY).as_deref(), Some("dropped"));
        assert_eq!(name(SG2_BODY).as_deref(), Some("processed,bounce"));
        assert_eq!(
            name(br#"[{"event":"open"},{"event":"open"},{"event":"click"}]"#).as_deref(),
            Some("open,click")
        );
        assert_eq!(name(b"[]"), None);
    }
}
