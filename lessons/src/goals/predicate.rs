//! The goal predicates as lesson files write them (`check = "…"`), what
//! each reads (its scope) and how it reads in words. Plain data with no
//! dependency on the core, so the lessons' build script compiles it too
//! (`lessons/build.rs` validates and bakes the lessons at build time).

use crate::model::Edit;
use serde::{Deserialize, Serialize};

/// One predicate, as `check = "…"` names it in a lesson file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Predicate {
    // Over a project's build and run.
    Builds,
    ImageSizeUnder { mb: f64 },
    LayersAtMost { count: usize },
    NoLayerWastes { mb: f64 },
    RunsAsNonRoot { run: Option<String> },
    ArgvIs { argv: Vec<String>, run: Option<String> },
    StopReachesApp { run: Option<String> },
    PortPublished { port: u16, run: Option<String> },
    PortOnLoopbackOnly { port: u16, run: Option<String> },
    MemoryLimitAtMost { mb: f64, run: Option<String> },
    Exposes { port: u16 },
    HasHealthcheck,
    HasLabel { key: String },
    LintSilent { rule: String },
    FileInImage { path: String },
    FileNotInImage { path: String },
    NotInContext { path: String },
    CommandAbsent { command: String },
    StaysCached { edits: Vec<Edit>, step: String },
    ReusesCache { edits: Vec<Edit>, first: usize },
    // Over the terminal daemon's state.
    NoDanglingImages,
    ImageExists { reference: String },
    ImageAbsent { reference: String },
    AllContainersStopped,
    NoContainers,
    ContainerRunning { name: String },
    ContainerAbsent { name: String },
    HostReaches { name: String, port: u16, address: Option<String> },
    ContainersReach { from: String, to: String },
    NetworkExists { name: String },
    NetworkAbsent { name: String },
    VolumeExists { name: String },
    VolumeMounted { container: String, volume: String, destination: String },
    PushedForPlatforms { reference: String, platforms: Vec<String> },
}

/// What a predicate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A project: fix-it exercises.
    Project,
    /// The daemon after docker commands: terminal tasks.
    Daemon,
}

impl Predicate {
    pub fn scope(&self) -> Scope {
        use Predicate::*;
        match self {
            NoDanglingImages
            | ImageExists { .. }
            | ImageAbsent { .. }
            | AllContainersStopped
            | NoContainers
            | ContainerRunning { .. }
            | ContainerAbsent { .. }
            | HostReaches { .. }
            | ContainersReach { .. }
            | NetworkExists { .. }
            | NetworkAbsent { .. }
            | VolumeExists { .. }
            | VolumeMounted { .. }
            | PushedForPlatforms { .. } => Scope::Daemon,
            _ => Scope::Project,
        }
    }

    /// The goal in words.
    pub fn describe(&self) -> String {
        use Predicate::*;
        match self {
            Builds => "the image builds".into(),
            ImageSizeUnder { mb } => format!("the image is smaller than {mb} MB"),
            LayersAtMost { count } => format!("the image adds at most {count} layers"),
            NoLayerWastes { mb } if *mb == 0.0 => "no layer stores anything a later layer hides".into(),
            NoLayerWastes { mb } => format!("no layer wastes more than {mb} MB"),
            RunsAsNonRoot { .. } => "the container does not run as root".into(),
            ArgvIs { argv, .. } => format!("the container runs `{}`", argv.join(" ")),
            StopReachesApp { .. } => "`docker stop`'s signal reaches the app".into(),
            PortPublished { port, .. } => format!("port {port} is reachable from the host"),
            PortOnLoopbackOnly { port, .. } => {
                format!("port {port} is published on the host's loopback address only")
            }
            MemoryLimitAtMost { mb, .. } => format!("the container's memory is limited to {mb} MB or less"),
            Exposes { port } => format!("the image exposes port {port}"),
            HasHealthcheck => "the image has a health check".into(),
            HasLabel { key } => format!("the image has the label `{key}`"),
            LintSilent { rule } => format!("lint reports no `{rule}`"),
            FileInImage { path } => format!("the image has `{path}`"),
            FileNotInImage { path } => format!("the image does not have `{path}`"),
            NotInContext { path } => format!("`{path}` is not sent to the builder"),
            CommandAbsent { command } => format!("the final image has no `{command}`"),
            StaysCached { step, .. } => format!("after the edit, the step with `{step}` stays cached"),
            ReusesCache { first, .. } => format!("after the edit, the first {first} steps come from the cache"),
            NoDanglingImages => "no dangling images are left".into(),
            ImageExists { reference } => format!("the image `{reference}` exists"),
            ImageAbsent { reference } => format!("the image `{reference}` is gone"),
            AllContainersStopped => "no container is running".into(),
            NoContainers => "no containers are left, not even stopped ones".into(),
            ContainerRunning { name } => format!("the container `{name}` is running"),
            ContainerAbsent { name } => format!("there is no container `{name}`"),
            HostReaches { name, port, address: None } => format!("the host reaches port {port} of `{name}`"),
            HostReaches { name, port, address: Some(a) } => {
                format!("the host reaches port {port} of `{name}` on {a} only")
            }
            ContainersReach { from, to } => format!("`{from}` reaches `{to}` by name"),
            NetworkExists { name } => format!("the network `{name}` exists"),
            NetworkAbsent { name } => format!("the network `{name}` is gone"),
            VolumeExists { name } => format!("the volume `{name}` exists"),
            VolumeMounted { container, volume, destination } => {
                format!("`{container}` has the volume `{volume}` at `{destination}`")
            }
            PushedForPlatforms { reference, platforms } => {
                format!("`{reference}` is pushed as one image for {}", platforms.join(", "))
            }
        }
    }
}
