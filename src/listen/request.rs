//! Turns one HTTP request into a delivery, or refuses it: the framing checks hyper leaves to
//! its user, the body read within `--max-body` and the body timeout, the header names as they
//! were spelled. What passes goes to the delivery pipeline ([`super::Listener::deliver`]).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use hyper::Request;
use serde_json::json;

use super::pipeline::{refusal, Delivered};
use super::server::{Peer, Reply};
use super::Listener;
use crate::capture::Capture;
use crate::decide::{Answer, Decision};
use crate::headers::same_name;
use crate::render;

/// The longest request target served; a longer one gets 414.
pub const MAX_TARGET: usize = 8 << 10;

/// The most memory reserved for a body ahead of the bytes that have arrived (a sender's
/// declared length is believed up to this much).
const RESERVE_LIMIT: u64 = 1 << 20;

/// The largest body checked on the threads that serve connections (with nothing else that
/// may wait); a larger one is checked on the blocking pool, so its hashing delays no other
/// connection.
const INLINE_BODY: usize = 1 << 20;

/// The most header lines read from a raw head (hyper counts a repeated Content-Length once).
const RAW_HEADERS: usize = 1024;

/// The bytes of bodies in hand at once, across all connections: at least this, or twice
/// --max-body. Past it a body is refused 503 (retry), so memory stays bounded however many
/// connections send large bodies at once.
pub const BODY_BUDGET: u64 = 256 << 20;

/// A body's share of the budget, given back when its request is done.
struct Share<'a> {
    held: &'a std::sync::atomic::AtomicU64,
    bytes: u64,
}

impl Share<'_> {
    /// Takes `n` more bytes; false when the budget has no room for them.
    fn take(&mut self, n: u64, budget: u64) -> bool {
        let before = self.held.fetch_add(n, Ordering::SeqCst);
        self.bytes += n;
        before + n <= budget
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        self.held.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// An answer as hyper sends it; `close` ends the connection after it (a refusal whose body was
/// not read, so that its rest is never taken for a request).
pub fn reply(answer: &Answer, extra: &[(&str, &str)], close: bool) -> Reply {
    let mut resp = hyper::Response::new(Full::new(Bytes::from(answer.body.clone())));
    *resp.status_mut() =
        hyper::StatusCode::from_u16(answer.status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    let headers = resp.headers_mut();
    for (n, v) in answer
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(extra.iter().copied())
    {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(n.as_bytes()),
            hyper::header::HeaderValue::from_str(v),
        ) {
            headers.append(n, v);
        }
    }
    if close {
        headers.insert(
            hyper::header::CONNECTION,
            hyper::header::HeaderValue::from_static("close"),
        );
    }
    resp
}

/// Why a request's framing cannot be trusted, if it cannot: two readings of where its body
/// ends would let a proxy in front and hookscope disagree about where the next request starts.
/// (hyper itself lets Transfer-Encoding win over Content-Length and folds equal repeated
/// lengths into one, so this reads the headers as they came.)
fn framing_fault(headers: &[(String, Vec<u8>)]) -> Option<&'static str> {
    let lengths: Vec<_> = headers
        .iter()
        .filter(|(h, _)| same_name(h, "content-length"))
        .collect();
    let chunked = headers
        .iter()
        .any(|(h, _)| same_name(h, "transfer-encoding"));
    if chunked && !lengths.is_empty() {
        return Some("both Content-Length and Transfer-Encoding are given, so the body's end is ambiguous: send one");
    }
    if lengths.len() > 1 {
        return Some("Content-Length is given more than once: send it once");
    }
    if lengths.first().is_some_and(|(_, v)| {
        let v = v.trim_ascii();
        v.is_empty() || !v.iter().all(u8::is_ascii_digit)
    }) {
        return Some("Content-Length is not one number: send the body's length in bytes");
    }
    None
}

/// A request's head as it came: its target, and its headers in their order and spelling.
/// (hyper has held it to --max-header-size already.)
struct Head {
    target: String,
    headers: Vec<(String, Vec<u8>)>,
}

/// The head from the raw bytes; `None` when they do not parse or are not this request's (a
/// pipelined request's head may have been read before its turn). They are this request's when
/// they hold every header hyper parsed, and more only where hyper folds repeated
/// Content-Length headers or drops one beside Transfer-Encoding.
fn spelled_head(raw: &[u8], method: &str, parsed_headers: &hyper::HeaderMap) -> Option<Head> {
    let start = raw.iter().position(|b| !matches!(b, b'\r' | b'\n'))?;
    // Room for what hyper parsed and a few folded lengths; more only when that is too little
    // (a head may repeat Content-Length many times, each one of hyper's 100 headers once).
    let mut slots = vec![httparse::EMPTY_HEADER; parsed_headers.len() + 16];
    let mut parsed = httparse::Request::new(&mut slots);
    let mut outcome = parsed.parse(&raw[start..]);
    let mut more;
    if matches!(outcome, Err(httparse::Error::TooManyHeaders)) {
        more = vec![httparse::EMPTY_HEADER; RAW_HEADERS];
        parsed = httparse::Request::new(&mut more);
        outcome = parsed.parse(&raw[start..]);
    }
    if !matches!(outcome, Ok(httparse::Status::Complete(_))) {
        return None;
    }
    if parsed.method != Some(method) {
        return None;
    }
    let headers: Vec<(String, Vec<u8>)> = parsed
        .headers
        .iter()
        .map(|h| (h.name.to_string(), h.value.to_vec()))
        .collect();
    let mut unmatched: Vec<Option<&(String, Vec<u8>)>> = headers.iter().map(Some).collect();
    for (name, value) in parsed_headers {
        let found = unmatched.iter_mut().find(|slot| {
            slot.is_some_and(|(n, v)| same_name(n, name.as_str()) && v == value.as_bytes())
        })?;
        *found = None;
    }
    if unmatched
        .iter()
        .flatten()
        .any(|(n, _)| !same_name(n, "content-length"))
    {
        return None;
    }
    Some(Head {
        target: parsed.path?.to_string(),
        headers,
    })
}

/// The head as hyper parsed it, when the raw bytes are not this request's: names in lower
/// case.
fn parsed_head(req: &Request<Incoming>) -> Head {
    Head {
        target: req.uri().to_string(),
        headers: req
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect(),
    }
}

impl Listener {
    /// Handles one request hyper has parsed.
    pub async fn request(self: Arc<Self>, req: Request<Incoming>, peer: Peer) -> Reply {
        let arrived = Instant::now();
        let method = req.method().as_str().to_string();
        let spelled = spelled_head(&peer.raw_head, &method, req.headers());
        // Without the raw head (a pipelined request) framing is as hyper read it, which is
        // consistent, but no ambiguity can be told: the connection is closed after the answer.
        let unsure = spelled.is_none();
        let head = spelled.unwrap_or_else(|| parsed_head(&req));
        let path = head.target.clone();
        let has_body = req.headers().contains_key(TRANSFER_ENCODING)
            || req
                .headers()
                .get(CONTENT_LENGTH)
                .is_some_and(|v| v.as_bytes() != b"0");
        if self.stopping.load(Ordering::SeqCst) {
            let a = refusal(503, "hookscope is stopping; retry later");
            return reply(&a, &[("Retry-After", "5")], true);
        }
        let bare_path = path.split('?').next().unwrap_or(&path);
        if matches!(method.as_str(), "GET" | "HEAD") && bare_path == "/" {
            let mut a = Answer::json(200, &json!({}), Decision::Page, "page");
            a.headers = vec![("Content-Type".into(), "text/plain; charset=utf-8".into())];
            a.body = self.page.clone().into_bytes();
            return reply(&a, &[], has_body);
        }
        let handshake_get = method == "GET" && self.is_handshake_get(&path);
        if !matches!(method.as_str(), "POST" | "PUT" | "PATCH") && !handshake_get {
            let a = refusal(
                405,
                &format!(
                    "method {} is not accepted: webhooks are POST, PUT or PATCH",
                    render::line(&method)
                ),
            );
            self.show_refusal(&method, &path, None, &a);
            return reply(&a, &[("Allow", "POST, PUT, PATCH")], has_body);
        }
        let Some(place) = self.place() else {
            return reply(
                &refusal(503, "hookscope is stopping (--max-requests reached); retry"),
                &[("Retry-After", "5")],
                true,
            );
        };
        let declared = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        // A sender picks the target's length: a refusal line shows at most 120 characters.
        let shown = match path.char_indices().nth(120) {
            Some((end, _)) => format!("{}…", &path[..end]),
            None => path.clone(),
        };
        // Every refusal of a delivery: counted, shown, and its connection closed (a 503 says
        // when to come back).
        let refuse = |answer: Answer| {
            self.count_refusal(&method, &shown, declared, &answer);
            place.settle(false);
            let extra: &[(&str, &str)] = if answer.status == 503 {
                &[("Retry-After", "5")]
            } else {
                &[]
            };
            reply(&answer, extra, true)
        };
        let too_big = || {
            refusal(
                413,
                &format!(
                    "body larger than the {} bytes --max-body allows",
                    self.max_body
                ),
            )
        };
        if let Some(fault) = framing_fault(&head.headers) {
            return refuse(refusal(400, fault));
        }
        if path.len() > MAX_TARGET {
            return refuse(refusal(
                414,
                &format!(
                    "the request target is {} bytes, over the {MAX_TARGET} hookscope accepts",
                    path.len()
                ),
            ));
        }
        if declared.is_some_and(|len| len > self.max_body) {
            return refuse(too_big());
        }
        let mut incoming = req.into_body();
        // Room for what was declared, up to a point: beyond it, memory is taken as the bytes
        // arrive, not on a sender's word.
        let expected = declared.unwrap_or(0).min(self.max_body).min(RESERVE_LIMIT);
        let mut body = Vec::with_capacity(expected as usize);
        let budget = BODY_BUDGET.max(2 * self.max_body);
        let mut share = Share {
            held: &self.bodies_in_hand,
            bytes: 0,
        };
        loop {
            match tokio::time::timeout(self.body_timeout, incoming.frame()).await {
                Err(_) => {
                    return refuse(refusal(
                        408,
                        &format!(
                            "the body stopped arriving: nothing came for {} s after {} bytes",
                            self.body_timeout.as_secs_f64(),
                            body.len()
                        ),
                    ))
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => {
                    let reason = match declared {
                        Some(d) => format!(
                            "the body ended after {} of the {d} bytes its Content-Length declared",
                            body.len()
                        ),
                        None => format!(
                            "the chunked body was cut short or malformed after {} bytes",
                            body.len()
                        ),
                    };
                    drop(e);
                    return refuse(refusal(400, &reason));
                }
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        if (body.len() + data.len()) as u64 > self.max_body {
                            return refuse(too_big());
                        }
                        if !share.take(data.len() as u64, budget) {
                            return refuse(refusal(
                                503,
                                "hookscope is receiving too many bodies at once; retry",
                            ));
                        }
                        body.extend_from_slice(&data);
                    }
                }
            }
        }
        peer.delivering();
        let capture = Capture::from_wire(&method, &path, head.headers, body);
        let remote = Some(peer.remote.to_string());
        let done = if self.may_block || capture.body.len() > INLINE_BODY {
            // The disk, the app behind --forward-to, a question, or a body whose check takes
            // long: off the threads that serve connections.
            let l = Arc::clone(&self);
            // Settled where the delivery is handled: one whose sender hung up meanwhile is
            // still stored and counted.
            let handled = move || {
                let done = l.deliver(capture, remote, arrived);
                place.settle(done.handshake);
                done
            };
            match tokio::task::spawn_blocking(handled).await {
                Ok(done) => done,
                Err(_) => Delivered {
                    answer: refusal(500, "hookscope failed while handling this delivery; retry"),
                    retry: true,
                    handshake: false,
                },
            }
        } else {
            let done = self.deliver(capture, remote, arrived);
            place.settle(done.handshake);
            done
        };
        drop(share);
        let extra: &[(&str, &str)] = if done.retry {
            &[("Retry-After", "5")]
        } else {
            &[]
        };
        reply(&done.answer, extra, unsure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spelling_comes_from_the_raw_head() {
        let raw = b"\r\nPOST /h?x=1 HTTP/1.1\r\nX-GitHub-Event: push\r\nhost: a\r\nX-User: Jos\xc3\xa9\r\n\r\n{}";
        let map = |pairs: &[(&'static str, &'static [u8])]| {
            let mut m = hyper::HeaderMap::new();
            for (n, v) in pairs {
                m.append(*n, hyper::header::HeaderValue::from_bytes(v).unwrap());
            }
            m
        };
        let hyper_saw = map(&[
            ("x-github-event", b"push"),
            ("host", b"a"),
            ("x-user", "José".as_bytes()),
        ]);
        let head = spelled_head(raw, "POST", &hyper_saw).unwrap();
        assert_eq!(head.target, "/h?x=1");
        assert_eq!(
            head.headers[0],
            ("X-GitHub-Event".to_string(), b"push".to_vec())
        );
        assert_eq!(head.headers[2].1, "José".as_bytes());
        // Another request's head (pipelined), or a partial one, is not used.
        assert!(spelled_head(raw, "GET", &hyper_saw).is_none());
        let other = map(&[("x-github-event", b"ping"), ("host", b"a")]);
        assert!(spelled_head(raw, "POST", &other).is_none());
        let fewer = map(&[("host", b"a")]);
        assert!(spelled_head(raw, "POST", &fewer).is_none());
        assert!(spelled_head(b"POST /h HTTP/1.1\r\nA: b\r\n", "POST", &fewer).is_none());
        // hyper folds a repeated Content-Length into one: the raw head still shows both.
        let twice = b"POST /h HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n";
        let folded = map(&[("content-length", b"5")]);
        assert_eq!(
            spelled_head(twice, "POST", &folded).unwrap().headers.len(),
            2
        );
    }

    #[test]
    fn the_body_budget_is_shared_and_given_back() {
        let held = std::sync::atomic::AtomicU64::new(0);
        let mut a = Share {
            held: &held,
            bytes: 0,
        };
        assert!(a.take(60, 100));
        let mut b = Share {
            held: &held,
            bytes: 0,
        };
        assert!(b.take(40, 100));
        assert!(!b.take(1, 100), "past the budget");
        drop(a);
        assert_eq!(held.load(Ordering::SeqCst), 41);
        drop(b);
        assert_eq!(held.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn ambiguous_framing_is_named() {
        let h = |pairs: &[(&str, &str)]| -> Vec<(String, Vec<u8>)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
                .collect()
        };
        assert!(framing_fault(&h(&[("Content-Length", "5")])).is_none());
        assert!(framing_fault(&h(&[("Transfer-Encoding", "chunked")])).is_none());
        for bad in [
            h(&[("Content-Length", "5"), ("Transfer-Encoding", "chunked")]),
            h(&[("transfer-encoding", "chunked"), ("content-length", "5")]),
            h(&[("Content-Length", "5"), ("content-length", "5")]),
            h(&[("Content-Length", "5, 5")]),
            h(&[("Content-Length", "abc")]),
            h(&[("Content-Length", "")]),
        ] {
            assert!(framing_fault(&bad).is_some(), "{bad:?}");
        }
    }
}
