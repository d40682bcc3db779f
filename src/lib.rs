//! hookscope: see, check and replay webhooks locally.
//!
//! The binary is a thin shell around [`run`]; the library exists so that tests, fuzz targets
//! and benchmarks can reach the scheme engine, the body and capture formats, the HTTP client,
//! the escaping and the generated completions. Those modules are public; the subcommands and
//! the rest of the core are private.

mod as_fixture;
pub mod body;
pub mod capture;
pub mod check;
pub mod cli;
pub mod client;
pub mod completions;
pub mod config;
mod curl;
mod decide;
pub mod exit;
mod fixture;
pub mod form;
mod glob;
mod headers;
mod input;
mod inspect;
mod inspector;
pub mod jsonscan;
mod listen;
mod redact;
pub mod render;
mod replay;
mod resign;
pub mod scheme;
pub mod secret;
mod settings;
pub mod show;
mod sign;
mod store;
mod trigger;
mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Outcome;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Verify(args) => verify::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Fixture(args) => fixture::run(args),
        Command::Completions { shell } => completions::run(shell),
        Command::Listen(args) => listen::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Trigger(args) => trigger::run(args),
        Command::Inspect(args) => inspect::run(args),
    }
}
