//! Integration tests: one binary, a module per behaviour.

mod breakeven;
mod call_types;
mod cli_errors;
mod common;
mod determinism;
mod erlang_cli;
mod fuzz;
mod history;
mod money;
mod properties;
mod scenarios;
mod staffing;
mod sweep;
mod theory;
mod typed_planning;
