//! The build context: the files sent to the builder, `.dockerignore`, and
//! what the archives among them hold (for `ADD`).

mod archive;
mod dockerignore;
mod files;
mod glob;
mod path;

#[cfg(test)]
pub(crate) use archive::tests as archive_testing;
pub use archive::{
    read_archive, Archive, ArchiveContents, ArchiveEntry, ArchiveEntryKind, Compression, MAX_ENTRIES, MAX_TAR_BYTES,
};
pub use dockerignore::{read_patterns, Dockerignore, DockerignoreError, DockerignoreErrorKind, IgnorePattern};
pub use files::{names_directly, BuildContext, ContextFile};
pub(crate) use glob::matches as glob_matches;
pub use path::clean;
