//! A request as a scheme sees it.

use super::{Failure, Kind};
use crate::body::Body;
use crate::headers::same_name;

/// A request as a scheme sees it: headers as received, and the body (its bytes, and what has
/// been read of it, shared with whoever reads it next).
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub headers: &'a [(String, String)],
    pub body: &'a Body<'a>,
    /// The URL the platform called, when `--public-url` says what it is (the tunnel's
    /// address with the request's path and query): schemes that sign it need it.
    pub url: Option<&'a str>,
    /// The request's method, where it is known (HubSpot signs it).
    pub method: Option<&'a str>,
}

impl<'a> Request<'a> {
    pub fn new(headers: &'a [(String, String)], body: &'a Body<'a>) -> Self {
        Request {
            headers,
            body,
            url: None,
            method: None,
        }
    }

    /// The same request, made with `method`.
    pub fn by(self, method: &'a str) -> Self {
        Request {
            method: Some(method),
            ..self
        }
    }

    /// The same request, called at `url`.
    pub fn at(self, url: Option<&'a str>) -> Self {
        Request { url, ..self }
    }

    /// The raw body.
    pub fn bytes(&self) -> &'a [u8] {
        self.body.bytes()
    }

    /// The first non-empty value of a header.
    pub fn header(&self, name: &str) -> Option<String> {
        self.all(name)
            .next()
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Every value of a header, names compared case-insensitively.
    pub fn all<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a str> + 'n
    where
        'a: 'n,
    {
        self.headers
            .iter()
            .filter(move |(n, _)| same_name(n, name))
            .map(|(_, v)| v.trim())
    }

    pub fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }

    /// The one value of a signature header. A header sent twice is refused rather than
    /// guessed at: which copy counts would be up to whoever added the second.
    pub fn one(&self, name: &str) -> Result<Option<&'a str>, Failure> {
        let mut values = self.all(name);
        let first = values.next();
        let extra = values.count();
        if extra > 0 {
            return Err(Failure::Malformed {
                header: name.to_string(),
                why: format!("sent {} times; a sender sends it once", extra + 1),
                hint: None,
            });
        }
        Ok(first)
    }

    pub fn require(&self, name: &str) -> Result<&'a str, Failure> {
        self.one(name)?
            .ok_or_else(|| Failure::MissingHeader(name.to_string()))
    }

    /// The URL the platform called, for a scheme that signs it. Without `--public-url` the
    /// failure says to give it, and with the address a tunnel in front says the request came
    /// to, if one says so.
    pub fn public_url(&self, scheme: Kind) -> Result<&'a str, Failure> {
        self.url.ok_or_else(|| Failure::NoPublicUrl {
            scheme,
            forwarded: self.forwarded_base(),
        })
    }

    /// `proto://host` as a tunnel or proxy in front writes it: `X-Forwarded-Proto`, and
    /// `X-Forwarded-Host` or else `Host` (the first of each, when a chain of proxies wrote
    /// several). A hint for `--public-url` and nothing more: a sender writes these headers too,
    /// so no signature is ever checked against them. None without the protocol, for a host
    /// that does not read as one, and for this machine's own names.
    fn forwarded_base(&self) -> Option<String> {
        let first = |name: &str| {
            let value = self.header(name)?;
            let first = value.split(',').next()?.trim().to_string();
            (!first.is_empty()).then_some(first)
        };
        let proto = first("X-Forwarded-Proto")?.to_ascii_lowercase();
        if proto != "https" && proto != "http" {
            return None;
        }
        let host = first("X-Forwarded-Host").or_else(|| first("Host"))?;
        let reads_as_host = host.len() <= 260
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
        let name = host.rsplit_once(':').map_or(host.as_str(), |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host.as_str()
            }
        });
        let local =
            name.eq_ignore_ascii_case("localhost") || name.starts_with("127.") || name == "[::1]";
        (reads_as_host && !local).then(|| format!("{proto}://{host}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(headers: &[(&str, &str)]) -> Option<String> {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let body = Body::new(b"");
        let req = Request::new(&headers, &body);
        req.forwarded_base()
    }

    #[test]
    fn the_address_a_tunnel_says_it_was_called_at() {
        let cloudflared = [
            ("Host", "abc-123.trycloudflare.com"),
            ("X-Forwarded-Proto", "https"),
        ];
        assert_eq!(
            base(&cloudflared).as_deref(),
            Some("https://abc-123.trycloudflare.com")
        );
        // The forwarded host wins over a Host the proxy rewrote to the local address; the
        // first of a chain is the one the platform called.
        let rewritten = [
            ("Host", "localhost:8080"),
            ("X-Forwarded-Host", "a.ngrok.app, proxy.internal"),
            ("X-Forwarded-Proto", "HTTPS, http"),
        ];
        assert_eq!(base(&rewritten).as_deref(), Some("https://a.ngrok.app"));
        assert_eq!(
            base(&[
                ("Host", "hooks.example.com:8443"),
                ("X-Forwarded-Proto", "https")
            ])
            .as_deref(),
            Some("https://hooks.example.com:8443")
        );
    }

    #[test]
    fn no_address_is_made_up_from_what_does_not_say_one() {
        for headers in [
            // Straight from a local sender: no proxy said the protocol.
            &[("Host", "abc-123.trycloudflare.com")][..],
            &[("Host", "a.example"), ("X-Forwarded-Proto", "ftp")],
            &[("Host", "127.0.0.1:8080"), ("X-Forwarded-Proto", "https")],
            &[("Host", "localhost"), ("X-Forwarded-Proto", "http")],
            &[("Host", "[::1]:8080"), ("X-Forwarded-Proto", "https")],
            &[("Host", "a.example/x?y"), ("X-Forwarded-Proto", "https")],
            &[("Host", "a.example\x1b[2J"), ("X-Forwarded-Proto", "https")],
            &[("X-Forwarded-Proto", "https")],
        ] {
            assert_eq!(base(headers), None, "{headers:?}");
        }
    }
}
