//! Where `listen` writes per-delivery text: for each of standard output and standard error, a
//! thread fed by a bounded queue, so a terminal paused with Ctrl-S, or a pipe nobody reads,
//! never delays an answer (nor holds up the other stream). A delivery is stored and answered
//! whatever the output does; what does not fit in the queue is dropped and counted, and the
//! count is said once the output moves again.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Where a message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// How much text may wait for a slow reader before deliveries' blocks are dropped: a human
/// screen is far behind long before this; JSON lines feed programs, which catch up.
pub const HUMAN_QUEUE: usize = 4 << 20;
pub const JSON_QUEUE: usize = 64 << 20;

/// What a message is, for a full queue: a delivery's is dropped and counted, a note dropped,
/// and held text (a question) or the summary never dropped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Delivery,
    Note,
    Always,
}

struct Message {
    text: String,
    /// Written only while this hold is the current one (a question and its delivery).
    hold: Option<u64>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Message>,
    bytes: usize,
    /// Deliveries (human) or lines (JSON) dropped since the last notice.
    dropped: u64,
    /// The hold whose messages alone are written now.
    hold: Option<u64>,
    next_hold: u64,
    /// The printer thread is writing a batch it took off the queue.
    writing: bool,
}

struct Shared {
    /// Where this printer writes.
    stream: Stream,
    state: Mutex<State>,
    /// The queue has something for the printer thread.
    ready: Condvar,
    /// The queue was emptied, or a hold ended.
    settled: Condvar,
    limit: usize,
    json: bool,
    /// Said after the count of dropped output: whether those deliveries are in the store.
    stored: bool,
}

/// A handle on the printer; cheap to clone.
#[derive(Clone)]
pub struct Printer(Arc<Shared>);

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Printer {
    /// Starts the printer thread for `stream`. `json`: it carries JSON lines, so the notice of
    /// dropped lines goes to standard error. `stored`: deliveries are stored (the notice says
    /// they are safe).
    pub fn start(stream: Stream, json: bool, stored: bool, limit: usize) -> Printer {
        let shared = Arc::new(Shared {
            stream,
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            settled: Condvar::new(),
            limit,
            json,
            stored,
        });
        let worker = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("hookscope-printer".into())
            .spawn(move || worker.run())
            .expect("could not start the printer thread");
        Printer(shared)
    }

    /// Queues one delivery's text (a block, or a JSON line), or drops and counts it when the
    /// reader is too far behind.
    pub fn delivery(&self, text: String) {
        self.push(text, None, Kind::Delivery);
    }

    /// Queues a message that is not one delivery's (a warning, a refusal line); dropped
    /// silently when the queue is full.
    pub fn note(&self, text: String) {
        self.push(text, None, Kind::Note);
    }

    /// Queues a message that is never dropped (the summary at the end).
    pub fn always(&self, text: String) {
        self.push(text, None, Kind::Always);
    }

    fn push(&self, text: String, hold: Option<u64>, kind: Kind) {
        if text.is_empty() {
            return;
        }
        let shared = &self.0;
        let mut st = lock(&shared.state);
        if kind != Kind::Always && st.bytes + text.len() > shared.limit {
            if kind == Kind::Delivery {
                st.dropped += 1;
            }
            return;
        }
        st.bytes += text.len();
        st.queue.push_back(Message { text, hold });
        drop(st);
        shared.ready.notify_one();
    }

    /// Takes the output for one delivery that puts a question: until the hold ends, only what
    /// is written through it is printed (other deliveries' blocks wait in the queue), so the
    /// question and its answer stay together. Waits for any other hold to end first.
    pub fn hold(&self) -> Hold {
        let shared = &self.0;
        let mut st = lock(&shared.state);
        while st.hold.is_some() {
            st = shared.settled.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.next_hold += 1;
        let id = st.next_hold;
        st.hold = Some(id);
        Hold {
            printer: self.clone(),
            id,
            buffer: String::new(),
        }
    }

    /// Waits until everything queued has been written, or `patience` has passed (a reader that
    /// never reads is not waited for). True when it was all written.
    pub fn flush(&self, patience: Duration) -> bool {
        let shared = &self.0;
        let until = Instant::now() + patience;
        let mut st = lock(&shared.state);
        loop {
            if st.queue.is_empty() && !st.writing {
                return true;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            st = shared
                .settled
                .wait_timeout(st, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

impl Shared {
    fn run(&self) {
        let mut st = lock(&self.state);
        loop {
            // What may be written now: everything in order, or only the current hold's.
            let batch: Vec<Message> = match st.hold {
                None => st.queue.drain(..).collect(),
                Some(h) => {
                    let (mine, rest): (VecDeque<_>, VecDeque<_>) =
                        st.queue.drain(..).partition(|m| m.hold == Some(h));
                    st.queue = rest;
                    mine.into()
                }
            };
            if batch.is_empty() {
                let dropped = std::mem::take(&mut st.dropped);
                if dropped > 0 && st.queue.is_empty() && st.hold.is_none() {
                    st.writing = true;
                    drop(st);
                    self.tell_dropped(dropped);
                    st = lock(&self.state);
                    st.writing = false;
                    continue;
                }
                st.dropped += dropped;
                self.settled.notify_all();
                st = self.ready.wait(st).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            st.bytes -= batch.iter().map(|m| m.text.len()).sum::<usize>();
            st.writing = true;
            drop(st);
            let text: String = batch.iter().map(|m| m.text.as_str()).collect();
            write_to(self.stream, text.as_bytes());
            st = lock(&self.state);
            st.writing = false;
        }
    }

    fn tell_dropped(&self, n: u64) {
        let safe = if self.stored {
            "all are stored"
        } else {
            "they were answered but not stored (--no-store)"
        };
        if self.json {
            let text = format!(
                "hookscope: {n} JSON line{} not written (standard output was not being read); {safe}\n",
                if n == 1 { "" } else { "s" }
            );
            write_to(Stream::Err, text.as_bytes());
        } else {
            let text = format!(
                "{n} deliver{} not shown (the output was not being read); {safe}\n\n",
                if n == 1 { "y" } else { "ies" }
            );
            write_to(Stream::Out, text.as_bytes());
        }
    }
}

/// Writes and flushes, ignoring a reader that went away: deliveries are still answered and
/// stored.
fn write_to(stream: Stream, bytes: &[u8]) {
    let _ = match stream {
        Stream::Out => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|_| out.flush())
        }
        Stream::Err => {
            let mut err = std::io::stderr().lock();
            err.write_all(bytes).and_then(|_| err.flush())
        }
    };
}

/// The output held for one delivery with a question (see [`Printer::hold`]). Text written to
/// it goes out at each flush, in order; the hold ends when it is dropped.
pub struct Hold {
    printer: Printer,
    id: u64,
    buffer: String,
}

impl Hold {
    fn send(&mut self) {
        let text = std::mem::take(&mut self.buffer);
        self.printer.push(text, Some(self.id), Kind::Always);
    }
}

impl Write for Hold {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.push_str(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send();
        Ok(())
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.send();
        let shared = &self.printer.0;
        let mut st = lock(&shared.state);
        // What it wrote may still be queued: release it in place, in order.
        for m in st.queue.iter_mut().filter(|m| m.hold == Some(self.id)) {
            m.hold = None;
        }
        st.hold = None;
        drop(st);
        shared.ready.notify_one();
        shared.settled.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_drops_and_counts_instead_of_waiting() {
        let p = Printer(Arc::new(Shared {
            stream: Stream::Out,
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            settled: Condvar::new(),
            limit: 10,
            json: false,
            stored: true,
        }));
        // No printer thread: nothing is written, so the queue fills.
        p.delivery("12345".into());
        p.delivery("67890".into());
        p.delivery("x".into());
        p.note("y".into());
        let st = lock(&p.0.state);
        assert_eq!(st.queue.len(), 2);
        assert_eq!(st.bytes, 10);
        assert_eq!(st.dropped, 1, "the note is not a delivery");
    }

    #[test]
    fn a_hold_keeps_other_blocks_back_until_it_ends() {
        let p = Printer(Arc::new(Shared {
            stream: Stream::Out,
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            settled: Condvar::new(),
            limit: 1 << 20,
            json: false,
            stored: true,
        }));
        let mut h = p.hold();
        p.delivery("other\n".into());
        writeln!(h, "question").unwrap();
        h.flush().unwrap();
        {
            let st = lock(&p.0.state);
            let held: Vec<_> = st.queue.iter().map(|m| (m.hold, m.text.as_str())).collect();
            assert_eq!(held, vec![(None, "other\n"), (Some(1), "question\n")]);
            assert_eq!(st.hold, Some(1));
        }
        drop(h);
        let st = lock(&p.0.state);
        assert!(st.hold.is_none());
        assert!(st.queue.iter().all(|m| m.hold.is_none()));
    }
}
