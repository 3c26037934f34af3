//! A stack of layers with its merged view, and a [`Writer`] that records the
//! next layer's changes against it.

use super::path::{ancestors, is_within};
use super::{Change, Entry, LayerDiff};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::sync::Arc;

/// Layers bottom first, plus the merged view a container would see.
///
/// Layers are shared (`Arc`): a cache hit puts the cached layer itself on the
/// stack, and a child stage's copy of its parent's stack copies pointers. The
/// merged view is made on first read and kept up to date from then on, so a
/// build that only replays cached layers never makes it.
#[derive(Clone, Default)]
pub struct LayerStack {
    layers: Vec<Arc<LayerDiff>>,
    /// Shared too: a build that ends with the same layers as an earlier one
    /// takes the earlier merged view ([`LayerStack::adopt_merged`]).
    merged: OnceCell<Arc<BTreeMap<String, Entry>>>,
}

/// The merged view is a function of the layers: equal layers, equal stacks.
impl PartialEq for LayerStack {
    fn eq(&self, other: &LayerStack) -> bool {
        self.layers == other.layers
    }
}

impl Eq for LayerStack {}

impl fmt::Debug for LayerStack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LayerStack").field("layers", &self.layers).field("merged", self.merged()).finish()
    }
}

/// The entries of `map` at or under `dir`, as a range (paths sort parent first).
fn subtree<'a, V>(map: &'a BTreeMap<String, V>, dir: &str) -> impl Iterator<Item = (&'a String, &'a V)> + 'a {
    let dir = dir.to_string();
    map.range::<str, _>((Bound::Included(dir.as_str()), Bound::Unbounded))
        .take_while(move |(path, _)| is_within(path, &dir))
        .collect::<Vec<_>>()
        .into_iter()
}

fn apply(merged: &mut BTreeMap<String, Entry>, path: &str, change: &Change) {
    match change {
        Change::Put(entry) => {
            if !entry.is_dir() {
                remove_subtree(merged, path);
            }
            merged.insert(path.to_string(), entry.clone());
        }
        Change::Whiteout => remove_subtree(merged, path),
        Change::Opaque(entry) => {
            remove_subtree(merged, path);
            merged.insert(path.to_string(), entry.clone());
        }
    }
}

fn remove_subtree(merged: &mut BTreeMap<String, Entry>, path: &str) {
    // Most puts are of new paths: nothing to remove, nothing to collect.
    let first = merged.range::<str, _>((Bound::Included(path), Bound::Unbounded)).next();
    if !first.is_some_and(|(p, _)| is_within(p, path)) {
        return;
    }
    let doomed: Vec<String> = subtree(merged, path).map(|(p, _)| p.clone()).collect();
    for p in doomed {
        merged.remove(&p);
    }
}

impl LayerStack {
    pub fn new() -> LayerStack {
        LayerStack::default()
    }

    pub fn layers(&self) -> &[Arc<LayerDiff>] {
        &self.layers
    }

    /// Adds a layer on top.
    pub fn push(&mut self, diff: LayerDiff) {
        self.push_shared(Arc::new(diff));
    }

    /// Adds a layer that is also kept elsewhere (the build cache's), without copying it.
    pub fn push_shared(&mut self, diff: Arc<LayerDiff>) {
        if let Some(merged) = self.merged.get_mut() {
            let merged = Arc::make_mut(merged);
            for (path, change) in &diff.changes {
                apply(merged, path, change);
            }
        }
        self.layers.push(diff);
    }

    /// What a container sees at `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.merged().get(path)
    }

    /// Every visible path, in order.
    pub fn merged(&self) -> &BTreeMap<String, Entry> {
        self.shared_merged()
    }

    /// The merged view, to hand to another stack of the same layers.
    pub fn shared_merged(&self) -> &Arc<BTreeMap<String, Entry>> {
        self.merged.get_or_init(|| {
            let mut merged = BTreeMap::new();
            for diff in &self.layers {
                for (path, change) in &diff.changes {
                    apply(&mut merged, path, change);
                }
            }
            Arc::new(merged)
        })
    }

    /// Takes `merged` as this stack's merged view. It must be the merged
    /// view of these very layers (another stack's [`LayerStack::shared_merged`]
    /// with the same `Arc`s, in order); the caller checks that.
    pub fn adopt_merged(&mut self, merged: Arc<BTreeMap<String, Entry>>) {
        self.merged = OnceCell::from(merged);
    }

    /// Visible entries at or under `dir`.
    pub fn under<'a>(&'a self, dir: &str) -> impl Iterator<Item = (&'a String, &'a Entry)> + 'a {
        subtree(self.merged(), dir)
    }

    /// The image size: every layer's size, deleted files included (a later
    /// deletion never shrinks what lower layers store).
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|diff| diff.size()).sum()
    }

    /// Starts the next layer.
    pub fn writer(&self) -> Writer<'_> {
        Writer { below: self, diff: LayerDiff::default() }
    }
}

/// Records one layer's changes, reading through to the layers below.
#[derive(Debug)]
pub struct Writer<'a> {
    below: &'a LayerStack,
    diff: LayerDiff,
}

impl Writer<'_> {
    /// What the step sees at `path`, its own changes included.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        let own = &self.diff.changes;
        match own.get(path) {
            Some(Change::Put(e) | Change::Opaque(e)) => return Some(e),
            Some(Change::Whiteout) => return None,
            None => {}
        }
        for ancestor in ancestors(path) {
            match own.get(ancestor) {
                Some(Change::Whiteout | Change::Opaque(_)) => return None,
                Some(Change::Put(e)) if !e.is_dir() => return None,
                _ => {}
            }
        }
        self.below.get(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Adds or replaces `path`, creating missing parent directories.
    pub fn put(&mut self, path: &str, entry: Entry) {
        // A visible path's parents are all visible (put creates them, removals
        // take whole subtrees), so the missing ones end at the first that exists.
        let missing: Vec<String> =
            ancestors(path).take_while(|a| *a != "/" && !self.exists(a)).map(str::to_string).collect();
        for dir in missing.into_iter().rev() {
            self.record(&dir, Entry::dir());
        }
        self.record(path, entry);
    }

    fn record(&mut self, path: &str, entry: Entry) {
        let replaces_deleted_dir = entry.is_dir() && matches!(self.diff.changes.get(path), Some(Change::Whiteout));
        let change = if replaces_deleted_dir { Change::Opaque(entry) } else { Change::Put(entry) };
        self.diff.changes.insert(path.to_string(), change);
    }

    /// `mkdir -p`.
    pub fn mkdir_p(&mut self, path: &str) {
        if !self.exists(path) {
            self.put(path, Entry::dir());
        }
    }

    /// `rm -rf`: deletes `path` and everything under it. False when nothing was there.
    pub fn remove(&mut self, path: &str) -> bool {
        if !self.exists(path) {
            return false;
        }
        let own: Vec<String> = subtree(&self.diff.changes, path).map(|(p, _)| p.clone()).collect();
        for p in own {
            self.diff.changes.remove(&p);
        }
        if self.below.get(path).is_some() {
            self.diff.changes.insert(path.to_string(), Change::Whiteout);
        }
        true
    }

    /// Visible paths at or under `dir`, this step's changes included.
    pub fn list(&self, dir: &str) -> Vec<(String, Entry)> {
        let mut out: BTreeMap<String, Entry> = BTreeMap::new();
        for (path, _) in self.below.under(dir) {
            if let Some(visible) = self.get(path) {
                out.insert(path.clone(), visible.clone());
            }
        }
        for (path, change) in subtree(&self.diff.changes, dir) {
            if let Change::Put(e) | Change::Opaque(e) = change {
                if self.get(path).is_some() {
                    out.insert(path.clone(), e.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    /// `chown -R` / `chmod -R`: every entry under `dir` is written again with
    /// new metadata, so every file is copied into this layer whole: the
    /// classic size surprise. Returns the bytes copied.
    pub fn change_metadata(&mut self, dir: &str, change: impl Fn(&mut Entry)) -> u64 {
        let mut copied = 0;
        for (path, mut entry) in self.list(dir) {
            change(&mut entry);
            copied += entry.size();
            self.record(&path, entry);
        }
        copied
    }

    /// The finished layer.
    pub fn finish(self) -> LayerDiff {
        self.diff
    }
}
