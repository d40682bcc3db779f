//! Secrets from flags, environment variables or files. A [`Secret`] never prints its value:
//! its `Debug` and `Display` say `(redacted)`, so it cannot leak through a log line or an error.

use std::fmt;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

/// The environment variable read when no secret option is given.
pub const SECRET_ENV: &str = "HOOKSCOPE_SECRET";

/// A shared secret (HMAC key material or token) that is never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret's text, for computing a MAC. Never pass this to a formatter.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `text` is the secret, compared in constant time (for schemes whose requests
    /// carry the secret itself).
    pub fn is(&self, text: &str) -> bool {
        subtle::ConstantTimeEq::ct_eq(self.0.as_bytes(), text.as_bytes()).into()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// Where the user said the secrets are. Resolved once into a list of [`Secret`]s.
#[derive(Debug, Default, Clone)]
pub struct SecretSources {
    pub literal: Vec<Secret>,
    pub env: Vec<String>,
    pub files: Vec<PathBuf>,
}

impl SecretSources {
    /// [`resolve`](Self::resolve) against the process environment.
    pub fn resolve_env(&self) -> Result<Vec<Secret>> {
        self.resolve(|name| std::env::var(name).ok())
    }

    /// Reads every source, with no fallback to `HOOKSCOPE_SECRET` (for other values kept as
    /// secrets: Meta's verify token).
    pub fn resolve_given(&self) -> Result<Vec<Secret>> {
        if self.literal.is_empty() && self.env.is_empty() && self.files.is_empty() {
            return Ok(Vec::new());
        }
        self.resolve_env()
    }

    /// Reads every source; with none given, falls back to `HOOKSCOPE_SECRET`.
    /// An empty result is not an error here: the caller decides whether it needs one.
    pub fn resolve(&self, lookup_env: impl Fn(&str) -> Option<String>) -> Result<Vec<Secret>> {
        let mut out = self.literal.clone();
        for name in &self.env {
            match lookup_env(name) {
                Some(v) if !v.is_empty() => out.push(Secret(v)),
                Some(_) => bail!("environment variable {name} is empty: set it to the secret"),
                None => bail!(
                    "environment variable {name} is not set: export it with the secret before starting hookscope"
                ),
            }
        }
        for path in &self.files {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("could not read secret file '{}'", path.display()))?;
            let before = out.len();
            out.extend(
                text.lines()
                    .map(|l| l.trim_end_matches('\r'))
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .map(|l| Secret(l.to_string())),
            );
            if out.len() == before {
                bail!(
                    "secret file '{}' holds no secret (one per line; '#' starts a comment)",
                    path.display()
                );
            }
        }
        if self.literal.is_empty() && self.env.is_empty() && self.files.is_empty() {
            if let Some(v) = lookup_env(SECRET_ENV).filter(|v| !v.is_empty()) {
                out.push(Secret(v));
            }
        }
        Ok(out)
    }
}

/// The hint printed when a command needs a secret and none was given.
pub const NO_SECRET_HINT: &str = "give one with --secret VALUE, --secret-env NAME or --secret-file PATH (or set HOOKSCOPE_SECRET)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!format!("{:?}", vec![s]).contains("hunter2"));
    }

    #[test]
    fn env_fallback_only_when_nothing_else_is_given() {
        let env = |n: &str| (n == SECRET_ENV).then(|| "from-env".to_string());
        let none = SecretSources::default().resolve(env).unwrap();
        assert_eq!(none, vec![Secret::new("from-env")]);
        let given = SecretSources {
            literal: vec![Secret::new("flag")],
            ..Default::default()
        };
        assert_eq!(given.resolve(env).unwrap(), vec![Secret::new("flag")]);
    }

    #[test]
    fn secret_env_must_exist() {
        let src = SecretSources {
            env: vec!["NOPE".into()],
            ..Default::default()
        };
        let err = src.resolve(|_| None).unwrap_err().to_string();
        assert!(err.contains("NOPE"), "{err}");
    }

    #[test]
    fn secret_file_one_per_line_skipping_comments_and_blanks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, "# team secrets\nfirst\r\n\nsecond\n").unwrap();
        let src = SecretSources {
            files: vec![path],
            ..Default::default()
        };
        let got = src.resolve(|_| None).unwrap();
        assert_eq!(got, vec![Secret::new("first"), Secret::new("second")]);
    }
}
