//! `shopify`: X-Shopify-Hmac-Sha256, standard base64 of the HMAC-SHA256 of the raw body.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row};
use super::{Algorithm, Encoding, Kind};

const HEADER: &str = "X-Shopify-Hmac-Sha256";

pub static PLATFORM: Platform = Platform {
    name: "shopify",
    about: "Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64",
    row: Row {
        platform: "Shopify",
        headers: "`X-Shopify-Hmac-Sha256`",
        signed: "body",
        encoding: "HMAC-SHA256 base64",
        window: "none",
        event: "`X-Shopify-Topic`",
    },
    key: "the app secret",
    detect: Detect::headers(&[HEADER]),
    event: |r| r.header("x-shopify-topic"),
    delivery_id: |r| r.header("x-shopify-webhook-id"),
    scheme: |_| Ok(Box::new(SCHEME)),
    ..Platform::NOTIFIES
};

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Base64,
    "",
);
