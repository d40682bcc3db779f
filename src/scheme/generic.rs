//! `hmac`: any HMAC of the raw body in a header the user names.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Kind};

/// The settings of the generic scheme, from `--header`, `--algorithm`, `--encoding`, `--prefix`.
#[derive(Clone, Debug)]
pub struct HmacParams {
    pub header: String,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    pub prefix: String,
}

pub fn scheme(p: &HmacParams) -> Simple {
    Simple {
        kind: Kind::Hmac,
        header: Cow::Owned(p.header.clone()),
        alg: p.algorithm,
        encoding: p.encoding,
        prefix: Cow::Owned(p.prefix.clone()),
    }
}
