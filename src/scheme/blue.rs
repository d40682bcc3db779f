//! `blue`: Blue's X-Signature, lowercase hex HMAC-SHA256 of the raw body.

use std::borrow::Cow;

use super::one_header::OneHeader;
use super::platform::{no_id, Detect, Platform, Requests, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Signature";

pub static PLATFORM: Platform = Platform {
    name: "blue",
    aliases: &[],
    about: "Blue: X-Signature, HMAC-SHA256 hex",
    valid: "signature valid",
    row: Row {
        platform: "Blue",
        headers: "`X-Signature`",
        signed: "body",
        encoding: "HMAC-SHA256 hex",
        window: "none",
        event: "`event`",
    },
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: None,
    }),
    event: |r| r.body.string(&["event"]),
    delivery_id: no_id,
    sequence: None,
    requests: Requests::Never,
    form: false,
    scheme: |_| Ok(Box::new(SCHEME)),
};

const SCHEME: OneHeader = OneHeader {
    kind: Kind(&PLATFORM),
    header: Cow::Borrowed(HEADER),
    alg: Algorithm::Sha256,
    encoding: Encoding::Hex,
    prefix: Cow::Borrowed(""),
};
