//! The questions `listen --decide ask` has open, as the page sees them and answers them:
//! `GET /api/pending` lists them, `POST /api/pending/ID` answers one, and the event stream
//! says when one opens (`question`) and when one is answered, by whom (`answered`).

use serde_json::{json, Value};

use crate::decide::ask::{By, Change, Given, Refused};

/// The longest reject message the page may send: Bpium shows it to the employee.
const MAX_MESSAGE: usize = 2000;
/// The largest answer the page may send: what goes on to Bpium is about this size, and a
/// field action's values are a few fields, not a file.
pub const MAX_ANSWER: usize = 64 * 1024;

/// The page's answer, from its JSON: `{"answer": "approve"}`, `{"answer": "reject",
/// "message": "…"}` or `{"answer": "values", "values": {"<field id>": …}, "message": "…"}`.
pub fn given(body: &Value) -> Result<Given, String> {
    let message = match body.get("message") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) if m.trim().is_empty() => None,
        Some(Value::String(m)) if m.chars().count() <= MAX_MESSAGE => Some(m.trim().to_string()),
        Some(Value::String(_)) => {
            return Err(format!("message= is at most {MAX_MESSAGE} characters"))
        }
        Some(_) => return Err("message= is text".into()),
    };
    match body.get("answer").and_then(Value::as_str) {
        Some("approve") if message.is_none() => Ok(Given::Approve),
        Some("approve") => Err("an approval carries no message".into()),
        Some("reject") => Ok(Given::Reject(message)),
        Some("values") => match body.get("values") {
            Some(Value::Object(values)) => Ok(Given::Values {
                values: values.clone(),
                message,
            }),
            _ => Err("values= is an object of field ids and their values: {\"3\": \"42\"}".into()),
        },
        _ => Err("answer= is approve, reject or values".into()),
    }
}

/// What the page is told when its answer is not taken.
pub fn refusal(r: &Refused) -> (u16, String) {
    match r {
        Refused::NotOpen => (
            404,
            "no question is open for this delivery: it was answered, or its deadline passed".into(),
        ),
        Refused::Answered(by) => (409, format!("already answered {}", said_by(*by))),
        Refused::NotAnAction => (
            400,
            "this request is approved or rejected; values are for a field action (record.updating)"
                .into(),
        ),
    }
}

fn said_by(by: By) -> &'static str {
    match by {
        By::Terminal => "at the terminal",
        By::Inspector => "in the inspector",
        By::Deadline => "by the default, when its time ran out",
    }
}

/// A change on the board as an event of the stream.
pub fn event(change: &Change) -> String {
    match change {
        Change::Opened(open) => format!(
            "event: question\ndata: {}\n\n",
            serde_json::to_string(open).expect("a question always serialises")
        ),
        Change::Closed { id, by, decision } => format!(
            "event: answered\ndata: {}\n\n",
            json!({ "id": id, "by": by, "said": said_by(*by), "decision": decision })
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_from_the_page_are_read_strictly() {
        assert_eq!(given(&json!({"answer": "approve"})), Ok(Given::Approve));
        assert_eq!(
            given(&json!({"answer": "reject", "message": "  not on a Sunday "})),
            Ok(Given::Reject(Some("not on a Sunday".into())))
        );
        assert_eq!(
            given(&json!({"answer": "reject", "message": ""})),
            Ok(Given::Reject(None))
        );
        let Ok(Given::Values { values, message }) =
            given(&json!({"answer": "values", "values": {"3": "42"}}))
        else {
            panic!()
        };
        assert_eq!((values["3"].clone(), message), (json!("42"), None));
        for bad in [
            json!({}),
            json!({"answer": "maybe"}),
            json!({"answer": "values", "values": [1]}),
            json!({"answer": "reject", "message": 3}),
            json!({"answer": "approve", "message": "why"}),
            json!({"answer": "reject", "message": "x".repeat(MAX_MESSAGE + 1)}),
        ] {
            assert!(given(&bad).is_err(), "{bad}");
        }
    }
}
