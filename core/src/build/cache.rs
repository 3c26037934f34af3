//! The build cache: a key per step computed from what BuildKit keys on, the
//! layers of every earlier build, and the reason a step missed, in words.
//!
//! A step's key is its parent's key plus the instruction after expansion;
//! RUN adds its environment (ENV and the ARGs in scope), user and working
//! directory; COPY and ADD add the checksums of their source files' contents
//! and modes (never modification times); FROM is keyed by the base image.

use super::memo::{EfficiencyMemo, IdMemo, MergedMemo};
use super::mounts::CacheContents;
use super::report::{FileChange, MissCause, SourceChange};
use super::Image;
use crate::layers::LayerDiff;
use crate::layers::{Efficiency, LayerStack};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Everything a step's cache key depends on, kept to explain the next miss.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepInputs {
    /// The instruction as the log shows it, after expansion.
    pub instruction: String,
    /// RUN: the environment (`KEY=value`); ARGs included.
    pub env: BTreeMap<String, String>,
    /// RUN: which of `env` are ARGs (so a change can be named as a build arg).
    pub args: BTreeMap<String, String>,
    pub user: String,
    pub workdir: String,
    /// COPY/ADD: source path → content digest.
    pub files: BTreeMap<String, String>,
    /// FROM: the resolved base image; COPY --from: the source stage's key.
    pub source: Option<String>,
    /// Not in the key (the parent key carries it): COPY/ADD source sizes and
    /// the stage's base, kept so a miss can say what changed and by how much.
    pub sizes: BTreeMap<String, u64>,
    pub base: String,
    /// RUN: the content of bind mounts' sources, `target\0source path` →
    /// digest (BuildKit keys an exec on its read-only mounts' content; a
    /// cache mount's content is never keyed); sizes beside, for the words.
    pub mounts: BTreeMap<String, String>,
    pub mount_sizes: BTreeMap<String, u64>,
}

impl StepInputs {
    pub fn key(&self, parent: &str) -> String {
        // Each field is hashed as `name\0value\0`; a value made of several
        // pieces (`k=v`, `path\0digest`) is fed piece by piece, which hashes
        // the same bytes as the joined string without building it.
        let mut h = Sha256::new();
        let mut field = |name: &str, pieces: &[&str]| {
            h.update(name.as_bytes());
            h.update([0]);
            for piece in pieces {
                h.update(piece.as_bytes());
            }
            h.update([0]);
        };
        field("parent", &[parent]);
        field("instruction", &[&self.instruction]);
        for (k, v) in &self.env {
            field("env", &[k, "=", v]);
        }
        field("user", &[&self.user]);
        field("workdir", &[&self.workdir]);
        for (path, digest) in &self.files {
            field("file", &[path, "\u{0}", digest]);
        }
        field("source", &[self.source.as_deref().unwrap_or("")]);
        // Absent for steps without bind mounts, so their keys are unchanged.
        for (path, digest) in &self.mounts {
            field("mount", &[path, "\u{0}", digest]);
        }
        format!("sha256:{:x}", h.finalize())
    }
}

/// What a cached step produced.
#[derive(Debug, Clone, Default)]
pub struct CachedStep {
    /// Shared with every image stack that replays the step.
    pub diff: Arc<LayerDiff>,
    pub seconds: f64,
    /// Tools, users and notes the step left, replayed on a hit.
    pub installed: Vec<String>,
    pub users_added: Vec<String>,
    pub notes: Vec<String>,
    /// What the command printed.
    pub output: Vec<String>,
    /// Small text files COPY placed, by image path (for later RUNs to read).
    pub texts: Vec<(String, String)>,
    /// Paths the step put whose size is unknown (see [`super::StepReport::unknown_size`]).
    pub unknown_size: Vec<String>,
    /// How many times this key had run before this result (0 the first
    /// time; `--no-cache` runs it again). A step that runs again makes a new
    /// layer and a new history time in BuildKit, so the image id changes.
    pub runs: u32,
}

/// What a build reads and writes of a cache: the editor's [`BuildCache`], or
/// a [`Scratch`] over it for builds that must not change it (lint's "what if").
pub trait StepCache {
    fn get(&self, key: &str) -> Option<&CachedStep>;
    fn insert(&mut self, key: String, step: CachedStep);
    /// The inputs a step position (`stage/step`) had the last time it ran.
    fn last_inputs(&self, position: &str) -> Option<&StepInputs>;
    fn remember(&mut self, position: String, inputs: StepInputs);
    /// `image.id()`, remembered across builds where the cache can.
    fn image_id(&mut self, image: &Image) -> String {
        image.id()
    }
    /// `stack.efficiency()`, remembered across builds where the cache can.
    fn efficiency(&mut self, stack: &LayerStack) -> Efficiency {
        stack.efficiency()
    }
    /// Gives the image's stack its merged view, from an earlier build of the
    /// same layers where the cache remembers one (else it is made when read).
    fn share_merged(&mut self, _stack: &mut LayerStack) {}
    /// What the builder's cache mount `id` holds (`RUN --mount=type=cache`).
    fn cache_mount(&self, _id: &str) -> Option<&CacheContents> {
        None
    }
    /// Keeps a cache mount's contents for the next build.
    fn store_cache_mount(&mut self, _id: String, _contents: CacheContents) {}
}

/// A cache that reads through to another and keeps its own writes: a "what
/// if" build sees every earlier step without copying the cache.
#[derive(Debug)]
pub struct Scratch<'a> {
    base: &'a BuildCache,
    own: BuildCache,
}

impl<'a> Scratch<'a> {
    pub fn over(base: &'a BuildCache) -> Scratch<'a> {
        Scratch { base, own: BuildCache::default() }
    }
}

impl StepCache for Scratch<'_> {
    fn get(&self, key: &str) -> Option<&CachedStep> {
        self.own.get(key).or_else(|| self.base.get(key))
    }

    fn insert(&mut self, key: String, step: CachedStep) {
        self.own.insert(key, step);
    }

    fn last_inputs(&self, position: &str) -> Option<&StepInputs> {
        self.own.last_inputs(position).or_else(|| self.base.last_inputs(position))
    }

    fn remember(&mut self, position: String, inputs: StepInputs) {
        self.own.remember(position, inputs);
    }

    fn cache_mount(&self, id: &str) -> Option<&CacheContents> {
        self.own.cache_mounts.get(id).or_else(|| self.base.cache_mounts.get(id))
    }

    fn store_cache_mount(&mut self, id: String, contents: CacheContents) {
        self.own.cache_mounts.insert(id, contents);
    }
}

impl StepCache for BuildCache {
    fn get(&self, key: &str) -> Option<&CachedStep> {
        BuildCache::get(self, key)
    }

    fn insert(&mut self, key: String, step: CachedStep) {
        BuildCache::insert(self, key, step);
    }

    fn last_inputs(&self, position: &str) -> Option<&StepInputs> {
        BuildCache::last_inputs(self, position)
    }

    fn remember(&mut self, position: String, inputs: StepInputs) {
        BuildCache::remember(self, position, inputs);
    }

    fn image_id(&mut self, image: &Image) -> String {
        self.ids.id(image)
    }

    fn efficiency(&mut self, stack: &LayerStack) -> Efficiency {
        self.efficiencies.efficiency(stack)
    }

    fn share_merged(&mut self, stack: &mut LayerStack) {
        self.merged.share(stack);
    }

    fn cache_mount(&self, id: &str) -> Option<&CacheContents> {
        self.cache_mounts.get(id)
    }

    fn store_cache_mount(&mut self, id: String, contents: CacheContents) {
        self.cache_mounts.insert(id, contents);
    }
}

/// The cache of every earlier build (not only the last one).
#[derive(Debug, Clone, Default)]
pub struct BuildCache {
    entries: HashMap<String, CachedStep>,
    /// The inputs a step position (`stage/step`) had the last time it ran.
    last_inputs: HashMap<String, StepInputs>,
    /// The ids of the last images built, which an unchanged rebuild reuses.
    ids: IdMemo,
    /// The efficiency of the last images built, likewise.
    efficiencies: EfficiencyMemo,
    /// The merged views of the last images built, likewise.
    merged: MergedMemo,
    /// `RUN --mount=type=cache` contents, by cache id: the builder keeps
    /// them across builds; they are never part of a layer or a key.
    cache_mounts: BTreeMap<String, CacheContents>,
}

impl BuildCache {
    pub fn get(&self, key: &str) -> Option<&CachedStep> {
        self.entries.get(key)
    }

    pub fn insert(&mut self, key: String, step: CachedStep) {
        self.entries.insert(key, step);
    }

    pub fn last_inputs(&self, position: &str) -> Option<&StepInputs> {
        self.last_inputs.get(position)
    }

    pub fn remember(&mut self, position: String, inputs: StepInputs) {
        self.last_inputs.insert(position, inputs);
    }

    /// `docker builder prune`: drops every cached step.
    pub fn clear(&mut self) -> usize {
        let n = self.entries.len();
        self.entries.clear();
        self.ids.clear();
        self.efficiencies.clear();
        self.merged.clear();
        // `docker builder prune` removes cache mounts too (they are build
        // cache records of type `exec.cachemount`).
        self.cache_mounts.clear();
        n
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every cached step's key, sorted (for deterministic listings).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why a step was not found in the cache: the first input that differs from
/// the last build of the step at the same position. `parent` is the step whose
/// layer this one builds on, when that step ran (index into the steps, line).
pub fn explain_miss(
    previous: Option<&StepInputs>,
    now: &StepInputs,
    parent: Option<(usize, usize)>,
    no_cache: bool,
) -> MissCause {
    if no_cache {
        return MissCause::NoCache;
    }
    if let Some((step, line)) = parent {
        return MissCause::ParentMissed { step, line };
    }
    let Some(prev) = previous else {
        return MissCause::FirstBuild;
    };
    if prev.base != now.base {
        return MissCause::BaseChanged { before: prev.base.clone(), after: now.base.clone() };
    }
    if prev.instruction != now.instruction {
        return MissCause::InstructionChanged { before: prev.instruction.clone(), after: now.instruction.clone() };
    }
    if prev.source != now.source {
        return MissCause::SourceChanged { before: prev.source.clone(), after: now.source.clone() };
    }
    let files = file_changes(prev, now);
    if !files.is_empty() {
        return MissCause::FilesChanged { files };
    }
    if let Some(cause) = super::mounts::mount_changes(prev, now) {
        return cause;
    }
    let names = now.env.keys().chain(prev.env.keys().filter(|k| !now.env.contains_key(*k)));
    for name in names {
        let (before, after) = (prev.env.get(name), now.env.get(name));
        if before != after {
            let (name, before, after) = (name.clone(), before.cloned(), after.cloned());
            return if now.args.contains_key(&name) || prev.args.contains_key(&name) {
                MissCause::BuildArgChanged { name, before, after }
            } else {
                MissCause::EnvChanged { name, before, after }
            };
        }
    }
    if prev.user != now.user {
        return MissCause::UserChanged { before: prev.user.clone(), after: now.user.clone() };
    }
    if prev.workdir != now.workdir {
        return MissCause::WorkdirChanged { before: prev.workdir.clone(), after: now.workdir.clone() };
    }
    MissCause::Pruned
}

/// The source files that differ, in path order (added and modified, then removed).
fn file_changes(before: &StepInputs, after: &StepInputs) -> Vec<FileChange> {
    let mut changes = Vec::new();
    for (path, digest) in &after.files {
        let change = match before.files.get(path) {
            Some(old) if old == digest => continue,
            Some(_) => SourceChange::Modified,
            None => SourceChange::Added,
        };
        let before = before.sizes.get(path).copied().filter(|_| change == SourceChange::Modified);
        changes.push(FileChange { path: path.clone(), change, before, after: after.sizes.get(path).copied() });
    }
    for path in before.files.keys().filter(|p| !after.files.contains_key(*p)) {
        changes.push(FileChange {
            path: path.clone(),
            change: SourceChange::Removed,
            before: before.sizes.get(path).copied(),
            after: None,
        });
    }
    changes
}
