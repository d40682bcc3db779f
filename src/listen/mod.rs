//! `hookscope listen`: a local HTTP endpoint that checks each delivery's signature, stores it
//! byte-exact before answering, shows it, and answers in the platform's own format.
//!
//! - [`server`]: connections, limits and deadlines (hyper);
//! - [`request`]: one request → a delivery, or a refusal (framing, body, header spelling);
//! - [`pipeline`]: one delivery, check → track → route → store → answer → show;
//! - [`events`]: which deliveries `--events` shows and forwards;
//! - [`summary`]: the counts, the summary and the exit status;
//! - this file: the wiring, start-up and shutdown;
//! - [`printer`]: the writers of per-delivery output, which never delay an answer;
//! - [`tracker`]: repeats and sequence gaps, in bounded memory, remembered across a restart.

mod events;
mod forward;
mod pipeline;
mod printer;
mod request;
mod server;
mod summary;
mod tracker;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use colored::Colorize;
use serde_json::Value;

use self::events::Events;
use self::forward::Forwarder;
use crate::check::Routes;
use crate::cli::{ListenArgs, ListenFormat};
use crate::config::{Config, Decide};
use crate::decide::ask::Prompter;
use crate::decide::Defaults;
use crate::exit::{Hinted, Outcome};
use crate::inspector;
use crate::render;
use crate::scheme::Kind;
use crate::secret::{Secret, SecretSources};
use crate::settings;
use crate::store::{self, HandedOver, Store};
use printer::{Printer, Stream};
use server::{Limits, Server};
use summary::Stats;
use tracker::{Seeded, Tracker};

pub(crate) struct Listener {
    routes: Routes,
    store: Option<Store>,
    forward_to: Option<String>,
    /// Handshakes go to --forward-to too, instead of being answered here.
    forward_handshakes: bool,
    /// Secrets platforms handed over in a handshake (Asana's), by endpoint path, and where
    /// they are kept (`None`: no state directory, so only for as long as this listen runs).
    handed_over: Mutex<HashMap<String, Secret>>,
    handed_over_dir: Option<PathBuf>,
    forwarder: Forwarder,
    defaults: Defaults,
    prompter: Option<Prompter>,
    /// Which deliveries are shown and forwarded (`--events`).
    events: Events,
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
    /// Deliveries let in against --max-requests (a handshake gives its place back once it is
    /// known to be one), and deliveries done: the listener stops when `done` reaches it.
    deliveries: AtomicU64,
    done: AtomicU64,
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
    /// Where each stored delivery is told to the inspector (`--ui`).
    inspector: Option<inspector::Feed>,
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

/// What the inspector's actions may use: the listener's own secrets and config, read again
/// without a replay window (a stored capture is as old as it is), `--resign-secret…` and
/// `--fixtures`.
fn inspector_actions(args: &ListenArgs) -> Result<inspector::Actions> {
    let checking = settings::checking(
        &args.check.secrets,
        &args.check.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.check.hmac,
        &settings::no_window(),
        args.check.public_url.as_deref(),
    )?;
    Ok(inspector::Actions::new(
        checking,
        args.resign_secrets.resolve()?,
        args.fixtures.clone(),
    ))
}

/// The most headers a request may have (hyper keeps up to this many on the stack).
const MAX_HEADERS: usize = 100;

pub fn run(args: ListenArgs) -> Result<Outcome> {
    if args.resign_secrets.given() && !args.ui {
        return Err(Hinted::new(
            "--resign-secret is for the inspector's Replay, Edit and resend and Save as fixture",
            ["add --ui, or leave it out"],
        )
        .into());
    }
    let settings::Checking { config, mut routes } = settings::checking(
        &args.check.secrets,
        &args.check.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.check.hmac,
        &args.check.time,
        args.check.public_url.as_deref(),
    )?;
    routes.fallback.verify_tokens = SecretSources {
        literal: Vec::new(),
        env: args.verify_token_env.clone(),
        files: args.verify_token_file.clone(),
    }
    .resolve_given()?;

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
    // Questions (--decide ask) are put on the terminal, and on the inspector's page with --ui.
    let inspected = store.is_some() && args.ui;
    let prompter = (args.decide == Decide::Ask
        || routes
            .endpoints
            .iter()
            .any(|(e, _)| e.default == Some(Decide::Ask)))
    .then(|| Prompter::from_stdin(args.ask_timeout, args.ask_default.into(), inspected));

    // The inspector, on 127.0.0.1 whatever --host is; a copied curl command goes to this
    // listener, by a loopback address where it listens on all of them.
    let inspector = match (&store, args.ui) {
        (Some(s), true) => Some(inspector::start(inspector::Settings {
            store: s.dir.clone(),
            port: args.ui_port,
            curl_base: format!("http://{}", loopback_host(&bound)),
            live: true,
            questions: prompter.as_ref().map(|p| Arc::clone(&p.questions)),
            actions: inspector_actions(&args)?,
        })?),
        _ => None,
    };

    // The deliveries of the last day are remembered before the first line, so the first
    // delivery is already checked against them (the server serves none before it is printed).
    // Nothing tracked is shown with --quiet and no question, so nothing is remembered then.
    let tracks = !args.quiet || prompter.is_some();
    let mut tracker = Tracker::default();
    let seeded = match &store {
        Some(s) if tracks => Some(tracker.seed(s, SystemTime::now())),
        _ => None,
    };
    let page = startup_page(&bound, &store, !routes.fallback.has_keys(), config.as_ref());
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
    let handed_over_dir = store::handed_over_dir();
    let listener = Arc::new(Listener {
        may_block: store.is_some() || forwards || prompter.is_some(),
        routes,
        store,
        forward_to: args.forward_to.clone(),
        forward_handshakes: args.forward_handshakes,
        handed_over: Mutex::new(
            handed_over_dir
                .as_deref()
                .map(HandedOver::all_in)
                .unwrap_or_default()
                .into_iter()
                .map(|h| (HandedOver::key(&h.path), Secret::new(h.secret)))
                .collect(),
        ),
        handed_over_dir,
        forwarder: Forwarder::new(args.forward_timeout, args.max_body),
        defaults: Defaults {
            decide: args.decide,
            reject_message: args.reject_message.clone().map(Value::String),
            ask_actions: inspected,
        },
        prompter,
        events: Events::new(args.events.clone()),
        format: args.format,
        quiet: args.quiet,
        show_secrets: args.show_secrets,
        accept_invalid: args.accept_invalid,
        max_body: args.max_body,
        body_timeout: args.body_timeout,
        body_lines: args.body_lines,
        max_requests: args.max_requests,
        deliveries: AtomicU64::new(0),
        done: AtomicU64::new(0),
        bodies_in_hand: AtomicU64::new(0),
        stats: Stats::default(),
        tracker: Mutex::new(tracker),
        out,
        err,
        stop: stop_tx.clone(),
        stopping: AtomicBool::new(false),
        page,
        inspector: inspector.as_ref().map(|i| i.feed.clone()),
    });

    {
        // With --format json every line of standard output is JSON, this one too; the notes
        // below go to standard error.
        let mut out = std::io::stdout().lock();
        if json {
            let mut first = serde_json::json!({
                "listening": format!("http://{bound}"),
                "store": listener.store.as_ref().map(|s| s.dir.display().to_string()),
            });
            if let Some(i) = &inspector {
                first["inspector"] = serde_json::json!(i.url);
            }
            writeln!(out, "{first}")?;
        } else {
            writeln!(out, "listening on http://{bound}")?;
            if let Some(i) = &inspector {
                writeln!(out, "inspector on {}", i.url)?;
            }
        }
        out.flush()?;
    }
    let remembered = match &seeded {
        Some(Ok(s)) => s.remembered,
        _ => 0,
    };
    let mut info = startup_info(&listener, &bound, config.as_ref(), remembered);
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
    if let (Some(seeded), Some(store)) = (&seeded, &listener.store) {
        say(true, &seeding_note(seeded, &store.dir));
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
    // Ctrl-C with a question open: say why nothing seems to happen yet.
    if let Some(p) = listener.prompter.as_ref().filter(|p| p.asking()) {
        let open = match p.questions.open().len() {
            1 => "the open question waits for its answer or its deadline".to_string(),
            n => format!("the {n} open questions wait for their answers or their deadlines"),
        };
        listener.err.always(format!(
            "\n{} stopping: {open} ({} s); deliveries arriving meanwhile get 503\n",
            "hookscope:".bold(),
            p.timeout.as_secs_f64()
        ));
    }
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

/// The listener's address as this machine reaches it: a loopback address where it listens on
/// all of them.
fn loopback_host(bound: &SocketAddr) -> String {
    match bound {
        SocketAddr::V6(a) if a.ip().is_unspecified() => format!("[::1]:{}", a.port()),
        SocketAddr::V4(a) if a.ip().is_unspecified() => format!("127.0.0.1:{}", a.port()),
        other => other.to_string(),
    }
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
            let unchecked = if e.has_keys() {
                ""
            } else {
                ", signatures not checked (no secret_env, secret_file or public_key)"
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

/// What went wrong while the store's recent captures were read, for standard error: files that
/// are not readable captures, or a store that could not be listed (never fatal).
fn seeding_note(seeded: &std::io::Result<Seeded>, dir: &std::path::Path) -> String {
    let dir = render::line(&dir.display().to_string()).to_string();
    match seeded {
        Ok(Seeded {
            unreadable,
            left_out,
            ..
        }) => {
            let mut note = String::new();
            if *unreadable > 0 {
                note.push_str(&format!(
                    "{} skipped {unreadable} file(s) in {dir} named like captures that could not be read as captures (hookscope verify FILE says why): what they hold is not remembered\n",
                    "note:".yellow().bold(),
                ));
            }
            if *left_out > 0 {
                note.push_str(&format!(
                    "{} remembering only the newest captures in {dir}: {left_out} older one(s) of the last {} h were past the {} MiB read at start\n",
                    "note:".yellow().bold(),
                    tracker::SEEDED_SPAN.as_secs() / 3600,
                    tracker::SEEDED_BYTES >> 20,
                ));
            }
            note
        }
        Err(e) => format!(
            "{} could not list {dir} to remember its recent deliveries ({}): repeats of them will not be warned of\n",
            "note:".yellow().bold(),
            render::line(&e.to_string()),
        ),
    }
}

fn startup_info(
    l: &Listener,
    bound: &SocketAddr,
    config: Option<&Config>,
    remembered: usize,
) -> String {
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
            if remembered > 0 {
                lines.push(format!(
                    "remembering {remembered} deliver{} from the last {} h in {}, to warn of repeats and gaps",
                    if remembered == 1 { "y" } else { "ies" },
                    tracker::SEEDED_SPAN.as_secs() / 3600,
                    s.dir.display()
                ));
            }
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
            let check = if !checker.has_keys() {
                "signatures not checked (no secret_env, secret_file or public_key)".to_string()
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
    } else if !l.routes.fallback.has_keys() {
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
    if l.events.given() {
        let kept = if l.store.is_some() { "stored and " } else { "" };
        lines.push(format!(
            "showing and forwarding only events matching {} (case ignored); the others are {kept}answered as notifications",
            l.events.listed()
        ));
    }
    if let Some(p) = &l.prompter {
        lines.push(if p.page {
            "request-type events (Bpium record.before.*, record.updating) are asked about here and in the inspector, and the first answer is sent: here, answer a or r [message]".to_string()
        } else {
            "request-type events (Bpium record.before.*) are asked about here: answer a or r [message]".to_string()
        });
        if !std::io::stdin().is_terminal() {
            let then = if p.page {
                "once it ends, only the inspector answers"
            } else {
                "once it ends every question gets the --ask-default answer at once"
            };
            lines.push(format!(
                "{} standard input is not a terminal: answers are read from it line by line, and {then}",
                "note:".yellow().bold()
            ));
        }
    }
    let host = loopback_host(bound);
    // With a config, a path outside its endpoints is answered 404: suggest the first one.
    let endpoint = config.and_then(|c| c.endpoints.first());
    // A prefix endpoint (`/hooks/*`) is suggested at its prefix.
    let path = endpoint.map(|e| render::line(e.path.trim_end_matches('*')).into_owned());
    if l.routes.fallback.has_keys() || endpoint.is_some() {
        let path = path.as_deref().unwrap_or("/");
        // A plain curl would be refused: a signed sample shows the check at work.
        let sampled = endpoint
            .and_then(|e| e.scheme)
            .and_then(|k| k.platform().samples.first().map(|s| (k.name(), s.name)));
        let (platform, event) = sampled.unwrap_or(("PLATFORM", "EVENT"));
        lines.push(format!(
            "send a signed sample to see it: hookscope trigger {platform} {event} --secret-env NAME --to {}  (hookscope trigger --list names them)",
            crate::curl::shell_quote(&format!("http://{host}{path}"))
        ));
    } else {
        let path = path.as_deref().unwrap_or("/hello");
        lines.push(format!(
            "send one to see it: curl -d '{{\"hello\":1}}' {}",
            crate::curl::shell_quote(&format!("http://{host}{path}"))
        ));
    }
    lines.push("press Ctrl-C to stop".to_string());
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    text
}
