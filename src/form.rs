//! `application/x-www-form-urlencoded` bodies with PHP-style bracket keys, as Bitrix24 sends
//! them: `data[FIELDS][ID]=1` becomes `{"data":{"FIELDS":{"ID":"1"}}}`.

use serde_json::{Map, Value};

/// Whether a body looks like a form: printable ASCII only, with at least one `key=value`.
pub fn looks_like_form(body: &[u8]) -> bool {
    !body.is_empty()
        && body.contains(&b'=')
        && body.iter().all(|b| b.is_ascii_graphic())
        && !matches!(body[0], b'{' | b'[' | b'<')
}

/// The decoded pairs, in order.
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Keys nested deeper than this are kept whole: real forms nest a few levels, and a key of
/// half a million `[]` must not cost a stack frame each.
const MAX_DEPTH: usize = 32;

/// Splits `a[b][c]` into `["a", "b", "c"]`; a key whose brackets do not close, or that nests
/// deeper than [`MAX_DEPTH`], is kept whole.
fn split_key(key: &str) -> Vec<&str> {
    let Some(open) = key.find('[') else {
        return vec![key];
    };
    if open == 0 {
        return vec![key];
    }
    let mut parts = vec![&key[..open]];
    let mut rest = &key[open..];
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            return vec![key];
        };
        let Some(close) = inner.find(']') else {
            return vec![key];
        };
        parts.push(&inner[..close]);
        rest = &inner[close + 1..];
        if parts.len() > MAX_DEPTH {
            return vec![key];
        }
    }
    parts
}

/// Nests the pairs of a form body: brackets make objects, `[]` appends to a list. When a key
/// is used both as a value and as a parent, the later one wins; nothing is dropped silently
/// from the raw body, which the capture keeps whole.
pub fn nest(pairs: &[(String, String)]) -> Value {
    let mut root = Map::new();
    for (key, value) in pairs {
        let path = split_key(key);
        insert(&mut root, &path, Value::String(value.clone()));
    }
    Value::Object(root)
}

fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) {
    let (head, rest) = (path[0], &path[1..]);
    if rest.is_empty() {
        map.insert(head.to_string(), value);
        return;
    }
    if rest[0].is_empty() && rest.len() == 1 {
        let slot = map
            .entry(head.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        slot.as_array_mut().expect("just made an array").push(value);
        return;
    }
    let slot = map
        .entry(head.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    insert(
        slot.as_object_mut().expect("just made an object"),
        rest,
        value,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bitrix_form_nests() {
        let body = b"event=ONCRMLEADADD&data%5BFIELDS%5D%5BID%5D=134806&ts=1727018926&auth%5Bdomain%5D=b24.example.ru&auth%5Bapplication_token%5D=tok";
        assert!(looks_like_form(body));
        let v = nest(&pairs(body));
        assert_eq!(
            v,
            json!({"event":"ONCRMLEADADD","data":{"FIELDS":{"ID":"134806"}},"ts":"1727018926","auth":{"domain":"b24.example.ru","application_token":"tok"}})
        );
    }

    #[test]
    fn lists_plus_signs_and_odd_keys() {
        let v = nest(&pairs(b"a[]=1&a[]=2&text=hello+world&odd[x=1&[y]=2"));
        assert_eq!(
            v,
            json!({"a":["1","2"],"text":"hello world","odd[x":"1","[y]":"2"})
        );
    }

    #[test]
    fn deep_keys_stay_flat_instead_of_recursing() {
        let key = format!("a{}", "[]".repeat(500_000));
        let body = format!("{}=1", key.replace('[', "%5B").replace(']', "%5D"));
        let v = nest(&pairs(body.as_bytes()));
        assert_eq!(v[key.as_str()], "1");
        let ok = format!("a{}=1", "[x]".repeat(MAX_DEPTH - 1));
        assert!(nest(&pairs(ok.as_bytes()))["a"].is_object());
    }

    #[test]
    fn json_is_not_a_form() {
        assert!(!looks_like_form(br#"{"a":"b=c"}"#));
        assert!(!looks_like_form(b"plain text = with spaces"));
    }
}
