//! A request as a scheme sees it.

use super::Failure;
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
}
