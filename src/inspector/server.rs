//! The inspector's HTTP server: small and bounded, for one person's browser on this machine.
//!
//! - At most [`MAX_CONNECTIONS`] connections at once (more wait in the socket's queue), each
//!   serving one request (no keep-alive): its head within [`HEAD_TIMEOUT`] and at most
//!   [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers (hyper answers 431 past them), its answer
//!   written within [`ANSWER_DEADLINE`]; at most [`MAX_STREAMS`] of them hold an event stream,
//!   which lasts as long as its page reads it: one whose writes wait [`STREAM_STALL`] (its
//!   client reads nothing, and the kernel's [`SEND_BUFFER`] is full) is reset, its slot freed.
//! - GET and HEAD read; a change (replay, resend, an answer, a fixture) is a POST to `/api/`
//!   that must also carry an `Origin` of this inspector (a page elsewhere cannot send one) and
//!   a JSON body of at most [`MAX_POST`] bytes, read within [`HEAD_TIMEOUT`].
//! - A `Host` that is not this port on 127.0.0.1, localhost or [::1] is refused 403 for every
//!   path (a page on another site whose name resolves here cannot read anything); every
//!   `/api/` request without the run's token (`X-Hookscope-Token`, compared in constant time)
//!   is refused 401, with no delivery data.
//! - Every answer carries [`CSP`], `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//!   no-referrer` and `Cache-Control: no-store`.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{json, Value};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, OwnedSemaphorePermit, Semaphore};

use super::actions::{self, Action};
use super::api::{self, Query};
use super::pending;
use super::{Feed, Settings, Stored};
use crate::decide::ask::Refused;
use crate::render;

pub const MAX_CONNECTIONS: usize = 32;
pub const MAX_STREAMS: usize = 8;
pub const MAX_HEAD: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 64;
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(60);
/// How often an open event stream gets a comment line, so one whose page has gone is noticed
/// (and its place freed) even when no delivery comes.
const STREAM_PULSE: Duration = Duration::from_secs(15);
/// How long an event stream's writes may wait, its client reading nothing, before its
/// connection is reset and its place freed for another page.
const STREAM_STALL: Duration = Duration::from_secs(60);
/// The kernel's send buffer for each connection: what a client that stops reading leaves
/// waiting there, and how soon its event stream's writes wait (and so are seen to stall).
const SEND_BUFFER: usize = 128 * 1024;

/// No inline script or style, nothing from another origin, no framing, no forms.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub const TOKEN_HEADER: &str = "x-hookscope-token";

/// The largest body a POST may carry: an edited delivery to resend is the largest.
pub const MAX_POST: usize = 16 * 1024 * 1024;
/// The largest body of a POST that carries no request: a replay's target, a fixture's name.
const SMALL_POST: usize = 64 * 1024;

/// The page's files, served to anyone who names this inspector (they hold no delivery data).
const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const ASSETS: &[(&str, &str, &str)] = &[
    ("/", HTML, include_str!("page/index.html")),
    ("/index.html", HTML, include_str!("page/index.html")),
    ("/app.js", JS, include_str!("page/app.js")),
    ("/pending.js", JS, include_str!("page/pending.js")),
    ("/actions.js", JS, include_str!("page/actions.js")),
    ("/style.css", CSS, include_str!("page/style.css")),
];

type Body = BoxBody<Bytes, Infallible>;

pub struct State {
    settings: Settings,
    token: String,
    /// The `Host` values a request may carry.
    hosts: [String; 3],
    /// The `Origin` values a POST may carry: this inspector's own page.
    origins: [String; 3],
    feed: broadcast::Sender<Arc<Stored>>,
    streams: Arc<Semaphore>,
    /// The store's names, as last read.
    names: api::Names,
    /// How long a stream's writes may wait before its connection is reset: [`STREAM_STALL`],
    /// shorter in tests.
    stall: Duration,
}

impl State {
    pub fn new(
        settings: Settings,
        token: String,
        port: u16,
        feed: broadcast::Sender<Arc<Stored>>,
    ) -> Arc<State> {
        Arc::new(State {
            settings,
            token,
            hosts: [
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ],
            origins: [
                format!("http://127.0.0.1:{port}"),
                format!("http://localhost:{port}"),
                format!("http://[::1]:{port}"),
            ],
            feed,
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
            names: api::Names::default(),
            stall: STREAM_STALL,
        })
    }

    /// Reads the store's names ahead of the first list request.
    pub fn warm(&self) {
        self.names.warm(&self.settings.store);
    }

    /// A page of the list, from the store's names as last read.
    fn list(&self, q: &Query) -> anyhow::Result<Value> {
        api::list(&self.settings.store, &self.names, q)
    }
}

/// Takes connections for as long as the process runs.
pub async fn run(listener: TcpListener, state: Arc<State>) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, most likely: the listener's deliveries matter more.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            serve(stream, state).await;
            drop(permit);
        });
    }
}

async fn serve(stream: tokio::net::TcpStream, state: Arc<State>) {
    cap_send_buffer(&stream);
    let writes = Arc::new(Writes::default());
    let stream = Watched {
        io: stream,
        writes: Arc::clone(&writes),
    };
    let streaming = Arc::new(AtomicBool::new(false));
    let service = {
        let streaming = Arc::clone(&streaming);
        let state = Arc::clone(&state);
        hyper::service::service_fn(move |req: Request<Incoming>| {
            let state = Arc::clone(&state);
            let streaming = Arc::clone(&streaming);
            async move {
                let mut reply = answer(&state, req, &streaming).await;
                secure(&mut reply);
                Ok::<_, Infallible>(reply)
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .keep_alive(false);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let deadline = tokio::time::sleep(ANSWER_DEADLINE);
    tokio::pin!(deadline);
    let mut past_deadline = false;
    // How often an event stream's writes are looked at: one that has waited `stall` is reset.
    let mut look = tokio::time::interval(state.stall / 4);
    look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = &mut conn => return,
            _ = &mut deadline, if !past_deadline => {
                // An event stream lives as long as its page reads it; anything else is closed.
                if !streaming.load(Ordering::SeqCst) {
                    return;
                }
                past_deadline = true;
            }
            _ = look.tick() => {
                if streaming.load(Ordering::SeqCst) && writes.waited(state.stall) {
                    // Dropping the connection frees the stream's slot (its body holds it) and
                    // resets the socket (see `Watched`).
                    writes.reset.store(true, Ordering::SeqCst);
                    return;
                }
            }
        }
    }
}

/// Caps the kernel's send buffer of a connection at [`SEND_BUFFER`] (left to the system, it
/// can grow to megabytes for a client that stops reading).
#[cfg(unix)]
fn cap_send_buffer(stream: &tokio::net::TcpStream) {
    use std::os::fd::AsRawFd;
    let size = SEND_BUFFER as libc::c_int;
    // SAFETY: the descriptor is the socket `stream` owns, open for the whole call, and the
    // value is a c_int that lives as long as the call reads it. A refusal leaves the system's
    // size, which only makes a stall slower to see.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn cap_send_buffer(_stream: &tokio::net::TcpStream) {}

/// Whether a connection's writes are waiting for room, and since when.
#[derive(Default)]
struct Writes {
    /// When the write that waits began to wait; `None` once a write goes through.
    waiting: std::sync::Mutex<Option<Instant>>,
    /// Set when the connection is dropped for a stall, so that it is reset.
    reset: AtomicBool,
}

impl Writes {
    fn record(&self, went_through: bool) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        match (went_through, waiting.is_some()) {
            (true, _) => *waiting = None,
            (false, false) => *waiting = Some(Instant::now()),
            (false, true) => {}
        }
    }

    /// Whether a write has waited `at_least`, nothing written since.
    fn waited(&self, at_least: Duration) -> bool {
        let waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        waiting.is_some_and(|since| since.elapsed() >= at_least)
    }
}

/// A connection's socket, which records whether its writes wait ([`Writes`]): a client that
/// stops reading leaves them waiting once the buffers are full. Dropped after a stall, it
/// resets the connection: a close would leave the kernel offering what is unsent, for
/// minutes, to a client that reads nothing, and that client would never learn it was dropped.
struct Watched {
    io: tokio::net::TcpStream,
    writes: Arc<Writes>,
}

impl Drop for Watched {
    fn drop(&mut self) {
        if self.writes.reset.load(Ordering::SeqCst) {
            // Deprecated for a linger that makes the drop wait; one of zero never waits.
            #[allow(deprecated)]
            let _ = self.io.set_linger(Some(Duration::ZERO));
        }
    }
}

impl tokio::io::AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        this.writes.record(polled.is_ready());
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.writes.record(polled.is_ready());
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The headers every answer carries.
fn secure(reply: &mut Response<Body>) {
    let h = reply.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
}

fn full(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()).boxed());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn json_reply(status: StatusCode, v: &Value) -> Response<Body> {
    full(
        status,
        "application/json; charset=utf-8",
        serde_json::to_vec(v).expect("a Value always serialises"),
    )
}

fn error(status: StatusCode, why: &str) -> Response<Body> {
    json_reply(status, &json!({ "error": why }))
}

/// Whether the request names this inspector in its `Host` (and in its target, when that is in
/// absolute form).
fn host_allowed(state: &State, req: &Request<Incoming>) -> bool {
    if let Some(authority) = req.uri().authority() {
        if !state
            .hosts
            .iter()
            .any(|a| a.eq_ignore_ascii_case(authority.as_str()))
        {
            return false;
        }
    }
    let hosts = req.headers().get_all(hyper::header::HOST);
    let mut values = hosts.iter();
    match (values.next(), values.next()) {
        (Some(host), None) => host
            .to_str()
            .is_ok_and(|h| state.hosts.iter().any(|a| a.eq_ignore_ascii_case(h))),
        _ => false,
    }
}

/// Whether the request carries the run's token, compared in constant time.
fn token_given(state: &State, req: &Request<Incoming>) -> bool {
    req.headers()
        .get(TOKEN_HEADER)
        .is_some_and(|v| bool::from(v.as_bytes().ct_eq(state.token.as_bytes())))
}

async fn answer(
    state: &Arc<State>,
    req: Request<Incoming>,
    streaming: &AtomicBool,
) -> Response<Body> {
    if !host_allowed(state, &req) {
        return full(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "hookscope's inspector answers only requests for 127.0.0.1, localhost or [::1] at its own port\n",
        );
    }
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD && method != Method::POST {
        return not_allowed("GET, HEAD, POST");
    }
    let path = req.uri().path().to_string();
    if method != Method::POST {
        if let Some((_, kind, text)) = ASSETS.iter().find(|(p, _, _)| *p == path) {
            return full(StatusCode::OK, kind, *text);
        }
    }
    let Some(api_path) = path.strip_prefix("/api/") else {
        return match method {
            Method::POST => not_allowed("GET, HEAD"),
            _ => error(StatusCode::NOT_FOUND, "nothing here"),
        };
    };
    if !token_given(state, &req) {
        return error(
            StatusCode::UNAUTHORIZED,
            "this needs the token of the URL hookscope printed at start: open that URL, or send the token in the X-Hookscope-Token header",
        );
    }
    if method == Method::POST {
        let api_path = api_path.to_string();
        return post(state, &api_path, req).await;
    }
    let query = req.uri().query().unwrap_or("").to_string();
    let query = query.as_str();
    if api_path == "diff" {
        let (a, b) = match diff_ids(query) {
            Ok(ids) => ids,
            Err(why) => return error(StatusCode::BAD_REQUEST, why),
        };
        let st = Arc::clone(state);
        return blocking(move || match api::diff(&st.settings.store, &a, &b) {
            Ok(Ok(v)) => json_reply(StatusCode::OK, &v),
            Ok(Err(why)) => error(StatusCode::NOT_FOUND, &why),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
        })
        .await;
    }
    let parsed = match Query::parse(query) {
        Ok(q) => q,
        Err(why) => return error(StatusCode::BAD_REQUEST, &why),
    };
    let segments: Vec<&str> = api_path.split('/').collect();
    match segments.as_slice() {
        ["info"] => json_reply(
            StatusCode::OK,
            &json!({
                "store": state.settings.store.display().to_string(),
                "live": state.settings.live,
            }),
        ),
        ["captures"] => {
            let st = Arc::clone(state);
            blocking(move || match st.list(&parsed) {
                Ok(v) => json_reply(StatusCode::OK, &v),
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
            })
            .await
        }
        ["captures", id] => {
            let (st, id) = (Arc::clone(state), id.to_string());
            blocking(move || match api::detail(&st.settings.store, &id) {
                Ok(Some(v)) => json_reply(StatusCode::OK, &v),
                Ok(None) => error(StatusCode::NOT_FOUND, "no capture with that id"),
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
            })
            .await
        }
        ["captures", id, "curl"] => {
            let (st, id) = (Arc::clone(state), id.to_string());
            blocking(
                move || match api::curl(&st.settings.store, &id, &st.settings.curl_base) {
                    Ok(Some(v)) => json_reply(StatusCode::OK, &v),
                    Ok(None) => error(StatusCode::NOT_FOUND, "no capture with that id"),
                    Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
                },
            )
            .await
        }
        ["captures", id, "file"] => {
            let (st, id) = (Arc::clone(state), id.to_string());
            blocking(move || match api::file(&st.settings.store, &id) {
                Ok(Some(bytes)) => {
                    let mut r = full(StatusCode::OK, "application/json", bytes);
                    let disposition = format!("attachment; filename=\"{id}.json\"");
                    if let Ok(v) = HeaderValue::from_str(&disposition) {
                        r.headers_mut().insert("content-disposition", v);
                    }
                    r
                }
                Ok(None) => error(StatusCode::NOT_FOUND, "no capture with that id"),
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
            })
            .await
        }
        ["pending"] => json_reply(
            StatusCode::OK,
            &json!({
                "asking": state.settings.questions.is_some(),
                "pending": state.settings.questions.as_ref().map(|q| q.open()).unwrap_or_default(),
            }),
        ),
        ["pending", _] => not_allowed("POST"),
        ["events"] => events(state, parsed, streaming),
        ["captures", id, "actions"] => {
            let (st, id) = (Arc::clone(state), id.to_string());
            blocking(move || {
                let (status, v) = actions::offer(&st.settings, &id);
                json_reply(status, &v)
            })
            .await
        }
        ["captures", _, "replay" | "resend" | "fixture"] => not_allowed("POST"),
        _ => error(StatusCode::NOT_FOUND, "no such API"),
    }
}

fn not_allowed(allow: &'static str) -> Response<Body> {
    let mut r = error(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("the inspector takes {allow} here"),
    );
    r.headers_mut()
        .insert(hyper::header::ALLOW, HeaderValue::from_static(allow));
    r
}

/// A POST's JSON body, once the request has shown it comes from this inspector's own page:
/// its `Origin` (which a browser always sends on a POST, and a page cannot forge), then a JSON
/// content type (so a plain form from elsewhere never gets this far), then at most
/// `max` bytes ([`MAX_POST`] at most) that parse as JSON.
async fn action_body(
    state: &State,
    req: Request<Incoming>,
    max: usize,
) -> Result<Value, Response<Body>> {
    let origin = req.headers().get(hyper::header::ORIGIN);
    let ours = origin
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| state.origins.iter().any(|a| a.eq_ignore_ascii_case(o)));
    if !ours {
        return Err(error(
            StatusCode::FORBIDDEN,
            "a change must come from the inspector's own page: its Origin is missing or is another site's",
        ));
    }
    let json = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a change is sent as JSON (Content-Type: application/json)",
        ));
    }
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("this change carries at most {}", render::size(max)),
        )
    };
    // A length said to be over the bound is refused before a byte of the body is read.
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(req.into_body(), max);
    let bytes = match tokio::time::timeout(HEAD_TIMEOUT, limited.collect()).await {
        Err(_) => {
            return Err(error(
                StatusCode::REQUEST_TIMEOUT,
                "the request's body did not arrive in time",
            ))
        }
        Ok(Err(_)) => return Err(too_large()),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    // Parsed off the thread that serves every connection: a large body takes a while.
    let parsed = tokio::task::spawn_blocking(move || serde_json::from_slice::<Value>(&bytes))
        .await
        .map_err(|_| {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the inspector failed on this request",
            )
        })?;
    parsed.map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            &format!("the body is not JSON: {e}"),
        )
    })
}

/// The changes the page can ask for: each arm takes its body through [`action_body`], so
/// none acts on a request that did not come from this inspector's page. Any other path under
/// `/api/` is for reading.
async fn post(state: &Arc<State>, api_path: &str, req: Request<Incoming>) -> Response<Body> {
    let segments: Vec<&str> = api_path.split('/').collect();
    match segments.as_slice() {
        ["pending", id] => {
            let Some(questions) = &state.settings.questions else {
                return error(
                    StatusCode::NOT_FOUND,
                    "no question is asked here: listen --decide ask puts them",
                );
            };
            // Told before its body is read: nothing waits for it.
            if !questions.is_open(id) {
                let (status, why) = pending::refusal(&Refused::NotOpen);
                return error(StatusCode::from_u16(status).expect("a valid status"), &why);
            }
            let body = match action_body(state, req, pending::MAX_ANSWER).await {
                Ok(b) => b,
                Err(refusal) => return refusal,
            };
            let given = match pending::given(&body) {
                Ok(g) => g,
                Err(why) => return error(StatusCode::BAD_REQUEST, &why),
            };
            match questions.answer(id, given) {
                Ok(()) => json_reply(StatusCode::OK, &json!({ "ok": true })),
                Err(r) => {
                    let (status, why) = pending::refusal(&r);
                    error(StatusCode::from_u16(status).expect("a valid status"), &why)
                }
            }
        }
        ["captures", id, "replay"] => act(state, Action::Replay, id, req).await,
        ["captures", id, "resend"] => act(state, Action::Resend, id, req).await,
        ["captures", id, "fixture"] => act(state, Action::Fixture, id, req).await,
        _ => not_allowed("GET, HEAD"),
    }
}

/// One of the capture actions (see [`actions`]), once its body has come through
/// [`action_body`].
async fn act(
    state: &Arc<State>,
    action: Action,
    id: &str,
    req: Request<Incoming>,
) -> Response<Body> {
    // Only an edited request to resend is large; the others are a URL and a few choices.
    let max = match action {
        Action::Resend => MAX_POST,
        Action::Replay | Action::Fixture => SMALL_POST,
    };
    let body = match action_body(state, req, max).await {
        Ok(v) => v,
        Err(refused) => return refused,
    };
    let feed = Feed(state.feed.clone());
    let (status, v) = actions::run(action, &state.settings, feed, id.to_string(), body).await;
    json_reply(status, &v)
}

/// `a=ID&b=ID`, both given, nothing else.
fn diff_ids(query: &str) -> Result<(String, String), &'static str> {
    const USAGE: &str = "diff takes a= and b=, the ids of two captures";
    let (mut a, mut b) = (None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "a" => a = Some(value.into_owned()),
            "b" => b = Some(value.into_owned()),
            _ => return Err(USAGE),
        }
    }
    a.zip(b).ok_or(USAGE)
}

/// Runs file work on the blocking pool, off the thread that serves connections.
async fn blocking(f: impl FnOnce() -> Response<Body> + Send + 'static) -> Response<Body> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the inspector failed on this request",
        )
    })
}

/// `GET /api/events`: server-sent events, one `delivery` (its [`api::summary`], as the list
/// has it, made from what the feed carries: no file is read, but for a text filter the body's
/// first bytes do not settle) for each stored delivery that passes the filter, and `reload`
/// when this page fell behind and missed some. The stream holds one of [`MAX_STREAMS`] slots
/// for as long as its connection lasts; `serve` resets a connection whose writes have waited
/// [`State::stall`], its client reading nothing.
fn events(state: &Arc<State>, query: Query, streaming: &AtomicBool) -> Response<Body> {
    let Ok(slot) = Arc::clone(&state.streams).try_acquire_owned() else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many inspector pages are open: close one",
        );
    };
    streaming.store(true, Ordering::SeqCst);
    let mut feed = state.feed.subscribe();
    let mut changes = state.settings.questions.as_ref().map(|q| q.subscribe());
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let state = Arc::clone(state);
    // Ends with the connection: once the body (and `rx` with it) is dropped, a send fails and
    // `closed` fires.
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b"event: ready\ndata: {}\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let next = tokio::select! {
                n = feed.recv() => n,
                // A question opened or answered (under --decide ask): said as it is.
                Some(change) = async {
                    match changes.as_mut() {
                        Some(c) => Some(c.recv().await),
                        None => std::future::pending().await,
                    }
                } => {
                    let text = match change {
                        Ok(change) => pending::event(&change),
                        Err(broadcast::error::RecvError::Lagged(_)) => {
                            "event: questions\ndata: {}\n\n".to_string()
                        }
                        Err(broadcast::error::RecvError::Closed) => {
                            changes = None;
                            continue;
                        }
                    };
                    if tx.send(Bytes::from(text)).await.is_err() {
                        return;
                    }
                    continue;
                }
                _ = tx.closed() => return,
                _ = tokio::time::sleep(STREAM_PULSE) => {
                    if tx.send(Bytes::from_static(b": still here\n\n")).await.is_err() {
                        return;
                    }
                    continue;
                }
            };
            let text = match next {
                Ok(stored) => {
                    let passes = match api::passes(&query.filter, &stored) {
                        Some(passes) => passes,
                        None => {
                            let (st, filter) = (Arc::clone(&state), query.filter.clone());
                            let id = stored.head.id.clone();
                            tokio::task::spawn_blocking(move || {
                                api::passes_in_file(&st.settings.store, &filter, &id)
                            })
                            .await
                            .unwrap_or(false)
                        }
                    };
                    if !passes {
                        continue;
                    }
                    format!("event: delivery\ndata: {}\n\n", api::summary(&stored.head))
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    format!("event: reload\ndata: {{\"missed\":{missed}}}\n\n")
                }
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if tx.send(Bytes::from(text)).await.is_err() {
                return;
            }
        }
    });
    let mut r = Response::new(BoxBody::new(Stream { rx, _slot: slot }));
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    r
}

/// An event stream's body: what the stream's task sends, as it comes. It holds the stream's
/// slot, so the slot is free the moment the connection is dropped, whatever the task does.
struct Stream {
    rx: mpsc::Receiver<Bytes>,
    _slot: OwnedSemaphorePermit,
}

impl hyper::body::Body for Stream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Capture, Head};
    use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};

    /// How long a step may take before the test fails: reached only when what it waits for
    /// never comes.
    const WAIT: Duration = Duration::from_secs(20);
    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// Actions with no secret and no fixtures directory given.
    fn nothing_given() -> super::super::Actions {
        let time = crate::settings::no_window();
        let checker =
            crate::check::Checker::new(None, None, Vec::new(), Vec::new(), &time).unwrap();
        let routes = crate::check::Routes::new(None, checker, &time).unwrap();
        let checking = crate::settings::Checking {
            config: None,
            routes,
        };
        super::super::Actions::new(checking, Vec::new(), None)
    }

    /// The server on a thread and runtime of its own, as `inspector::start` runs it, with
    /// streams reset once their writes have waited `stall`.
    fn serving(stall: Duration) -> (u16, Arc<State>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        socket.set_nonblocking(true).unwrap();
        let port = socket.local_addr().unwrap().port();
        let settings = Settings {
            store: dir.path().to_path_buf(),
            port,
            curl_base: "http://127.0.0.1:9".into(),
            live: true,
            actions: nothing_given(),
            questions: None,
        };
        let (feed, _) = broadcast::channel(1024);
        let mut state = State::new(settings, TOKEN.into(), port, feed);
        Arc::get_mut(&mut state).unwrap().stall = stall;
        let server = Arc::clone(&state);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                run(TcpListener::from_std(socket).unwrap(), server).await;
            });
        });
        (port, state, dir)
    }

    /// Asks for the event stream and reads, a byte at a time, up to its first event (or to the
    /// end of a refusal), so nothing after it leaves the socket. `recv_buffer` makes the
    /// client's buffer small, as a client that stops reading is found once it is full.
    async fn open_stream(port: u16, recv_buffer: Option<u32>) -> (tokio::net::TcpStream, String) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        if let Some(size) = recv_buffer {
            socket.set_recv_buffer_size(size).unwrap();
        }
        let mut s = socket.connect(([127, 0, 0, 1], port).into()).await.unwrap();
        let request = format!(
            "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Hookscope-Token: {TOKEN}\r\n\r\n"
        );
        s.write_all(request.as_bytes()).await.unwrap();
        let mut seen = Vec::new();
        while !seen.ends_with(b"event: ready\ndata: {}\n\n") {
            match tokio::time::timeout(WAIT, s.read_u8()).await.unwrap() {
                Ok(b) => seen.push(b),
                Err(_) => break,
            }
        }
        (s, String::from_utf8_lossy(&seen).into_owned())
    }

    #[test]
    fn streams_whose_clients_stop_reading_are_reset_and_free_their_slots() {
        let (port, state, _store) = serving(Duration::from_millis(200));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let mut stalled = Vec::new();
            for _ in 0..MAX_STREAMS {
                let (s, seen) = open_stream(port, Some(4096)).await;
                assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
                stalled.push(s);
            }
            let (_, seen) = open_stream(port, None).await;
            assert!(seen.starts_with("HTTP/1.1 503"), "no slot left: {seen}");

            // Deliveries the stalled clients never read: 3 MiB for each, many times what the
            // buffers between hold (the client's, the kernel's SEND_BUFFER, hyper's, the
            // stream's queue of 64), so that every stream's writes wait.
            let long = format!("/{}", "p".repeat(8 * 1024));
            let c = Capture::new("POST", &long, vec![], Vec::new());
            let stored = Arc::new(Stored {
                head: Head::of(&c, None),
                text: Vec::new(),
            });
            for _ in 0..400 {
                assert!(state.feed.send(Arc::clone(&stored)).is_ok());
            }
            for s in &stalled {
                let ready = tokio::time::timeout(WAIT, s.ready(Interest::ERROR))
                    .await
                    .expect("a stalled stream was never reset")
                    .unwrap();
                assert!(ready.is_error());
            }
            // Each slot was freed as its connection was dropped, before the reset was sent.
            let (_, seen) = open_stream(port, None).await;
            assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
            assert!(seen.ends_with("event: ready\ndata: {}\n\n"), "{seen}");
        });
    }
}
