//! What a build reports, as data: each step with its kind, stage, span, the
//! layer it made and its cache decision with a typed cause; each layer's file
//! changes; the wasted copies; why a build stopped. The words a person reads
//! come from one `Display` per type, so the CLI, the log and the app agree.

use crate::span::Span;
use std::fmt;

/// What a Dockerfile instruction is to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// `FROM image` (or the pull `COPY --from=image` makes): the base image,
    /// resolved, never cached.
    Base,
    /// RUN, COPY, ADD, WORKDIR: an LLB operation that makes a layer and is
    /// cached. (A FROM of an earlier stage or scratch is a `Base` step that
    /// BuildKit shows no vertex for.)
    Layer,
    /// ENV, CMD, LABEL, EXPOSE, …: edits the image config, no layer, no cache.
    Config,
}

impl StepKind {
    /// The word the JSON report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Base => "base",
            StepKind::Layer => "layer",
            StepKind::Config => "config",
        }
    }
}

/// One instruction as the build ran it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    pub kind: StepKind,
    /// The stage's name, or `stage-N`.
    pub stage: String,
    /// The stage's index in the Dockerfile.
    pub stage_index: usize,
    /// 1-based position among its stage's steps and the stage's step count
    /// (`[3/5]`); 0/0 for config-only steps and image pulls, which BuildKit
    /// does not number.
    pub position: usize,
    pub total: usize,
    /// The instruction as the log shows it (`COPY requirements.txt .`).
    pub instruction: String,
    /// 1-based line of the instruction.
    pub line: usize,
    /// The instruction's bytes in the Dockerfile.
    pub span: Span,
    /// Index into the built image's `layers` of the layer this step made;
    /// `None` for base and config steps and for steps of stages whose layers
    /// are not in the image (a builder stage).
    pub layer: Option<usize>,
    /// `None` for base and config steps, which are never looked up in the cache.
    pub cache: Option<CacheDecision>,
    /// BuildKit shows the step as a vertex of its progress: every layer step,
    /// and a FROM that pulls an image (not `scratch`, not an earlier stage).
    pub vertex: bool,
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
    /// For a FROM that pulls an image by tag: the manifest digest it resolved
    /// to, which BuildKit adds to the step's name in its log.
    pub digest: Option<String>,
    /// For a cache hit: the imported cache (`--cache-from`) the step came
    /// from; `None` when it came from the builder's own cache.
    pub hit_from: Option<super::cache_io::CacheSource>,
    /// In a multi-platform build: the platform BuildKit prefixes the step's
    /// name with (`linux/arm64`, or `linux/amd64->arm64` for a step of a
    /// build-platform stage that reads a `TARGET*` ARG); `None` otherwise.
    pub platform: Option<String>,
    /// A RUN of a stage whose platform is not the builder's: it runs under
    /// QEMU emulation (`build::platforms`).
    pub emulated: bool,
    /// RUN: its `--mount`s as BuildKit resolved them (cache ids, secret
    /// targets); empty for other steps.
    pub mounts: Vec<super::mounts::StepMount>,
}

impl StepReport {
    /// Taken from the cache.
    pub fn cached(&self) -> bool {
        matches!(self.cache, Some(CacheDecision::Hit))
    }

    /// Ran (a layer step that missed the cache).
    pub fn rebuilt(&self) -> bool {
        matches!(self.cache, Some(CacheDecision::Miss(_)))
    }

    /// The cache decision in words, or what the step is when it has none.
    pub fn reason(&self) -> String {
        match (&self.cache, self.kind) {
            (Some(CacheDecision::Hit), _) if self.hit_from.is_some() => {
                let from = self.hit_from.as_ref().map(ToString::to_string).unwrap_or_default();
                format!("same instruction, same inputs, same parent: taken from {from} (--cache-from)")
            }
            (Some(decision), _) => decision.to_string(),
            (None, StepKind::Base) if self.vertex => "the base image: resolved and pulled, never cached".to_string(),
            (None, StepKind::Base) => "builds on an earlier stage or scratch: nothing to pull".to_string(),
            (None, _) => "changes the image config only: no layer, nothing to cache".to_string(),
        }
    }
}

/// Whether a layer step was taken from the cache, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheDecision {
    Hit,
    Miss(MissCause),
}

/// Why a step was not found in the cache: the first input that differs from
/// the last build of the same step, in the order BuildKit's key reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissCause {
    /// Nothing was ever built at this position.
    FirstBuild,
    /// `docker build --no-cache`.
    NoCache,
    /// The step above it ran, so its parent layer is new (the cascade).
    ParentMissed {
        /// Index into the outcome's `steps` of the parent step that ran.
        step: usize,
        line: usize,
    },
    /// The stage's base image changed.
    BaseChanged {
        before: String,
        after: String,
    },
    /// The instruction's text (after expansion) changed.
    InstructionChanged {
        before: String,
        after: String,
    },
    /// `COPY --from=stage`: the source stage was rebuilt, or another image named.
    SourceChanged {
        before: Option<String>,
        after: Option<String>,
    },
    /// COPY/ADD: the content or mode of source files changed.
    FilesChanged {
        files: Vec<FileChange>,
    },
    /// RUN: the content under a bind mount's source changed (`--mount=type=bind`).
    MountChanged {
        /// The mount's target in the step's filesystem.
        target: String,
        /// The changed files, by their path in the source.
        files: Vec<FileChange>,
    },
    /// RUN: a build argument in scope has another value.
    BuildArgChanged {
        name: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// RUN: an ENV variable has another value.
    EnvChanged {
        name: String,
        before: Option<String>,
        after: Option<String>,
    },
    UserChanged {
        before: String,
        after: String,
    },
    WorkdirChanged {
        before: String,
        after: String,
    },
    /// Same inputs as before, but the entry is gone (`docker builder prune`).
    Pruned,
    /// A source names nothing, so the step has no key (the build fails here).
    SourcesMissing,
}

impl MissCause {
    /// The word the JSON report uses.
    pub fn kind(&self) -> &'static str {
        match self {
            MissCause::FirstBuild => "first_build",
            MissCause::NoCache => "no_cache",
            MissCause::ParentMissed { .. } => "parent_missed",
            MissCause::BaseChanged { .. } => "base_changed",
            MissCause::InstructionChanged { .. } => "instruction_changed",
            MissCause::SourceChanged { .. } => "source_changed",
            MissCause::FilesChanged { .. } => "files_changed",
            MissCause::MountChanged { .. } => "mount_changed",
            MissCause::BuildArgChanged { .. } => "build_arg_changed",
            MissCause::EnvChanged { .. } => "env_changed",
            MissCause::UserChanged { .. } => "user_changed",
            MissCause::WorkdirChanged { .. } => "workdir_changed",
            MissCause::Pruned => "pruned",
            MissCause::SourcesMissing => "sources_missing",
        }
    }
}

/// A source file of a COPY/ADD that differs from the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub change: SourceChange,
    /// Sizes before and after, where known (`None` for an absent side).
    pub before: Option<u64>,
    pub after: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChange {
    Added,
    Modified,
    Removed,
}

impl SourceChange {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceChange::Added => "added",
            SourceChange::Modified => "modified",
            SourceChange::Removed => "removed",
        }
    }
}

impl fmt::Display for CacheDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheDecision::Hit => f.write_str("same instruction, same inputs, same parent: taken from the cache"),
            CacheDecision::Miss(cause) => cause.fmt(f),
        }
    }
}

impl fmt::Display for MissCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MissCause::FirstBuild => f.write_str("first build of this step: nothing in the cache yet"),
            MissCause::NoCache => f.write_str("--no-cache: every step runs again"),
            MissCause::ParentMissed { line, .. } => write!(
                f,
                "the step before it (line {line}) was rebuilt, and a rebuilt step invalidates every step after it"
            ),
            MissCause::BaseChanged { before, after } => write!(f, "the base image changed: {before} → {after}"),
            MissCause::InstructionChanged { before, .. } => write!(f, "the instruction changed (it was `{before}`)"),
            MissCause::SourceChanged { before: Some(a), after: Some(b) } => {
                write!(f, "its source changed: {a} → {b}")
            }
            MissCause::SourceChanged { .. } => f.write_str("its source changed"),
            MissCause::MountChanged { target, files } => {
                write!(f, "the bind mount at {target} changed: ")?;
                MissCause::FilesChanged { files: files.clone() }.fmt(f)
            }
            MissCause::FilesChanged { files } => {
                let words: Vec<String> = files
                    .iter()
                    .take(3)
                    .map(|c| match c.change {
                        SourceChange::Added => format!("`{}` was added", c.path),
                        SourceChange::Modified => format!("`{}` changed", c.path),
                        SourceChange::Removed => format!("`{}` was removed", c.path),
                    })
                    .collect();
                match files.len() {
                    0..=3 => f.write_str(&words.join(", ")),
                    n => write!(f, "{} and {} more files changed", words.join(", "), n - 3),
                }
            }
            MissCause::BuildArgChanged { name, before, after } => changed(f, "build arg", name, before, after),
            MissCause::EnvChanged { name, before, after } => changed(f, "ENV", name, before, after),
            MissCause::UserChanged { before, after } => write!(f, "USER changed from `{before}` to `{after}`"),
            MissCause::WorkdirChanged { before, after } => {
                write!(f, "WORKDIR changed from `{before}` to `{after}`")
            }
            MissCause::Pruned => f.write_str("not in the cache (it was pruned)"),
            MissCause::SourcesMissing => f.write_str("its sources could not be resolved, so it has no cache key"),
        }
    }
}

fn changed(
    f: &mut fmt::Formatter<'_>,
    kind: &str,
    name: &str,
    before: &Option<String>,
    after: &Option<String>,
) -> fmt::Result {
    match (before, after) {
        (Some(old), Some(new)) => write!(f, "{kind} {name} changed from `{old}` to `{new}`"),
        (None, Some(new)) => write!(f, "{kind} {name} is new (`{new}`)"),
        (_, None) => write!(f, "{name} is no longer set"),
    }
}

/// One layer the build added to the image, tied to the step that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerReport {
    /// Index into the outcome's `steps`.
    pub step: usize,
    pub size: u64,
}

/// What a layer did to one path, as dive lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerFile {
    pub path: String,
    pub change: LayerChange,
    /// Bytes stored for the path (0 for directories and removals).
    pub size: u64,
    pub is_dir: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerChange {
    /// New in this layer.
    Added,
    /// Existed below and is stored again, whole (a changed file, `chmod`, `chown`).
    Modified,
    /// Deleted: an overlayfs whiteout (the bytes below stay in their layer).
    Removed,
    /// A directory replacing a deleted one: nothing below shows through.
    Opaque,
}

impl LayerChange {
    pub fn as_str(self) -> &'static str {
        match self {
            LayerChange::Added => "added",
            LayerChange::Modified => "modified",
            LayerChange::Removed => "removed",
            LayerChange::Opaque => "opaque",
        }
    }
}

/// A stored copy the final image cannot see, tied to Dockerfile lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WastedPath {
    pub path: String,
    pub size: u64,
    /// Indexes into the outcome's `steps`: the step that stored the bytes and
    /// the one that overwrote or deleted them.
    pub stored_by: usize,
    pub hidden_by: usize,
    pub stored_line: usize,
    pub hidden_line: usize,
    /// The same two as indexes into the image's added layers.
    pub stored_layer: usize,
    pub hidden_layer: usize,
}

/// How BuildKit's solver wraps an error met while computing a step's cache key.
pub(crate) const CACHE_KEY_PREFIX: &str = "failed to compute cache key: ";

/// Why a build stopped, at the instruction that stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// BuildKit rejects the Dockerfile itself (a syntax or instruction error).
    Dockerfile { message: String, span: Span },
    /// `--target` names no stage.
    TargetNotFound { target: String },
    /// A variable in FROM or a config instruction cannot be expanded.
    Expansion { message: String, span: Span },
    /// FROM names an image Layerlab cannot resolve, or a malformed reference.
    /// `metadata` is the reference whose metadata BuildKit failed to load
    /// (its `[internal] load metadata for …` vertex fails); `note` is
    /// Layerlab's explanation, printed on its own line, never inside Docker's.
    BaseImage { message: String, span: Span, metadata: Option<String>, note: Option<String> },
    /// FROM names an earlier stage that was not built.
    StageNotBuilt { stage: String, span: Span },
    /// A COPY/ADD source that names nothing (BuildKit fails computing the key);
    /// `note` says which `.dockerignore` pattern left it out, if one did.
    Sources { message: String, span: Span, note: Option<String> },
    /// A step runs as a user the image does not have (runc's error).
    UserNotFound { user: String, span: Span },
    /// A step's command failed.
    Step { message: String, span: Span },
}

impl BuildError {
    /// Where in the Dockerfile (empty for `--target`, which is not in the file).
    pub fn span(&self) -> Span {
        match self {
            BuildError::TargetNotFound { .. } => Span::default(),
            BuildError::Dockerfile { span, .. }
            | BuildError::Expansion { span, .. }
            | BuildError::BaseImage { span, .. }
            | BuildError::StageNotBuilt { span, .. }
            | BuildError::Sources { span, .. }
            | BuildError::UserNotFound { span, .. }
            | BuildError::Step { span, .. } => *span,
        }
    }

    /// Docker's words for it (what `ERROR: failed to build: failed to solve:` prints).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// Layerlab's explanation beside Docker's words, when it has one.
    pub fn note(&self) -> Option<&str> {
        match self {
            BuildError::BaseImage { note, .. } | BuildError::Sources { note, .. } => note.as_deref(),
            _ => None,
        }
    }

    /// What the failed vertex's `#N ERROR:` line prints: the solver's error
    /// before the frontend wraps it; a missing COPY source's vertex shows the
    /// checksum error without `failed to compute cache key:`, which only the
    /// solve's error carries (as a real plain log shows both, e.g. the one in
    /// github.com/moveit/moveit2_tutorials issue 737).
    pub fn vertex_message(&self) -> String {
        let message = self.message();
        match self {
            BuildError::Sources { .. } => message.strip_prefix(CACHE_KEY_PREFIX).map(str::to_string).unwrap_or(message),
            _ => message,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Dockerfile { message, .. }
            | BuildError::Expansion { message, .. }
            | BuildError::BaseImage { message, .. }
            | BuildError::Sources { message, .. }
            | BuildError::Step { message, .. } => f.write_str(message),
            BuildError::TargetNotFound { target } => write!(f, "target stage \"{target}\" could not be found"),
            BuildError::StageNotBuilt { stage, .. } => write!(f, "stage {stage} was not built"),
            BuildError::UserNotFound { user, .. } => {
                write!(f, "unable to find user {user}: no matching entries in passwd file")
            }
        }
    }
}
