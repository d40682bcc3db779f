//! What `fixture` prints: a line per fixture written or capture skipped, and the count.

use colored::Colorize;

use super::mark;
use crate::render;

/// `✔ fixtures/github-push.json ← capture.json (2 values redacted, re-signed)`.
pub fn written(target: &str, source: &str, redacted: Option<usize>, resigned: bool) -> String {
    let mut notes = Vec::new();
    if let Some(n) = redacted {
        notes.push(format!(
            "{n} value{} redacted",
            if n == 1 { "" } else { "s" }
        ));
    }
    if resigned {
        notes.push("re-signed".to_string());
    }
    let mut out = format!(
        "{} {} ← {}",
        mark(true),
        render::line(target),
        render::line(source).dimmed()
    );
    if !notes.is_empty() {
        out.push_str(&format!(" ({})", notes.join(", ")));
    }
    out.push('\n');
    out
}

/// A capture left out, and why.
pub fn skipped(source: &str, why: &str) -> String {
    format!(
        "{} {}: not made a fixture: {}\n",
        mark(false),
        render::line(source),
        render::line(why).red()
    )
}

/// `2 fixtures written, 1 capture skipped`.
pub fn summary(written: usize, skipped: usize, unreadable: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = format!("{written} fixture{} written", plural(written));
    if skipped > 0 {
        out.push_str(&format!(", {skipped} capture{} skipped", plural(skipped)));
    }
    if unreadable > 0 {
        out.push_str(&format!(", {unreadable} unreadable"));
    }
    out.push('\n');
    out
}
