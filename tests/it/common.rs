//! What every integration test module needs.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

/// The repository's root, where `fixtures/` and `examples/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .current_dir(root())
        .env_clear()
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
