//! Signature schemes: one file per platform, all checked by one engine.
//!
//! Most platforms sign the raw body (sometimes behind a prefix such as Stripe's `<t>.`) with an
//! HMAC and put the encoded MAC in a header. A scheme's job is to find those MACs and the signed
//! prefix in a request ([`Scheme::parse`]) and to turn a secret into key bytes; the engine in
//! [`check`] does the constant-time comparison, the timestamp window, and, when nothing matches,
//! the diagnosis of the usual accidents (see [`diagnose`]).

mod choice;
mod signing;
pub use choice::SchemeChoice;
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

use base64::Engine as _;
use clap::ValueEnum;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

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

/// A request as a scheme sees it: headers as received, and the raw body bytes.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    pub fn new(headers: &'a [(String, String)], body: &'a [u8]) -> Self {
        Request { headers, body }
    }

    /// Every value of a header, names compared case-insensitively.
    pub fn all<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a str> + 'n
    where
        'a: 'n,
    {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    pub fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }

    /// The one value of a signature header. A header sent twice is refused rather than
    /// guessed at: which copy counts would be up to whoever added the second.
    pub fn one(&self, name: &str) -> Result<Option<&'a str>, Failure> {
        let mut values = self.all(name);
        let first = values.next();
        let extra = values.count();
        if extra > 0 {
            return Err(Failure::Malformed {
                header: name.to_string(),
                why: format!("sent {} times; a sender sends it once", extra + 1),
                hint: None,
            });
        }
        Ok(first)
    }

    pub fn require(&self, name: &str) -> Result<&'a str, Failure> {
        self.one(name)?
            .ok_or_else(|| Failure::MissingHeader(name.to_string()))
    }
}

/// The MAC algorithms in use by the platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
    Md5,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
            Algorithm::Sha512 => "HMAC-SHA512",
            Algorithm::Md5 => "HMAC-MD5",
        }
    }

    pub fn mac_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
            Algorithm::Md5 => 16,
        }
    }

    fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> M {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC accepts keys of any length");
        for part in parts {
            mac.update(part);
        }
        mac
    }

    /// The MAC of the concatenated parts.
    pub fn mac(self, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        match self {
            Algorithm::Sha1 => Self::keyed::<Hmac<sha1::Sha1>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha256 => Self::keyed::<Hmac<sha2::Sha256>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha512 => Self::keyed::<Hmac<sha2::Sha512>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Md5 => Self::keyed::<Hmac<md5::Md5>>(key, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
        }
    }

    /// Whether the MAC of the parts under `key` equals any of `candidates`. The MAC is
    /// computed once; each comparison is constant-time (`subtle`), and every candidate is
    /// compared, so the time taken does not tell which one matched.
    pub fn matches_any(self, key: &[u8], parts: &[&[u8]], candidates: &[Vec<u8>]) -> bool {
        let tag = self.mac(key, parts);
        candidates
            .iter()
            .fold(subtle::Choice::from(0), |acc, c| {
                acc | tag.as_slice().ct_eq(c.as_slice())
            })
            .into()
    }
}

/// How a MAC is written in a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Hex,
    Base64,
}

impl Encoding {
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Hex => hex::encode(bytes),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    /// Decodes a MAC of exactly `len` bytes.
    pub fn decode(self, text: &str, len: usize) -> Option<Vec<u8>> {
        let bytes = match self {
            Encoding::Hex => hex::decode(text).ok()?,
            Encoding::Base64 => base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()?,
        };
        (bytes.len() == len).then_some(bytes)
    }

    pub fn other(self) -> Encoding {
        match self {
            Encoding::Hex => Encoding::Base64,
            Encoding::Base64 => Encoding::Hex,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
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

pub type Verdict = Result<(), Failure>;

/// Why a delivery is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NoSecret {
        scheme: Kind,
    },
    BadSecret {
        scheme: Kind,
        why: String,
    },
    MissingHeader(String),
    MissingField(String),
    Malformed {
        header: String,
        why: String,
        hint: Option<String>,
    },
    Mismatch {
        hint: Option<String>,
    },
    TokenMismatch {
        field: String,
        hint: Option<String>,
    },
    /// A form field that must be given once is given more than once.
    RepeatedField {
        field: String,
        count: usize,
    },
    Timestamp {
        age: i64,
        tolerance: u64,
    },
    NoScheme {
        why: String,
    },
    Ambiguous {
        candidates: Vec<Kind>,
        why: String,
    },
    Reframed {
        framing: &'static str,
    },
    /// `--config` given, no endpoint of it serves the path, and no secret on the command line.
    NoEndpoint,
}

impl Failure {
    /// A stable name for scripts (`--format json`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::NoSecret { .. } => "no_secret",
            Failure::BadSecret { .. } => "bad_secret",
            Failure::MissingHeader(_) => "missing_header",
            Failure::MissingField(_) => "missing_field",
            Failure::Malformed { .. } => "malformed_header",
            Failure::Mismatch { .. } => "signature_mismatch",
            Failure::TokenMismatch { .. } => "token_mismatch",
            Failure::RepeatedField { .. } => "repeated_field",
            Failure::Timestamp { .. } => "timestamp_outside_tolerance",
            Failure::NoScheme { .. } => "no_scheme",
            Failure::Ambiguous { .. } => "ambiguous_scheme",
            Failure::Reframed { .. } => "reframed_body",
            Failure::NoEndpoint => "no_endpoint",
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NoSecret { scheme } => write!(f, "no secret given for scheme {scheme}"),
            Failure::NoEndpoint => f.write_str(
                "no endpoint of the config serves this path, and no secret was given on the command line to check it",
            ),
            Failure::BadSecret { scheme, why } => {
                write!(f, "the secret cannot be used for scheme {scheme}: {why}")
            }
            Failure::MissingHeader(h) => write!(f, "missing header {h}"),
            Failure::MissingField(field) => write!(f, "missing form field {field} in the body"),
            Failure::Malformed { header, why, hint } => {
                write!(f, "malformed header {header}: {why}")?;
                if let Some(h) = hint {
                    write!(f, "; {h}")?;
                }
                Ok(())
            }
            Failure::Mismatch { hint } => {
                f.write_str("signature mismatch")?;
                match hint {
                    Some(h) => write!(f, ": {h}"),
                    None => f.write_str(": none of the secrets given makes this signature for this body (another secret signed it, or the body changed after signing)"),
                }
            }
            Failure::TokenMismatch { field, hint } => {
                write!(f, "{field} does not match any secret given")?;
                match hint {
                    Some(h) => write!(f, "; {h}"),
                    None => Ok(()),
                }
            }
            Failure::RepeatedField { field, count } => write!(
                f,
                "form field {field} is given {count} times: receivers disagree on which one counts (PHP takes the last, most parsers the first), so none is trusted"
            ),
            Failure::Timestamp { age, tolerance } => {
                if *age >= 0 {
                    write!(
                        f,
                        "timestamp {age} s old, {} s outside the {tolerance} s tolerance",
                        age.unsigned_abs() - tolerance
                    )
                } else {
                    write!(
                        f,
                        "timestamp {} s in the future, {} s outside the {tolerance} s tolerance",
                        age.unsigned_abs(),
                        age.unsigned_abs() - tolerance
                    )
                }
            }
            Failure::NoScheme { why } => write!(f, "no signature scheme recognised: {why}"),
            Failure::Reframed { framing } => write!(
                f,
                "refused: the signed body starts with {framing}, the way a timestamped scheme frames what it signs; this is an old delivery of that scheme replayed under one without a replay window"
            ),
            Failure::Ambiguous { candidates, why } => {
                let names: Vec<_> = candidates.iter().map(|k| k.name()).collect();
                write!(f, "scheme is ambiguous ({}): {why}", names.join(", "))
            }
        }
    }
}

/// The engine: constant-time MAC check over `prefix + body`, then the timestamp window.
pub fn check<S: Scheme + ?Sized>(
    scheme: &S,
    req: &Request,
    secrets: &[Secret],
    clock: &Clock,
) -> Verdict {
    if secrets.is_empty() {
        return Err(Failure::NoSecret {
            scheme: scheme.kind(),
        });
    }
    let found = scheme.parse(req)?;
    let mut keys = Vec::with_capacity(secrets.len());
    let mut key_error = None;
    for secret in secrets {
        match scheme.key(secret) {
            Ok(k) => keys.push(k),
            Err(why) => key_error = Some(why),
        }
    }
    if keys.is_empty() {
        let why = key_error.unwrap_or_default();
        return Err(Failure::BadSecret {
            scheme: scheme.kind(),
            why,
        });
    }
    let alg = found.alg;
    let good = keys
        .iter()
        .any(|key| alg.matches_any(key, &[&found.prefix, req.body], &found.macs));
    if good {
        // A raw-body scheme would accept, as its own, the signature of a Stripe or Slack
        // delivery whose body is re-sent with that scheme's framing in front: refuse those.
        if found.prefix.is_empty() && scheme.kind() != Kind::Hmac {
            if let Some(framing) = reframed(req.body) {
                return Err(Failure::Reframed { framing });
            }
        }
        if let (Some((ts, window)), Some(tolerance)) = (found.timestamp, clock.tolerance) {
            let age = clock.now.saturating_sub(ts);
            let too_old = age > 0 && age.unsigned_abs() > tolerance;
            let too_new = window == Window::Both && age < 0 && age.unsigned_abs() > tolerance;
            if too_old || too_new {
                return Err(Failure::Timestamp { age, tolerance });
            }
        }
        return Ok(());
    }
    let hint = diagnose(scheme, &found, req.body, &keys, secrets);
    Err(match found.problem {
        Some((header, why)) => Failure::Malformed { header, why, hint },
        None => Failure::Mismatch { hint },
    })
}

/// Whether a body starts with another scheme's signed-string framing: Slack's `v0:<ts>:`,
/// Stripe's `<ts>.`, Standard Webhooks' `<id>.<ts>.`. JSON, form and XML bodies never do.
fn reframed(body: &[u8]) -> Option<&'static str> {
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    if let Some(rest) = body.strip_prefix(b"v0:") {
        let n = digits(rest);
        if n > 0 && rest.get(n) == Some(&b':') {
            return Some("Slack's v0:<timestamp>:");
        }
    }
    let n = digits(body);
    if n >= 9 && body.get(n) == Some(&b'.') {
        return Some("Stripe's <timestamp>.");
    }
    let id = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
        .count();
    if id > 0 && body.get(id) == Some(&b'.') {
        let rest = &body[id + 1..];
        let n = digits(rest);
        if n >= 9 && rest.get(n) == Some(&b'.') {
            return Some("Standard Webhooks' <id>.<timestamp>.");
        }
    }
    None
}

/// Tries the usual accidents and names the first that explains a mismatch: a signature
/// written in the wrong encoding or without its prefix, a body changed in transit or signed
/// after re-encoding, a secret turned into a key the wrong way.
fn diagnose<S: Scheme + ?Sized>(
    scheme: &S,
    found: &Found,
    body: &[u8],
    keys: &[Vec<u8>],
    secrets: &[Secret],
) -> Option<String> {
    let alg = found.alg;
    let signs = |keys: &[Vec<u8>], macs: &[Vec<u8>], body: &[u8]| {
        keys.iter()
            .any(|k| alg.matches_any(k, &[&found.prefix, body], macs))
    };
    for near in &found.near {
        if signs(keys, std::slice::from_ref(&near.mac), body) {
            return Some(format!("{} (the value is otherwise right)", near.note));
        }
    }
    if found.macs.is_empty() {
        return None;
    }
    for (variant, note) in body_variants(body) {
        if signs(keys, &found.macs, &variant) {
            return Some(format!("signature matches the body {note}"));
        }
    }
    for secret in secrets {
        for (key, note) in scheme.wrong_keys(secret) {
            if signs(&[key], &found.macs, body) {
                return Some(note.to_string());
            }
        }
    }
    None
}

/// Bodies a sender may have signed instead of the bytes that arrived.
fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    if let Some(stripped) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        out.push((stripped.to_vec(), "with its trailing newline removed"));
    } else {
        let mut added = body.to_vec();
        added.push(b'\n');
        out.push((added, "with a trailing newline added"));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        out.push((
            replace(body, b"\r\n", b"\n"),
            "with CRLF line ends turned into LF",
        ));
    } else if body.contains(&b'\n') {
        out.push((
            replace(body, b"\n", b"\r\n"),
            "with LF line ends turned into CRLF",
        ));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        let compact = serde_json::to_vec(&value).expect("a Value always serialises");
        out.push((compact, "re-serialised as compact JSON (the sender signed its own re-encoding, not the bytes it sent)"));
        for (indent, note) in [
            (&b"  "[..], "re-serialised as JSON with a 2-space indent (the sender signed its own re-encoding, not the bytes it sent)"),
            (&b"    "[..], "re-serialised as JSON with a 4-space indent (the sender signed its own re-encoding, not the bytes it sent)"),
        ] {
            let mut buf = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(indent);
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
            serde::Serialize::serialize(&value, &mut ser).expect("a Value always serialises");
            out.push((buf, note));
        }
    }
    out.retain(|(v, _)| v != body);
    out
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
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
