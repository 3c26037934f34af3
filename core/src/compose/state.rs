//! The project as the engine holds it: Compose keeps no state of its own,
//! it finds its containers, networks and volumes by their labels
//! (`com.docker.compose.project`, `.service`, `.oneoff`), as Compose does.

use super::names;
use crate::engine::containers::Container;
use crate::engine::Engine;

/// A container's `container-number` label.
pub fn number(c: &Container) -> u32 {
    c.config.labels.get(names::CONTAINER_NUMBER).and_then(|n| n.parse().ok()).unwrap_or(0)
}

pub fn service_of(c: &Container) -> &str {
    c.config.labels.get(names::SERVICE).map_or("", String::as_str)
}

pub fn is_oneoff(c: &Container) -> bool {
    c.config.labels.get(names::ONEOFF).is_some_and(|v| v == "True")
}

/// Every container of the project, in creation order.
pub fn project_containers<'e>(engine: &'e Engine, project: &str) -> Vec<&'e Container> {
    engine
        .runtime()
        .containers()
        .iter()
        .filter(|c| c.config.labels.get(names::PROJECT).is_some_and(|p| p == project))
        .collect()
}

/// A service's containers (not one-off), by number.
pub fn service_containers<'e>(engine: &'e Engine, project: &str, service: &str) -> Vec<&'e Container> {
    let mut found: Vec<&Container> =
        project_containers(engine, project).into_iter().filter(|c| service_of(c) == service && !is_oneoff(c)).collect();
    crate::sort::by_key(&mut found, |c| number(c));
    found
}

/// The names of the project's networks in the engine.
pub fn project_networks(engine: &Engine, project: &str) -> Vec<String> {
    engine
        .runtime()
        .networks()
        .iter()
        .filter(|n| n.labels.get(names::PROJECT).is_some_and(|p| p == project))
        .map(|n| n.name.clone())
        .collect()
}

/// The names of the project's volumes in the engine.
pub fn project_volumes(engine: &Engine, project: &str) -> Vec<String> {
    engine
        .runtime()
        .volumes()
        .iter()
        .filter(|v| v.labels.get(names::PROJECT).is_some_and(|p| p == project))
        .map(|v| v.name.clone())
        .collect()
}
