//! Human output helpers: colour, decided once, and escaping of untrusted text before it
//! reaches a terminal.

use std::borrow::Cow;
use std::io::IsTerminal;

use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb.
    Auto,
    Always,
    Never,
}

/// Decides colour once for the whole run, from the flag, `NO_COLOR`, `TERM` and the tty.
pub fn init_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            !no_color && !dumb && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        // C0 and C1 controls, DEL, and the bidirectional overrides that can reorder a line.
        c if c.is_control() => true,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c, keep_newlines) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes untrusted text meant for one line: every control character is shown as an escape.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escapes untrusted multi-line text: newlines and tabs stay, other controls are shown escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(line("a\x1b]0;pwned\x07b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(line("\u{9b}31m"), "\\x9b31m");
        assert_eq!(line("evil\u{202E}txt"), "evil\\u{202e}txt");
        assert_eq!(line("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(text("two\nlines\r\n\ttab"), "two\nlines\\r\n\ttab");
        assert!(matches!(line("plain ünïcode"), Cow::Borrowed(_)));
    }
}

/// A size in bytes, for people: `412 B`, `1.2 KiB`, `10.0 MiB`.
pub fn size(bytes: usize) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// Pretty JSON with colours (when colour is on), two-space indent. Strings are JSON-escaped
/// and then terminal-escaped, so no control character from a payload reaches the terminal.
/// serde_json refuses input nested deeper than 128 levels, so the recursion here is bounded.
pub fn json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value, 0);
    out
}

fn write_json(out: &mut String, value: &serde_json::Value, indent: usize) {
    use colored::Colorize;
    use serde_json::Value;
    let pad = |n: usize| "  ".repeat(n);
    let quoted = |s: &str| line(&serde_json::to_string(s).expect("strings serialise")).into_owned();
    match value {
        Value::Null => out.push_str(&"null".magenta().to_string()),
        Value::Bool(b) => out.push_str(&b.to_string().magenta().to_string()),
        Value::Number(n) => out.push_str(&n.to_string().cyan().to_string()),
        Value::String(s) => out.push_str(&quoted(s).green().to_string()),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write_json(out, item, indent + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&quoted(k).blue().bold().to_string());
                out.push_str(": ");
                write_json(out, v, indent + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

/// A hex dump of the first `limit` bytes, 16 a line, with printable ASCII beside.
pub fn hexdump(bytes: &[u8], limit: usize) -> String {
    let mut out = String::new();
    for (n, chunk) in bytes[..bytes.len().min(limit)].chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:08x}  {:<47}  |{ascii}|\n",
            n * 16,
            hex.join(" ")
        ));
    }
    if bytes.len() > limit {
        out.push_str(&format!("… {} more bytes\n", bytes.len() - limit));
    }
    out
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(412), "412 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(10 << 20), "10.0 MiB");
    }

    #[test]
    fn pretty_json_escapes_and_indents() {
        colored::control::set_override(false);
        let v = serde_json::json!({"a": [1, "x\u{1b}[2J\u{9b}"], "b": {}, "c": null});
        assert_eq!(
            json(&v),
            "{\n  \"a\": [\n    1,\n    \"x\\u001b[2J\\x9b\"\n  ],\n  \"b\": {},\n  \"c\": null\n}"
        );
    }

    #[test]
    fn hexdump_shape() {
        let d = hexdump(b"\x00\x01hello\xff", 4);
        let pad = " ".repeat(47 - "00 01 68 65".len());
        assert_eq!(
            d,
            format!("00000000  00 01 68 65{pad}  |..he|\n… 4 more bytes\n")
        );
    }
}
