//! A service's container as the engine creates it: the service's
//! configuration turned into the typed `docker create` the engine already
//! runs (`run::RunCommand`), with Compose's name, labels, network aliases
//! and mounts, so the container is an ordinary engine container.
//!
//! Compose sends the API a whole `Entrypoint` list; the engine's run line
//! takes one `--entrypoint` program, so the list's first word is the
//! program and the rest go before the command, which gives the process the
//! same argv (moby drops the image's CMD whenever an entrypoint is set,
//! Compose's list or the flag alike).

use super::model::{HealthTest, MountKind, Project, RestartPolicy, Service};
use super::names;
use crate::run::{
    self, Entrypoint, EnvVar, HealthOptions, HostPort, Invocation, Mount, MountType, NetworkAttachment, NetworkMode,
    RunCommand, RunOptions, Subcommand, VolumeSource, VolumeSpec,
};

fn nanos(d: Option<std::time::Duration>) -> Option<i64> {
    d.map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

fn restart(r: RestartPolicy) -> run::RestartPolicy {
    match r {
        RestartPolicy::No => run::RestartPolicy::No,
        RestartPolicy::Always => run::RestartPolicy::Always,
        RestartPolicy::UnlessStopped => run::RestartPolicy::UnlessStopped,
        RestartPolicy::OnFailure(n) => run::RestartPolicy::OnFailure { max_retries: n },
    }
}

/// The `--health-*` options of a service's `healthcheck:`, and whether the
/// check is turned off.
fn health(service: &Service) -> (HealthOptions, bool) {
    let Some(h) = &service.healthcheck else { return (HealthOptions::default(), false) };
    if h.disable || h.test == Some(HealthTest::None) {
        return (HealthOptions::default(), true);
    }
    let cmd = match &h.test {
        Some(HealthTest::Shell(line)) => Some(line.clone()),
        // The engine's checks are shell lines; an exec-form test runs the same words.
        Some(HealthTest::Cmd(words)) => Some(words.join(" ")),
        _ => None,
    };
    let options = HealthOptions {
        cmd,
        interval: nanos(h.interval),
        timeout: nanos(h.timeout),
        start_period: nanos(h.start_period),
        start_interval: nanos(h.start_interval),
        retries: h.retries.map(|r| i64::try_from(r).unwrap_or(i64::MAX)),
    };
    (options, false)
}

/// The `docker create` for container `name` of `service`; `command`
/// replaces the service's (for `compose run`).
pub fn run_command(
    project: &Project,
    service: &Service,
    name: &str,
    number: u32,
    oneoff: bool,
    command: Option<&[String]>,
) -> RunCommand {
    let mut options = RunOptions {
        name: Some(name.to_string()),
        tty: service.tty,
        interactive: service.stdin_open,
        user: service.user.clone(),
        workdir: service.working_dir.clone(),
        hostname: service.hostname.clone(),
        read_only: service.read_only,
        init: service.init,
        stop_signal: service.stop_signal.clone(),
        stop_timeout: service.stop_grace_period.map(|d| d.as_secs() as i64),
        restart: Some(restart(service.restart.unwrap_or_default())),
        memory: service.resources.limits.memory.map(|m| m as i64).filter(|m| *m > 0),
        nano_cpus: service.resources.limits.cpus.map(|c| (c * 1e9) as i64).filter(|c| *c > 0),
        pids_limit: service.resources.limits.pids,
        ..RunOptions::default()
    };
    options.labels = names::container_labels(project, service, number, oneoff).into_iter().collect();
    for (key, value) in &service.environment {
        if let Some(value) = value {
            options.env.push(EnvVar::Set { key: key.clone(), value: value.clone() });
        }
    }
    for p in &service.ports {
        options.publish.push(run::PortMapping {
            host_ip: p.host_ip.as_deref().and_then(|ip| ip.parse().ok()),
            host_port: p.published.map(|r| {
                if r.start == r.end {
                    HostPort::Port(r.start)
                } else {
                    HostPort::Range { start: r.start, end: r.end }
                }
            }),
            container_port: p.target,
            protocol: p.protocol,
        });
    }
    for m in &service.volumes {
        match m.kind {
            MountKind::Tmpfs => options.mounts.push(Mount {
                mount_type: MountType::Tmpfs,
                source: None,
                target: m.target.clone(),
                read_only: m.read_only,
                consistency: None,
                bind: None,
                volume: None,
                image_subpath: None,
                tmpfs: None,
            }),
            kind => {
                let source = match (&m.source, kind) {
                    (Some(path), MountKind::Bind) => VolumeSource::HostPath(path.clone()),
                    (Some(key), _) => VolumeSource::Named(names::volume_name(project, key)),
                    (None, _) => VolumeSource::Anonymous,
                };
                options.volumes.push(VolumeSpec {
                    source,
                    target: m.target.clone(),
                    read_only: m.read_only,
                    mode: if m.read_only { "ro".to_string() } else { String::new() },
                    no_copy: false,
                    propagation: None,
                    selinux_label: None,
                });
            }
        }
    }
    for key in service.network_keys() {
        let network = names::network_name(project, key);
        // Compose gives every container its service's name as an alias on
        // each network (`getAliases`), then the configured aliases.
        let mut aliases = vec![service.name.clone()];
        let configured = service.networks.get(key);
        aliases.extend(configured.map(|n| n.aliases.clone()).unwrap_or_default());
        let extra = configured.and_then(|n| n.ipv4_address.clone()).map(|ip| ("ip".to_string(), ip));
        options.networks.push(NetworkAttachment {
            target: network.clone(),
            mode: NetworkMode::UserDefined(network),
            aliases,
            options: extra.into_iter().collect(),
        });
    }
    let (health, disabled) = health(service);
    options.health = health;
    options.no_healthcheck = disabled;
    let mut args: Vec<String> = Vec::new();
    if let Some(entrypoint) = &service.entrypoint {
        match entrypoint.split_first() {
            Some((program, rest)) => {
                options.entrypoint = Some(Entrypoint::Program(program.clone()));
                args.extend(rest.iter().cloned());
            }
            None => options.entrypoint = Some(Entrypoint::Reset),
        }
    }
    match command {
        Some(words) => args.extend(words.iter().cloned()),
        None => args.extend(service.command.iter().flatten().cloned()),
    }
    RunCommand {
        invocation: Invocation { subcommand: Subcommand::Create, container_group: false },
        options,
        image: names::image_name(&project.name, service),
        image_span: crate::span::Span::default(),
        arg_spans: vec![crate::span::Span::default(); args.len()],
        args,
        notes: Vec::new(),
    }
}
