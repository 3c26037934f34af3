//! `docker container inspect`, `docker network inspect` and `docker volume
//! inspect` as JSON values with Docker's field names (the CLI prints them
//! inside an array). serde_json here keeps keys sorted, not in Docker's order.

use super::model::{Container, MountKind, Status};
use super::network::{mac_for, Network};
use super::volumes::Volume;
use super::Runtime;
use crate::engine::format::rfc3339;
use crate::run::NetworkMode;
use serde_json::{json, Map, Value};

/// Go's zero time, which Docker prints for "never".
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

fn time(t: Option<u64>) -> String {
    t.map_or(ZERO_TIME.to_string(), rfc3339)
}

fn port_map(c: &Container) -> Value {
    let mut map = Map::new();
    for e in &c.config.exposed_ports {
        map.insert(e.clone(), Value::Null);
    }
    for b in &c.ports {
        let key = format!("{}/{}", b.container_port, b.protocol);
        let mut list: Vec<Value> = match map.get(&key) {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        for ip in b.shown_ips() {
            list.push(json!({ "HostIp": ip, "HostPort": b.host_port.to_string() }));
        }
        map.insert(key, Value::Array(list));
    }
    Value::Object(map)
}

fn network_mode_text(mode: &NetworkMode) -> String {
    match mode {
        NetworkMode::Default | NetworkMode::Bridge => "bridge".into(),
        other => other.to_string(),
    }
}

/// The container's JSON.
/// `State.Health`: null without a check; else the status, the failing streak
/// and the last runs (Docker keeps five), at the time of the last command.
fn health(rt: &Runtime, c: &Container) -> Value {
    let (Some(check), Some(started)) = (&c.health, c.state.started_at) else { return Value::Null };
    let now = if c.state.status.is_up() { rt.now.max(started) } else { c.state.finished_at.unwrap_or(started) };
    let (status, streak) = check.status(started, now);
    let log: Vec<Value> = check
        .probes(started, now)
        .iter()
        .map(|p| {
            json!({
                "Start": super::super::rfc3339(p.at),
                "End": super::super::rfc3339(p.at),
                "ExitCode": p.exit_code,
                "Output": p.output,
            })
        })
        .collect();
    json!({ "Status": status.as_str(), "FailingStreak": streak, "Log": log })
}

pub fn container(rt: &Runtime, c: &Container) -> Value {
    let s = &c.state;
    let running = matches!(s.status, Status::Running | Status::Paused | Status::Restarting);
    let bindings: Map<String, Value> = c
        .host
        .port_bindings
        .iter()
        .map(|p| {
            let host_port = match p.host_port {
                Some(crate::run::HostPort::Port(n)) => n.to_string(),
                Some(crate::run::HostPort::Range { start, end }) => format!("{start}-{end}"),
                None => String::new(),
            };
            (
                format!("{}/{}", p.container_port, p.protocol),
                json!([{ "HostIp": p.host_ip.map(|i| i.to_string()).unwrap_or_default(), "HostPort": host_port }]),
            )
        })
        .collect();
    let mounts: Vec<Value> = c
        .mounts
        .iter()
        .map(|m| {
            let mut v = json!({
                "Type": m.kind.as_str(),
                "Source": m.source,
                "Destination": m.destination,
                "Mode": "",
                "RW": m.rw,
                "Propagation": if m.kind == MountKind::Bind { "rprivate" } else { "" },
            });
            if let Some(name) = &m.name {
                v["Name"] = json!(name);
                v["Driver"] = json!("local");
                v["Mode"] = json!("z");
            }
            v
        })
        .collect();
    let mut networks = Map::new();
    for e in &c.endpoints {
        let net = rt.networks.iter().find(|n| n.name == e.network);
        let ip = e.ip.map(|i| i.to_string()).unwrap_or_default();
        let user_defined = net.is_some_and(|n| n.user_defined());
        let dns_names: Value = if user_defined {
            let mut names = vec![c.name.clone(), c.short_id().to_string()];
            names.extend(e.aliases.iter().cloned());
            json!(names)
        } else {
            Value::Null
        };
        networks.insert(
            e.network.clone(),
            json!({
                "IPAMConfig": Value::Null,
                "Links": Value::Null,
                "Aliases": if e.aliases.is_empty() { Value::Null } else { json!(e.aliases) },
                "MacAddress": e.ip.map(mac_for).unwrap_or_default(),
                "NetworkID": net.map(|n| n.id.clone()).unwrap_or_default(),
                "EndpointID": if e.ip.is_some() { e.endpoint_id.clone() } else { String::new() },
                "Gateway": if e.ip.is_some() { net.and_then(|n| n.gateway).map(|g| g.to_string()).unwrap_or_default() } else { String::new() },
                "IPAddress": ip,
                "IPPrefixLen": if e.ip.is_some() { net.and_then(|n| n.subnet).map_or(0, |s| s.1) } else { 0 },
                "IPv6Gateway": "",
                "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0,
                "DNSNames": dns_names,
            }),
        );
    }
    let restart_name = match c.host.restart {
        crate::run::RestartPolicy::OnFailure { .. } => "on-failure".to_string(),
        other => other.to_string(),
    };
    let max_retries = match c.host.restart {
        crate::run::RestartPolicy::OnFailure { max_retries } => max_retries.unwrap_or(0),
        _ => 0,
    };
    let exposed: Value = if c.config.exposed_ports.is_empty() {
        Value::Null
    } else {
        Value::Object(c.config.exposed_ports.iter().map(|p| (p.clone(), json!({}))).collect())
    };
    let volumes: Value = if c.config.volumes.is_empty() {
        Value::Null
    } else {
        Value::Object(c.config.volumes.iter().map(|p| (p.clone(), json!({}))).collect())
    };
    let mut config = json!({
        "Hostname": c.config.hostname,
        "Domainname": "",
        "User": c.config.user,
        "AttachStdin": false,
        "AttachStdout": !c.config.tty || c.config.open_stdin,
        "AttachStderr": true,
        "Tty": c.config.tty,
        "OpenStdin": c.config.open_stdin,
        "StdinOnce": false,
        "Env": c.config.env,
        "Cmd": c.config.cmd,
        "Image": c.config.image,
        "Volumes": volumes,
        "WorkingDir": c.config.working_dir,
        "Entrypoint": c.config.entrypoint,
        "OnBuild": Value::Null,
        "Labels": c.config.labels,
    });
    if !c.config.exposed_ports.is_empty() {
        config["ExposedPorts"] = exposed;
    }
    if let Some(sig) = &c.config.stop_signal {
        config["StopSignal"] = json!(sig);
    }
    let sandbox_key = if running { format!("/var/run/docker/netns/{}", &c.id[..12]) } else { String::new() };
    let mut value = json!({
        "Id": c.id,
        "Created": rfc3339(c.created),
        "Path": c.path,
        "Args": c.args,
        "State": {
            "Status": s.status.as_str(),
            "Running": running,
            "Paused": s.status == Status::Paused,
            "Restarting": s.status == Status::Restarting,
            "OOMKilled": s.oom_killed,
            "Dead": s.status == Status::Dead,
            "Pid": s.pid,
            "ExitCode": s.exit_code,
            "Error": s.error,
            "StartedAt": time(s.started_at),
            "FinishedAt": time(s.finished_at),
        },
        "Image": c.image_id,
        "ResolvConfPath": format!("/var/lib/docker/containers/{}/resolv.conf", c.id),
        "HostnamePath": format!("/var/lib/docker/containers/{}/hostname", c.id),
        "HostsPath": format!("/var/lib/docker/containers/{}/hosts", c.id),
        "LogPath": format!("/var/lib/docker/containers/{0}/{0}-json.log", c.id),
        "Name": format!("/{}", c.name),
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": if c.host.privileged { "unconfined" } else { "docker-default" },
        "HostConfig": {
            "NetworkMode": network_mode_text(&c.host.network_mode),
            "PortBindings": bindings,
            "RestartPolicy": { "Name": restart_name, "MaximumRetryCount": max_retries },
            "AutoRemove": c.host.auto_remove,
            "CapAdd": if c.host.cap_add.is_empty() { Value::Null } else { json!(c.host.cap_add) },
            "CapDrop": if c.host.cap_drop.is_empty() { Value::Null } else { json!(c.host.cap_drop) },
            "Privileged": c.host.privileged,
            "PublishAllPorts": c.host.publish_all,
            "ReadonlyRootfs": c.host.read_only,
            "Init": if c.host.init { json!(true) } else { Value::Null },
            "Memory": c.host.memory,
            "MemorySwap": c.host.memory_swap.unwrap_or(if c.host.memory > 0 { c.host.memory * 2 } else { 0 }),
            "NanoCpus": c.host.nano_cpus,
            "PidsLimit": c.host.pids_limit,
            "IpcMode": "private",
            "PidMode": match &c.host.pid_mode {
                crate::run::PidMode::Private => String::new(),
                crate::run::PidMode::Host => "host".to_string(),
                crate::run::PidMode::Container(name) => format!("container:{name}"),
            },
            "UTSMode": "",
            "UsernsMode": "",
            "CgroupnsMode": "private",
        },
        "GraphDriver": {
            "Name": "overlay2",
            "Data": {
                "LowerDir": super::namespaces::lowerdirs(c).join(":"),
                "UpperDir": format!("/var/lib/docker/overlay2/{}/diff", c.id),
                "WorkDir": format!("/var/lib/docker/overlay2/{}/work", c.id),
                "MergedDir": format!("/var/lib/docker/overlay2/{}/merged", c.id),
            },
        },
        "Mounts": mounts,
        "Config": config,
        "NetworkSettings": {
            "SandboxID": if running { c.id.chars().rev().collect::<String>() } else { String::new() },
            "SandboxKey": sandbox_key,
            "Ports": if running { port_map(c) } else { json!({}) },
            "Networks": networks,
        },
    });
    // Docker omits `State.Health` when the container has no check.
    let health = health(rt, c);
    if !health.is_null() {
        value["State"]["Health"] = health;
    }
    value
}

/// `docker network inspect`.
pub fn network(rt: &Runtime, n: &Network) -> Value {
    let mut containers = Map::new();
    for c in &rt.containers {
        for e in c.endpoints.iter().filter(|e| e.network == n.name) {
            if let Some(ip) = e.ip {
                let prefix = n.subnet.map_or(0, |s| s.1);
                containers.insert(
                    c.id.clone(),
                    json!({
                        "Name": c.name,
                        "EndpointID": e.endpoint_id,
                        "MacAddress": mac_for(ip),
                        "IPv4Address": format!("{ip}/{prefix}"),
                        "IPv6Address": "",
                    }),
                );
            }
        }
    }
    let config: Vec<Value> = match (n.subnet_text(), n.gateway) {
        (Some(s), Some(g)) => vec![json!({ "Subnet": s, "Gateway": g.to_string() })],
        _ => Vec::new(),
    };
    let mut options = Map::new();
    if n.name == "bridge" {
        for (k, v) in [
            ("com.docker.network.bridge.default_bridge", "true"),
            ("com.docker.network.bridge.enable_icc", "true"),
            ("com.docker.network.bridge.enable_ip_masquerade", "true"),
            ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
            ("com.docker.network.bridge.name", "docker0"),
            ("com.docker.network.driver.mtu", "1500"),
        ] {
            options.insert(k.into(), json!(v));
        }
    }
    json!({
        "Name": n.name,
        "Id": n.id,
        "Created": rfc3339(n.created),
        "Scope": "local",
        "Driver": n.driver.as_str(),
        "EnableIPv4": true,
        "EnableIPv6": false,
        "IPAM": { "Driver": "default", "Options": if n.user_defined() { json!({}) } else { Value::Null }, "Config": config },
        "Internal": n.internal,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": { "Network": "" },
        "ConfigOnly": false,
        "Containers": containers,
        "Options": options,
        "Labels": n.labels,
    })
}

/// `docker volume inspect`.
pub fn volume(v: &Volume) -> Value {
    let mut labels = v.labels.clone();
    if v.anonymous {
        labels.insert("com.docker.volume.anonymous".into(), String::new());
    }
    json!({
        "CreatedAt": rfc3339(v.created),
        "Driver": v.driver,
        "Labels": labels,
        "Mountpoint": v.mountpoint(),
        "Name": v.name,
        "Options": Value::Null,
        "Scope": "local",
    })
}
