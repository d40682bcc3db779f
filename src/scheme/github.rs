//! `github`: X-Hub-Signature-256 (`sha256=` + hex HMAC-SHA256). The legacy X-Hub-Signature
//! (`sha1=` + hex HMAC-SHA1) is read only when the SHA-256 header is absent, never as a second
//! chance when the SHA-256 one fails.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

const SHA256: Simple = Simple {
    kind: Kind::Github,
    header: Cow::Borrowed("X-Hub-Signature-256"),
    alg: Algorithm::Sha256,
    encoding: Encoding::Hex,
    prefix: Cow::Borrowed("sha256="),
};

const LEGACY: Simple = Simple {
    kind: Kind::Github,
    header: Cow::Borrowed("X-Hub-Signature"),
    alg: Algorithm::Sha1,
    encoding: Encoding::Hex,
    prefix: Cow::Borrowed("sha1="),
};

pub struct Github;

impl Scheme for Github {
    fn kind(&self) -> Kind {
        Kind::Github
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        if req.has(&SHA256.header) || !req.has(&LEGACY.header) {
            SHA256.parse(req)
        } else {
            LEGACY.parse(req)
        }
    }

    /// Both headers, as GitHub sends them.
    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let mut headers = SHA256.sign(body, keys, ctx)?;
        headers.extend(LEGACY.sign(body, keys, ctx)?);
        Ok(headers)
    }
}
