//! One layer: the changes it makes to the layers below it.

use super::Entry;
use std::collections::BTreeMap;

/// A change to one path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    /// The path is added or replaced (a changed file is stored whole again).
    Put(Entry),
    /// The path, and anything under it, is deleted: overlayfs's whiteout.
    Whiteout,
    /// A directory that replaces a deleted one: nothing from below shows through
    /// (overlayfs's opaque directory, as after `rm -rf /d && mkdir /d`).
    Opaque(Entry),
}

/// A layer diff: path → change, in path order (as a tar of the layer lists them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LayerDiff {
    pub changes: BTreeMap<String, Change>,
}

impl LayerDiff {
    /// The layer's size: the bytes of the files it stores, as `docker history` counts them.
    pub fn size(&self) -> u64 {
        self.changes
            .values()
            .map(|change| match change {
                Change::Put(entry) | Change::Opaque(entry) => entry.size(),
                Change::Whiteout => 0,
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Paths deleted by this layer.
    pub fn whiteouts(&self) -> impl Iterator<Item = &str> {
        self.changes.iter().filter(|(_, c)| matches!(c, Change::Whiteout)).map(|(p, _)| p.as_str())
    }
}
