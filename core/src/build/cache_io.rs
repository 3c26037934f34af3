//! Cache export and import, BuildKit's `--cache-to` and `--cache-from`: what
//! an exported cache holds, which steps `mode=min` and `mode=max` put in it,
//! and a [`StepCache`] that looks a step up in the builder's own cache first,
//! then in the imported ones, and says which cache each hit came from.
//!
//! An exported cache is the steps' keys with what each step produced: the
//! keys are computed from the same inputs on any builder, so a fresh builder
//! that imports it hits exactly where the exporting build had those steps
//! (BuildKit's remote cache stores the cache keys' chains and the layers
//! they point at; `docs.docker.com/build/cache/backends/`).

use super::cache::{BuildCache, CachedStep, StepCache, StepInputs};
use super::mounts::CacheContents;
use super::{BuildOutcome, Image};
use crate::layers::{Efficiency, LayerStack};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// `mode=` of a cache export (BuildKit `parseCacheExportMode`: anything but
/// `max` is `min`, an unknown value only logged at debug level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// Only the layers of the result: the target stage's steps.
    #[default]
    Min,
    /// Every step of every stage the build ran, intermediate ones included.
    Max,
}

impl CacheMode {
    pub fn parse(value: Option<&str>) -> CacheMode {
        match value {
            Some("max") => CacheMode::Max,
            _ => CacheMode::Min,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CacheMode::Min => "min",
            CacheMode::Max => "max",
        }
    }
}

/// Where an imported cache came from: what a hit taken from it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CacheSource {
    /// `type=registry,ref=REF`: a cache manifest pushed to a registry.
    Registry(String),
    /// `type=local,src=DIR`.
    Local(String),
    /// The cache metadata in an image's config (`type=inline`), found by
    /// importing the image's reference.
    Inline(String),
}

impl fmt::Display for CacheSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheSource::Registry(r) => write!(f, "the registry cache {r}"),
            CacheSource::Local(dir) => write!(f, "the local cache directory {dir}"),
            CacheSource::Inline(r) => write!(f, "the inline cache of the image {r}"),
        }
    }
}

/// A cache as an export leaves it: step key → what the step produced.
#[derive(Debug, Clone, Default)]
pub struct ExportedCache {
    pub mode: CacheMode,
    pub steps: BTreeMap<String, CachedStep>,
}

impl ExportedCache {
    /// The bytes of the layers it holds.
    pub fn size(&self) -> u64 {
        self.steps.values().map(|s| s.diff.size()).sum()
    }
}

/// Where a completed layer step sits (`stage/position`, as the cache
/// remembers inputs) and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepKey {
    pub position: String,
    pub key: String,
}

/// The builder's cache with imported caches behind it. Hits from an import
/// are copied into the builder's cache (BuildKit pulls the layers it uses),
/// so the next build hits locally.
pub struct Importing<'a> {
    local: &'a mut BuildCache,
    imports: &'a [(CacheSource, &'a ExportedCache)],
    /// The key the build last looked up or stored, and the import that had
    /// it (interior mutability: `StepCache::get` takes `&self`).
    last: RefCell<Option<(String, Option<usize>)>>,
    /// Every completed layer step, in build order.
    keys: Vec<StepKey>,
    /// Position → the import a hit came from.
    imported: BTreeMap<String, usize>,
}

impl<'a> Importing<'a> {
    pub fn new(local: &'a mut BuildCache, imports: &'a [(CacheSource, &'a ExportedCache)]) -> Importing<'a> {
        Importing { local, imports, last: RefCell::new(None), keys: Vec::new(), imported: BTreeMap::new() }
    }

    /// Every completed layer step's key, and the bytes the imported hits
    /// brought into the builder's cache.
    pub fn finish(self, outcome: &mut BuildOutcome) -> (Vec<StepKey>, u64) {
        let mut pulled = 0;
        for step in outcome.steps.iter_mut().filter(|s| s.cached()) {
            let position = format!("{}/{}", step.stage, step.position);
            if let Some(&index) = self.imported.get(&position) {
                if let Some((source, _)) = self.imports.get(index) {
                    step.hit_from = Some(source.clone());
                    pulled += step.size;
                }
            }
        }
        (self.keys, pulled)
    }
}

impl StepCache for Importing<'_> {
    fn get(&self, key: &str) -> Option<&CachedStep> {
        if let Some(step) = self.local.get(key) {
            *self.last.borrow_mut() = Some((key.to_string(), None));
            return Some(step);
        }
        let (index, step) = self.imports.iter().enumerate().find_map(|(i, (_, c))| c.steps.get(key).map(|s| (i, s)))?;
        *self.last.borrow_mut() = Some((key.to_string(), Some(index)));
        Some(step)
    }

    fn insert(&mut self, key: String, step: CachedStep) {
        *self.last.get_mut() = Some((key.clone(), None));
        self.local.insert(key, step);
    }

    fn last_inputs(&self, position: &str) -> Option<&StepInputs> {
        self.local.last_inputs(position)
    }

    /// The build remembers a step's inputs once the step is done: after its
    /// lookup (a hit) or its insert (a miss), so the last key is this step's.
    fn remember(&mut self, position: String, inputs: StepInputs) {
        if let Some((key, import)) = self.last.get_mut().take() {
            if let Some(index) = import {
                if let Some(step) = self.imports.get(index).and_then(|(_, c)| c.steps.get(&key)) {
                    self.local.insert(key.clone(), step.clone());
                }
                self.imported.insert(position.clone(), index);
            }
            self.keys.push(StepKey { position: position.clone(), key });
        }
        self.local.remember(position, inputs);
    }

    // Cache mounts are the builder's own: an import brings steps, never a
    // cache mount's contents.
    fn cache_mount(&self, id: &str) -> Option<&CacheContents> {
        self.local.cache_mount(id)
    }

    fn store_cache_mount(&mut self, id: String, contents: CacheContents) {
        self.local.store_cache_mount(id, contents);
    }

    fn image_id(&mut self, image: &Image) -> String {
        self.local.image_id(image)
    }

    fn efficiency(&mut self, stack: &LayerStack) -> Efficiency {
        StepCache::efficiency(&mut *self.local, stack)
    }

    fn share_merged(&mut self, stack: &mut LayerStack) {
        self.local.share_merged(stack);
    }
}

/// What a cache export of this build holds: with `mode=min` the steps whose
/// layers are in the result (the target stage's, and those of the stages it
/// is built `FROM`), with `mode=max` every step the build completed
/// (BuildKit's docs, "Cache storage backends": "In min cache mode, only
/// layers that are exported into the resulting image are cached, while in
/// max cache mode, all layers are cached, even those of intermediate steps").
pub fn export(outcome: &BuildOutcome, keys: &[StepKey], cache: &BuildCache, mode: CacheMode) -> ExportedCache {
    let in_result: Vec<String> = outcome
        .layers
        .iter()
        .filter_map(|layer| outcome.steps.get(layer.step))
        .map(|s| format!("{}/{}", s.stage, s.position))
        .collect();
    let steps = keys
        .iter()
        .filter(|k| mode == CacheMode::Max || in_result.contains(&k.position))
        .filter_map(|k| cache.get(&k.key).map(|step| (k.key.clone(), step.clone())))
        .collect();
    ExportedCache { mode, steps }
}
