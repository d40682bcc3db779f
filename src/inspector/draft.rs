//! What Edit and resend starts from, and what it sends: a capture's headers and body with the
//! credentials masked exactly as the detail view masks them, and the edit the page sends back
//! with each mask left in place turned into the stored value again. The page never holds a
//! credential: it can keep one, or replace it, but not read it.
//!
//! - A header whose value is [`MASK`] keeps the stored value of the masked header of that name
//!   (the first mask of a name the first such header, and so on).
//! - A body with no credential in it is edited as its exact text. One with credentials is
//!   edited masked: JSON re-written from its tree with each credential [`MASK`] (a mask left
//!   at a JSON pointer is the stored value there), a form as sent with the credential's value
//!   [`MASK`] (a mask left on a key is its stored value). An edit left as it was sends the
//!   stored body byte for byte.
//! - A body the page cannot be given masked (not text, too large, a credential inside a form
//!   value) is not given at all: it is sent as stored.

use serde_json::{json, Value};

use crate::body::{Body, Shape};
use crate::capture::Capture;
use crate::client::is_hop_by_hop;
use crate::form;
use crate::headers;
use crate::show::{self, MASK};

/// The largest body the editor is given as text.
const MAX_TEXT: usize = 1024 * 1024;
/// The largest JSON or form body masked for the editor (as the detail view's tree).
const MAX_TREE: usize = 256 * 1024;

/// The body as the editor starts from it.
#[derive(Debug, PartialEq)]
enum Draft {
    /// Its exact text: it holds no credential.
    Exact(String),
    /// Its text with the credentials masked.
    Masked(String),
    /// Not given to the page, and why: it is sent as stored.
    Kept(String),
}

/// `{"headers": [{name, value, masked}], "body": TEXT|null, "masked": bool, "kept": WHY|null}`:
/// the headers but the client's own (Host, Content-Length and the other hop-by-hop ones, which
/// every send writes itself), and the body.
pub fn of(c: &Capture) -> Value {
    let headers: Vec<Value> = c
        .headers
        .iter()
        .filter(|(n, _)| !is_hop_by_hop(n))
        .map(|(name, value)| {
            let masked = show::masks_header(name, false);
            let value = if masked { MASK } else { value.as_str() };
            json!({ "name": name, "value": value, "masked": masked })
        })
        .collect();
    let (body, masked, kept) = match body_draft(&c.body) {
        Draft::Exact(text) => (Some(text), false, None),
        Draft::Masked(text) => (Some(text), true, None),
        Draft::Kept(why) => (None, false, Some(why)),
    };
    json!({ "headers": headers, "body": body, "masked": masked, "kept": kept })
}

/// A request's headers and body, as an edit stands for them.
pub type Edited = (Vec<(String, String)>, Vec<u8>);

/// The request an edit stands for: its headers and body with each mask left in place turned
/// into the stored value; `body: None` keeps the stored body. `Err` says which mask names no
/// stored credential, or why the masks cannot be told apart.
pub fn restore(
    c: &Capture,
    edited_headers: Vec<(String, String)>,
    edited_body: Option<String>,
) -> Result<Edited, String> {
    let headers = restore_headers(c, edited_headers)?;
    let body = match edited_body {
        None => c.body.clone(),
        Some(text) => match body_draft(&c.body) {
            Draft::Masked(draft) if draft == text => c.body.clone(),
            Draft::Masked(_) if !text.contains(MASK) => text.into_bytes(),
            Draft::Masked(_) => match Body::new(&c.body).shape() {
                Shape::Form => {
                    let (body, restored) = restore_form(&c.body, &text)?;
                    still_masked(&body, &restored)?;
                    body
                }
                // A value is put back at its own pointer only, so under its own key, which the
                // detail masks again.
                _ => restore_json(&c.body, &text)?,
            },
            Draft::Exact(_) | Draft::Kept(_) => text.into_bytes(),
        },
    };
    Ok((headers, body))
}

fn restore_headers(
    c: &Capture,
    edited: Vec<(String, String)>,
) -> Result<Vec<(String, String)>, String> {
    let mut used = vec![false; c.headers.len()];
    edited
        .into_iter()
        .map(|(name, value)| {
            if value != MASK {
                return Ok((name, value));
            }
            let stored = c.headers.iter().enumerate().position(|(i, (n, _))| {
                !used[i] && headers::same_name(n, &name) && show::masks_header(n, false)
            });
            match stored {
                Some(i) => {
                    used[i] = true;
                    Ok((name, c.headers[i].1.clone()))
                }
                None => Err(format!(
                    "header {name} holds the mask {MASK}, but the capture has no more masked {name} to keep: write its value"
                )),
            }
        })
        .collect()
}

fn body_draft(bytes: &[u8]) -> Draft {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Draft::Kept(format!(
            "the body is not text ({} bytes): it is sent as stored",
            bytes.len()
        ));
    };
    if bytes.len() > MAX_TEXT {
        return Draft::Kept(format!(
            "the body is {} bytes, more than the editor takes ({} MiB): it is sent as stored",
            bytes.len(),
            MAX_TEXT >> 20
        ));
    }
    let body = Body::new(bytes);
    if body.shape() == Shape::Other {
        return Draft::Exact(text.to_string());
    }
    // Its credentials are masked value by value, which takes its tree (as in the detail).
    if bytes.len() > MAX_TREE {
        return Draft::Kept(format!(
            "a JSON or form body over {} KiB is not shown, where each credential in it would be masked: it is sent as stored",
            MAX_TREE >> 10
        ));
    }
    let Some(tree) = body.tree() else {
        // JSON that does not parse: the detail shows it as text too.
        return Draft::Exact(text.to_string());
    };
    if show::masked_tree(tree) == *tree {
        return Draft::Exact(text.to_string());
    }
    let masked = match body.shape() {
        Shape::Form => masked_form(text),
        _ => written_like(&show::masked_tree(tree), text),
    };
    // Whatever the way of masking, the page gets it only if the detail's rule finds no
    // credential left in it (a form value holding JSON with a token inside, say).
    let left = Body::new(masked.as_bytes())
        .tree()
        .is_some_and(|t| show::masked_tree(t) != *t);
    if left {
        return Draft::Kept(
            "the body holds a credential the editor cannot mask (inside a form value): it is sent as stored".into(),
        );
    }
    Draft::Masked(masked)
}

/// A tree written as `like` is: pretty when it spans lines, with its final line break.
fn written_like(tree: &Value, like: &str) -> String {
    let mut out = if like.contains('\n') {
        serde_json::to_string_pretty(tree)
    } else {
        serde_json::to_string(tree)
    }
    .expect("a Value always serialises");
    if like.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Whether a form key names a credential, by the detail's rule (applied to the key alone).
fn credential_key(key: &str) -> bool {
    let alone = form::nest(&[(key.to_string(), "x".to_string())]);
    show::masked_tree(&alone) != alone
}

/// A form's segment (`key=value`, a final line break kept apart): its decoded key and value.
fn decoded(segment: &str) -> Option<(String, String)> {
    form_urlencoded::parse(segment.as_bytes())
        .next()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
}

/// The segment without its final line break, and that break.
fn split_break(segment: &str) -> (&str, &str) {
    let text = segment.trim_end_matches(['\r', '\n']);
    (text, &segment[text.len()..])
}

/// The form as sent, each credential's value [`MASK`].
fn masked_form(text: &str) -> String {
    text.split('&')
        .map(|segment| {
            let (pair, eol) = split_break(segment);
            match decoded(pair) {
                Some((key, value)) if !value.is_empty() && credential_key(&key) => {
                    let raw_key = pair.split('=').next().unwrap_or(pair);
                    format!("{raw_key}={MASK}{eol}")
                }
                _ => segment.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An edited form with each masked value the stored one again: a mask on a key takes the
/// stored segment of the next credential of that key.
fn restore_form(stored: &[u8], edited: &str) -> Result<(Vec<u8>, Vec<String>), String> {
    let stored = String::from_utf8_lossy(stored);
    let mut credentials: Vec<(String, &str)> = stored
        .split('&')
        .filter_map(|segment| {
            let (pair, _) = split_break(segment);
            let (key, value) = decoded(pair)?;
            (!value.is_empty() && credential_key(&key)).then_some((key, pair))
        })
        .collect();
    let mut put = Vec::new();
    let restored: Result<Vec<String>, String> = edited
        .split('&')
        .map(|segment| {
            let (pair, eol) = split_break(segment);
            match decoded(pair) {
                Some((key, value)) if value == MASK => {
                    let at = credentials.iter().position(|(k, _)| *k == key).ok_or_else(|| {
                        format!("the form's {key} holds the mask {MASK}, but the capture has no more stored {key} to keep: write its value")
                    })?;
                    let (_, raw) = credentials.remove(at);
                    put.push(raw.to_string());
                    Ok(format!("{raw}{eol}"))
                }
                _ => Ok(segment.to_string()),
            }
        })
        .collect();
    Ok((restored?.join("&").into_bytes(), put))
}

/// Refuses a restored body in which a credential put back would not be masked where it now
/// stands: a `key=••••••` written inside a JSON string, say, is put back as text, and would be
/// sent, stored and shown as such. `restored` are the stored `key=value` segments put back.
fn still_masked(body: &[u8], restored: &[String]) -> Result<(), String> {
    let shown = match body_draft(body) {
        Draft::Masked(text) | Draft::Exact(text) => text,
        // Not shown anywhere, as stored: but the edit is no longer the capture's form.
        Draft::Kept(_) => String::from_utf8_lossy(body).into_owned(),
    };
    for segment in restored {
        let raw = segment.split_once('=').map_or("", |(_, v)| v);
        let value = decoded(segment).map(|(_, v)| v).unwrap_or_default();
        if [raw, value.as_str()]
            .iter()
            .any(|v| !v.is_empty() && shown.contains(v))
        {
            return Err(format!(
                "the mask {MASK} of a credential stands where the edit would no longer keep it masked (not a field of the form of its own): write the value, or put the field back as it was"
            ));
        }
    }
    Ok(())
}

/// An edited JSON body with each mask the stored value at its pointer again, written as the
/// edit is.
fn restore_json(stored: &[u8], edited: &str) -> Result<Vec<u8>, String> {
    let mut tree: Value = serde_json::from_str(edited).map_err(|e| {
        format!("the body holds the mask {MASK} but is not JSON ({e}), so which stored values to put back cannot be told: write them out, or mend the JSON")
    })?;
    let original: Value = serde_json::from_slice(stored).map_err(|e| format!("{e}"))?;
    let masked = show::masked_tree(&original);
    put_back(&mut tree, String::new(), &original, &masked)?;
    Ok(written_like(&tree, edited).into_bytes())
}

fn put_back(v: &mut Value, at: String, original: &Value, masked: &Value) -> Result<(), String> {
    match v {
        Value::String(s) if s == MASK => {
            let stored = original.pointer(&at);
            let was_masked = masked.pointer(&at).and_then(Value::as_str) == Some(MASK);
            match stored {
                Some(value) if was_masked && value.as_str() != Some(MASK) => {
                    *v = value.clone();
                    Ok(())
                }
                _ => Err(format!(
                    "the body holds the mask {MASK} at {}, where the capture has no credential to keep: write a value there",
                    if at.is_empty() { "its top" } else { &at }
                )),
            }
        }
        Value::Object(map) => map.iter_mut().try_for_each(|(k, v)| {
            let key = k.replace('~', "~0").replace('/', "~1");
            put_back(v, format!("{at}/{key}"), original, masked)
        }),
        Value::Array(items) => items
            .iter_mut()
            .enumerate()
            .try_for_each(|(i, v)| put_back(v, format!("{at}/{i}"), original, masked)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(headers: &[(&str, &str)], body: &[u8]) -> Capture {
        let headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        Capture::new("POST", "/x", headers, body.to_vec())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_draft_holds_no_credential_and_a_mask_left_keeps_the_stored_one() {
        let body = br#"{"event":"x","password":"hunter2","nested":{"api_key":"k-123"},"n":1}"#;
        let c = capture(
            &[
                ("Host", "127.0.0.1:8080"),
                ("Authorization", "Bearer tok-abc"),
                ("X-Gitlab-Token", "gl-1"),
                ("X-Gitlab-Token", "gl-2"),
                ("Content-Type", "application/json"),
            ],
            body,
        );
        let d = of(&c);
        let text = d.to_string();
        for secret in ["tok-abc", "gl-1", "gl-2", "hunter2", "k-123"] {
            assert!(!text.contains(secret), "{secret}: {text}");
        }
        assert_eq!(d["masked"], true);
        assert!(
            !text.contains("127.0.0.1:8080"),
            "the client's own header: {text}"
        );
        let draft = d["body"].as_str().unwrap().to_string();
        assert_eq!(
            draft,
            r#"{"event":"x","password":"••••••","nested":{"api_key":"••••••"},"n":1}"#
        );

        // Left as it was: the stored request, byte for byte.
        let edited = pairs(&[
            ("Authorization", MASK),
            ("X-Gitlab-Token", MASK),
            ("X-Gitlab-Token", "typed"),
        ]);
        let (h, b) = restore(&c, edited, Some(draft.clone())).unwrap();
        assert_eq!(
            h,
            pairs(&[
                ("Authorization", "Bearer tok-abc"),
                ("X-Gitlab-Token", "gl-1"),
                ("X-Gitlab-Token", "typed")
            ])
        );
        assert_eq!(b, body);
        // Edited: the masks left are the stored values, the rest as typed.
        let edited = draft.replace("\"x\"", "\"y\"");
        let (_, b) = restore(&c, vec![], Some(edited)).unwrap();
        assert_eq!(
            String::from_utf8(b).unwrap(),
            r#"{"event":"y","password":"hunter2","nested":{"api_key":"k-123"},"n":1}"#
        );
        // A mask where nothing was masked is refused, and says where.
        let e = restore(&c, vec![], Some(draft.replace("\"x\"", "\"••••••\""))).unwrap_err();
        assert!(e.contains("/event"), "{e}");
        let e = restore(&c, pairs(&[("X-Other", MASK)]), None).unwrap_err();
        assert!(e.contains("X-Other"), "{e}");
        let e = restore(&c, pairs(&[("Authorization", MASK); 2]), None).unwrap_err();
        assert!(e.contains("no more masked"), "{e}");
        // No body given: the stored one.
        assert_eq!(restore(&c, vec![], None).unwrap().1, body);
    }

    #[test]
    fn a_body_without_credentials_is_edited_as_its_exact_text() {
        let body = b"{ \"a\" : 1,\n  \"b\": [1.50, 2] }\n";
        let d = of(&capture(&[], body));
        assert_eq!(d["body"], String::from_utf8(body.to_vec()).unwrap());
        assert_eq!(d["masked"], false);
        let d = of(&capture(&[], &[0xff, 0x00]));
        assert_eq!(d["body"], Value::Null);
        assert!(d["kept"].as_str().unwrap().contains("not text"));
    }

    #[test]
    fn a_form_is_masked_as_sent_and_its_masks_put_back_by_key() {
        let body = b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=app-tok&auth%5Bdomain%5D=x.bitrix24.ru\n";
        let c = capture(&[], body);
        let draft = of(&c)["body"].as_str().unwrap().to_string();
        assert_eq!(
            draft,
            "event=ONCRMLEADADD&auth%5Bapplication_token%5D=••••••&auth%5Bdomain%5D=x.bitrix24.ru\n"
        );
        assert_eq!(restore(&c, vec![], Some(draft.clone())).unwrap().1, body);
        let edited = draft.replace("ONCRMLEADADD", "ONCRMLEADUPDATE");
        assert_eq!(
            restore(&c, vec![], Some(edited)).unwrap().1,
            b"event=ONCRMLEADUPDATE&auth%5Bapplication_token%5D=app-tok&auth%5Bdomain%5D=x.bitrix24.ru\n"
        );
        // A mask moved where it would not be a field of the form of its own (inside a JSON
        // string here) is not put back: it would be sent, stored and shown in clear.
        let err = restore(
            &c,
            vec![],
            Some(r#"{"note":"&auth%5Bapplication_token%5D=••••••&"}"#.into()),
        )
        .unwrap_err();
        assert!(err.contains("no longer keep it masked"), "{err}");
        // A token inside a form value that holds JSON cannot be masked in the text.
        let slack =
            b"payload=%7B%22token%22%3A%22xoxb-secret%22%2C%22type%22%3A%22block_actions%22%7D";
        let d = of(&capture(&[], slack));
        assert_eq!(d["body"], Value::Null, "{d}");
        assert!(!d.to_string().contains("xoxb-secret"));
    }
}
