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

impl Report<'_> {
    /// The `--format github` line: an `::error` annotation on the file for an invalid
    /// delivery; nothing for a valid one.
    pub fn github_line(&self) -> String {
        match self.failure {
            Some(f) => github_error(self.path, &f.to_string()),
            None => String::new(),
        }
    }

    /// The `--format junit` test case.
    pub fn junit_case(&self) -> String {
        let class = self.kind.map_or("unknown", Kind::name);
        let mut name = self.path.to_string();
        if let Some(e) = self.event {
            name.push_str(&format!(" ({e})"));
        }
        match self.failure {
            None => format!(
                "    <testcase classname=\"{}\" name=\"{}\"/>\n",
                xml(class),
                xml(&name)
            ),
            Some(f) => format!(
                "    <testcase classname=\"{}\" name=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(class),
                xml(&name),
                f.code(),
                xml(&f.to_string()),
                xml(&f.to_string())
            ),
        }
    }
}

/// A GitHub Actions `::error` annotation on `file`. The workflow-command escapes: `%`, CR and
/// LF in the message; also `:` and `,` in a property.
pub fn github_error(file: &str, message: &str) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    format!(
        "::error file={},title=hookscope verify::{}\n",
        property(file),
        data(message)
    )
}

/// A capture that could not be read, as a JUnit test case in error.
pub fn junit_unreadable(path: &str, why: &str) -> String {
    format!(
        "    <testcase classname=\"capture\" name=\"{}\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
        xml(path),
        xml(why),
        xml(why)
    )
}

/// The JUnit document around the cases.
pub fn junit(cases: &str, tests: usize, failures: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hookscope verify\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"hookscope verify\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

/// Text as XML 1.0 takes it, in an attribute or an element: the five entities, and the
/// control characters it cannot hold at all (a sender picks header values and paths) as U+FFFD.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
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
mod format_tests {
    use super::*;

    #[test]
    fn junit_and_github_escape_what_a_sender_picks() {
        let f = Failure::MissingHeader("X-<&>\"'".into());
        let r = Report {
            path: "dir/a,b:c%.json",
            kind: None,
            event: Some("e\u{1}"),
            failure: Some(&f),
        };
        let case = r.junit_case();
        assert!(
            case.contains("name=\"dir/a,b:c%.json (e\u{FFFD})\""),
            "{case}"
        );
        assert!(case.contains("X-&lt;&amp;&gt;&quot;&apos;"), "{case}");
        assert!(case.contains(r#"type="missing_header""#), "{case}");
        assert_eq!(
            github_error("dir/a,b:c%.json", "line one\nline two 100%"),
            "::error file=dir/a%2Cb%3Ac%25.json,title=hookscope verify::line one%0Aline two 100%25\n"
        );
        let valid = Report { failure: None, ..r };
        assert_eq!(valid.github_line(), "");
        assert!(valid.junit_case().ends_with("/>\n"));
    }
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
