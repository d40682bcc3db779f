//! `hookscope completions SHELL`, and every file under `completions/` (the five shells'
//! scripts and the man pages), which a test holds to what the code generates.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit::Outcome;

mod man;

/// The completion script for one shell.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hookscope", &mut buf);
    buf
}

pub fn run(shell: Shell) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    out.write_all(&script(shell))?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Every generated file under `completions/`: the five shells' scripts and the man pages.
/// Fails when the help text cannot be written as a man page (it would read wrongly there).
pub fn generated_files() -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let buf = script(shell);
        let name = match shell {
            Shell::Bash => "hookscope.bash",
            Shell::Zsh => "_hookscope",
            Shell::Fish => "hookscope.fish",
            Shell::Elvish => "hookscope.elv",
            _ => "_hookscope.ps1",
        };
        files.push((name.to_string(), buf));
    }
    files.extend(man::pages(Cli::command())?);
    Ok(files)
}
