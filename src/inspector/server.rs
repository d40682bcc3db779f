//! The inspector's HTTP server: small and bounded, for one person's browser on this machine.
//!
//! - At most [`MAX_CONNECTIONS`] connections at once (more wait in the socket's queue), each
//!   serving one request (no keep-alive): its head within [`HEAD_TIMEOUT`] and at most
//!   [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers (hyper answers 431 past them), its answer
//!   written within [`ANSWER_DEADLINE`]; at most [`MAX_STREAMS`] of them hold an event stream.
//! - No request body is ever read: only GET and HEAD are served.
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
use std::time::Duration;

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
use tokio::sync::{broadcast, mpsc, Semaphore};

use super::api::{self, Query};
use super::{Settings, Stored};

pub const MAX_CONNECTIONS: usize = 32;
pub const MAX_STREAMS: usize = 8;
pub const MAX_HEAD: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 64;
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(60);
/// How often an open event stream gets a comment line, so one whose page has gone is noticed
/// (and its place freed) even when no delivery comes.
const STREAM_PULSE: Duration = Duration::from_secs(15);
/// How long an event stream's queue (64 events) may stay full, its client reading nothing,
/// before the stream ends and its place is freed for another page.
const STREAM_STALL: Duration = Duration::from_secs(60);

/// No inline script or style, nothing from another origin, no framing, no forms.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub const TOKEN_HEADER: &str = "x-hookscope-token";

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");

type Body = BoxBody<Bytes, Infallible>;

pub struct State {
    settings: Settings,
    token: String,
    /// The `Host` values a request may carry.
    hosts: [String; 3],
    feed: broadcast::Sender<Arc<Stored>>,
    streams: Arc<Semaphore>,
    /// The store's names, as last read.
    names: api::Names,
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
            feed,
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
            names: api::Names::default(),
        })
    }

    /// Reads the store's names ahead of the first list request.
    pub fn warm(&self) {
        self.names.warm(&self.settings.store);
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
    let streaming = Arc::new(AtomicBool::new(false));
    let service = {
        let streaming = Arc::clone(&streaming);
        hyper::service::service_fn(move |req: Request<Incoming>| {
            let state = Arc::clone(&state);
            let streaming = Arc::clone(&streaming);
            async move {
                let mut reply = answer(&state, &req, &streaming).await;
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
    tokio::select! {
        _ = &mut conn => {}
        _ = tokio::time::sleep(ANSWER_DEADLINE) => {
            // An event stream lives as long as its page; anything else is closed.
            if streaming.load(Ordering::SeqCst) {
                let _ = conn.await;
            }
        }
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
    req: &Request<Incoming>,
    streaming: &AtomicBool,
) -> Response<Body> {
    if !host_allowed(state, req) {
        return full(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "hookscope's inspector answers only requests for 127.0.0.1, localhost or [::1] at its own port\n",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = error(
            StatusCode::METHOD_NOT_ALLOWED,
            "the inspector only reads: GET",
        );
        r.headers_mut()
            .insert(hyper::header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or("");
    match path {
        "/" | "/index.html" => return full(StatusCode::OK, "text/html; charset=utf-8", INDEX),
        "/app.js" => return full(StatusCode::OK, "text/javascript; charset=utf-8", SCRIPT),
        "/style.css" => return full(StatusCode::OK, "text/css; charset=utf-8", STYLE),
        _ => {}
    }
    let Some(api_path) = path.strip_prefix("/api/") else {
        return error(StatusCode::NOT_FOUND, "nothing here");
    };
    if !token_given(state, req) {
        return error(
            StatusCode::UNAUTHORIZED,
            "this needs the token of the URL hookscope printed at start (open that URL)",
        );
    }
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
            blocking(
                move || match api::list(&st.settings.store, &st.names, &parsed) {
                    Ok(v) => json_reply(StatusCode::OK, &v),
                    Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
                },
            )
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
        ["events"] => events(state, parsed, streaming),
        _ => error(StatusCode::NOT_FOUND, "no such API"),
    }
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
/// when this page fell behind and missed some.
fn events(state: &Arc<State>, query: Query, streaming: &AtomicBool) -> Response<Body> {
    let Ok(permit) = Arc::clone(&state.streams).try_acquire_owned() else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many inspector pages are open: close one",
        );
    };
    streaming.store(true, Ordering::SeqCst);
    let mut feed = state.feed.subscribe();
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let state = Arc::clone(state);
    tokio::spawn(async move {
        let _permit = permit;
        // Once a client that stops reading has filled the socket's buffers and this queue, the
        // stream ends after STREAM_STALL and its slot is free for another page. (Its
        // connection is not closed yet: hyper still waits to write to it.)
        let send = |text: String| {
            let sent = tokio::time::timeout(STREAM_STALL, tx.send(Bytes::from(text)));
            async move { sent.await.map_err(|_| ()).and_then(|r| r.map_err(|_| ())) }
        };
        if send("event: ready\ndata: {}\n\n".into()).await.is_err() {
            return;
        }
        loop {
            let next = tokio::select! {
                n = feed.recv() => n,
                _ = tokio::time::sleep(STREAM_PULSE) => {
                    if send(": still here\n\n".into()).await.is_err() {
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
            if send(text).await.is_err() {
                return;
            }
        }
    });
    let mut r = Response::new(BoxBody::new(Stream(rx)));
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    r
}

/// An event stream's body: what the stream's task sends, as it comes.
struct Stream(mpsc::Receiver<Bytes>);

impl hyper::body::Body for Stream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}
