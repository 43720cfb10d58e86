//! Integration tests: one binary, a module per behaviour.

mod call_types;
mod cli_errors;
mod common;
mod determinism;
mod erlang_cli;
mod fuzz;
mod history;
mod properties;
mod scenarios;
mod staffing;
mod theory;
