//! Signature schemes: one file per platform, all checked by one engine.
//!
//! Most platforms sign the raw body (sometimes behind a prefix such as Stripe's `<t>.`) with an
//! HMAC and put the encoded MAC in a header. A scheme's job is to find those MACs and the signed
//! prefix in a request ([`Scheme::parse`]) and to turn a secret into key bytes; the engine in
//! [`check`] does the constant-time comparison, the timestamp window, and, when nothing matches,
//! the diagnosis of the usual accidents (see [`diagnose`]).

mod choice;
mod engine;
mod failure;
mod mac;
mod request;
mod signing;
pub use choice::SchemeChoice;
pub use engine::check;
pub use failure::{Failure, Verdict};
pub use mac::{Algorithm, Encoding};
pub use request::Request;
pub use signing::{content_type, fresh_message_id, signing_keys};
mod bitrix;
mod bitrix_token;
mod blue;
mod bpium;
mod generic;
mod github;
mod shopify;
mod simple;
mod slack;
mod standard;
mod stripe;

use std::fmt;

use clap::ValueEnum;

use crate::secret::Secret;

pub use bitrix_token::BITRIX_NOT_A_SIGNATURE;
pub use generic::HmacParams;

/// The schemes hookscope knows, by the name the user types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum)]
pub enum Kind {
    /// Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex.
    Bitrix,
    /// Bitrix24 outgoing webhook: auth[application_token] in the form body.
    BitrixToken,
    /// Blue: X-Signature, HMAC-SHA256 hex.
    Blue,
    /// Bpium: X-Hook-Signature, HMAC-MD5 base64.
    Bpium,
    /// GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent).
    Github,
    /// Stripe: Stripe-Signature t=…,v1=….
    Stripe,
    /// Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*).
    #[value(alias = "svix")]
    Standard,
    /// Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp.
    Slack,
    /// Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64.
    Shopify,
    /// Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix).
    Hmac,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bitrix => "bitrix",
            Kind::BitrixToken => "bitrix-token",
            Kind::Blue => "blue",
            Kind::Bpium => "bpium",
            Kind::Github => "github",
            Kind::Stripe => "stripe",
            Kind::Standard => "standard",
            Kind::Slack => "slack",
            Kind::Shopify => "shopify",
            Kind::Hmac => "hmac",
        }
    }

    /// The scheme itself. `hmac` needs its parameters; the others ignore them.
    pub fn scheme(self, params: Option<&HmacParams>) -> Result<Box<dyn Scheme>, String> {
        Ok(match self {
            Kind::Bitrix => Box::new(bitrix::SCHEME),
            Kind::BitrixToken => Box::new(bitrix_token::BitrixToken),
            Kind::Blue => Box::new(blue::SCHEME),
            Kind::Bpium => Box::new(bpium::SCHEME),
            Kind::Github => Box::new(github::Github),
            Kind::Stripe => Box::new(stripe::Stripe),
            Kind::Standard => Box::new(standard::Standard),
            Kind::Slack => Box::new(slack::Slack),
            Kind::Shopify => Box::new(shopify::SCHEME),
            Kind::Hmac => {
                let p = params.ok_or("--scheme hmac needs --header NAME (and optionally --algorithm, --encoding, --prefix)")?;
                Box::new(generic::scheme(p))
            }
        })
    }

    /// The scheme, with a hint on what to give when it cannot be made (`hmac` without
    /// `--header`).
    pub fn build(self, params: Option<&HmacParams>) -> anyhow::Result<Box<dyn Scheme>> {
        self.scheme(params).map_err(|why| {
            crate::exit::Hinted::new(
                why,
                ["for example: --scheme hmac --header X-Signature --algorithm sha256 --encoding hex"],
            )
            .into()
        })
    }

    /// Every scheme.
    pub fn all() -> &'static [Kind] {
        <Kind as ValueEnum>::value_variants()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which side of "now" a timestamp may stray to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Only "too old" is checked (Stripe).
    PastOnly,
    /// Too old and too new are both refused (Standard Webhooks, Slack).
    Both,
}

/// A signature value that is written wrongly but might still be the right MAC: tried only to
/// explain a failure, never accepted.
pub struct NearMiss {
    pub mac: Vec<u8>,
    pub note: String,
}

/// What a scheme found in a request.
pub struct Found {
    pub alg: Algorithm,
    /// Bytes signed before the body (`<t>.` for Stripe, `<id>.<ts>.` for Standard Webhooks).
    pub prefix: Vec<u8>,
    /// Well-formed signatures of the accepted version; the request is valid if any matches.
    pub macs: Vec<Vec<u8>>,
    /// Set when `macs` is empty: the header and what is wrong with it.
    pub problem: Option<(String, String)>,
    pub near: Vec<NearMiss>,
    pub timestamp: Option<(i64, Window)>,
}

impl Found {
    pub fn new(alg: Algorithm) -> Self {
        Found {
            alg,
            prefix: Vec::new(),
            macs: Vec::new(),
            problem: None,
            near: Vec::new(),
            timestamp: None,
        }
    }
}

/// What a signing run needs besides the body and the keys.
pub struct SignContext {
    pub timestamp: i64,
    pub id: String,
}

pub type Headers = Vec<(String, String)>;

pub trait Scheme: Send + Sync {
    fn kind(&self) -> Kind;

    /// The signatures a request carries, or why there are none.
    fn parse(&self, req: &Request) -> Result<Found, Failure>;

    /// The key bytes a secret stands for.
    fn key(&self, secret: &Secret) -> Result<Vec<u8>, String> {
        Ok(secret.expose().as_bytes().to_vec())
    }

    /// Keys a sender might wrongly have derived from the secret, each with what went wrong.
    fn wrong_keys(&self, _secret: &Secret) -> Vec<(Vec<u8>, &'static str)> {
        Vec::new()
    }

    /// Whether several secrets can sign one request (several signatures in one header).
    fn signs_with_several(&self) -> bool {
        false
    }

    /// The headers to send with `body`, signed with every key given.
    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String>;

    /// Checks a request against the secrets.
    fn verify(&self, req: &Request, secrets: &[Secret], clock: &Clock) -> Verdict {
        check(self, req, secrets, clock)
    }
}

/// "Now" and the replay window for timestamped schemes.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub now: i64,
    /// `None` switches the window off.
    pub tolerance: Option<u64>,
}

/// Picks the scheme from the headers present (`--scheme auto`).
pub fn detect(req: &Request) -> Result<Kind, Failure> {
    let mut found: Vec<Kind> = Vec::new();
    let mut notes = Vec::new();
    // `hmac` has no header of its own to be recognised by.
    for &kind in Kind::all().iter().filter(|k| **k != Kind::Hmac) {
        match kind {
            Kind::Bitrix if req.has("x-bitrix-signature") => found.push(kind),
            Kind::BitrixToken if bitrix_token::carries_token(req.body) => found.push(kind),
            Kind::Blue if req.has("x-signature") => found.push(kind),
            Kind::Bpium if req.has("x-hook-signature") => {
                // Asana sends X-Hook-Signature too, as SHA-256 hex; Bpium's is MD5 base64.
                let looks_bpium = req
                    .all("x-hook-signature")
                    .all(|v| Encoding::Base64.decode(v, 16).is_some());
                if looks_bpium {
                    found.push(kind);
                } else {
                    notes.push("X-Hook-Signature is sent by Bpium (HMAC-MD5 base64) and by Asana (HMAC-SHA256 hex), and this value is not Bpium's shape");
                    return Err(Failure::Ambiguous {
                        candidates: vec![Kind::Bpium, Kind::Hmac],
                        why: format!("{}; name the scheme with hookscope's --scheme bpium, or --scheme hmac --header X-Hook-Signature --algorithm sha256", notes.join("; ")),
                    });
                }
            }
            Kind::Github if req.has("x-hub-signature-256") || req.has("x-hub-signature") => {
                found.push(kind)
            }
            Kind::Stripe if req.has("stripe-signature") => found.push(kind),
            Kind::Standard if req.has("webhook-signature") || req.has("svix-signature") => {
                found.push(kind)
            }
            Kind::Slack if req.has("x-slack-signature") => found.push(kind),
            Kind::Shopify if req.has("x-shopify-hmac-sha256") => found.push(kind),
            _ => {}
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(Failure::NoScheme {
            why: "none of the known signature headers (X-Bitrix-Signature, X-Signature, X-Hook-Signature, X-Hub-Signature-256, Stripe-Signature, webhook-signature, svix-signature, X-Slack-Signature, X-Shopify-Hmac-Sha256) nor a Bitrix24 auth[application_token] field is present; name the scheme with hookscope's --scheme".into(),
        }),
        _ => Err(Failure::Ambiguous {
            candidates: found,
            why: "the request carries the marks of more than one scheme; name the one to check with hookscope's --scheme".into(),
        }),
    }
}

#[cfg(test)]
mod tests;
