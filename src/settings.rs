//! What the flags (and `--config`) resolve to, once: the secrets and public keys, the routes
//! that check deliveries with them, and the store's directory. `listen`, `verify` and `replay` each
//! resolved these in a copy of the same steps.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::check::{Checker, Routes};
use crate::cli::{HmacArgs, SecretArgs, TimeArgs};
use crate::config::Config;
use crate::exit::Hinted;
use crate::scheme::SchemeChoice;
use crate::secret::PublicKeySources;
use crate::store;

/// The checking settings: the config read from `--config`, if any, and the routes built from
/// it and the command line's own scheme and secrets (the routes' fallback).
pub struct Checking {
    pub config: Option<Config>,
    pub routes: Routes,
}

impl Checking {
    /// Neither a secret on the command line nor a config that may name some.
    pub fn no_secret(&self) -> bool {
        self.routes.fallback.secrets.is_empty() && self.config.is_none()
    }

    /// Neither a secret nor a public key on the command line, nor a config that may name some.
    pub fn no_keys(&self) -> bool {
        !self.routes.fallback.has_keys() && self.config.is_none()
    }
}

/// Reads the secrets and public keys (from the environment and files as the flags say) and the
/// config, and builds the routes. `time` is the replay window the checks apply.
pub fn checking(
    secrets: &SecretArgs,
    public_keys: &PublicKeySources,
    config: Option<&Path>,
    scheme: SchemeChoice,
    hmac: &HmacArgs,
    time: &TimeArgs,
    public_url: Option<&str>,
) -> Result<Checking> {
    let secrets = secrets.sources().resolve_env()?;
    let public_keys = public_keys.resolve_env()?;
    let config = config.map(Config::load).transpose()?;
    let fallback = Checker::new(
        hmac.scheme_with(scheme.kind())?,
        hmac.params().as_ref(),
        secrets,
        public_keys,
        time,
    )?;
    let mut fallback = fallback;
    fallback.public_url = public_url.map(str::to_string);
    fallback.needs_public_url("--scheme")?;
    let routes = Routes::new(config.as_ref(), fallback, time)?;
    Ok(Checking { config, routes })
}

/// No replay window: a capture is as old as it is, and what makes it genuine is its signature
/// (replay's re-signing and the inspector's actions check captures so).
pub fn no_window() -> TimeArgs {
    TimeArgs {
        tolerance: None,
        no_tolerance: true,
        now: None,
    }
}

/// What the store is wanted for: its errors say what to do instead.
#[derive(Clone, Copy)]
pub enum StoreUse {
    /// `listen` keeps captures there.
    Keep,
    /// `replay` reads them.
    Read,
}

/// The store's directory: `--store DIR`, else the default under XDG_STATE_HOME or HOME.
pub fn store_dir(given: Option<&Path>, used: StoreUse) -> Result<PathBuf, Hinted> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    store::default_dir().ok_or_else(|| match used {
        StoreUse::Keep => Hinted::new(
            "no place to store captures: neither XDG_STATE_HOME nor HOME is set",
            ["pass --store DIR, or --no-store"],
        ),
        StoreUse::Read => Hinted::new(
            "no store to read: neither XDG_STATE_HOME nor HOME is set",
            ["name capture files or directories, or pass --store DIR"],
        ),
    })
}
