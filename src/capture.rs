//! The capture file: one JSON document per delivery, shared by `listen` (writes), `verify` and
//! `replay` (read). The body is kept byte-exact: as a JSON string when it is valid UTF-8, else
//! as standard base64 in `body_base64`. Readers ignore fields they do not know.

use std::path::Path;

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

mod head;
pub use head::Head;

/// The format version written in the `hookscope` field.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// Unique and sortable by time (a UUIDv7).
    pub id: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    pub method: String,
    /// Path and query as received.
    pub path: String,
    /// Order and spelling as received, duplicates kept. A value that is not UTF-8 text is
    /// decoded here with U+FFFD for what is not, and its bytes are in `header_bytes`.
    pub headers: Vec<(String, String)>,
    /// The exact bytes of each header value that is not UTF-8, by its index in `headers`: with
    /// them a capture stays byte-exact, and is replayed so.
    pub header_bytes: Vec<(usize, Vec<u8>)>,
    pub body: Vec<u8>,
    /// What `listen` adds: remote address, verdict, answer. `replay` reads the verdict back
    /// for its filters and list; nothing else is read back.
    pub extra: Option<Extra>,
}

/// Facts `listen` records beside the request itself (and the inspector, beside a request it
/// sent again edited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Extra {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_addr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Recorded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<serde_json::Value>,
    /// What `listen` warned of beside the verdict: a delivery id seen before, a sequence that
    /// skipped numbers. For the inspector's list; nothing else reads it back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The id of the capture this request was edited from and sent again (the inspector's Edit
    /// and resend); its `answer` is then the receiver's. Written only when set, so captures
    /// without it read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resent_from: Option<String>,
}

/// The verdict as a capture records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// `valid`, `invalid` or `unchecked`.
    pub signature: String,
    /// The platform, when it was known or recognised.
    #[serde(default)]
    pub scheme: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    /// For `invalid`: the failure's code and reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a platform's check of the endpoint: which one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<String>,
}

#[derive(Deserialize)]
struct Raw {
    hookscope: u64,
    id: String,
    received_at: String,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    #[serde(default)]
    header_bytes: Vec<(usize, String)>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
    #[serde(default)]
    remote_addr: Option<String>,
    #[serde(default)]
    verdict: Option<serde_json::Value>,
    #[serde(default)]
    answer: Option<serde_json::Value>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    resent_from: Option<String>,
}

impl Raw {
    /// A capture file's members; a version this hookscope does not read is refused.
    fn parse(bytes: &[u8]) -> Result<Raw> {
        let raw: Raw = match serde_json::from_slice(bytes) {
            Ok(raw) => raw,
            Err(e) if e.to_string().starts_with("missing field `hookscope`") => {
                bail!("not a hookscope capture (no `hookscope` field)")
            }
            Err(e) => return Err(e.into()),
        };
        if raw.hookscope != FORMAT_VERSION {
            bail!(
                "capture format version {} is not one this hookscope reads (it reads version {FORMAT_VERSION})",
                raw.hookscope
            );
        }
        Ok(raw)
    }

    /// The capture these members make, with an empty body, and the two members a body may be
    /// in (`body`, `body_base64`), for the caller to decode or only measure.
    fn into_parts(self) -> Result<(Capture, Option<String>, Option<String>)> {
        let mut header_bytes = Vec::with_capacity(self.header_bytes.len());
        for (i, b64) in self.header_bytes {
            if i >= self.headers.len() {
                bail!(
                    "header_bytes names header {i}, but there are {} headers",
                    self.headers.len()
                );
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .with_context(|| {
                    format!("header_bytes of header {i} is not valid standard base64")
                })?;
            header_bytes.push((i, bytes));
        }
        let extra = (self.remote_addr.is_some()
            || self.verdict.is_some()
            || self.answer.is_some()
            || !self.warnings.is_empty()
            || self.resent_from.is_some())
        .then_some(Extra {
            remote_addr: self.remote_addr,
            // A verdict of another shape (edited by hand, a later version) is not one
            // hookscope can use: it is left out rather than refusing the capture.
            verdict: self.verdict.and_then(|v| serde_json::from_value(v).ok()),
            answer: self.answer,
            warnings: self.warnings,
            resent_from: self.resent_from,
        });
        let capture = Capture {
            id: self.id,
            received_at: self.received_at,
            method: self.method,
            path: self.path,
            headers: self.headers,
            header_bytes,
            body: Vec::new(),
            extra,
        };
        Ok((capture, self.body, self.body_base64))
    }
}

/// A fresh capture id: a UUIDv7, so ids sort by the time they were made.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// When an id [`new_id`] made was made, to the millisecond (a UUIDv7's first 48 bits); `None`
/// for any other text.
pub fn id_time(id: &str) -> Option<std::time::SystemTime> {
    let uuid = uuid::Uuid::try_parse(id).ok()?;
    if uuid.get_version() != Some(uuid::Version::SortRand) {
        return None;
    }
    let (secs, nanos) = uuid.get_timestamp()?.to_unix();
    std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(secs, nanos))
}

/// Now, in RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

impl Capture {
    /// A capture of a request made now.
    pub fn new(method: &str, path: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        Capture {
            id: new_id(),
            received_at: now_rfc3339(),
            method: method.to_string(),
            path: path.to_string(),
            headers,
            header_bytes: Vec::new(),
            body,
            extra: None,
        }
    }

    /// A capture of a request made now, from header values as bytes: UTF-8 ones are kept as
    /// text, others decoded for display with their bytes kept in `header_bytes`.
    pub fn from_wire(
        method: &str,
        path: &str,
        headers: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    ) -> Self {
        let mut header_bytes = Vec::new();
        let headers = headers
            .into_iter()
            .enumerate()
            .map(|(i, (name, value))| match String::from_utf8(value) {
                Ok(text) => (name, text),
                Err(e) => {
                    let bytes = e.into_bytes();
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    header_bytes.push((i, bytes));
                    (name, text)
                }
            })
            .collect();
        Capture {
            header_bytes,
            ..Capture::new(method, path, headers, body)
        }
    }

    /// Headers that go out as bytes other than their text, each as (name, text) and its bytes.
    pub fn exact_values(&self) -> Vec<((String, String), Vec<u8>)> {
        self.header_bytes
            .iter()
            .filter_map(|(i, bytes)| Some((self.headers.get(*i)?.clone(), bytes.clone())))
            .collect()
    }

    /// Gives the headers the exact bytes in `exact` (as [`exact_values`](Self::exact_values)
    /// lists them, from another capture): each follows its header, found by name and text, as
    /// dropping, editing and re-signing move headers about. A header changed since has none.
    pub fn set_exact_values(&mut self, exact: Vec<((String, String), Vec<u8>)>) {
        self.header_bytes.clear();
        let mut taken = vec![false; self.headers.len()];
        for ((name, value), bytes) in exact {
            let at = self
                .headers
                .iter()
                .enumerate()
                .position(|(j, (n, v))| !taken[j] && *n == name && *v == value);
            if let Some(j) = at {
                taken[j] = true;
                self.header_bytes.push((j, bytes));
            }
        }
        self.header_bytes.sort_by_key(|(j, _)| *j);
    }

    /// Parses a capture; errors name the line and column.
    pub fn from_slice(bytes: &[u8]) -> Result<Capture> {
        let (mut capture, body, body_base64) = Raw::parse(bytes)?.into_parts()?;
        capture.body = match (body, body_base64) {
            (Some(text), None) => text.into_bytes(),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .context("body_base64 is not valid standard base64")?,
            (Some(_), Some(_)) => {
                bail!("both body and body_base64 are present; a capture has exactly one")
            }
            (None, None) => {
                bail!("neither body nor body_base64 is present; a capture has exactly one")
            }
        };
        Ok(capture)
    }

    pub fn read(path: &Path) -> Result<Capture> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("could not read capture '{}'", path.display()))?;
        Capture::from_slice(&bytes)
            .with_context(|| format!("malformed capture '{}'", path.display()))
    }

    /// The capture as JSON, ending in a newline: one field per line, one header per line.
    pub fn to_json(&self) -> Vec<u8> {
        self.to_json_with(self.extra.as_ref())
    }

    /// The capture as JSON, with `extra` in place of its own.
    pub fn to_json_with(&self, extra: Option<&Extra>) -> Vec<u8> {
        fn s(v: &str) -> String {
            serde_json::to_string(v).expect("a string always serialises")
        }
        let mut out = String::with_capacity(512);
        out.push_str(&format!("{{\n  \"hookscope\": {FORMAT_VERSION},\n"));
        out.push_str(&format!("  \"id\": {},\n", s(&self.id)));
        out.push_str(&format!("  \"received_at\": {},\n", s(&self.received_at)));
        out.push_str(&format!("  \"method\": {},\n", s(&self.method)));
        out.push_str(&format!("  \"path\": {},\n", s(&self.path)));
        out.push_str("  \"headers\": [");
        for (i, (name, value)) in self.headers.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            out.push_str(&format!("{sep}\n    [{}, {}]", s(name), s(value)));
        }
        out.push_str(if self.headers.is_empty() {
            "],\n"
        } else {
            "\n  ],\n"
        });
        if !self.header_bytes.is_empty() {
            let entries: Vec<String> = self
                .header_bytes
                .iter()
                .map(|(i, b)| {
                    format!(
                        "[{i}, {}]",
                        s(&base64::engine::general_purpose::STANDARD.encode(b))
                    )
                })
                .collect();
            out.push_str(&format!("  \"header_bytes\": [{}],\n", entries.join(", ")));
        }
        if let Some(extra) = extra {
            let fields = serde_json::to_value(extra).expect("extra always serialises");
            for (key, value) in fields.as_object().expect("extra is an object") {
                out.push_str(&format!("  {}: {},\n", s(key), value));
            }
        }
        // The body is written straight into the buffer: it is most of the file. It comes
        // last, so a list finds every other member before it (`Capture::read_head`).
        let mut out = out.into_bytes();
        out.reserve(self.body.len() + self.body.len() / 8 + 16);
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                out.extend_from_slice(b"  \"body\": ");
                serde_json::to_writer(&mut out, text).expect("writing to a Vec cannot fail");
            }
            Err(_) => {
                out.extend_from_slice(b"  \"body_base64\": \"");
                let b64 = base64::engine::general_purpose::STANDARD.encode(&self.body);
                out.extend_from_slice(b64.as_bytes());
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"\n}\n");
        out
    }

    /// The first value of a header, its name compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::headers::get(&self.headers, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(body: &[u8]) -> Capture {
        Capture::new(
            "POST",
            "/hooks?x=1",
            vec![("X-A".into(), "1".into()), ("x-a".into(), "2".into())],
            body.to_vec(),
        )
    }

    #[test]
    fn round_trips_text_and_binary_bodies_byte_exact() {
        for body in [&b"{\"a\": 1}\r\n"[..], b"", &[0xff, 0x00, 0xfe, b'\n']] {
            let c = sample(body);
            let back = Capture::from_slice(&c.to_json()).unwrap();
            assert_eq!(back, c);
        }
        let mut with_extra = sample(b"x");
        with_extra.extra = Some(Extra {
            remote_addr: Some("127.0.0.1:40000".into()),
            verdict: Some(Recorded {
                signature: "invalid".into(),
                scheme: Some("github".into()),
                event: None,
                code: Some("mismatch".into()),
                reason: Some("signature does not match".into()),
                handshake: None,
            }),
            answer: Some(serde_json::json!({"status": 200})),
            warnings: vec!["delivery id d-1 was seen before".into()],
            resent_from: Some("0190a3c2-5b1e-7c3d-9f00-000000000001".into()),
        });
        assert_eq!(
            Capture::from_slice(&with_extra.to_json()).unwrap(),
            with_extra
        );
        let json = String::from_utf8(with_extra.to_json()).unwrap();
        assert!(json.contains("\"resent_from\": \"0190a3c2-"), "{json}");
        // Only when set: a capture listen stored has no such field.
        let mut listened = with_extra.clone();
        listened.extra.as_mut().unwrap().resent_from = None;
        assert!(!String::from_utf8(listened.to_json())
            .unwrap()
            .contains("resent_from"));
        let json = String::from_utf8(sample(&[0xff]).to_json()).unwrap();
        assert!(json.contains("\"body_base64\": \"/w==\""), "{json}");
        assert!(!json.contains("\"body\""), "{json}");
    }

    #[test]
    fn header_values_that_are_not_utf8_round_trip_byte_exact() {
        let c = Capture::from_wire(
            "POST",
            "/",
            vec![
                ("X-User".into(), b"Jos\xe9".to_vec()),
                ("X-Ok".into(), "José".as_bytes().to_vec()),
            ],
            b"{}".to_vec(),
        );
        assert_eq!(c.headers[0], ("X-User".into(), "Jos\u{fffd}".into()));
        assert_eq!(c.headers[1].1, "José");
        assert_eq!(c.header_bytes, vec![(0, b"Jos\xe9".to_vec())]);
        let json = String::from_utf8(c.to_json()).unwrap();
        assert!(
            json.contains("\"header_bytes\": [[0, \"Sm9z6Q==\"]]"),
            "{json}"
        );
        assert_eq!(Capture::from_slice(json.as_bytes()).unwrap(), c);
        assert_eq!(
            c.exact_values(),
            vec![(("X-User".into(), "Jos\u{fffd}".into()), b"Jos\xe9".to_vec())]
        );
        // A capture without any writes no such field.
        assert!(!String::from_utf8(sample(b"x").to_json())
            .unwrap()
            .contains("header_bytes"));
        let bad = json.replace("[[0,", "[[7,");
        assert!(
            format!("{:#}", Capture::from_slice(bad.as_bytes()).unwrap_err())
                .contains("names header 7")
        );
    }

    #[test]
    fn unknown_fields_are_ignored_and_extra_is_kept() {
        let text = r#"{"hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[],"body":"x","future":{"a":1},"remote_addr":"127.0.0.1:5"}"#;
        let c = Capture::from_slice(text.as_bytes()).unwrap();
        assert_eq!(c.body, b"x");
        assert_eq!(c.extra.unwrap().remote_addr.as_deref(), Some("127.0.0.1:5"));
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let err = |t: &str| format!("{:#}", Capture::from_slice(t.as_bytes()).unwrap_err());
        let base = r#""id":"i","received_at":"t","method":"POST","path":"/","headers":[]"#;
        assert!(err(&format!("{{\"hookscope\":2,{base},\"body\":\"\"}}")).contains("version 2"));
        assert!(
            err(&format!("{{\"hookscope\":1,{base}}}")).contains("neither body nor body_base64")
        );
        assert!(err(&format!(
            "{{\"hookscope\":1,{base},\"body\":\"\",\"body_base64\":\"\"}}"
        ))
        .contains("both"));
        assert!(err(&format!(
            "{{\"hookscope\":1,{base},\"body_base64\":\"!!\"}}"
        ))
        .contains("not valid standard base64"));
        assert!(err("{\n  \"hookscope\": 1,\n  oops\n}").contains("line 3 column 3"));
    }

    #[test]
    fn ids_sort_by_time() {
        let a = new_id();
        let b = new_id();
        assert!(a < b, "{a} {b}");
    }

    #[test]
    fn an_id_says_when_it_was_made() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        let before = SystemTime::now() - Duration::from_millis(1);
        let made = id_time(&new_id()).unwrap();
        assert!(made >= before && made <= SystemTime::now(), "{made:?}");
        assert_eq!(
            id_time("01890a5d-ac96-774b-bcce-b302099a8057"),
            Some(UNIX_EPOCH + Duration::from_millis(0x01890a5dac96))
        );
        // Not a UUIDv7: no time, whatever the bits say.
        for other in [
            "01890a5d-ac96-474b-bcce-b302099a8057",
            "01890a5d-ac96-774b-bcce-b302099a805",
            "capture",
            "",
        ] {
            assert_eq!(id_time(other), None, "{other}");
        }
    }
}
