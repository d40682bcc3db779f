//! `bitrix`: X-Bitrix-Signature, lowercase hex HMAC-SHA256 of the raw body. Bitrix24 itself
//! does not send it: integrations that sign Bitrix24 events before passing them on do.

use std::borrow::Cow;

use super::simple::Simple;
use super::{Algorithm, Encoding, Kind};

pub const SCHEME: Simple = Simple {
    kind: Kind::Bitrix,
    header: Cow::Borrowed("X-Bitrix-Signature"),
    alg: Algorithm::Sha256,
    encoding: Encoding::Hex,
    prefix: Cow::Borrowed(""),
};
