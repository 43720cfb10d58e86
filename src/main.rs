//! The `ccsim` binary: parse the command line, call the library, map errors
//! to exit codes (2: bad input, 1: the machine failed us).

use clap::Parser;

use ccsim::cli::{Cli, Command};
use ccsim::commands;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => commands::run::execute(args),
        Command::Check(args) => commands::check::execute(args),
        Command::Compare(args) => commands::compare::execute(args),
        Command::Bench(args) => commands::bench::execute(args),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
