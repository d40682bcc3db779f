//! What the platforms' own tests share: checking a request made of plain strings, at a given
//! time, and signing a body.

use super::{Clock, Failure, Kind, Request, SignContext, Tolerance};
use crate::body::Body;
use crate::secret::Secret;

pub fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Checks a request with one secret, `now` being the Unix time, each platform's window on.
pub fn check_at(
    kind: Kind,
    pairs: &[(&str, &str)],
    body: &[u8],
    secret: &str,
    now: i64,
) -> Result<(), Failure> {
    let headers = headers(pairs);
    let body = Body::new(body);
    let clock = Clock {
        now,
        tolerance: Tolerance::Platform,
    };
    kind.scheme(None).unwrap().verify(
        &Request::new(&headers, &body),
        &[Secret::new(secret)],
        &clock,
    )
}

/// Checks with the window off.
pub fn check(kind: Kind, pairs: &[(&str, &str)], body: &[u8], secret: &str) -> Result<(), Failure> {
    let headers = headers(pairs);
    let body = Body::new(body);
    let clock = Clock {
        now: 0,
        tolerance: Tolerance::Off,
    };
    kind.scheme(None).unwrap().verify(
        &Request::new(&headers, &body),
        &[Secret::new(secret)],
        &clock,
    )
}

/// The headers `sign` makes for `body`.
pub fn sign(kind: Kind, body: &[u8], secret: &str, timestamp: i64) -> Vec<(String, String)> {
    let scheme = kind.scheme(None).unwrap();
    let key = scheme.key(&Secret::new(secret)).unwrap();
    let ctx = SignContext {
        timestamp,
        id: "msg_test".into(),
        url: None,
    };
    scheme.sign(body, &[key], &ctx).unwrap()
}

/// The platform `--scheme auto` picks.
pub fn detect(pairs: &[(&str, &str)], body: &[u8]) -> Result<Kind, Failure> {
    let headers = headers(pairs);
    let body = Body::new(body);
    super::detect(&Request::new(&headers, &body))
}
