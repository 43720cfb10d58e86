//! Statistics: what one replication observed ([`tally`]), ratio estimators
//! with Student-t confidence intervals across replications ([`estimate`]),
//! paired differences of two of them on common random numbers ([`paired`]),
//! wait histograms ([`histogram`]) and the reduction into call-center
//! figures ([`summary`]).

pub mod estimate;
pub mod histogram;
pub mod paired;
pub mod reduced;
pub mod student;
pub mod summary;
pub mod tally;
pub mod waits;

pub use estimate::{Estimate, RatioAccumulator};
pub use paired::PairedAccumulator;
pub use summary::{Metric, ScopeAccumulators, ShiftEstimates, Summary, TypeScopes};
