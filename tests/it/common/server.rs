//! The one HTTP server of the integration tests: see [`TestServer`].

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use super::WAIT;

/// An HTTP/1.1 server on 127.0.0.1:0 that stands in for a receiver (of `replay`) or an app (of
/// `listen --forward-to`): it records every request before it answers it, answers from a
/// script, and can hold an answer back until the test opens a [`Gate`]. Written on std's
/// sockets rather than an HTTP library, so it keeps a head's bytes as they came and can break
/// an answer off. Stopped when dropped: its threads are joined, any gate left shut is opened.
pub struct TestServer {
    pub port: u16,
    shared: Arc<Shared>,
    accepting: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    arrived: Condvar,
    stopping: AtomicBool,
    /// Every gate an answer waits on, to open when the server stops.
    gates: Vec<Gate>,
}

struct State {
    script: VecDeque<Answer>,
    then: Answer,
    got: Vec<Got>,
    connections: Vec<(TcpStream, JoinHandle<()>)>,
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Got {
    pub method: String,
    /// The request target: path and query.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The request line and headers, as their bytes came.
    pub head: Vec<u8>,
}

impl Got {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer of the server's.
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    cut_short: bool,
    after: Option<Gate>,
}

impl Answer {
    /// `status` with a JSON body naming it: `{"status":503}`.
    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: format!("{{\"status\":{status}}}").into_bytes(),
            cut_short: false,
            after: None,
        }
    }

    /// This JSON body instead.
    pub fn json(self, body: &str) -> Answer {
        Answer {
            body: body.as_bytes().to_vec(),
            ..self
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Promises a 100-byte body, sends 10 bytes of it and hangs up.
    pub fn cut_short(self) -> Answer {
        Answer {
            cut_short: true,
            ..self
        }
    }

    /// Not sent until `gate` opens (the request is recorded at once).
    pub fn after(self, gate: &Gate) -> Answer {
        Answer {
            after: Some(gate.clone()),
            ..self
        }
    }

    fn write_to(&self, mut s: &TcpStream) -> std::io::Result<()> {
        let reason = hyper::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Other");
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (n, v) in &self.headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if self.cut_short {
            head.push_str("Content-Length: 100\r\n\r\n0123456789");
            s.write_all(head.as_bytes())?;
            return s.shutdown(Shutdown::Both);
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        s.write_all(&[head.as_bytes(), &self.body].concat())
    }
}

/// Holds back the answers made to wait on it until [`Gate::open`].
#[derive(Debug, Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    pub fn new() -> Gate {
        Gate::default()
    }

    pub fn open(&self) {
        *self.0 .0.lock().unwrap() = true;
        self.0 .1.notify_all();
    }

    fn wait(&self) {
        let mut open = self.0 .0.lock().unwrap();
        while !*open {
            open = self.0 .1.wait(open).unwrap();
        }
    }
}

impl TestServer {
    /// Answers 200 to everything.
    pub fn ok() -> TestServer {
        TestServer::start(vec![], Answer::status(200))
    }

    /// Answers `answer` to everything.
    pub fn answering(answer: Answer) -> TestServer {
        TestServer::start(vec![], answer)
    }

    /// Answers with `script` in turn, then 200 to everything after.
    pub fn scripted(script: Vec<Answer>) -> TestServer {
        TestServer::start(script, Answer::status(200))
    }

    /// Answers with `script` in turn, then `then` to everything after.
    pub fn start(script: Vec<Answer>, then: Answer) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let gates = script
            .iter()
            .chain([&then])
            .filter_map(|a| a.after.clone())
            .collect();
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                script: script.into(),
                then,
                got: Vec::new(),
                connections: Vec::new(),
            }),
            arrived: Condvar::new(),
            stopping: AtomicBool::new(false),
            gates,
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if shared.stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let Ok(handle) = stream.try_clone() else {
                        continue;
                    };
                    let serving = {
                        let shared = Arc::clone(&shared);
                        std::thread::spawn(move || {
                            let _ = serve(&stream, &shared);
                        })
                    };
                    lock(&shared.state).connections.push((handle, serving));
                }
            })
        };
        TestServer {
            port,
            shared,
            accepting: Some(accepting),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request recorded so far, in the order they came. Read after the sender has
    /// finished (a `replay` that has exited, a `listen` that has passed the app's answer on), it
    /// is every request the sender made: each is recorded before it is answered.
    pub fn requests(&self) -> Vec<Got> {
        lock(&self.shared.state).got.clone()
    }

    pub fn count(&self) -> usize {
        lock(&self.shared.state).got.len()
    }

    /// Waits until `n` requests have come (for at most [`WAIT`]); every request so far.
    pub fn wait_for(&self, n: usize) -> Vec<Got> {
        let deadline = Instant::now() + WAIT;
        let mut state = lock(&self.shared.state);
        while state.got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{} of {n} requests came in time",
                state.got.len()
            );
            state = self.shared.arrived.wait_timeout(state, left).unwrap().0;
        }
        state.got.clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        for gate in &self.shared.gates {
            gate.open();
        }
        // Wake the accept loop, which then sees it is stopping.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
        let connections = std::mem::take(&mut lock(&self.shared.state).connections);
        for (stream, serving) in connections {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = serving.join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Serves one connection: request after request (keep-alive) until the client closes it.
fn serve(stream: &TcpStream, shared: &Shared) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut head = Vec::new();
        loop {
            let mut line = Vec::new();
            if reader.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            let end = line == b"\r\n" || line == b"\n";
            head.extend_from_slice(&line);
            if end {
                break;
            }
        }
        let text = String::from_utf8_lossy(&head).into_owned();
        let mut lines = text.lines();
        let mut request_line = lines.next().unwrap_or("").split(' ');
        let method = request_line.next().unwrap_or("").to_string();
        let url = request_line.next().unwrap_or("").to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.to_string(), v.trim().to_string()))
            .collect();
        let find = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        if find("transfer-encoding").is_some() {
            // Not needed by any test yet: said plainly rather than misread.
            let refusal = Answer::status(501).json(r#"{"error":"no chunked bodies here"}"#);
            refusal.write_to(stream)?;
            return stream.shutdown(Shutdown::Both);
        }
        let length = find("content-length").map_or(0, |v| v.parse().unwrap_or(0));
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let close = find("connection").is_some_and(|v| v == "close");
        let answer = {
            let mut state = lock(&shared.state);
            let answer = state
                .script
                .pop_front()
                .unwrap_or_else(|| state.then.clone());
            state.got.push(Got {
                method,
                url,
                headers,
                body,
                head,
            });
            shared.arrived.notify_all();
            answer
        };
        if let Some(gate) = &answer.after {
            gate.wait();
        }
        answer.write_to(stream)?;
        if answer.cut_short || close {
            return Ok(());
        }
    }
}
