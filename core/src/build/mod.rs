//! Build simulation: `docker build` in memory, BuildKit's way. Stages,
//! the cache with a reason for every miss, layers and their sizes, the
//! image config, and the build log.
//!
//! Only FROM, RUN, COPY, ADD and WORKDIR are build steps (they make LLB
//! operations and appear in BuildKit's log as `[n/m]`); the other
//! instructions change the image config only.

mod cache;
mod config;
mod engine;
mod log;
mod sources;
mod steps;
#[cfg(test)]
mod tests;

pub use cache::{explain_miss, BuildCache, CachedStep, StepInputs};
pub use config::{ImageConfig, DEFAULT_PATH, DEFAULT_SHELL};
pub use engine::{build, build_with};
pub use log::add_names;

use crate::context::BuildContext;
use crate::instructions::{Dockerfile, Instruction};
use crate::layers::LayerStack;
use crate::span::Span;
use crate::syntax::Parsed;
use std::collections::BTreeMap;

/// What `docker build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildRequest<'a> {
    pub dockerfile: &'a str,
    pub context: &'a BuildContext,
    pub build_args: BTreeMap<String, String>,
    /// `--target`: a stage name or index; the last stage when `None`.
    pub target: Option<String>,
    pub no_cache: bool,
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

/// One build step as the log and the JSON report show it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    /// The stage's name, or `stage-N`.
    pub stage: String,
    /// 1-based position in its stage and the stage's step count (`[3/5]`).
    pub position: usize,
    pub total: usize,
    /// The instruction as the log shows it (`COPY requirements.txt .`).
    pub instruction: String,
    pub line: usize,
    pub cached: bool,
    /// Why it was (or was not) taken from the cache.
    pub reason: String,
    /// Bytes the step's layer adds.
    pub size: u64,
    /// Simulated duration; 0 when cached.
    pub seconds: f64,
    /// Things the learner should know: estimates, commands not simulated.
    pub notes: Vec<String>,
    /// What the step's command printed.
    pub output: Vec<String>,
    /// Paths this step put whose size the simulation cannot know (a URL's
    /// file, a git checkout, files of an image named by `COPY --from`): `size`
    /// leaves them out, so it is a lower bound when this is not empty.
    pub unknown_size: Vec<String>,
}

/// A built image.
#[derive(Debug, Clone)]
pub struct Image {
    pub config: ImageConfig,
    /// The base image's size on disk.
    pub base_size: u64,
    /// Compressed sizes of the base image's layers, bottom first.
    pub base_layers: Vec<u64>,
    /// The layers this build added.
    pub layers: LayerStack,
    /// The instruction that made each added layer, for `docker history`.
    pub layer_history: Vec<String>,
    /// Every history entry the build made, bottom first: the stages the
    /// target builds on, then its own instructions (BuildKit's image history).
    pub records: Vec<BuildRecord>,
    /// Users that exist in the image (the base's and those RUN added).
    pub users: std::collections::BTreeSet<String>,
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
    /// `sha256:<hex>` of the image's config and layers: a real digest, so a
    /// rebuild that changes nothing keeps its id and any change gives a new one.
    pub fn id(&self) -> String {
        use sha2::{Digest, Sha256};
        use std::fmt::Write;
        /// Feeds formatted text straight into the hash: the same bytes as
        /// hashing the formatted `String`, without building it.
        struct Hashing<'h>(&'h mut Sha256);
        impl Write for Hashing<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        let mut h = Sha256::new();
        // Writing into the hash cannot fail.
        let _ = write!(Hashing(&mut h), "{:?}", self.config);
        h.update(self.base_size.to_le_bytes());
        for layer in self.layers.layers() {
            let _ = write!(Hashing(&mut h), "{:?}", layer.changes);
        }
        format!("sha256:{:x}", h.finalize())
    }

    /// What `docker images` reports: the base plus every added layer.
    pub fn size(&self) -> u64 {
        self.base_size + self.layers.size()
    }
}

/// Why a build stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    pub message: String,
    pub span: Span,
}

/// Everything one build produced.
#[derive(Debug, Clone)]
pub struct BuildOutcome {
    pub steps: Vec<StepReport>,
    /// Stages the target does not need, which BuildKit never runs.
    pub skipped_stages: Vec<String>,
    /// Stages in the Dockerfile (a single stage is shown without a name).
    pub stage_count: usize,
    pub image: Option<Image>,
    pub error: Option<BuildError>,
    pub wasted_bytes: u64,
    pub efficiency: f64,
    /// BuildKit's plain progress output.
    pub log: String,
    /// Build check warnings BuildKit prints after the build (only
    /// `MaintainerDeprecated` here; `lint` runs every check).
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
