//! Sending deliveries for `replay`: one shared HTTP client, a rate limit, retries with
//! exponential backoff and jitter, and results handed back in the order they were given.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::client;

/// What counts as delivered: an exact status or a class (`2xx`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Status(u16),
    Class(u16),
}

impl Expect {
    pub fn matches(self, status: u16) -> bool {
        match self {
            Expect::Status(s) => s == status,
            Expect::Class(c) => status / 100 == c,
        }
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::Status(s) => write!(f, "{s}"),
            Expect::Class(c) => write!(f, "{c}xx"),
        }
    }
}

/// One request to make.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The capture id (or a label for a hand-made delivery).
    pub id: String,
    /// Where it came from: a file path, or the store.
    pub source: String,
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Headers whose captured bytes are not their text (see [`crate::capture::Capture::exact_values`]).
    pub exact: Vec<((String, String), Vec<u8>)>,
    pub body: Vec<u8>,
}

/// What came back.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: Option<u16>,
    pub content_type: Option<String>,
    /// The answer's headers as they came (a value that is not UTF-8 decoded with U+FFFD).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Why there is no status: the last connection or timeout error.
    pub error: Option<String>,
    pub attempts: u32,
    /// From the first attempt to the last answer, retries and waits included.
    pub elapsed: Duration,
}

impl Reply {
    pub fn delivered(&self, expect: Option<Expect>) -> bool {
        match (self.status, expect) {
            (Some(s), Some(e)) => e.matches(s),
            (Some(s), None) => (200..300).contains(&s),
            (None, _) => false,
        }
    }
}

/// The clock the sender keeps its pace by: what time it is, and waiting. The system's clock in
/// use; in tests one that records each wait asked for, so the rate limit and the backoff are
/// checked by the waits themselves, exactly, and no test measures how long it took.
pub trait Pace: Send + Sync {
    fn now(&self) -> Instant;
    fn sleep(&self, d: Duration);
}

/// The system's clock: `Instant::now` and `thread::sleep`.
pub struct SystemPace;

impl Pace for SystemPace {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// Spaces requests evenly at `per_second`, across all threads.
struct RateLimit {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimit {
    fn wait(&self, pace: &dyn Pace) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = pace.now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        let now = pace.now();
        if slot > now {
            pace.sleep(slot - now);
        }
    }
}

pub struct Sender {
    agent: ureq::Agent,
    retries: u32,
    expect: Option<Expect>,
    rate: Option<RateLimit>,
    pace: Box<dyn Pace>,
    /// The largest response body kept.
    limit: u64,
}

/// How long each step of an attempt may take, unless told otherwise (`replay --timeout`'s
/// default; the inspector's sends take it as it is).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest wait between two attempts, whatever Retry-After says.
const MAX_WAIT: Duration = Duration::from_secs(60);

impl Sender {
    pub fn new(
        timeout: Duration,
        retries: u32,
        expect: Option<Expect>,
        rate: Option<f64>,
    ) -> Sender {
        Sender {
            agent: client::agent(timeout),
            retries,
            expect,
            rate: rate.map(|r| RateLimit {
                interval: Duration::from_secs_f64(1.0 / r),
                next: Mutex::new(None),
            }),
            pace: Box::new(SystemPace),
            limit: 10 << 20,
        }
    }

    /// The same sender on another clock (a test's).
    #[cfg(test)]
    fn with_pace(self, pace: impl Pace + 'static) -> Sender {
        Sender {
            pace: Box::new(pace),
            ..self
        }
    }

    fn retryable(&self, status: u16) -> bool {
        (status >= 500 || status == 429) && !self.expect.is_some_and(|e| e.matches(status))
    }

    /// Sends one delivery, retrying what may succeed later.
    pub fn send(&self, o: &Outgoing) -> Reply {
        let start = self.pace.now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some(rate) = &self.rate {
                rate.wait(&*self.pace);
            }
            let (reply, retry_after, may_retry) = self.attempt(o);
            let again = may_retry
                && match reply.status {
                    Some(s) => self.retryable(s),
                    None => true,
                };
            if !again || attempt > self.retries {
                return Reply {
                    attempts: attempt,
                    elapsed: self.pace.now().duration_since(start),
                    ..reply
                };
            }
            self.pace.sleep(backoff(attempt, retry_after));
        }
    }

    /// One try: the reply, the receiver's Retry-After, and whether trying again is allowed.
    fn attempt(&self, o: &Outgoing) -> (Reply, Option<Duration>, bool) {
        let failed = |error: String| Reply {
            status: None,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            error: Some(error),
            attempts: 0,
            elapsed: Duration::ZERO,
        };
        let req =
            match client::request_exact(&o.method, &o.url, &o.headers, &o.exact, o.body.as_slice())
            {
                Ok(r) => r,
                Err(e) => return (failed(e), None, false),
            };
        let mut resp = match self.agent.run(req) {
            Ok(r) => r,
            Err(e) => return (failed(client::classify(&e, &o.url).message), None, true),
        };
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_string(), text)
            })
            .collect();
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s).min(MAX_WAIT));
        let status = resp.status().as_u16();
        // A connection that drops in the middle of the answer is a failed attempt, not a
        // delivery: the receiver may not have finished with it.
        match resp
            .body_mut()
            .with_config()
            .limit(self.limit)
            .read_to_vec()
        {
            Ok(body) => (
                Reply {
                    status: Some(status),
                    content_type,
                    headers,
                    body,
                    error: None,
                    attempts: 0,
                    elapsed: Duration::ZERO,
                },
                retry_after,
                true,
            ),
            // After a 2xx status the receiver may have acted on the delivery: report the
            // broken answer, but never send it again.
            Err(e) if (200..300).contains(&status) => (
                failed(format!(
                    "{} answered {status}, then the answer broke off ({e}): it may have been processed, so it is not sent again",
                    o.url
                )),
                None,
                false,
            ),
            Err(e) => (
                failed(format!("the answer from {} broke off: {e}", o.url)),
                None,
                true,
            ),
        }
    }
}

/// Exponential backoff from 0.5 s, doubling, capped at 30 s, with ±50 % jitter; a Retry-After
/// from the receiver wins.
fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(d) = retry_after {
        return d;
    }
    let base = Duration::from_millis(500).saturating_mul(1 << (attempt - 1).min(6));
    let base = base.min(Duration::from_secs(30));
    let jitter = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % 1000;
    base.mul_f64(0.5 + jitter as f64 / 1000.0)
}

/// Sends every delivery with `concurrency` in flight, and calls `done` for each result in the
/// order the deliveries were given (a result waits for those before it). `done` runs on the
/// sending threads, one call at a time: the thread that completes the next result in order
/// reports it and any that were waiting on it, so no thread is woken just to report.
pub fn send_all(
    sender: &Sender,
    items: &[Outgoing],
    concurrency: usize,
    done: impl FnMut(usize, Reply) + Send,
) {
    struct InOrder<F> {
        next: usize,
        waiting: BTreeMap<usize, Reply>,
        done: F,
    }
    let next = AtomicUsize::new(0);
    let order = Mutex::new(InOrder {
        next: 0,
        waiting: BTreeMap::new(),
        done,
    });
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, items.len().max(1)) {
            let (next, order) = (&next, &order);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let reply = sender.send(item);
                let mut o = order.lock().unwrap_or_else(|e| e.into_inner());
                o.waiting.insert(i, reply);
                loop {
                    let n = o.next;
                    let Some(reply) = o.waiting.remove(&n) else {
                        break;
                    };
                    (o.done)(n, reply);
                    o.next += 1;
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn backoff_grows_is_capped_and_yields_to_retry_after() {
        for attempt in 1..=10 {
            let d = backoff(attempt, None);
            let base = (500u64 << (attempt - 1).min(6)).min(30_000);
            assert!(
                d >= Duration::from_millis(base / 2) && d <= Duration::from_millis(base * 3 / 2),
                "{attempt}: {d:?}"
            );
        }
        assert_eq!(
            backoff(3, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
    }

    #[test]
    fn delivered_means_2xx_or_the_expected_status() {
        let r = |s| Reply {
            status: Some(s),
            content_type: None,
            headers: vec![],
            body: vec![],
            error: None,
            attempts: 1,
            elapsed: Duration::ZERO,
        };
        assert!(r(204).delivered(None));
        assert!(!r(401).delivered(None));
        assert!(r(401).delivered(Some(Expect::Status(401))));
        assert!(r(403).delivered(Some(Expect::Class(4))));
    }

    /// A clock that stands still unless a test moves it, and records every wait asked of it.
    /// `moves_on_sleep`: a wait moves it on by as much (one thread's view of time); otherwise it
    /// stays put, so waits asked for at the same moment by several threads can be compared.
    #[derive(Clone)]
    struct Recorder(Arc<RecorderState>);

    struct RecorderState {
        start: Instant,
        now: Mutex<Duration>,
        waits: Mutex<Vec<Duration>>,
        moves_on_sleep: bool,
    }

    impl Recorder {
        fn new(moves_on_sleep: bool) -> Recorder {
            Recorder(Arc::new(RecorderState {
                start: Instant::now(),
                now: Mutex::new(Duration::ZERO),
                waits: Mutex::new(Vec::new()),
                moves_on_sleep,
            }))
        }

        /// Time that passes without a wait (the request itself, say).
        fn pass(&self, d: Duration) {
            *self.0.now.lock().unwrap() += d;
        }

        fn waits(&self) -> Vec<Duration> {
            self.0.waits.lock().unwrap().clone()
        }
    }

    impl Pace for Recorder {
        fn now(&self) -> Instant {
            self.0.start + *self.0.now.lock().unwrap()
        }

        fn sleep(&self, d: Duration) {
            self.0.waits.lock().unwrap().push(d);
            if self.0.moves_on_sleep {
                self.pass(d);
            }
        }
    }

    fn rate_limit(interval: Duration) -> RateLimit {
        RateLimit {
            interval,
            next: Mutex::new(None),
        }
    }

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn rate_limit_spaces_requests() {
        let clock = Recorder::new(true);
        let rl = rate_limit(20 * MS);
        for _ in 0..4 {
            rl.wait(&clock);
        }
        // The first goes at once; each of the other three waits one interval (was: at least
        // 60 ms of wall-clock time passed, a bound a slow machine always met).
        assert_eq!(clock.waits(), [20 * MS; 3]);
    }

    #[test]
    fn rate_limit_counts_time_already_passed_and_saves_none_up() {
        let clock = Recorder::new(true);
        let rl = rate_limit(20 * MS);
        rl.wait(&clock);
        // 15 ms went by (the request): 5 ms are left of the interval.
        clock.pass(15 * MS);
        rl.wait(&clock);
        // Idle far past the next slot: no wait now, and no burst after it either.
        clock.pass(100 * MS);
        rl.wait(&clock);
        rl.wait(&clock);
        assert_eq!(clock.waits(), [5 * MS, 20 * MS]);
    }

    #[test]
    fn rate_limit_spaces_requests_across_threads() {
        // Four threads ask at the same moment: each gets its own slot, one interval apart.
        let clock = Recorder::new(false);
        let rl = rate_limit(20 * MS);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| rl.wait(&clock));
            }
        });
        let mut waits = clock.waits();
        waits.sort();
        assert_eq!(waits, [20 * MS, 40 * MS, 60 * MS]);
    }

    /// A delivery that fails before any connection is made (a header value with a line break
    /// cannot be sent), so a test of the sender's pacing needs no receiver.
    fn unsendable(n: usize) -> Outgoing {
        Outgoing {
            id: format!("d{n}"),
            source: format!("d{n}"),
            method: "POST".into(),
            url: "http://127.0.0.1:9/".into(),
            headers: vec![("X-Note".into(), "a\r\nb".into())],
            exact: vec![],
            body: vec![],
        }
    }

    #[test]
    fn three_deliveries_at_10_per_second_wait_two_intervals() {
        // What tests/it/replay.rs once timed through the binary (three deliveries at 10/s took at
        // least 200 ms), here as the waits the sender asks for.
        let clock = Recorder::new(true);
        let sender =
            Sender::new(Duration::from_secs(1), 3, None, Some(10.0)).with_pace(clock.clone());
        let items: Vec<Outgoing> = (0..3).map(unsendable).collect();
        let mut order = Vec::new();
        send_all(&sender, &items, 1, |i, reply| {
            assert_eq!(
                reply.attempts, 1,
                "a request that cannot be made is not retried"
            );
            order.push(i);
        });
        assert_eq!(order, [0, 1, 2]);
        assert_eq!(clock.waits(), [100 * MS, 100 * MS]);
    }

    #[test]
    fn retries_wait_their_backoff_on_the_senders_clock() {
        // Nothing listens on the port (bound, then closed): each attempt fails to connect.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let clock = Recorder::new(true);
        let sender = Sender::new(Duration::from_secs(5), 2, None, None).with_pace(clock.clone());
        let o = Outgoing {
            url: format!("http://127.0.0.1:{port}/"),
            headers: vec![],
            ..unsendable(0)
        };
        let reply = sender.send(&o);
        assert_eq!((reply.status, reply.attempts), (None, 3));
        let waits = clock.waits();
        assert_eq!(waits.len(), 2, "{waits:?}");
        // 0.5 s then 1 s, each ±50 %.
        assert!((250 * MS..=750 * MS).contains(&waits[0]), "{waits:?}");
        assert!((500 * MS..=1500 * MS).contains(&waits[1]), "{waits:?}");
        // The time a reply reports is the sender's clock's: here the waits and nothing else.
        assert_eq!(reply.elapsed, waits[0] + waits[1]);
    }
}
