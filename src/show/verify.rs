//! What `verify` prints: a line per delivery (or a JSON object), and the count at the end.

use colored::Colorize;
use serde::Serialize;

use super::mark;
use crate::render;
use crate::scheme::{Failure, Kind};

/// One checked delivery: where it was read from, what it is, and why it is not valid.
pub struct Report<'a> {
    /// The capture file, or the label of a raw body.
    pub path: &'a str,
    pub kind: Option<Kind>,
    pub event: Option<&'a str>,
    pub failure: Option<&'a Failure>,
}

impl Report<'_> {
    /// `✔ path (platform, event)`, or `✘ path (platform, event): reason`.
    pub fn line(&self) -> String {
        let mut about = Vec::new();
        if let Some(k) = self.kind {
            about.push(k.name().cyan().to_string());
        }
        if let Some(e) = self.event {
            about.push(render::line(e).bold().to_string());
        }
        let mut out = format!(
            "{} {}",
            mark(self.failure.is_none()),
            render::line(self.path)
        );
        if !about.is_empty() {
            out.push_str(&format!(" ({})", about.join(", ")));
        }
        if let Some(f) = self.failure {
            out.push_str(&format!(": {}", render::line(&f.to_string()).red()));
        }
        out.push('\n');
        out
    }

    /// The `--format json` line: path, scheme, event, valid, code, reason.
    pub fn json_line(&self) -> String {
        #[derive(Serialize)]
        struct JsonLine<'a> {
            path: &'a str,
            scheme: Option<&'static str>,
            event: Option<&'a str>,
            valid: bool,
            code: Option<&'static str>,
            reason: Option<String>,
        }
        let line = JsonLine {
            path: self.path,
            scheme: self.kind.map(Kind::name),
            event: self.event,
            valid: self.failure.is_none(),
            code: self.failure.map(Failure::code),
            reason: self.failure.map(ToString::to_string),
        };
        let mut s = serde_json::to_string(&line).expect("a verify line always serialises");
        s.push('\n');
        s
    }
}

/// The count after several deliveries: `3 valid, 1 invalid, 1 unreadable`.
pub fn summary(valid: usize, invalid: usize, unreadable: usize) -> String {
    let mut out = format!("{valid} valid, {invalid} invalid");
    if unreadable > 0 {
        out.push_str(&format!(", {unreadable} unreadable"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_the_delivery_and_the_reason() {
        colored::control::set_override(false);
        let valid = Report {
            path: "fixtures/github-push.json",
            kind: Kind::named("github"),
            event: Some("push"),
            failure: None,
        };
        assert_eq!(valid.line(), "✔ fixtures/github-push.json (github, push)\n");
        let failure = Failure::MissingHeader("X-Hub-Signature-256".into());
        let invalid = Report {
            path: "x\u{1b}.json",
            kind: None,
            event: None,
            failure: Some(&failure),
        };
        assert_eq!(
            invalid.line(),
            "✘ x\\x1b.json: missing header X-Hub-Signature-256\n"
        );
        assert_eq!(
            invalid.json_line(),
            "{\"path\":\"x\\u001b.json\",\"scheme\":null,\"event\":null,\"valid\":false,\"code\":\"missing_header\",\"reason\":\"missing header X-Hub-Signature-256\"}\n"
        );
        assert_eq!(summary(2, 1, 0), "2 valid, 1 invalid\n");
        assert_eq!(summary(0, 0, 1), "0 valid, 0 invalid, 1 unreadable\n");
    }
}
