//! The project as the app's service graph draws it: plain data
//! (`PartialEq`, so it can be Yew props) joining the file's services,
//! `depends_on` edges with their conditions, networks and volumes with what
//! the engine holds of them now (each container's state and health, the
//! ports it bound), so the graph shows the live state after `up`.

use super::model::{MountKind, Project};
use super::{names, state};
use crate::engine::containers::health::HealthStatus;
use crate::engine::Engine;

/// The whole graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComposeGraph {
    pub project: String,
    /// In start order (dependencies first), so a column layout reads left to right.
    pub services: Vec<ServiceNode>,
    pub edges: Vec<DependsEdge>,
    /// The engine's names (`demo_default`), with whether they exist now.
    pub networks: Vec<ResourceNode>,
    pub volumes: Vec<ResourceNode>,
}

/// One service's box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceNode {
    pub name: String,
    /// The image it runs (`PROJECT-SERVICE` when built).
    pub image: String,
    pub built: bool,
    /// `8080:80/tcp` as written (host side `*` when the engine picks it).
    pub ports: Vec<String>,
    /// Its networks' engine names and its named volumes' engine names.
    pub networks: Vec<String>,
    pub volumes: Vec<String>,
    /// Whether it has a health check (its own or `healthcheck:`).
    pub healthcheck: bool,
    /// Its containers as the engine has them now (none before `up`).
    pub containers: Vec<ContainerNode>,
    /// How many `depends_on` levels are below it (0: depends on nothing).
    pub depth: usize,
}

/// One container of a service, now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerNode {
    pub name: String,
    /// moby's state: `created`, `running`, `exited`, …
    pub state: String,
    /// `starting`, `healthy`, `unhealthy`, or `None` without a check.
    pub health: Option<String>,
    pub exit_code: i32,
}

/// A `depends_on` edge: `from` waits for `to`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DependsEdge {
    pub from: String,
    pub to: String,
    /// `service_started`, `service_healthy`, `service_completed_successfully`.
    pub condition: String,
    pub required: bool,
}

/// A network or volume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceNode {
    pub key: String,
    pub name: String,
    pub exists: bool,
}

/// The graph of `project` against the engine's state at `now`.
pub fn graph(project: &Project, engine: &Engine, now: u64) -> ComposeGraph {
    let order = super::order::start_order(project)
        .unwrap_or_else(|_| project.services.iter().map(|s| s.name.clone()).collect());
    let mut depth: Vec<(String, usize)> = Vec::new();
    for name in &order {
        let Some(s) = project.service(name) else { continue };
        let d = s
            .depends_on
            .keys()
            .filter_map(|dep| depth.iter().find(|(n, _)| n == dep).map(|(_, d)| d + 1))
            .max()
            .unwrap_or(0);
        depth.push((name.clone(), d));
    }
    let mut services = Vec::new();
    let mut edges = Vec::new();
    for (name, d) in &depth {
        let Some(s) = project.service(name) else { continue };
        for (dep, dependency) in &s.depends_on {
            edges.push(DependsEdge {
                from: name.clone(),
                to: dep.clone(),
                condition: dependency.condition.as_str().to_string(),
                required: dependency.required,
            });
        }
        let containers = state::service_containers(engine, &project.name, name)
            .iter()
            .map(|c| ContainerNode {
                name: c.name.clone(),
                state: c.state.status.as_str().to_string(),
                health: match (&c.health, c.state.started_at, c.state.status.is_up()) {
                    (Some(h), Some(started), true) => Some(
                        match h.status(started, now).0 {
                            HealthStatus::Starting => "starting",
                            HealthStatus::Healthy => "healthy",
                            HealthStatus::Unhealthy => "unhealthy",
                        }
                        .to_string(),
                    ),
                    _ => None,
                },
                exit_code: c.state.exit_code,
            })
            .collect();
        services.push(ServiceNode {
            name: name.clone(),
            image: names::image_name(&project.name, s),
            built: s.build.is_some(),
            ports: s
                .ports
                .iter()
                .map(|p| match p.published {
                    Some(host) => format!("{host}:{}/{}", p.target, p.protocol),
                    None => format!("{}/{}", p.target, p.protocol),
                })
                .collect(),
            networks: s.network_keys().iter().map(|k| names::network_name(project, k)).collect(),
            volumes: s
                .volumes
                .iter()
                .filter(|m| m.kind == MountKind::Volume)
                .filter_map(|m| m.source.as_ref().map(|k| names::volume_name(project, k)))
                .collect(),
            healthcheck: s.healthcheck.as_ref().is_some_and(|h| !h.disable),
            containers,
            depth: *d,
        });
    }
    let mut network_keys: Vec<String> = Vec::new();
    for s in &project.services {
        for k in s.network_keys() {
            if !network_keys.iter().any(|n| n == k) {
                network_keys.push(k.to_string());
            }
        }
    }
    let networks = network_keys
        .into_iter()
        .map(|key| {
            let name = names::network_name(project, &key);
            ResourceNode { exists: engine.runtime().network(&name).is_ok(), key, name }
        })
        .collect();
    let volumes = project
        .volumes
        .keys()
        .map(|key| {
            let name = names::volume_name(project, key);
            ResourceNode { exists: engine.runtime().volume(&name).is_ok(), key: key.clone(), name }
        })
        .collect();
    ComposeGraph { project: project.name.clone(), services, edges, networks, volumes }
}
