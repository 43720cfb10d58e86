//! Integration tests: one binary, a module per behaviour.

mod breakeven;
mod call_types;
mod charts;
mod cli_errors;
mod common;
mod compare;
mod determinism;
mod erlang_cli;
mod fuzz;
mod history;
mod history_fuzz;
mod history_input;
mod horizon;
mod html_report;
mod money;
mod output_safety;
mod properties;
mod real_logs;
mod satisfaction;
mod scenarios;
mod schedule;
mod shrinkage;
mod staffing;
mod sweep;
mod theory;
mod typed_planning;
