//! `bpium`: Bpium's X-Hook-Signature, standard base64 of the HMAC-MD5 of the raw body. Bpium
//! waits for the answer to `record.before.*` (approve or reject) and takes field values back
//! from `record.updating`; its hooks number their deliveries (`hook.sequenceId`).

use super::one_header::OneHeader;
use super::platform::{Detect, EventKind, Platform, Requests, Row, Sequence};
use super::{Algorithm, Encoding, Failure, Kind, Request};

const HEADER: &str = "X-Hook-Signature";

pub static PLATFORM: Platform = Platform {
    name: "bpium",
    about: "Bpium: X-Hook-Signature, HMAC-MD5 base64",
    row: Row {
        platform: "Bpium",
        headers: "`X-Hook-Signature`",
        signed: "body",
        encoding: "HMAC-MD5 base64",
        window: "none",
        event: "`hook.event`",
    },
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: Some(looks_bpium),
    }),
    event: |r| r.body.scalar(&["hook", "event"]),
    delivery_id: |r| {
        let (hook, sequence) = hook_sequence(r)?;
        Some(format!("{hook}#{sequence}"))
    },
    sequence: Some(Sequence {
        read: hook_sequence,
        stream_name: "Bpium hook",
        field: "sequenceId",
    }),
    requests: Requests::Named(classify),
    scheme: |_| Ok(Box::new(SCHEME)),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Md5,
    Encoding::Base64,
    "",
);

/// `record.before.*` waits for approval; `record.updating` takes field values.
fn classify(event: &str) -> EventKind {
    if event.starts_with("record.before.") {
        EventKind::Request
    } else if event == "record.updating" {
        EventKind::Action
    } else {
        EventKind::Notification
    }
}

/// The hook and its delivery's number.
fn hook_sequence(r: &Request) -> Option<(String, i64)> {
    Some((
        r.body.scalar(&["hook", "id"])?,
        r.body.integer(&["hook", "sequenceId"])?,
    ))
}

/// Asana sends X-Hook-Signature too, as SHA-256 hex; Bpium's is MD5 base64.
fn looks_bpium(req: &Request) -> Result<bool, Failure> {
    Ok(req
        .all(HEADER)
        .all(|v| Encoding::Base64.decode(v, 16).is_some()))
}
