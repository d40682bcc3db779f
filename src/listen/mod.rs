//! `hookscope listen`: a local HTTP endpoint that checks each delivery's signature, stores it
//! byte-exact before answering, shows it, and answers in the platform's own format.
//!
//! - [`server`]: connections, limits and deadlines (hyper);
//! - [`request`]: one request → a delivery, or a refusal (framing, body, header spelling);
//! - this file: the delivery pipeline (check → track → route → store → answer → show), the
//!   counts and summary, and the wiring;
//! - [`printer`]: the writers of per-delivery output, which never delay an answer;
//! - [`tracker`]: repeats and sequence gaps, in bounded memory.

mod forward;
mod printer;
mod request;
mod server;
mod tracker;

use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use colored::Colorize;
use serde_json::{json, Value};

use self::forward::Forwarder;
use crate::body::Body;
use crate::capture::{Capture, Extra};
use crate::check::Routes;
use crate::cli::{ListenArgs, ListenFormat};
use crate::config::{Config, Decide};
use crate::decide::{self, Answer, Decision, Defaults, Plan, Prompter};
use crate::exit::{Hinted, Outcome};
use crate::render;
use crate::scheme::{self, Failure, Kind, Request};
use crate::settings;
use crate::show::{self, Delivery, Signature};
use crate::store::{self, Store};
use printer::{Hold, Printer, Stream};
use server::{Limits, Note, Server};
use tracker::Tracker;

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
    /// Deliveries refused before their signature could be checked (413, 408, a body cut short,
    /// ambiguous framing).
    refused: AtomicU64,
    not_stored: AtomicU64,
    /// Requests hyper could not read (431, 414, 400) or whose head came too late (408): never
    /// deliveries.
    unreadable: AtomicU64,
}

pub(crate) struct Listener {
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
    body_timeout: Duration,
    body_lines: usize,
    max_requests: Option<u64>,
    /// A delivery may wait on the disk, the app behind --forward-to or a question: it is then
    /// handled on the blocking pool, not on the threads that serve connections.
    may_block: bool,
    deliveries: AtomicU64,
    /// Body bytes in hand across all requests (see [`request::BODY_BUDGET`]).
    bodies_in_hand: AtomicU64,
    stats: Stats,
    tracker: Mutex<Tracker>,
    /// The writers of standard output and standard error.
    out: Printer,
    err: Printer,
    stop: Sender<()>,
    stopping: AtomicBool,
    page: String,
}

fn refusal(status: u16, reason: &str) -> Answer {
    Answer::json(
        status,
        &json!({"ok": false, "reason": reason}),
        Decision::Refused,
        reason.to_string(),
    )
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

impl Listener {
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
        self.out.note(text);
    }

    /// Shows what the server refused before any request reached hookscope, or could not do.
    fn server_note(&self, note: Note) {
        let (remote, status, why) = match note {
            Note::AcceptFailed { error, closed } => {
                let made_room = match closed {
                    0 => String::new(),
                    n => format!("; closed {n} idle connection(s) to make room"),
                };
                self.err.note(format!(
                    "{} could not take a connection ({}){made_room}; still listening\n",
                    "hookscope:".bold(),
                    render::line(&error)
                ));
                return;
            }
            Note::Malformed {
                remote,
                status,
                why,
            } => (remote, status, why),
            Note::HeadTimeout { remote } => (
                remote,
                408,
                "the request head did not arrive in time (--header-timeout)".to_string(),
            ),
        };
        self.stats.unreadable.fetch_add(1, Ordering::Relaxed);
        if self.quiet {
            return;
        }
        let text = if self.format == ListenFormat::Json {
            show::unreadable_json_line(&remote.to_string(), status, &why)
        } else {
            show::unreadable_lines(&remote.to_string(), status, &why)
        };
        self.out.note(text);
    }

    /// Counts a delivery against --max-requests, and stops when it is the last.
    fn after(&self, n: u64) {
        if self.max_requests == Some(n) {
            let _ = self.stop.send(());
        }
    }

    /// The delivery pipeline: check → track → route → store → answer → show. Returns the answer
    /// and whether it tells the sender to retry (the delivery could not be stored).
    pub(crate) fn deliver(
        &self,
        mut capture: Capture,
        remote: Option<String>,
        arrived: Instant,
    ) -> (Answer, bool) {
        let capture = &mut capture;
        let (endpoint, checker) = self.routes.for_path(&capture.path);
        // The body is read once, as far as what follows needs it, and handed on.
        let body = Body::new(&capture.body);
        let request = Request::new(&capture.headers, &body);
        // The whole body as a tree only when it is shown or a rule looks inside it.
        let needs_tree = (!self.quiet && self.format == ListenFormat::Human)
            || endpoint.is_some_and(|e| e.rules.iter().any(|r| !r.when.is_empty()));
        let structured = if needs_tree { body.tree() } else { None };
        let (kind, signature) = if endpoint.is_none() && self.routes.strict {
            (
                checker.scheme_for(&request).ok(),
                Signature::Invalid(Failure::NoEndpoint),
            )
        } else if checker.secrets.is_empty() {
            (checker.scheme_for(&request).ok(), Signature::Unchecked)
        } else {
            let checked = checker.check(&request);
            let sig = match checked.verdict {
                Ok(()) => Signature::Valid,
                Err(f) => Signature::Invalid(f),
            };
            (checked.kind, sig)
        };
        // The event name and delivery id are read from the body only when something uses them:
        // the screen, the store, the endpoint's rules, or the answer (request-type events,
        // possible only when the sender may ask or is not known). With `--quiet --no-store`
        // and another platform's secret, a delivery costs its signature check.
        let names_matter = !self.quiet
            || self.store.is_some()
            || endpoint.is_some_and(|e| !e.rules.is_empty())
            || kind.map_or(true, Kind::may_ask);
        let (event_name, delivery_id) = if names_matter {
            (
                scheme::event_name(kind, &request),
                scheme::delivery_id(kind, &request),
            )
        } else {
            (None, None)
        };
        // Only what passed (or was not checked) is remembered: a forged delivery must not make
        // a later genuine one look like a repeat, nor move a platform's sequence. Repeats and
        // gaps are warnings on screen, so `--quiet` tracks nothing, unless a question may be
        // put (it shows them). (With nothing to remember, the shared lock is not taken at all.)
        let sequence = kind.and_then(|k| k.platform().sequence.as_ref());
        let nothing_to_track = (self.quiet && self.prompter.is_none())
            || (delivery_id.is_none() && sequence.is_none());
        let warnings = if matches!(signature, Signature::Invalid(_)) || nothing_to_track {
            Vec::new()
        } else {
            let numbered = sequence.and_then(|s| Some((s, (s.read)(&request)?)));
            self.tracker
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .observe(delivery_id.as_deref(), numbered)
        };
        let delivery = Delivery {
            remote: remote.clone(),
            kind,
            event: event_name.clone(),
            delivery_id,
            structured,
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
                    structured,
                )),
            },
        };

        // A delivery whose answer takes time (an app behind --forward-to, a question on the
        // terminal) is stored before that starts, and again with the answer once there is
        // one: the app never sees a delivery that was not kept (a 503 then would make the
        // sender retry, and the app see it twice), and one in hand when hookscope stops is
        // not lost. A store that fails here stops the delivery at a 503 at once.
        let slow = matches!(route, Route::Forward(_) | Route::Decide(Plan::Ask { .. }));
        let record = |capture: &Capture, answer: Option<&Answer>| {
            self.store.as_ref().map(|store| {
                let extra = Extra {
                    remote_addr: remote.clone(),
                    verdict: Some(show::verdict_json(&delivery)),
                    answer: answer.map(show::answer_json),
                };
                store
                    .save(capture, Some(&extra))
                    .map_err(|e| format!("{e:#}"))
            })
        };
        let early = if slow { record(capture, None) } else { None };

        // The output is held for the whole delivery only when a question is put.
        let mut printed_head = false;
        let mut held: Option<Hold> = None;
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
                    Decision::Refused,
                    why,
                )
            }
            (_, Route::Forward(url)) => self.forwarder.forward(
                url,
                &capture.method,
                &capture.headers,
                &capture.exact_values(),
                &capture.body,
            ),
            (_, Route::Decide(Plan::Ask { reject_message })) => {
                let kind = scheme::classify(kind, event_name.as_deref());
                match &self.prompter {
                    Some(p) => {
                        let a = if human {
                            let mut out = self.out.hold();
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
                            let a = p.ask(&mut out, kind, reject_message, arrived);
                            held = Some(out);
                            a
                        } else {
                            // Keep standard output to JSON lines (or nothing); the question
                            // still says what it is about.
                            let mut err = self.err.hold();
                            let _ = err.write_all(show::brief(capture, &delivery).as_bytes());
                            p.ask(&mut err, kind, reject_message, arrived)
                        };
                        a
                    }
                    None => Answer::approve(kind, "no prompt"),
                }
            }
            (_, Route::Decide(Plan::Answer(a))) => a,
        };

        let stored: Result<Option<PathBuf>, String> = match early {
            Some(Err(e)) => Err(e),
            _ => match record(capture, Some(&answer)) {
                Some(Ok(path)) => Ok(Some(path)),
                // Kept already, without its answer: the delivery is safe, so its answer stands.
                Some(Err(e)) if matches!(early, Some(Ok(_))) => {
                    self.err.note(format!(
                        "{} could not add the answer to capture {}: {}\n",
                        "hookscope:".bold(),
                        render::line(&capture.id),
                        render::line(&e)
                    ));
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

        let stats = &self.stats;
        match &signature {
            Signature::Valid => stats.valid.fetch_add(1, Ordering::Relaxed),
            Signature::Invalid(_) => stats.invalid.fetch_add(1, Ordering::Relaxed),
            Signature::Unchecked => stats.unchecked.fetch_add(1, Ordering::Relaxed),
        };
        stats.received.fetch_add(1, Ordering::Relaxed);
        match answer.decision {
            Decision::Approved => stats.approved.fetch_add(1, Ordering::Relaxed),
            Decision::Rejected => stats.rejected.fetch_add(1, Ordering::Relaxed),
            Decision::Values => stats.filled.fetch_add(1, Ordering::Relaxed),
            Decision::Unchanged => stats.unchanged.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
        if let Err(e) = &stored {
            stats.not_stored.fetch_add(1, Ordering::Relaxed);
            self.err.note(format!(
                "{} {} {}: {}; answered 503 so the sender retries\n",
                "hookscope:".bold(),
                "DELIVERY NOT STORED".red().bold(),
                render::line(&capture.id),
                render::line(e)
            ));
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
        match held {
            Some(mut out) => {
                let _ = out.write_all(text.as_bytes());
            }
            None => self.out.delivery(text),
        }
        let retry = stored.is_err();
        (answer, retry)
    }

    fn summary(&self) -> String {
        let s = &self.stats;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let refused = match get(&s.refused) {
            0 => String::new(),
            n => format!(", {n} refused unread (413, 414, 408, 400 or 503)"),
        };
        let refused = match get(&s.unreadable) {
            0 => refused,
            n => format!("{refused}, {n} unreadable request(s) refused"),
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
        if self.stats.not_stored.load(Ordering::Relaxed) > 0 {
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

/// Writes to the terminal before and after deliveries (start-up lines, the summary), ignoring
/// a closed pipe.
fn say(to_stderr: bool, text: &str) {
    let _ = if to_stderr {
        let mut err = std::io::stderr().lock();
        err.write_all(text.as_bytes()).and_then(|_| err.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    };
}

/// The most headers a request may have (hyper keeps up to this many on the stack).
const MAX_HEADERS: usize = 100;

pub fn run(args: ListenArgs) -> Result<Outcome> {
    let settings::Checking { config, routes } = settings::checking(
        &args.secrets,
        args.config.as_deref(),
        args.scheme,
        &args.hmac,
        &args.time,
    )?;

    let store = if args.no_store {
        None
    } else {
        let dir = settings::store_dir(args.store.as_deref(), settings::StoreUse::Keep)?;
        Some(Store::open(&dir, !args.no_fsync).map_err(|e| {
            anyhow::Error::new(Hinted::new(
                format!("{e:#}"),
                ["pass another --store DIR, fix its permissions, or run with --no-store"],
            ))
        })?)
    };

    // Connections are file descriptors: take all the system allows, and hold connections to
    // what is left after the few hookscope needs itself.
    let fd_limit = server::raise_fd_limit();
    let max_connections = fd_limit
        .map_or(args.max_connections, |l| {
            args.max_connections.min(
                usize::try_from(l.saturating_sub(server::RESERVED_FDS.min(l / 4)))
                    .unwrap_or(usize::MAX),
            )
        })
        .max(1);

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.clamp(1, 8))
        .max_blocking_threads(usize::from(args.workers))
        // Threads a burst of deliveries started leave soon after it.
        .thread_keep_alive(Duration::from_secs(1))
        .thread_name("hookscope-http")
        .enable_all()
        .build()
        .context("could not start the HTTP runtime")?;
    let addr = bind_address(&args.host, args.port)?;
    let socket = {
        let _inside = runtime.enter();
        bind(addr).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!("another program listens on port {}: pick another --port, or --port 0 for any free one", args.port)
            } else {
                "check --host and --port".to_string()
            };
            Hinted::new(format!("could not listen on {addr}: {e}"), [hint])
        })?
    };
    let bound = socket
        .local_addr()
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
    let forwards =
        args.forward_to.is_some() || routes.endpoints.iter().any(|(e, _)| e.forward_to.is_some());
    let json = args.format == ListenFormat::Json;
    let out = Printer::start(
        Stream::Out,
        json,
        store.is_some(),
        if json {
            printer::JSON_QUEUE
        } else {
            printer::HUMAN_QUEUE
        },
    );
    let err = Printer::start(Stream::Err, false, store.is_some(), printer::HUMAN_QUEUE);
    let listener = Arc::new(Listener {
        may_block: store.is_some() || forwards || prompter.is_some(),
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
        body_timeout: args.body_timeout,
        body_lines: args.body_lines,
        max_requests: args.max_requests,
        deliveries: AtomicU64::new(0),
        bodies_in_hand: AtomicU64::new(0),
        stats: Stats::default(),
        tracker: Mutex::new(Tracker::default()),
        out,
        err,
        stop: stop_tx.clone(),
        stopping: AtomicBool::new(false),
        page,
    });

    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{bound}")?;
        out.flush()?;
    }
    let mut info = startup_info(&listener, &bound, config.as_ref());
    if max_connections < args.max_connections {
        info.insert_str(
            0,
            &format!(
                "{} the open-files limit ({}) allows {max_connections} connections at once, not {}: raise it with ulimit -n\n",
                "note:".yellow().bold(),
                fd_limit.unwrap_or(0),
                args.max_connections
            ),
        );
    }
    if let Some(store) = &listener.store {
        match store.sweep_stale_temporaries(store::STALE_TEMPORARY_AGE) {
            Ok(0) => {}
            Ok(n) => info.insert_str(
                0,
                &format!("removed {n} unfinished capture file(s) older than an hour, left by a hookscope that was killed mid-write\n"),
            ),
            Err(e) => info.insert_str(
                0,
                &format!(
                    "{} could not look for unfinished capture files: {}\n",
                    "note:".yellow().bold(),
                    render::line(&format!("{e:#}"))
                ),
            ),
        }
    }
    say(json, &info);

    let ctrl_c = stop_tx.clone();
    ctrlc::set_handler(move || {
        let _ = ctrl_c.send(());
    })
    .context("could not install the Ctrl-C handler")?;

    let limits = Limits {
        max_head: args.max_header_size,
        max_headers: MAX_HEADERS,
        header_timeout: args.header_timeout,
        idle_timeout: args.idle_timeout,
        max_connections,
    };
    let handler: server::Handler = {
        let l = Arc::clone(&listener);
        Arc::new(move |req, peer| Box::pin(Arc::clone(&l).request(req, peer)))
    };
    let notes: server::Notes = {
        let l = Arc::clone(&listener);
        Arc::new(move |note| l.server_note(note))
    };
    let server = Server::new(limits, handler, notes);
    runtime.spawn(Arc::clone(&server).run(socket));

    let _ = stop_rx.recv();
    listener.stopping.store(true, Ordering::SeqCst);
    // Every delivery in hand is finished (a question runs to its answer or deadline), while new
    // senders are told to come back (503); one that trickles its body forever is not waited for
    // past the longest a delivery may rightly take.
    let patience = args
        .ask_timeout
        .max(args.forward_timeout)
        .max(args.body_timeout)
        + Duration::from_secs(2);
    let busy = runtime.block_on(async {
        let gave_up_at = Instant::now() + patience;
        while server.in_flight() > 0 && Instant::now() < gave_up_at {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let busy = server.in_flight();
        // Answers in hand go out; then every connection closes.
        server.close();
        let closed_by = Instant::now() + Duration::from_secs(2);
        while server.open() > 0 && Instant::now() < closed_by {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        busy
    });
    if busy > 0 {
        listener.err.note(format!("hookscope: stopped with {busy} request(s) still in hand after {} s; they were not answered (one waiting on --forward-to or a question was stored before)\n", patience.as_secs()));
    }
    runtime.shutdown_timeout(Duration::from_millis(100));
    // On a new line: Ctrl-C leaves "^C" on the terminal. Through the printers, after what they
    // hold, and not waited on for long: an output nobody reads must not keep hookscope running.
    let summary = format!("\n{}\n", listener.summary());
    let to = if json { &listener.err } else { &listener.out };
    to.always(summary);
    // (A reader that stopped reading may not get it; the exit code still says how it went.)
    let patience = Duration::from_secs(2);
    std::thread::scope(|s| {
        s.spawn(|| listener.out.flush(patience));
        s.spawn(|| listener.err.flush(patience));
    });
    Ok(listener.outcome())
}

/// The listening socket, with room in its queue for a burst of connections.
fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
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
        lines.push(format!(
            "forwarding checked deliveries to {}",
            crate::client::without_userinfo(url)
        ));
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
