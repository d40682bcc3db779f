//! The answer to a delivery: approve, reject or fill in values for request-type events (from a
//! flag, the config's rules, or a question on the terminal), in the platform's own format.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
        (EventKind::Action, _) => Plan::Answer(Answer::approve(kind, "no rule gives values")),
        (EventKind::Notification, _) => Plan::Answer(Answer::ok("notification")),
    }
}

/// A question put on the terminal; answers are read from standard input by one thread and
/// handed over a channel, so a question can have a deadline. One question at a time: others
/// wait their turn on the lock.
pub struct Prompter {
    answers: Mutex<Receiver<String>>,
    pub timeout: Duration,
    pub default: Decide,
}

impl Prompter {
    /// Whether a question is open now (the one who asks holds the answers while it waits).
    pub fn asking(&self) -> bool {
        matches!(
            self.answers.try_lock(),
            Err(std::sync::TryLockError::WouldBlock)
        )
    }
}

/// A parsed answer typed at the prompt.
#[derive(Debug, PartialEq, Eq)]
enum Typed {
    Approve,
    Reject(Option<String>),
}

fn parse_typed(line: &str) -> Option<Typed> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    match word.to_ascii_lowercase().as_str() {
        "a" | "approve" | "y" | "yes" => Some(Typed::Approve),
        "r" | "reject" | "n" | "no" => {
            Some(Typed::Reject((!rest.is_empty()).then(|| rest.to_string())))
        }
        _ => None,
    }
}

impl Prompter {
    /// Starts the thread that reads answers from standard input.
    pub fn from_stdin(timeout: Duration, default: Decide) -> Prompter {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::stdin().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Prompter {
            answers: Mutex::new(rx),
            timeout,
            default,
        }
    }

    /// Asks about one delivery; `out` is where the question is shown. Returns the answer.
    pub fn ask(
        &self,
        out: &mut dyn Write,
        kind: EventKind,
        reject_message: Option<Value>,
        arrived: Instant,
    ) -> Answer {
        // The deadline counts from arrival: a delivery that waited its turn behind another
        // question has less time, and none once the deadline has passed.
        let answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        while answers.try_recv().is_ok() {} // typed before the question: not an answer to it
        let secs = self.timeout.as_secs_f64();
        // As given: "8", "9.96" (a Duration made from a decimal prints back as that decimal).
        let secs_text = format!("{secs}");
        let default_word = if self.default == Decide::Reject {
            "reject"
        } else {
            "approve"
        };
        let deadline = arrived + self.timeout;
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let give_default = |out: &mut dyn Write, why: String, told: &str| {
            let _ = writeln!(out, "  ? {why}");
            match self.default {
                Decide::Reject => {
                    Answer::reject(reject_message.clone().or_else(|| Some(json!(told))), why)
                }
                _ => Answer::approve(kind, why),
            }
        };
        // A sliver of time left is no time to answer in; with a tiny --ask-timeout, only a
        // delivery that found its whole time gone is answered without a question.
        if left < (0.1f64).min(secs / 2.0) {
            // Too late to put the question: it waited its turn behind others.
            return give_default(
                out,
                format!("no time left to ask (it waited its turn past the {secs_text} s deadline): default {default_word}"),
                "No answer from the reviewer in time",
            );
        }
        // Nearly all the time left is said as the timeout was given ("8", "9.9"), so the
        // question and its default name the same figure; less is rounded down, never up.
        let left_text = if self.timeout.as_secs_f64() - left < 0.05 {
            secs_text.clone()
        } else {
            format!("{:.1}", (left * 10.0).floor() / 10.0)
        };
        let _ = writeln!(
            out,
            "  ? approve or reject? type a, or r and an optional message ({left_text} s, then {default_word})"
        );
        let _ = out.flush();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match answers.recv_timeout(left) {
                Ok(line) => match parse_typed(&line) {
                    Some(Typed::Approve) => {
                        return Answer::approve(kind, "answered at the prompt");
                    }
                    Some(Typed::Reject(msg)) => {
                        let message = msg.map(Value::String).or(reject_message);
                        return Answer::reject(message, "answered at the prompt");
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "  ? not understood: type a, or r and an optional message"
                        );
                        let _ = out.flush();
                    }
                },
                Err(e) => {
                    let (why, told) = match e {
                        RecvTimeoutError::Timeout => (
                            format!("no answer within {secs_text} s: default {default_word}"),
                            "No answer from the reviewer in time",
                        ),
                        RecvTimeoutError::Disconnected => (
                            format!("no answer (standard input is closed): default {default_word}"),
                            "No reviewer is answering",
                        ),
                    };
                    return give_default(out, why, told);
                }
            }
        }
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
    fn typed_answers() {
        assert_eq!(parse_typed("a"), Some(Typed::Approve));
        assert_eq!(parse_typed(" Approve "), Some(Typed::Approve));
        assert_eq!(parse_typed("r"), Some(Typed::Reject(None)));
        assert_eq!(
            parse_typed("r  not today "),
            Some(Typed::Reject(Some("not today".into())))
        );
        assert_eq!(parse_typed("maybe"), None);
    }

    #[test]
    fn defaults_apply_by_event_kind() {
        let d = Defaults {
            decide: Decide::Reject,
            reject_message: Some(json!("nope")),
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
