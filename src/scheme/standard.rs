//! `standard` (alias `svix`): Standard Webhooks. `webhook-signature: v1,<base64> [v1,<base64> …]`
//! over `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded secret after its
//! `whsec_` prefix. Svix sends the same under `svix-*` names. Only `v1` entries count (`v1a`,
//! asymmetric, is never accepted here); too old and too new are both refused.

use base64::Engine as _;

use super::platform::{Detect, Platform, Row};
use super::values::{unix_timestamp, v1_entry};
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};
use crate::secret::Secret;

pub static PLATFORM: Platform = Platform {
    name: "standard",
    aliases: &["svix"],
    about: "Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*)",
    row: Row {
        platform: "Standard Webhooks, Svix",
        headers: "`webhook-id/-timestamp/-signature` or `svix-*` (v1a never accepted)",
        signed: "`id.t.body`",
        encoding: "`v1,` + base64; key is base64 after `whsec_`",
        window: "±300 s",
        event: "`type`",
    },
    key: "the secret `whsec_…`",
    detect: Detect::headers(&[WEBHOOK.signature, SVIX.signature]),
    event: |r| r.body.string(&["type"]),
    delivery_id: |r| r.header(WEBHOOK.id).or_else(|| r.header(SVIX.id)),
    scheme: |_| Ok(Box::new(Standard)),
    ..Platform::NOTIFIES
};

pub struct Standard;

/// The header names of one family (`webhook-*` or `svix-*`).
struct Names {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

const WEBHOOK: Names = Names {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};
const SVIX: Names = Names {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

fn decode_secret(secret: &str) -> Result<Vec<u8>, String> {
    let b64 = secret.strip_prefix("whsec_").unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| "a Standard Webhooks secret is base64 (after an optional whsec_ prefix), and this one is not".to_string())
}

impl Scheme for Standard {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let names = if !req.has(WEBHOOK.signature) && req.has(SVIX.signature) {
            &SVIX
        } else {
            &WEBHOOK
        };
        let id = req.require(names.id)?;
        let ts_text = req.require(names.timestamp)?;
        let value = req.require(names.signature)?;
        let ts = unix_timestamp(names.timestamp, ts_text)?;
        let mut found = Found::new(Algorithm::Sha256);
        let mut other_versions = 0;
        for entry in value.split_whitespace() {
            match entry.split_once(',') {
                Some(("v1", sig)) => v1_entry(&mut found, sig, Encoding::Base64),
                Some(_) => other_versions += 1,
                None => {
                    if let Some(mac) = Encoding::Base64.decode(entry, 32) {
                        found.near_miss(mac, "the signature lacks the `v1,` prefix");
                    }
                }
            }
        }
        if found.macs.is_empty() {
            let why = if other_versions > 0 {
                "no well-formed v1,<base64> entry (v1a and other versions are never accepted)"
            } else {
                "no well-formed v1,<base64> entry"
            };
            found.problem = Some((names.signature.into(), why.into()));
        }
        found.prefix = format!("{id}.{ts}.").into_bytes();
        found.timestamp = Some(Stamp {
            at: ts,
            window: Window::Both,
            tolerance: 300,
        });
        Ok(found)
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        decode_secret(secret.expose())
    }

    fn wrong_keys(&self, secret: &Secret) -> Vec<(Vec<u8>, &'static str)> {
        let text = secret.expose();
        let mut keys = vec![(
            text.as_bytes().to_vec(),
            "signature matches the secret used as plain text; a Standard Webhooks secret must be base64-decoded after its whsec_ prefix",
        )];
        if let Some(rest) = text.strip_prefix("whsec_") {
            keys.push((
                rest.as_bytes().to_vec(),
                "signature matches the secret after whsec_ used as plain text; it must be base64-decoded",
            ));
        }
        keys
    }

    fn signs_with_several(&self) -> bool {
        true
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let prefix = format!("{}.{}.", ctx.id, ctx.timestamp);
        let sigs: Vec<String> = keys
            .iter()
            .map(|k| {
                format!(
                    "v1,{}",
                    Encoding::Base64.encode(&Algorithm::Sha256.mac(k, &[prefix.as_bytes(), body]))
                )
            })
            .collect();
        Ok(vec![
            (WEBHOOK.id.into(), ctx.id.clone()),
            (WEBHOOK.timestamp.into(), ctx.timestamp.to_string()),
            (WEBHOOK.signature.into(), sigs.join(" ")),
        ])
    }
}
