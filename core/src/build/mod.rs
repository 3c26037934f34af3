//! Build simulation: `docker build` in memory, BuildKit's way. Stages,
//! the cache with a reason for every miss, layers and their sizes, the
//! image config, and the build log.
//!
//! Only FROM, RUN, COPY, ADD and WORKDIR are build steps (they make LLB
//! operations and appear in BuildKit's log as `[n/m]`); the other
//! instructions change the image config only.

mod base;
mod cache;
pub mod cache_io;
mod checks;
mod config;
mod engine;
mod failure;
mod link;
mod log;
mod memo;
mod mounts;
pub mod multi;
#[cfg(test)]
mod numbering_tests;
pub mod platforms;
mod report;
mod secrets;
mod selection;
mod sources;
mod steps;
#[cfg(test)]
mod tests;
mod transfer;

pub use cache::{explain_miss, BuildCache, CachedStep, Scratch, StepCache, StepInputs};
pub use config::{ImageConfig, DEFAULT_PATH, DEFAULT_SHELL};
pub use engine::{build, build_for, build_on, build_with};
pub use failure::{error_line, note_line, source_excerpt};
pub use log::{add_names, check_progress};
pub use mounts::{CacheContents, MountKind, Network, RunMount, Sharing, StepMount};
pub use report::{
    BuildError, CacheDecision, FileChange, LayerChange, LayerFile, LayerReport, MissCause, SourceChange, StepKind,
    StepReport, WastedPath,
};
pub use secrets::{
    load_secrets, parse_secret_spec, parse_ssh_spec, BuildSession, Entitlement, HostLookup, Secret, SecretSpec,
};

use crate::context::BuildContext;
use crate::instructions::{Dockerfile, Instruction};
use crate::layers::{Change, LayerStack};
use crate::syntax::Parsed;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What `docker build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildRequest<'a> {
    pub dockerfile: &'a str,
    pub context: &'a BuildContext,
    pub build_args: BTreeMap<String, String>,
    /// `--target`: a stage name or index; the last stage when `None`.
    pub target: Option<String>,
    pub no_cache: bool,
    /// What `--secret`, `--ssh` and `--allow` lend the build.
    pub session: BuildSession,
}

impl<'a> BuildRequest<'a> {
    /// `docker build` of `dockerfile` with no flags: no build args, the last
    /// stage, the cache used, nothing lent.
    pub fn new(dockerfile: &'a str, context: &'a BuildContext) -> BuildRequest<'a> {
        BuildRequest {
            dockerfile,
            context,
            build_args: BTreeMap::new(),
            target: None,
            no_cache: false,
            session: BuildSession::default(),
        }
    }
}

/// How a build runs beyond what `docker build` is asked: for callers that
/// build for their own reasons (lint's engine rules build several times).
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions<'a> {
    /// Render BuildKit's progress log into [`BuildOutcome::log`] (left empty
    /// otherwise): `docker build` prints it, lint never reads it.
    pub log: bool,
    /// `request.dockerfile` already parsed, so it is not parsed again.
    pub parsed: Option<(&'a Parsed, &'a Dockerfile)>,
}

impl Default for BuildOptions<'_> {
    fn default() -> Self {
        BuildOptions { log: true, parsed: None }
    }
}

/// An image of the local store that a `FROM` can name: Docker's default
/// builder (the `docker` driver) resolves a base against the daemon's images
/// before it pulls (<https://docs.docker.com/build/builders/drivers/docker/>:
/// "images built with the docker driver are automatically loaded to the local
/// image store"; a FROM that names one uses it).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalImage {
    /// `sha256:<hex>`: the child's cache key and id depend on it.
    pub id: String,
    pub config: ImageConfig,
    pub size: u64,
    /// Its layers' sizes, bottom first.
    pub layers: Vec<u64>,
    /// The catalog image at the root of its chain (its OS, shell and
    /// packages); `scratch` when it was built from nothing.
    pub root: &'static crate::catalog::BaseImage,
    /// Commands it has (the root's and those its RUNs installed).
    pub installed: std::collections::BTreeSet<String>,
    pub users: std::collections::BTreeSet<String>,
}

/// The local image store as a build sees it: `reference` as a FROM names it.
pub trait LocalImages {
    fn local_image(&self, reference: &str) -> Option<LocalImage>;
}

/// A built image.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub config: ImageConfig,
    /// The base image's size on disk.
    pub base_size: u64,
    /// Compressed sizes of the base image's layers, bottom first.
    pub base_layers: Vec<u64>,
    /// The layers this build added (the outcome's `layers` ties each to its step).
    pub layers: LayerStack,
    /// Every history entry the build made, bottom first: the stages the
    /// target builds on, then its own instructions (BuildKit's image history).
    pub records: Vec<BuildRecord>,
    /// Users that exist in the image (the base's and those RUN added).
    pub users: std::collections::BTreeSet<String>,
    /// The reference of an estimated base image (`python:3.9-slim`): not in
    /// the catalog, so its config and sizes are its nearest entry's, yet it is
    /// another image, and so is everything built on it.
    pub estimated_base: Option<String>,
    /// Commands the image has (the base's and those RUN installed).
    pub installed: std::collections::BTreeSet<String>,
    /// The local image the target stage was built `FROM`, by id, when it
    /// was one (see [`LocalImage`]).
    pub local_base: Option<String>,
    /// How many times each added layer's step had run before (see
    /// [`CachedStep::runs`]): all 0 unless a step ran again.
    pub reruns: Vec<u32>,
}

/// One history entry a build made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildRecord {
    /// A step with a layer, with the text BuildKit records for it
    /// (`RUN |1 V=2 /bin/sh -c make # buildkit`, `WORKDIR /app`).
    Layer(String),
    /// A config-only instruction after expansion: BuildKit records the
    /// expanded values (`ENV PATH=/usr/local/bin:/x`, convert.go `dispatchEnv`).
    Config(Box<Instruction>),
}

impl Image {
    /// `sha256:<hex>` of the image's config, history and layers: Docker's
    /// image id is the digest of the config JSON, which holds the history
    /// (every step's `created_by`) and the layers' diff ids
    /// (<https://github.com/moby/docker-image-spec/blob/main/spec.md>), so a
    /// rebuild that changes nothing keeps its id and any changed step,
    /// even one that writes nothing, gives a new one.
    /// (A [`BuildCache`] remembers the last few: `StepCache::image_id`.)
    pub fn id(&self) -> String {
        memo::compute(self, &format!("{:?}", self.config))
    }

    /// What `docker images` reports: the base plus every added layer.
    pub fn size(&self) -> u64 {
        self.base_size + self.layers.size()
    }

    /// What added layer `index` changed, path by path (dive's "this layer"):
    /// added or modified against the layers below it, removed, or opaque.
    pub fn layer_files(&self, index: usize) -> Vec<LayerFile> {
        let layers = self.layers.layers();
        let Some(layer) = layers.get(index) else { return Vec::new() };
        let mut below = LayerStack::new();
        for diff in &layers[..index] {
            below.push_shared(Arc::clone(diff));
        }
        layer
            .changes
            .iter()
            .map(|(path, change)| {
                let (change, entry) = match change {
                    Change::Put(entry) if below.get(path).is_some() => (LayerChange::Modified, Some(entry)),
                    Change::Put(entry) => (LayerChange::Added, Some(entry)),
                    Change::Opaque(entry) => (LayerChange::Opaque, Some(entry)),
                    Change::Whiteout => (LayerChange::Removed, None),
                };
                LayerFile {
                    path: path.clone(),
                    change,
                    size: entry.map_or(0, |e| e.size()),
                    is_dir: entry.is_some_and(|e| e.is_dir()),
                }
            })
            .collect()
    }

    /// Every path visible once added layer `index` is applied (dive's
    /// "everything up to here"), each marked by how the last layer that
    /// touched it changed it. The base image's own files are not listed:
    /// the catalog has sizes, not file lists.
    pub fn files_up_to(&self, index: usize) -> Vec<LayerFile> {
        let layers = self.layers.layers();
        let mut stack = LayerStack::new();
        let mut last: BTreeMap<String, LayerChange> = BTreeMap::new();
        for diff in layers.iter().take(index.saturating_add(1)) {
            for (path, change) in &diff.changes {
                let kind = match change {
                    Change::Put(_) if stack.get(path).is_some() => LayerChange::Modified,
                    Change::Put(_) => LayerChange::Added,
                    Change::Opaque(_) => LayerChange::Opaque,
                    Change::Whiteout => LayerChange::Removed,
                };
                last.insert(path.clone(), kind);
            }
            stack.push_shared(Arc::clone(diff));
        }
        stack
            .merged()
            .iter()
            .map(|(path, entry)| LayerFile {
                path: path.clone(),
                change: last.get(path).copied().unwrap_or(LayerChange::Added),
                size: entry.size(),
                is_dir: entry.is_dir(),
            })
            .collect()
    }
}

/// Everything one build produced.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildOutcome {
    pub steps: Vec<StepReport>,
    /// Stages the target does not need, which BuildKit never runs.
    pub skipped_stages: Vec<String>,
    /// Whether step names carry their stage's name (`[build 2/3]`): BuildKit
    /// drops it when the file makes a single dispatch state (see
    /// `selection::names_stages`).
    pub stage_names: bool,
    pub image: Option<Image>,
    /// The image's added layers, bottom first, each with the step that made it.
    pub layers: Vec<LayerReport>,
    /// Stored copies the image cannot see, largest first.
    pub wasted: Vec<WastedPath>,
    pub error: Option<BuildError>,
    pub wasted_bytes: u64,
    pub efficiency: f64,
    /// BuildKit's plain progress output.
    pub log: String,
    /// Build check warnings BuildKit prints after the build (`checks.rs`:
    /// `--check`'s findings in the stages the build dispatches), for a
    /// build that renders its log.
    pub warnings: Vec<BuildWarning>,
}

/// A build check warning as `docker build` lists it after the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildWarning {
    /// BuildKit's rule name (`MaintainerDeprecated`).
    pub rule: &'static str,
    pub message: String,
    /// 1-based line of the instruction.
    pub line: usize,
}
