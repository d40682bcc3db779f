//! The integration tests: one crate, so the binary and the library are linked once. Each
//! module drives one subcommand the way a user does, through the built binary.

mod actions;
mod cli;
mod common;
mod completions;
mod handshakes;
mod inspect;
mod listen;
mod questions;
mod replay;
mod trigger;
mod tunnel;
