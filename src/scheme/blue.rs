//! `blue`: Blue's X-Signature, lowercase hex HMAC-SHA256 of the raw body.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Kind};

pub const SCHEME: Simple = Simple {
    kind: Kind::Blue,
    header: Cow::Borrowed("X-Signature"),
    alg: Algorithm::Sha256,
    encoding: Encoding::Hex,
    prefix: Cow::Borrowed(""),
};
