//! `hookscope listen`: a local HTTP endpoint that checks each delivery's signature, stores it
//! byte-exact before answering, shows it, and answers in the platform's own format.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{IsTerminal, Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use colored::Colorize;
use serde_json::{json, Value};

use crate::capture::{Capture, Extra};
use crate::cli::{ListenArgs, ListenFormat};
use crate::config::{Config, Decide};
use crate::decide::{self, Answer, Defaults, Plan, Prompter};
use crate::event;
use crate::exit::{Hinted, Outcome};
use crate::forward::Forwarder;
use crate::render;
use crate::scheme::{Failure, Kind, Request};
use crate::show::{self, Delivery, Signature};
use crate::store::{self, Store};
use crate::verify::{Checker, Routes};

#[derive(Default)]
struct Stats {
    received: AtomicU64,
    valid: AtomicU64,
    invalid: AtomicU64,
    unchecked: AtomicU64,
    approved: AtomicU64,
    rejected: AtomicU64,
    /// Field actions (Bpium's `record.updating`) answered with values, and without.
    filled: AtomicU64,
    unchanged: AtomicU64,
    /// Deliveries refused before their signature could be checked (413, a body cut short).
    refused: AtomicU64,
    not_stored: AtomicU64,
}

/// Remembers delivery ids and Bpium sequence numbers, to warn of repeats and gaps.
#[derive(Default)]
struct Tracker {
    ids: HashSet<String>,
    order: VecDeque<String>,
    sequences: HashMap<String, i64>,
}

const REMEMBERED_IDS: usize = 100_000;

impl Tracker {
    fn observe(
        &mut self,
        kind: Option<Kind>,
        id: Option<&str>,
        probe: &event::Probe,
    ) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(id) = id {
            if self.ids.contains(id) {
                warnings.push(format!(
                    "delivery id {id} was seen before: a retry, a replay or a duplicate"
                ));
            } else {
                self.ids.insert(id.to_string());
                self.order.push_back(id.to_string());
                if self.order.len() > REMEMBERED_IDS {
                    if let Some(old) = self.order.pop_front() {
                        self.ids.remove(&old);
                    }
                }
            }
        }
        if kind == Some(Kind::Bpium) {
            let (hook, seq) = (probe.hook_id.clone(), probe.hook_sequence);
            if let (Some(hook), Some(seq)) = (hook, seq) {
                if let Some(&last) = self.sequences.get(&hook) {
                    let missed = seq.saturating_sub(last).saturating_sub(1);
                    if missed > 0 {
                        warnings.push(format!(
                            "Bpium hook {hook}: sequenceId jumped from {last} to {seq}: {missed} event{} missed",
                            if missed == 1 { "" } else { "s" }
                        ));
                    }
                }
                let entry = self.sequences.entry(hook).or_insert(seq);
                *entry = (*entry).max(seq);
            }
        }
        warnings
    }
}

struct Listener {
    routes: Routes,
    store: Option<Store>,
    forward_to: Option<String>,
    forwarder: Forwarder,
    defaults: Defaults,
    prompter: Option<Prompter>,
    format: ListenFormat,
    quiet: bool,
    show_secrets: bool,
    accept_invalid: bool,
    max_body: u64,
    body_lines: usize,
    max_requests: Option<u64>,
    deliveries: AtomicU64,
    stats: Stats,
    tracker: Mutex<Tracker>,
    stop: Sender<()>,
    stopping: AtomicBool,
    /// The server stopped taking connections (see `accept_failed`).
    broken: AtomicBool,
    page: String,
    /// Frees connections tiny_http's pool would leave queued (see `poolguard`).
    guard: Arc<crate::poolguard::Guard>,
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn response(
    answer: &Answer,
    extra: &[(&str, &str)],
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut resp =
        tiny_http::Response::from_data(answer.body.clone()).with_status_code(answer.status);
    for (n, v) in answer
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(extra.iter().copied())
    {
        if let Some(h) = header(n, v) {
            resp.add_header(h);
        }
    }
    resp
}

fn respond(req: tiny_http::Request, answer: &Answer, extra: &[(&str, &str)]) {
    // The sender may have hung up already: nothing to do about that here.
    let _ = req.respond(response(answer, extra));
}

/// The largest unread body left for tiny_http to skip. It skips the rest of a body nobody read
/// by allocating the whole declared remainder at once, so a sender that declares 100 GB made
/// the allocation fail and the process abort. Below this, the allocation is borne (and the
/// connection goes on); above it, see [`respond_without_skipping`].
const SKIP_LIMIT: u64 = 256 << 20;

/// The most memory reserved for a body ahead of the bytes that have arrived.
const RESERVE_LIMIT: u64 = 16 << 20;

/// Answers a request whose declared body is too large to be skipped safely, without tiny_http
/// ever skipping it: the answer goes out through tiny_http's upgrade path (which adds an
/// `Upgrade` header to it), and the connection's reader is never dropped. The socket and the
/// thread tiny_http reads it on stay held until the process ends: a leak per such request,
/// which is better than a crash.
fn respond_without_skipping(req: tiny_http::Request, answer: &Answer) {
    let stream = req.upgrade("hookscope-refused", response(answer, &[]));
    std::mem::forget(stream);
}

/// Refuses a request whose body was not read to its declared end, `unread` bytes short.
fn refuse(req: tiny_http::Request, answer: &Answer, unread: u64) {
    if unread > SKIP_LIMIT {
        respond_without_skipping(req, answer)
    } else {
        respond(req, answer, &[])
    }
}

/// Where a delivery's answer comes from.
enum Route<'a> {
    /// Its signature failed (and --accept-invalid is off).
    Refuse(&'a crate::scheme::Failure),
    /// The app behind --forward-to.
    Forward(&'a str),
    /// A flag, a rule or a question.
    Decide(Plan),
}

fn refusal(status: u16, reason: &str) -> Answer {
    Answer::json(
        status,
        &json!({"ok": false, "reason": reason}),
        "refused",
        reason.to_string(),
    )
}

impl Listener {
    fn handle(&self, mut req: tiny_http::Request, arrived: Instant) {
        self.guard.request_arrived();
        let method = req.method().as_str().to_string();
        let path = req.url().to_string();
        let bare_path = path.split('?').next().unwrap_or(&path);
        if matches!(method.as_str(), "GET" | "HEAD") && bare_path == "/" {
            let mut a = Answer::json(200, &json!({}), "page", "page");
            a.headers = vec![("Content-Type".into(), "text/plain; charset=utf-8".into())];
            a.body = self.page.clone().into_bytes();
            return respond(req, &a, &[]);
        }
        if !matches!(method.as_str(), "POST" | "PUT" | "PATCH") {
            let a = refusal(
                405,
                &format!(
                    "method {} is not accepted: webhooks are POST, PUT or PATCH",
                    render::line(&method)
                ),
            );
            self.show_refusal(&method, &path, None, &a);
            return respond(req, &a, &[("Allow", "POST, PUT, PATCH")]);
        }
        let n = self.deliveries.fetch_add(1, Ordering::SeqCst) + 1;
        if self.max_requests.is_some_and(|max| n > max) {
            return respond(
                req,
                &refusal(503, "hookscope is stopping (--max-requests reached); retry"),
                &[("Retry-After", "5")],
            );
        }
        let too_big = || {
            refusal(
                413,
                &format!(
                    "body larger than the {} bytes --max-body allows",
                    self.max_body
                ),
            )
        };
        let declared = req.body_length().map(|len| len as u64);
        if declared.is_some_and(|len| len > self.max_body) {
            let answer = too_big();
            self.count_refusal(&method, &path, declared, &answer);
            self.after(n);
            return refuse(req, &answer, declared.unwrap_or(0));
        }
        // Room for what was declared, up to a point: memory is taken as the bytes arrive, not
        // on a sender's word (a large --max-body would otherwise let one header reserve it).
        let expected = declared.unwrap_or(0).min(self.max_body).min(RESERVE_LIMIT);
        let mut body = Vec::with_capacity(expected as usize);
        let read = req
            .as_reader()
            .take(self.max_body + 1)
            .read_to_end(&mut body);
        let unread = declared.map_or(0, |d| d.saturating_sub(body.len() as u64));
        if let Err(e) = read {
            let answer = refusal(400, &format!("could not read the body: {e}"));
            self.count_refusal(&method, &path, declared, &answer);
            self.after(n);
            return refuse(req, &answer, unread);
        }
        if body.len() as u64 > self.max_body {
            let answer = too_big();
            self.count_refusal(&method, &path, declared, &answer);
            self.after(n);
            return refuse(req, &answer, unread);
        }
        if let Some(d) = declared.filter(|d| *d != body.len() as u64) {
            let reason = format!(
                "the body ended after {} of the {d} bytes its Content-Length declared",
                body.len()
            );
            let answer = refusal(400, &reason);
            self.count_refusal(&method, &path, declared, &answer);
            self.after(n);
            return refuse(req, &answer, unread);
        }
        let headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_string(),
                    h.value.as_str().to_string(),
                )
            })
            .collect();
        let remote = req.remote_addr().map(|a| a.to_string());
        let mut capture = Capture::new(&method, &path, headers, body);
        self.deliver(req, &mut capture, remote, arrived);
        self.after(n);
    }

    /// Counts a delivery refused before its signature was checked (it counts as not valid for
    /// --max-requests), and shows it.
    fn count_refusal(&self, method: &str, path: &str, declared: Option<u64>, answer: &Answer) {
        self.stats.received.fetch_add(1, Ordering::Relaxed);
        self.stats.refused.fetch_add(1, Ordering::Relaxed);
        self.show_refusal(method, path, declared, answer);
    }

    /// Shows a refused request: one line with the status and reason (nothing with --quiet).
    fn show_refusal(&self, method: &str, path: &str, declared: Option<u64>, answer: &Answer) {
        if self.quiet {
            return;
        }
        let text = if self.format == ListenFormat::Json {
            show::refusal_json_line(method, path, declared, answer)
        } else {
            show::refusal_lines(method, path, declared, answer)
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    /// The server stopped taking connections (its accept loop gave up, or panicked and took
    /// the listening socket with it): say so, and stop with a failure.
    fn accept_failed(&self, e: &std::io::Error) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        self.broken.store(true, Ordering::SeqCst);
        let panicked = LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let cause = panicked.unwrap_or_else(|| e.to_string());
        let hint = if e.raw_os_error() == Some(24) || cause.contains("Too many open files") {
            "too many connections were open for the open-files limit: raise it (ulimit -n) and start hookscope again"
        } else {
            "start hookscope again"
        };
        say(
            true,
            &format!(
                "{} {} ({}): {hint}\n",
                "hookscope:".bold(),
                "stopped taking connections".red().bold(),
                render::line(&cause)
            ),
        );
        let _ = self.stop.send(());
    }

    /// Counts a delivery against --max-requests, and stops when it is the last.
    fn after(&self, n: u64) {
        if self.max_requests == Some(n) {
            let _ = self.stop.send(());
        }
    }

    fn deliver(
        &self,
        req: tiny_http::Request,
        capture: &mut Capture,
        remote: Option<String>,
        arrived: Instant,
    ) {
        let (endpoint, checker) = self.routes.for_path(&capture.path);
        let request = Request::new(&capture.headers, &capture.body);
        // The whole body as a tree only when it is shown or a rule looks inside it.
        let needs_tree = (!self.quiet && self.format == ListenFormat::Human)
            || endpoint.is_some_and(|e| e.rules.iter().any(|r| !r.when.is_empty()));
        let structured = if needs_tree {
            event::structured(&capture.body)
        } else {
            None
        };
        let (kind, signature) = if endpoint.is_none() && self.routes.strict {
            (
                checker.scheme_for(&request).ok(),
                Signature::Invalid(Failure::NoEndpoint),
            )
        } else if checker.secrets.is_empty() {
            (checker.scheme_for(&request).ok(), Signature::Unchecked)
        } else {
            let checked = checker.check(&capture.headers, &capture.body);
            let sig = match checked.verdict {
                Ok(()) => Signature::Valid,
                Err(f) => Signature::Invalid(f),
            };
            (checked.kind, sig)
        };
        // The event name and delivery id are read from the body only when something uses them:
        // the screen, the store, the endpoint's rules, or the answer (Bpium's request-type
        // events, possible only when the sender is Bpium or not known). With `--quiet
        // --no-store` and another platform's secret, a delivery costs its signature check.
        let names_matter = !self.quiet
            || self.store.is_some()
            || endpoint.is_some_and(|e| !e.rules.is_empty())
            || kind.map_or(true, decide::may_ask);
        let (probe, event_name, delivery_id) = if names_matter {
            let probe = event::probe(&capture.body);
            let name = event::name(kind, &request, &probe);
            let id = event::delivery_id(kind, &request, &probe);
            (probe, name, id)
        } else {
            (event::Probe::default(), None, None)
        };
        // Only what passed (or was not checked) is remembered: a forged delivery must not make
        // a later genuine one look like a repeat, nor move Bpium's sequence. Repeats and gaps
        // are warnings on screen, so `--quiet` tracks nothing, unless a question may be put
        // (it shows them). (With nothing to remember, the shared lock is not taken at all.)
        let nothing_to_track = (self.quiet && self.prompter.is_none())
            || (delivery_id.is_none() && kind != Some(Kind::Bpium));
        let warnings = if matches!(signature, Signature::Invalid(_)) || nothing_to_track {
            Vec::new()
        } else {
            self.tracker
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .observe(kind, delivery_id.as_deref(), &probe)
        };
        let delivery = Delivery {
            remote: remote.clone(),
            kind,
            event: event_name.clone(),
            delivery_id,
            structured: structured.as_ref(),
            signature: signature.clone(),
            warnings,
        };
        let human = !self.quiet && self.format == ListenFormat::Human;
        let planned_path = self.store.as_ref().map(|s| s.path_for(capture));

        // What will answer: a refusal, the app behind --forward-to, or a decision.
        let route = match &signature {
            Signature::Invalid(f) if !self.accept_invalid => Route::Refuse(f),
            _ => match endpoint
                .and_then(|e| e.forward_to.as_deref())
                .or(self.forward_to.as_deref())
            {
                Some(url) => Route::Forward(url),
                None => Route::Decide(decide::plan(
                    endpoint,
                    &self.defaults,
                    kind,
                    event_name.as_deref(),
                    structured.as_ref(),
                )),
            },
        };

        // A delivery whose answer takes time (an app behind --forward-to, a question on the
        // terminal) is stored before that starts, and again with the answer once there is
        // one: the app never sees a delivery that was not kept (a 503 then would make the
        // sender retry, and the app see it twice), and one in hand when hookscope stops is
        // not lost. A store that fails here stops the delivery at a 503 at once.
        let slow = matches!(route, Route::Forward(_) | Route::Decide(Plan::Ask { .. }));
        let record = |capture: &mut Capture, answer: Option<&Answer>| {
            self.store.as_ref().map(|store| {
                capture.extra = Some(Extra {
                    remote_addr: remote.clone(),
                    verdict: Some(show::verdict_json(&delivery)),
                    answer: answer.map(show::answer_json),
                });
                store.save(capture).map_err(|e| format!("{e:#}"))
            })
        };
        let early = if slow { record(capture, None) } else { None };

        // The terminal is held for the whole delivery only when a question is put on it.
        let mut printed_head = false;
        let stdout = std::io::stdout();
        let mut held = None;
        let answer = match (&early, route) {
            (Some(Err(_)), _) => {
                refusal(503, "hookscope could not store this delivery; retry later")
            }
            (_, Route::Refuse(f)) => {
                let (status, why) = match f {
                    Failure::NoEndpoint => (404, "no endpoint serves this path"),
                    _ => (401, "invalid signature"),
                };
                Answer::json(
                    status,
                    &json!({"ok": false, "code": f.code(), "reason": f.to_string()}),
                    "refused",
                    why,
                )
            }
            (_, Route::Forward(url)) => {
                self.forwarder
                    .forward(url, &capture.method, &capture.headers, &capture.body)
            }
            (_, Route::Decide(Plan::Ask { reject_message })) => {
                let mut out = stdout.lock();
                let kind = decide::classify(kind, event_name.as_deref());
                let a = match &self.prompter {
                    Some(p) => {
                        if human {
                            let _ = out.write_all(
                                show::head(
                                    capture,
                                    &delivery,
                                    self.show_secrets,
                                    self.body_lines,
                                    planned_path.as_deref(),
                                )
                                .as_bytes(),
                            );
                            printed_head = true;
                            p.ask(&mut out, kind, reject_message, arrived)
                        } else {
                            // Keep standard output to JSON lines (or nothing); the question
                            // still says what it is about.
                            let mut err = std::io::stderr().lock();
                            let _ = err.write_all(show::brief(capture, &delivery).as_bytes());
                            p.ask(&mut err, kind, reject_message, arrived)
                        }
                    }
                    None => Answer::approve(kind, "no prompt"),
                };
                held = Some(out);
                a
            }
            (_, Route::Decide(Plan::Answer(a))) => a,
        };

        let stored: Result<Option<PathBuf>, String> = match early {
            Some(Err(e)) => Err(e),
            _ => match record(capture, Some(&answer)) {
                Some(Ok(path)) => Ok(Some(path)),
                // Kept already, without its answer: the delivery is safe, so its answer stands.
                Some(Err(e)) if matches!(early, Some(Ok(_))) => {
                    say(
                        true,
                        &format!(
                            "{} could not add the answer to capture {}: {}\n",
                            "hookscope:".bold(),
                            render::line(&capture.id),
                            render::line(&e)
                        ),
                    );
                    Ok(early.and_then(Result::ok))
                }
                Some(Err(e)) => Err(e),
                None => Ok(None),
            },
        };
        let answer = match &stored {
            Ok(_) => answer,
            Err(_) => refusal(503, "hookscope could not store this delivery; retry later"),
        };
        respond(
            req,
            &answer,
            if stored.is_err() {
                &[("Retry-After", "5")]
            } else {
                &[]
            },
        );

        let stats = &self.stats;
        match &signature {
            Signature::Valid => stats.valid.fetch_add(1, Ordering::Relaxed),
            Signature::Invalid(_) => stats.invalid.fetch_add(1, Ordering::Relaxed),
            Signature::Unchecked => stats.unchecked.fetch_add(1, Ordering::Relaxed),
        };
        stats.received.fetch_add(1, Ordering::Relaxed);
        match answer.decision {
            "approved" => stats.approved.fetch_add(1, Ordering::Relaxed),
            "rejected" => stats.rejected.fetch_add(1, Ordering::Relaxed),
            "values" => stats.filled.fetch_add(1, Ordering::Relaxed),
            "unchanged" => stats.unchanged.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
        if let Err(e) = &stored {
            stats.not_stored.fetch_add(1, Ordering::Relaxed);
            say(
                true,
                &format!(
                    "{} {} {}: {}; answered 503 so the sender retries\n",
                    "hookscope:".bold(),
                    "DELIVERY NOT STORED".red().bold(),
                    render::line(&capture.id),
                    render::line(e)
                ),
            );
        }

        let capture_path = stored.as_ref().ok().cloned().flatten();
        let text = if self.quiet {
            String::new()
        } else if self.format == ListenFormat::Json {
            show::json_line(capture, &delivery, &answer, &stored)
        } else {
            let mut t = String::new();
            if !printed_head {
                t.push_str(&show::head(
                    capture,
                    &delivery,
                    self.show_secrets,
                    self.body_lines,
                    capture_path.as_deref(),
                ));
            }
            t.push_str(&show::tail(&answer, &stored));
            t
        };
        if !text.is_empty() {
            let mut out = held.unwrap_or_else(|| stdout.lock());
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }

    fn summary(&self) -> String {
        let s = &self.stats;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let refused = match get(&s.refused) {
            0 => String::new(),
            n => format!(", {n} refused unread (413 or 400)"),
        };
        let mut text = format!(
            "received {}: {} valid, {} invalid, {} unchecked{refused}; {} approved, {} rejected",
            get(&s.received),
            get(&s.valid),
            get(&s.invalid),
            get(&s.unchecked),
            get(&s.approved),
            get(&s.rejected)
        );
        let (filled, actions) = (get(&s.filled), get(&s.filled) + get(&s.unchanged));
        if actions > 0 {
            let plural = if actions == 1 { "" } else { "s" };
            text.push_str(&format!(
                ", {actions} field action{plural} answered ({filled} with values)"
            ));
        }
        match &self.store {
            Some(store) => text.push_str(&format!("; stored in {}", store.dir.display())),
            None => text.push_str("; not stored (--no-store)"),
        }
        let lost = get(&s.not_stored);
        if lost > 0 {
            text.push_str(&format!("; {lost} NOT STORED (answered 503)"));
        }
        text
    }

    fn outcome(&self) -> Outcome {
        if self.stats.not_stored.load(Ordering::Relaxed) > 0 || self.broken.load(Ordering::SeqCst) {
            Outcome::Failed
        } else if self.stats.invalid.load(Ordering::Relaxed) > 0
            || self.stats.refused.load(Ordering::Relaxed) > 0
        {
            Outcome::Negative
        } else {
            Outcome::Success
        }
    }
}

/// The message of the last panic on any thread: tiny_http's accept thread panics when it cannot
/// take a connection (out of file descriptors), and that is the cause worth telling the user.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Remembers each panic's message in `LAST_PANIC`, then reports it as before.
fn remember_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()));
        if let Some(m) = message {
            *LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()) = Some(m);
        }
        previous(info);
    }));
}

/// Requests the dispatcher took from tiny_http, with when each arrived.
#[derive(Default)]
struct Stamped {
    queue: Mutex<VecDeque<(tiny_http::Request, Instant)>>,
    ready: Condvar,
    /// tiny_http's accept loop has ended.
    ended: AtomicBool,
}

impl Stamped {
    /// Answers every request still waiting for a worker: hookscope is stopping.
    fn turn_away_queued(&self) {
        let queued: Vec<_> = self
            .queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
            .collect();
        for (req, _) in queued {
            turn_away(req);
        }
    }
}

/// Answers a request that came while hookscope is stopping: 503, come back later. On a thread
/// of its own, since tiny_http then reads the rest of the body, and a sender that stalls must
/// not hold up the others.
fn turn_away(req: tiny_http::Request) {
    let _ = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || {
            let mut a = refusal(503, "hookscope is stopping; retry later");
            a.headers.push(("Retry-After".into(), "5".into()));
            let unread = req.body_length().unwrap_or(0) as u64;
            refuse(req, &a, unread);
        });
}

/// What a worker gets when it asks for work.
enum Next {
    Request(tiny_http::Request, Instant),
    /// Nothing came for a while.
    Idle,
    /// tiny_http's accept loop has ended (it gives up on the first failed accept, such as
    /// running out of file descriptors): no connection will be taken again, so the worker
    /// stops rather than look alive.
    Ended,
}

/// The most worker threads the pool grows to.
const MAX_WORKERS: usize = 256;
/// A delivery in hand this long counts as stuck (a slow sender, an open question, a slow app).
const STUCK: Duration = Duration::from_millis(500);
/// An extra worker leaves after this long without work.
const EXTRA_IDLE: Duration = Duration::from_secs(10);

/// The worker threads. A fixed number always run; when every one of them has been stuck on a
/// delivery for a while (a sender trickling its body a byte a second, a question on the
/// terminal, a slow --forward-to app), the watchdog adds one more, so other deliveries are
/// still served. Extra workers leave once idle.
struct Pool {
    server: tiny_http::Server,
    /// With questions on the terminal, requests come through the dispatcher, stamped with
    /// when they arrived, so a question's deadline counts from there and not from when a
    /// worker got to the request: Bpium's 10 s run from the sending.
    stamped: Option<Stamped>,
    listener: Arc<Listener>,
    /// When each worker took its current delivery (ms since `epoch`; 0 when idle).
    slots: Mutex<Vec<Arc<AtomicU64>>>,
    live: AtomicUsize,
    epoch: Instant,
}

impl Pool {
    fn spawn(self: &Arc<Self>, extra: bool) {
        let slot = Arc::new(AtomicU64::new(0));
        self.slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::clone(&slot));
        self.live.fetch_add(1, Ordering::SeqCst);
        let pool = Arc::clone(self);
        // Not joined: the pool counts live workers instead, so none is left behind.
        std::thread::spawn(move || {
            // Counted out even if handling a delivery panics, so shutdown never waits forever.
            struct Leave<'a>(&'a AtomicUsize);
            impl Drop for Leave<'_> {
                fn drop(&mut self) {
                    self.0.fetch_sub(1, Ordering::SeqCst);
                }
            }
            let _leave = Leave(&pool.live);
            pool.work(&slot, extra);
        });
    }

    fn work(&self, slot: &AtomicU64, extra: bool) {
        let mut idle_since = Instant::now();
        while !self.listener.stopping.load(Ordering::SeqCst) {
            match self.next() {
                Next::Request(req, arrived) => {
                    let now = self.epoch.elapsed().as_millis() as u64;
                    slot.store(now.max(1), Ordering::SeqCst);
                    self.listener.handle(req, arrived);
                    slot.store(0, Ordering::SeqCst);
                    idle_since = Instant::now();
                }
                Next::Idle => {
                    if extra && idle_since.elapsed() > EXTRA_IDLE {
                        break;
                    }
                }
                Next::Ended => break,
            }
        }
    }

    /// The next request, straight from tiny_http or through the dispatcher.
    fn next(&self) -> Next {
        let wait = Duration::from_millis(100);
        let Some(stamped) = &self.stamped else {
            return match self.server.recv_timeout(wait) {
                Ok(Some(req)) => Next::Request(req, Instant::now()),
                Ok(None) => Next::Idle,
                Err(e) => {
                    self.listener.accept_failed(&e);
                    Next::Ended
                }
            };
        };
        // The lock is let go while waiting, so idle workers all notice a stop at once.
        let mut queue = stamped.queue.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.listener.stopping.load(Ordering::SeqCst) {
                return Next::Idle;
            }
            if let Some((req, arrived)) = queue.pop_front() {
                return Next::Request(req, arrived);
            }
            // The dispatcher has said why already.
            if stamped.ended.load(Ordering::SeqCst) {
                return Next::Ended;
            }
            let (q, waited) = stamped
                .ready
                .wait_timeout(queue, wait)
                .unwrap_or_else(|e| e.into_inner());
            queue = q;
            if waited.timed_out() && queue.is_empty() {
                return Next::Idle;
            }
        }
    }

    /// Takes each request from tiny_http as soon as it has arrived and stamps it. Once
    /// hookscope is stopping (an open question may keep it a few seconds more), what still
    /// arrives, and what was waiting for a worker, is told to come back: 503 with
    /// `Retry-After`, never silence.
    fn dispatch(&self) {
        let Some(stamped) = &self.stamped else {
            return;
        };
        loop {
            let got = self.server.recv_timeout(Duration::from_millis(100));
            let stopping = self.listener.stopping.load(Ordering::SeqCst);
            if stopping {
                stamped.turn_away_queued();
            }
            match got {
                Ok(Some(req)) if stopping => turn_away(req),
                Ok(Some(req)) => {
                    stamped
                        .queue
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push_back((req, Instant::now()));
                    stamped.ready.notify_one();
                }
                Ok(None) => {}
                Err(e) => {
                    self.listener.accept_failed(&e);
                    stamped.ended.store(true, Ordering::SeqCst);
                    stamped.ready.notify_all();
                    break;
                }
            }
        }
    }

    fn watch(self: Arc<Self>) {
        while !self.listener.stopping.load(Ordering::SeqCst) {
            std::thread::sleep(STUCK / 2);
            let now = self.epoch.elapsed().as_millis() as u64;
            let all_stuck = {
                let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
                // Forget the slots of workers that left.
                slots.retain(|s| Arc::strong_count(s) > 1);
                !slots.is_empty()
                    && slots.iter().all(|s| {
                        let since = s.load(Ordering::SeqCst);
                        since != 0 && now.saturating_sub(since) >= STUCK.as_millis() as u64
                    })
            };
            if all_stuck && self.live.load(Ordering::SeqCst) < MAX_WORKERS {
                self.spawn(true);
            }
        }
    }
}

fn bind_address(host: &str, port: u16) -> Result<SocketAddr> {
    let spec = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    spec.to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            Hinted::new(
                format!("cannot listen on host '{host}': not an address or a name that resolves"),
                ["use an IP address such as 127.0.0.1 (the default) or ::1"],
            )
            .into()
        })
}

/// Writes to the terminal, ignoring a closed pipe: a reader that went away must not stop the
/// receiver (deliveries are still answered and stored).
fn say(to_stderr: bool, text: &str) {
    let _ = if to_stderr {
        let mut err = std::io::stderr().lock();
        err.write_all(text.as_bytes()).and_then(|_| err.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    };
}

pub fn run(args: ListenArgs) -> Result<Outcome> {
    let flag_secrets = args.secrets.sources().resolve_env()?;
    let fallback = Checker::new(
        args.hmac.scheme_with(args.scheme.kind())?,
        args.hmac.params().as_ref(),
        flag_secrets,
        &args.time,
    )?;
    let config = args.config.as_deref().map(Config::load).transpose()?;
    let routes = Routes::new(config.as_ref(), fallback, &args.time)?;

    let store = if args.no_store {
        None
    } else {
        let dir = match &args.store {
            Some(d) => d.clone(),
            None => store::default_dir().ok_or_else(|| {
                Hinted::new(
                    "no place to store captures: neither XDG_STATE_HOME nor HOME is set",
                    ["pass --store DIR, or --no-store"],
                )
            })?,
        };
        Some(Store::open(&dir, !args.no_fsync).map_err(|e| {
            anyhow::Error::new(Hinted::new(
                format!("{e:#}"),
                ["pass another --store DIR, fix its permissions, or run with --no-store"],
            ))
        })?)
    };

    remember_panics();
    let addr = bind_address(&args.host, args.port)?;
    let server = tiny_http::Server::http(addr).map_err(|e| {
        let hint = if e.to_string().to_lowercase().contains("in use") {
            format!("another program listens on port {}: pick another --port, or --port 0 for any free one", args.port)
        } else {
            "check --host and --port".to_string()
        };
        Hinted::new(format!("could not listen on {addr}: {e}"), [hint])
    })?;
    let bound = server
        .server_addr()
        .to_ip()
        .context("the server did not report its address")?;

    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    let prompter = (args.decide == Decide::Ask
        || routes
            .endpoints
            .iter()
            .any(|(e, _)| e.default == Some(Decide::Ask)))
    .then(|| Prompter::from_stdin(args.ask_timeout, args.ask_default.into()));
    let page = startup_page(
        &bound,
        &store,
        routes.fallback.secrets.is_empty(),
        config.as_ref(),
    );
    let listener = Arc::new(Listener {
        routes,
        store,
        forward_to: args.forward_to.clone(),
        forwarder: Forwarder::new(args.forward_timeout, args.max_body),
        defaults: Defaults {
            decide: args.decide,
            reject_message: args.reject_message.clone().map(Value::String),
        },
        prompter,
        format: args.format,
        quiet: args.quiet,
        show_secrets: args.show_secrets,
        accept_invalid: args.accept_invalid,
        max_body: args.max_body,
        body_lines: args.body_lines,
        max_requests: args.max_requests,
        deliveries: AtomicU64::new(0),
        stats: Stats::default(),
        tracker: Mutex::new(Tracker::default()),
        stop: stop_tx.clone(),
        stopping: AtomicBool::new(false),
        broken: AtomicBool::new(false),
        page,
        guard: Arc::default(),
    });

    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{bound}")?;
        out.flush()?;
    }
    let info = startup_info(&listener, &bound, config.as_ref());
    say(args.format == ListenFormat::Json, &info);

    let ctrl_c = stop_tx.clone();
    ctrlc::set_handler(move || {
        let _ = ctrl_c.send(());
    })
    .context("could not install the Ctrl-C handler")?;

    let pool = Arc::new(Pool {
        server,
        stamped: listener.prompter.as_ref().map(|_| Stamped::default()),
        listener: Arc::clone(&listener),
        slots: Mutex::new(Vec::new()),
        live: AtomicUsize::new(0),
        epoch: Instant::now(),
    });
    // More workers than cores only wake each other up on tiny_http's queue (measured: 4
    // workers on 2 cores spent a fifth more CPU a delivery than 2); slow deliveries get extra
    // workers from the watchdog instead.
    let workers = args.workers.map_or_else(
        || {
            std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .clamp(2, 64)
        },
        usize::from,
    );
    for _ in 0..workers {
        pool.spawn(false);
    }
    if pool.stamped.is_some() {
        let pool = Arc::clone(&pool);
        std::thread::spawn(move || pool.dispatch());
    }
    let watchdog = {
        let pool = Arc::clone(&pool);
        std::thread::spawn(move || pool.watch())
    };

    {
        let l = Arc::clone(&listener);
        let on_dead = Box::new(move |e: &std::io::Error| l.accept_failed(e));
        listener.guard.start(bound, on_dead);
    }

    let _ = stop_rx.recv();
    listener.stopping.store(true, Ordering::SeqCst);
    listener.guard.stop();
    if let Some(stamped) = &pool.stamped {
        stamped.ready.notify_all();
    }
    // Every worker finishes the delivery in hand, then leaves; a sender that trickles its body
    // forever is not waited for past the longest a delivery may rightly take.
    let patience = args.ask_timeout.max(args.forward_timeout) + Duration::from_secs(2);
    let gave_up_at = Instant::now() + patience;
    while pool.live.load(Ordering::SeqCst) > 0 && Instant::now() < gave_up_at {
        std::thread::sleep(Duration::from_millis(10));
    }
    // What reached the dispatcher as the last worker left is answered too.
    if let Some(stamped) = &pool.stamped {
        stamped.turn_away_queued();
    }
    let busy = pool.live.load(Ordering::SeqCst);
    if busy > 0 {
        say(true, &format!("hookscope: stopped with {busy} request(s) still arriving after {} s; they were neither answered nor stored\n", patience.as_secs()));
    }
    let _ = watchdog.join();
    // On a new line: Ctrl-C leaves "^C" on the terminal.
    let summary = listener.summary();
    say(args.format == ListenFormat::Json, &format!("\n{summary}\n"));
    Ok(listener.outcome())
}

fn startup_page(
    bound: &SocketAddr,
    store: &Option<Store>,
    inspect: bool,
    config: Option<&Config>,
) -> String {
    let mut page = format!("hookscope is listening on http://{bound}\nPOST (or PUT, PATCH) webhook deliveries to any path here.\n");
    if let Some(c) = config {
        page.push_str(&format!("Endpoints from {}:\n", c.path.display()));
        for e in &c.endpoints {
            let unchecked = if e.has_secret() {
                ""
            } else {
                ", signatures not checked (no secret_env or secret_file)"
            };
            page.push_str(&format!(
                "  {}  {}{unchecked}\n",
                e.path,
                e.scheme.map_or("auto", Kind::name),
            ));
        }
    }
    match (inspect, config.is_some()) {
        (true, false) => page.push_str("No secret was given: signatures are not checked.\n"),
        (true, true) => page.push_str("Other paths are refused with 404.\n"),
        (false, true) => {
            page.push_str("Other paths: signatures are checked with the command line's secret.\n")
        }
        (false, false) => {}
    }
    page.push_str(if store.is_some() {
        "Deliveries are stored.\n"
    } else {
        "Deliveries are not stored.\n"
    });
    page
}

fn startup_info(l: &Listener, bound: &SocketAddr, config: Option<&Config>) -> String {
    let mut lines = Vec::new();
    if !bound.ip().is_loopback() {
        lines.push(format!(
            "{} listening beyond this machine ({}): anyone who can reach it can send deliveries; see SECURITY.md",
            "warning:".yellow().bold(),
            bound.ip()
        ));
    }
    match &l.store {
        Some(s) => {
            let unsynced = if s.durable {
                ""
            } else {
                " (--no-fsync: a power cut can lose the last ones)"
            };
            lines.push(format!(
                "storing deliveries in {}{unsynced}",
                s.dir.display()
            ));
            if store::shared_with_others(&s.dir) {
                lines.push(format!(
                    "{} {} can be read by other users: chmod 700 it",
                    "warning:".yellow().bold(),
                    s.dir.display()
                ));
            }
        }
        None => lines.push("not storing deliveries (--no-store)".to_string()),
    }
    if let Some(c) = config {
        for (e, checker) in &l.routes.endpoints {
            let check = if checker.secrets.is_empty() {
                "signatures not checked (no secret_env or secret_file)".to_string()
            } else {
                format!("scheme {}", e.scheme.map_or("auto", Kind::name))
            };
            lines.push(format!(
                "endpoint {}: {check}, {} rule(s)",
                e.path,
                e.rules.len()
            ));
        }
        lines.push(format!("config: {}", c.path.display()));
    }
    if l.routes.strict {
        lines.push(
            "paths no endpoint serves are refused with 404 (pass --secret-env NAME or --secret-file PATH to check them instead)".to_string(),
        );
    } else if l.routes.fallback.secrets.is_empty() {
        lines.push(format!(
            "{} no secret given: signatures will not be checked (inspection mode); pass --secret-env NAME or --secret-file PATH to check them",
            "note:".yellow().bold()
        ));
    }
    if let Some(url) = &l.forward_to {
        lines.push(format!("forwarding checked deliveries to {url}"));
    }
    if l.prompter.is_some() {
        lines.push("request-type events (Bpium record.before.*) are asked about here: answer a or r [message]".to_string());
        if !std::io::stdin().is_terminal() {
            lines.push(format!(
                "{} standard input is not a terminal: answers are read from it line by line, and once it ends every question gets the --ask-default answer at once",
                "note:".yellow().bold()
            ));
        }
    }
    lines.push("press Ctrl-C to stop".to_string());
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bpium(hook: &str, seq: i64) -> event::Probe {
        event::Probe {
            hook_id: Some(hook.into()),
            hook_sequence: Some(seq),
            ..Default::default()
        }
    }

    #[test]
    fn sequence_gaps_are_counted_without_overflow() {
        let mut t = Tracker::default();
        assert!(t
            .observe(Some(Kind::Bpium), None, &bpium("3", 41))
            .is_empty());
        let w = t.observe(Some(Kind::Bpium), None, &bpium("3", 43));
        assert_eq!(
            w,
            vec!["Bpium hook 3: sequenceId jumped from 41 to 43: 1 event missed".to_string()]
        );
        assert!(t
            .observe(Some(Kind::Bpium), None, &bpium("9", i64::MAX))
            .is_empty());
        assert!(t
            .observe(Some(Kind::Bpium), None, &bpium("9", i64::MIN))
            .is_empty());
        assert!(t
            .observe(Some(Kind::Bpium), None, &bpium("8", i64::MIN))
            .is_empty());
        let w = t.observe(Some(Kind::Bpium), None, &bpium("8", i64::MAX));
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
