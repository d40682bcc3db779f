//! Remembers delivery ids and numbered streams (Bpium's hooks), to warn of repeats and gaps. Senders pick
//! these values and their length, so what is kept is bounded: ids are kept as hashes, and each
//! map holds at most the last [`REMEMBERED`] entries. A new `listen` starts from what the
//! store's captures of the last [`SEEDED_SPAN`] teach ([`Tracker::seed`]), so a restart
//! forgets no repeat or gap.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::body::Body;
use crate::capture::Capture;
use crate::check::Verdict;
use crate::input;
use crate::scheme::{self, Kind, Request, Sequence};
use crate::store::Store;

/// The most delivery ids, and the most numbered streams, remembered at once.
pub const REMEMBERED: usize = 10_000;

/// How far back a new `listen` looks in the store for deliveries to remember.
pub const SEEDED_SPAN: Duration = Duration::from_secs(24 * 60 * 60);

/// How far past now a capture's name may be and still be remembered (clocks differ a little).
const SEEDED_SLACK: Duration = Duration::from_secs(5 * 60);

/// The most bytes of capture files read at start.
pub const SEEDED_BYTES: u64 = 64 << 20;

/// The most characters of a sender's id said in a warning.
const SHOWN: usize = 80;

/// 128 bits of SHA-256: a sender cannot make two ids meet, and an id of any length costs 16
/// bytes.
type Key = [u8; 16];

fn key(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    k
}

/// A sender's id as a warning shows it: cut to [`SHOWN`] characters.
fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], text.len()),
        None => text.to_string(),
    }
}

/// A set that forgets its oldest entries past [`REMEMBERED`].
#[derive(Default)]
struct Recent<V> {
    map: HashMap<Key, V>,
    order: VecDeque<Key>,
}

impl<V> Recent<V> {
    fn get(&self, k: &Key) -> Option<&V> {
        self.map.get(k)
    }

    fn insert(&mut self, k: Key, v: V) {
        if self.map.insert(k, v).is_none() {
            self.order.push_back(k);
            if self.order.len() > REMEMBERED {
                if let Some(old) = self.order.pop_front() {
                    self.map.remove(&old);
                }
            }
        }
    }
}

/// What one delivery tells the tracker: its own id, and its place in its platform's numbered
/// stream. [`Facts::of`] reads them, from a live delivery and from a stored capture alike.
#[derive(Default)]
pub struct Facts {
    pub id: Option<String>,
    numbered: Option<(&'static Sequence, (String, i64))>,
}

impl Facts {
    /// What a delivery from `kind` (`None`: not known) tells, as its platform names it.
    pub fn of(kind: Option<Kind>, request: &Request) -> Facts {
        let numbered = kind
            .and_then(|k| k.platform().sequence.as_ref())
            .and_then(|s| Some((s, (s.read)(request)?)));
        Facts {
            id: scheme::delivery_id(kind, request),
            numbered,
        }
    }

    /// Whether it tells nothing (no id, no place in a stream).
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.numbered.is_none()
    }
}

/// What [`Tracker::seed`] found in the store.
#[derive(Debug, PartialEq, Eq)]
pub struct Seeded {
    /// Captures that told the tracker something (an id, a place in a stream).
    pub remembered: usize,
    /// Files named like captures that could not be read as one.
    pub unreadable: usize,
    /// Captures of the span not read, as the newer ones filled [`SEEDED_BYTES`].
    pub left_out: usize,
}

#[derive(Default)]
pub struct Tracker {
    ids: Recent<()>,
    sequences: Recent<i64>,
}

impl Tracker {
    /// Remembers what the store's captures made since [`SEEDED_SPAN`] before `now` teach, the
    /// newest [`REMEMBERED`] of them at most, oldest first, as if they were arriving again:
    /// their facts are read by [`Facts::of`], as a live delivery's are, and one recorded
    /// invalid is passed over, as it was when it came. The captures are chosen by their names
    /// ([`Store::recent`]), so a large store costs the reading of its names and of at most
    /// [`REMEMBERED`] files, one at a time on each core.
    pub fn seed(&mut self, store: &Store, now: SystemTime) -> std::io::Result<Seeded> {
        self.seed_within(store, now, SEEDED_BYTES)
    }

    /// [`Tracker::seed`], reading at most `budget` bytes of capture files.
    fn seed_within(
        &mut self,
        store: &Store,
        now: SystemTime,
        budget: u64,
    ) -> std::io::Result<Seeded> {
        let since = now.checked_sub(SEEDED_SPAN).unwrap_or(UNIX_EPOCH);
        let files = store.recent(since, now + SEEDED_SLACK, REMEMBERED)?;
        let mut seeded = Seeded {
            remembered: 0,
            unreadable: 0,
            left_out: 0,
        };
        // Newest first, as many as SEEDED_BYTES holds: senders pick their bodies' size, and a
        // restart must not read gigabytes before it listens. Only regular files are read (a
        // FIFO named like a capture would never end).
        let mut budget = budget;
        let mut chosen = Vec::with_capacity(files.len());
        for path in files.iter().rev() {
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_file() && m.len() <= budget => {
                    budget -= m.len();
                    chosen.push(path.clone());
                }
                Ok(m) if m.is_file() => seeded.left_out += 1,
                _ => seeded.unreadable += 1,
            }
        }
        chosen.reverse();
        for facts in input::each_file(&chosen, stored_facts) {
            match facts {
                None => seeded.unreadable += 1,
                Some(f) if f.is_empty() => {}
                Some(f) => {
                    self.observe(&f);
                    seeded.remembered += 1;
                }
            }
        }
        Ok(seeded)
    }

    /// Notes one delivery that passed (or was not checked); returns its warnings.
    pub fn observe(&mut self, facts: &Facts) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(id) = &facts.id {
            let k = key(id);
            if self.ids.get(&k).is_some() {
                warnings.push(format!(
                    "delivery id {} was seen before: a retry, a replay or a duplicate",
                    shown(id)
                ));
            } else {
                self.ids.insert(k, ());
            }
        }
        if let Some((stream, (name, seq))) = &facts.numbered {
            let seq = *seq;
            let k = key(&format!("{}\n{name}", stream.stream_name));
            let last = self.sequences.get(&k).copied();
            if let Some(last) = last {
                let missed = seq.saturating_sub(last).saturating_sub(1);
                if missed > 0 {
                    warnings.push(format!(
                        "{} {}: {} jumped from {last} to {seq}: {missed} event{} missed",
                        stream.stream_name,
                        shown(name),
                        stream.field,
                        if missed == 1 { "" } else { "s" }
                    ));
                }
            }
            self.sequences.insert(k, last.map_or(seq, |l| l.max(seq)));
        }
        warnings
    }

    #[cfg(test)]
    fn sizes(&self) -> (usize, usize) {
        (self.ids.map.len(), self.sequences.map.len())
    }
}

/// What a stored capture tells the tracker, read as when it arrived: nothing for one recorded
/// invalid, or with no verdict recorded (not one `listen` checked); `None` for a file that is
/// not a capture this hookscope reads.
fn stored_facts(path: &Path) -> Option<Facts> {
    let capture = Capture::read(path).ok()?;
    let remembered = [Verdict::Valid.word(), Verdict::Unchecked.word()];
    let recorded = capture
        .extra
        .as_ref()
        .and_then(|e| e.verdict.as_ref())
        .filter(|r| remembered.contains(&r.signature.as_str()));
    let Some(recorded) = recorded else {
        return Some(Facts::default());
    };
    let kind = recorded.scheme.as_deref().and_then(Kind::named);
    let body = Body::new(&capture.body);
    let request = Request::new(&capture.headers, &body).by(&capture.method);
    Some(Facts::of(kind, &request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Extra, Recorded};

    fn bpium(hook: &str, seq: i64) -> Option<(&'static Sequence, (String, i64))> {
        let stream = Kind::named("bpium")?.platform().sequence.as_ref()?;
        Some((stream, (hook.to_string(), seq)))
    }

    fn facts(id: Option<&str>, numbered: Option<(&'static Sequence, (String, i64))>) -> Facts {
        Facts {
            id: id.map(str::to_string),
            numbered,
        }
    }

    #[test]
    fn sequence_gaps_are_counted_without_overflow() {
        let mut t = Tracker::default();
        assert!(t.observe(&facts(None, bpium("3", 41))).is_empty());
        let w = t.observe(&facts(None, bpium("3", 43)));
        assert_eq!(
            w,
            vec!["Bpium hook 3: sequenceId jumped from 41 to 43: 1 event missed".to_string()]
        );
        assert!(t.observe(&facts(None, bpium("9", i64::MAX))).is_empty());
        assert!(t.observe(&facts(None, bpium("9", i64::MIN))).is_empty());
        assert!(t.observe(&facts(None, bpium("8", i64::MIN))).is_empty());
        let w = t.observe(&facts(None, bpium("8", i64::MAX)));
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn memory_is_bounded_whatever_the_sender_picks() {
        let mut t = Tracker::default();
        let long = "x".repeat(4096);
        for i in 0..(REMEMBERED + 500) {
            let id = format!("{i}{long}");
            t.observe(&facts(Some(&id), bpium(&id, 1)));
        }
        assert_eq!(t.sizes(), (REMEMBERED, REMEMBERED));
        // The newest are still known; the oldest are forgotten.
        let newest = format!("{}{long}", REMEMBERED + 499);
        let w = t.observe(&facts(Some(&newest), None));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].len() < 200,
            "a long id is cut in the warning: {}",
            w[0].len()
        );
        let oldest = format!("0{long}");
        assert!(t.observe(&facts(Some(&oldest), None)).is_empty());
    }

    fn bpium_body(hook: &str, seq: i64) -> Vec<u8> {
        format!(r#"{{"hook":{{"id":"{hook}","event":"record.created","sequenceId":{seq}}}}}"#)
            .into_bytes()
    }

    fn github_headers(delivery: &str) -> Vec<(String, String)> {
        vec![
            ("X-GitHub-Event".into(), "push".into()),
            ("X-GitHub-Delivery".into(), delivery.into()),
        ]
    }

    /// A capture as listen stores it: made `ago`, with the verdict it recorded (`None`: none).
    fn stored(
        store: &Store,
        ago: Duration,
        verdict: Option<(&str, &str)>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Capture {
        let made = SystemTime::now() - ago;
        let ms = made.duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        let mut capture = Capture::new("POST", "/hooks", headers, body);
        capture.id = uuid::Builder::from_unix_timestamp_millis(ms, &unique_bytes())
            .into_uuid()
            .to_string();
        capture.received_at = humantime::format_rfc3339_millis(made).to_string();
        let extra = verdict.map(|(signature, scheme)| Extra {
            remote_addr: None,
            verdict: Some(Recorded {
                signature: signature.into(),
                scheme: Some(scheme.into()),
                event: None,
                code: None,
                reason: None,
                handshake: None,
            }),
            answer: None,
            warnings: Vec::new(),
            resent_from: None,
        });
        store.save(&capture, extra.as_ref()).unwrap();
        capture
    }

    /// Ten bytes no other capture of the tests has, for its id.
    fn unique_bytes() -> [u8; 10] {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let mut bytes = [0; 10];
        bytes[2..].copy_from_slice(&NEXT.fetch_add(1, Ordering::Relaxed).to_be_bytes());
        bytes
    }

    fn live(kind: &str, headers: Vec<(String, String)>, body: &[u8]) -> Facts {
        let body = Body::new(body);
        Facts::of(Kind::named(kind), &Request::new(&headers, &body))
    }

    #[test]
    fn a_live_delivery_and_its_capture_tell_the_same() {
        let headers = github_headers("d-1");
        let f = live("github", headers.clone(), b"{}");
        assert_eq!(f.id.as_deref(), Some("d-1"));
        assert!(f.numbered.is_none());
        let f = live("bpium", vec![], &bpium_body("3", 41));
        assert_eq!(f.id.as_deref(), Some("3#41"));
        assert_eq!(f.numbered.as_ref().map(|n| &n.1), Some(&("3".into(), 41)));
        // A sender not known has no id of its own.
        assert!(Facts::of(None, &Request::new(&headers, &Body::new(b"{}"))).is_empty());

        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let hour = Duration::from_secs(3600);
        let c = stored(
            &store,
            hour,
            Some(("valid", "bpium")),
            vec![],
            bpium_body("3", 41),
        );
        let from_store = stored_facts(&store.path_for(&c)).unwrap();
        assert_eq!(from_store.id.as_deref(), Some("3#41"));
        assert_eq!(
            from_store.numbered.map(|n| n.1),
            Some(("3".to_string(), 41))
        );
    }

    #[test]
    fn a_restart_remembers_the_last_days_deliveries_that_passed() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let hour = Duration::from_secs(3600);
        stored(
            &store,
            hour * 2,
            Some(("valid", "github")),
            github_headers("ok"),
            b"{}".to_vec(),
        );
        stored(
            &store,
            hour,
            Some(("unchecked", "bpium")),
            vec![],
            bpium_body("3", 41),
        );
        // Passed over: recorded invalid, no verdict recorded, older than a day.
        stored(
            &store,
            hour,
            Some(("invalid", "github")),
            github_headers("forged"),
            b"{}".to_vec(),
        );
        stored(
            &store,
            hour,
            None,
            github_headers("unknown"),
            b"{}".to_vec(),
        );
        stored(
            &store,
            hour * 25,
            Some(("valid", "github")),
            github_headers("old"),
            b"{}".to_vec(),
        );
        // Not captures: counted, never fatal. A name not listen's is not even read.
        let garbage = format!("{}.json", crate::capture::new_id());
        std::fs::write(root.path().join(garbage), b"{ not json").unwrap();
        std::fs::write(root.path().join("notes.json"), b"{ not json").unwrap();

        let mut t = Tracker::default();
        let seeded = t.seed(&store, SystemTime::now()).unwrap();
        assert_eq!(
            seeded,
            Seeded {
                remembered: 2,
                unreadable: 1,
                left_out: 0
            }
        );
        let again =
            |t: &mut Tracker, id: &str| t.observe(&live("github", github_headers(id), b"{}"));
        assert_eq!(again(&mut t, "ok").len(), 1, "a repeat across the restart");
        for new in ["forged", "unknown", "old"] {
            assert!(again(&mut t, new).is_empty(), "{new} was remembered");
        }
        let w = t.observe(&live("bpium", vec![], &bpium_body("3", 43)));
        assert_eq!(
            w,
            ["Bpium hook 3: sequenceId jumped from 41 to 43: 1 event missed"]
        );
    }

    #[test]
    fn what_is_read_at_start_is_bounded_in_bytes_and_only_regular_files() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let hour = Duration::from_secs(3600);
        let big = vec![b'x'; 4096];
        for (ago, id) in [(3, "oldest"), (2, "older"), (1, "newest")] {
            stored(
                &store,
                hour * ago,
                Some(("valid", "github")),
                github_headers(id),
                big.clone(),
            );
        }
        let one = std::fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .map(|e| e.metadata().unwrap().len())
            .max()
            .unwrap();
        // A FIFO named like a capture: reading it would wait for ever.
        #[cfg(unix)]
        {
            let fifo = root
                .path()
                .join(format!("{}.json", crate::capture::new_id()));
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        }
        let mut t = Tracker::default();
        let seeded = t.seed_within(&store, SystemTime::now(), one * 2).unwrap();
        assert_eq!(seeded.remembered, 2);
        assert_eq!(seeded.left_out, 1);
        assert_eq!(seeded.unreadable, usize::from(cfg!(unix)));
        let seen = |t: &mut Tracker, id: &str| {
            !t.observe(&live("github", github_headers(id), b""))
                .is_empty()
        };
        assert!(seen(&mut t, "newest") && seen(&mut t, "older"));
        assert!(
            !seen(&mut t, "oldest"),
            "past the budget, the oldest is not read"
        );
    }

    #[test]
    fn a_store_of_more_than_it_remembers_seeds_the_newest_only() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let extra = 3;
        for i in 0..REMEMBERED + extra {
            // Older first: the capture `i` was made `REMEMBERED + extra - i` seconds ago.
            let ago = Duration::from_secs((REMEMBERED + extra - i) as u64);
            let id = format!("d-{i}");
            stored(
                &store,
                ago,
                Some(("valid", "github")),
                github_headers(&id),
                vec![],
            );
        }
        let mut t = Tracker::default();
        let seeded = t.seed(&store, SystemTime::now()).unwrap();
        assert_eq!(seeded.remembered, REMEMBERED);
        let seen = |t: &mut Tracker, i: usize| {
            !t.observe(&live("github", github_headers(&format!("d-{i}")), b""))
                .is_empty()
        };
        assert!(seen(&mut t, extra));
        assert!(seen(&mut t, REMEMBERED + extra - 1));
        // (Last: a delivery not seen is remembered in its turn, and the oldest forgotten.)
        assert!(
            !seen(&mut t, extra - 1),
            "the oldest beyond the bound are not read"
        );
    }
}
