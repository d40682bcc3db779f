//! `bitrix`: X-Bitrix-Signature, lowercase hex HMAC-SHA256 of the raw body. Bitrix24 itself
//! does not send it: integrations that sign Bitrix24 events before passing them on do.

use std::borrow::Cow;

use super::one_header::OneHeader;
use super::platform::{no_id, Detect, Platform, Requests, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Bitrix-Signature";

pub static PLATFORM: Platform = Platform {
    name: "bitrix",
    aliases: &[],
    about: "Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex",
    valid: "signature valid",
    row: Row {
        platform: "Bitrix24 events re-signed by an integration",
        headers: "`X-Bitrix-Signature`",
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
