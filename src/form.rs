//! `application/x-www-form-urlencoded` bodies with PHP-style bracket keys, as Bitrix24 sends
//! them: `data[FIELDS][ID]=1` becomes `{"data":{"FIELDS":{"ID":"1"}}}`.

use serde_json::{Map, Value};

/// Whether a body looks like a form: UTF-8 text without control characters (a newline at the
/// end aside), with at least one `key=value`, and no whitespace in any key. Senders encode
/// their forms to differing degrees (`curl -d` sends `Заявка` and spaces as they are), so
/// printable ASCII alone is not required; a whitespace-free key is what tells `a=b c` from a
/// sentence such as `total = 5`.
pub fn looks_like_form(body: &[u8]) -> bool {
    let body = without_final_line_break(body);
    let Some(first) = body.first() else {
        return false;
    };
    if matches!(first, b'{' | b'[' | b'<' | 0xEF) || !body.contains(&b'=') {
        // (0xEF: a UTF-8 byte order mark, as some senders put before JSON.)
        return false;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    // A value with a space and another `=` is a line of `key=value key=value` (logfmt), not a
    // form, whose `=` in values would be encoded.
    !text.contains(char::is_control)
        && text.split('&').all(|pair| match pair.split_once('=') {
            Some((key, value)) => {
                let logfmt = value.contains(char::is_whitespace) && value.contains('=');
                !key.contains(char::is_whitespace) && !logfmt
            }
            None => !pair.contains(char::is_whitespace),
        })
}

/// The body less one `\n` or `\r\n` at its end.
fn without_final_line_break(body: &[u8]) -> &[u8] {
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    body.strip_suffix(b"\r").unwrap_or(body)
}

/// The decoded pairs, in order. A line break ending the body is not part of the last value
/// (a hand-made body from a file has one): it would make `event=X` name the event `X\n`.
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(without_final_line_break(body))
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

/// Nests the pairs of a form body: brackets make objects, `[]` appends to a list. Nothing is
/// dropped: a key given twice (`a=1&a=2`), or both as a value and as a parent
/// (`data[ID]=1&data=2`), becomes a list of what it was given, in order
/// (`["1","2"]`, `[{"ID":"1"},"2"]`).
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
    let slot = map.get_mut(head);
    // A value: `a=1`, or `a[]=1` (which always makes a list).
    if rest.is_empty() || (rest.len() == 1 && rest[0].is_empty()) {
        match slot {
            None if rest.is_empty() => {
                map.insert(head.to_string(), value);
            }
            None => {
                map.insert(head.to_string(), Value::Array(vec![value]));
            }
            Some(slot) => into_list(slot).push(value),
        }
        return;
    }
    // A parent: `a[b]…`. It fills the object `a` already is, or the object a list of `a`'s
    // values ends with; otherwise a new object joins the list.
    let object = match slot {
        None => map
            .entry(head.to_string())
            .or_insert_with(|| Value::Object(Map::new())),
        Some(Value::Object(_)) => map.get_mut(head).expect("just found"),
        Some(slot) => {
            let list = into_list(slot);
            if !list.last().is_some_and(Value::is_object) {
                list.push(Value::Object(Map::new()));
            }
            list.last_mut().expect("just pushed")
        }
    };
    let Value::Object(object) = object else {
        unreachable!("an object was found or made above")
    };
    insert(object, rest, value);
}

/// The list of a key's values: the list it is, or a new one holding what it was.
fn into_list(slot: &mut Value) -> &mut Vec<Value> {
    if !slot.is_array() {
        *slot = Value::Array(vec![slot.take()]);
    }
    match slot {
        Value::Array(list) => list,
        _ => unreachable!("made a list above"),
    }
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
    fn a_key_given_twice_keeps_every_value_in_order() {
        let v = nest(&pairs(
            b"a=1&a=2&data[FIELDS][ID]=1&data[FIELDS][NAME]=x&data=2&data[y]=3",
        ));
        assert_eq!(
            v,
            json!({"a":["1","2"],"data":[{"FIELDS":{"ID":"1","NAME":"x"}},"2",{"y":"3"}]})
        );
        let v = nest(&pairs(b"data=2&data[FIELDS][ID]=1&l[]=1&l=2&l[]=3&l[k]=4"));
        assert_eq!(
            v,
            json!({"data":["2",{"FIELDS":{"ID":"1"}}],"l":["1","2","3",{"k":"4"}]})
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
        assert!(!looks_like_form(b"no pairs at all"));
        assert!(!looks_like_form(b"a=1\x00&b=2"));
        assert!(!looks_like_form(b"a=1\n\nb=2"));
        assert!(!looks_like_form(b"a=\xff"));
        assert!(!looks_like_form(b"\n"));
        assert!(!looks_like_form(b"level=info msg=started dur=5ms"));
        assert!(!looks_like_form("\u{feff}{\"a\":\"b=c\"}".as_bytes()));
    }

    #[test]
    fn forms_as_curl_sends_them_are_forms() {
        // Raw UTF-8, a space in a value, a newline at the end.
        let body =
            "event=ONCRMLEADADD&data[FIELDS][TITLE]=Заявка с сайта&auth[application_token]=t\n";
        assert!(looks_like_form(body.as_bytes()));
        assert!(looks_like_form(b"text=hello world\r\n"));
        let v = nest(&pairs(body.as_bytes()));
        assert_eq!(v["data"]["FIELDS"]["TITLE"], "Заявка с сайта");
        assert_eq!(
            v["auth"]["application_token"], "t",
            "the final newline is not the token's"
        );
    }
}
