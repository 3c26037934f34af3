//! The container, network and volume commands, as `Engine` methods with
//! typed arguments (the caller parses command lines). Each takes `now` when
//! time matters and first applies what happened since the last command
//! ([`super::Runtime::settle`]). Errors carry Docker's text.
//!
//! One file per family: [`lifecycle`] (create, run, start, stop, kill,
//! restart, pause, unpause, rm), [`queries`] (ps, logs, exec, inspect, stats,
//! port, top), [`networks`], [`volumes`] and [`prunes`].

mod filesystem;
mod lifecycle;
mod manage;
mod networks;
mod prunes;
mod queries;
mod volumes;

pub use filesystem::{apply_change, kind_name, CommitOptions, ExecRun, FileInfo};
pub(in crate::engine::containers) use lifecycle::{base_of, create_warnings};
pub use lifecycle::{CreateOutcome, RunOutcome, StopOutcome};
pub use manage::{Update, WaitOutcome};
pub use prunes::{ContainerPrune, SystemPrune};
pub use queries::{ExecOutcome, PsFilter, PsOptions};
