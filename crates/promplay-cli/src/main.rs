//! The `promplay` binary: argument handling and rendering over `promplay-pipeline`.
//!
//! `main` only maps the outcome of a command to an exit status; the commands
//! live in [`metrics`] and [`conformance`], the command line in [`args`].

// The CLI is the one crate whose job is to print.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod am;
mod args;
mod bench;
mod compile;
mod conformance;
mod metrics;
mod query;
mod relabel;
mod rules;
mod serve;
mod targets;

use args::Command;
use std::process::ExitCode;

/// Exit status for a usage error (bad flag, unknown command), as clap and BSD tools use.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(err) => {
            eprintln!("promplay: {err}");
            eprintln!("Try 'promplay --help' for more information.");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let result = match command {
        Command::Help(text) => {
            print!("{text}");
            Ok(0)
        }
        Command::Version => {
            println!("promplay {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Command::MetricsCheck(opts) => metrics::check(&opts),
        Command::MetricsParse(opts) => metrics::parse(&opts),
        Command::Conformance(opts) => conformance::run(&opts),
        Command::Compile(opts) => compile::run(&opts),
        Command::Query(opts) => query::run(&opts),
        Command::Bench(opts) => bench::run(&opts),
        Command::Targets(opts) => targets::run(&opts),
        Command::Relabel(opts) => relabel::run(&opts),
        Command::TestRules(opts) => rules::test(&opts),
        Command::RulesCheck(files) => rules::check(&files),
        Command::RulesEval(opts) => rules::eval(&opts),
        Command::Am(opts) => am::run(&opts),
        Command::Serve(opts) => serve::run(&opts),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("promplay: {err:#}");
            ExitCode::from(1)
        }
    }
}
