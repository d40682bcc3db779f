//! `shopify`: X-Shopify-Hmac-Sha256, standard base64 of the HMAC-SHA256 of the raw body.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Kind};

pub const SCHEME: Simple = Simple {
    kind: Kind::Shopify,
    header: Cow::Borrowed("X-Shopify-Hmac-Sha256"),
    alg: Algorithm::Sha256,
    encoding: Encoding::Base64,
    prefix: Cow::Borrowed(""),
};
