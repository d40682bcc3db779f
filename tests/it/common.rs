//! What every integration test module needs: one way to run the binary, the guard for a
//! running `listen`, and one HTTP server to stand in for a receiver or an app (in
//! `common/server.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

mod server;

pub use server::{Answer, Gate, TestServer};

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
        // `listening on http://…`, or with --format json `{"listening":"http://…",…}`.
        let first = l.wait_for("listening");
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

/// The port in `listening on http://127.0.0.1:PORT` (or the JSON line that says it).
fn port_of(line: &str) -> u16 {
    let after = line
        .split_once("http://")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let host_port: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    host_port
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

/// An HTTP answer as a test reads it.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request with hookscope's own HTTP client; the answer, whatever its status.
pub fn send(url: &str, method: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let agent = hookscope::client::agent(Duration::from_secs(20));
    let owned: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let req = hookscope::client::request(method, url, &owned, body.to_vec()).unwrap();
    let mut resp = agent.run(req).unwrap();
    let content_type = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = resp.body_mut().read_to_string().unwrap();
    Reply {
        status: resp.status().as_u16(),
        content_type,
        headers,
        body,
    }
}
