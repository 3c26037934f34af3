//! The simulated daemon's containers, networks and volumes: the state the
//! engine keeps in one field ([`Runtime`]) and the commands over it
//! (`commands/`, as `impl Engine` methods: lifecycle, queries, networks,
//! volumes, prunes).
//!
//! Nothing executes. What a container's process does is decided by a small
//! rule table ([`process`]): a server keeps running, `echo` exits 0 at once,
//! a shell without `-i` exits 0 at once, a missing executable fails to start.
//! Time only moves when a command passes `now`; [`Runtime::settle`] applies
//! what happened in between (a `sleep 30` that ended, a restart loop).
//!
//! Submodules, by what they do:
//! - [`model`]: the container record and its state machine (created →
//!   running ⇄ paused → exited/dead → removed), restart policies, `--rm`;
//! - [`process`]: the rule table for processes, executables on the image,
//!   how PID 1 takes SIGTERM;
//! - [`network`]: networks, IPAM, embedded DNS, published ports and reachability;
//! - [`volumes`]: named, anonymous and bind mounts;
//! - [`namespaces`] and [`cgroups`]: what each namespace holds, the cgroup v2 files;
//! - [`story`]: "what happens when you run `docker run nginx`", as data;
//! - [`inspect`], [`stats`]: the API's JSON, the figures of `stats` and `top` (the
//!   listings `docker ps`, `images` and the others print are rendered in
//!   `docker::render` from what the commands return);
//! - [`view`]: one container as plain data for the app's run panel;
//! - [`dry_run`]: everything a `docker run` line would set up, as data, on a copy of the daemon;
//! - [`names`]: Docker's `adjective_surname` names.

pub mod cgroups;
mod commands;
pub mod dry_run;
pub mod health;
pub mod inspect;
pub mod model;
pub mod names;
pub mod namespaces;
pub mod network;
pub mod process;
pub mod signals;
pub mod stats;
pub mod story;
pub mod view;
pub mod volumes;

#[cfg(test)]
mod tests;

pub use commands::{
    ContainerPrune, CreateOutcome, ExecOutcome, PsFilter, PsOptions, RunOutcome, StopOutcome, SystemPrune,
};
pub use dry_run::{
    dry_run, dry_run_command, ArgvWord, DryRun, DryRunError, ImageSource, LowerDir, OverlayStack, Setup,
};
pub use model::{Container, ContainerConfig, HostConfig, MountKind, MountPoint, State, Status};
pub use network::{Endpoint, HostReach, Network, NetworkDriver, PortBinding, Reach};
pub use process::{Lifetime, Process, TermHandling};
pub use story::{Step, StepKind};
pub use view::{ContainerView, NetworkView, PortView, ProcessView, StopResult, StopView};
pub use volumes::Volume;

use std::fmt;

/// The simulated host the containers run on: what `stats` shows as the limit
/// without `-m`, how many CPUs `--cpus` is checked against, how many nginx
/// workers `worker_processes auto` starts.
pub mod host {
    /// 4 CPUs.
    pub const CPUS: u32 = 4;
    /// 7.653GiB, what `free -b` reports on an 8 GiB machine after the kernel's share.
    pub const MEMORY: u64 = 8_217_530_368;
    /// The host's address on its LAN, for `--network host`.
    pub const LAN_IP: &str = "192.168.1.10";
    /// The first PID the simulation hands to a container's process on the host.
    pub const FIRST_PID: u32 = 2_417;
    /// containerd's and dockerd's PIDs on the host (what `--pid host` shows).
    pub const CONTAINERD_PID: u32 = 604;
    pub const DOCKERD_PID: u32 = 712;
}

/// The daemon's container-side state: one field of [`super::Engine`].
#[derive(Debug, Clone)]
pub struct Runtime {
    /// In creation order.
    pub(crate) containers: Vec<Container>,
    pub(crate) networks: Vec<Network>,
    pub(crate) volumes: Vec<Volume>,
    /// Bumped on every id or PID handed out, so ids never repeat.
    pub(crate) counter: u64,
    /// The last host port handed out for `-P` / `-p 80` (the allocator goes on after it).
    pub(crate) last_ephemeral: u16,
    /// When the daemon "started": the first command's `now`.
    pub(crate) booted: Option<u64>,
    /// The container removed last (an attached `run --rm` still reports its output and exit code).
    pub(crate) last_removed: Option<Box<Container>>,
    /// The time of the last command (what `inspect` reports health at).
    pub(crate) now: u64,
    /// What changed since the engine's events were last taken (see `engine::events`).
    pub(crate) events: Vec<crate::engine::Event>,
}

impl Default for Runtime {
    fn default() -> Runtime {
        Runtime {
            containers: Vec::new(),
            networks: network::default_networks(),
            volumes: Vec::new(),
            counter: 0,
            last_ephemeral: network::EPHEMERAL_END,
            booted: None,
            last_removed: None,
            now: 0,
            events: Vec::new(),
        }
    }
}

impl Runtime {
    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    pub fn volumes(&self) -> &[Volume] {
        &self.volumes
    }

    /// The first command fixes the daemon's start time (the default networks' creation time).
    pub(crate) fn boot(&mut self, now: u64) {
        if self.booted.is_none() {
            self.booted = Some(now);
            for n in &mut self.networks {
                n.created = now;
            }
        }
    }

    /// Docker's container lookup: full id, then exact name (with or without
    /// the leading `/`), then a unique id prefix.
    pub fn find(&self, reference: &str) -> Result<usize, ContainerError> {
        if reference.is_empty() {
            return Err(ContainerError::NoSuchContainer(reference.to_string()));
        }
        if let Some(i) = self.containers.iter().position(|c| c.id == reference) {
            return Ok(i);
        }
        let name = reference.strip_prefix('/').unwrap_or(reference);
        if let Some(i) = self.containers.iter().position(|c| c.name == name) {
            return Ok(i);
        }
        let matches: Vec<usize> =
            self.containers.iter().enumerate().filter(|(_, c)| c.id.starts_with(reference)).map(|(i, _)| i).collect();
        match matches.as_slice() {
            [i] => Ok(*i),
            [] => Err(ContainerError::NoSuchContainer(reference.to_string())),
            _ => Err(ContainerError::AmbiguousPrefix(reference.to_string())),
        }
    }

    pub fn container(&self, reference: &str) -> Option<&Container> {
        self.find(reference).ok().map(|i| &self.containers[i])
    }

    /// A fresh 64-hex id from what makes it unique here.
    pub(crate) fn new_id(&mut self, kind: &str, name: &str, now: u64) -> String {
        self.counter += 1;
        let id = super::sha256(&[kind.as_bytes(), name.as_bytes(), &self.counter.to_le_bytes(), &now.to_le_bytes()]);
        id.trim_start_matches("sha256:").to_string()
    }

    /// Whether a container (in any state) uses the image.
    pub fn image_in_use(&self, image_id: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.image_id == image_id)
    }
}

/// The daemon's container, network and volume errors, with the CLI's text as `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerError {
    NoSuchContainer(String),
    AmbiguousPrefix(String),
    NameInUse {
        name: String,
        id: String,
    },
    /// `--name` with characters Docker refuses.
    InvalidName(String),
    /// `kill`, `pause`, `exec`, `top`, `port` on a container that is not running.
    NotRunning {
        id: String,
    },
    /// `docker kill` wraps the not-running error with the name it was given.
    CannotKill {
        name: String,
        id: String,
    },
    AlreadyPaused {
        id: String,
    },
    NotPaused {
        id: String,
    },
    /// `docker start` of a paused container.
    StartPaused,
    /// `exec` into a paused container.
    ExecPaused {
        id: String,
    },
    Restarting {
        id: String,
    },
    /// `docker rm` of a running (or paused, restarting) container without `-f`.
    RemoveRunning {
        name: String,
        state: &'static str,
    },
    /// `docker rm` of a paused container without `-f`.
    RemovePaused {
        name: String,
    },
    /// The process could not start: runc's error, as `docker run`/`start` print it.
    StartFailed {
        message: String,
        exit_code: i32,
    },
    /// Nothing to run.
    NoCommand,
    /// A published host port another container holds.
    PortAllocated {
        container: String,
        endpoint: String,
        host_ip: String,
        port: u16,
    },
    /// `docker rmi` of an image a container uses.
    ImageInUse {
        reference: String,
        short_container: String,
        image: String,
    },
    /// `docker rmi ID` of an image a container uses.
    ImageDeleteInUse {
        short_image: String,
        short_container: String,
        running: bool,
    },
    /// `docker port C 80` when 80 is not published.
    NoPublicPort {
        port: String,
        container: String,
    },
    /// `network create --subnet` that does not parse.
    InvalidCidr(String),
    /// `kill -s` signal names the daemon does not know.
    InvalidSignal(String),
    /// `exec` of a program the image lacks.
    ExecFailed {
        message: String,
    },
    NoSuchNetwork(String),
    NetworkExists(String),
    /// `network rm bridge` and friends.
    PredefinedNetwork(String),
    NetworkInUse {
        name: String,
        containers: Vec<String>,
    },
    /// `--network container:X` where X is not running.
    JoinedNotRunning {
        id: String,
    },
    /// `network connect` to host/none, or a second network for a host/none/container: container.
    NetworkConnectRefused(String),
    AlreadyConnected {
        container: String,
        network: String,
    },
    NotConnected {
        container: String,
        network: String,
    },
    NoSuchVolume(String),
    VolumeInUse {
        name: String,
        containers: Vec<String>,
    },
    /// A `--mount`/`-v` value the engine does not accept (an invalid volume name).
    InvalidVolume(String),
}

impl fmt::Display for ContainerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const D: &str = "Error response from daemon: ";
        let q = crate::quote::go_quote;
        match self {
            ContainerError::NoSuchContainer(r) => write!(f, "{D}No such container: {r}"),
            ContainerError::AmbiguousPrefix(r) => write!(f, "{D}multiple IDs found with provided prefix: {r}"),
            ContainerError::NameInUse { name, id } => write!(
                f,
                "{D}Conflict. The container name {} is already in use by container {}. You have to remove (or rename) that container to be able to reuse that name.",
                q(&format!("/{name}")),
                q(id)
            ),
            ContainerError::InvalidName(name) => write!(
                f,
                "{D}Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            ),
            ContainerError::NotRunning { id } => write!(f, "{D}container {id} is not running"),
            ContainerError::CannotKill { name, id } => {
                write!(f, "{D}cannot kill container: {name}: container {id} is not running")
            }
            ContainerError::AlreadyPaused { id } => write!(f, "{D}container {id} is already paused"),
            ContainerError::NotPaused { id } => write!(f, "{D}Container {id} is not paused"),
            ContainerError::StartPaused => write!(f, "{D}cannot start a paused container, try unpause instead"),
            ContainerError::ExecPaused { id } => {
                write!(f, "{D}Container {id} is paused, unpause the container before exec")
            }
            ContainerError::Restarting { id } => {
                write!(f, "{D}Container {id} is restarting, wait until the container is running")
            }
            ContainerError::RemoveRunning { name, state } => write!(
                f,
                "{D}cannot remove container {}: container is {state}: stop the container before removing or force remove",
                q(&format!("/{name}"))
            ),
            ContainerError::RemovePaused { name } => write!(
                f,
                "{D}cannot remove container {}: container is paused and must be unpaused first",
                q(&format!("/{name}"))
            ),
            ContainerError::StartFailed { message, .. } => write!(f, "{D}{message}"),
            ContainerError::NoCommand => write!(f, "{D}no command specified"),
            ContainerError::PortAllocated { container, endpoint, host_ip, port } => write!(
                f,
                "{D}driver failed programming external connectivity on endpoint {container} ({endpoint}): Bind for {host_ip}:{port} failed: port is already allocated"
            ),
            ContainerError::ImageInUse { reference, short_container, image } => write!(
                f,
                "{D}conflict: unable to remove repository reference {} (must force) - container {short_container} is using its referenced image {image}",
                q(reference)
            ),
            ContainerError::ImageDeleteInUse { short_image, short_container, running: true } => write!(
                f,
                "{D}conflict: unable to delete {short_image} (cannot be forced) - image is being used by running container {short_container}"
            ),
            ContainerError::ImageDeleteInUse { short_image, short_container, running: false } => write!(
                f,
                "{D}conflict: unable to delete {short_image} (must be forced) - image is being used by stopped container {short_container}"
            ),
            ContainerError::NoPublicPort { port, container } => {
                write!(f, "Error: No public port '{port}' published for {container}")
            }
            ContainerError::InvalidCidr(s) => write!(f, "invalid CIDR address: {s}"),
            ContainerError::InvalidSignal(s) => write!(f, "{D}Invalid signal: {s}"),
            ContainerError::ExecFailed { message } => write!(f, "{message}"),
            ContainerError::NoSuchNetwork(n) => write!(f, "{D}network {n} not found"),
            ContainerError::NetworkExists(n) => write!(f, "{D}network with name {n} already exists"),
            ContainerError::PredefinedNetwork(n) => {
                write!(f, "{D}{n} is a pre-defined network and cannot be removed")
            }
            ContainerError::NetworkInUse { name, containers } => write!(
                f,
                "{D}error while removing network: network {name} has active endpoints (name:{})",
                containers.join(" ")
            ),
            ContainerError::JoinedNotRunning { id } => {
                write!(f, "{D}cannot join network namespace of a non running container: container {id} is not running")
            }
            ContainerError::NetworkConnectRefused(m) => write!(f, "{D}{m}"),
            ContainerError::AlreadyConnected { container, network } => {
                write!(f, "{D}endpoint with name {container} already exists in network {network}")
            }
            ContainerError::NotConnected { container, network } => {
                write!(f, "{D}container {container} is not connected to network {network}")
            }
            ContainerError::NoSuchVolume(v) => write!(f, "{D}get {v}: no such volume"),
            ContainerError::VolumeInUse { name, containers } => write!(
                f,
                "{D}remove {name}: volume is in use - [{}]",
                containers.join(", ")
            ),
            ContainerError::InvalidVolume(m) => write!(f, "{D}{m}"),
        }
    }
}

impl std::error::Error for ContainerError {}

impl From<ContainerError> for super::EngineError {
    fn from(e: ContainerError) -> super::EngineError {
        super::EngineError::Container(e)
    }
}
