//! `github`: X-Hub-Signature-256 (`sha256=` + hex HMAC-SHA256). The legacy X-Hub-Signature
//! (`sha1=` + hex HMAC-SHA1) is read only when the SHA-256 header is absent, never as a second
//! chance when the SHA-256 one fails.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

pub static PLATFORM: Platform = Platform {
    name: "github",
    about: "GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)",
    row: Row {
        platform: "GitHub",
        headers: "`X-Hub-Signature-256` (legacy `X-Hub-Signature` only when it is absent)",
        signed: "body",
        encoding: "`sha256=` + hex",
        window: "none",
        event: "`X-GitHub-Event` (+ `.action`)",
    },
    // Meta, Intercom and Bitbucket send headers of the same names; GitHub's own sign is
    // X-GitHub-Event.
    detect: Some(Detect {
        headers: &["X-Hub-Signature-256", "X-Hub-Signature"],
        body: None,
        test: Some(|r| Ok(r.has("x-github-event"))),
    }),
    event: |r| {
        let event = r.header("x-github-event")?;
        // A form delivery (GitHub's application/x-www-form-urlencoded content type) holds the
        // event as JSON in `payload`.
        let action = r
            .body
            .string(&["action"])
            .or_else(|| r.body.string(&["payload", "action"]));
        Some(match action {
            Some(action) => format!("{event}.{action}"),
            None => event,
        })
    },
    delivery_id: |r| r.header("x-github-delivery"),
    scheme: |_| Ok(Box::new(Github)),
    ..Platform::NOTIFIES
};

const SHA256: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    "X-Hub-Signature-256",
    Algorithm::Sha256,
    Encoding::Hex,
    "sha256=",
);

const LEGACY: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    "X-Hub-Signature",
    Algorithm::Sha1,
    Encoding::Hex,
    "sha1=",
);

pub struct Github;

impl Scheme for Github {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
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
