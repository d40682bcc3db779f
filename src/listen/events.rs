//! `--events GLOB`: which deliveries `listen` shows and forwards, by their event name.

use crate::glob;

/// The globs of `--events`; with none, every delivery is shown and forwarded.
pub(super) struct Events(Vec<String>);

impl Events {
    pub(super) fn new(globs: Vec<String>) -> Events {
        Events(globs)
    }

    /// Whether `--events` was given: only then does the summary count what it left out.
    pub(super) fn given(&self) -> bool {
        !self.0.is_empty()
    }

    /// Whether a delivery with this event name is shown and forwarded: a glob matches the
    /// name, case ignored (Bitrix24 names its events in capitals, most platforms in small
    /// letters; none is known to have two events whose names differ only in case). A delivery
    /// with no name is matched as an empty name: by `*` alone.
    pub(super) fn admit(&self, event: Option<&str>) -> bool {
        let name = event.unwrap_or("");
        self.0.is_empty() || self.0.iter().any(|g| glob::matches_ignoring_case(g, name))
    }

    /// The globs as the start-up text lists them.
    pub(super) fn listed(&self) -> String {
        self.0.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::Events;

    fn events(globs: &[&str]) -> Events {
        Events::new(globs.iter().map(|g| g.to_string()).collect())
    }

    #[test]
    fn without_globs_every_delivery_is_admitted() {
        let all = events(&[]);
        assert!(!all.given());
        assert!(all.admit(Some("push")) && all.admit(None));
    }

    #[test]
    fn any_glob_admits_case_ignored() {
        let some = events(&["record.before.*", "push", "oncrmlead*"]);
        assert!(some.given());
        assert!(some.admit(Some("record.before.deleted")));
        assert!(some.admit(Some("push")));
        assert!(some.admit(Some("PUSH")));
        assert!(some.admit(Some("ONCRMLEADADD")));
        assert!(!some.admit(Some("record.created")));
        assert!(!some.admit(Some("ONCRMDEALADD")));
        assert!(!some.admit(Some("pull_request.opened")));
        assert_eq!(some.listed(), "record.before.*, push, oncrmlead*");
    }

    #[test]
    fn a_delivery_with_no_event_name_is_admitted_by_a_star_alone() {
        assert!(!events(&["push", "?*"]).admit(None));
        assert!(events(&["push", "*"]).admit(None));
        assert!(events(&["**"]).admit(None));
        // An empty name is no name.
        assert!(!events(&["push"]).admit(Some("")));
        assert!(events(&["*"]).admit(Some("")));
    }
}
