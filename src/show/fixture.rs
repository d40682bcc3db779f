//! What `fixture` prints: a line per fixture written or capture skipped, and the count.

use colored::Colorize;

use super::mark;
use crate::render;

/// `✔ fixtures/github-push.json ← capture.json (2 values redacted, re-signed)`, and a warning
/// line when its body keeps a credential.
pub fn written(
    target: &str,
    source: &str,
    redacted: Option<usize>,
    resigned: bool,
    dropped: &[String],
    kept: &[String],
) -> String {
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
    if !dropped.is_empty() {
        let names: Vec<_> = dropped.iter().map(|n| render::line(n)).collect();
        notes.push(format!("left out {} (credentials)", names.join(", ")));
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
    if !kept.is_empty() {
        let at: Vec<_> = kept.iter().map(|p| render::line(p)).collect();
        out.push_str(&format!(
            "  {} its body still carries a credential at {}, kept so its signature holds: give --resign-secret (it is then blanked) or --redact it before you commit the file\n",
            "warning:".yellow().bold(),
            at.join(", ")
        ));
    }
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
