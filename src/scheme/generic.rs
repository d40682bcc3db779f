//! `hmac`: any HMAC of the raw body in a header the user names. Its sender is not known, so
//! events are named from the usual places, and any platform's request-type names count.

use std::borrow::Cow;

use super::one_header::OneHeader;
use super::platform::{usual_event, Platform, Requests, Row};
use super::{Algorithm, Encoding, Kind};

pub static PLATFORM: Platform = Platform {
    name: "hmac",
    about: "Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)",
    row: Row {
        platform: "anything else",
        headers: "`--header NAME` (given alone, it implies `--scheme hmac`)",
        signed: "body",
        encoding:
            "`--algorithm sha1\\|sha256\\|sha512\\|md5 --encoding hex\\|base64 [--prefix TEXT]`",
        window: "none",
        event: "`hook.event`, `event` or `type`",
    },
    detect: None,
    event: usual_event,
    requests: Requests::AnyPlatform,
    scheme: |params| {
        let p = params.ok_or(
            "--scheme hmac needs --header NAME (and optionally --algorithm, --encoding, --prefix)",
        )?;
        Ok(Box::new(scheme(p)))
    },
    ..Platform::NOTIFIES
};

/// The settings of the generic scheme, from `--header`, `--algorithm`, `--encoding`, `--prefix`.
#[derive(Clone, Debug)]
pub struct HmacParams {
    pub header: String,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    pub prefix: String,
}

pub fn scheme(p: &HmacParams) -> OneHeader {
    OneHeader {
        kind: Kind::HMAC,
        header: Cow::Owned(p.header.clone()),
        alg: p.algorithm,
        encoding: p.encoding,
        prefix: Cow::Owned(p.prefix.clone()),
    }
}
