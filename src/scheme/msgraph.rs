//! `msgraph`: Microsoft Graph change notifications. Nothing is signed: each notification in
//! `value[]` carries the `clientState` given when the subscription was made, compared in
//! constant time with the secret. A new subscription is checked with
//! `POST ?validationToken=…`, answered with the token as plain text.

use super::platform::{Detect, Handshake, Handshaken, Platform, Row};
use super::{Clock, Failure, Found, Kind, Request, Scheme};
use crate::secret::Secret;

const FIELD: &str = "clientState";

pub static PLATFORM: Platform = Platform {
    name: "msgraph",
    about: "Microsoft Graph change notifications: each value[].clientState is the secret",
    valid: "clientState matches",
    row: Row {
        platform: "Microsoft Graph change notifications",
        headers: "body `value[].clientState`",
        signed: "(clientState compared in constant time)",
        encoding: "—",
        window: "none",
        event: "first `value[].changeType` (or `lifecycleEvent`)",
    },
    key: "the clientState",
    detect: Some(Detect {
        headers: &[],
        body: Some("a Microsoft Graph value[].clientState"),
        test: Some(|r| {
            Ok(r.body.string(&["value", "0", "subscriptionId"]).is_some()
                && r.body.string(&["value", "0", FIELD]).is_some())
        }),
    }),
    event: |r| {
        r.body
            .string(&["value", "0", "changeType"])
            .or_else(|| r.body.string(&["value", "0", "lifecycleEvent"]))
    },
    scheme: |_| Ok(Box::new(Msgraph)),
    handshake: Some(Handshake {
        name: "Microsoft Graph validation",
        // Graph's validation carries nothing but the token: a body means it is not one.
        is: |c| {
            c.req.bytes().is_empty()
                && c.query
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("validationToken"))
        },
        signed: false,
        named_only: false,
        answer: |c, _| {
            let token = c
                .query
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("validationToken"))
                .map_or("", |(_, v)| v.as_str());
            Handshaken::text(token, "Microsoft Graph validation: the token is answered")
        },
    }),
    ..Platform::NOTIFIES
};

pub struct Msgraph;

impl Scheme for Msgraph {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, _req: &Request) -> Result<Found, Failure> {
        // Not used: `verify` below compares each clientState itself.
        Err(Failure::MissingField(FIELD.into()))
    }

    fn carries_secret(&self) -> bool {
        true
    }

    fn not_signed(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some((
            "msgraph is not a signature: each notification carries the subscription's clientState itself, so there is nothing to compute",
            &["put \"clientState\" in each item of the body's \"value\" list"],
        ))
    }

    fn verify(&self, req: &Request, secrets: &[Secret], _clock: &Clock) -> Result<(), Failure> {
        if secrets.is_empty() {
            return Err(Failure::NoSecret {
                scheme: Kind(&PLATFORM),
            });
        }
        // A batch may mix subscriptions: every notification must carry a clientState given.
        let mut i = 0;
        loop {
            let at = i.to_string();
            let exists = req.body.string(&["value", &at, "subscriptionId"]).is_some()
                || req.body.string(&["value", &at, "changeType"]).is_some()
                || req.body.string(&["value", &at, "lifecycleEvent"]).is_some();
            let state = req.body.string(&["value", &at, FIELD]);
            match (exists, state) {
                (false, None) if i > 0 => return Ok(()),
                (_, None) => return Err(Failure::MissingField(format!("value[{i}].{FIELD}"))),
                (_, Some(state)) => {
                    if !secrets.iter().fold(false, |acc, s| acc | s.is(&state)) {
                        return Err(Failure::TokenMismatch {
                            field: format!("value[{i}].{FIELD}"),
                            hint: None,
                        });
                    }
                }
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};

    const KIND: Kind = Kind(&PLATFORM);
    const BODY: &[u8] = br##"{"value":[{"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","subscriptionExpirationDateTime":"2026-01-01T00:00:00Z","changeType":"created","resource":"Users/00000000-0000-0000-0000-000000000000/Messages/AAMk","clientState":"SecretClientState","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95","resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"Users/00000000-0000-0000-0000-000000000000/Messages/AAMk","id":"AAMk"}}]}"##;

    #[test]
    fn every_client_state_is_compared() {
        assert_eq!(check(KIND, &[], BODY, "SecretClientState"), Ok(()));
        assert!(matches!(
            check(KIND, &[], BODY, "nope"),
            Err(Failure::TokenMismatch { .. })
        ));
        let mixed = br#"{"value":[{"subscriptionId":"a","changeType":"created","clientState":"S"},{"subscriptionId":"b","changeType":"updated","clientState":"T"}]}"#;
        assert_eq!(
            check(KIND, &[], mixed, "S"),
            Err(Failure::TokenMismatch {
                field: "value[1].clientState".into(),
                hint: None
            })
        );
        let missing = br#"{"value":[{"subscriptionId":"a","changeType":"created"}]}"#;
        assert_eq!(
            check(KIND, &[], missing, "S"),
            Err(Failure::MissingField("value[0].clientState".into()))
        );
        assert_eq!(
            check(KIND, &[], br#"{"value":[]}"#, "S"),
            Err(Failure::MissingField("value[0].clientState".into()))
        );
        assert_eq!(detect(&[], BODY), Ok(KIND));
    }
}
