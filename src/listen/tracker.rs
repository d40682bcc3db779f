//! Remembers delivery ids and numbered streams (Bpium's hooks), to warn of repeats and gaps. Senders pick
//! these values and their length, so what is kept is bounded: ids are kept as hashes, and each
//! map holds at most the last [`REMEMBERED`] entries.

use std::collections::{HashMap, VecDeque};

use sha2::{Digest, Sha256};

use crate::scheme::Sequence;

/// The most delivery ids, and the most numbered streams, remembered at once.
pub const REMEMBERED: usize = 10_000;

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

#[derive(Default)]
pub struct Tracker {
    ids: Recent<()>,
    sequences: Recent<i64>,
}

impl Tracker {
    /// Notes one delivery that passed (or was not checked); returns its warnings.
    /// `numbered` is the platform's stream and this delivery's place in it.
    pub fn observe(
        &mut self,
        id: Option<&str>,
        numbered: Option<(&Sequence, (String, i64))>,
    ) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(id) = id {
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
        if let Some((stream, (name, seq))) = numbered {
            let k = key(&format!("{}\n{name}", stream.stream_name));
            let last = self.sequences.get(&k).copied();
            if let Some(last) = last {
                let missed = seq.saturating_sub(last).saturating_sub(1);
                if missed > 0 {
                    warnings.push(format!(
                        "{} {}: {} jumped from {last} to {seq}: {missed} event{} missed",
                        stream.stream_name,
                        shown(&name),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::Kind;

    fn bpium(hook: &str, seq: i64) -> Option<(&'static Sequence, (String, i64))> {
        let stream = Kind::named("bpium")?.platform().sequence.as_ref()?;
        Some((stream, (hook.to_string(), seq)))
    }

    #[test]
    fn sequence_gaps_are_counted_without_overflow() {
        let mut t = Tracker::default();
        assert!(t.observe(None, bpium("3", 41)).is_empty());
        let w = t.observe(None, bpium("3", 43));
        assert_eq!(
            w,
            vec!["Bpium hook 3: sequenceId jumped from 41 to 43: 1 event missed".to_string()]
        );
        assert!(t.observe(None, bpium("9", i64::MAX)).is_empty());
        assert!(t.observe(None, bpium("9", i64::MIN)).is_empty());
        assert!(t.observe(None, bpium("8", i64::MIN)).is_empty());
        let w = t.observe(None, bpium("8", i64::MAX));
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn memory_is_bounded_whatever_the_sender_picks() {
        let mut t = Tracker::default();
        let long = "x".repeat(4096);
        for i in 0..(REMEMBERED + 500) {
            let id = format!("{i}{long}");
            t.observe(Some(&id), bpium(&id, 1));
        }
        assert_eq!(t.sizes(), (REMEMBERED, REMEMBERED));
        // The newest are still known; the oldest are forgotten.
        let newest = format!("{}{long}", REMEMBERED + 499);
        let w = t.observe(Some(&newest), None);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].len() < 200,
            "a long id is cut in the warning: {}",
            w[0].len()
        );
        let oldest = format!("0{long}");
        assert!(t.observe(Some(&oldest), None).is_empty());
    }
}
