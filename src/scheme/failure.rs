//! Why a delivery is not valid, in the words `listen`, `verify` and `replay` show.

use std::fmt;

use super::Kind;

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
    /// A scheme that checks with a public key, and none was given.
    NoPublicKey {
        scheme: Kind,
    },
    /// None of the public keys given can be read by the scheme.
    BadPublicKey {
        scheme: Kind,
        why: String,
    },
    MissingHeader(String),
    /// The header of the scheme named is missing, and the request carries another platform's
    /// marks instead.
    OtherScheme {
        header: String,
        other: Kind,
    },
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
    /// The scheme signs the URL the platform called, and `--public-url` did not say it.
    NoPublicUrl {
        scheme: Kind,
        /// Where a tunnel or proxy in front said the request was sent (`https://host`).
        forwarded: Option<String>,
    },
}

impl Failure {
    /// A stable name for scripts (`--format json`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::NoSecret { .. } => "no_secret",
            Failure::BadSecret { .. } => "bad_secret",
            Failure::NoPublicKey { .. } => "no_public_key",
            Failure::BadPublicKey { .. } => "bad_public_key",
            Failure::MissingHeader(_) | Failure::OtherScheme { .. } => "missing_header",
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
            Failure::NoPublicUrl { .. } => "no_public_url",
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NoSecret { scheme } => write!(f, "no secret given for scheme {scheme}"),
            Failure::NoPublicUrl { scheme, forwarded } => {
                write!(
                    f,
                    "scheme {scheme} signs the URL the platform called, which a local receiver does not know: give it with --public-url (the tunnel's address; the request's path and query are added)"
                )?;
                match forwarded {
                    Some(base) => write!(
                        f,
                        "; its proxy headers say it was sent to {base} (a claim of the sender's): if the platform calls that address, --public-url {base}"
                    ),
                    None => Ok(()),
                }
            }
            Failure::NoEndpoint => f.write_str(
                "no endpoint of the config serves this path, and no secret was given on the command line to check it",
            ),
            Failure::BadSecret { scheme, why } => {
                write!(f, "the secret cannot be used for scheme {scheme}: {why}")
            }
            Failure::NoPublicKey { scheme } => write!(
                f,
                "no public key given for scheme {scheme}: its signatures are checked with the sender's public key (--public-key)"
            ),
            Failure::BadPublicKey { scheme, why } => {
                write!(f, "the public key cannot be used for scheme {scheme}: {why}")
            }
            Failure::MissingHeader(h) => write!(f, "missing header {h}"),
            Failure::OtherScheme { header, other } => write!(
                f,
                "missing header {header}; the request carries {other}'s signature instead: is it --scheme {other}?"
            ),
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
