//! `blue`: Blue's X-Signature, lowercase hex HMAC-SHA256 of the raw body.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row, Sample};
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
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 2] = [
    Sample {
        name: "TODO_CREATED",
        shows: None,
        about: "a record (todo) was created",
        headers: &[],
        body: r#"{"event":"TODO_CREATED","webhook":{"id":"clb4qaopy0000vt24mlp28v03","uid":"edb5b5d51dc9461a952160dbe72153b4","name":"Testing webhook","url":"{{to}}","secret":"","status":"HEALTHY","enabled":true,"createdById":"claksl2ye0000vtas0h0ln71e","createdAt":"2022-12-01T07:01:25.014Z","updatedAt":"2022-12-01T11:23:00.661Z"},"currentValue":{"id":"clb4zna6x0000vt1swuwso25f","uid":"11021cb836f34732b31e5ebd5dd5eb27","title":"Call the client","html":null,"text":null,"position":"32767.5","archived":false,"done":false,"startedAt":null,"duedAt":null,"timezone":null,"createdAt":"{{iso_ms}}","updatedAt":"{{iso_ms}}","createdById":"claksl2ye0000vtas0h0ln71e","todoListId":"clakt9v5t000kvt64f563l90l","todoCustomFields":[],"todoUsers":[],"todoTags":[]}}"#,
    },
    Sample {
        name: "COMMENT_CREATED",
        shows: None,
        about: "a comment was added",
        headers: &[],
        body: r#"{"event":"COMMENT_CREATED","webhook":{"id":"clb4qaopy0000vt24mlp28v03","uid":"edb5b5d51dc9461a952160dbe72153b4","name":"Testing webhook","url":"{{to}}","secret":"","status":"HEALTHY","enabled":true,"createdById":"claksl2ye0000vtas0h0ln71e","createdAt":"2022-12-01T07:01:25.014Z","updatedAt":"2022-12-01T11:23:00.661Z"},"currentValue":{"id":"clb5c0mm10000vt0g7ik9r2qv","uid":"6a1f0c0f4b3e4c9e9f1d2a7b8c9d0e1f","html":"<p>Looks good to me</p>","text":"Looks good to me","category":"TODO","categoryId":"clb4zna6x0000vt1swuwso25f","createdAt":"{{iso_ms}}","updatedAt":"{{iso_ms}}","deletedAt":null,"userId":"claksl2ye0000vtas0h0ln71e"}}"#,
    },
];

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Hex,
    "",
);
