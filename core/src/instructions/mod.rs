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
    stages::group(parsed, stages::Keep::All)
}

/// The same checks as [`from_syntax`], for a caller that needs the stages
/// only when the file has no error (as expansion does): once an error is
/// found, the instructions are built, checked and dropped, so the file in
/// error is its `errors`, `warnings`, meta args and stages' FROMs, with no
/// instructions. Same errors and warnings as `from_syntax`, in less memory.
pub fn problems(parsed: &Parsed) -> Dockerfile {
    stages::group(parsed, stages::Keep::UntilError)
}
