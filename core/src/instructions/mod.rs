//! Instructions: syntax nodes → a typed [`Dockerfile`] of stages, with
//! BuildKit's validation (`frontend/dockerfile/instructions`): argument
//! counts, flags each instruction takes, stage names, `--from` references.
//!
//! Every problem is collected, not only the first, so an editor can show them
//! all; an instruction in error is left out of its stage.

mod build;
mod duration;
mod error;
mod flags;
mod stages;

#[cfg(test)]
mod tests;
mod types;

pub use duration::parse_go_duration;
pub use error::{InstructionError, InstructionErrorKind, InstructionWarning, InstructionWarningKind};
pub use types::*;

use crate::syntax::Parsed;

/// Builds the typed Dockerfile from parsed nodes.
pub fn from_syntax(parsed: &Parsed) -> Dockerfile {
    stages::group(parsed)
}
