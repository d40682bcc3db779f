//! The inspector: a web page on 127.0.0.1 that lists the store's captures, newest first, shows
//! each in full, and (under `listen --ui`) shows new deliveries as they are stored. Core, used
//! by the `listen` and `inspect` leaves.
//!
//! - this file: starting it (its own thread and runtime, the token, the URL) and the [`Feed`]
//!   the listener publishes stored deliveries on;
//! - [`server`]: connections and their limits, the Host and token checks, the security
//!   headers, the routes;
//! - [`api`]: the list (paged, filtered), one capture's detail, its file;
//! - `page/`: the page itself (HTML, CSS, JavaScript), embedded in the binary.
//!
//! What holds here: nothing the inspector does can slow or block a delivery (it runs on its
//! own thread, and the listener only ever hands it an id through a bounded broadcast channel,
//! which never waits); every request for delivery data carries the run's token; every answer
//! carries a Content-Security-Policy that allows no inline script and no other origin.

mod api;
mod diff;
mod server;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::sync::broadcast;

use crate::exit::Hinted;

/// How many stored deliveries wait for a slow page before it is told to reload its list.
const FEED_CAPACITY: usize = 1024;

/// Where the listener tells the inspector of each delivery it stored: by capture id. Sending
/// never waits: a page that reads slowly (or none at all) only misses ids, and is told so.
#[derive(Clone)]
pub struct Feed(broadcast::Sender<String>);

impl Feed {
    pub fn publish(&self, id: &str) {
        // No page open is not an error: nobody is told.
        let _ = self.0.send(id.to_string());
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
