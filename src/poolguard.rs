//! Keeps tiny_http from leaving accepted connections unserved.
//!
//! tiny_http reads each accepted connection on a thread of its pool, and a keep-alive
//! connection holds its thread until it closes. The pool adds a thread for a new connection
//! only when it counts no idle one, and a thread stops counting as idle only once it has woken
//! up. A burst of connections that arrives faster than the idle threads wake (sixteen senders
//! connecting at once to a fresh listener, which has four) is queued behind those few
//! threads, and what is queued waits until one of the served connections closes: for a busy
//! keep-alive sender, until it stops sending.
//!
//! Two things the pool does make a way out. A connection accepted while no thread is idle gets
//! a new thread, and a thread whose connection has ended takes the oldest queued one. So the
//! guard opens a connection to the listener and closes it at once, over and over. When the
//! pool is starved, that connection gets a new thread, ends at once, and leaves its thread to
//! serve a queued connection; otherwise an idle thread sees it close, and nothing changes. One
//! such nudge frees one queued connection. A starved burst shows itself by its first
//! connections being served, so the first delivery after a quiet spell wakes the guard, and it
//! nudges every `BUSY_PERIOD` for as long as deliveries keep coming. When none come, it nudges
//! once every `IDLE_PERIOD`, for connections queued with nothing served before them. A nudge
//! never reaches hookscope's handler: tiny_http sees the connection close before any request.

use std::io::ErrorKind;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::Thread;
use std::time::Duration;

/// How often the guard nudges while deliveries are arriving.
pub const BUSY_PERIOD: Duration = Duration::from_millis(10);
/// How often it nudges when none arrive.
pub const IDLE_PERIOD: Duration = Duration::from_secs(1);

/// The guard of one listener.
#[derive(Default)]
pub struct Guard {
    /// A request arrived since the guard last looked.
    recent: AtomicBool,
    /// The guard is waiting for a request (or for `IDLE_PERIOD` to pass).
    asleep: AtomicBool,
    stop: AtomicBool,
    thread: OnceLock<Thread>,
}

/// What the guard calls when the listener no longer takes connections at all.
pub type OnDead = Box<dyn Fn(&std::io::Error) + Send>;

impl Guard {
    /// Starts guarding the listener bound to `bound`. Should a nudge be refused (tiny_http's
    /// accept thread has ended, and the listening socket with it), `on_dead` is called once and
    /// the guard stops.
    pub fn start(self: &Arc<Self>, bound: SocketAddr, on_dead: OnDead) {
        let target = reachable(bound);
        let guard = Arc::clone(self);
        // Without its guard the listener still works, as it did before it had one.
        if let Ok(handle) = std::thread::Builder::new()
            .name("hookscope-poolguard".into())
            .stack_size(64 * 1024)
            .spawn(move || guard.run(target, on_dead))
        {
            let _ = self.thread.set(handle.thread().clone());
        }
    }

    /// Called for every request the listener gets; costs one load while requests keep coming.
    pub fn request_arrived(&self) {
        if !self.recent.load(Ordering::Relaxed) {
            self.recent.store(true, Ordering::SeqCst);
            if self.asleep.load(Ordering::SeqCst) {
                if let Some(t) = self.thread.get() {
                    t.unpark();
                }
            }
        }
    }

    /// Stops the guard (it finishes within `IDLE_PERIOD`).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.get() {
            t.unpark();
        }
    }

    fn run(&self, target: SocketAddr, on_dead: OnDead) {
        while !self.stop.load(Ordering::SeqCst) {
            if self.recent.swap(false, Ordering::SeqCst) {
                std::thread::sleep(BUSY_PERIOD);
            } else {
                self.asleep.store(true, Ordering::SeqCst);
                if !self.recent.load(Ordering::SeqCst) {
                    std::thread::park_timeout(IDLE_PERIOD);
                }
                self.asleep.store(false, Ordering::SeqCst);
            }
            if let Err(e) = nudge(target) {
                if e.kind() == ErrorKind::ConnectionRefused && !self.stop.load(Ordering::SeqCst) {
                    on_dead(&e);
                    return;
                }
            }
        }
    }
}

/// The address to reach a listener at: a wildcard address is reached through loopback.
fn reachable(bound: SocketAddr) -> SocketAddr {
    let mut to = bound;
    if bound.ip().is_unspecified() {
        to.set_ip(match bound {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    to
}

/// Opens a connection to `target` and closes it at once.
fn nudge(target: SocketAddr) -> std::io::Result<()> {
    TcpStream::connect_timeout(&target, Duration::from_secs(1)).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_address_is_reached_through_loopback() {
        let v4: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(reachable(v4), "127.0.0.1:8080".parse().unwrap());
        let v6: SocketAddr = "[::]:8080".parse().unwrap();
        assert_eq!(reachable(v6), "[::1]:8080".parse().unwrap());
        let own: SocketAddr = "192.168.1.5:9000".parse().unwrap();
        assert_eq!(reachable(own), own);
    }
}
