use std::process::ExitCode;

use clap::Parser;

use hookscope::cli::Cli;
use hookscope::exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    hookscope::render::init_color(cli.color);
    match hookscope::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) if exit::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprint!("{}", exit::render_error(&err));
            ExitCode::from(exit::ERROR)
        }
    }
}
