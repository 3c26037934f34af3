//! The validated tree → the normalized [`Project`]: short syntaxes
//! expanded, defaults filled, as compose-go's `transform/` and
//! `loader/normalize.go` do (a `depends_on` list is `service_started`, a
//! variable named without a value takes the environment's, the `default`
//! network exists when a service uses it).

use std::collections::BTreeMap;

use super::dotenv;
use super::error::ComposeError;
use super::node::{Location, Node, Value};
use super::values;
use super::ComposeInput;
use crate::compose::model::{
    Build, Dependency, DependencyCondition, ExposedPort, HealthTest, Healthcheck, MountKind, Network, PortMapping,
    Project, Protocol, ResourceSet, Resources, RestartPolicy, Service, ServiceNetwork, Volume, VolumeMount,
};

type Env = BTreeMap<String, String>;

fn invalid(at: &Location, message: impl Into<String>) -> ComposeError {
    ComposeError::Invalid { at: at.clone(), message: message.into() }
}

fn entries(node: &Node) -> &[(super::node::Key, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => &[],
    }
}

fn text(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::scalar_text)
}

fn boolean(node: Option<&Node>) -> bool {
    match node.map(|n| &n.value) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Str(s)) => matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "y" | "on"),
        _ => false,
    }
}

/// compose-go `types.NormalizeProjectName`: lower case, only `a-z0-9_-`,
/// not starting with `-` or `_`.
pub fn normalize_project_name(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

pub fn project(tree: &Node, input: &ComposeInput, env: &Env) -> Result<Project, ComposeError> {
    // Precedence (docker compose docs, "Specify a project name"): -p, then
    // COMPOSE_PROJECT_NAME, then the top-level `name`, then the directory.
    let name = input
        .project_name
        .clone()
        .or_else(|| env.get("COMPOSE_PROJECT_NAME").filter(|n| !n.is_empty()).cloned())
        .or_else(|| text(tree.get("name")))
        .unwrap_or_else(|| input.project_dir_name.clone());
    let mut project = Project {
        name: normalize_project_name(&name),
        working_dir: input.working_dir.clone(),
        config_files: input.files.iter().map(|(name, _)| name.clone()).collect(),
        ..Project::default()
    };
    if project.name.is_empty() {
        return Err(invalid(&tree.at, "project name must not be empty"));
    }
    if let Some(services) = tree.get("services") {
        for (key, node) in entries(services) {
            project.services.push(service(&key.name, node, input, env)?);
        }
    }
    if let Some(networks) = tree.get("networks") {
        for (key, node) in entries(networks) {
            check_external("networks", &key.name, node)?;
            project.networks.insert(key.name.clone(), network(node));
        }
    }
    if let Some(volumes) = tree.get("volumes") {
        for (key, node) in entries(volumes) {
            check_external("volumes", &key.name, node)?;
            project.volumes.insert(key.name.clone(), volume(node));
        }
    }
    check_references(tree, &mut project)?;
    Ok(project)
}

/// compose-go `validation/external.go`: an external resource is not
/// Compose's to configure, and `external.name` is the old spelling of `name`.
fn check_external(kind: &str, name: &str, node: &Node) -> Result<(), ComposeError> {
    let Some(ext) = node.get("external") else { return Ok(()) };
    if node.get("name").is_some() && ext.get("name").is_some() {
        return Err(invalid(&ext.at, format!("{kind}.{name}: name and external.name conflict; only use name")));
    }
    if !external(node).0 {
        return Ok(());
    }
    for field in ["driver", "driver_opts", "labels"] {
        if let Some(value) = node.get(field) {
            return Err(invalid(
                &value.at,
                format!("{kind}.{name}: conflicting parameters \"external\" and \"{field}\" specified"),
            ));
        }
    }
    Ok(())
}

fn external(node: &Node) -> (bool, Option<String>) {
    match node.get("external") {
        Some(ext @ Node { value: Value::Map(_), .. }) => (true, text(ext.get("name"))),
        other => (boolean(other), None),
    }
}

fn labels(node: Option<&Node>) -> BTreeMap<String, String> {
    key_values(node).into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect()
}

fn network(node: &Node) -> Network {
    let (external, external_name) = external(node);
    Network {
        name: text(node.get("name")).or(external_name),
        driver: text(node.get("driver")),
        external,
        internal: boolean(node.get("internal")),
        labels: labels(node.get("labels")),
    }
}

fn volume(node: &Node) -> Volume {
    let (external, external_name) = external(node);
    Volume {
        name: text(node.get("name")).or(external_name),
        driver: text(node.get("driver")),
        external,
        labels: labels(node.get("labels")),
    }
}

/// A `list_or_dict` as pairs; `None` for a name without `=` or a null.
fn key_values(node: Option<&Node>) -> Vec<(String, Option<String>)> {
    let Some(node) = node else { return Vec::new() };
    match &node.value {
        Value::Map(entries) => entries.iter().map(|(k, v)| (k.name.clone(), v.scalar_text())).collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(Node::scalar_text)
            .map(|item| match item.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (item, None),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn words(node: Option<&Node>) -> Result<Option<Vec<String>>, ComposeError> {
    let Some(node) = node else { return Ok(None) };
    match &node.value {
        Value::Null => Ok(None),
        Value::Str(s) => values::shell_words(s).map(Some).map_err(|m| invalid(&node.at, m)),
        Value::Seq(items) => Ok(Some(items.iter().filter_map(Node::scalar_text).collect())),
        _ => Ok(None),
    }
}

fn duration(node: Option<&Node>) -> Result<Option<std::time::Duration>, ComposeError> {
    match node {
        Some(n) => match n.scalar_text() {
            Some(t) => values::duration(&t).map(Some).map_err(|m| invalid(&n.at, m)),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

fn service(name: &str, node: &Node, input: &ComposeInput, env: &Env) -> Result<Service, ComposeError> {
    let mut service = Service {
        name: name.to_string(),
        image: text(node.get("image")),
        command: words(node.get("command"))?,
        entrypoint: words(node.get("entrypoint"))?,
        user: text(node.get("user")),
        working_dir: text(node.get("working_dir")),
        container_name: text(node.get("container_name")),
        hostname: text(node.get("hostname")),
        stop_signal: text(node.get("stop_signal")),
        stop_grace_period: duration(node.get("stop_grace_period"))?,
        tty: boolean(node.get("tty")),
        stdin_open: boolean(node.get("stdin_open")),
        init: node.get("init").map(|n| boolean(Some(n))),
        read_only: boolean(node.get("read_only")),
        labels: labels(node.get("labels")),
        profiles: items_text(node.get("profiles")),
        ..Service::default()
    };
    if let Some(build) = node.get("build") {
        service.build = Some(self::build(build, env));
    }
    service.environment = environment(node, input, env)?;
    for port in node.get("ports").map(items).unwrap_or_default() {
        service.ports.extend(self::port(port)?);
    }
    for exposed in node.get("expose").map(items).unwrap_or_default() {
        let spec = exposed.scalar_text().unwrap_or_default();
        let (range, proto) = spec.split_once('/').unwrap_or((&spec, "tcp"));
        let mapping = values::short_port(range).map_err(|m| invalid(&exposed.at, m))?;
        let protocol = values::protocol(proto).map_err(|m| invalid(&exposed.at, m))?;
        let ports = crate::compose::model::PortRange {
            start: mapping.first().map_or(0, |p| p.target),
            end: mapping.last().map_or(0, |p| p.target),
        };
        service.expose.push(ExposedPort { ports, protocol });
    }
    for mount in node.get("volumes").map(items).unwrap_or_default() {
        service.volumes.push(self::mount(mount)?);
    }
    if let Some(networks) = node.get("networks") {
        match &networks.value {
            Value::Seq(list) => {
                for n in list.iter().filter_map(Node::as_str) {
                    service.networks.insert(n.to_string(), ServiceNetwork::default());
                }
            }
            Value::Map(map) => {
                for (key, value) in map {
                    let entry = ServiceNetwork {
                        aliases: items_text(value.get("aliases")),
                        ipv4_address: text(value.get("ipv4_address")),
                    };
                    service.networks.insert(key.name.clone(), entry);
                }
            }
            _ => {}
        }
    }
    if let Some(depends) = node.get("depends_on") {
        match &depends.value {
            Value::Seq(list) => {
                for n in list.iter().filter_map(Node::as_str) {
                    service.depends_on.insert(n.to_string(), Dependency::default());
                }
            }
            Value::Map(map) => {
                for (key, value) in map {
                    let condition = match text(value.get("condition")).as_deref() {
                        Some("service_healthy") => DependencyCondition::Healthy,
                        Some("service_completed_successfully") => DependencyCondition::CompletedSuccessfully,
                        _ => DependencyCondition::Started,
                    };
                    let required = value.get("required").is_none_or(|r| boolean(Some(r)));
                    let restart = boolean(value.get("restart"));
                    service.depends_on.insert(key.name.clone(), Dependency { condition, restart, required });
                }
            }
            _ => {}
        }
    }
    if let Some(check) = node.get("healthcheck") {
        service.healthcheck = Some(healthcheck(check)?);
    }
    if let Some(restart) = node.get("restart") {
        service.restart = Some(restart_policy(restart)?);
    }
    if let Some(deploy) = node.get("deploy") {
        if let Some(resources) = deploy.get("resources") {
            service.resources = Resources {
                limits: resource_set(resources.get("limits"))?,
                reservations: resource_set(resources.get("reservations"))?,
            };
        }
        if let Some(Value::Int(n)) = deploy.get("replicas").map(|n| &n.value) {
            service.scale = u32::try_from(*n).ok();
        }
    }
    if let Some(Value::Int(n)) = node.get("scale").map(|n| &n.value) {
        service.scale = u32::try_from(*n).ok();
    }
    if service.image.is_none() && service.build.is_none() {
        return Err(invalid(
            &node.at,
            format!("service {name:?} has neither an image nor a build context specified: invalid compose project"),
        ));
    }
    Ok(service)
}

fn items_text(node: Option<&Node>) -> Vec<String> {
    node.map(items).unwrap_or_default().iter().filter_map(Node::scalar_text).collect()
}

fn build(node: &Node, env: &Env) -> Build {
    if let Some(context) = node.as_str() {
        return Build { context: context.to_string(), dockerfile: Some("Dockerfile".into()), ..Build::default() };
    }
    let dockerfile_inline = text(node.get("dockerfile_inline"));
    let dockerfile =
        text(node.get("dockerfile")).or_else(|| dockerfile_inline.is_none().then(|| "Dockerfile".to_string()));
    Build {
        context: text(node.get("context")).unwrap_or_else(|| ".".to_string()),
        dockerfile,
        dockerfile_inline,
        // compose-go normalize.go: an argument without a value takes the environment's, if any.
        args: key_values(node.get("args"))
            .into_iter()
            .map(|(k, v)| {
                let v = v.or_else(|| env.get(&k).cloned());
                (k, v)
            })
            .collect(),
        target: text(node.get("target")),
    }
}

/// `env_file:` first, then `environment:` over it; a name without a value
/// takes the environment's (compose-go `ResolveEnvironment`).
fn environment(node: &Node, input: &ComposeInput, env: &Env) -> Result<BTreeMap<String, Option<String>>, ComposeError> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    let files: Vec<(String, bool, &Location)> = match node.get("env_file") {
        None => Vec::new(),
        Some(n @ Node { value: Value::Str(path), .. }) => vec![(path.clone(), true, &n.at)],
        Some(n) => items(n)
            .iter()
            .map(|item| match &item.value {
                Value::Map(_) => (
                    text(item.get("path")).unwrap_or_default(),
                    item.get("required").is_none_or(|r| boolean(Some(r))),
                    &item.at,
                ),
                _ => (item.scalar_text().unwrap_or_default(), true, &item.at),
            })
            .collect(),
    };
    for (path, required, at) in files {
        match input.env_files.get(&path) {
            Some(body) => {
                let outer = |name: &str| env.get(name).cloned();
                let vars =
                    dotenv::parse(body, &outer).map_err(|m| invalid(at, format!("failed to read {path}: {m}")))?;
                out.extend(vars.into_iter().map(|(k, v)| (k, Some(v))));
            }
            None if required => return Err(invalid(at, format!("env file {path} not found"))),
            None => {}
        }
    }
    for (key, value) in key_values(node.get("environment")) {
        let value = value.or_else(|| env.get(&key).cloned());
        out.insert(key, value);
    }
    Ok(out)
}

fn port(node: &Node) -> Result<Vec<PortMapping>, ComposeError> {
    match &node.value {
        Value::Map(_) => {
            let target = match node.get("target").map(|t| &t.value) {
                Some(Value::Int(t)) => {
                    u16::try_from(*t).map_err(|_| invalid(&node.at, format!("invalid containerPort: {t}")))?
                }
                Some(Value::Str(t)) => {
                    t.parse().map_err(|_| invalid(&node.at, format!("invalid containerPort: {t}")))?
                }
                _ => return Err(invalid(&node.at, "service ports is missing a target port")),
            };
            let published = match text(node.get("published")) {
                Some(p) if !p.is_empty() => Some(values::published(&p).map_err(|m| invalid(&node.at, m))?),
                _ => None,
            };
            let protocol = match text(node.get("protocol")) {
                Some(p) => values::protocol(&p).map_err(|m| invalid(&node.at, m))?,
                None => Protocol::Tcp,
            };
            Ok(vec![PortMapping { host_ip: text(node.get("host_ip")), published, target, protocol }])
        }
        _ => {
            let spec = node.scalar_text().unwrap_or_default();
            values::short_port(&spec).map_err(|m| invalid(&node.at, m))
        }
    }
}

fn mount(node: &Node) -> Result<VolumeMount, ComposeError> {
    match &node.value {
        Value::Map(_) => {
            let kind = match text(node.get("type")).as_deref() {
                Some("bind") => MountKind::Bind,
                Some("tmpfs") => MountKind::Tmpfs,
                _ => MountKind::Volume,
            };
            let target = text(node.get("target"))
                .ok_or_else(|| invalid(&node.at, "service volume is missing a mount target"))?;
            Ok(VolumeMount {
                kind,
                source: text(node.get("source")),
                target,
                read_only: boolean(node.get("read_only")),
            })
        }
        _ => values::short_volume(&node.scalar_text().unwrap_or_default()).map_err(|m| invalid(&node.at, m)),
    }
}

fn healthcheck(node: &Node) -> Result<Healthcheck, ComposeError> {
    let test = match node.get("test") {
        None => None,
        Some(t) => match &t.value {
            Value::Str(s) => Some(HealthTest::Shell(s.clone())),
            Value::Seq(list) => {
                let words: Vec<String> = list.iter().filter_map(Node::scalar_text).collect();
                match words.split_first() {
                    Some((first, _)) if first == "NONE" => Some(HealthTest::None),
                    Some((first, rest)) if first == "CMD" => Some(HealthTest::Cmd(rest.to_vec())),
                    Some((first, rest)) if first == "CMD-SHELL" => Some(HealthTest::Shell(rest.join(" "))),
                    _ => {
                        return Err(invalid(
                            &t.at,
                            "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
                        ))
                    }
                }
            }
            _ => None,
        },
    };
    let retries = match node.get("retries").map(|r| &r.value) {
        Some(Value::Int(n)) => u64::try_from(*n).ok(),
        Some(Value::Float(f)) => Some(*f as u64),
        _ => None,
    };
    let disable = boolean(node.get("disable"));
    Ok(Healthcheck {
        test: if disable { Some(HealthTest::None) } else { test },
        interval: duration(node.get("interval"))?,
        timeout: duration(node.get("timeout"))?,
        start_period: duration(node.get("start_period"))?,
        start_interval: duration(node.get("start_interval"))?,
        retries,
        disable,
    })
}

fn restart_policy(node: &Node) -> Result<RestartPolicy, ComposeError> {
    let text = node.scalar_text().unwrap_or_default();
    match text.as_str() {
        "no" | "" => Ok(RestartPolicy::No),
        "always" => Ok(RestartPolicy::Always),
        "unless-stopped" => Ok(RestartPolicy::UnlessStopped),
        "on-failure" => Ok(RestartPolicy::OnFailure(None)),
        other => match other.strip_prefix("on-failure:").map(str::parse::<u32>) {
            Some(Ok(n)) => Ok(RestartPolicy::OnFailure(Some(n))),
            _ => Err(invalid(&node.at, format!("invalid restart policy: unknown policy '{other}'"))),
        },
    }
}

fn resource_set(node: Option<&Node>) -> Result<ResourceSet, ComposeError> {
    let Some(node) = node else { return Ok(ResourceSet::default()) };
    let cpus = match node.get("cpus") {
        None => None,
        Some(c) => {
            let t = c.scalar_text().unwrap_or_default();
            Some(t.parse::<f64>().map_err(|_| invalid(&c.at, format!("invalid cpus value {t:?}")))?)
        }
    };
    let memory = match node.get("memory") {
        None => None,
        Some(m) => match &m.value {
            Value::Int(n) => u64::try_from(*n).ok(),
            _ => Some(values::bytes(&m.scalar_text().unwrap_or_default()).map_err(|e| invalid(&m.at, e))?),
        },
    };
    let pids = match node.get("pids").map(|p| &p.value) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    Ok(ResourceSet { cpus, memory, pids })
}

/// What compose-go's `loader/validate.go` and normalize check across the
/// model: every network and named volume a service uses is declared (the
/// `default` network is added when used), every `depends_on` names a
/// service.
fn check_references(tree: &Node, project: &mut Project) -> Result<(), ComposeError> {
    let services = tree.get("services");
    let at_of = |service: &str, field: &str| -> Location {
        services
            .and_then(|s| s.get(service))
            .and_then(|s| s.get(field).or(Some(s)))
            .map_or_else(|| tree.at.clone(), |n| n.at.clone())
    };
    let names: Vec<String> = project.services.iter().map(|s| s.name.clone()).collect();
    let mut uses_default = false;
    for service in &project.services {
        if service.networks.is_empty() {
            uses_default = true;
        }
        for network in service.networks.keys() {
            if network == "default" {
                uses_default = true;
            } else if !project.networks.contains_key(network) {
                return Err(invalid(
                    &at_of(&service.name, "networks"),
                    format!(
                        "service {:?} refers to undefined network {network}: invalid compose project",
                        service.name
                    ),
                ));
            }
        }
        for mount in &service.volumes {
            if let (MountKind::Volume, Some(source)) = (mount.kind, &mount.source) {
                if !project.volumes.contains_key(source) {
                    return Err(invalid(
                        &at_of(&service.name, "volumes"),
                        format!(
                            "service {:?} refers to undefined volume {source}: invalid compose project",
                            service.name
                        ),
                    ));
                }
            }
        }
        for dependency in service.depends_on.keys() {
            if !names.contains(dependency) {
                return Err(invalid(
                    &at_of(&service.name, "depends_on"),
                    format!(
                        "service {:?} depends on undefined service {dependency:?}: invalid compose project",
                        service.name
                    ),
                ));
            }
        }
    }
    if uses_default {
        project.networks.entry("default".to_string()).or_default();
    }
    Ok(())
}
