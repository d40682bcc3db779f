//! Secrets and public keys from flags, environment variables or files. A [`Secret`] never
//! prints its value: its `Debug` and `Display` say `(redacted)`, so it cannot leak through a log
//! line or an error. A [`PublicKey`] is public and prints as given.

use std::fmt;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

/// The environment variable read when no secret option is given.
pub const SECRET_ENV: &str = "HOOKSCOPE_SECRET";

/// A shared secret (HMAC key material or token), or a private signing key, that is never shown.
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
            let entries = entries(&text);
            if entries.is_empty() {
                bail!(
                    "secret file '{}' holds no secret (one per line; '#' starts a comment)",
                    path.display()
                );
            }
            out.extend(entries.into_iter().map(Secret));
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

/// What a key file holds: one entry a line, blank lines and `#` comments skipped, and a PEM
/// block (`-----BEGIN …-----` to `-----END …-----`) taken whole as one entry, its lines joined
/// with `\n`.
fn entries(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pem: Option<String> = None;
    for line in text.lines().map(|l| l.trim_end_matches('\r')) {
        if let Some(block) = pem.as_mut() {
            block.push('\n');
            block.push_str(line.trim());
            if line.trim_start().starts_with("-----END ") {
                out.extend(pem.take());
            }
        } else if line.trim_start().starts_with("-----BEGIN ") {
            pem = Some(line.trim().to_string());
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            out.push(line.to_string());
        }
    }
    // A block left open is kept as it is, for the scheme to say what is wrong with it.
    out.extend(pem);
    out
}

/// A public key (Discord's application key, a Standard Webhooks `whpk_` key, SendGrid's
/// verification key), as text in the form its platform shows it. Each scheme reads the keys
/// it can use and leaves the others, so one file may hold several platforms' keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(String);

impl PublicKey {
    pub fn new(value: impl Into<String>) -> Self {
        PublicKey(value.into())
    }

    pub fn text(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the user said the public keys are (`--public-key`, `--public-key-env`,
/// `--public-key-file`, or an endpoint's `public_key*`). Resolved once into a list.
#[derive(Debug, Default, Clone)]
pub struct PublicKeySources {
    pub literal: Vec<PublicKey>,
    pub env: Vec<String>,
    pub files: Vec<PathBuf>,
}

impl PublicKeySources {
    pub fn is_empty(&self) -> bool {
        self.literal.is_empty() && self.env.is_empty() && self.files.is_empty()
    }

    /// [`resolve`](Self::resolve) against the process environment.
    pub fn resolve_env(&self) -> Result<Vec<PublicKey>> {
        self.resolve(|name| std::env::var(name).ok())
    }

    /// Reads every source. No environment variable is read unless named.
    pub fn resolve(&self, lookup_env: impl Fn(&str) -> Option<String>) -> Result<Vec<PublicKey>> {
        let mut out = self.literal.clone();
        for name in &self.env {
            match lookup_env(name) {
                Some(v) if !v.trim().is_empty() => out.push(PublicKey(v.trim().to_string())),
                Some(_) => bail!("environment variable {name} is empty: set it to the public key"),
                None => bail!(
                    "environment variable {name} is not set: export it with the public key before starting hookscope"
                ),
            }
        }
        for path in &self.files {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("could not read public key file '{}'", path.display()))?;
            let entries = entries(&text);
            if entries.is_empty() {
                bail!(
                    "public key file '{}' holds no key (one per line, or PEM blocks; '#' starts a comment)",
                    path.display()
                );
            }
            out.extend(entries.into_iter().map(|e| PublicKey(e.trim().to_string())));
        }
        Ok(out)
    }
}

/// The hint printed when a scheme needs a public key and none was given.
pub const NO_PUBLIC_KEY_HINT: &str =
    "give it with --public-key VALUE, --public-key-env NAME or --public-key-file PATH";

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

    #[test]
    fn a_pem_block_in_a_key_file_is_one_entry() {
        let text = "# keys\nd75a98\n-----BEGIN PUBLIC KEY-----\r\nMFkw\nEwYH\n-----END PUBLIC KEY-----\nwhpk_x\n";
        assert_eq!(
            entries(text),
            [
                "d75a98",
                "-----BEGIN PUBLIC KEY-----\nMFkw\nEwYH\n-----END PUBLIC KEY-----",
                "whpk_x"
            ]
        );
    }

    #[test]
    fn public_keys_from_flags_env_and_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, "# rotation\nold-key\n\nnew-key\n").unwrap();
        let src = PublicKeySources {
            literal: vec![PublicKey::new("flag")],
            env: vec!["PK".into()],
            files: vec![path.clone()],
        };
        let env = |n: &str| (n == "PK").then(|| " from-env\n".to_string());
        let got: Vec<String> = src
            .resolve(env)
            .unwrap()
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(got, ["flag", "from-env", "old-key", "new-key"]);
        std::fs::write(&path, "# nothing here\n").unwrap();
        let empty = PublicKeySources {
            files: vec![path],
            ..Default::default()
        };
        let err = empty.resolve(|_| None).unwrap_err().to_string();
        assert!(err.contains("holds no key"), "{err}");
        assert!(PublicKeySources::default()
            .resolve(|_| None)
            .unwrap()
            .is_empty());
    }
}
