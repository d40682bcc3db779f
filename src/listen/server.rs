//! The HTTP/1.1 server under `listen`, on hyper: it takes connections, holds each to its
//! limits and deadlines, and hands every request that hyper could parse to a handler.
//!
//! What no client can do here, however hostile:
//! - hold more than `max_connections` connections (fewer when the open-files limit is lower):
//!   past that, the connection that has waited longest for a request is closed to make room;
//! - send a head larger than `max_head` bytes or with more than `max_headers` headers (hyper
//!   answers 431 and closes, also while such a head is still arriving), a request line hyper
//!   cannot read (400) or another HTTP version (400), each answered and closed;
//! - take longer than `header_timeout` to send a head (408 and close), or keep a connection
//!   idle between requests longer than `idle_timeout` (closed);
//! - stop the accept loop: a failed accept (out of file descriptors) is reported at most once a
//!   second, idle connections are closed to make room, and it goes on.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};

/// The limits a connection is held to.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Request line and headers together, in bytes.
    pub max_head: usize,
    pub max_headers: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// hyper's own default for its read buffer.
const HYPER_READ_BUFFER: usize = 8192 + 4096 * 100;

/// File descriptors kept back from connections: the store's files, the --forward-to client,
/// standard streams.
pub const RESERVED_FDS: u64 = 64;

/// What a handler learns of the connection a request came on.
pub struct Peer {
    pub remote: SocketAddr,
    /// The request's head as its bytes came, when they could be told apart (not when requests
    /// were pipelined): header names keep their spelling and order here, which hyper does not
    /// keep.
    pub raw_head: Vec<u8>,
    conn: Arc<Conn>,
}

impl Peer {
    /// Says the request's body is in and its delivery begins: from now on the connection is
    /// never closed to make room (a delivery in hand is finished and answered). While the body
    /// arrives it may be, past the connection limit, like a connection waiting for a request.
    pub fn delivering(&self) {
        self.conn.phase.store(BUSY, Ordering::SeqCst);
    }
}

pub type Reply = Response<Full<Bytes>>;
pub type Handler = Arc<
    dyn Fn(Request<Incoming>, Peer) -> Pin<Box<dyn Future<Output = Reply> + Send>> + Send + Sync,
>;

/// Something the server tells the user about: a request it refused before any handler saw it,
/// or a connection it could not take.
pub type Notes = Arc<dyn Fn(Note) + Send + Sync>;

pub enum Note {
    /// hyper answered a request it could not parse (431, 414, 400) and closed the connection.
    Malformed {
        remote: SocketAddr,
        status: u16,
        why: String,
    },
    /// A head did not arrive within the header timeout: answered 408 and closed.
    HeadTimeout { remote: SocketAddr },
    /// An accept failed (at most one a second is told); `closed` idle connections were closed to
    /// make room.
    AcceptFailed { error: String, closed: usize },
}

/// The phases of a connection, for its deadline.
const FRESH: u8 = 0; // no byte yet: the head is due `header_timeout` after the connection
const HEAD: u8 = 1; // a head has begun: it is due `header_timeout` after its first byte
const BODY: u8 = 2; // the handler reads the body (its own timeout applies)
const BUSY: u8 = 3; // a delivery is in hand: no deadline here, never closed to make room
const IDLE: u8 = 4; // between requests: closed after `idle_timeout`

struct Conn {
    phase: AtomicU8,
    /// When the phase began, in ms since the server's epoch.
    since: AtomicU64,
    /// Woken when the deadline moves earlier, or the connection is to be closed.
    wake: Notify,
    evicted: AtomicBool,
    /// The bytes of the head being read (see [`Peer::raw_head`]).
    head: Mutex<Vec<u8>>,
}

struct Registry {
    conns: Vec<Option<Arc<Conn>>>,
    free: Vec<usize>,
}

pub struct Server {
    limits: Limits,
    builder: http1::Builder,
    handler: Handler,
    notes: Notes,
    registry: Mutex<Registry>,
    permits: Arc<Semaphore>,
    /// 0 running, 1 closing: the accept loop ends and connections close once their request is
    /// answered.
    closing: watch::Sender<bool>,
    in_flight: AtomicUsize,
    open: AtomicUsize,
    epoch: Instant,
}

impl Server {
    pub fn new(limits: Limits, handler: Handler, notes: Notes) -> Arc<Server> {
        let mut builder = http1::Builder::new();
        builder
            // The head's limit, counted as hyper reads it: a head that grows past it while it
            // arrives is refused at once (431), not read on. The read buffer stays at least at
            // hyper's default (408 KiB), so a large body is read in few calls, and holds a whole
            // head of the largest size allowed.
            .max_header_size(limits.max_head)
            .max_buf_size((limits.max_head + 8192).max(HYPER_READ_BUFFER))
            .max_headers(limits.max_headers)
            // Deadlines are kept here, per phase (hyper's one header timeout cannot answer 408).
            .header_read_timeout(None)
            // A sender that shuts down its side after the request still gets the answer.
            .half_close(true);
        Arc::new(Server {
            permits: Arc::new(Semaphore::new(limits.max_connections)),
            limits,
            builder,
            handler,
            notes,
            registry: Mutex::new(Registry {
                conns: Vec::new(),
                free: Vec::new(),
            }),
            closing: watch::channel(false).0,
            in_flight: AtomicUsize::new(0),
            open: AtomicUsize::new(0),
            epoch: Instant::now(),
        })
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// Requests now with the handler.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Connections open.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Stops taking connections; each open one closes once its request in hand is answered.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Takes connections until [`Server::close`].
    pub async fn run(self: Arc<Self>, listener: TcpListener) {
        let mut closing = self.closing.subscribe();
        let mut last_told: Option<Instant> = None;
        let mut closed_since_told = 0;
        loop {
            let accepted = tokio::select! {
                r = listener.accept() => r,
                _ = closing.wait_for(|c| *c) => break,
            };
            match accepted {
                Ok((stream, remote)) => {
                    let permit = match Arc::clone(&self.permits).try_acquire_owned() {
                        Ok(p) => p,
                        Err(_) => {
                            // Full: make room by closing the connection that has waited longest
                            // for a request (or for its body to arrive); with none to close, this
                            // one waits its turn, and room is looked for again as connections
                            // change phase.
                            let permit = loop {
                                self.evict_one();
                                tokio::select! {
                                    p = Arc::clone(&self.permits).acquire_owned() => break p.ok(),
                                    _ = tokio::time::sleep(Duration::from_millis(50)) => {}
                                    _ = closing.wait_for(|c| *c) => break None,
                                }
                            };
                            match permit {
                                Some(p) => p,
                                None => break,
                            }
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let server = Arc::clone(&self);
                    tokio::spawn(async move {
                        server.serve(stream, remote).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    let out_of_fds = matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE));
                    if out_of_fds {
                        closed_since_told += usize::from(self.evict_one());
                    }
                    if last_told.map_or(true, |t| t.elapsed() >= Duration::from_secs(1)) {
                        last_told = Some(Instant::now());
                        (self.notes)(Note::AcceptFailed {
                            error: e.to_string(),
                            closed: std::mem::take(&mut closed_since_told),
                        });
                    }
                    // Give the closed connections a moment to let go of their descriptors.
                    let pause = if out_of_fds { 5 } else { 1 };
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
            }
        }
    }

    /// Closes the open connection that has waited longest for a request, or else the one
    /// whose body has been arriving longest; never one with a delivery in hand. True if there
    /// was one. (The connection itself checks its phase again before it closes.)
    fn evict_one(&self) -> bool {
        let reg = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        let victim = reg
            .conns
            .iter()
            .flatten()
            .filter(|c| !c.evicted.load(Ordering::SeqCst))
            .filter_map(|c| match c.phase.load(Ordering::SeqCst) {
                BUSY => None,
                BODY => Some((1, c.since.load(Ordering::SeqCst), c)),
                _ => Some((0, c.since.load(Ordering::SeqCst), c)),
            })
            .min_by_key(|(rank, since, _)| (*rank, *since))
            .map(|(_, _, c)| c);
        match victim {
            Some(c) => {
                c.evicted.store(true, Ordering::SeqCst);
                c.wake.notify_one();
                true
            }
            None => false,
        }
    }

    fn register(&self, conn: &Arc<Conn>) -> usize {
        let mut reg = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        match reg.free.pop() {
            Some(i) => {
                reg.conns[i] = Some(Arc::clone(conn));
                i
            }
            None => {
                reg.conns.push(Some(Arc::clone(conn)));
                reg.conns.len() - 1
            }
        }
    }

    fn unregister(&self, slot: usize) {
        let mut reg = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        reg.conns[slot] = None;
        reg.free.push(slot);
    }

    /// When the connection's current phase runs out, in ms since the epoch.
    fn deadline(&self, conn: &Conn) -> Option<u64> {
        let since = conn.since.load(Ordering::SeqCst);
        let ms = |d: Duration| d.as_millis() as u64;
        match conn.phase.load(Ordering::SeqCst) {
            FRESH | HEAD => Some(since + ms(self.limits.header_timeout)),
            IDLE => Some(since + ms(self.limits.idle_timeout)),
            _ => None,
        }
    }

    async fn serve(self: Arc<Self>, stream: TcpStream, remote: SocketAddr) {
        self.open.fetch_add(1, Ordering::SeqCst);
        let conn = Arc::new(Conn {
            phase: AtomicU8::new(FRESH),
            since: AtomicU64::new(self.now_ms()),
            wake: Notify::new(),
            evicted: AtomicBool::new(false),
            head: Mutex::new(Vec::new()),
        });
        let slot = self.register(&conn);
        let io = TokioIo::new(Watched {
            stream,
            conn: Arc::clone(&conn),
            server: Arc::clone(&self),
        });
        let service = {
            let server = Arc::clone(&self);
            let conn = Arc::clone(&conn);
            hyper::service::service_fn(move |req: Request<Incoming>| {
                let server = Arc::clone(&server);
                let conn = Arc::clone(&conn);
                async move {
                    let raw_head = {
                        let mut head = conn.head.lock().unwrap_or_else(|e| e.into_inner());
                        conn.since.store(server.now_ms(), Ordering::SeqCst);
                        conn.phase.store(BODY, Ordering::SeqCst);
                        std::mem::take(&mut *head)
                    };
                    server.in_flight.fetch_add(1, Ordering::SeqCst);
                    // Counted out and set idle even if the handler panics.
                    struct Done<'a>(&'a Server, &'a Conn);
                    impl Drop for Done<'_> {
                        fn drop(&mut self) {
                            self.1.since.store(self.0.now_ms(), Ordering::SeqCst);
                            self.1.phase.store(IDLE, Ordering::SeqCst);
                            // The idle deadline is new: the connection's timer must see it.
                            self.1.wake.notify_one();
                            self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
                        }
                    }
                    let _done = Done(&server, &conn);
                    let peer = Peer {
                        remote,
                        raw_head,
                        conn: Arc::clone(&conn),
                    };
                    let reply = (server.handler)(req, peer).await;
                    Ok::<_, Infallible>(reply)
                }
            })
        };
        let mut http = self.builder.serve_connection(io, service);
        let mut closing = self.closing.subscribe();
        let mut shutting = false;
        enum Event {
            Done(hyper::Result<()>),
            Check,
            Close,
        }
        loop {
            let deadline = self.deadline(&conn).map(|ms| {
                let at = self.epoch + Duration::from_millis(ms);
                tokio::time::Instant::from_std(at)
            });
            let event = tokio::select! {
                r = &mut http => Event::Done(r),
                _ = conn.wake.notified() => Event::Check,
                _ = sleep_until(deadline) => Event::Check,
                _ = closing.wait_for(|c| *c), if !shutting => Event::Close,
            };
            match event {
                Event::Done(Ok(())) => break,
                Event::Done(Err(e)) => {
                    if e.is_parse() || e.is_parse_too_large() {
                        // The status hyper answered with (see its automatic answers).
                        let status = if !e.is_parse_too_large() {
                            400
                        } else if e.to_string().contains("URI") {
                            414
                        } else {
                            431
                        };
                        (self.notes)(Note::Malformed {
                            remote,
                            status,
                            why: e.to_string(),
                        });
                    }
                    break;
                }
                Event::Close => {
                    // Nothing in hand: close now. A request in hand is answered first.
                    if matches!(conn.phase.load(Ordering::SeqCst), FRESH | HEAD | IDLE) {
                        break;
                    }
                    shutting = true;
                    Pin::new(&mut http).graceful_shutdown();
                }
                Event::Check => {
                    if conn.evicted.load(Ordering::SeqCst) {
                        // Chosen to make room, but a delivery began meanwhile: it is finished.
                        if conn.phase.load(Ordering::SeqCst) == BUSY {
                            conn.evicted.store(false, Ordering::SeqCst);
                            continue;
                        }
                        break;
                    }
                    let Some(due) = self.deadline(&conn) else {
                        continue;
                    };
                    if self.now_ms() < due {
                        continue;
                    }
                    if conn.phase.load(Ordering::SeqCst) == IDLE {
                        break;
                    }
                    // A head that did not arrive in time: say so, then close.
                    let mut io = http.into_parts().io.into_inner();
                    let _ = tokio::time::timeout(
                        Duration::from_secs(1),
                        io.stream.write_all(timeout_answer().as_bytes()),
                    )
                    .await;
                    let _ = io.stream.shutdown().await;
                    (self.notes)(Note::HeadTimeout { remote });
                    break;
                }
            }
        }
        self.unregister(slot);
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The 408 for a head that did not arrive in time, written on the socket itself (no request
/// was parsed for hyper to answer).
fn timeout_answer() -> String {
    let body = r#"{"ok":false,"reason":"the request head did not arrive in time; send it again"}"#;
    format!(
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The connection's socket, watched: the first byte of a head starts its deadline, and the
/// head's bytes are kept for [`Peer::raw_head`].
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
    server: Arc<Server>,
}

impl Watched {
    fn arrived(&self, bytes: &[u8]) {
        let conn = &self.conn;
        let phase = conn.phase.load(Ordering::SeqCst);
        if matches!(phase, BODY | BUSY) {
            return;
        }
        {
            let mut head = conn.head.lock().unwrap_or_else(|e| e.into_inner());
            let room = (self.server.limits.max_head + 4).saturating_sub(head.len());
            head.extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
        match phase {
            FRESH => conn.phase.store(HEAD, Ordering::SeqCst),
            IDLE => {
                conn.since.store(self.server.now_ms(), Ordering::SeqCst);
                conn.phase.store(HEAD, Ordering::SeqCst);
                conn.wake.notify_one();
            }
            _ => {}
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut this.stream).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = r {
            let new = &buf.filled()[before..];
            if !new.is_empty() {
                this.arrived(new);
            }
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Raises the soft open-files limit to the hard one; returns the soft limit now in force.
pub fn raise_fd_limit() -> Option<u64> {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let wanted = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        Some(lim.rlim_cur)
    }
}
