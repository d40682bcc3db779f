//! The one curl writer: what `sign --format curl` and `--dry-run --format curl` of `replay` and
//! `trigger` print.
//! The command sends the request byte-exact when a POSIX shell runs it: the method, the URL as
//! written, each header in order, and the body's exact bytes.
//!
//! A body goes into the command as one quoted word when it is text that reads safely on a
//! terminal; else its bytes are written as `printf` escapes and piped to curl's standard input
//! (`printf` and its `\ddd` escapes are POSIX; `base64 -d` is not). A file body can be named
//! instead, for curl to read (`--data-binary @FILE`).

use crate::client;
use crate::headers;
use crate::render;

/// Where curl takes the body from.
pub enum Body<'a> {
    /// These bytes, written into the command.
    Bytes(&'a [u8]),
    /// The file of this name, read by curl when the command runs.
    File(&'a str),
}

/// A request to write as a curl command.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    /// Each header's name and the bytes its value goes out as.
    pub headers: Vec<(&'a str, &'a [u8])>,
    pub body: Body<'a>,
}

/// The command that sends what a sender would send (`replay --dry-run`, `trigger --dry-run`).
pub fn of_outgoing(o: &client::send::Outgoing) -> Result<String, String> {
    exact(&o.method, &o.url, &o.headers, &o.exact, &o.body)
}

/// A request as hookscope's client sends it: the hop-by-hop headers left to curl, the others
/// with the exact bytes captured (`exact`, see [`client::wire_bytes`]), the body's bytes.
pub fn exact(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    exact: &[((String, String), Vec<u8>)],
    body: &[u8],
) -> Result<String, String> {
    command(&Request {
        method,
        url,
        headers: headers
            .iter()
            .filter(|(n, _)| !client::is_hop_by_hop(n))
            .map(|(n, v)| (n.as_str(), client::wire_bytes(n, v, exact)))
            .collect(),
        body: Body::Bytes(body),
    })
}

/// The headers curl adds of its own (`Content-Type` and `Expect` with `--data-binary`, the
/// latter for large bodies). A request that does not carry one asks curl not to send it
/// (`-H 'Name:'`), as hookscope's HTTP client adds nothing of its own.
const CURLS_OWN: [&str; 4] = ["User-Agent", "Accept", "Content-Type", "Expect"];

/// Bodies longer than this are piped rather than passed as a word: Linux refuses to start a
/// program with one argument over 128 KiB (MAX_ARG_STRLEN), while `printf` is a shell builtin.
const MAX_WORD: usize = 64 << 10;

/// The command, ending in a newline, or why the request cannot be written as one: a header
/// that could not be sent at all (the same refusal the HTTP client makes), or a header value
/// that is not UTF-8 text (a shell's quoted word carries text, and such bytes would go out
/// changed).
pub fn command(req: &Request) -> Result<String, String> {
    let mut lines = Vec::with_capacity(req.headers.len() + 2);
    let (pipe, data) = match req.body {
        Body::File(name) => (None, format!("@{}", shell_quote(name))),
        Body::Bytes(bytes) => match inline_text(bytes) {
            Some(text) => (None, shell_quote(text)),
            None => (Some(printf_format(bytes)), "@-".to_string()),
        },
    };
    let mut first = String::new();
    if let Some(format) = pipe {
        first.push_str(&format!("printf {format} | "));
    }
    first.push_str("curl -sS");
    // curl reads [] and {} in a URL as a pattern of URLs, and removes /./ and /../ from its
    // path, unless told not to.
    if req.url.contains(['[', ']', '{', '}']) {
        first.push_str(" -g");
    }
    let path = req.url.split(['?', '#']).next().unwrap_or(req.url);
    if path.split('/').any(|s| s == "." || s == "..") {
        first.push_str(" --path-as-is");
    }
    first.push_str(&format!(
        " -X {} {}",
        shell_quote(req.method),
        shell_quote(req.url)
    ));
    lines.push(first);
    for (name, value) in &req.headers {
        client::wire_header(name, value)?;
        let value = std::str::from_utf8(value).map_err(|_| {
            format!(
                "the value of header '{}' is not UTF-8 text, which a curl command cannot carry exactly",
                render::line(name)
            )
        })?;
        // curl drops a header given as 'Name:' with no value; 'Name;' sends it empty.
        let header = match value {
            "" => format!("{name};"),
            _ => format!("{name}: {value}"),
        };
        lines.push(format!("-H {}", shell_quote(&header)));
    }
    for own in CURLS_OWN {
        if !req.headers.iter().any(|(n, _)| headers::same_name(n, own)) {
            lines.push(format!("-H {}", shell_quote(&format!("{own}:"))));
        }
    }
    lines.push(format!("--data-binary {data}"));
    Ok(format!("{}\n", lines.join(" \\\n  ")))
}

/// The body as text to pass as one word, if it can be: UTF-8 without NUL or any control
/// character a terminal would act on (line breaks and tabs are kept), not so long that a
/// program could not be started with it, and not starting with `@` (curl would read a file of
/// that name instead).
fn inline_text(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let plain = matches!(render::text(text), std::borrow::Cow::Borrowed(_));
    (plain && !text.starts_with('@') && text.len() <= MAX_WORD).then_some(text)
}

/// A quoted `printf` format that writes exactly `bytes`: printable ASCII as itself, `%` as
/// `%%`, a line break as `\n`, and every other byte as a `\ddd` octal escape (always three
/// digits, so a digit after one is not read into it). A leading `-` is escaped too, so
/// `printf` cannot take it for an option.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('\'');
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'%' => out.push_str("%%"),
            b'-' if i == 0 => out.push_str("\\055"),
            b'\\' | b'\'' => out.push_str(&format!("\\{b:03o}")),
            b'\n' => out.push_str("\\n"),
            b' '..=b'~' => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push('\'');
    out
}

/// Quotes a string for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@=%+,".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(headers: &[(&'a str, &'a str)], body: Body<'a>) -> Request<'a> {
        Request {
            method: "POST",
            url: "http://127.0.0.1:9/hook",
            headers: headers.iter().map(|(n, v)| (*n, v.as_bytes())).collect(),
            body,
        }
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_quote("http://127.0.0.1:8080/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    /// The lines that ask curl not to add its own headers, for a request that carries none.
    const NONE_OF_CURLS: &str =
        "  -H User-Agent: \\\n  -H Accept: \\\n  -H Content-Type: \\\n  -H Expect: \\\n";

    #[test]
    fn a_text_body_is_one_quoted_word() {
        let r = request(
            &[("Content-Type", "application/json"), ("X-Sig", "it's")],
            Body::Bytes(b"{\"a\": \"b c\"}\n"),
        );
        assert_eq!(
            command(&r).unwrap(),
            "curl -sS -X POST http://127.0.0.1:9/hook \\\n  -H 'Content-Type: application/json' \\\n  -H 'X-Sig: it'\\''s' \\\n  -H User-Agent: \\\n  -H Accept: \\\n  -H Expect: \\\n  --data-binary '{\"a\": \"b c\"}\n'\n"
        );
    }

    #[test]
    fn a_file_body_is_named_for_curl_to_read() {
        let r = request(&[], Body::File("my body.json"));
        assert_eq!(
            command(&r).unwrap(),
            format!("curl -sS -X POST http://127.0.0.1:9/hook \\\n{NONE_OF_CURLS}  --data-binary @'my body.json'\n")
        );
    }

    #[test]
    fn bytes_a_word_cannot_carry_are_piped_through_printf() {
        let r = request(&[], Body::Bytes(b"-\xff\x00%\\'\x1b[2J\n7"));
        assert_eq!(
            command(&r).unwrap(),
            format!("printf '\\055\\377\\000%%\\134\\047\\033[2J\\n7' | curl -sS -X POST http://127.0.0.1:9/hook \\\n{NONE_OF_CURLS}  --data-binary @-\n")
        );
        // curl would read the file '@secrets' for a word starting with '@'.
        assert!(command(&request(&[], Body::Bytes(b"@secrets")))
            .unwrap()
            .starts_with("printf '@secrets' | curl"));
        let long = "a".repeat(MAX_WORD + 1);
        assert!(command(&request(&[], Body::Bytes(long.as_bytes())))
            .unwrap()
            .starts_with("printf 'aaa"));
    }

    #[test]
    fn what_curl_would_change_is_kept_as_it_is() {
        let r = Request {
            url: "http://h/a/../b/./c?f[x]={1}",
            ..request(
                &[("X-Empty", ""), ("user-agent", "Stripe/1.0")],
                Body::Bytes(b""),
            )
        };
        assert_eq!(
            command(&r).unwrap(),
            "curl -sS -g --path-as-is -X POST 'http://h/a/../b/./c?f[x]={1}' \\\n  -H 'X-Empty;' \\\n  -H 'user-agent: Stripe/1.0' \\\n  -H Accept: \\\n  -H Content-Type: \\\n  -H Expect: \\\n  --data-binary ''\n"
        );
        let plain = command(&request(&[], Body::Bytes(b""))).unwrap();
        assert!(plain.starts_with("curl -sS -X POST http"), "{plain}");
        // Dots in a query are not a path's segments.
        let r = Request {
            url: "http://h/x?next=../y",
            ..request(&[], Body::Bytes(b""))
        };
        assert!(!command(&r).unwrap().contains("--path-as-is"));
    }

    #[test]
    fn a_header_that_cannot_be_written_is_refused_by_name() {
        let r = request(&[("X-Note", "1\r\nX-Injected: yes")], Body::Bytes(b""));
        assert_eq!(
            command(&r).unwrap_err(),
            "header 'X-Note' cannot be sent: its value contains CR, LF or another control character"
        );
        let r = Request {
            headers: vec![("X-User", b"Jos\xe9")],
            ..request(&[], Body::Bytes(b""))
        };
        assert_eq!(
            command(&r).unwrap_err(),
            "the value of header 'X-User' is not UTF-8 text, which a curl command cannot carry exactly"
        );
    }
}
