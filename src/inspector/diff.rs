//! What differs between two deliveries, bounded: decoded bodies by JSON pointer, text bodies
//! by line, headers by name (without case).
//!
//! Every list stops at [`MAX_ENTRIES`] and every value shown at [`MAX_VALUE_CHARS`]; what was
//! cut is said (`cut`), never dropped silently. The values compared are the ones the detail
//! view shows (credentials already masked by the caller), so a diff shows nothing that the two
//! detail views do not.

use serde_json::{json, Value};

/// The most entries one list of differences holds.
pub const MAX_ENTRIES: usize = 500;
/// The most characters of one value (as compact JSON, or one line of text) shown.
pub const MAX_VALUE_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Changed,
    Added,
    Removed,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::Added => "added",
            Kind::Removed => "removed",
        }
    }
}

/// One difference in a decoded body: where (a JSON pointer), how, and the values on each side.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub path: String,
    pub kind: Kind,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Differences, at most [`MAX_ENTRIES`] of them; `cut` when there were more.
#[derive(Debug, Default, PartialEq)]
pub struct Entries {
    pub entries: Vec<Entry>,
    pub cut: bool,
}

impl Entries {
    fn push(&mut self, e: Entry) -> bool {
        if self.entries.len() == MAX_ENTRIES {
            self.cut = true;
            return false;
        }
        self.entries.push(e);
        true
    }
}

/// Escapes one key for a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
fn pointer_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What differs from `a` to `b`, by path: objects by key (their order does not matter), arrays
/// by index; a value whose type changes is one `changed` entry.
pub fn json(a: &Value, b: &Value) -> Entries {
    let mut out = Entries::default();
    walk(a, b, &mut String::new(), &mut out);
    out
}

/// Returns false once the list is full.
fn walk(a: &Value, b: &Value, path: &mut String, out: &mut Entries) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer_key(k));
                let go_on = match y.get(k) {
                    Some(vb) => walk(va, vb, path, out),
                    None => out.push(entry(path, Kind::Removed, Some(va), None)),
                };
                path.truncate(len);
                if !go_on {
                    return false;
                }
            }
            for (k, vb) in y {
                if x.contains_key(k) {
                    continue;
                }
                let p = format!("{path}/{}", pointer_key(k));
                if !out.push(entry(&p, Kind::Added, None, Some(vb))) {
                    return false;
                }
            }
            true
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                let go_on = match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => walk(va, vb, path, out),
                    (Some(va), None) => out.push(entry(path, Kind::Removed, Some(va), None)),
                    (None, Some(vb)) => out.push(entry(path, Kind::Added, None, Some(vb))),
                    (None, None) => unreachable!("i is below the longer length"),
                };
                path.truncate(len);
                if !go_on {
                    return false;
                }
            }
            true
        }
        _ if a == b => true,
        _ => out.push(entry(path, Kind::Changed, Some(a), Some(b))),
    }
}

fn entry(path: &str, kind: Kind, before: Option<&Value>, after: Option<&Value>) -> Entry {
    Entry {
        path: path.to_string(),
        kind,
        before: before.cloned(),
        after: after.cloned(),
    }
}

/// At most [`MAX_VALUE_CHARS`] characters of `text`, and whether some were cut.
pub fn bounded(text: &str) -> (String, bool) {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((end, _)) => (format!("{}…", &text[..end]), true),
        None => (text.to_string(), false),
    }
}

/// A value as the page shows it: compact JSON, bounded (a type change stays visible: `1`
/// against `"1"`).
fn shown(v: &Option<Value>) -> (Value, bool) {
    match v {
        None => (Value::Null, false),
        Some(v) => {
            let (text, cut) = bounded(&v.to_string());
            (json!(text), cut)
        }
    }
}

impl Entries {
    /// `{"entries": [{"path", "kind", "before"?, "after"?, "cut"?}], "cut": bool}`: values as
    /// compact JSON text, bounded.
    pub fn to_json(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut v = json!({ "path": e.path, "kind": e.kind.as_str() });
                let mut cut = false;
                for (name, side) in [("before", &e.before), ("after", &e.after)] {
                    if side.is_some() {
                        let (text, c) = shown(side);
                        v[name] = text;
                        cut |= c;
                    }
                }
                if cut {
                    v["cut"] = json!(true);
                }
                v
            })
            .collect();
        json!({ "entries": entries, "cut": self.cut })
    }
}

/// What differs between two texts by line, kept simple and linear: the lines both start and
/// end with are left out, and the rest is the lines removed (from `a`) and added (in `b`).
/// `{"entries": [{"line", "kind", "text"}], "cut": bool}`, lines counted from 1.
pub fn lines(a: &str, b: &str) -> Value {
    let x: Vec<&str> = a.lines().collect();
    let y: Vec<&str> = b.lines().collect();
    let start = x.iter().zip(&y).take_while(|(l, r)| l == r).count();
    let end = x[start..]
        .iter()
        .rev()
        .zip(y[start..].iter().rev())
        .take_while(|(l, r)| l == r)
        .count();
    let removed = (start..x.len() - end).map(|i| (i, Kind::Removed, x[i]));
    let added = (start..y.len() - end).map(|i| (i, Kind::Added, y[i]));
    let mut entries = Vec::new();
    let mut cut = false;
    for (i, kind, text) in removed.chain(added) {
        if entries.len() == MAX_ENTRIES {
            cut = true;
            break;
        }
        let (text, line_cut) = bounded(text);
        let mut e = json!({ "line": i + 1, "kind": kind.as_str(), "text": text });
        if line_cut {
            e["cut"] = json!(true);
        }
        entries.push(e);
    }
    json!({ "entries": entries, "cut": cut })
}

/// What differs between two lists of headers, by name without case: `(name, value shown,
/// masked)` on each side, as the detail view has them. Several headers of one name are
/// compared as their values in order, joined with `, `.
pub fn headers(a: &[(String, String, bool)], b: &[(String, String, bool)]) -> Value {
    fn grouped(h: &[(String, String, bool)]) -> Vec<(String, String, String, bool)> {
        let mut out: Vec<(String, String, String, bool)> = Vec::new();
        for (name, value, masked) in h {
            let key = name.to_ascii_lowercase();
            match out.iter_mut().find(|g| g.0 == key) {
                Some(g) => {
                    g.2.push_str(", ");
                    g.2.push_str(value);
                    g.3 |= masked;
                }
                None => out.push((key, name.clone(), value.clone(), *masked)),
            }
        }
        out
    }
    let (x, y) = (grouped(a), grouped(b));
    let mut entries = Vec::new();
    let mut cut = false;
    let mut push = |name: &str, kind: Kind, before: Option<&str>, after: Option<&str>, masked| {
        if entries.len() == MAX_ENTRIES {
            cut = true;
            return;
        }
        let mut e = json!({ "name": name, "kind": kind.as_str(), "masked": masked });
        for (side, value) in [("before", before), ("after", after)] {
            if let Some(v) = value {
                let (text, c) = bounded(v);
                e[side] = json!(text);
                if c {
                    e["cut"] = json!(true);
                }
            }
        }
        entries.push(e);
    };
    for (key, name, va, ma) in &x {
        match y.iter().find(|g| &g.0 == key) {
            Some((_, _, vb, mb)) if va != vb => {
                push(name, Kind::Changed, Some(va), Some(vb), *ma || *mb)
            }
            Some(_) => {}
            None => push(name, Kind::Removed, Some(va), None, *ma),
        }
    }
    for (key, name, vb, mb) in &y {
        if !x.iter().any(|g| &g.0 == key) {
            push(name, Kind::Added, None, Some(vb), *mb);
        }
    }
    json!({ "entries": entries, "cut": cut })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(a: Value, b: Value) -> Vec<(String, Kind)> {
        json(&a, &b)
            .entries
            .into_iter()
            .map(|e| (e.path, e.kind))
            .collect()
    }

    #[test]
    fn identical_values_have_no_difference() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        assert_eq!(json(&v, &v), Entries::default());
    }

    #[test]
    fn key_order_does_not_matter() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":{"c":2,"d":3}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":{"d":3,"c":2},"a":1}"#).unwrap();
        assert!(json(&a, &b).entries.is_empty());
    }

    #[test]
    fn nested_objects_are_compared_by_pointer() {
        let got = kinds(
            json!({"user": {"name": "ann", "old": 1, "deep": {"x": 1}}}),
            json!({"user": {"name": "bob", "new": 2, "deep": {"x": 1}}}),
        );
        assert_eq!(
            got,
            [
                ("/user/name".into(), Kind::Changed),
                ("/user/old".into(), Kind::Removed),
                ("/user/new".into(), Kind::Added),
            ]
        );
        let e = &json(&json!({"a": {"b": 1}}), &json!({"a": {"b": 2}})).entries[0];
        assert_eq!(
            (e.before.clone(), e.after.clone()),
            (Some(json!(1)), Some(json!(2)))
        );
    }

    #[test]
    fn arrays_are_compared_by_index() {
        let got = kinds(json!({"l": [1, 2, 3]}), json!({"l": [1, 5]}));
        assert_eq!(
            got,
            [
                ("/l/1".into(), Kind::Changed),
                ("/l/2".into(), Kind::Removed)
            ]
        );
        assert_eq!(
            kinds(json!([]), json!([{"a": 1}])),
            [("/0".into(), Kind::Added)]
        );
    }

    #[test]
    fn a_type_change_is_one_changed_entry_with_both_values() {
        let d = json(
            &json!({"n": 1, "o": {"x": 1}}),
            &json!({"n": "1", "o": [1]}),
        );
        assert_eq!(d.entries.len(), 2);
        let shown = d.to_json();
        assert_eq!(shown["entries"][0]["before"], "1");
        assert_eq!(shown["entries"][0]["after"], "\"1\"");
        assert_eq!(shown["entries"][1]["path"], "/o");
        assert_eq!(shown["entries"][1]["after"], "[1]");
        // The whole bodies differ in type: one entry at the root, "".
        assert_eq!(kinds(json!({}), json!([])), [("".into(), Kind::Changed)]);
    }

    #[test]
    fn keys_are_escaped_as_json_pointers() {
        assert_eq!(
            kinds(json!({"a/b~c": 1}), json!({"a/b~c": 2})),
            [("/a~1b~0c".into(), Kind::Changed)]
        );
    }

    #[test]
    fn entries_and_values_are_bounded_and_say_so() {
        let a: Value = (0..MAX_ENTRIES + 10)
            .map(|i| (i.to_string(), json!(i)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        let d = json(&a, &json!({}));
        assert_eq!(d.entries.len(), MAX_ENTRIES);
        assert!(d.cut);
        let long = "x".repeat(MAX_VALUE_CHARS * 3);
        let shown = json(&json!({"s": long}), &json!({"s": 1})).to_json();
        let before = shown["entries"][0]["before"].as_str().unwrap();
        assert_eq!(before.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(before.ends_with('…'));
        assert_eq!(shown["entries"][0]["cut"], true);
        assert_eq!(shown["cut"], false);
    }

    #[test]
    fn text_bodies_differ_by_line_between_what_they_share() {
        let got = |a: &str, b: &str| -> Vec<(u64, String, String)> {
            lines(a, b)["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["line"].as_u64().unwrap(),
                        e["kind"].as_str().unwrap().to_string(),
                        e["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let r = |n, k: &str, t: &str| (n, k.to_string(), t.to_string());
        assert_eq!(
            got("a\nb\nc\n", "a\nB\nc\n"),
            [r(2, "removed", "b"), r(2, "added", "B")]
        );
        assert_eq!(got("a\n", "a\nb\n"), [r(2, "added", "b")]);
        assert_eq!(got("x\na\n", "a\n"), [r(1, "removed", "x")]);
        assert!(lines("same\n", "same\n")["entries"]
            .as_array()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn headers_are_matched_by_name_without_case() {
        let h = |v: &[(&str, &str, bool)]| -> Vec<(String, String, bool)> {
            v.iter()
                .map(|(n, v, m)| (n.to_string(), v.to_string(), *m))
                .collect()
        };
        let d = headers(
            &h(&[
                ("Content-Type", "a/json", false),
                ("X-Old", "1", false),
                ("Authorization", "••••••", true),
            ]),
            &h(&[
                ("content-type", "text/plain", false),
                ("X-New", "2", false),
                ("authorization", "••••••", true),
            ]),
        );
        let e = d["entries"].as_array().unwrap();
        assert_eq!(e.len(), 3, "{d}");
        assert_eq!(e[0]["name"], "Content-Type");
        assert_eq!(e[0]["kind"], "changed");
        assert_eq!(e[0]["after"], "text/plain");
        assert_eq!(e[1]["kind"], "removed");
        assert_eq!(e[2]["name"], "X-New");
        assert_eq!(e[2]["kind"], "added");
        assert!(e[2].get("before").is_none());
    }
}
