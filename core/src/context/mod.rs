//! The build context: the files sent to the builder, and `.dockerignore`.

mod dockerignore;
mod glob;
mod path;

pub use dockerignore::{read_patterns, Dockerignore, DockerignoreError, DockerignoreErrorKind, IgnorePattern};
pub use path::clean;
