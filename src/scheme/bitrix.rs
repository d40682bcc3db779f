//! `bitrix`: X-Bitrix-Signature, lowercase hex HMAC-SHA256 of the raw body. Bitrix24 itself
//! does not send it: integrations that sign Bitrix24 events before passing them on do.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Bitrix-Signature";

pub static PLATFORM: Platform = Platform {
    name: "bitrix",
    about: "Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex",
    row: Row {
        platform: "Bitrix24 events re-signed by an integration",
        headers: "`X-Bitrix-Signature`",
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
