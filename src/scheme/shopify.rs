//! `shopify`: X-Shopify-Hmac-Sha256, standard base64 of the HMAC-SHA256 of the raw body.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row, Sample};
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
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 1] = [Sample {
    name: "orders/create",
    shows: None,
    about: "an order was placed",
    headers: &[
        ("User-Agent", "Shopify-Captain-Hook"),
        ("X-Shopify-Topic", "orders/create"),
        ("X-Shopify-Shop-Domain", "example.myshopify.com"),
        ("X-Shopify-API-Version", "2025-01"),
        ("X-Shopify-Webhook-Id", "{{uuid}}"),
        ("X-Shopify-Event-Id", "{{uuid}}"),
        ("X-Shopify-Triggered-At", "{{iso_ms}}"),
    ],
    body: r##"{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","email":"jon@example.com","created_at":"{{iso}}","currency":"USD","financial_status":"paid","name":"#9999","order_number":1234,"total_price":"403.00","subtotal_price":"393.00","total_tax":"0.00","line_items":[{"id":866550311766439020,"title":"Aviator sunglasses","quantity":1,"price":"89.99","sku":"SKU2006-001"}],"customer":{"id":115310627314723954,"email":"john@example.com","first_name":"John","last_name":"Smith"}}"##,
}];

const SCHEME: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    HEADER,
    Algorithm::Sha256,
    Encoding::Base64,
    "",
);
