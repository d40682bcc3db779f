//! The HTTP client of `listen --forward-to`, `replay` and `trigger`: one ureq agent that adds nothing of
//! its own, requests built from a capture's headers (hop-by-hop ones dropped, each refused by
//! name if it cannot go on the wire), and failures sorted for the sender (502 or 504).

mod one_write;
pub mod send;

use std::borrow::Cow;
use std::time::Duration;

use ureq::config::AutoHeaderValue;
use ureq::http;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector as _, DefaultConnector};

use one_write::CoalescingConnector;

/// Headers that belong to one connection, not to the message: never forwarded or replayed.
pub const HOP_BY_HOP: [&str; 10] = [
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
];

pub fn is_hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP
        .iter()
        .any(|h| crate::headers::same_name(h, name))
}

/// `base` with a captured target appended (`replay --keep-path`, the inspector's Copy as curl).
/// The target comes from a sender, so it must be a path (`/…`) and must not move the request
/// to another host: `@evil.example/x` would, and `http://evil/x` is not a path.
pub fn join_target(base: &str, target: &str) -> Result<String, String> {
    if !target.starts_with('/') {
        return Err(format!(
            "the captured target '{}' is not a path: it would name a host of the sender's choosing",
            crate::render::line(target)
        ));
    }
    let url = format!("{}{}", base.trim_end_matches('/'), target);
    let authority = |u: &str| {
        u.parse::<http::Uri>().ok().map(|u| {
            (
                u.scheme_str().map(str::to_string),
                u.authority().map(|a| a.to_string()),
            )
        })
    };
    match (authority(base), authority(&url)) {
        (Some(a), Some(b)) if a == b => Ok(url),
        _ => Err(format!(
            "the captured target '{}' would send the request to another host than {}",
            crate::render::line(target),
            without_userinfo(base)
        )),
    }
}

/// Refuses a `--to` that cannot be sent to: not a URL, not http(s), no host.
pub fn check_url(url: &str) -> anyhow::Result<()> {
    match url_problem(url) {
        Some(why) => Err(crate::exit::Hinted::new(
            format!("--to '{}' {why}", crate::render::line(url)),
            ["for example: --to http://127.0.0.1:3000/webhooks"],
        )
        .into()),
        None => Ok(()),
    }
}

/// What keeps a URL from being sent to, said after it (`… is not an http:// or https://
/// URL`); `None` when it can be.
pub fn url_problem(url: &str) -> Option<String> {
    // Another scheme is named as such even where it does not parse (`file:///x`).
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme.is_some_and(|s| !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https")) {
        return Some("is not an http:// or https:// URL".to_string());
    }
    match url.parse::<ureq::http::Uri>() {
        Err(_) if url.contains(char::is_whitespace) => {
            Some("contains a space: write it as %20".to_string())
        }
        Err(e) => Some(format!("is not a URL ({e})")),
        Ok(u) if !matches!(u.scheme_str(), Some("http" | "https")) => {
            Some("is not an http:// or https:// URL".to_string())
        }
        Ok(u) if u.host().is_none() => Some("names no host".to_string()),
        Ok(_) => None,
    }
}

/// An HTTP client that adds nothing of its own (no User-Agent, no Accept), follows no
/// redirect and treats every status as an answer. `timeout` bounds each step: connecting,
/// sending, waiting for the answer, reading it. Each request leaves in one write when it can
/// (see [`one_write`]).
pub fn agent(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(AutoHeaderValue::None)
        .accept(AutoHeaderValue::None)
        .accept_encoding(AutoHeaderValue::None)
        // Per step rather than one global deadline: ureq's global timeout made every request
        // ~20x slower here (950 vs 37,000 requests/s on a keep-alive connection).
        .timeout_connect(Some(timeout))
        .timeout_send_request(Some(timeout))
        .timeout_send_body(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .timeout_recv_body(Some(timeout))
        // Keep a connection per worker (replay --concurrency up to 256): the default keeps 3
        // per host, and opening a new one per request costs more than the request.
        .max_idle_connections(256)
        .max_idle_connections_per_host(256)
        .build();
    let connector = DefaultConnector::new().chain(CoalescingConnector);
    ureq::Agent::with_parts(config, connector, DefaultResolver::default())
}

/// Builds the request: the method and body as given, the headers as given but hop-by-hop ones.
/// A header that cannot go on the wire is refused by name: a name that is not an HTTP token,
/// or a value holding CR, LF or another control character (a line break would end the header
/// there and start another, so whoever wrote the capture could add headers of their own).
pub fn request<B>(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: B,
) -> Result<http::Request<B>, String> {
    request_exact(method, url, headers, &[], body)
}

/// [`request`], where the headers in `exact` (a name and its text, and the bytes to send for
/// it: a captured value that was not UTF-8) go out as those bytes. Every other value goes out
/// as its UTF-8 bytes.
pub fn request_exact<B>(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    exact: &[((String, String), Vec<u8>)],
    body: B,
) -> Result<http::Request<B>, String> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers.iter().filter(|(n, _)| !is_hop_by_hop(n)) {
        let (wire_name, wire_value) = wire_header(name, wire_bytes(name, value, exact))?;
        builder = builder.header(wire_name, wire_value);
    }
    builder
        .body(body)
        .map_err(|e| format!("cannot build a request to '{}': {e}", without_userinfo(url)))
}

/// The bytes a header's value goes out as: those in `exact` for it (see [`request_exact`]),
/// else its text's.
pub fn wire_bytes<'a>(
    name: &str,
    value: &'a str,
    exact: &'a [((String, String), Vec<u8>)],
) -> &'a [u8] {
    exact
        .iter()
        .find(|((n, v), _)| n == name && v == value)
        .map_or(value.as_bytes(), |(_, b)| b.as_slice())
}

/// A header as it goes on the wire, or why it cannot: its name must be an HTTP token, and its
/// value must hold no CR, LF or other control character (a tab is allowed).
pub fn wire_header(
    name: &str,
    value: &[u8],
) -> Result<(http::HeaderName, http::HeaderValue), String> {
    let wire_name = http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("header name '{name}' cannot be sent: it is not an HTTP token"))?;
    let wire_value = http::HeaderValue::from_bytes(value).map_err(|_| {
        format!("header '{name}' cannot be sent: its value contains CR, LF or another control character")
    })?;
    Ok((wire_name, wire_value))
}

/// A URL as shown to a person: without the user and password it may carry, so
/// `http://user:pass@host/x?q` is shown as `http://host/x?q`.
pub fn without_userinfo(url: &str) -> Cow<'_, str> {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return Cow::Borrowed(url);
    };
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}{}", &url[..start], &url[start + at + 1..])),
        None => Cow::Borrowed(url),
    }
}

/// A failure to get an answer: 502 (unreachable, broken) or 504 (too slow), and what happened,
/// for the person at the terminal (the URL is named, without its userinfo).
pub struct Failed {
    pub status: u16,
    pub message: String,
}

pub fn classify(err: &ureq::Error, url: &str) -> Failed {
    let url = without_userinfo(url);
    match err {
        ureq::Error::Timeout(_) => Failed {
            status: 504,
            message: format!("{url} did not answer in time"),
        },
        other => Failed {
            status: 502,
            message: format!("{url} could not be reached: {other}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_that_would_break_the_request_is_refused_by_name() {
        let request = |name: &str, value: &str| {
            let headers = [(name.to_string(), value.to_string())];
            request("POST", "http://127.0.0.1:9/x", &headers, ()).map(|_| ())
        };
        assert_eq!(
            request("X-Evil", "1\r\nX-Injected: 1"),
            Err("header 'X-Evil' cannot be sent: its value contains CR, LF or another control character".to_string())
        );
        assert!(request("X-Evil", "1\n").is_err());
        assert_eq!(
            request("X Evil", "1"),
            Err("header name 'X Evil' cannot be sent: it is not an HTTP token".to_string())
        );
        assert!(request("X-Fine", "tab\tand ünïcode").is_ok());
    }

    #[test]
    fn urls_are_shown_without_user_and_password() {
        assert_eq!(
            without_userinfo("http://user:pass@host:8/x?q=1"),
            "http://host:8/x?q=1"
        );
        assert_eq!(without_userinfo("https://u@h"), "https://h");
        assert_eq!(without_userinfo("http://a:b@c@host/x@y"), "http://host/x@y");
        assert_eq!(
            without_userinfo("http://host/x?to=a@b"),
            "http://host/x?to=a@b"
        );
        assert!(matches!(
            without_userinfo("http://host/x"),
            Cow::Borrowed(_)
        ));
    }
}
