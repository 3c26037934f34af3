//! Wasted space and the efficiency score.
//!
//! A copy of a file is wasted when a layer stores it but the final image
//! cannot see it: a later layer overwrote it, deleted it, or deleted a
//! directory above it. The score is 1 − wasted ÷ stored.
//!
//! This is dive's idea with one difference, on purpose: dive
//! (wagoodman/dive `dive/filetree/efficiency.go`) counts every copy of a
//! *path* that appears in two or more layers, the surviving copy included,
//! and so misses files hidden by deleting their parent directory
//! (`rm -rf /var/lib/apt/lists`), which is the case a learner most needs to see.

use super::path::ancestors;
use super::{Change, LayerStack};
use std::collections::HashMap;

/// A stored file copy the final image cannot see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathWaste {
    pub path: String,
    pub size: u64,
    /// The layer that stored it (bottom is 0).
    pub stored_in: usize,
    /// The nearest later layer that overwrote or deleted it.
    pub hidden_by: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Efficiency {
    /// 1.0 when every stored byte is visible in the final image.
    pub score: f64,
    pub wasted_bytes: u64,
    /// Largest first.
    pub paths: Vec<PathWaste>,
}

impl LayerStack {
    pub fn efficiency(&self) -> Efficiency {
        // Walk from the top down, remembering which paths (and which whole
        // directories) a higher layer has already replaced or deleted.
        let mut replaced: HashMap<&str, usize> = HashMap::new();
        let mut dirs_replaced: HashMap<&str, usize> = HashMap::new();
        let mut paths = Vec::new();
        let mut stored = 0u64;
        for (index, layer) in self.layers().iter().enumerate().rev() {
            for (path, change) in &layer.changes {
                let (Change::Put(entry) | Change::Opaque(entry)) = change else { continue };
                if entry.is_dir() {
                    continue;
                }
                stored += entry.size();
                let hidden_by = replaced
                    .get(path.as_str())
                    .copied()
                    .into_iter()
                    .chain(ancestors(path).filter_map(|a| dirs_replaced.get(a).copied()))
                    .min();
                if let Some(hidden_by) = hidden_by {
                    paths.push(PathWaste { path: path.clone(), size: entry.size(), stored_in: index, hidden_by });
                }
            }
            for (path, change) in &layer.changes {
                replaced.insert(path, index);
                let hides_below = match change {
                    Change::Whiteout | Change::Opaque(_) => true,
                    Change::Put(entry) => !entry.is_dir(),
                };
                if hides_below {
                    dirs_replaced.insert(path, index);
                }
            }
        }
        crate::sort::by(&mut paths, |a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        let wasted_bytes: u64 = paths.iter().map(|p| p.size).sum();
        let score = if stored == 0 { 1.0 } else { 1.0 - wasted_bytes as f64 / stored as f64 };
        Efficiency { score, wasted_bytes, paths }
    }
}
