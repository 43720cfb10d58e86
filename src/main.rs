//! The `ccsim` binary: parse the command line, call the library, map errors
//! to exit codes (2: bad input, 1: the machine failed us).

use clap::Parser;

use ccsim::cli::{Cli, Command};
use ccsim::commands;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => commands::run::execute(args),
        Command::Merge(args) => commands::merge::execute(args),
        Command::Check(args) => commands::check::execute(args),
        Command::Compare(args) => commands::compare::execute(args),
        Command::Bench(args) => commands::bench::execute(args),
        Command::Fit(args) => commands::fit::execute(args),
        Command::Backtest(args) => commands::backtest::execute(args),
        Command::SimulateLog(args) => commands::simulate_log::execute(args),
        Command::Erlang(args) => commands::erlang::execute(args),
        Command::Staff(args) => commands::staff::execute(args),
        Command::Sweep(args) => commands::sweep::execute(args),
        Command::Breakeven(args) => commands::breakeven::execute(args),
        Command::Schedule(args) => commands::schedule::execute(args),
        Command::Serve(args) => commands::serve::execute(args),
    };
    if let Err(e) = result {
        ccsim::report::output::remove_live_temporaries();
        if e.is_closed_stdout() {
            // The reader left (`ccsim ... | head`): the files are written; end quietly.
            std::process::exit(0);
        }
        ccsim::report::output::warn(&format!("error: {e}"));
        std::process::exit(e.exit_code());
    }
}
