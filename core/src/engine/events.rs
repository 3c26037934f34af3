//! What a command changed, as typed events: the daemon's own event stream
//! (`docker events`) in spirit, for the app to follow without reading text.
//!
//! The engine records an event where the change happens (a container that
//! exits on its own while time passes, a `--rm` removal, the base image a
//! build pulls), so every path that changes the state reports it, and a
//! replayed session reports the same events. The `docker` layer hands them
//! out with each command's output ([`crate::docker::Output::events`]).

use super::containers::Step;

/// Which prune ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PruneKind {
    Containers,
    Images,
    BuildCache,
    Networks,
    Volumes,
    /// `docker system prune`, after the events of its parts.
    System,
}

/// One change to the daemon's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A build stored (or found unchanged) its image and gave it these tags.
    ImageBuilt {
        id: String,
        tags: Vec<String>,
    },
    /// A base image came from the catalog (`docker pull`, a build's FROM, a `docker run`).
    ImagePulled {
        id: String,
        reference: String,
    },
    /// A tag now points at the image (`docker tag`, `docker load`).
    ImageTagged {
        id: String,
        tag: String,
    },
    ImageUntagged {
        tag: String,
    },
    ImageRemoved {
        id: String,
    },
    ContainerCreated {
        id: String,
        name: String,
        image: String,
    },
    /// The process started; `story` is the path from the CLI to the process (see [`Step`]).
    ContainerStarted {
        id: String,
        story: Vec<Step>,
    },
    /// The process ended, on its own, by a signal or by `docker stop`.
    ContainerExited {
        id: String,
        exit_code: i32,
    },
    ContainerPaused {
        id: String,
    },
    ContainerUnpaused {
        id: String,
    },
    ContainerRemoved {
        id: String,
    },
    /// `docker rename`.
    ContainerRenamed {
        id: String,
        old_name: String,
        name: String,
    },
    /// `docker update` changed its limits or restart policy.
    ContainerUpdated {
        id: String,
    },
    /// `docker commit` made an image of it (the image is reported as built).
    ContainerCommitted {
        id: String,
        image: String,
    },
    NetworkCreated {
        id: String,
        name: String,
    },
    NetworkRemoved {
        name: String,
    },
    NetworkConnected {
        network: String,
        container: String,
    },
    NetworkDisconnected {
        network: String,
        container: String,
    },
    VolumeCreated {
        name: String,
    },
    VolumeRemoved {
        name: String,
    },
    /// A prune finished (its removals are reported as their own events before it).
    Pruned {
        kind: PruneKind,
        reclaimed: u64,
    },
}
