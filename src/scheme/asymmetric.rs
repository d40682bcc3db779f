//! What the schemes that sign with a private key share (`discord`, `sendgrid`, `standard`'s
//! v1a): reading Ed25519 and P-256 keys in the forms the platforms show them, and the check of a
//! request's signatures against the public keys given: any key that verifies any signature, then
//! the timestamp window; otherwise the usual accident that explains the mismatch. The
//! cryptography is ed25519-dalek's and p256's; nothing here computes a signature by hand.

use base64::Engine as _;
use ed25519_dalek::Signer as _;
use p256::ecdsa::signature::Verifier as _;
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};

use super::engine::{body_variants, within_window};
use super::{Clock, Failure, Kind, Stamp};
use crate::secret::PublicKey;

/// What a mismatch says when no body variant explains it.
pub const NO_KEY_VERIFIES: &str = "none of the public keys given verifies this signature for this body (another key signed it, or the body changed after signing)";

/// The public keys a scheme can read, or why it has none: none given, or none of those given
/// is written the way this scheme's keys are (a file may hold several platforms' keys; each
/// scheme takes those it can read).
pub fn read_keys<K>(
    kind: Kind,
    public: &[PublicKey],
    read: impl Fn(&str) -> Result<K, String>,
) -> Result<Vec<K>, Failure> {
    if public.is_empty() {
        return Err(Failure::NoPublicKey { scheme: kind });
    }
    let mut keys = Vec::new();
    let mut why = None;
    for key in public {
        match read(key.text()) {
            Ok(k) => keys.push(k),
            Err(e) => why = Some(e),
        }
    }
    if keys.is_empty() {
        return Err(Failure::BadPublicKey {
            scheme: kind,
            why: why.unwrap_or_default(),
        });
    }
    Ok(keys)
}

/// Checks signatures over `prefix ‖ body`: valid when any key verifies any of them and the
/// timestamp (if signed) is within its window. Otherwise, a body the sender may have signed
/// instead (a newline added or removed, other line ends, JSON re-serialised) is named when a
/// signature verifies it.
pub fn check<K, S>(
    keys: &[K],
    sigs: &[S],
    prefix: &[u8],
    body: &[u8],
    stamp: Option<Stamp>,
    clock: &Clock,
    verifies: impl Fn(&K, &S, &[u8]) -> bool,
) -> Result<(), Failure> {
    let signed = |body: &[u8]| {
        let msg = [prefix, body].concat();
        keys.iter()
            .any(|k| sigs.iter().any(|s| verifies(k, s, &msg)))
    };
    if signed(body) {
        return within_window(stamp, clock);
    }
    let hint = body_variants(body)
        .into_iter()
        .find(|(variant, _)| signed(variant))
        .map_or_else(
            || NO_KEY_VERIFIES.to_string(),
            |(_, note)| format!("signature matches the body {note}"),
        );
    Err(Failure::Mismatch { hint: Some(hint) })
}

/// Standard base64, padded or not (Standard Webhooks' Python library pads what it reads).
pub fn base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    STANDARD
        .decode(text)
        .or_else(|_| STANDARD_NO_PAD.decode(text))
        .ok()
}

// ---- Ed25519 ---------------------------------------------------------------------------------

/// An Ed25519 signature: 64 bytes.
pub type Ed25519Signature = ed25519_dalek::Signature;

pub fn ed25519_signature(bytes: &[u8]) -> Option<Ed25519Signature> {
    Ed25519Signature::from_slice(bytes).ok()
}

/// An Ed25519 public key from its 32 bytes.
pub fn ed25519_public(bytes: &[u8]) -> Result<ed25519_dalek::VerifyingKey, String> {
    let bytes: &[u8; 32] = bytes.try_into().map_err(|_| {
        format!(
            "an Ed25519 public key is 32 bytes, and this one is {}",
            bytes.len()
        )
    })?;
    ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| {
        "these 32 bytes are not an Ed25519 public key (not a point of the curve)".into()
    })
}

/// An Ed25519 private key from its 32-byte seed, or from the 64 bytes of seed and public key
/// (libsodium's and stablelib's form), whose second half must be the first's public key.
pub fn ed25519_private(bytes: &[u8]) -> Result<ed25519_dalek::SigningKey, String> {
    match bytes.len() {
        32 => Ok(ed25519_dalek::SigningKey::from_bytes(
            bytes.try_into().expect("32 bytes"),
        )),
        64 => {
            let key = ed25519_dalek::SigningKey::from_bytes(
                bytes[..32].try_into().expect("32 bytes"),
            );
            if key.verifying_key().as_bytes() != &bytes[32..] {
                return Err("of its 64 bytes, the last 32 are not the public key of the first 32 (the seed)".into());
            }
            Ok(key)
        }
        n => Err(format!(
            "an Ed25519 private key is a 32-byte seed (or 64 bytes: seed and public key), and this one is {n} bytes"
        )),
    }
}

/// Verified as RFC 8032 and libsodium do: a non-canonical signature or a small-order key is
/// refused (ed25519-dalek's `verify_strict`).
pub fn ed25519_verifies(
    key: &ed25519_dalek::VerifyingKey,
    sig: &Ed25519Signature,
    msg: &[u8],
) -> bool {
    key.verify_strict(msg, sig).is_ok()
}

pub fn ed25519_sign(key: &ed25519_dalek::SigningKey, msg: &[u8]) -> [u8; 64] {
    key.sign(msg).to_bytes()
}

// ---- ECDSA P-256 -----------------------------------------------------------------------------

fn is_pem(text: &str) -> bool {
    text.trim_start().starts_with("-----BEGIN ")
}

/// A P-256 public key: base64 of its DER SubjectPublicKeyInfo (as SendGrid shows it), or PEM.
pub fn p256_public(text: &str) -> Result<p256::ecdsa::VerifyingKey, String> {
    const WANT: &str = "a P-256 public key is base64 of its DER SubjectPublicKeyInfo (MFkw…), or PEM (-----BEGIN PUBLIC KEY-----)";
    if is_pem(text) {
        return p256::ecdsa::VerifyingKey::from_public_key_pem(text.trim())
            .map_err(|e| format!("{WANT}, and this PEM is not one ({e})"));
    }
    let der = base64(text.trim()).ok_or_else(|| format!("{WANT}, and this is not base64"))?;
    p256::ecdsa::VerifyingKey::from_public_key_der(&der)
        .map_err(|e| format!("{WANT}, and this one does not decode as one ({e})"))
}

/// A P-256 private key: base64 of its PKCS#8 DER, or a PEM file (PKCS#8 `PRIVATE KEY`, or
/// SEC1 `EC PRIVATE KEY` as `openssl ecparam -genkey` writes it).
pub fn p256_private(text: &str) -> Result<p256::ecdsa::SigningKey, String> {
    const WANT: &str = "a P-256 private key is base64 of its PKCS#8 DER, or a PEM file (-----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)";
    let text = text.trim();
    if is_pem(text) {
        return p256::ecdsa::SigningKey::from_pkcs8_pem(text)
            .or_else(|_| p256::SecretKey::from_sec1_pem(text).map(Into::into))
            .map_err(|_| format!("{WANT}, and this PEM is not one"));
    }
    let der = base64(text).ok_or_else(|| format!("{WANT}, and this is not base64"))?;
    p256::ecdsa::SigningKey::from_pkcs8_der(&der)
        .or_else(|_| p256::SecretKey::from_sec1_der(&der).map(Into::into))
        .map_err(|_| format!("{WANT}, and this one does not decode as one"))
}

/// A DER-encoded ECDSA signature, in low-S form: signers such as SendGrid's emit high-S
/// signatures (s > n/2), which are as valid; normalising first means no verifier's low-S rule
/// can refuse a genuine one.
pub fn p256_signature(der: &[u8]) -> Option<p256::ecdsa::Signature> {
    let sig = p256::ecdsa::Signature::from_der(der).ok()?;
    Some(sig.normalize_s().unwrap_or(sig))
}

pub fn p256_verifies(
    key: &p256::ecdsa::VerifyingKey,
    sig: &p256::ecdsa::Signature,
    msg: &[u8],
) -> bool {
    key.verify(msg, sig).is_ok()
}

/// An ECDSA P-256/SHA-256 signature, DER-encoded. RFC 6979 nonces: the same key and message
/// give the same signature.
pub fn p256_sign(key: &p256::ecdsa::SigningKey, msg: &[u8]) -> Vec<u8> {
    use p256::ecdsa::signature::Signer as _;
    let sig: p256::ecdsa::Signature = key.sign(msg);
    sig.to_der().as_bytes().to_vec()
}
