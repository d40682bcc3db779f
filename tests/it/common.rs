//! What every integration test module needs: one way to run the binary, the guard for a
//! running `listen`, and one HTTP server to stand in for a receiver or an app.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Output, Stdio};

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

/// A `hookscope listen` started on a free port, its environment cleared and its standard
/// output not read past the first line (the test reads `out` if it wants). Killed when
/// dropped, so a failing test leaves no listener behind.
pub struct Spawned {
    pub child: Child,
    pub out: BufReader<ChildStdout>,
    pub port: u16,
}

pub fn spawn_listen(args: &[&str]) -> Spawned {
    let mut child = hookscope()
        .args(["listen", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let port = first.trim().rsplit(':').next().unwrap().parse().unwrap();
    Spawned { child, out, port }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
