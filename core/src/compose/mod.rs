//! Docker Compose v2 over the simulated engine.
//!
//! [`model`] is the normalized project every command consumes (what
//! `compose-go` hands Compose after loading, interpolating and merging the
//! files); the commands turn it into the engine's own images, networks,
//! volumes and containers, labelled as Compose labels them, so the plain
//! `docker` commands see what Compose made.

pub mod file;
pub mod model;

pub use file::{load, ComposeError, ComposeInput};

pub use model::{
    Build, Dependency, DependencyCondition, ExposedPort, HealthTest, Healthcheck, MountKind, Network, PortMapping,
    PortRange, Project, Protocol, ResourceSet, Resources, RestartPolicy, Service, ServiceNetwork, Volume, VolumeMount,
};
