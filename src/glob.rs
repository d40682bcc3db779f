//! Shell-style globs for event names and paths: `*` matches any run of characters, `?` one.

/// Whether `text` matches `pattern` as a whole, letters compared exactly.
pub fn matches(pattern: &str, text: &str) -> bool {
    matches_by(pattern, text, |p, t| p == t)
}

/// Whether `text` matches `pattern` as a whole, letters compared without case (`oncrm*`
/// matches Bitrix24's `ONCRMLEADADD`).
pub fn matches_ignoring_case(pattern: &str, text: &str) -> bool {
    matches_by(pattern, text, |p, t| {
        p == t || p.to_lowercase().eq(t.to_lowercase())
    })
}

fn matches_by(pattern: &str, text: &str, same: impl Fn(char, char) -> bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matcher with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || same(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::{matches, matches_ignoring_case};

    #[test]
    fn globs() {
        assert!(matches("record.before.*", "record.before.deleted"));
        assert!(!matches("record.before.*", "record.created"));
        assert!(matches("*", ""));
        assert!(matches("ON?RM*ADD", "ONCRMLEADADD"));
        assert!(matches("*.succeeded", "payment_intent.succeeded"));
        assert!(!matches("push", "push2"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("a*", "a*b"));
        assert!(matches("*", "*x"));
    }

    #[test]
    fn case_is_ignored_only_when_asked() {
        assert!(!matches("oncrm*", "ONCRMLEADADD"));
        assert!(matches_ignoring_case("oncrm*", "ONCRMLEADADD"));
        assert!(matches_ignoring_case("OnCrm?EaDaDd", "ONCRMLEADADD"));
        assert!(matches_ignoring_case("PUSH", "push"));
        assert!(matches_ignoring_case("ÉTÉ.*", "été.créé"));
        assert!(!matches_ignoring_case("push", "pushed"));
        assert!(!matches_ignoring_case("pull_request.*", "pull_request"));
        assert!(matches_ignoring_case("*", ""));
        assert!(!matches_ignoring_case("?", ""));
    }
}
