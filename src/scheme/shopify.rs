//! `shopify`: X-Shopify-Hmac-Sha256, standard base64 of the HMAC-SHA256 of the raw body.

use std::borrow::Cow;

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Requests, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Shopify-Hmac-Sha256";

pub static PLATFORM: Platform = Platform {
    name: "shopify",
    aliases: &[],
    about: "Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64",
    valid: "signature valid",
    row: Row {
        platform: "Shopify",
        headers: "`X-Shopify-Hmac-Sha256`",
        signed: "body",
        encoding: "HMAC-SHA256 base64",
        window: "none",
        event: "`X-Shopify-Topic`",
    },
    detect: Some(Detect {
        headers: &[HEADER],
        body: None,
        test: None,
    }),
    event: |r| r.header("x-shopify-topic"),
    delivery_id: |r| r.header("x-shopify-webhook-id"),
    sequence: None,
    requests: Requests::Never,
    form: false,
    scheme: |_| Ok(Box::new(SCHEME)),
};

const SCHEME: OneHeader = OneHeader {
    kind: Kind(&PLATFORM),
    header: Cow::Borrowed(HEADER),
    alg: Algorithm::Sha256,
    encoding: Encoding::Base64,
    prefix: Cow::Borrowed(""),
};
