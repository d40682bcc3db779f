//! What `replay` prints: the list of captures, what a dry run would send, a line per answer
//! (or a JSON object), and the summary. Curl commands are `curl.rs`'s.

use std::time::Duration;

use colored::Colorize;
use serde_json::json;

use super::{indented, mark};
use crate::capture::Capture;
use crate::client::send::{Outgoing, Reply};
use crate::render;

/// A capture in `--list`, with what replay found out about it.
pub struct Listed<'a> {
    pub capture: &'a Capture,
    /// Where it came from: a file path, or its id for the store.
    pub source: &'a str,
    pub platform: Option<String>,
    pub event: Option<String>,
    /// The verdict `listen` recorded (`valid`, `invalid`, `unchecked`).
    pub signature: Option<String>,
}

/// The `--list --format json` line of a capture.
pub fn list_json(l: &Listed) -> String {
    let c = l.capture;
    let line = json!({
        "id": c.id, "received_at": c.received_at, "source": l.source,
        "method": c.method, "path": c.path, "platform": l.platform,
        "event": l.event, "size": c.body.len(), "signature": l.signature,
    });
    format!("{line}\n")
}

/// The head of the `--list` table.
pub fn list_head() -> String {
    let head = format!(
        "{:<36}  {:<19}  {:<12}  {:<28}  {:>9}  {}",
        "ID", "RECEIVED (UTC)", "PLATFORM", "EVENT", "SIZE", "SIGNATURE"
    );
    format!("{}\n", head.bold())
}

/// A capture's row in the `--list` table.
pub fn list_row(l: &Listed) -> String {
    let c = l.capture;
    let received = c
        .received_at
        .get(..19)
        .unwrap_or(&c.received_at)
        .replace('T', " ");
    let verdict = l.signature.as_deref().unwrap_or("-");
    let verdict = match verdict {
        "valid" => verdict.green().to_string(),
        "invalid" => verdict.red().to_string(),
        other => render::line(other).yellow().to_string(),
    };
    let unknown = || "-".to_string();
    format!(
        "{:<36}  {:<19}  {:<12}  {:<28}  {:>9}  {verdict}\n",
        render::line(&c.id),
        render::line(&received),
        render::line(&l.platform.clone().unwrap_or_else(unknown)),
        render::line(&l.event.clone().unwrap_or_else(unknown)),
        render::size(c.body.len()),
    )
}

/// The last line of the `--list` table: how many captures, and how many could not be read.
pub fn list_count(listed: usize, unreadable: usize) -> String {
    let mut count = format!("{listed} capture{}", if listed == 1 { "" } else { "s" });
    if unreadable > 0 {
        count.push_str(&format!(", {unreadable} unreadable"));
    }
    count.push('\n');
    count
}

/// What a dry run would send: `would send POST url  (file, size)` and the headers under it.
/// The capture is named as a real send names it: its file (its id when it came from the store).
pub fn would_send(o: &Outgoing) -> String {
    let mut out = format!(
        "{} {} {}  {}\n",
        "would send".yellow().bold(),
        render::line(&o.method).bold(),
        render::line(&o.url).bold(),
        format!(
            "({}, {})",
            render::line(&o.source),
            render::size(o.body.len())
        )
        .dimmed()
    );
    for (n, v) in &o.headers {
        out.push_str(&format!(
            "  {}\n",
            format!("{}: {}", render::line(n), render::line(v)).dimmed()
        ));
    }
    out
}

/// The `--dry-run --format json` line of a request.
pub fn would_send_json(o: &Outgoing) -> String {
    let line = json!({
        "id": o.id, "source": o.source, "method": o.method, "url": o.url,
        "headers": o.headers, "body": String::from_utf8_lossy(&o.body), "size": o.body.len(),
    });
    format!("{line}\n")
}

/// The most lines of a response body shown under its answer.
const REPLY_LINES: usize = 20;

/// An answer: `✔ 200 12 ms  id  source`, the error if there was no answer, and the response
/// body (JSON pretty-printed), cut as a delivery's body is.
pub fn reply(o: &Outgoing, r: &Reply, delivered: bool) -> String {
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    let status = match r.status {
        Some(s) if delivered => s.to_string().green().bold().to_string(),
        Some(s) => s.to_string().red().bold().to_string(),
        None => "---".red().bold().to_string(),
    };
    let retries = if r.attempts > 1 {
        format!(", {} attempts", r.attempts)
    } else {
        String::new()
    };
    let mut text = format!(
        "{} {status} {}  {}",
        mark(delivered),
        format!("{ms:.0} ms{retries}").dimmed(),
        render::line(&o.id)
    );
    if o.source != o.id {
        text.push_str(&format!("  {}", render::line(&o.source).dimmed()));
    }
    text.push('\n');
    if let Some(e) = &r.error {
        text.push_str(&format!("  {}\n", render::line(e).red()));
    }
    let body = match serde_json::from_slice::<serde_json::Value>(&r.body) {
        Ok(v) => render::json(&v),
        Err(_) => render::text(&String::from_utf8_lossy(&r.body)).into_owned(),
    };
    let shown = indented(&body, REPLY_LINES);
    text.push_str(&shown.text);
    if shown.more_lines > 0 {
        text.push_str(&format!(
            "  {}\n",
            format!("… {} more lines", shown.more_lines).dimmed()
        ));
    }
    text
}

/// The `--format json` line of an answer.
pub fn reply_json(o: &Outgoing, r: &Reply, delivered: bool) -> String {
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    let line = json!({
        "id": o.id, "source": o.source, "url": o.url, "status": r.status, "delivered": delivered,
        "attempts": r.attempts, "ms": (ms * 10.0).round() / 10.0, "error": r.error,
        "response": String::from_utf8_lossy(&r.body),
    });
    format!("{line}\n")
}

/// What a run sent and what came back, for its summary.
pub struct Tally<'a> {
    pub sent: usize,
    /// Answers by status class: `by_class[2]` counts the 2xx ones.
    pub by_class: [usize; 6],
    pub no_answer: usize,
    pub p50: Duration,
    pub p99: Duration,
    /// The ids of the deliveries whose answer was not the one expected.
    pub not_delivered: &'a [String],
    /// The answer expected, as the summary names it (`2xx`, `401`).
    pub expected: &'a str,
    /// The ids of the captures not re-signed, so not sent.
    pub skipped: &'a [String],
}

/// A capture `--resign` leaves out, and why.
pub fn skipped(source: &str, why: &str) -> String {
    format!(
        "{} {}: not re-signed, not sent: {}\n",
        super::mark(false),
        render::line(source),
        render::line(why)
    )
}

/// `sent 3: 2 2xx, … ; p50 12 ms, p99 30 ms`, and the ids not delivered, if any.
pub fn summary(t: &Tally) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = format!(
        "sent {}: {} 2xx, {} 3xx, {} 4xx, {} 5xx, {} with no answer; p50 {:.0} ms, p99 {:.0} ms\n",
        t.sent,
        t.by_class[2],
        t.by_class[3],
        t.by_class[4],
        t.by_class[5],
        t.no_answer,
        ms(t.p50),
        ms(t.p99),
    );
    if !t.not_delivered.is_empty() {
        out.push_str(&format!(
            "not delivered (expected {}): {}\n",
            t.expected,
            render::line(&t.not_delivered.join(", "))
        ));
    }
    if !t.skipped.is_empty() {
        out.push_str(&format!(
            "not re-signed, so not sent: {}\n",
            render::line(&t.skipped.join(", "))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing() -> Outgoing {
        Outgoing {
            id: "0190".into(),
            source: "fixtures/a.json".into(),
            method: "POST".into(),
            url: "http://127.0.0.1:9/x".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            exact: Vec::new(),
            body: b"{}".to_vec(),
        }
    }

    fn answer(status: Option<u16>, body: &[u8]) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: vec![],
            body: body.to_vec(),
            error: status.is_none().then(|| "refused".to_string()),
            attempts: 1,
            elapsed: Duration::from_millis(12),
        }
    }

    #[test]
    fn an_answer_reads_as_its_status_time_and_body() {
        colored::control::set_override(false);
        let o = outgoing();
        assert_eq!(
            reply(&o, &answer(Some(200), b"{\"ok\":true}"), true),
            "✔ 200 12 ms  0190  fixtures/a.json\n  {\n    \"ok\": true\n  }\n"
        );
        assert_eq!(
            reply(&o, &answer(None, b""), false),
            "✘ --- 12 ms  0190  fixtures/a.json\n  refused\n"
        );
    }

    #[test]
    fn a_long_answer_is_cut_as_a_delivery_body_is() {
        colored::control::set_override(false);
        let body = format!("{}\n{}", "x".repeat(501), "line\n".repeat(25));
        let text = reply(&outgoing(), &answer(Some(500), body.as_bytes()), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            format!("  {} … 1 more characters", "x".repeat(500))
        );
        assert_eq!(lines.len(), 1 + REPLY_LINES + 1, "{text}");
        assert_eq!(lines[REPLY_LINES + 1], "  … 6 more lines");
    }

    #[test]
    fn the_summary_counts_by_class_and_names_what_was_not_delivered() {
        let not = ["0190".to_string(), "0191".to_string()];
        let t = Tally {
            sent: 3,
            by_class: [0, 0, 1, 0, 2, 0],
            no_answer: 0,
            p50: Duration::from_millis(12),
            p99: Duration::from_millis(30),
            not_delivered: &not,
            expected: "2xx",
            skipped: &[],
        };
        assert_eq!(
            summary(&t),
            "sent 3: 1 2xx, 0 3xx, 2 4xx, 0 5xx, 0 with no answer; p50 12 ms, p99 30 ms\nnot delivered (expected 2xx): 0190, 0191\n"
        );
        let skipped = ["0192".to_string()];
        let t = Tally {
            skipped: &skipped,
            not_delivered: &[],
            ..t
        };
        assert!(
            summary(&t).ends_with("not re-signed, so not sent: 0192\n"),
            "{}",
            summary(&t)
        );
        assert_eq!(list_count(1, 0), "1 capture\n");
        assert_eq!(list_count(2, 1), "2 captures, 1 unreadable\n");
    }
}
