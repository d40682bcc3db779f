//! `stripe`: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]` over `<t>.<body>`, keyed with
//! the whole `whsec_…` string as UTF-8. Only `v1` entries count; only "too old" is checked.

use base64::Engine as _;

use super::platform::{Detect, Platform, Row, Sample};
use super::values::v1_entry;
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};
use crate::secret::Secret;

const HEADER: &str = "Stripe-Signature";

pub static PLATFORM: Platform = Platform {
    name: "stripe",
    about: "Stripe: Stripe-Signature t=…,v1=…",
    row: Row {
        platform: "Stripe",
        headers: "`Stripe-Signature: t=…,v1=…` (v0 never accepted)",
        signed: "`t.body`",
        encoding: "hex; key is the whole `whsec_…` text",
        window: "300 s, too old only",
        event: "`type`",
    },
    key: "the endpoint secret `whsec_…`",
    detect: Detect::headers(&[HEADER]),
    event: |r| r.body.string(&["type"]),
    delivery_id: |r| r.body.string(&["id"]),
    scheme: |_| Ok(Box::new(Stripe)),
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 1] = [Sample {
    name: "payment_intent.succeeded",
    shows: None,
    about: "a payment went through",
    headers: &[
        (
            "User-Agent",
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        ),
        ("Content-Type", "application/json; charset=utf-8"),
    ],
    body: r#"{
  "id": "evt_3Q{{n}}HookscopeSample",
  "object": "event",
  "api_version": "2024-06-20",
  "created": {{ts}},
  "data": {
    "object": {
      "id": "pi_3Q{{n}}HookscopeSample",
      "object": "payment_intent",
      "amount": 2000,
      "amount_received": 2000,
      "currency": "usd",
      "customer": null,
      "livemode": false,
      "metadata": {},
      "payment_method_types": [
        "card"
      ],
      "status": "succeeded"
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {
    "id": "req_{{n}}",
    "idempotency_key": "{{uuid}}"
  },
  "type": "payment_intent.succeeded"
}"#,
}];

pub struct Stripe;

impl Scheme for Stripe {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(HEADER)?;
        let malformed = |why: &str| Failure::Malformed {
            header: HEADER.into(),
            why: why.into(),
            hint: None,
        };
        let mut found = Found::new(Algorithm::Sha256);
        let mut timestamp = None;
        let mut other_versions = 0;
        for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let Some((k, v)) = item.split_once('=') else {
                return Err(malformed(&format!("entry '{item}' is not key=value")));
            };
            match k {
                "t" => {
                    let t: i64 = v
                        .parse()
                        .map_err(|_| malformed("t= is not a Unix timestamp"))?;
                    timestamp = Some(t);
                }
                "v1" => v1_entry(&mut found, v, Encoding::Hex),
                _ => other_versions += 1,
            }
        }
        let t = timestamp.ok_or_else(|| malformed("no t= timestamp"))?;
        if found.macs.is_empty() {
            let why = if other_versions > 0 {
                "no well-formed v1= signature (v0 and other versions are never accepted)"
            } else {
                "no well-formed v1= signature (64 hex digits)"
            };
            found.problem = Some((HEADER.into(), why.into()));
        }
        found.prefix = format!("{t}.").into_bytes();
        found.timestamp = Some(Stamp {
            at: t,
            window: Window::PastOnly,
            tolerance: 300,
        });
        Ok(found)
    }

    fn wrong_keys(&self, secret: &Secret) -> Vec<(Vec<u8>, &'static str)> {
        let Some(rest) = secret.expose().strip_prefix("whsec_") else {
            return Vec::new();
        };
        let mut keys = vec![(
            rest.as_bytes().to_vec(),
            "signature matches the secret without its whsec_ prefix; Stripe signs with the whole whsec_… string",
        )];
        if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest) {
            keys.push((
                decoded,
                "signature matches the secret base64-decoded after whsec_ (as Standard Webhooks does); Stripe signs with the whole whsec_… string as text",
            ));
        }
        keys
    }

    fn signs_with_several(&self) -> bool {
        true
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let t = ctx.timestamp.to_string();
        let mut value = format!("t={t}");
        for key in keys {
            let mac = Algorithm::Sha256.mac(key, &[t.as_bytes(), b".", body]);
            value.push_str(",v1=");
            value.push_str(&hex::encode(mac));
        }
        Ok(vec![(HEADER.into(), value)])
    }
}
