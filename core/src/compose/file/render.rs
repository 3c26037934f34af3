//! `docker compose config`: the normalized project printed as Compose v2
//! prints it — yaml.v3 output of compose-go's `types.Project`, so struct
//! fields in their declaration order (`types/types.go`), map keys sorted,
//! empty fields left out, ports and volumes in their long form, and the
//! names Compose gives networks and volumes (`PROJECT_KEY`).

use std::fmt::Write;

use super::values::go_duration;
use crate::compose::model::{HealthTest, MountKind, Project, ResourceSet, Service};

/// The YAML text of `project`.
pub fn config(project: &Project) -> String {
    let mut out = Out::default();
    out.line(0, &format!("name: {}", scalar(&project.name)));
    out.line(0, "services:");
    let mut services: Vec<&Service> = project.services.iter().collect();
    crate::sort::by(&mut services, |a, b| a.name.cmp(&b.name));
    for service in services {
        out.line(1, &format!("{}:", key(&service.name)));
        render_service(&mut out, service, &project.working_dir);
    }
    if !project.networks.is_empty() {
        out.line(0, "networks:");
        for (name, network) in &project.networks {
            out.line(1, &format!("{}:", key(name)));
            let engine_name = network.name.clone().unwrap_or_else(|| format!("{}_{name}", project.name));
            out.line(2, &format!("name: {}", scalar(&engine_name)));
            if let Some(driver) = &network.driver {
                out.line(2, &format!("driver: {}", scalar(driver)));
            }
            if network.external {
                out.line(2, "external: true");
            }
            if network.internal {
                out.line(2, "internal: true");
            }
            map(&mut out, 2, "labels", network.labels.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))));
        }
    }
    if !project.volumes.is_empty() {
        out.line(0, "volumes:");
        for (name, volume) in &project.volumes {
            out.line(1, &format!("{}:", key(name)));
            let engine_name = volume.name.clone().unwrap_or_else(|| format!("{}_{name}", project.name));
            out.line(2, &format!("name: {}", scalar(&engine_name)));
            if let Some(driver) = &volume.driver {
                out.line(2, &format!("driver: {}", scalar(driver)));
            }
            if volume.external {
                out.line(2, "external: true");
            }
            map(&mut out, 2, "labels", volume.labels.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))));
        }
    }
    out.text
}

#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.text, "{}{text}", "  ".repeat(depth));
    }
}

fn list(out: &mut Out, depth: usize, name: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.line(depth, &format!("{name}:"));
    for item in items {
        out.line(depth + 1, &format!("- {}", scalar(item)));
    }
}

fn map<'a>(out: &mut Out, depth: usize, name: &str, entries: impl Iterator<Item = (&'a str, Option<&'a str>)>) {
    let entries: Vec<_> = entries.collect();
    if entries.is_empty() {
        return;
    }
    out.line(depth, &format!("{name}:"));
    for (k, v) in entries {
        match v {
            Some(v) => out.line(depth + 1, &format!("{}: {}", key(k), scalar(v))),
            None => out.line(depth + 1, &format!("{}: null", key(k))),
        }
    }
}

/// compose-go resolves relative paths against the project directory
/// (`paths.ResolveRelativePaths`) before `config` prints them.
fn absolute(working_dir: &str, path: &str) -> String {
    if working_dir.is_empty() || path.starts_with('/') || path.starts_with('~') || path.contains("://") {
        return path.to_string();
    }
    let joined = format!("{}/{path}", working_dir.trim_end_matches('/'));
    crate::context::clean(&joined)
}

fn render_service(out: &mut Out, s: &Service, working_dir: &str) {
    let d = 2;
    list(out, d, "profiles", &s.profiles);
    if let Some(build) = &s.build {
        out.line(d, "build:");
        out.line(d + 1, &format!("context: {}", scalar(&absolute(working_dir, &build.context))));
        if let Some(dockerfile) = &build.dockerfile {
            out.line(d + 1, &format!("dockerfile: {}", scalar(dockerfile)));
        }
        if let Some(inline) = &build.dockerfile_inline {
            out.line(d + 1, &format!("dockerfile_inline: {}", scalar(inline)));
        }
        map(out, d + 1, "args", build.args.iter().map(|(k, v)| (k.as_str(), v.as_deref())));
        if let Some(target) = &build.target {
            out.line(d + 1, &format!("target: {}", scalar(target)));
        }
    }
    if let Some(command) = &s.command {
        list(out, d, "command", command);
    }
    if let Some(name) = &s.container_name {
        out.line(d, &format!("container_name: {}", scalar(name)));
    }
    if !s.depends_on.is_empty() {
        out.line(d, "depends_on:");
        for (name, dep) in &s.depends_on {
            out.line(d + 1, &format!("{}:", key(name)));
            out.line(d + 2, &format!("condition: {}", dep.condition.as_str()));
            if dep.restart {
                out.line(d + 2, "restart: true");
            }
            out.line(d + 2, &format!("required: {}", dep.required));
        }
    }
    let resources = &s.resources;
    if s.scale.is_some() || !is_empty(&resources.limits) || !is_empty(&resources.reservations) {
        out.line(d, "deploy:");
        if let Some(n) = s.scale {
            out.line(d + 1, &format!("replicas: {n}"));
        }
        if !is_empty(&resources.limits) || !is_empty(&resources.reservations) {
            out.line(d + 1, "resources:");
            resource_set(out, d + 2, "limits", &resources.limits);
            resource_set(out, d + 2, "reservations", &resources.reservations);
        }
    }
    if let Some(entrypoint) = &s.entrypoint {
        list(out, d, "entrypoint", entrypoint);
    }
    map(out, d, "environment", s.environment.iter().map(|(k, v)| (k.as_str(), v.as_deref())));
    let expose: Vec<String> = s.expose.iter().map(|e| e.ports.to_string()).collect();
    list(out, d, "expose", &expose);
    if let Some(h) = &s.healthcheck {
        out.line(d, "healthcheck:");
        if let Some(test) = &h.test {
            let words = match test {
                HealthTest::None if h.disable => Vec::new(),
                other => other.to_engine(),
            };
            list(out, d + 1, "test", &words);
        }
        for (name, value) in [("timeout", h.timeout), ("interval", h.interval)] {
            if let Some(v) = value {
                out.line(d + 1, &format!("{name}: {}", go_duration(v)));
            }
        }
        if let Some(r) = h.retries {
            out.line(d + 1, &format!("retries: {r}"));
        }
        for (name, value) in [("start_period", h.start_period), ("start_interval", h.start_interval)] {
            if let Some(v) = value {
                out.line(d + 1, &format!("{name}: {}", go_duration(v)));
            }
        }
        if h.disable {
            out.line(d + 1, "disable: true");
        }
    }
    if let Some(hostname) = &s.hostname {
        out.line(d, &format!("hostname: {}", scalar(hostname)));
    }
    if let Some(image) = &s.image {
        out.line(d, &format!("image: {}", scalar(image)));
    }
    if let Some(init) = s.init {
        out.line(d, &format!("init: {init}"));
    }
    map(out, d, "labels", s.labels.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))));
    out.line(d, "networks:");
    if s.networks.is_empty() {
        out.line(d + 1, "default: null");
    }
    for (name, network) in &s.networks {
        if network.aliases.is_empty() && network.ipv4_address.is_none() {
            out.line(d + 1, &format!("{}: null", key(name)));
            continue;
        }
        out.line(d + 1, &format!("{}:", key(name)));
        list(out, d + 2, "aliases", &network.aliases);
        if let Some(ip) = &network.ipv4_address {
            out.line(d + 2, &format!("ipv4_address: {}", scalar(ip)));
        }
    }
    if !s.ports.is_empty() {
        out.line(d, "ports:");
        for port in &s.ports {
            out.line(d + 1, "- mode: ingress");
            if let Some(ip) = &port.host_ip {
                out.line(d + 2, &format!("host_ip: {}", scalar(ip)));
            }
            out.line(d + 2, &format!("target: {}", port.target));
            if let Some(published) = port.published {
                out.line(d + 2, &format!("published: \"{published}\""));
            }
            out.line(d + 2, &format!("protocol: {}", port.protocol));
        }
    }
    if s.read_only {
        out.line(d, "read_only: true");
    }
    if let Some(restart) = s.restart {
        out.line(d, &format!("restart: {}", scalar(&restart.to_string())));
    }
    if let Some(n) = s.scale {
        out.line(d, &format!("scale: {n}"));
    }
    if s.stdin_open {
        out.line(d, "stdin_open: true");
    }
    if let Some(grace) = s.stop_grace_period {
        out.line(d, &format!("stop_grace_period: {}", go_duration(grace)));
    }
    if let Some(signal) = &s.stop_signal {
        out.line(d, &format!("stop_signal: {}", scalar(signal)));
    }
    if s.tty {
        out.line(d, "tty: true");
    }
    if let Some(user) = &s.user {
        out.line(d, &format!("user: {}", scalar(user)));
    }
    if !s.volumes.is_empty() {
        out.line(d, "volumes:");
        for mount in &s.volumes {
            let kind = match (mount.kind, &mount.source) {
                (MountKind::Bind, _) => "bind",
                (MountKind::Tmpfs, _) => "tmpfs",
                (MountKind::Volume, _) => "volume",
            };
            out.line(d + 1, &format!("- type: {kind}"));
            if let Some(source) = &mount.source {
                let source = if mount.kind == MountKind::Bind { absolute(working_dir, source) } else { source.clone() };
                out.line(d + 2, &format!("source: {}", scalar(&source)));
            }
            out.line(d + 2, &format!("target: {}", scalar(&mount.target)));
            if mount.read_only {
                out.line(d + 2, "read_only: true");
            }
            match mount.kind {
                MountKind::Bind => {
                    out.line(d + 2, "bind:");
                    out.line(d + 3, "create_host_path: true");
                }
                MountKind::Volume => out.line(d + 2, "volume: {}"),
                MountKind::Tmpfs => {}
            }
        }
    }
    if let Some(dir) = &s.working_dir {
        out.line(d, &format!("working_dir: {}", scalar(dir)));
    }
}

fn is_empty(set: &ResourceSet) -> bool {
    set.cpus.is_none() && set.memory.is_none() && set.pids.is_none()
}

fn resource_set(out: &mut Out, depth: usize, name: &str, set: &ResourceSet) {
    if is_empty(set) {
        return;
    }
    out.line(depth, &format!("{name}:"));
    if let Some(cpus) = set.cpus {
        out.line(depth + 1, &format!("cpus: {}", super::node::go_float(cpus)));
    }
    if let Some(memory) = set.memory {
        out.line(depth + 1, &format!("memory: \"{memory}\""));
    }
    if let Some(pids) = set.pids {
        out.line(depth + 1, &format!("pids: {pids}"));
    }
}

fn key(text: &str) -> String {
    scalar(text)
}

/// A string as yaml.v3 writes it: plain when it reads back as the same
/// string, double-quoted otherwise.
fn scalar(text: &str) -> String {
    let reads_back = !text.is_empty()
        && matches!(super::node::parse("", text).ok().as_deref(), Some([n]) if n.value == super::node::Value::Str(text.to_string()))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.starts_with([' ', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'])
        // yaml.v3 quotes `-`, `?` and `:` at the start only before a blank.
        && !(text.starts_with(['-', '?', ':']) && text[1..].starts_with([' ', '\t']) || text.len() == 1 && text.starts_with(['-', '?', ':']))
        && !text.ends_with([' ', ':'])
        && !text.contains('\n')
        && !text.chars().any(char::is_control);
    if reads_back {
        text.to_string()
    } else {
        let mut quoted = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\t' => quoted.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(quoted, "\\u{:04X}", c as u32);
                }
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    }
}
