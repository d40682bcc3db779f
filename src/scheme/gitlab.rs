//! `gitlab`: `X-Gitlab-Token` carries the webhook's secret token itself (no signature),
//! compared in constant time. GitLab's newer signing tokens are Standard Webhooks: use
//! `--scheme standard` for those.

use super::platform::{Detect, Platform, Row};
use super::{Clock, Failure, Found, Kind, Request, Scheme};
use crate::secret::Secret;

const HEADER: &str = "X-Gitlab-Token";

pub static PLATFORM: Platform = Platform {
    name: "gitlab",
    about: "GitLab: X-Gitlab-Token, the secret token itself",
    valid: "token matches",
    row: Row {
        platform: "GitLab",
        headers: "`X-Gitlab-Token`",
        signed: "(token compared in constant time)",
        encoding: "—",
        window: "none",
        event: "`X-Gitlab-Event`",
    },
    key: "the secret token",
    detect: Detect::headers(&[HEADER]),
    event: |r| r.header("x-gitlab-event"),
    // The same across retries of one event; X-Gitlab-Event-UUID is shared by every hook one
    // request sets off, so it would make distinct deliveries look like repeats.
    delivery_id: |r| {
        r.header("idempotency-key")
            .or_else(|| r.header("x-gitlab-webhook-uuid"))
    },
    scheme: |_| Ok(Box::new(Gitlab)),
    ..Platform::NOTIFIES
};

pub struct Gitlab;

impl Scheme for Gitlab {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, _req: &Request) -> Result<Found, Failure> {
        // Not used: `verify` below compares the token itself.
        Err(Failure::MissingHeader(HEADER.into()))
    }

    fn carries_secret(&self) -> bool {
        true
    }

    fn not_signed(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some((
            "gitlab is not a signature: GitLab sends the secret token itself in X-Gitlab-Token, so there is nothing to compute (and hookscope never prints a secret)",
            &["add the header yourself: -H \"X-Gitlab-Token: $GITLAB_TOKEN\""],
        ))
    }

    fn verify(&self, req: &Request, secrets: &[Secret], _clock: &Clock) -> Result<(), Failure> {
        if secrets.is_empty() {
            return Err(Failure::NoSecret {
                scheme: Kind(&PLATFORM),
            });
        }
        let got = req.require(HEADER)?;
        // Every secret is compared, so the time taken does not tell which one matched.
        if secrets.iter().fold(false, |acc, s| acc | s.is(got)) {
            Ok(())
        } else {
            Err(Failure::TokenMismatch {
                field: HEADER.into(),
                hint: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::testing::{check, detect};

    const KIND: Kind = Kind(&PLATFORM);

    #[test]
    fn the_token_is_compared_and_never_signed() {
        let h = [(HEADER, "s3cr3t"), ("X-Gitlab-Event", "Push Hook")];
        assert_eq!(check(KIND, &h, b"{}", "s3cr3t"), Ok(()));
        assert!(matches!(
            check(KIND, &h, b"{}", "s3cr3T"),
            Err(Failure::TokenMismatch { .. })
        ));
        assert_eq!(
            check(KIND, &[], b"{}", "s3cr3t"),
            Err(Failure::MissingHeader(HEADER.into()))
        );
        let twice = [(HEADER, "s3cr3t"), (HEADER, "other")];
        assert!(matches!(
            check(KIND, &twice, b"{}", "s3cr3t"),
            Err(Failure::Malformed { .. })
        ));
        assert_eq!(detect(&h, b"{}"), Ok(KIND));
        let scheme = KIND.scheme(None).unwrap();
        assert!(scheme.not_signed().is_some());
        assert!(scheme
            .sign(
                b"{}",
                &[b"s3cr3t".to_vec()],
                &crate::scheme::SignContext {
                    timestamp: 0,
                    id: String::new(),
                    url: None
                }
            )
            .is_err());
    }
}
