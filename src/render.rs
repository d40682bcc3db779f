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

/// Escapes possibly non-UTF-8 bytes for one line.
pub fn bytes_line(b: &[u8]) -> String {
    line(&String::from_utf8_lossy(b)).into_owned()
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
