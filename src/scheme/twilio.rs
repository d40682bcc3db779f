//! `twilio`: `X-Twilio-Signature`, base64 HMAC-SHA1 of the URL Twilio called followed, for a
//! form body, by every parameter sorted by name (name then value, repeated names' values
//! sorted). A JSON body is not in the string: the URL carries `bodySHA256`, which must be the
//! body's hex SHA-256. The URL is the public one (`--public-url`); like Twilio's own
//! validators, it is tried as given, without its port, and with the default port.

use sha2::Digest;

use super::platform::{Detect, Platform, Row};
use super::{
    Algorithm, Clock, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext,
};
use crate::body::Body;
use crate::secret::Secret;

const HEADER: &str = "X-Twilio-Signature";
/// Names the algorithm of a SharedKey signature (`key=…,algorithm=HMAC_SHA256`); without it,
/// the Auth Token's HMAC-SHA1.
const SETTINGS: &str = "X-Twilio-Webhooks-Signature-Settings";

/// The algorithm the request says it is signed with, as twilio-python's
/// `get_signature_algorithm` reads it; `Err` names one hookscope does not know.
fn algorithm(req: &Request) -> Result<Algorithm, Failure> {
    let named = req.header(SETTINGS).and_then(|v| {
        v.split(',').find_map(|part| {
            let (k, v) = part.split_once('=')?;
            (k.trim() == "algorithm" && !v.trim().is_empty()).then(|| v.trim().to_string())
        })
    });
    match named.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("HMAC_SHA1") => Ok(Algorithm::Sha1),
        Some("HMAC_SHA256") => Ok(Algorithm::Sha256),
        Some(other) => Err(Failure::Malformed {
            header: SETTINGS.into(),
            why: format!("algorithm {other} is not one Twilio documents (HMAC_SHA1, HMAC_SHA256)"),
            hint: None,
        }),
    }
}

pub static PLATFORM: Platform = Platform {
    name: "twilio",
    about: "Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)",
    row: Row {
        platform: "Twilio",
        headers: "`X-Twilio-Signature`",
        signed: "`--public-url` + path, then the form's parameters sorted (JSON: `bodySHA256` in the URL)",
        encoding: "HMAC-SHA1 base64 (HMAC-SHA256 for a SharedKey, as `X-Twilio-Webhooks-Signature-Settings` says)",
        window: "none",
        event: "`CallStatus`, `SmsStatus` or `MessageStatus`",
    },
    key: "the auth token; `--public-url`",
    detect: Detect::headers(&[HEADER]),
    event: |r| {
        ["CallStatus", "SmsStatus", "MessageStatus"]
            .iter()
            .find_map(|f| r.body.string(&[f]))
    },
    delivery_id: |r| r.header("i-twilio-idempotency-token"),
    scheme: |_| Ok(Box::new(Twilio)),
    signs_url: true,
    ..Platform::NOTIFIES
};

pub struct Twilio;

/// The URL as given, without an explicit port, and with the scheme's default port: Twilio
/// may have signed any of them.
fn url_forms(url: &str) -> Vec<String> {
    let mut forms = vec![url.to_string()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return forms;
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.chars().all(|c| c.is_ascii_digit()));
    if has_port {
        let without = authority.rsplit_once(':').map_or(authority, |(a, _)| a);
        forms.push(format!("{scheme}://{without}{tail}"));
    } else {
        let port = if scheme == "https" { 443 } else { 80 };
        forms.push(format!("{scheme}://{authority}:{port}{tail}"));
    }
    forms
}

/// What follows the URL: a form's parameters, sorted by name and then value, a value given
/// twice under one name once, each written name then value.
fn params(body: &Body) -> String {
    let mut pairs: Vec<(String, String)> = body.pairs().to_vec();
    pairs.sort();
    pairs.dedup();
    pairs.into_iter().map(|(k, v)| k + &v).collect()
}

/// The URL's `bodySHA256` parameter, if it has one.
fn body_sha256(url: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "bodySHA256")
        .map(|(_, v)| v.into_owned())
}

impl Scheme for Twilio {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, _req: &Request) -> Result<Found, Failure> {
        // Not used: `verify` below tries each form of the URL itself.
        Err(Failure::MissingHeader(HEADER.into()))
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let url = ctx
            .url
            .as_deref()
            .ok_or("twilio signs the URL it calls: give it with --public-url (and --path)")?;
        let body = Body::new(body);
        let signed = if body.is_form() || body.bytes().is_empty() {
            format!("{url}{}", params(&body))
        } else {
            let want = hex::encode(sha2::Sha256::digest(body.bytes()));
            match body_sha256(url) {
                Some(got) if got == want => url.to_string(),
                _ => return Err(format!("a Twilio request with a JSON body carries its SHA-256 in the URL: add ?bodySHA256={want} to --path")),
            }
        };
        let mac = Algorithm::Sha1.mac(&keys[0], &[signed.as_bytes()]);
        Ok(vec![(HEADER.into(), Encoding::Base64.encode(&mac))])
    }

    fn verify(&self, req: &Request, secrets: &[Secret], _clock: &Clock) -> Result<(), Failure> {
        if secrets.is_empty() {
            return Err(Failure::NoSecret {
                scheme: Kind(&PLATFORM),
            });
        }
        let value = req.require(HEADER)?;
        let url = req.public_url(Kind(&PLATFORM))?;
        let alg = algorithm(req)?;
        let Some(mac) = Encoding::Base64.decode(value, alg.mac_len()) else {
            return Err(Failure::Malformed {
                header: HEADER.into(),
                why: format!(
                    "expected {} base64 characters (the base64 of an {}), found {}",
                    alg.mac_len().div_ceil(3) * 4,
                    alg.name(),
                    value.chars().count()
                ),
                hint: None,
            });
        };
        let mut found = Found::new(alg);
        found.claim(mac);
        let signs = |text: &str| {
            secrets.iter().fold(false, |acc, s| {
                acc | alg.matches_any(s.expose().as_bytes(), &[text.as_bytes()], &found.macs)
            })
        };
        // An empty body has no parameters: the URL alone is signed (Twilio's status callbacks).
        let form = req.body.is_form() || req.bytes().is_empty();
        let tail = if form {
            params(req.body)
        } else {
            String::new()
        };
        if url_forms(url).iter().any(|u| signs(&format!("{u}{tail}"))) {
            if !form {
                let want = hex::encode(sha2::Sha256::digest(req.bytes()));
                if body_sha256(url).as_deref() != Some(want.as_str()) {
                    return Err(Failure::Mismatch {
                        hint: Some(format!("the URL is signed, but its bodySHA256 is not the body's SHA-256 ({want}): the body changed, or the URL carries none")),
                    });
                }
            }
            return Ok(());
        }
        Err(Failure::Mismatch {
            hint: Some(format!(
                "none of the secrets given makes this signature for {} with or without its port{}; check --public-url against the URL set in Twilio",
                crate::render::line(url),
                if form { " and these form parameters" } else { "" }
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::headers;
    use crate::scheme::Tolerance;

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const FORM: &[u8] = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";

    fn check(sig: &str, url: &str, body: &[u8], token: &str) -> Result<(), Failure> {
        let h = headers(&[(HEADER, sig)]);
        let body = Body::new(body);
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        Twilio.verify(
            &Request::new(&h, &body).at(Some(url)),
            &[Secret::new(token)],
            &clock,
        )
    }

    /// twilio-python's `tests/unit/test_request_validator.py` (and twilio-node's
    /// `spec/validation.spec.js`): the five parameters, then the port cases.
    #[test]
    fn twilios_own_vectors() {
        assert_eq!(
            check("RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, FORM, "12345"),
            Ok(())
        );
        // Signed with :443 while the validator is given no port, and the other way round.
        assert_eq!(
            check("kvajT1Ptam85bY51eRf/AJRuM3w=", URL, FORM, "12345"),
            Ok(())
        );
        assert_eq!(
            check(
                "0ZXoZLH/DfblKGATFgpif+LLRf4=",
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                FORM,
                "12345"
            ),
            Ok(())
        );
        assert_eq!(
            check(
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                FORM,
                "12345"
            ),
            Ok(())
        );
        assert_eq!(
            check(
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
                "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
                FORM,
                "12345"
            ),
            Ok(())
        );
        // Repeated names: their values sorted, each value once.
        let multi = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234";
        assert_eq!(
            check("IK+Dwps556ElfBT0I3Rgjkr1wJU=", URL, multi, "12345"),
            Ok(())
        );
        assert!(check("RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, FORM, "54321").is_err());
        assert!(check(
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "https://mycompany.com/myapp.php?foo=2&bar=2",
            FORM,
            "12345"
        )
        .is_err());
        let fewer =
            b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309";
        assert!(check("RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, fewer, "12345").is_err());
    }

    /// The same tests' JSON body: its SHA-256 in the URL, and the URL alone signed.
    #[test]
    fn a_json_body_is_held_by_its_sha256() {
        let body = br#"{"property": "value", "boolean": true}"#;
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assert_eq!(
            check("a9nBmqA0ju/hNViExpshrM61xv4=", url, body, "12345"),
            Ok(())
        );
        let changed = br#"{"property": "value", "boolean": false}"#;
        let got = check("a9nBmqA0ju/hNViExpshrM61xv4=", url, changed, "12345");
        assert!(
            matches!(&got, Err(Failure::Mismatch { hint: Some(h) }) if h.contains("bodySHA256")),
            "{got:?}"
        );
        // twilio-node's empty body, signed with :443.
        let empty = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
        assert_eq!(
            check("Ldidvp12m26NI7eqEvxnEpkd9Hc=", empty, b"{}", "12345"),
            Ok(())
        );
    }

    /// A SharedKey signature (the header names HMAC_SHA256): twilio-python 9.13's
    /// `compute_signature(..., algorithm="HMAC_SHA256")` for the same URL and parameters.
    #[test]
    fn a_shared_key_signature_is_hmac_sha256() {
        let h = headers(&[
            (HEADER, "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s="),
            (SETTINGS, "key=webhooks_sharedkey_x,algorithm=HMAC_SHA256"),
        ]);
        let body = Body::new(FORM);
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        let req = Request::new(&h, &body).at(Some(URL));
        assert_eq!(Twilio.verify(&req, &[Secret::new("12345")], &clock), Ok(()));
        assert!(Twilio
            .verify(&req, &[Secret::new("54321")], &clock)
            .is_err());
        let odd = headers(&[(HEADER, "x"), (SETTINGS, "algorithm=HMAC_MD5")]);
        let got = Twilio.verify(
            &Request::new(&odd, &body).at(Some(URL)),
            &[Secret::new("1")],
            &clock,
        );
        assert!(
            matches!(got, Err(Failure::Malformed { ref header, .. }) if header == SETTINGS),
            "{got:?}"
        );
    }

    #[test]
    fn what_is_missing_is_named() {
        let h = headers(&[]);
        let body = Body::new(FORM);
        let clock = Clock {
            now: 0,
            tolerance: Tolerance::Off,
        };
        let s = [Secret::new("12345")];
        assert_eq!(
            Twilio.verify(&Request::new(&h, &body).at(Some(URL)), &s, &clock),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        let h = headers(&[(HEADER, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]);
        assert_eq!(
            Twilio.verify(&Request::new(&h, &body), &s, &clock),
            Err(Failure::NoPublicUrl {
                scheme: Kind(&PLATFORM),
                forwarded: None,
            })
        );
        let bad = headers(&[(HEADER, "RSOY")]);
        assert!(matches!(
            Twilio.verify(&Request::new(&bad, &body).at(Some(URL)), &s, &clock),
            Err(Failure::Malformed { .. })
        ));
        let ctx = SignContext {
            timestamp: 0,
            id: String::new(),
            url: Some(URL.into()),
        };
        assert_eq!(
            Twilio.sign(FORM, &[b"12345".to_vec()], &ctx).unwrap()[0].1,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
        let json_ctx = SignContext {
            timestamp: 0,
            id: String::new(),
            url: Some(URL.into()),
        };
        assert!(Twilio
            .sign(b"{}", &[b"12345".to_vec()], &json_ctx)
            .unwrap_err()
            .contains("bodySHA256=44136fa3"));
    }
}
