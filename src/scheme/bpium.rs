//! `bpium`: Bpium's X-Hook-Signature, standard base64 of the HMAC-MD5 of the raw body. Bpium
//! waits for the answer to `record.before.*` (approve or reject) and takes field values back
//! from `record.updating`; its hooks number their deliveries (`hook.sequenceId`).

use super::one_header::OneHeader;
use super::platform::{Detect, EventKind, Platform, Requests, Row, Sample, Sequence};
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
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 7] = [
    Sample {
        name: "record.created",
        shows: None,
        about: "a record was created (a notification)",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.created","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.updated",
        shows: None,
        about: "a record was changed (a notification)",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.updated","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{"3":"40"}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.deleted",
        shows: None,
        about: "a record was deleted (a notification)",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.deleted","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.before.created",
        shows: None,
        about: "a record is about to be created: approve or reject",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.before.created","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.before.updated",
        shows: None,
        about: "a record is about to be changed: approve or reject",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.before.updated","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{"3":"40"}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.before.deleted",
        shows: None,
        about: "a record is about to be deleted: approve or reject",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.before.deleted","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{}},"user":{"id":"4"}}"#,
    },
    Sample {
        name: "record.updating",
        shows: None,
        about: "a record is being edited: answer with field values",
        headers: &[],
        body: r#"{"timestamp":"{{ts}}","hook":{"id":"{{n}}","event":"record.updating","sequenceId":1},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874","3":"42"},"prevValues":{"3":"40"}},"user":{"id":"4"}}"#,
    },
];

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
