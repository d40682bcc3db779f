//! `bitrix-token`: the real Bitrix24 outgoing webhook. It carries no signature: the body is a
//! form with `auth[application_token]`, which must equal the token shown when the webhook was
//! created. Compared in constant time.

use subtle::ConstantTimeEq;

use super::{Clock, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Verdict};
use crate::secret::Secret;

pub const FIELD: &str = "auth[application_token]";

pub struct BitrixToken;

/// The token field of a form body, if the body is a form that has one (the first, if several).
pub fn token(body: &[u8]) -> Option<String> {
    tokens(body).next()
}

/// Every value the form gives the token field, in order.
fn tokens(body: &[u8]) -> impl Iterator<Item = String> + '_ {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

pub fn carries_token(body: &[u8]) -> bool {
    // Cheap test first: a form body is printable ASCII, so JSON or binary fails at once.
    crate::form::looks_like_form(body) && token(body).is_some()
}

impl Scheme for BitrixToken {
    fn kind(&self) -> Kind {
        Kind::BitrixToken
    }

    fn parse(&self, _req: &Request) -> Result<Found, Failure> {
        // Not used: `verify` below compares the token itself. Answer truthfully anyway.
        Err(Failure::MissingField(FIELD.into()))
    }

    fn sign(&self, _body: &[u8], _keys: &[Vec<u8>], _ctx: &SignContext) -> Result<Headers, String> {
        Err(BITRIX_NOT_A_SIGNATURE.into())
    }

    fn verify(&self, req: &Request, secrets: &[Secret], _clock: &Clock) -> Verdict {
        if secrets.is_empty() {
            return Err(Failure::NoSecret {
                scheme: Kind::BitrixToken,
            });
        }
        let got = match tokens(req.body).collect::<Vec<_>>().as_slice() {
            [] => return Err(Failure::MissingField(FIELD.into())),
            [one] => one.clone(),
            many => {
                return Err(Failure::RepeatedField {
                    field: FIELD.into(),
                    count: many.len(),
                })
            }
        };
        let matches = |got: &str| {
            secrets.iter().fold(false, |acc, s| {
                acc | bool::from(s.expose().as_bytes().ct_eq(got.as_bytes()))
            })
        };
        if matches(&got) {
            return Ok(());
        }
        // A hand-made body (`curl --data-binary @file`) often ends in a newline, which then
        // belongs to the last field's value.
        let trimmed = got.trim_end_matches(['\r', '\n']);
        let hint = (trimmed.len() < got.len() && matches(trimmed)).then(|| {
            "its value ends in a line break (a body sent with curl --data-binary @file keeps the file's last newline); without it, it matches".to_string()
        });
        Err(Failure::TokenMismatch {
            field: FIELD.into(),
            hint,
        })
    }
}

pub const BITRIX_NOT_A_SIGNATURE: &str = "bitrix-token is not a signature: Bitrix24 puts the application token itself in the form body, so there is no header to make";
