//! Headers as hookscope keeps them: `(name, value)` pairs in the order and spelling they came
//! in, duplicates kept. Names are compared without regard to ASCII case (RFC 9110, 5.1); this
//! module is where that rule is written.

/// Whether two header names are the same header.
pub fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The first value of the header `name`.
pub fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| same_name(n, name))
        .map(|(_, v)| v.as_str())
}

/// Whether the header `name` is there at all.
pub fn has(headers: &[(String, String)], name: &str) -> bool {
    get(headers, name).is_some()
}

/// Sets the header `name` to `value`: every header of that name goes, and one is added at the
/// end, spelt as `name` is.
pub fn set(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !same_name(n, name));
    headers.push((name.to_string(), value.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn names_are_compared_without_case() {
        let headers = h(&[("Content-Type", "a"), ("content-type", "b")]);
        assert_eq!(get(&headers, "CONTENT-TYPE"), Some("a"));
        assert!(has(&headers, "content-type"));
        assert!(!has(&headers, "content-typ"));
        assert!(same_name("X-Hub-Signature", "x-hub-signature"));
    }

    #[test]
    fn set_replaces_every_header_of_that_name() {
        let mut headers = h(&[("X-A", "1"), ("B", "0"), ("x-a", "2")]);
        set(&mut headers, "X-a", "3");
        assert_eq!(headers, h(&[("B", "0"), ("X-a", "3")]));
    }
}
