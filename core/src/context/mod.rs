//! The build context: the files sent to the builder, and `.dockerignore`.

mod dockerignore;
mod files;
mod glob;
mod path;

pub use dockerignore::{read_patterns, Dockerignore, DockerignoreError, DockerignoreErrorKind, IgnorePattern};
pub use files::{BuildContext, ContextFile};
pub(crate) use glob::matches as glob_matches;
pub use path::clean;
