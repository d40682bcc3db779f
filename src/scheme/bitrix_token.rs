//! `bitrix-token`: the real Bitrix24 outgoing webhook. It carries no signature: the body is a
//! form with `auth[application_token]`, which must equal the token shown when the webhook was
//! created. Compared in constant time.

use super::platform::{Detect, Platform, Row, Sample};
use super::{Clock, Failure, Found, Kind, Request, Scheme};
use crate::body::Body;
use crate::secret::Secret;

pub const FIELD: &str = "auth[application_token]";

pub static PLATFORM: Platform = Platform {
    name: "bitrix-token",
    about: "Bitrix24 outgoing webhook: auth[application_token] in the form body",
    valid: "application token matches",
    row: Row {
        platform: "Bitrix24 outgoing webhook",
        headers: "form field `auth[application_token]`",
        signed: "(token compared in constant time)",
        encoding: "—",
        window: "none",
        event: "`event`",
    },
    key: "the application token",
    detect: Some(Detect {
        headers: &[],
        body: Some("a Bitrix24 auth[application_token] field"),
        test: Some(|r| Ok(token(r.body).is_some())),
    }),
    event: |r| r.body.string(&["event"]),
    form: true,
    scheme: |_| Ok(Box::new(BitrixToken)),
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 3] = [
    Sample {
        name: "ONCRMLEADADD",
        shows: None,
        about: "a lead was added (form body, auth[application_token])",
        headers: &[("User-Agent", "Bitrix24 Webhook Engine")],
        body: r#"event=ONCRMLEADADD&event_handler_id=17&data%5BFIELDS%5D%5BID%5D=134806&ts={{ts}}&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fexample.bitrix24.ru%2Frest%2F&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553&auth%5Bapplication_token%5D={{token}}"#,
    },
    Sample {
        name: "ONCRMDEALUPDATE",
        shows: None,
        about: "a deal was changed (form body, auth[application_token])",
        headers: &[("User-Agent", "Bitrix24 Webhook Engine")],
        body: r#"event=ONCRMDEALUPDATE&event_handler_id=18&data%5BFIELDS%5D%5BID%5D=5821&ts={{ts}}&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fexample.bitrix24.ru%2Frest%2F&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553&auth%5Bapplication_token%5D={{token}}"#,
    },
    Sample {
        name: "ONTASKADD",
        shows: None,
        about: "a task was added (form body, auth[application_token])",
        headers: &[("User-Agent", "Bitrix24 Webhook Engine")],
        body: r#"event=ONTASKADD&event_handler_id=19&data%5BFIELDS_BEFORE%5D=undefined&data%5BFIELDS_AFTER%5D%5BID%5D=2041&data%5BIS_ACCESSIBLE_BEFORE%5D=N&data%5BIS_ACCESSIBLE_AFTER%5D=undefined&ts={{ts}}&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fexample.bitrix24.ru%2Frest%2F&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553&auth%5Bapplication_token%5D={{token}}"#,
    },
];

pub struct BitrixToken;

/// The token field of a form body, if the body is a form that has one (the first, if several).
pub fn token(body: &Body) -> Option<String> {
    tokens(body).next()
}

/// Every value the form gives the token field, in order, as sent (a PHP receiver keeps a
/// final line break in the value).
fn tokens<'b>(body: &'b Body) -> impl Iterator<Item = String> + 'b {
    body.raw_pairs()
        .iter()
        .filter(|(k, _)| k == FIELD)
        .map(|(_, v)| v.clone())
}

impl Scheme for BitrixToken {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, _req: &Request) -> Result<Found, Failure> {
        // Not used: `verify` below compares the token itself. Answer truthfully anyway.
        Err(Failure::MissingField(FIELD.into()))
    }

    fn carries_secret(&self) -> bool {
        true
    }

    fn not_signed(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some((BITRIX_NOT_A_SIGNATURE, &[
            "put the token in the form body instead: ...&auth%5Bapplication_token%5D=<token> (auth[application_token], URL-encoded)",
            "then check it with: hookscope verify --scheme bitrix-token --secret-env BITRIX_TOKEN --body FILE",
        ]))
    }

    fn verify(&self, req: &Request, secrets: &[Secret], _clock: &Clock) -> Result<(), Failure> {
        if secrets.is_empty() {
            return Err(Failure::NoSecret {
                scheme: Kind(&PLATFORM),
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
        // Every secret is compared, so the time taken does not tell which one matched.
        let matches = |got: &str| secrets.iter().fold(false, |acc, s| acc | s.is(got));
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
