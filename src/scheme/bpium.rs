//! `bpium`: Bpium's X-Hook-Signature, standard base64 of the HMAC-MD5 of the raw body.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Kind};

pub const SCHEME: Simple = Simple {
    kind: Kind::Bpium,
    header: Cow::Borrowed("X-Hook-Signature"),
    alg: Algorithm::Md5,
    encoding: Encoding::Base64,
    prefix: Cow::Borrowed(""),
};
