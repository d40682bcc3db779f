//! The inspector: a web page on 127.0.0.1 that lists the store's captures, newest first, shows
//! each in full, and (under `listen --ui`) shows new deliveries as they are stored. Core, used
//! by the `listen` and `inspect` leaves.
//!
//! - this file: starting it (its own thread and runtime, the token, the URL) and the [`Feed`]
//!   the listener publishes stored deliveries on;
//! - [`server`]: connections and their limits, the Host and token checks, the security
//!   headers, the routes, the event streams;
//! - [`api`]: the list (paged, filtered), one capture's detail, its file, and the one summary
//!   of a capture the list and the event streams both send;
//! - [`actions`]: Replay, Edit and resend, Save as fixture (with [`draft`], what the editor
//!   starts from and what its edit stands for);
//! - `page/`: the page itself (HTML, CSS, JavaScript), embedded in the binary.
//!
//! What holds here: nothing the inspector does can slow or block a delivery (it runs on its
//! own thread, and the listener only ever hands it what it stored, through a bounded
//! broadcast channel that never waits, and only while a page is open); every request for
//! delivery data carries the run's token; every answer carries a Content-Security-Policy that
//! allows no inline script and no other origin.

mod actions;
mod api;
mod diff;
mod draft;
mod pending;
mod server;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::sync::broadcast;

use crate::capture::{Capture, Extra, Head};
use crate::decide::ask::Questions;
use crate::exit::Hinted;

pub use actions::Actions;

/// How many stored deliveries wait for a slow page before it is told to reload its list.
const FEED_CAPACITY: usize = 1024;
/// The most bytes of a body the feed carries, for an event stream's text filter: all of most
/// webhooks' bodies. A longer body's file is read only for a text filter its first bytes do
/// not match. What a lagging page can hold is bounded by this and [`FEED_CAPACITY`]: 1024
/// deliveries of 16 KiB and their heads.
const FEED_TEXT: usize = 16 * 1024;

/// A stored delivery as the feed carries it: what the page's row shows and a filter reads, so
/// that an event stream never reads the store for it (but for a text filter, see
/// [`FEED_TEXT`]).
pub struct Stored {
    /// What was stored, without the body: the list's [`api::summary`] is made from it.
    head: Head,
    /// The body if it is [`FEED_TEXT`] or shorter, else its first bytes up to there, cut
    /// before a character or a byte that is not UTF-8: text found in them is in the body.
    text: Vec<u8>,
}

/// Where the listener tells the inspector of each delivery it stored. Sending never waits: a
/// page that reads slowly only misses deliveries, and is told so; with no page open nothing
/// is sent, or made.
#[derive(Clone)]
pub struct Feed(broadcast::Sender<Arc<Stored>>);

impl Feed {
    /// Tells the open pages of a capture stored with `extra` beside it (made only if a page is
    /// open).
    pub fn publish(&self, capture: &Capture, extra: impl FnOnce() -> Extra) {
        if self.0.receiver_count() == 0 {
            return;
        }
        let stored = Stored {
            head: Head::of(capture, Some(&extra())),
            text: first_text(&capture.body).to_vec(),
        };
        // A page that closed since is not an error: nobody is told.
        let _ = self.0.send(Arc::new(stored));
    }
}

/// What of a body the feed carries: see [`Stored::text`].
fn first_text(body: &[u8]) -> &[u8] {
    if body.len() <= FEED_TEXT {
        return body;
    }
    let first = &body[..FEED_TEXT];
    match std::str::from_utf8(first) {
        Ok(_) => first,
        Err(e) => &first[..e.valid_up_to()],
    }
}

/// What the inspector serves and how.
pub struct Settings {
    /// The store whose captures it shows.
    pub store: PathBuf,
    /// Its port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Where "copy as curl" sends a capture: the listener's URL (`http://127.0.0.1:8080`).
    pub curl_base: String,
    /// Whether new deliveries arrive (under `listen`), or the store is only read (`inspect`).
    pub live: bool,
    /// The questions open under `listen --decide ask`, which the page may answer.
    pub questions: Option<Arc<Questions>>,
    /// What the page's actions may use: the secrets and the fixtures directory given.
    pub actions: Actions,
}

/// A running inspector.
pub struct Running {
    /// The page's URL, the token in its fragment: `http://127.0.0.1:PORT/#token=…`.
    pub url: String,
    pub feed: Feed,
}

/// 32 random bytes from the system, as 64 hex digits: the token of this run.
fn fresh_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("could not make the inspector's token: {e}"))?;
    Ok(hex::encode(bytes))
}

/// Binds 127.0.0.1:PORT and serves the inspector on a thread of its own until the process ends.
pub fn start(settings: Settings) -> Result<Running> {
    let token = fresh_token()?;
    let wanted = SocketAddr::from((Ipv4Addr::LOCALHOST, settings.port));
    let socket = std::net::TcpListener::bind(wanted).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "another program listens on port {}: pick another --ui-port, or --ui-port 0 for any free one",
                settings.port
            )
        } else {
            "check --ui-port".to_string()
        };
        Hinted::new(
            format!("could not serve the inspector on {wanted}: {e}"),
            [hint],
        )
    })?;
    socket
        .set_nonblocking(true)
        .context("could not set up the inspector's socket")?;
    let addr = socket
        .local_addr()
        .context("the inspector's socket did not report its address")?;
    let (feed, _) = broadcast::channel(FEED_CAPACITY);
    let feed = Feed(feed);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(4)
        .thread_name("hookscope-inspector")
        .build()
        .context("could not start the inspector's runtime")?;
    let state = server::State::new(settings, token.clone(), addr.port(), feed.0.clone());
    std::thread::Builder::new()
        .name("hookscope-inspector".into())
        .spawn(move || {
            runtime.block_on(async move {
                // The store's names are read while the person opens the URL, not after.
                let warm = Arc::clone(&state);
                tokio::task::spawn_blocking(move || warm.warm());
                match tokio::net::TcpListener::from_std(socket) {
                    Ok(listener) => server::run(listener, state).await,
                    Err(e) => eprintln!("hookscope: the inspector could not start: {e}"),
                }
            })
        })
        .context("could not start the inspector's thread")?;
    Ok(Running {
        url: format!("http://{addr}/#token={token}"),
        feed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Recorded;
    use crate::store::Store;

    fn extra() -> Extra {
        Extra {
            remote_addr: Some("127.0.0.1:5000".into()),
            verdict: Some(Recorded {
                signature: "invalid".into(),
                scheme: Some("github".into()),
                event: Some("push".into()),
                code: Some("mismatch".into()),
                reason: Some("signature does not match".into()),
                handshake: None,
            }),
            answer: Some(serde_json::json!({"status": 401, "headers": [], "body": "{}"})),
            warnings: vec!["delivery id d-1 was seen before".into()],
            resent_from: None,
        }
    }

    #[test]
    fn a_published_delivery_is_summarised_as_the_list_shows_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), false).unwrap();
        let (sender, mut page) = broadcast::channel(FEED_CAPACITY);
        let feed = Feed(sender);
        let text = "é\"\\\n".repeat(FEED_TEXT);
        let bodies = [text.as_bytes(), &[0xff, 0, 0xfe][..], b"{\"a\":1}", b""];
        for body in bodies {
            let c = Capture::new(
                "POST",
                "/hooks/github?x=1",
                vec![("X-GitHub-Event".into(), "push".into())],
                body.to_vec(),
            );
            store.save(&c, Some(&extra())).unwrap();
            feed.publish(&c, extra);
            let published = api::summary(&page.try_recv().unwrap().head);
            let q = api::Query::parse("limit=1").unwrap();
            let listed = api::list(dir.path(), &api::Names::default(), &q).unwrap();
            assert_eq!(published, listed["captures"][0]);
            assert_eq!(published["size"], body.len());
        }
    }

    #[test]
    fn nothing_is_made_for_the_feed_when_no_page_is_open() {
        let (sender, page) = broadcast::channel(FEED_CAPACITY);
        let feed = Feed(sender);
        let c = Capture::new("POST", "/", vec![], b"{}".to_vec());
        drop(page);
        feed.publish(&c, || panic!("made for nobody"));
    }

    #[test]
    fn the_feed_carries_a_long_body_s_first_whole_characters() {
        let (sender, mut page) = broadcast::channel(FEED_CAPACITY);
        let feed = Feed(sender);
        // The 16 KiB cut falls inside the two bytes of an é.
        let body = format!("{}é needle", "x".repeat(FEED_TEXT - 1));
        let c = Capture::new("POST", "/", vec![], body.into_bytes());
        feed.publish(&c, Extra::default);
        let stored = page.try_recv().unwrap();
        assert_eq!(stored.text, vec![b'x'; FEED_TEXT - 1]);
        let filter = |q: &str| api::Query::parse(q).unwrap().filter;
        assert_eq!(api::passes(&filter("q=xxx"), &stored), Some(true));
        // Beyond the bytes carried: only the file can say.
        assert_eq!(api::passes(&filter("q=needle"), &stored), None);
        assert_eq!(api::passes(&filter("path=%2Fno"), &stored), Some(false));
        let short = Capture::new("POST", "/", vec![], b"short".to_vec());
        feed.publish(&short, Extra::default);
        let stored = page.try_recv().unwrap();
        assert_eq!(api::passes(&filter("q=needle"), &stored), Some(false));
        assert_eq!(api::passes(&filter("q=HOR"), &stored), Some(true));
    }
}
