//! The shape most platforms share: one header holding an encoded HMAC of the raw body,
//! perhaps behind a fixed prefix (`sha256=`). Bitrix, Blue, Bpium, Shopify, GitHub and the
//! generic `hmac` scheme are this one scheme with different settings.

use std::borrow::Cow;

use super::values::read_value;
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

pub struct OneHeader {
    pub kind: Kind,
    pub header: Cow<'static, str>,
    pub alg: Algorithm,
    pub encoding: Encoding,
    pub prefix: Cow<'static, str>,
}

impl OneHeader {
    /// A platform's own: fixed header, algorithm, encoding and prefix.
    pub const fn fixed(
        kind: Kind,
        header: &'static str,
        alg: Algorithm,
        encoding: Encoding,
        prefix: &'static str,
    ) -> OneHeader {
        OneHeader {
            kind,
            header: Cow::Borrowed(header),
            alg,
            encoding,
            prefix: Cow::Borrowed(prefix),
        }
    }

    pub fn value(&self, mac: &[u8]) -> String {
        format!("{}{}", self.prefix, self.encoding.encode(mac))
    }
}

impl Scheme for OneHeader {
    fn kind(&self) -> Kind {
        self.kind
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(&self.header)?;
        let mut found = Found::new(self.alg);
        read_value(&mut found, &self.header, value, self.encoding, &self.prefix);
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], _ctx: &SignContext) -> Result<Headers, String> {
        let mac = self.alg.mac(&keys[0], &[body]);
        Ok(vec![(self.header.to_string(), self.value(&mac))])
    }
}
