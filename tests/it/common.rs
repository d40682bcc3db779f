//! What every integration test module needs: one way to run the binary, the guard for a
//! running `listen`, and one HTTP server to stand in for a receiver or an app.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The repository's root, where `fixtures/` and `examples/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---- running the binary ----------------------------------------------------------------------

/// The binary as every test runs it: the environment cleared (nothing of the developer's shell
/// or of CI reaches it unless a test sets it), in the repository's root, standard input empty.
/// Every way a test starts hookscope begins here.
pub fn hookscope() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hookscope"));
    cmd.current_dir(root()).env_clear().stdin(Stdio::null());
    cmd
}

/// Runs `hookscope ARGS` to the end.
pub fn run(args: &[&str]) -> Output {
    hookscope().args(args).output().unwrap()
}

/// Standard output, then standard error, as text (for messages and `contains`).
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

// ---- a running listen ------------------------------------------------------------------------

/// How long a test waits for something it expects (a line, an exit, a request) before it fails.
/// Generous, as it is only reached when the thing never comes.
pub const WAIT: Duration = Duration::from_secs(20);

/// A `hookscope listen` on a free port (`--port 0`, the port read back from its first line),
/// killed when dropped, so a failing test leaves no listener behind. Its output is read line by
/// line for [`Listening::wait_for`], or, from [`Listening::start_unread`], left unread.
pub struct Listening {
    pub child: Child,
    pub port: u16,
    /// The lines read so far, standard output and standard error together.
    pub seen: Vec<String>,
    pub stdin: Option<ChildStdin>,
    output: Shown,
}

enum Shown {
    /// Both streams, line by line, from a thread each.
    Read(Receiver<String>),
    /// Standard output past its first line; standard error is `child.stderr`.
    Unread(Option<BufReader<ChildStdout>>),
}

impl Listening {
    /// `hookscope listen --port 0 ARGS`.
    pub fn start(args: &[&str]) -> Listening {
        Listening::spawn(Listening::command(args, &[]))
    }

    /// The same, with these environment variables set.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> Listening {
        Listening::spawn(Listening::command(args, env))
    }

    /// The same, its output never read: the pipes fill up as they would for a user's
    /// `hookscope listen | something-stuck`.
    pub fn start_unread(args: &[&str]) -> Listening {
        Listening::launch(Listening::command(args, &[]), false)
    }

    /// The command [`Listening::start_env`] runs, for a test that changes more before
    /// starting it with [`Listening::spawn`].
    pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = hookscope();
        cmd.envs(env.iter().copied())
            .args(["listen", "--port", "0"])
            .args(args);
        cmd
    }

    /// Starts `cmd` (made by [`Listening::command`]) and reads its output.
    pub fn spawn(cmd: Command) -> Listening {
        Listening::launch(cmd, true)
    }

    fn launch(mut cmd: Command, read: bool) -> Listening {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        if !read {
            let mut out = BufReader::new(child.stdout.take().unwrap());
            let mut first = String::new();
            out.read_line(&mut first).unwrap();
            let port = port_of(&first);
            return Listening {
                child,
                port,
                seen: vec![first.trim_end().to_string()],
                stdin,
                output: Shown::Unread(Some(out)),
            };
        }
        let (tx, lines) = std::sync::mpsc::channel();
        send_lines(child.stdout.take().unwrap(), tx.clone());
        send_lines(child.stderr.take().unwrap(), tx);
        let mut l = Listening {
            child,
            port: 0,
            seen: Vec::new(),
            stdin,
            output: Shown::Read(lines),
        };
        let first = l.wait_for("listening on http://");
        l.port = port_of(&first);
        l
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for a line containing `needle` (lines already seen count too); returns it.
    pub fn wait_for(&mut self, needle: &str) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        let Shown::Read(lines) = &self.output else {
            panic!("the output of this listener is left unread");
        };
        let deadline = Instant::now() + WAIT;
        loop {
            match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no line with {needle:?} in time; saw:\n{}",
                    self.seen.join("\n")
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "listener ended before {needle:?}; saw:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Waits for the process to end (it was told to, or reached `--max-requests`); its exit
    /// code. Reads nothing meanwhile.
    pub fn exit_code(&mut self) -> Option<i32> {
        exit_within(&mut self.child, WAIT)
    }

    /// Everything printed until the process ends, and its exit code.
    pub fn finish(mut self) -> (Option<i32>, String) {
        let code = self.exit_code();
        // Both pipes close with the process: every line is in the channel by then.
        if let Shown::Read(lines) = &self.output {
            let deadline = Instant::now() + WAIT;
            while let Ok(line) =
                lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                self.seen.push(line);
            }
        }
        (code, self.seen.join("\n"))
    }

    /// For a listener started with [`Listening::start_unread`]: what is left of standard
    /// output, and all of standard error, each read to its end (the process's end).
    pub fn read_unread(&mut self) -> (String, String) {
        let Shown::Unread(out) = &mut self.output else {
            panic!("this listener's output is already being read");
        };
        // Both at once: one stream left full could keep the other from ending.
        let out = read_to_end(out.take().expect("read once"));
        let err = read_to_end(self.child.stderr.take().unwrap());
        let within = |r: Receiver<String>| {
            r.recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("the output did not end within {WAIT:?}"))
        };
        (within(out), within(err))
    }

    /// Sends SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn stdin(&mut self, text: &str) {
        let s = self.stdin.as_mut().unwrap();
        s.write_all(text.as_bytes()).unwrap();
        s.flush().unwrap();
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in `listening on http://127.0.0.1:PORT`.
fn port_of(line: &str) -> u16 {
    line.trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
}

/// Waits for `child` to exit, for at most `within` (then kills it and fails); its exit code.
pub fn exit_within(child: &mut Child, within: Duration) -> Option<i32> {
    let pid = child.id().to_string();
    let (tx, exited) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(|| {
            let _ = tx.send(child.wait());
        });
        match exited.recv_timeout(within) {
            Ok(status) => status.unwrap().code(),
            Err(_) => {
                // The waiting thread still holds the child: stop it by its id.
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                panic!("the process did not exit within {within:?}");
            }
        }
    })
}

/// The lines of `r`, read on a thread as they come; the channel closes at the end of `r`.
pub fn lines_of(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, lines) = std::sync::mpsc::channel();
    send_lines(r, tx);
    lines
}

fn send_lines(r: impl Read + Send + 'static, tx: Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
}

/// Reads `r` to its end on a thread; the text comes on the channel.
fn read_to_end(mut r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, read) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = r.read_to_end(&mut text);
        let _ = tx.send(String::from_utf8_lossy(&text).into_owned());
    });
    read
}

// ---- the test server ---------------------------------------------------------------------------

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
