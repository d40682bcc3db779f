//! `slack`: `X-Slack-Signature: v0=<hex>` over `v0:<timestamp>:<body>`, with the timestamp in
//! X-Slack-Request-Timestamp; refused when more than the tolerance away from now either way.

use super::platform::{Detect, Handshake, Handshaken, Platform, Row, Sample};
use super::values::{read_value, unix_timestamp};
use super::{
    Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext, Stamp, Window,
};

const SIGNATURE: &str = "X-Slack-Signature";
const TIMESTAMP: &str = "X-Slack-Request-Timestamp";

pub static PLATFORM: Platform = Platform {
    name: "slack",
    about: "Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp",
    row: Row {
        platform: "Slack",
        headers: "`X-Slack-Signature`, `X-Slack-Request-Timestamp`",
        signed: "`v0:t:body`",
        encoding: "`v0=` + hex",
        window: "±300 s",
        event: "`command`, `event.type` or `type`",
    },
    key: "the signing secret",
    detect: Detect::headers(&[SIGNATURE]),
    // A slash command, an Events API event, or an interaction.
    event: |r| {
        let body = r.body;
        body.string(&["command"])
            .or_else(|| body.scalar(&["event", "type"]))
            .or_else(|| body.string(&["type"]))
            // Interactivity: a form whose payload is JSON (block_actions, view_submission…).
            .or_else(|| body.string(&["payload", "type"]))
    },
    // Slash commands and interactions are forms; the Events API is JSON.
    form: true,
    scheme: |_| Ok(Box::new(Slack)),
    // The Events API's url_verification, signed like any Slack request: the challenge back,
    // as bolt-js answers it.
    handshake: Some(Handshake {
        name: "Slack url_verification",
        is: |c| c.req.body.string(&["type"]).as_deref() == Some("url_verification"),
        signed: true,
        named_only: false,
        answer: |c, _| match c.req.body.string(&["challenge"]) {
            Some(challenge) => Handshaken::json(
                &serde_json::json!({ "challenge": challenge }),
                "Slack url_verification: the challenge is answered",
            ),
            None => Handshaken::refused(400, "Slack's url_verification carries no challenge"),
        },
    }),
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 1] = [Sample {
    name: "slash-command",
    shows: Some("/hookscope"),
    about: "someone typed /hookscope hello in a channel; a form body",
    headers: &[("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")],
    body: r#"token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=steve&command=%2Fhookscope&text=hello&api_app_id=A123456&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0001%2F{{n}}%2F1hZ3bVnBXWd2zJhAqI9sAPlF&trigger_id={{n}}.47445629121.803a0bc887a14d10d2c447fce8b6703c"#,
}];

pub struct Slack;

impl Scheme for Slack {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        let value = req.require(SIGNATURE)?;
        let ts_text = req.require(TIMESTAMP)?;
        let ts = unix_timestamp(TIMESTAMP, ts_text)?;
        let mut found = Found::new(Algorithm::Sha256);
        read_value(&mut found, SIGNATURE, value, Encoding::Hex, "v0=");
        found.prefix = format!("v0:{ts}:").into_bytes();
        found.timestamp = Some(Stamp {
            at: ts,
            window: Window::Both,
            tolerance: 300,
        });
        Ok(found)
    }

    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let prefix = format!("v0:{}:", ctx.timestamp);
        let mac = Algorithm::Sha256.mac(&keys[0], &[prefix.as_bytes(), body]);
        Ok(vec![
            (TIMESTAMP.into(), ctx.timestamp.to_string()),
            (SIGNATURE.into(), format!("v0={}", hex::encode(mac))),
        ])
    }
}
