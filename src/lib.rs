//! ccsim: a call-center simulator and capacity planner.
//!
//! Data flow: a scenario file is parsed and validated ([`scenario`]), the
//! engine runs replications of the call-center model in parallel
//! ([`replicate`], [`engine`], [`model`]), statistics reduce them in index
//! order ([`stats`]) and reports present them ([`report`]). Exact queueing
//! formulas ([`analytic`]) answer instantly and check the simulation.

#![warn(missing_docs)]

pub mod analytic;
pub mod calculator;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod dist;
pub mod engine;
pub mod error;
pub mod fit;
pub mod history;
pub mod model;
pub mod money;
pub mod planner;
pub mod plot;
pub mod replicate;
pub mod report;
pub mod rng;
pub mod satisfaction;
pub mod scenario;
pub mod schedule;
pub mod serve;
pub mod shard;
pub mod simulation;
pub mod stats;
pub mod sweep;
