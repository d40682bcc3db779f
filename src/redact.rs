//! `--redact`: values taken out of a body before it becomes a fixture. A rule is a JSON pointer
//! (`/data/FIELDS/EMAIL`), a field-name glob (`*email*`), or `pii` (e-mail addresses wherever
//! they are, and fields that name phones and people). Each value is replaced by a placeholder of
//! the same type and shape: letters become `x`, digits `0`, the rest stays, so an e-mail address
//! stays e-mail-shaped and a phone number stays digits.

use serde_json::Value;

use crate::body::{Body, Shape};
use crate::glob;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A JSON pointer; in a form, the key it makes (`/data/FIELDS/EMAIL` is
    /// `data[FIELDS][EMAIL]`).
    Pointer(String),
    /// Every field whose name matches, at any depth (case-insensitive).
    Field(String),
    /// Any string value that is an e-mail address.
    Emails,
}

/// The fields `pii` covers, beside e-mail addresses wherever they are.
const PII_FIELDS: &[&str] = &[
    "*email*",
    "*e_mail*",
    "*phone*",
    "*mobile*",
    "*fax*",
    "name",
    "*first_name",
    "*firstname",
    "*last_name",
    "*lastname",
    "*full_name",
    "*fullname",
    "*display_name",
    "*surname",
    "*address*",
];

/// The rules `--redact TEXT` stands for.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a JSON pointer (/data/email), a field-name glob (*email*) or pii".into());
    }
    Ok(match text {
        "pii" => std::iter::once(Rule::Emails)
            .chain(PII_FIELDS.iter().map(|g| Rule::Field((*g).into())))
            .collect(),
        t if t.starts_with('/') => vec![Rule::Pointer(t.into())],
        t => vec![Rule::Field(t.to_ascii_lowercase())],
    })
}

/// The same shape with nothing of the value left: letters `x`, digits `0`.
fn placeholder(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_alphabetic() => 'x',
            c if c.is_numeric() => '0',
            c => c,
        })
        .collect()
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && host.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Everything under a value redacted: strings to placeholders, numbers to 0.
fn blank(v: &mut Value) {
    match v {
        Value::String(s) => *s = placeholder(s),
        Value::Number(n) => {
            *v = if n.is_f64() {
                Value::from(0.0)
            } else {
                Value::from(0)
            }
        }
        Value::Array(items) => items.iter_mut().for_each(blank),
        Value::Object(map) => map.values_mut().for_each(blank),
        Value::Bool(_) | Value::Null => {}
    }
}

fn field_matches(rules: &[Rule], name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    rules
        .iter()
        .any(|r| matches!(r, Rule::Field(g) if glob::matches(g, &name)))
}

/// Redacts a tree in place; how many values were taken out.
fn redact_value(v: &mut Value, rules: &[Rule]) -> usize {
    let mut n = 0;
    for rule in rules {
        if let Rule::Pointer(p) = rule {
            if let Some(target) = v.pointer_mut(p) {
                blank(target);
                n += 1;
            }
        }
    }
    n + redact_fields(v, rules)
}

fn redact_fields(v: &mut Value, rules: &[Rule]) -> usize {
    let emails = rules.contains(&Rule::Emails);
    match v {
        Value::Object(map) => map
            .iter_mut()
            .map(|(k, v)| {
                if field_matches(rules, k) && !matches!(v, Value::Null | Value::Bool(_)) {
                    blank(v);
                    1
                } else {
                    redact_fields(v, rules)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(|v| redact_fields(v, rules)).sum(),
        Value::String(s) if emails && looks_like_email(s) => {
            *s = placeholder(s);
            1
        }
        _ => 0,
    }
}

/// The form key a JSON pointer names: `/data/FIELDS/EMAIL` is `data[FIELDS][EMAIL]`.
fn form_key(pointer: &str) -> String {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let mut key = parts.next().unwrap_or_default().to_string();
    for p in parts {
        key.push('[');
        key.push_str(p);
        key.push(']');
    }
    key
}

/// The last name in a form key: `EMAIL` of `data[FIELDS][EMAIL]`.
fn leaf(key: &str) -> &str {
    key.trim_end_matches(']')
        .rsplit(['[', ']'])
        .next()
        .unwrap_or(key)
}

/// The body with what the rules name taken out, and how many values; `None` when nothing was.
pub fn redact(body: &Body, rules: &[Rule]) -> Option<(Vec<u8>, usize)> {
    if rules.is_empty() {
        return None;
    }
    match body.shape() {
        Shape::Json => {
            let mut v: Value = serde_json::from_slice(body.bytes()).ok()?;
            let n = redact_value(&mut v, rules);
            if n == 0 {
                return None;
            }
            let pretty = body.bytes().contains(&b'\n');
            let mut out = if pretty {
                serde_json::to_vec_pretty(&v)
            } else {
                serde_json::to_vec(&v)
            }
            .expect("a Value always serialises");
            if body.bytes().ends_with(b"\n") {
                out.push(b'\n');
            }
            Some((out, n))
        }
        Shape::Form => {
            let pointers: Vec<String> = rules
                .iter()
                .filter_map(|r| match r {
                    Rule::Pointer(p) => Some(form_key(p)),
                    _ => None,
                })
                .collect();
            let mut n = 0;
            let mut out = form_urlencoded::Serializer::new(String::new());
            for (k, v) in body.pairs() {
                let named = pointers.contains(k)
                    || field_matches(rules, leaf(k))
                    || (rules.contains(&Rule::Emails) && looks_like_email(v));
                if named && !v.is_empty() {
                    n += 1;
                    out.append_pair(k, &placeholder(v));
                } else {
                    out.append_pair(k, v);
                }
            }
            (n > 0).then(|| (out.finish().into_bytes(), n))
        }
        Shape::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(body: &[u8], rule: &str) -> Option<(String, usize)> {
        let rules = parse(rule).unwrap();
        redact(&Body::new(body), &rules).map(|(b, n)| (String::from_utf8(b).unwrap(), n))
    }

    #[test]
    fn values_keep_their_type_and_shape() {
        let body = br#"{"user":{"email":"jon@example.com","phone":"+14158675309","age":41,"ok":true},"note":"write to ann@example.org","event":"x"}"#;
        let (out, n) = redacted(body, "pii").unwrap();
        assert_eq!(
            out,
            r#"{"user":{"email":"xxx@xxxxxxx.xxx","phone":"+00000000000","age":41,"ok":true},"note":"write to ann@example.org","event":"x"}"#
        );
        assert_eq!(n, 2);
        let (out, _) = redacted(body, "/user/age").unwrap();
        assert!(out.contains(r#""age":0"#), "{out}");
        let (out, _) = redacted(body, "*mail*").unwrap();
        assert!(out.contains(r#""email":"xxx@xxxxxxx.xxx""#), "{out}");
        assert_eq!(redacted(body, "/nothing/here"), None);
        // An address on its own is found wherever it is.
        let (out, _) = redacted(br#"{"to":["ann@example.org"]}"#, "pii").unwrap();
        assert_eq!(out, r#"{"to":["xxx@xxxxxxx.xxx"]}"#);
    }

    #[test]
    fn a_form_is_redacted_by_key_and_pointer() {
        let body = b"data%5BFIELDS%5D%5BEMAIL%5D=jon%40example.com&data%5BFIELDS%5D%5BID%5D=134806&event=ONCRMLEADADD";
        let (out, n) = redacted(body, "pii").unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            out,
            "data%5BFIELDS%5D%5BEMAIL%5D=xxx%40xxxxxxx.xxx&data%5BFIELDS%5D%5BID%5D=134806&event=ONCRMLEADADD"
        );
        let (out, _) = redacted(body, "/data/FIELDS/ID").unwrap();
        assert!(out.contains("data%5BFIELDS%5D%5BID%5D=000000"), "{out}");
    }

    #[test]
    fn rules_are_read() {
        assert!(parse("").is_err());
        assert_eq!(parse("/a/b").unwrap(), [Rule::Pointer("/a/b".into())]);
        assert_eq!(parse("*Email*").unwrap(), [Rule::Field("*email*".into())]);
        assert!(parse("pii").unwrap().contains(&Rule::Emails));
    }
}
