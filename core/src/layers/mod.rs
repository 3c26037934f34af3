//! The union filesystem an image is made of: a stack of layer diffs, each
//! adding, changing and deleting files (whiteouts), read top-down as overlayfs
//! does. Sizes, and the waste dive reports, come from here.
//!
//! Files carry a size and a content digest, never contents: the simulation
//! needs to know what changed and what it weighs, not the bytes.

mod diff;
mod efficiency;
mod path;
mod stack;
#[cfg(test)]
mod tests;

pub use diff::{Change, LayerDiff};
pub use efficiency::{Efficiency, PathWaste};
pub use path::normalize;
pub use stack::{LayerStack, Writer};

/// What a path holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A regular file: its size and a digest of its contents.
    File {
        size: u64,
        digest: u64,
    },
    Dir,
    Symlink {
        target: String,
    },
}

/// One file system entry with its metadata.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    pub kind: Kind,
    /// Permission bits (`0o644`).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Entry {
    pub fn file(size: u64, digest: u64) -> Entry {
        Entry { kind: Kind::File { size, digest }, mode: 0o644, uid: 0, gid: 0 }
    }

    pub fn dir() -> Entry {
        Entry { kind: Kind::Dir, mode: 0o755, uid: 0, gid: 0 }
    }

    /// Bytes this entry adds to a layer (directories and links count as nothing).
    pub fn size(&self) -> u64 {
        match self.kind {
            Kind::File { size, .. } => size,
            Kind::Dir | Kind::Symlink { .. } => 0,
        }
    }

    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }
}
