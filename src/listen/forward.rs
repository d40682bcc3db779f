//! `--forward-to URL`: passes a checked delivery on to a local app, byte-exact, and brings the
//! app's answer back for the sender.

use std::time::Duration;

use ureq::http;

use crate::client::{agent, classify, request_exact, without_userinfo};
use crate::decide::{Answer, Decision};

pub struct Forwarder {
    agent: ureq::Agent,
    timeout: Duration,
    pub limit: u64,
}

impl Forwarder {
    pub fn new(timeout: Duration, limit: u64) -> Forwarder {
        Forwarder {
            agent: agent(timeout),
            timeout,
            limit,
        }
    }

    /// Sends the delivery and turns the app's reply into the answer for the sender. When the
    /// app gives no answer to pass on, the sender is told only that "the app behind hookscope"
    /// failed: the URL (its user, password, host and query) is the developer's, and is named
    /// only in the answer's `why`, which stays on this machine.
    pub fn forward(
        &self,
        url: &str,
        method: &str,
        headers: &[(String, String)],
        exact: &[((String, String), Vec<u8>)],
        body: &[u8],
    ) -> Answer {
        let failed = |status: u16, told: &str, why: String| {
            Answer::json(
                status,
                &serde_json::json!({"ok": false, "reason": told}),
                Decision::Refused,
                why,
            )
        };
        // As given: "9", "0.5" (a Duration made from a decimal prints back as that decimal).
        let too_slow = format!(
            "the app behind hookscope did not answer within {} s",
            self.timeout.as_secs_f64()
        );
        let req = match request_exact(method, url, headers, exact, body) {
            Ok(r) => r,
            Err(why) => {
                return failed(
                    502,
                    "hookscope could not pass the delivery on to the app behind it",
                    why,
                )
            }
        };
        // A failure on the way: too slow (504), or else what `otherwise` says (502).
        let broke = |e: &ureq::Error, otherwise: &str| {
            let f = classify(e, url);
            let told = if f.status == 504 {
                &too_slow
            } else {
                otherwise
            };
            failed(f.status, told, f.message)
        };
        let mut resp = match self.agent.run(req) {
            Ok(r) => r,
            Err(e) => return broke(&e, "the app behind hookscope could not be reached"),
        };
        let status = resp.status().as_u16();
        if status == 410 {
            // The one status listen never gives, whoever decides: Bpium deletes a subscription
            // that answers 410, and one slip in the app under test would cost the integration.
            return failed(
                502,
                "the app behind hookscope answered 410 Gone, which hookscope never passes on (Bpium deletes the subscription on a 410)",
                format!(
                    "{} answered 410 Gone, which hookscope never passes on (Bpium deletes the subscription on a 410); answer another 4xx to reject",
                    without_userinfo(url)
                ),
            );
        }
        let content_type = resp
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = match resp
            .body_mut()
            .with_config()
            .limit(self.limit)
            .read_to_vec()
        {
            Ok(b) => b,
            Err(e) => {
                return broke(
                    &e,
                    "the answer of the app behind hookscope could not be read",
                )
            }
        };
        Answer {
            status,
            headers: content_type
                .map(|ct| vec![("Content-Type".to_string(), ct)])
                .unwrap_or_default(),
            body,
            decision: if status < 400 {
                Decision::Forwarded
            } else {
                Decision::Rejected
            },
            why: format!("answer of {}", without_userinfo(url)),
        }
    }
}
