//! `docker ps`'s table from the containers `Engine::ps` lists: Docker's
//! columns, `State.String()` for STATUS and the CLI's `DisplayablePorts`
//! for PORTS (ports sorted, consecutive ones grouped, bindings to another
//! host port listed after the groups).

use crate::engine::containers::health::HealthStatus;
use crate::engine::containers::{Container, Status};
use crate::engine::{ago, ellipsis, human_duration, tabwrite};
use crate::quote::go_quote;
use std::net::IpAddr;

/// moby's `State.String()`.
pub fn status_text(c: &Container, now: u64) -> String {
    let since = |t: Option<u64>| human_duration(now.saturating_sub(t.unwrap_or(now)));
    match c.state.status {
        Status::Running => {
            let up = format!("Up {}", since(c.state.started_at));
            match (&c.health, c.state.started_at) {
                (Some(h), Some(started)) => match h.status(started, now).0 {
                    HealthStatus::Starting => format!("{up} (health: starting)"),
                    status => format!("{up} ({})", status.as_str()),
                },
                _ => up,
            }
        }
        Status::Paused => format!("Up {} (Paused)", since(c.state.started_at)),
        Status::Restarting => format!("Restarting ({}) {} ago", c.state.exit_code, since(c.state.finished_at)),
        Status::Dead => "Dead".to_string(),
        Status::Created => "Created".to_string(),
        Status::Exited if c.state.started_at.is_none() => "Created".to_string(),
        Status::Exited => format!("Exited ({}) {} ago", c.state.exit_code, since(c.state.finished_at)),
    }
}

/// One entry of the API's port summary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PortSummary {
    ip: Option<IpAddr>,
    private: u16,
    public: u16,
    proto: String,
}

fn summaries(c: &Container) -> Vec<PortSummary> {
    if !c.state.status.is_up() || c.state.status == Status::Restarting {
        return Vec::new();
    }
    let mut out = Vec::new();
    for b in &c.ports {
        for ip in b.shown_ips() {
            out.push(PortSummary {
                ip: ip.parse().ok(),
                private: b.container_port,
                public: b.host_port,
                proto: b.protocol.to_string(),
            });
        }
    }
    // Exposed ports without a binding show bare (`80/tcp`) — not with host networking, which has no port map.
    if !matches!(c.host.network_mode, crate::run::NetworkMode::Host | crate::run::NetworkMode::None) {
        for e in &c.config.exposed_ports {
            let (n, proto) = e.split_once('/').unwrap_or((e, "tcp"));
            let Ok(n) = n.parse::<u16>() else { continue };
            if !out.iter().any(|p| p.private == n && p.proto == proto) {
                out.push(PortSummary { ip: None, private: n, public: 0, proto: proto.to_string() });
            }
        }
    }
    out
}

fn join_host_port(ip: &IpAddr, port: &str) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    }
}

/// The CLI's `DisplayablePorts`.
pub fn displayable_ports(c: &Container) -> String {
    let mut ports = summaries(c);
    // comparePorts: private port, then IP (IPv4 before IPv6, absent first), public port, type.
    crate::sort::by(&mut ports, |a, b| {
        a.private
            .cmp(&b.private)
            .then_with(|| a.ip.cmp(&b.ip))
            .then(a.public.cmp(&b.public))
            .then(a.proto.cmp(&b.proto))
    });
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut result: Vec<String> = Vec::new();
    let mut host_mappings: Vec<String> = Vec::new();
    let form = |key: &str, first: u16, last: u16| -> String {
        let (ip, proto) = match key.rsplit_once('/') {
            Some((ip, proto)) if key.contains('|') => (ip.trim_end_matches('|').to_string(), proto.to_string()),
            _ => (String::new(), key.to_string()),
        };
        let group = if first == last { first.to_string() } else { format!("{first}-{last}") };
        if ip.is_empty() {
            return format!("{group}/{proto}");
        }
        let ipaddr: IpAddr = ip.parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        format!("{}->{group}/{proto}", join_host_port(&ipaddr, &group))
    };
    for p in &ports {
        let key = match &p.ip {
            Some(ip) => {
                if p.public != p.private {
                    host_mappings.push(format!(
                        "{}->{}/{}",
                        join_host_port(ip, &p.public.to_string()),
                        p.private,
                        p.proto
                    ));
                    continue;
                }
                // `|` marks "has an IP" (an IPv6 address holds colons, not slashes).
                format!("{ip}|/{}", p.proto)
            }
            None => p.proto.clone(),
        };
        match groups.iter_mut().find(|g| g.0 == key) {
            None => groups.push((key, p.private, p.private)),
            Some(g) if p.private == g.2.wrapping_add(1) => g.2 = p.private,
            Some(g) => {
                result.push(form(&g.0, g.1, g.2));
                g.1 = p.private;
                g.2 = p.private;
            }
        }
    }
    for g in &groups {
        result.push(form(&g.0, g.1, g.2));
    }
    result.extend(host_mappings);
    result.join(", ")
}

/// The COMMAND the daemon lists for a container: its path and arguments,
/// each argument with a space in single quotes (moby daemon/container/view.go,
/// the snapshot's `Command`), so `sh -c 'exit 1'` reads back as typed.
pub fn listed_command(c: &Container) -> String {
    let mut command = c.path.clone();
    for arg in &c.args {
        command.push(' ');
        if arg.contains(' ') {
            command.push_str(&format!("'{arg}'"));
        } else {
            command.push_str(arg);
        }
    }
    command
}

/// The table (or ids with `quiet`).
pub fn table(rows: &[&Container], quiet: bool, no_trunc: bool, now: u64) -> String {
    if quiet {
        return rows.iter().map(|c| format!("{}\n", if no_trunc { c.id.as_str() } else { c.short_id() })).collect();
    }
    let mut table =
        vec![["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"].map(String::from).to_vec()];
    for c in rows {
        let command = if no_trunc { listed_command(c) } else { ellipsis(&listed_command(c), 20) };
        table.push(vec![
            if no_trunc { c.id.clone() } else { c.short_id().to_string() },
            c.config.image.clone(),
            go_quote(&command),
            ago(c.created, now),
            status_text(c, now),
            displayable_ports(c),
            c.name.clone(),
        ]);
    }
    tabwrite(&table)
}
