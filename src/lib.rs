//! hookscope: see, check and replay webhooks locally.
//!
//! The binary is a thin shell around [`run`]; the library exists so that tests and benchmarks
//! can reach the scheme engine, the capture format and the generated completions.

pub mod capture;
pub mod check;
pub mod cli;
pub mod client;
pub mod completions;
pub mod config;
pub mod curl;
pub mod decide;
pub mod event;
pub mod exit;
pub mod form;
pub mod glob;
pub mod headers;
pub mod input;
pub mod jsonscan;
pub mod listen;
pub mod render;
pub mod replay;
pub mod scheme;
pub mod secret;
pub mod settings;
pub mod show;
pub mod sign;
pub mod store;
pub mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Outcome;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Verify(args) => verify::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Completions { shell } => completions::run(shell),
        Command::Listen(args) => listen::run(args),
        Command::Replay(args) => replay::run(args),
    }
}
