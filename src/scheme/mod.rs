//! Signature schemes: one file per platform, all checked by one engine.
//!
//! Most platforms sign the raw body (sometimes behind a prefix such as Stripe's `<t>.`) with an
//! HMAC and put the encoded MAC in a header. A scheme's job is to find those MACs and the signed
//! prefix in a request ([`Scheme::parse`]) and to turn a secret into key bytes; the engine in
//! [`check`] does the constant-time comparison, the timestamp window, and, when nothing matches,
//! the diagnosis of the usual accidents (see [`diagnose`]).
//!
//! A few platforms sign with a private key instead (Ed25519, ECDSA P-256), checked with the
//! public key they show ([`Keys::public`]); `asymmetric.rs` holds what those schemes share, and
//! each overrides [`Scheme::verify_keys`].

mod asymmetric;
mod choice;
mod engine;
mod failure;
mod mac;
mod platform;
mod request;
mod signing;
pub use choice::SchemeChoice;
pub use engine::check;
pub use failure::Failure;
pub use mac::{Algorithm, Claimed, Encoding};
pub use platform::{
    classify, delivery_id, detect, event_name, CheckedWith, EventKind, Kind, Platform, Requests,
    Row, Sample, Sequence,
};
pub use platform::{handshake, Call, Handshake, HandshakeKeys, Handshaken};
pub use request::Request;
pub use signing::{content_type, fresh_message_id, signing_keys};
mod asana;
mod bitbucket;
mod bitrix;
mod bitrix_token;
mod blue;
mod bpium;
mod calendly;
mod discord;
mod dropbox;
mod generic;
mod github;
mod gitlab;
mod hubspot;
mod intercom;
mod linear;
mod mailgun;
mod meta;
mod msgraph;
mod one_header;
mod paddle;
mod sendgrid;
mod shopify;
mod slack;
mod square;
mod standard;
mod stripe;
mod twilio;
mod twitch;
mod typeform;
mod values;
mod woocommerce;
mod x;
mod zoom;

use crate::secret::{PublicKey, Secret};

pub use bitrix_token::BITRIX_NOT_A_SIGNATURE;
pub use generic::HmacParams;

/// Every platform, in the order `--help` and the README list them. Adding a platform is its
/// file (its [`Platform`] record and its [`Scheme`]) and a line here.
static PLATFORMS: [Kind; 31] = [
    Kind(&bitrix::PLATFORM),
    Kind(&bitrix_token::PLATFORM),
    Kind(&blue::PLATFORM),
    Kind(&bpium::PLATFORM),
    Kind(&github::PLATFORM),
    Kind(&stripe::PLATFORM),
    Kind(&standard::PLATFORM),
    Kind(&slack::PLATFORM),
    Kind(&shopify::PLATFORM),
    Kind(&gitlab::PLATFORM),
    Kind(&bitbucket::PLATFORM),
    Kind(&meta::PLATFORM),
    Kind(&intercom::PLATFORM),
    Kind(&x::PLATFORM),
    Kind(&asana::PLATFORM),
    Kind(&twitch::PLATFORM),
    Kind(&zoom::PLATFORM),
    Kind(&linear::PLATFORM),
    Kind(&calendly::PLATFORM),
    Kind(&paddle::PLATFORM),
    Kind(&typeform::PLATFORM),
    Kind(&woocommerce::PLATFORM),
    Kind(&dropbox::PLATFORM),
    Kind(&msgraph::PLATFORM),
    Kind(&mailgun::PLATFORM),
    Kind(&discord::PLATFORM),
    Kind(&sendgrid::PLATFORM),
    Kind(&twilio::PLATFORM),
    Kind(&square::PLATFORM),
    Kind(&hubspot::PLATFORM),
    Kind(&generic::PLATFORM),
];

impl Kind {
    /// The generic scheme: any HMAC in a header the user names.
    pub const HMAC: Kind = Kind(&generic::PLATFORM);
}

/// Which side of "now" a timestamp may stray to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Only "too old" is checked (Stripe).
    PastOnly,
    /// Too old and too new are both refused (Standard Webhooks, Slack).
    Both,
}

/// A signed timestamp, and the window its platform allows unless `--tolerance` says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Unix seconds.
    pub at: i64,
    pub window: Window,
    /// The platform's own tolerance, in seconds.
    pub tolerance: u64,
}

/// A signature value that is written wrongly but might still be the right MAC: tried only to
/// explain a failure, never accepted.
pub struct NearMiss {
    pub mac: Claimed,
    pub note: String,
}

/// What a scheme found in a request.
pub struct Found {
    pub alg: Algorithm,
    /// Bytes signed before the body (`<t>.` for Stripe, `<id>.<ts>.` for Standard Webhooks).
    pub prefix: Vec<u8>,
    /// Well-formed signatures of the accepted version; the request is valid if any matches.
    pub macs: Vec<Claimed>,
    /// Set when `macs` is empty: the header and what is wrong with it.
    pub problem: Option<(String, String)>,
    pub near: Vec<NearMiss>,
    pub timestamp: Option<Stamp>,
    /// Whether the body follows the prefix in what is signed (Mailgun signs only its
    /// timestamp and token).
    pub signed_body: bool,
    /// Bytes signed after the body (HubSpot's timestamp).
    pub suffix: Vec<u8>,
}

impl Found {
    /// A well-formed MAC the request carries.
    pub fn claim(&mut self, mac: Vec<u8>) {
        self.macs.push(Claimed(mac));
    }

    /// A MAC written wrongly that might still be right, and what is wrong with it.
    pub fn near_miss(&mut self, mac: Vec<u8>, note: impl Into<String>) {
        self.near.push(NearMiss {
            mac: Claimed(mac),
            note: note.into(),
        });
    }

    pub fn new(alg: Algorithm) -> Self {
        Found {
            alg,
            prefix: Vec::new(),
            macs: Vec::new(),
            problem: None,
            near: Vec::new(),
            timestamp: None,
            signed_body: true,
            suffix: Vec::new(),
        }
    }
}

/// What a signing run needs besides the body and the keys.
pub struct SignContext {
    pub timestamp: i64,
    pub id: String,
    /// The URL the platform calls (`--public-url` with `--path`), for schemes that sign it.
    pub url: Option<String>,
}

pub type Headers = Vec<(String, String)>;

/// The keys a check may use: shared secrets (HMAC keys, tokens) and the public keys that check
/// signatures made with a private key. Resolved once, in the [`Checker`](crate::check::Checker).
#[derive(Clone, Copy, Default)]
pub struct Keys<'a> {
    pub secrets: &'a [Secret],
    pub public: &'a [PublicKey],
}

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

    /// The headers to send with `body`, signed with every key given. A scheme that signs
    /// nothing ([`Scheme::not_signed`]) says why.
    fn sign(&self, _body: &[u8], _keys: &[Vec<u8>], _ctx: &SignContext) -> Result<Headers, String> {
        let why = self
            .not_signed()
            .map_or("this scheme cannot sign", |(why, _)| why);
        Err(why.into())
    }

    /// When the scheme signs nothing (the secret itself travels in the request): why, and
    /// what to do instead.
    fn not_signed(&self) -> Option<(&'static str, &'static [&'static str])> {
        None
    }

    /// Whether its requests carry the secret itself (a token, a clientState): a fixture of
    /// one would commit the secret.
    fn carries_secret(&self) -> bool {
        false
    }

    /// Checks a request against the secrets: the whole check of an HMAC scheme.
    fn verify(&self, req: &Request, secrets: &[Secret], clock: &Clock) -> Result<(), Failure> {
        check(self, req, secrets, clock)
    }

    /// Checks a request against every key given; what the checker calls. A scheme that signs
    /// with a private key overrides it to use the public keys; the others check the secrets.
    fn verify_keys(&self, req: &Request, keys: Keys, clock: &Clock) -> Result<(), Failure> {
        self.verify(req, keys.secrets, clock)
    }

    /// Whether this scheme can check signatures with a public key written this way, and if
    /// not, why (a scheme that signs with a shared secret uses none).
    fn reads_public_key(&self, _key: &PublicKey) -> Result<(), String> {
        Err(format!(
            "scheme {} checks with a shared secret (--secret), not a public key",
            self.kind()
        ))
    }

    /// The public key of a private signing key given as a secret, for schemes that sign with
    /// one (`replay --resign` finds the key that signed a capture by it).
    fn public_key_of(&self, _secret: &Secret) -> Option<PublicKey> {
        None
    }

    /// The headers that sign `body` with the secrets given (`sign`, `replay --resign`). Each
    /// secret becomes a key ([`Scheme::key`]) for [`Scheme::sign`]; a scheme whose secrets can
    /// be of more than one kind (standard: `whsec_` and `whsk_`) overrides this.
    fn sign_secrets(
        &self,
        body: &[u8],
        secrets: &[Secret],
        ctx: &SignContext,
    ) -> anyhow::Result<Headers> {
        let keys = signing_keys(self, secrets)?;
        self.sign(body, &keys, ctx).map_err(anyhow::Error::msg)
    }
}

/// "Now" and the replay window for timestamped schemes.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub now: i64,
    pub tolerance: Tolerance,
}

/// How far a signed timestamp may be from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tolerance {
    /// Each platform's own window (`Stamp::tolerance`).
    Platform,
    /// `--tolerance SECONDS`, for every platform.
    Seconds(u64),
    /// `--no-tolerance`: timestamps are not checked.
    Off,
}

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
