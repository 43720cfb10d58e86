mod erlang_cli;
mod staffing;
