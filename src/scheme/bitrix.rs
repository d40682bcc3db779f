//! `bitrix`: X-Bitrix-Signature, lowercase hex HMAC-SHA256 of the raw body. Bitrix24 itself
//! does not send it: integrations that sign Bitrix24 events before passing them on do.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row, Sample};
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
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 3] = [
    Sample {
        name: "ONCRMLEADADD",
        shows: None,
        about: "a lead was added, as JSON signed with X-Bitrix-Signature",
        headers: &[],
        body: r#"{"event":"ONCRMLEADADD","event_handler_id":"17","data":{"FIELDS":{"ID":"134806"}},"ts":"{{ts}}","auth":{"domain":"example.bitrix24.ru","member_id":"a223c6b3710f85df22e9377d6c4f7553"}}"#,
    },
    Sample {
        name: "ONCRMDEALUPDATE",
        shows: None,
        about: "a deal was changed, as JSON signed with X-Bitrix-Signature",
        headers: &[],
        body: r#"{"event":"ONCRMDEALUPDATE","event_handler_id":"18","data":{"FIELDS":{"ID":"5821"}},"ts":"{{ts}}","auth":{"domain":"example.bitrix24.ru","member_id":"a223c6b3710f85df22e9377d6c4f7553"}}"#,
    },
    Sample {
        name: "ONTASKADD",
        shows: None,
        about: "a task was added, as JSON signed with X-Bitrix-Signature",
        headers: &[],
        body: r#"{"event":"ONTASKADD","event_handler_id":"19","data":{"FIELDS_BEFORE":"undefined","FIELDS_AFTER":{"ID":"2041"},"IS_ACCESSIBLE_BEFORE":"N","IS_ACCESSIBLE_AFTER":"undefined"},"ts":"{{ts}}","auth":{"domain":"example.bitrix24.ru","member_id":"a223c6b3710f85df22e9377d6c4f7553"}}"#,
    },
];

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "",
);
