//! The answer to a delivery: approve, reject or fill in values for request-type events (from a
//! flag, the config's rules, or a question on the terminal or the inspector's page: `ask`), in
//! the platform's own format.

pub mod ask;

use serde_json::{json, Value};

use crate::config::{Decide, Endpoint, RuleAnswer};
use crate::scheme::{classify, EventKind, Kind};

/// An HTTP answer, and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub decision: Decision,
    /// Where the answer came from: "rule 2 of /hooks/bpium", "--decide reject", "default after 8 s"…
    pub why: String,
}

/// What an answer decided, as the summary counts it and captures record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A notification taken.
    Accepted,
    /// A request event approved.
    Approved,
    Rejected,
    /// A field action given values.
    Values,
    /// A field action given none.
    Unchanged,
    /// The app behind --forward-to answered, 2xx or 3xx.
    Forwarded,
    /// Refused before any decision: a bad signature, a limit, a store that failed.
    Refused,
    /// The start page.
    Page,
    /// A platform's check of the endpoint (Slack's url_verification, Meta's hub.challenge…),
    /// answered by hookscope itself.
    Handshake,
}

impl Decision {
    /// The word in captures and `--format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Values => "values",
            Decision::Unchanged => "unchanged",
            Decision::Forwarded => "forwarded",
            Decision::Refused => "refused",
            Decision::Page => "page",
            Decision::Handshake => "handshake",
        }
    }
}

pub const JSON: &str = "application/json; charset=utf-8";

impl Answer {
    pub fn json(status: u16, body: &Value, decision: Decision, why: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: serde_json::to_vec(body).expect("a Value always serialises"),
            decision,
            why: why.into(),
        }
    }

    pub fn ok(why: impl Into<String>) -> Answer {
        Answer::json(200, &json!({"ok": true}), Decision::Accepted, why)
    }

    pub fn approve(kind: EventKind, why: impl Into<String>) -> Answer {
        match kind {
            EventKind::Request => Answer::json(200, &json!({}), Decision::Approved, why),
            EventKind::Action => Answer::values(json!({}), None, why),
            EventKind::Notification => Answer::ok(why),
        }
    }

    /// Bpium's rejection: any 4xx but 410, JSON with a `message` shown to the employee.
    pub fn reject(message: Option<Value>, why: impl Into<String>) -> Answer {
        let message = message.unwrap_or_else(|| json!("Rejected by hookscope"));
        Answer::json(403, &json!({ "message": message }), Decision::Rejected, why)
    }

    pub fn values(values: Value, message: Option<Value>, why: impl Into<String>) -> Answer {
        let decision = match values.as_object() {
            Some(v) if v.is_empty() => Decision::Unchanged,
            _ => Decision::Values,
        };
        let mut body = json!({ "values": values });
        if let Some(m) = message {
            body["message"] = m;
        }
        Answer::json(200, &body, decision, why)
    }

    pub fn from_outcome(outcome: &RuleAnswer, kind: EventKind, why: String) -> Answer {
        match outcome {
            RuleAnswer::Approve => Answer::approve(kind, why),
            RuleAnswer::Reject(message) => Answer::reject(message.clone(), why),
            RuleAnswer::Values { values, message } => {
                Answer::values(values.clone(), message.clone(), why)
            }
            RuleAnswer::Respond {
                status,
                headers,
                body,
            } => Answer {
                status: *status,
                headers: headers.clone(),
                body: body.clone().into_bytes(),
                decision: if *status < 400 {
                    Decision::Approved
                } else {
                    Decision::Rejected
                },
                why,
            },
        }
    }

    /// The body as text for display and captures (lossy for binary answers).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The flags that decide when no rule does.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub decide: Decide,
    pub reject_message: Option<Value>,
    /// Whether a field action (`record.updating`) is asked too: only where values can be
    /// given, in the inspector's page. Otherwise it leaves the record unchanged.
    pub ask_actions: bool,
}

/// What to answer a delivery whose signature passed: the first matching rule, else the
/// endpoint's (or the flags') default. `Ask` is returned for the caller to put the question.
pub enum Plan {
    Answer(Answer),
    Ask { reject_message: Option<Value> },
}

pub fn plan(
    endpoint: Option<&Endpoint>,
    defaults: &Defaults,
    sender: Option<Kind>,
    event: Option<&str>,
    body: Option<&Value>,
) -> Plan {
    let kind = classify(sender, event);
    if let Some(ep) = endpoint {
        if let Some(rule) = ep.rule_for(event, body) {
            let why = format!("rule {} of {}", rule.number, ep.path);
            return Plan::Answer(Answer::from_outcome(&rule.outcome, kind, why));
        }
    }
    let (decide, source) = match endpoint.and_then(|e| e.default) {
        Some(d) => (d, "the endpoint's default"),
        None => (defaults.decide, "--decide"),
    };
    let reject_message = endpoint
        .and_then(|e| e.reject_message.clone())
        .or_else(|| defaults.reject_message.clone());
    match (kind, decide) {
        (EventKind::Request, Decide::Reject) => {
            Plan::Answer(Answer::reject(reject_message, format!("{source} reject")))
        }
        (EventKind::Request, Decide::Ask) => Plan::Ask { reject_message },
        (EventKind::Request, Decide::Approve) => {
            Plan::Answer(Answer::approve(kind, format!("{source} approve")))
        }
        (EventKind::Action, Decide::Ask) if defaults.ask_actions => Plan::Ask { reject_message },
        (EventKind::Action, _) => Plan::Answer(Answer::approve(kind, "no rule gives values")),
        (EventKind::Notification, _) => Plan::Answer(Answer::ok("notification")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bpium_answer_formats() {
        let a = Answer::approve(EventKind::Request, "x");
        assert_eq!((a.status, a.body.as_slice()), (200, &b"{}"[..]));
        let r = Answer::reject(Some(json!("No")), "x");
        assert_eq!(r.status, 403);
        assert_eq!(
            r.headers,
            vec![(
                "Content-Type".to_string(),
                "application/json; charset=utf-8".to_string()
            )]
        );
        assert_eq!(r.body, br#"{"message":"No"}"#);
        let v = Answer::values(json!({"3": "42"}), None, "x");
        assert_eq!(v.body, br#"{"values":{"3":"42"}}"#);
        assert_eq!(v.decision, Decision::Values);
        // A field action given no values is neither approved nor filled in.
        let a = Answer::approve(EventKind::Action, "x");
        assert_eq!(
            (a.body.as_slice(), a.decision),
            (&br#"{"values":{}}"#[..], Decision::Unchanged)
        );
        let a = Answer::values(json!({}), Some(json!("nothing to fill")), "x");
        assert_eq!(a.decision, Decision::Unchanged);
    }

    #[test]
    fn defaults_apply_by_event_kind() {
        let d = Defaults {
            decide: Decide::Reject,
            reject_message: Some(json!("nope")),
            ask_actions: true,
        };
        let Plan::Answer(a) = plan(
            None,
            &d,
            Kind::named("bpium"),
            Some("record.before.created"),
            None,
        ) else {
            panic!()
        };
        assert_eq!(
            (a.status, a.body.as_slice()),
            (403, &br#"{"message":"nope"}"#[..])
        );
        let Plan::Answer(a) = plan(None, &d, Kind::named("bpium"), Some("record.created"), None)
        else {
            panic!()
        };
        assert_eq!(a.status, 200);
        let Plan::Answer(a) = plan(
            None,
            &d,
            Kind::named("bpium"),
            Some("record.updating"),
            None,
        ) else {
            panic!()
        };
        assert_eq!(a.body, br#"{"values":{}}"#);
    }
}
