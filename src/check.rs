//! Checking a delivery's signature: the [`Checker`] resolved once from the flags (or a config
//! endpoint), and the [`Routes`] that pick the checker serving a path. Shared by `listen`,
//! `verify` and `replay`; it knows nothing of any subcommand.

use anyhow::{Context, Result};

use crate::cli::TimeArgs;
use crate::config::{Config, Endpoint};
use crate::exit::Hinted;
use crate::scheme::{self, Clock, Failure, HmacParams, Keys, Kind, Request, Scheme, Tolerance};
use crate::secret::{PublicKey, Secret, NO_PUBLIC_KEY_HINT};

/// How to check deliveries: resolved once from the flags.
pub struct Checker {
    forced: Option<Box<dyn Scheme>>,
    pub secrets: Vec<Secret>,
    /// The verify tokens a handshake must carry (Meta's subscription check).
    pub verify_tokens: Vec<Secret>,
    /// The address the platform calls (`--public-url`, an endpoint's `public_url`): the
    /// request's path and query are added to it for schemes that sign the URL.
    pub public_url: Option<String>,
    /// The public keys that check signatures made with a private key (discord, sendgrid,
    /// standard's v1a).
    pub public_keys: Vec<PublicKey>,
    /// A pinned "now" (`--now`); otherwise the clock is read at each check.
    pub now: Option<i64>,
    pub tolerance: Tolerance,
}

/// What the check of one delivery found: the one verdict type, shown, counted and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid(Failure),
    /// No secret given: inspection mode (`listen` only).
    Unchecked,
}

impl Verdict {
    /// The word captures and `--format json` use.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid(_) => "invalid",
            Verdict::Unchecked => "unchecked",
        }
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Verdict::Invalid(f) => Some(f),
            _ => None,
        }
    }
}

impl From<Result<(), Failure>> for Verdict {
    fn from(r: Result<(), Failure>) -> Verdict {
        match r {
            Ok(()) => Verdict::Valid,
            Err(f) => Verdict::Invalid(f),
        }
    }
}

/// The result of checking one delivery.
pub struct Checked {
    pub kind: Option<Kind>,
    pub verdict: Verdict,
}

impl Checker {
    /// A checker with a forced scheme refuses public keys that scheme cannot read, when it
    /// can read none of them: a mistake said at start, not at each delivery.
    pub fn new(
        kind: Option<Kind>,
        hmac: Option<&HmacParams>,
        secrets: Vec<Secret>,
        public_keys: Vec<PublicKey>,
        time: &TimeArgs,
    ) -> Result<Self> {
        let forced = kind.map(|k| k.build(hmac)).transpose()?;
        if let (Some(scheme), Some(last)) = (&forced, public_keys.last()) {
            if !public_keys
                .iter()
                .any(|k| scheme.reads_public_key(k).is_ok())
            {
                let why = scheme.reads_public_key(last).unwrap_err();
                let hint = if scheme.kind().reads_public_keys() {
                    NO_PUBLIC_KEY_HINT.to_string()
                } else {
                    format!("drop the public key, or name the scheme it is for with --scheme (given: {last})")
                };
                return Err(Hinted::new(format!("--public-key: {why}"), [hint]).into());
            }
        }
        Ok(Checker {
            forced,
            secrets,
            public_keys,
            verify_tokens: Vec::new(),
            public_url: None,
            now: time.now,
            tolerance: match (time.no_tolerance, time.tolerance) {
                (true, _) => Tolerance::Off,
                (false, Some(s)) => Tolerance::Seconds(s),
                (false, None) => Tolerance::Platform,
            },
        })
    }

    /// Runs `f` with the scheme that applies to a request: the one forced, or the one its
    /// headers show.
    pub fn with_scheme<R>(
        &self,
        req: &Request,
        f: impl FnOnce(&dyn Scheme) -> R,
    ) -> Result<R, Failure> {
        match &self.forced {
            Some(s) => Ok(f(s.as_ref())),
            None => {
                let kind = scheme::detect(req)?;
                let s = kind
                    .scheme(None)
                    .expect("detected schemes need no parameters");
                Ok(f(s.as_ref()))
            }
        }
    }

    /// Whether anything to check with was given: a secret or a public key. Without either,
    /// `listen` shows deliveries unchecked.
    pub fn has_keys(&self) -> bool {
        !self.secrets.is_empty() || !self.public_keys.is_empty()
    }

    /// The URL a request to `target` (path and query) reached, when the public address is known.
    pub fn url_for(&self, target: &str) -> Option<String> {
        let base = self.public_url.as_ref()?;
        Some(crate::config::join_url(base, target))
    }

    /// A scheme that signs the URL it calls, without the public address to build that URL
    /// from: an error at start (exit 2), not a failure per delivery.
    pub fn needs_public_url(&self, named_by: &str) -> Result<(), crate::exit::Hinted> {
        match self.forced() {
            Some(kind) if kind.platform().signs_url && self.public_url.is_none() => {
                Err(crate::exit::Hinted::new(
                    format!("{named_by} {kind} signs the URL the platform calls, which a local receiver cannot know"),
                    ["give it with --public-url https://… (the tunnel's address, as set in the platform; the request's path and query are added)"],
                ))
            }
            _ => Ok(()),
        }
    }

    /// The scheme named with `--scheme` (or a config endpoint's `scheme`), if one was.
    pub fn forced(&self) -> Option<Kind> {
        self.forced.as_ref().map(|s| s.kind())
    }

    pub fn scheme_for(&self, req: &Request) -> Result<Kind, Failure> {
        self.with_scheme(req, |s| s.kind())
    }

    /// Checks the signature. The event name is the caller's to read, from the same request
    /// (its body is read once, whoever reads it first).
    pub fn check(&self, req: &Request) -> Checked {
        self.check_as_of(req, &self.secrets, None)
    }

    /// Checks the signature with these secrets (the checker's own, and one a platform handed
    /// over in a handshake), as of `at` (a stored delivery's arrival) when no `--now` is
    /// pinned, else as of the clock.
    fn check_as_of(&self, req: &Request, secrets: &[Secret], at: Option<i64>) -> Checked {
        let clock = Clock {
            now: self.now.or(at).unwrap_or_else(now_unix),
            tolerance: self.tolerance,
        };
        let keys = Keys {
            secrets,
            public: &self.public_keys,
        };
        match self.with_scheme(req, |s| (s.kind(), s.verify_keys(req, keys, &clock))) {
            Ok((kind, verdict)) => {
                // A named scheme whose header is missing, on a request another platform's marks
                // are on: say which (`verify --scheme blue` on a Bpium capture).
                let verdict = match verdict {
                    Err(Failure::MissingHeader(header)) if self.forced.is_some() => {
                        match scheme::detect(req) {
                            Ok(other) if other != kind => {
                                Err(Failure::OtherScheme { header, other })
                            }
                            _ => Err(Failure::MissingHeader(header)),
                        }
                    }
                    v => v,
                };
                Checked {
                    kind: Some(kind),
                    verdict: verdict.into(),
                }
            }
            Err(f) => Checked {
                kind: None,
                verdict: Verdict::Invalid(f),
            },
        }
    }
}

/// Which checker applies to a capture's path: the config endpoint that serves it, else the
/// flags' own (shared by `verify --config` and `listen --config`).
pub struct Routes {
    pub endpoints: Vec<(Endpoint, Checker)>,
    pub fallback: Checker,
    /// A config is given and the flags name no secret or public key: a path no endpoint serves is refused
    /// (`Failure::NoEndpoint`), never waved through unchecked.
    pub strict: bool,
}

impl Routes {
    pub fn new(config: Option<&Config>, fallback: Checker, time: &TimeArgs) -> Result<Routes> {
        let mut endpoints = Vec::new();
        for (config, ep) in config
            .iter()
            .flat_map(|c| c.endpoints.iter().map(move |e| (c, e)))
        {
            let place = || {
                format!(
                    "config '{}' line {}, endpoint {}",
                    config.path.display(),
                    ep.line,
                    ep.path
                )
            };
            let secrets = if ep.has_secret() {
                ep.secrets.resolve_env().with_context(place)?
            } else {
                Vec::new()
            };
            let public_keys = ep.public_keys.resolve_env().with_context(place)?;
            let mut checker = Checker::new(ep.scheme, ep.hmac.as_ref(), secrets, public_keys, time)
                .with_context(place)?;
            checker.verify_tokens = ep.verify_tokens.resolve_given().with_context(place)?;
            checker.public_url = ep.public_url.clone().or(fallback.public_url.clone());
            checker
                .needs_public_url("the endpoint's scheme")
                .map_err(anyhow::Error::new)
                .with_context(place)?;
            endpoints.push((ep.clone(), checker));
        }
        Ok(Routes {
            endpoints,
            strict: config.is_some() && !fallback.has_keys(),
            fallback,
        })
    }

    /// Checks a delivery to `path` with the checker that serves it.
    pub fn check(&self, path: &str, req: &Request) -> Checked {
        self.check_also(path, req, None)
    }

    /// The same, with one more secret to try: one a platform handed over for this path.
    pub fn check_also(&self, path: &str, req: &Request, extra: Option<&Secret>) -> Checked {
        self.check_as_of(path, req, extra, None)
    }

    /// Checks a stored delivery as it came: its timestamp against the time it arrived (`at`),
    /// not against today, unless `--now` pins a time. A genuine capture of Stripe's stays
    /// genuine after its 300 s window has passed.
    pub fn check_as_received(&self, path: &str, req: &Request, at: Option<i64>) -> Checked {
        self.check_as_of(path, req, None, at)
    }

    fn check_as_of(
        &self,
        path: &str,
        req: &Request,
        extra: Option<&Secret>,
        at: Option<i64>,
    ) -> Checked {
        match self.for_path(path) {
            (None, fallback) if self.strict && extra.is_none() => Checked {
                kind: fallback.scheme_for(req).ok(),
                verdict: Verdict::Invalid(Failure::NoEndpoint),
            },
            (_, checker) => match extra {
                Some(secret) => {
                    let mut secrets = checker.secrets.clone();
                    secrets.push(secret.clone());
                    checker.check_as_of(req, &secrets, at)
                }
                None => checker.check_as_of(req, &checker.secrets, at),
            },
        }
    }

    /// The URL the platform called for a request to `target` (path and query), when the
    /// checker that serves it knows the public address (`--public-url`).
    pub fn url_for(&self, target: &str) -> Option<String> {
        self.for_path(target).1.url_for(target)
    }

    pub fn for_path(&self, path: &str) -> (Option<&Endpoint>, &Checker) {
        self.endpoints
            .iter()
            .find(|(e, _)| e.serves(path))
            .map_or((None, &self.fallback), |(e, c)| (Some(e), c))
    }
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
