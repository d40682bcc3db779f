//! Sending deliveries for `replay`: one shared HTTP client, a rate limit, retries with
//! exponential backoff and jitter, and results handed back in the order they were given.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cli::Expect;
use crate::client;

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

/// Spaces requests evenly at `per_second`, across all threads.
struct RateLimit {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimit {
    fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        let now = Instant::now();
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }
}

pub struct Sender {
    agent: ureq::Agent,
    retries: u32,
    expect: Option<Expect>,
    rate: Option<RateLimit>,
    /// The largest response body kept.
    limit: u64,
}

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
            limit: 10 << 20,
        }
    }

    fn retryable(&self, status: u16) -> bool {
        (status >= 500 || status == 429) && !self.expect.is_some_and(|e| e.matches(status))
    }

    /// Sends one delivery, retrying what may succeed later.
    pub fn send(&self, o: &Outgoing) -> Reply {
        let start = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some(rate) = &self.rate {
                rate.wait();
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
                    elapsed: start.elapsed(),
                    ..reply
                };
            }
            std::thread::sleep(backoff(attempt, retry_after));
        }
    }

    /// One try: the reply, the receiver's Retry-After, and whether trying again is allowed.
    fn attempt(&self, o: &Outgoing) -> (Reply, Option<Duration>, bool) {
        let failed = |error: String| Reply {
            status: None,
            content_type: None,
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

    #[test]
    fn rate_limit_spaces_requests() {
        let rl = RateLimit {
            interval: Duration::from_millis(20),
            next: Mutex::new(None),
        };
        let start = Instant::now();
        for _ in 0..4 {
            rl.wait();
        }
        // Three intervals must have passed before the fourth slot (no upper bound: machines are noisy).
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}
