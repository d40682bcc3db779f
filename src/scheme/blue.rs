//! `blue`: Blue's X-Signature, lowercase hex HMAC-SHA256 of the raw body.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Signature";

pub static PLATFORM: Platform = Platform {
    name: "blue",
    about: "Blue: X-Signature, HMAC-SHA256 hex",
    row: Row {
        platform: "Blue",
        headers: "`X-Signature`",
        signed: "body",
        encoding: "HMAC-SHA256 hex",
        window: "none",
        event: "`event`",
    },
    detect: Detect::headers(&[HEADER]),
    event: |r| r.body.string(&["event"]),
    scheme: |_| Ok(Box::new(SCHEME)),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "",
);
