//! The MAC algorithms and the ways a MAC is written in a header.

use base64::Engine as _;
use clap::ValueEnum;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

/// The MAC algorithms in use by the platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
    Md5,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
            Algorithm::Sha512 => "HMAC-SHA512",
            Algorithm::Md5 => "HMAC-MD5",
        }
    }

    pub fn mac_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
            Algorithm::Md5 => 16,
        }
    }

    fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> M {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC accepts keys of any length");
        for part in parts {
            mac.update(part);
        }
        mac
    }

    /// The MAC of the concatenated parts.
    pub fn mac(self, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        match self {
            Algorithm::Sha1 => Self::keyed::<Hmac<sha1::Sha1>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha256 => Self::keyed::<Hmac<sha2::Sha256>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha512 => Self::keyed::<Hmac<sha2::Sha512>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Md5 => Self::keyed::<Hmac<md5::Md5>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
        }
    }

    /// Whether the MAC of the parts under `key` equals any of `candidates`. The MAC is
    /// computed once; each comparison is constant-time (`subtle`), and every candidate is
    /// compared, so the time taken does not tell which one matched.
    pub fn matches_any(self, key: &[u8], parts: &[&[u8]], candidates: &[Claimed]) -> bool {
        let tag = self.mac(key, parts);
        candidates
            .iter()
            .fold(subtle::Choice::from(0), |acc, c| {
                acc | tag.as_slice().ct_eq(c.0.as_slice())
            })
            .into()
    }
}

/// A MAC a request claims. It has no `==`: the one way to compare it is
/// [`Algorithm::matches_any`], in constant time, so no scheme can compare one carelessly.
pub struct Claimed(pub(super) Vec<u8>);

/// How a MAC is written in a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Hex,
    Base64,
}

impl Encoding {
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Hex => hex::encode(bytes),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    /// Decodes a MAC of exactly `len` bytes.
    pub fn decode(self, text: &str, len: usize) -> Option<Vec<u8>> {
        let bytes = match self {
            Encoding::Hex => hex::decode(text).ok()?,
            Encoding::Base64 => base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()?,
        };
        (bytes.len() == len).then_some(bytes)
    }

    pub fn other(self) -> Encoding {
        match self {
            Encoding::Hex => Encoding::Base64,
            Encoding::Base64 => Encoding::Hex,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
    }
}
