//! The counts `listen` keeps, and the summary and exit status made from them when it stops.

use std::sync::atomic::{AtomicU64, Ordering};

use super::Listener;
use crate::exit::Outcome;

#[derive(Default)]
pub(super) struct Stats {
    pub(super) received: AtomicU64,
    pub(super) valid: AtomicU64,
    pub(super) invalid: AtomicU64,
    pub(super) unchecked: AtomicU64,
    pub(super) approved: AtomicU64,
    pub(super) rejected: AtomicU64,
    /// Field actions (Bpium's `record.updating`) answered with values, and without.
    pub(super) filled: AtomicU64,
    pub(super) unchanged: AtomicU64,
    /// Deliveries refused before their signature could be checked (413, 408, a body cut short,
    /// ambiguous framing).
    pub(super) refused: AtomicU64,
    pub(super) not_stored: AtomicU64,
    /// Requests hyper could not read (431, 414, 400) or whose head came too late (408): never
    /// deliveries.
    pub(super) unreadable: AtomicU64,
    /// Handshakes answered (or passed on): counted apart from deliveries.
    pub(super) handshakes: AtomicU64,
    /// Deliveries `--events` left out: answered as notifications, neither shown nor forwarded.
    pub(super) left_out: AtomicU64,
}

impl Listener {
    pub(super) fn summary(&self) -> String {
        let s = &self.stats;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let refused = match get(&s.refused) {
            0 => String::new(),
            n => format!(", {n} refused unread (413, 414, 408, 400 or 503)"),
        };
        let refused = match get(&s.unreadable) {
            0 => refused,
            n => format!("{refused}, {n} unreadable request(s) refused"),
        };
        let mut text = format!(
            "received {}: {} valid, {} invalid, {} unchecked{refused}; {} approved, {} rejected",
            get(&s.received),
            get(&s.valid),
            get(&s.invalid),
            get(&s.unchecked),
            get(&s.approved),
            get(&s.rejected)
        );
        let handshakes = get(&s.handshakes);
        if handshakes > 0 {
            let plural = if handshakes == 1 { "" } else { "s" };
            text.push_str(&format!("; {handshakes} handshake{plural}"));
        }
        let (filled, actions) = (get(&s.filled), get(&s.filled) + get(&s.unchanged));
        if actions > 0 {
            let plural = if actions == 1 { "" } else { "s" };
            text.push_str(&format!(
                ", {actions} field action{plural} answered ({filled} with values)"
            ));
        }
        if self.events.given() {
            text.push_str(&format!("; {} left out by --events", get(&s.left_out)));
        }
        match &self.store {
            Some(store) => text.push_str(&format!("; stored in {}", store.dir.display())),
            None => text.push_str("; not stored (--no-store)"),
        }
        let lost = get(&s.not_stored);
        if lost > 0 {
            text.push_str(&format!("; {lost} NOT STORED (answered 503)"));
        }
        text
    }

    pub(super) fn outcome(&self) -> Outcome {
        if self.stats.not_stored.load(Ordering::Relaxed) > 0 {
            Outcome::Failed
        } else if self.stats.invalid.load(Ordering::Relaxed) > 0
            || self.stats.refused.load(Ordering::Relaxed) > 0
        {
            Outcome::Negative
        } else {
            Outcome::Success
        }
    }
}
