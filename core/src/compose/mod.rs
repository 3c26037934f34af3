//! Docker Compose v2 over the simulated engine (Layerlab follows Compose
//! v5.5.0's sources, the release line that succeeded v2 with the same
//! commands and words).
//!
//! [`model`] is the normalized project every command consumes (what
//! `compose-go` hands Compose after loading, interpolating and merging the
//! files); the commands turn it into the engine's own images, networks,
//! volumes and containers, labelled as Compose labels them ([`names`]), so
//! the plain `docker` commands see what Compose made, and Compose finds
//! them again by those labels ([`state`]) — there is no second model.
//!
//! By what they do: [`order`] (start order from `depends_on`), [`create`]
//! (a service's container as the engine's typed `docker create`), [`up`]
//! (converge and start, waiting on dependencies with the engine's health
//! model), `attach` (attached `up`'s output and exit status), [`progress`]
//! (the progress display), `build` (`build`, images Compose builds),
//! `commands` (`down`, `ps`, `start`, `stop`, `restart`, `logs`, `images`,
//! `top`, `ls`, `pull`), `oneoff` (`exec`, `run`), [`cli`] (the
//! `docker compose …` command line); [`file`] reads the Compose files into
//! the model, and `loader` hands the commands what it read.

mod attach;
mod build;
pub mod cli;
mod commands;
pub mod create;
pub mod file;
mod loader;
pub mod model;
pub mod names;
mod oneoff;
pub mod order;
pub mod progress;
pub mod state;
pub mod up;
pub mod view;

#[cfg(test)]
mod tests;

pub use file::{load, ComposeError, ComposeInput};

pub use model::{
    Build, Dependency, DependencyCondition, ExposedPort, HealthTest, Healthcheck, MountKind, Network, PortMapping,
    PortRange, Project, Protocol, ResourceSet, Resources, RestartPolicy, Service, ServiceNetwork, Volume, VolumeMount,
};
pub use up::UpOptions;

use crate::docker::Host;
use crate::engine::Engine;

/// A Compose command's context: the engine, the host (build contexts,
/// environment), the time, and how progress is shown.
pub struct Compose<'a> {
    pub engine: &'a mut Engine,
    pub host: &'a mut dyn Host,
    pub now: u64,
    pub mode: progress::Mode,
    /// The terminal's width (`COLUMNS` from the host), for the TTY frame.
    pub width: usize,
}

impl<'a> Compose<'a> {
    pub fn new(engine: &'a mut Engine, host: &'a mut dyn Host, now: u64) -> Compose<'a> {
        let width = progress::width_from(host.env_var("COLUMNS").as_deref());
        Compose { engine, host, now, mode: progress::Mode::Tty, width }
    }

    /// A progress display for one operation, laid out for this terminal.
    pub fn progress(&self, operation: &'static str, detached: bool) -> progress::Progress {
        progress::Progress::new(self.mode, operation, detached).with_width(self.width)
    }
}
