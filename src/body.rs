//! A delivery's body, read once and handed on: its shape (JSON, form, other), the fields that
//! name it, the form's pairs, and the whole tree when something shows it or looks inside it.
//!
//! Every piece is worked out on first use and kept, so the signature check, the event name,
//! the config's rules and the screen share one reading. A field lookup on a large JSON body
//! does not build the tree: the top level is walked once ([`jsonscan`]) and only the member
//! asked for is parsed.

use std::cell::OnceCell;

use serde_json::Value;

use crate::{form, jsonscan};

/// What a body is, as far as hookscope reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Starts (after white space) with `{` or `[`: JSON, or meant to be.
    Json,
    /// An `application/x-www-form-urlencoded` form (see [`form::looks_like_form`]).
    Form,
    Other,
}

pub struct Body<'a> {
    bytes: &'a [u8],
    shape: OnceCell<Shape>,
    tree: OnceCell<Option<Value>>,
    /// The top-level members of a JSON object, last of a repeated key winning; `None` when the
    /// body is not one JSON object.
    top: OnceCell<Option<Vec<Member<'a>>>>,
    /// A form's pairs, decoded once, exactly as sent (a final line break included).
    raw_pairs: OnceCell<Vec<(String, String)>>,
    pairs: OnceCell<Vec<(String, String)>>,
}

struct Member<'a> {
    key: String,
    raw: &'a [u8],
    value: OnceCell<Option<Value>>,
}

impl<'a> Body<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Body {
            bytes,
            shape: OnceCell::new(),
            tree: OnceCell::new(),
            top: OnceCell::new(),
            raw_pairs: OnceCell::new(),
            pairs: OnceCell::new(),
        }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    pub fn shape(&self) -> Shape {
        *self.shape.get_or_init(|| {
            let first = self.bytes.iter().find(|b| !b.is_ascii_whitespace());
            if matches!(first, Some(b'{' | b'[')) {
                Shape::Json
            } else if form::looks_like_form(self.bytes) {
                Shape::Form
            } else {
                Shape::Other
            }
        })
    }

    pub fn is_form(&self) -> bool {
        self.shape() == Shape::Form
    }

    /// The body as structured data: JSON, or a form nested into objects. `None` for anything
    /// else, and for JSON that does not parse. Built on first use only.
    pub fn tree(&self) -> Option<&Value> {
        self.tree
            .get_or_init(|| match self.shape() {
                Shape::Json => serde_json::from_slice(self.bytes).ok(),
                Shape::Form => Some(with_json_values(form::nest(self.pairs()))),
                Shape::Other => None,
            })
            .as_ref()
    }

    /// A form's pairs as sent, the final line break included (a PHP receiver keeps it, so a
    /// token check must too). Empty for a body that is not a form.
    pub fn raw_pairs(&self) -> &[(String, String)] {
        self.raw_pairs.get_or_init(|| {
            if self.is_form() {
                form_urlencoded::parse(self.bytes)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            } else {
                Vec::new()
            }
        })
    }

    /// A form's pairs as they are meant: a line break ending the body is not part of the last
    /// value (a hand-made body from a file has one; it would make `event=X` name `X\n`).
    pub fn pairs(&self) -> &[(String, String)] {
        self.pairs.get_or_init(|| {
            let mut pairs = self.raw_pairs().to_vec();
            let cut = if self.bytes.ends_with(b"\r\n") {
                2
            } else if self.bytes.ends_with(b"\n") {
                1
            } else {
                return pairs;
            };
            // The pair the line break ended up in: the text after the last `&`.
            let segment = self.bytes.rsplit(|b| *b == b'&').next().unwrap_or_default();
            if segment.len() == cut {
                pairs.pop();
            } else if let Some(last) = pairs.last_mut() {
                let slot = if segment.contains(&b'=') {
                    &mut last.1
                } else {
                    &mut last.0
                };
                slot.truncate(slot.len().saturating_sub(cut));
            }
            pairs
        })
    }

    /// A value inside a form field that holds JSON (GitHub's `payload=` content type, Slack's
    /// interactivity): `["payload", "action"]` is `action` in the JSON of `payload`.
    fn form_json(&self, path: &[&str]) -> Option<Value> {
        let (first, rest) = path.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let text = self.form_value(first)?;
        if !text.trim_start().starts_with(['{', '[']) {
            return None;
        }
        let mut v: Value = serde_json::from_str(&text).ok()?;
        for key in rest {
            v = match v {
                Value::Array(items) => items.into_iter().nth(key.parse().ok()?)?,
                Value::Object(mut map) => map.remove(*key)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// The first non-empty value a form gives `key`.
    fn form_value(&self, key: &str) -> Option<String> {
        self.pairs()
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// The JSON value at `path`: object keys from the top, and list indexes (`"0"`).
    fn json_at(&self, path: &[&str]) -> Option<Value> {
        let (first, rest) = path.split_first()?;
        let step = |v: &'_ Value, key: &str| -> Option<Value> {
            match v {
                Value::Array(items) => items.get(key.parse::<usize>().ok()?).cloned(),
                _ => v.get(key).cloned(),
            }
        };
        let walk = |v: &Value| {
            let mut v = v.clone();
            for key in rest {
                v = step(&v, key)?;
            }
            Some(v)
        };
        // A list at the top (HubSpot sends one) is read from the tree.
        let top_is_list = self.bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
        if top_is_list && self.shape() == Shape::Json {
            self.tree();
        }
        if let Some(Some(tree)) = self.tree.get() {
            return walk(&step(tree, first)?);
        }
        let members = self.top.get_or_init(|| self.index()).as_ref()?;
        let member = members.iter().rev().find(|m| m.key == *first)?;
        let value = member
            .value
            .get_or_init(|| serde_json::from_slice(member.raw).ok())
            .as_ref()?;
        walk(value)
    }

    fn index(&self) -> Option<Vec<Member<'a>>> {
        if self.shape() != Shape::Json {
            return None;
        }
        let mut members = Vec::new();
        jsonscan::members(self.bytes, |key, raw| {
            members.push(Member {
                key: key.to_string(),
                raw,
                value: OnceCell::new(),
            })
        })?;
        Some(members)
    }

    /// The top-level keys of a JSON object body, in order (none for anything else).
    pub fn top_keys(&self) -> Vec<&str> {
        if let Some(Some(Value::Object(map))) = self.tree.get() {
            return map.keys().map(String::as_str).collect();
        }
        match self.top.get_or_init(|| self.index()) {
            Some(members) => members.iter().map(|m| m.key.as_str()).collect(),
            None => Vec::new(),
        }
    }

    /// The value at `path` when it is a non-empty string: in JSON, the object keys (and list
    /// indexes) from the top (`["hook", "event"]`, `["entry", "0", "id"]`); in a form, the key
    /// they make (`hook[event]`).
    pub fn string(&self, path: &[&str]) -> Option<String> {
        match self.shape() {
            Shape::Form => {
                self.form_value(&form_key(path))
                    .or_else(|| match self.form_json(path)? {
                        Value::String(s) if !s.is_empty() => Some(s),
                        _ => None,
                    })
            }
            Shape::Json => match self.json_at(path)? {
                Value::String(s) if !s.is_empty() => Some(s),
                _ => None,
            },
            Shape::Other => None,
        }
    }

    /// As [`Body::string`], and a number is taken as its text.
    pub fn scalar(&self, path: &[&str]) -> Option<String> {
        match self.shape() {
            Shape::Json => match self.json_at(path)? {
                Value::String(s) if !s.is_empty() => Some(s),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            },
            _ => self.string(path),
        }
    }

    /// The whole number at `path`, written as a number or as a string.
    pub fn integer(&self, path: &[&str]) -> Option<i64> {
        match self.shape() {
            Shape::Json => {
                let v = self.json_at(path)?;
                v.as_i64().or_else(|| v.as_str()?.parse().ok())
            }
            _ => self.string(path)?.parse().ok(),
        }
    }
}

/// The form key a path makes: `["a", "b"]` is `a[b]`.
/// A nested form with each value that holds a JSON object or list decoded in its place.
fn with_json_values(v: Value) -> Value {
    match v {
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            serde_json::from_str(&s).unwrap_or(Value::String(s))
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, with_json_values(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(with_json_values).collect()),
        other => other,
    }
}

fn form_key(path: &[&str]) -> String {
    let mut key = path.first().map_or(String::new(), |p| p.to_string());
    for p in &path[1.min(path.len())..] {
        key.push('[');
        key.push_str(p);
        key.push(']');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_pairs_are_what_form_pairs_decodes() {
        for body in [
            &b"a=1&b=2"[..],
            b"a=1&b=2\n",
            b"a=1&b=2\r\n",
            b"a=1&b=\n",
            b"a=1&b\n",
            b"a=1&\n",
            b"a=1&b=2%0D\n",
            b"a=1&b=2%0A\r\n",
            b"=\n",
            b"a==\n",
            b"TITLE=\xd0\x97\xd0\xb0&x=y+z%0A\n",
            b"event=ONCRMLEADADD&auth%5Bapplication_token%5D=t",
        ] {
            let b = Body::new(body);
            assert_eq!(b.shape(), Shape::Form, "{body:?}");
            assert_eq!(b.pairs(), form::pairs(body), "{body:?}");
        }
    }

    #[test]
    fn raw_pairs_keep_the_final_line_break() {
        let b = Body::new(b"auth%5Bapplication_token%5D=T\n");
        assert_eq!(
            b.raw_pairs(),
            [("auth[application_token]".into(), "T\n".into())]
        );
        assert_eq!(
            b.string(&["auth", "application_token"]).as_deref(),
            Some("T")
        );
    }

    #[test]
    fn fields_are_read_from_json_without_the_tree_and_with_it() {
        let big = format!(
            r#"{{"items":[{}],"type":"invoice.paid","id":"evt_1","hook":{{"id":7,"sequenceId":"9"}},"type":"last"}}"#,
            vec!["{\"a\":[1,2,{\"b\":null}]}"; 1000].join(",")
        );
        let b = Body::new(big.as_bytes());
        // The last of a repeated key wins, as in JavaScript's JSON.parse.
        assert_eq!(b.string(&["type"]).as_deref(), Some("last"));
        assert_eq!(b.string(&["id"]).as_deref(), Some("evt_1"));
        assert_eq!(b.string(&["hook", "id"]), None, "a number is not a string");
        assert_eq!(b.scalar(&["hook", "id"]).as_deref(), Some("7"));
        assert_eq!(b.integer(&["hook", "sequenceId"]), Some(9));
        assert!(b.tree.get().is_none(), "no lookup built the tree");
        assert!(b.tree().is_some());
        assert_eq!(b.string(&["type"]).as_deref(), Some("last"));
        assert_eq!(b.scalar(&["hook", "id"]).as_deref(), Some("7"));
    }

    #[test]
    fn what_is_not_one_json_object_has_no_fields() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(Body::new(deep.as_bytes()).string(&["type"]), None);
        let deep_obj = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(Body::new(deep_obj.as_bytes()).string(&["a"]), None);
        assert_eq!(
            Body::new(br#"{"type": 5, "event": ["x"]}"#).string(&["type"]),
            None
        );
        assert_eq!(Body::new(b"not structured").string(&["type"]), None);
        assert_eq!(Body::new(b"not structured").tree(), None);
    }

    #[test]
    fn list_items_are_reached_by_their_index() {
        let b = Body::new(br#"{"entry":[{"changes":[{"field":"photos"}]}],"object":"user"}"#);
        assert_eq!(
            b.string(&["entry", "0", "changes", "0", "field"])
                .as_deref(),
            Some("photos")
        );
        assert_eq!(b.string(&["entry", "1", "changes"]), None);
        assert_eq!(b.string(&["entry", "x"]), None);
    }

    /// The top-level keys of a JSON object, in order.
    #[test]
    fn top_level_keys_are_listed() {
        let b = Body::new(br#"{"for_user_id":"1","tweet_create_events":[]}"#);
        assert_eq!(b.top_keys(), ["for_user_id", "tweet_create_events"]);
        assert!(Body::new(b"a=1").top_keys().is_empty());
    }

    /// GitHub's form content type sends the event as JSON in `payload=`: it is decoded for the
    /// tree and for field lookups.
    #[test]
    fn json_in_a_form_field_is_read_as_json() {
        let b = Body::new(
            b"payload=%7B%22action%22%3A%22edited%22%2C%22issue%22%3A%7B%22number%22%3A7%7D%7D",
        );
        assert_eq!(b.string(&["payload", "action"]).as_deref(), Some("edited"));
        assert_eq!(
            b.tree(),
            Some(&serde_json::json!({"payload": {"action": "edited", "issue": {"number": 7}}}))
        );
        assert_eq!(
            Body::new(b"payload=%7Bnot+json").tree(),
            Some(&serde_json::json!({"payload": "{not json"}))
        );
    }

    #[test]
    fn a_form_is_nested_into_a_tree() {
        let b = Body::new(b"data%5BFIELDS%5D%5BID%5D=1\n");
        assert_eq!(
            b.tree(),
            Some(&serde_json::json!({"data": {"FIELDS": {"ID": "1"}}}))
        );
        assert_eq!(b.string(&["data", "FIELDS", "ID"]).as_deref(), Some("1"));
    }
}
