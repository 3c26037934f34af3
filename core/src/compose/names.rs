//! What Compose calls the things it makes, and the labels it puts on them
//! (docker/compose v5.5.0: `pkg/api/labels.go`, `pkg/api/api.go`
//! `GetImageNameOrDefault`, `pkg/compose/convergence.go`
//! `getDefaultContainerName`, `pkg/compose/hash.go` `ServiceHash`), so the
//! plain `docker` commands list them as Compose's.

use super::model::{Project, Service};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const PROJECT: &str = "com.docker.compose.project";
pub const SERVICE: &str = "com.docker.compose.service";
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
pub const CONTAINER_NUMBER: &str = "com.docker.compose.container-number";
pub const ONEOFF: &str = "com.docker.compose.oneoff";
pub const VERSION: &str = "com.docker.compose.version";
pub const NETWORK: &str = "com.docker.compose.network";
pub const VOLUME: &str = "com.docker.compose.volume";
pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
pub const IMAGE: &str = "com.docker.compose.image";
pub const SLUG: &str = "com.docker.compose.slug";
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";

/// The Compose release whose behaviour and words Layerlab follows.
pub const COMPOSE_VERSION: &str = "5.5.0";

/// `PROJECT-SERVICE-N`, or the service's `container_name`.
pub fn container_name(project: &str, service: &Service, number: u32) -> String {
    service.container_name.clone().unwrap_or_else(|| format!("{project}-{}-{number}", service.name))
}

/// The name the log prefix and `Attaching to` use: the container's name
/// without the `PROJECT-` in front.
pub fn short_name<'a>(project: &str, container: &'a str) -> &'a str {
    container.strip_prefix(project).and_then(|rest| rest.strip_prefix('-')).unwrap_or(container)
}

/// The engine's name of a network key: its `name:`, else `PROJECT_KEY`.
pub fn network_name(project: &Project, key: &str) -> String {
    match project.networks.get(key).and_then(|n| n.name.clone()) {
        Some(name) => name,
        None => format!("{}_{key}", project.name),
    }
}

/// The engine's name of a volume key: its `name:`, else `PROJECT_KEY`.
pub fn volume_name(project: &Project, key: &str) -> String {
    match project.volumes.get(key).and_then(|v| v.name.clone()) {
        Some(name) => name,
        None => format!("{}_{key}", project.name),
    }
}

/// The image a service runs: `image:`, else `PROJECT-SERVICE` (what `build` tags).
pub fn image_name(project: &str, service: &Service) -> String {
    service.image.clone().unwrap_or_else(|| format!("{project}-{}", service.name))
}

/// The image a built service's image is tagged with (`image:` when both are set).
pub fn image_tag(project: &str, service: &Service) -> String {
    let name = image_name(project, service);
    if name.contains(':') || name.contains('@') {
        name
    } else {
        format!("{name}:latest")
    }
}

/// The service's configuration hash: what Compose compares to decide that a
/// container is out of date. Compose hashes the service's JSON without
/// `build`, `pull_policy`, the scale, `depends_on` and `profiles`; Layerlab
/// hashes the same selection of its own model, so equal configurations give
/// equal hashes (the digests differ from Compose's).
pub fn config_hash(service: &Service) -> String {
    let mut s = service.clone();
    s.build = None;
    s.scale = None;
    s.depends_on.clear();
    s.profiles.clear();
    let digest = Sha256::digest(format!("{s:?}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The labels of a service's container (`oneoff` for `compose run`).
pub fn container_labels(project: &Project, service: &Service, number: u32, oneoff: bool) -> BTreeMap<String, String> {
    let mut labels = service.labels.clone();
    let depends: Vec<String> =
        service.depends_on.iter().map(|(name, d)| format!("{name}:{}:{}", d.condition.as_str(), d.restart)).collect();
    for (key, value) in [
        (PROJECT, project.name.clone()),
        (SERVICE, service.name.clone()),
        (CONTAINER_NUMBER, number.to_string()),
        (ONEOFF, if oneoff { "True" } else { "False" }.to_string()),
        (CONFIG_HASH, config_hash(service)),
        (VERSION, COMPOSE_VERSION.to_string()),
        (DEPENDS_ON, depends.join(",")),
        (IMAGE, image_name(&project.name, service)),
        (WORKING_DIR, project.working_dir.clone()),
        (CONFIG_FILES, project.config_files.join(",")),
    ] {
        labels.insert(key.to_string(), value);
    }
    labels
}

/// The labels of a network or volume Compose creates for a key.
pub fn resource_labels(
    project: &str,
    kind: &str,
    key: &str,
    extra: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut labels = extra.clone();
    labels.insert(PROJECT.to_string(), project.to_string());
    labels.insert(kind.to_string(), key.to_string());
    labels.insert(VERSION.to_string(), COMPOSE_VERSION.to_string());
    labels
}
