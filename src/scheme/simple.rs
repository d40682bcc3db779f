//! The shape most platforms share: one header holding an encoded HMAC of the raw body,
//! perhaps behind a fixed prefix (`sha256=`). Bitrix, Blue, Bpium, Shopify, GitHub and the
//! generic `hmac` scheme are this engine with different settings.

use std::borrow::Cow;

use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, NearMiss, Request, Scheme, SignContext,
};

pub struct Simple {
    pub kind: Kind,
    pub header: Cow<'static, str>,
    pub alg: Algorithm,
    pub encoding: Encoding,
    pub prefix: Cow<'static, str>,
}

impl Simple {
    pub fn value(&self, mac: &[u8]) -> String {
        format!("{}{}", self.prefix, self.encoding.encode(mac))
    }
}

impl Scheme for Simple {
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

/// Reads one `<prefix><encoded MAC>` value into `found`: a well-formed MAC, or the problem
/// with it and any near miss (other encoding, missing prefix) that could explain a failure.
pub fn read_value(found: &mut Found, header: &str, value: &str, enc: Encoding, prefix: &str) {
    let alg = found.alg;
    let len = alg.mac_len();
    match value.strip_prefix(prefix) {
        Some(rest) => match enc.decode(rest, len) {
            Some(mac) => found.macs.push(mac),
            None => {
                let mut want = match enc {
                    Encoding::Hex => format!("{} hex digits", len * 2),
                    Encoding::Base64 => format!("{} base64 characters", len.div_ceil(3) * 4),
                };
                if !prefix.is_empty() {
                    want = format!("`{prefix}` and {want}");
                }
                found.problem = Some((
                    header.to_string(),
                    format!(
                        "expected {want} (the {} of an {}), found {} characters",
                        enc.name(),
                        alg.name(),
                        rest.chars().count()
                    ),
                ));
                if let Some(mac) = enc.other().decode(rest, len) {
                    found.near.push(NearMiss {
                        mac,
                        note: format!(
                            "the signature is written in {} where {} is expected",
                            enc.other().name(),
                            enc.name()
                        ),
                    });
                }
            }
        },
        None => {
            found.problem = Some((
                header.to_string(),
                format!("value does not start with `{prefix}`"),
            ));
            for e in [enc, enc.other()] {
                if let Some(mac) = e.decode(value, len) {
                    let mut note = format!("the header lacks the `{prefix}` prefix");
                    if e != enc {
                        note.push_str(&format!(
                            " and is written in {} where {} is expected",
                            e.name(),
                            enc.name()
                        ));
                    }
                    found.near.push(NearMiss { mac, note });
                }
            }
        }
    }
}
