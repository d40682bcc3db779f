//! `hookscope replay`: resends captured deliveries (or a hand-made one) byte-exact, re-signing
//! them when asked, and reports what each receiver answered.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, Result};

use crate::body::Body;
use crate::capture::{Capture, Recorded};
use crate::check::now_unix;
use crate::cli::{ReplayArgs, ReplayFormat};
use crate::client::send::{self, Outgoing, Sender};
use crate::client::{self, is_hop_by_hop};
use crate::curl;
use crate::exit::{Hinted, Outcome};
use crate::headers;
use crate::input;
use crate::render;
use crate::resign::resign;
use crate::scheme::{self, Request};
use crate::secret::{PublicKeySources, NO_SECRET_HINT};
use crate::settings;
use crate::show;

/// A capture picked for sending, with where it came from.
struct Picked {
    source: String,
    capture: Capture,
    /// Its platform and event, worked out once when a filter or the list asks.
    names: OnceLock<Names>,
}

struct Names {
    platform: Option<String>,
    event: Option<String>,
}

impl Picked {
    fn new(source: String, capture: Capture) -> Picked {
        Picked {
            source,
            capture,
            names: OnceLock::new(),
        }
    }

    fn recorded(&self) -> Option<&Recorded> {
        self.capture.extra.as_ref()?.verdict.as_ref()
    }

    /// The platform and event `listen` recorded; what it did not record is read from the
    /// capture itself, with one reading of its body.
    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let recorded = self.recorded();
            let mut names = Names {
                platform: recorded.and_then(|r| r.scheme.clone()),
                event: recorded.and_then(|r| r.event.clone()),
            };
            if names.platform.is_none() || names.event.is_none() {
                let body = Body::new(&self.capture.body);
                let req = Request::new(&self.capture.headers, &body);
                let kind = scheme::detect(&req).ok();
                if names.platform.is_none() {
                    names.platform = kind.map(|k| k.name().to_string());
                }
                if names.event.is_none() {
                    names.event = scheme::event_name(kind, &req);
                }
            }
            names
        })
    }
}

/// Reads every capture named: a capture, or the error that names its file, for each file in
/// path order. Thousands of files are read on every core.
fn load(paths: &[PathBuf]) -> Result<Vec<Result<Picked>>> {
    let files = input::capture_files(paths)?;
    Ok(input::each_file(&files, |p| {
        Ok(Picked::new(p.display().to_string(), Capture::read(p)?))
    }))
}

fn store_dir(args: &ReplayArgs) -> Result<PathBuf> {
    let dir = settings::store_dir(args.store.as_deref(), settings::StoreUse::Read)?;
    if !dir.is_dir() {
        return Err(Hinted::new(
            format!(
                "no store at '{}': nothing has been captured there",
                dir.display()
            ),
            ["run 'hookscope listen' first, pass --store DIR, or name capture files"],
        )
        .into());
    }
    Ok(dir)
}

/// A point in time from `--since`: RFC 3339, or a span back from now (`2h`).
fn parse_since(text: &str) -> Result<SystemTime> {
    if let Ok(t) = humantime::parse_rfc3339_weak(text) {
        return Ok(t);
    }
    if let Ok(span) = humantime::parse_duration(text) {
        return Ok(SystemTime::now() - span);
    }
    Err(Hinted::new(
        format!("--since '{text}' is neither a time nor a span"),
        ["write a time as 2026-11-23T10:00:00Z, or a span back from now as 2h, 30m or 1d"],
    )
    .into())
}

/// Applies the filters and `--id`/`--last` to the loaded captures, keeping their order.
fn select(args: &ReplayArgs, mut picked: Vec<Picked>) -> Result<Vec<Picked>> {
    if let Some(since) = &args.since {
        let since = parse_since(since)?;
        picked.retain(|p| {
            humantime::parse_rfc3339_weak(&p.capture.received_at).is_ok_and(|t| t >= since)
        });
    }
    if let Some(glob) = &args.event {
        picked.retain(|p| {
            p.names()
                .event
                .as_deref()
                .is_some_and(|e| crate::glob::matches(glob, e))
        });
    }
    if let Some(want) = args.platform {
        // Bitrix24's two schemes (re-signed events, the token in the form) are one platform.
        let family = |name: &str| name.split('-').next().unwrap_or(name).to_string();
        picked.retain(|p| {
            p.names()
                .platform
                .as_deref()
                .is_some_and(|got| got == want.name() || family(got) == want.name())
        });
    }
    if !args.signature.is_empty() {
        picked.retain(|p| {
            p.recorded()
                .is_some_and(|r| args.signature.iter().any(|s| s.word() == r.signature))
        });
    }
    if let Some(id) = &args.id {
        // Ids are matched against what the captures say, never turned into a path.
        if id.is_empty() || id.len() > 36 || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        {
            return Err(Hinted::new(
                format!("--id '{}' is not a capture id", render::line(id)),
                ["ids look like 019aa3c2-5b1e-7c3d-9f00-…; 'hookscope replay --list' shows them"],
            )
            .into());
        }
        let id = id.to_ascii_lowercase();
        // A unique start, or a unique end: UUIDv7 ids made in one minute share their first 8 to
        // 11 characters, so the end is often the shorter thing to type.
        let starts: Vec<bool> = picked
            .iter()
            .map(|p| p.capture.id.to_ascii_lowercase().starts_with(&id))
            .collect();
        if starts.iter().any(|s| *s) {
            let mut keep = starts.into_iter();
            picked.retain(|_| keep.next().unwrap_or(false));
        } else {
            picked.retain(|p| p.capture.id.to_ascii_lowercase().ends_with(&id));
        }
        if picked.len() > 1 {
            let ids: Vec<_> = picked.iter().map(|p| p.capture.id.clone()).collect();
            bail!(
                "--id {id} matches {} captures: {}; give more of it",
                ids.len(),
                ids.join(", ")
            );
        }
    }
    if let Some(n) = args.last {
        let skip = picked.len().saturating_sub(n);
        picked.drain(..skip);
    }
    Ok(picked)
}

/// Lists the captures read; `unreadable` counts those that could not be (named on stderr).
fn list(args: &ReplayArgs, picked: &[Picked], unreadable: usize) -> Result<()> {
    let json = args.format == ReplayFormat::Json;
    let mut out = std::io::stdout().lock();
    if !json {
        out.write_all(show::replay::list_head().as_bytes())?;
    }
    for p in picked {
        let listed = show::replay::Listed {
            capture: &p.capture,
            source: &p.source,
            platform: p.names().platform.clone(),
            event: p.names().event.clone(),
            signature: p.recorded().map(|r| r.signature.clone()),
        };
        let line = match json {
            true => show::replay::list_json(&listed),
            false => show::replay::list_row(&listed),
        };
        out.write_all(line.as_bytes())?;
    }
    if !json {
        let count = show::replay::list_count(picked.len(), unreadable);
        out.write_all(count.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// The curl command for a request. It must not carry what a real send refuses (a CR or LF
/// in a header value would end that -H there and send a header of its own), so the request
/// is checked as a send checks it first.
fn curl_command(o: &Outgoing) -> Result<String, Hinted> {
    client::request_exact(&o.method, &o.url, &o.headers, &o.exact, ()).map_err(|e| {
        Hinted::new(
            format!("{}: {e}", o.source),
            ["replay refuses to send it as well; replace the header with -H 'Name: value', or mend the capture"],
        )
    })?;
    curl::of_outgoing(o).map_err(|e| {
        Hinted::new(
            format!("{}: {e}", o.source),
            ["replay it without --dry-run, which sends its bytes as captured, or replace it with -H 'Name: value'"],
        )
    })
}

fn dry_run(format: ReplayFormat, items: &[Outgoing]) -> Result<Outcome> {
    // Every command is written before the first is printed, so a request that cannot be one
    // prints nothing.
    let text: Vec<String> = match format {
        ReplayFormat::Curl => items
            .iter()
            .map(curl_command)
            .collect::<Result<_, Hinted>>()?,
        ReplayFormat::Json => items.iter().map(show::replay::would_send_json).collect(),
        ReplayFormat::Human => items.iter().map(show::replay::would_send).collect(),
    };
    let mut out = std::io::stdout().lock();
    for t in &text {
        out.write_all(t.as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn run(args: ReplayArgs) -> Result<Outcome> {
    if args.format == ReplayFormat::Curl && !args.dry_run && !args.list {
        return Err(Hinted::new(
            "--format curl prints curl commands instead of sending",
            ["add --dry-run"],
        )
        .into());
    }
    if let Some(url) = &args.to {
        client::check_url(url)?;
    }
    let checking = settings::checking(
        &args.secrets,
        &PublicKeySources::default(),
        args.config.as_deref(),
        args.scheme,
        &args.hmac,
        &settings::no_window(),
        args.public_url.as_deref(),
    )?;
    // The receiver's own secret: --resign-secret* implies --resign.
    let receiver = args.resign_secrets.resolve()?;
    let resigning = args.resign || !receiver.is_empty();
    let needs_secret = resigning || args.body.is_some();
    if needs_secret && checking.no_secret() {
        let what = if args.body.is_some() {
            "a hand-made delivery is signed"
        } else if !receiver.is_empty() {
            "--resign-secret signs for the receiver only what a secret of the sender's verifies; check"
        } else {
            "--resign signs again"
        };
        return Err(
            Hinted::new(format!("no secret given: {what} with it"), [NO_SECRET_HINT]).into(),
        );
    }
    let routes = checking.routes;

    // What to send.
    let mut unreadable = Vec::new();
    let picked = if let Some(body_path) = &args.body {
        let kind = args.scheme.kind().ok_or_else(|| {
            Hinted::new(
                "a hand-made delivery needs --scheme NAME to be signed with",
                ["for example: --scheme stripe"],
            )
        })?;
        let body = input::read(body_path)?.into_vec();
        let mut headers = Vec::new();
        if let Some(ct) = scheme::content_type(kind, &Body::new(&body)) {
            headers.push(("Content-Type".to_string(), ct.to_string()));
        }
        let path = args.path.clone().unwrap_or_else(|| "/".into());
        let mut capture = Capture::new("POST", &path, headers, body);
        capture.headers = resign(&capture, &routes, now_unix(), None, true, &receiver)
            .map_err(|e| Hinted::new(e, Vec::<String>::new()))?;
        vec![Picked::new(input::label(body_path), capture)]
    } else {
        let from_store = args.paths.is_empty();
        let choosing = args.last.is_some()
            || args.id.is_some()
            || args.since.is_some()
            || args.event.is_some()
            || args.platform.is_some()
            || !args.signature.is_empty();
        if from_store && !choosing && !args.list {
            return Err(Hinted::new(
                "nothing chosen to replay",
                ["name capture files or directories, or pick from the store with --last [N], --id ID, --since, --event, --platform or --signature", "see what is stored with: hookscope replay --list"],
            )
            .into());
        }
        let read = if from_store {
            load(&[store_dir(&args)?])?
        } else {
            load(&args.paths)?
        };
        // A listing shows what can be read and names what cannot. Sending reads every capture
        // before anything is sent, so a malformed one stops the run with nothing sent (the
        // first in path order is the one named).
        let mut loaded = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(p) => loaded.push(p),
                Err(e) if args.list => unreadable.push(e),
                Err(e) => return Err(e),
            }
        }
        if from_store {
            for p in &mut loaded {
                p.source = p.capture.id.clone();
            }
        }
        let mut picked = select(&args, loaded)?;
        if from_store {
            picked.sort_by(|a, b| a.capture.id.cmp(&b.capture.id));
        }
        picked
    };
    if args.list {
        list(&args, &picked, unreadable.len())?;
        for err in &unreadable {
            eprint!("{}", crate::exit::render_error(err));
        }
        return Ok(match unreadable.is_empty() {
            true => Outcome::Success,
            false => Outcome::Failed,
        });
    }
    if picked.is_empty() {
        return Err(Hinted::new(
            "no capture matches what was asked for",
            ["see what is stored with: hookscope replay --list"],
        )
        .into());
    }

    let to = args
        .to
        .as_deref()
        .expect("clap requires --to unless --list");
    let now = now_unix();
    let mut items = Vec::with_capacity(picked.len());
    // A capture that cannot be re-signed (no secret given verifies it: a forgery is never sent
    // validly signed) is skipped and named; the others still go.
    let mut skipped: Vec<String> = Vec::new();
    for p in picked {
        let c = p.capture;
        let exact = c.exact_values();
        let mut headers = if resigning && args.body.is_none() {
            match resign(&c, &routes, now, None, false, &receiver) {
                Ok(h) => h,
                Err(why) => {
                    eprint!("{}", show::replay::skipped(&p.source, &why));
                    skipped.push(c.id.clone());
                    continue;
                }
            }
        } else {
            c.headers
        };
        headers.retain(|(n, _)| !is_hop_by_hop(n));
        for (n, v) in &args.request_headers {
            headers::set(&mut headers, n, v);
        }
        let url = if args.keep_path || (args.body.is_some() && args.path.is_some()) {
            client::join_target(to, &c.path).map_err(|e| {
                Hinted::new(
                    format!("{}: {e}", p.source),
                    ["send it without --keep-path"],
                )
            })?
        } else {
            to.to_string()
        };
        items.push(Outgoing {
            exact,
            id: c.id,
            source: p.source,
            method: c.method,
            url,
            headers,
            body: c.body,
        });
    }
    if args.dry_run {
        dry_run(args.format, &items)?;
        return Ok(match skipped.is_empty() {
            true => Outcome::Success,
            false => Outcome::Negative,
        });
    }

    let sender = Sender::new(args.timeout, args.retries, args.expect, args.rate);
    let human = args.format == ReplayFormat::Human;
    let bar = (human && items.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(items.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} sent, {elapsed} {msg}")
                .expect("the template is valid"),
        );
        pb
    });
    let mut latencies = Vec::with_capacity(items.len());
    let mut classes = [0usize; 6];
    let mut failed = Vec::new();
    let mut not_delivered = Vec::new();
    let mut write_error = None;
    // A terminal sees each result at once. A pipe or a file gets each result with it when
    // results come slowly, and in blocks when they stream in (thousands a second): written with
    // the first result a tenth of a second after the last write, and at the end.
    let live = std::io::stdout().is_terminal();
    let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stdout());
    let mut flushed: Option<Instant> = None;
    send::send_all(&sender, &items, args.concurrency as usize, |i, reply| {
        let o = &items[i];
        let delivered = reply.delivered(args.expect);
        match reply.status {
            Some(s) => {
                classes[(s / 100).min(5) as usize] += 1;
                latencies.push(reply.elapsed);
            }
            None => failed.push(o.id.clone()),
        }
        if !delivered {
            not_delivered.push(o.id.clone());
        }
        let text = match human {
            true => show::replay::reply(o, &reply, delivered),
            false => show::replay::reply_json(o, &reply, delivered),
        };
        let mut print = || -> std::io::Result<()> {
            out.write_all(text.as_bytes())?;
            if live || flushed.map_or(true, |t| t.elapsed() >= Duration::from_millis(100)) {
                flushed = Some(Instant::now());
                out.flush()?;
            }
            Ok(())
        };
        let result = match &bar {
            Some(pb) => {
                let r = pb.suspend(print);
                pb.inc(1);
                r
            }
            None => print(),
        };
        if let Err(e) = result {
            write_error.get_or_insert(e);
        }
    });
    if let Err(e) = out.flush() {
        write_error.get_or_insert(e);
    }
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    if let Some(e) = write_error {
        return Err(anyhow::Error::new(e).context("could not write the report"));
    }

    latencies.sort();
    let expected = args.expect.map_or("2xx".to_string(), |e| e.to_string());
    let summary = show::replay::summary(&show::replay::Tally {
        sent: items.len(),
        by_class: classes,
        no_answer: failed.len(),
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
        not_delivered: &not_delivered,
        expected: &expected,
        skipped: &skipped,
    });
    if human {
        print!("{summary}");
    } else {
        eprint!("{summary}");
    }
    Ok(if not_delivered.is_empty() && skipped.is_empty() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_and_validate() {
        assert_eq!(
            client::join_target("http://h:1/", "/a?b=1").unwrap(),
            "http://h:1/a?b=1"
        );
        assert_eq!(
            client::join_target("http://h:1/base", "/a").unwrap(),
            "http://h:1/base/a"
        );
        assert!(client::join_target("http://127.0.0.1:8080", "@evil.example/x").is_err());
        assert!(client::join_target("http://127.0.0.1:8080", ".evil.example/x").is_err());
        assert_eq!(
            client::join_target("http://127.0.0.1:8080", "//evil/x").unwrap(),
            "http://127.0.0.1:8080//evil/x"
        );
        assert!(client::check_url("http://127.0.0.1:9/x").is_ok());
        assert!(client::check_url("ftp://x/").is_err());
        assert!(client::check_url("not a url").is_err());
        let http_only = Some("is not an http:// or https:// URL");
        for other in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "localhost:3000",
        ] {
            assert_eq!(client::url_problem(other).as_deref(), http_only, "{other}");
        }
        assert_eq!(client::url_problem("HTTPS://h:1/x"), None);
    }

    #[test]
    fn percentiles() {
        let d: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&d, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&d, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
    }
}
