//! Networks as the daemon keeps them: the predefined `bridge`, `host` and
//! `none`; user-defined bridges with addresses from Docker's default pools
//! (172.17.0.0/16 for `bridge`, then 172.18.0.0/16 … 172.31.0.0/16, then
//! 192.168.0.0/20, 192.168.16.0/20 …); each container's address is the
//! lowest free one after the gateway (libnetwork's bitmap allocator), given at
//! start and released at exit. Published ports: explicit ones, or the next
//! free port of the ephemeral range 32768–60999 after the last one handed out
//! (moby's port allocator), with moby's "port is already allocated" error.
//!
//! Name resolution: only user-defined networks have the embedded DNS server
//! (127.0.0.11), which answers with the container's name, short id and
//! network aliases. The default bridge has none: there, containers reach each
//! other by IP only (Docker's "Networking with standalone containers" and
//! "Bridge network driver" pages).

use super::{ContainerError, Runtime};
use crate::run::{HostPort, NetworkMode, Protocol};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

/// The ephemeral range Docker picks host ports from (Linux's `ip_local_port_range`).
pub const EPHEMERAL_START: u16 = 32768;
pub const EPHEMERAL_END: u16 = 60999;

/// The embedded DNS server's address on user-defined networks.
pub const EMBEDDED_DNS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 11);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkDriver {
    Bridge,
    Host,
    Null,
}

impl NetworkDriver {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkDriver::Bridge => "bridge",
            NetworkDriver::Host => "host",
            NetworkDriver::Null => "null",
        }
    }
}

/// A network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// 64 hex digits.
    pub id: String,
    pub name: String,
    pub driver: NetworkDriver,
    /// Network address and prefix length (bridges only).
    pub subnet: Option<(Ipv4Addr, u8)>,
    pub gateway: Option<Ipv4Addr>,
    pub created: u64,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
}

impl Network {
    pub fn user_defined(&self) -> bool {
        !matches!(self.name.as_str(), "bridge" | "host" | "none")
    }

    /// Embedded DNS: user-defined networks only.
    pub fn has_dns(&self) -> bool {
        self.user_defined() && self.driver == NetworkDriver::Bridge
    }

    pub fn subnet_text(&self) -> Option<String> {
        self.subnet.map(|(a, p)| format!("{a}/{p}"))
    }

    /// The Linux bridge device: `docker0` or `br-<12 hex>`.
    pub fn bridge_device(&self) -> String {
        if self.name == "bridge" {
            "docker0".to_string()
        } else {
            format!("br-{}", &self.id[..12])
        }
    }

    fn contains(&self, ip: Ipv4Addr) -> bool {
        self.subnet.is_some_and(|(net, prefix)| mask(ip, prefix) == net)
    }
}

fn mask(ip: Ipv4Addr, prefix: u8) -> Ipv4Addr {
    let bits = u32::from(ip);
    let m = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix.min(32)) };
    Ipv4Addr::from(bits & m)
}

/// A container's attachment to a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub network: String,
    pub endpoint_id: String,
    /// Only while the container runs.
    pub ip: Option<Ipv4Addr>,
    /// `--network-alias` / `alias=`.
    pub aliases: Vec<String>,
}

/// Docker's MAC for an address: `02:42` and the four bytes of the IPv4 address.
pub fn mac_for(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("02:42:{:02x}:{:02x}:{:02x}:{:02x}", o[0], o[1], o[2], o[3])
}

/// A bound host port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortBinding {
    /// `None`: every address (Docker binds `0.0.0.0` and `::`).
    pub host_ip: Option<IpAddr>,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: Protocol,
}

impl PortBinding {
    /// The addresses it shows as: `0.0.0.0` and `::` when unspecified.
    pub fn shown_ips(&self) -> Vec<String> {
        match self.host_ip {
            Some(ip) => vec![ip.to_string()],
            None => vec!["0.0.0.0".to_string(), "::".to_string()],
        }
    }

    fn overlaps(&self, other: &PortBinding) -> bool {
        self.host_port == other.host_port
            && self.protocol == other.protocol
            && (self.host_ip.is_none() || other.host_ip.is_none() || self.host_ip == other.host_ip)
    }

    /// The NAT rule the binding implies (iptables `DOCKER` chain).
    pub fn dnat_rule(&self, container_ip: Ipv4Addr, bridge: &str) -> String {
        let dest = match self.host_ip {
            Some(ip) => format!("-d {ip}/32 "),
            None => String::new(),
        };
        format!(
            "-A DOCKER {dest}! -i {bridge} -p {p} -m {p} --dport {} -j DNAT --to-destination {container_ip}:{}",
            self.host_port,
            self.container_port,
            p = self.protocol
        )
    }
}

fn network(id_seed: &str, name: &str, driver: NetworkDriver, subnet: Option<(Ipv4Addr, u8)>) -> Network {
    let id = crate::engine::sha256(&[b"network", id_seed.as_bytes()]).trim_start_matches("sha256:").to_string();
    Network {
        id,
        name: name.to_string(),
        driver,
        gateway: subnet.map(|(a, _)| Ipv4Addr::from(u32::from(a) + 1)),
        subnet,
        created: 0,
        internal: false,
        labels: BTreeMap::new(),
    }
}

/// `bridge`, `host` and `none`, as a fresh daemon has them.
pub fn default_networks() -> Vec<Network> {
    vec![
        network("bridge", "bridge", NetworkDriver::Bridge, Some((Ipv4Addr::new(172, 17, 0, 0), 16))),
        network("host", "host", NetworkDriver::Host, None),
        network("none", "none", NetworkDriver::Null, None),
    ]
}

/// Docker's default address pools, in order.
fn pool(k: u32) -> Option<(Ipv4Addr, u8)> {
    match k {
        0..=14 => Some((Ipv4Addr::new(172, 17 + k as u8, 0, 0), 16)),
        15..=30 => Some((Ipv4Addr::new(192, 168, ((k - 15) * 16) as u8, 0), 20)),
        _ => None,
    }
}

/// Reachability, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub reachable: bool,
    /// The address used, when there is one.
    pub ip: Option<Ipv4Addr>,
    pub why: String,
}

/// How the host reaches a container's port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostReach {
    /// Published: `host_ip:host_port` on the host forwards to it.
    Published { host_ip: String, host_port: u16 },
    /// `--network host`: the port is the host's own.
    HostNetwork { port: u16 },
    /// Not published. On a Linux host the bridge address itself is routable
    /// from the host (not from other machines, not on Docker Desktop).
    NotPublished { bridge_ip: Option<Ipv4Addr>, why: String },
    /// The container is not running (or paused: connections hang).
    NotRunning,
}

impl HostReach {
    /// Reachable at a host address and port.
    pub fn is_reachable(&self) -> bool {
        matches!(self, HostReach::Published { .. } | HostReach::HostNetwork { .. })
    }
}

impl Runtime {
    pub fn network(&self, reference: &str) -> Result<&Network, ContainerError> {
        self.network_index(reference).map(|i| &self.networks[i])
    }

    /// By name, full id, or unique id prefix.
    pub(crate) fn network_index(&self, reference: &str) -> Result<usize, ContainerError> {
        if let Some(i) = self.networks.iter().position(|n| n.name == reference || n.id == reference) {
            return Ok(i);
        }
        let matches: Vec<usize> = self
            .networks
            .iter()
            .enumerate()
            .filter(|(_, n)| !reference.is_empty() && n.id.starts_with(reference))
            .map(|(i, _)| i)
            .collect();
        match matches.as_slice() {
            [i] => Ok(*i),
            _ => Err(ContainerError::NoSuchNetwork(reference.to_string())),
        }
    }

    /// Creates a user-defined bridge network with the next free pool (or `subnet`).
    pub(crate) fn create_network(
        &mut self,
        name: &str,
        subnet: Option<(Ipv4Addr, u8)>,
        internal: bool,
        labels: BTreeMap<String, String>,
        now: u64,
    ) -> Result<&Network, ContainerError> {
        if self.networks.iter().any(|n| n.name == name) {
            return Err(ContainerError::NetworkExists(name.to_string()));
        }
        let subnet = match subnet {
            Some((a, p)) => (mask(a, p), p),
            None => (0..)
                .map_while(pool)
                .find(|(a, _)| !self.networks.iter().any(|n| n.subnet.is_some_and(|(b, _)| b == *a)))
                .ok_or_else(|| {
                    ContainerError::NetworkConnectRefused(
                        "all predefined address pools have been fully subnetted".to_string(),
                    )
                })?,
        };
        let mut n = network(&format!("{name}/{}", self.counter), name, NetworkDriver::Bridge, Some(subnet));
        self.counter += 1;
        n.created = now;
        n.internal = internal;
        n.labels = labels;
        self.events.push(crate::engine::Event::NetworkCreated { id: n.id.clone(), name: n.name.clone() });
        self.networks.push(n);
        Ok(self.networks.last().expect("just pushed"))
    }

    /// The lowest free address of a network (after the gateway).
    pub(crate) fn free_ip(&self, network: &Network) -> Option<Ipv4Addr> {
        let (net, prefix) = network.subnet?;
        let size = 1u64 << (32 - prefix as u32);
        let used: Vec<Ipv4Addr> = self
            .containers
            .iter()
            .flat_map(|c| c.endpoints.iter())
            .filter(|e| e.network == network.name)
            .filter_map(|e| e.ip)
            .collect();
        (2..size.saturating_sub(1))
            .map(|k| Ipv4Addr::from(u32::from(net).wrapping_add(k as u32)))
            .find(|ip| Some(*ip) != network.gateway && !used.contains(ip) && network.contains(*ip))
    }

    /// Gives each endpoint of a starting container an address.
    pub(crate) fn attach_addresses(&mut self, i: usize) {
        for e in 0..self.containers[i].endpoints.len() {
            let name = self.containers[i].endpoints[e].network.clone();
            let ip = self.networks.iter().find(|n| n.name == name).and_then(|n| self.free_ip(n));
            self.containers[i].endpoints[e].ip = ip;
        }
    }

    pub(crate) fn detach_addresses(&mut self, i: usize) {
        for e in &mut self.containers[i].endpoints {
            e.ip = None;
        }
    }

    /// Binds the host ports a starting container asks for.
    pub(crate) fn bind_ports(&mut self, i: usize) -> Result<Vec<PortBinding>, ContainerError> {
        let c = &self.containers[i];
        if matches!(c.host.network_mode, NetworkMode::Host | NetworkMode::None | NetworkMode::Container(_)) {
            // Docker ignores -p with host networking (the CLI warns); none and container: have no ports of their own.
            return Ok(Vec::new());
        }
        let mut wanted: Vec<(Option<IpAddr>, Option<HostPort>, u16, Protocol)> =
            c.host.port_bindings.iter().map(|p| (p.host_ip, p.host_port, p.container_port, p.protocol)).collect();
        if c.host.publish_all {
            for exposed in &c.config.exposed_ports {
                let (number, proto) = exposed.split_once('/').unwrap_or((exposed, "tcp"));
                let protocol = match proto {
                    "udp" => Protocol::Udp,
                    "sctp" => Protocol::Sctp,
                    _ => Protocol::Tcp,
                };
                let Ok(port) = number.parse::<u16>() else { continue };
                if !wanted.iter().any(|w| w.2 == port && w.3 == protocol) {
                    wanted.push((None, None, port, protocol));
                }
            }
        }
        let taken: Vec<PortBinding> =
            self.containers.iter().enumerate().filter(|(j, _)| *j != i).flat_map(|(_, o)| o.ports.clone()).collect();
        let mut bound: Vec<PortBinding> = Vec::new();
        let mut last = self.last_ephemeral;
        for (host_ip, host_port, container_port, protocol) in wanted {
            let is_free = |port: u16, bound: &[PortBinding]| {
                let b = PortBinding { host_ip, host_port: port, container_port, protocol };
                !taken.iter().chain(bound.iter()).any(|t| t.overlaps(&b))
            };
            let (start, end, explicit) = match host_port {
                Some(HostPort::Port(p)) if p != 0 => (p, p, true),
                Some(HostPort::Range { start, end }) => (start, end, false),
                _ => (EPHEMERAL_START, EPHEMERAL_END, false),
            };
            let port = if explicit {
                if !is_free(start, &bound) {
                    let c = &self.containers[i];
                    let ep = c.endpoints.first().map_or_else(|| c.id.clone(), |e| e.endpoint_id.clone());
                    return Err(ContainerError::PortAllocated {
                        container: c.name.clone(),
                        endpoint: ep,
                        host_ip: host_ip.map_or("0.0.0.0".to_string(), |ip| ip.to_string()),
                        port: start,
                    });
                }
                start
            } else {
                // After the last port handed out, wrapping within the range.
                let span = (end - start) as u32 + 1;
                let first = if (start..=end).contains(&last) { (last - start) as u32 + 1 } else { 0 };
                let found = (0..span).map(|k| start + ((first + k) % span) as u16).find(|p| is_free(*p, &bound));
                let Some(port) = found else {
                    return Err(ContainerError::NetworkConnectRefused(format!(
                        "all ports are allocated in range {start}-{end}"
                    )));
                };
                if start == EPHEMERAL_START {
                    last = port;
                }
                port
            };
            bound.push(PortBinding { host_ip, host_port: port, container_port, protocol });
        }
        self.last_ephemeral = last;
        Ok(bound)
    }

    /// The networks a container's stack is on (following `container:X`).
    fn stack_of(&self, i: usize) -> usize {
        let mut i = i;
        for _ in 0..8 {
            match &self.containers[i].host.network_mode {
                NetworkMode::Container(other) => match self.find(other) {
                    Ok(j) => i = j,
                    Err(_) => break,
                },
                _ => break,
            }
        }
        i
    }

    /// Can container `from` resolve `name` (another container's name, short
    /// id or alias) through DNS, and reach it?
    pub fn resolve_name(&self, from: &str, name: &str) -> Result<Reach, ContainerError> {
        let a = self.stack_of(self.find(from)?);
        let ca = &self.containers[a];
        let no = |why: String| Ok(Reach { reachable: false, ip: None, why });
        match &ca.host.network_mode {
            NetworkMode::Host => {
                return no(
                    "with --network host the container uses the host's resolver, which knows no container names".into()
                )
            }
            NetworkMode::None => return no("--network none: only the loopback interface, no DNS".into()),
            _ => {}
        }
        let dns_networks: Vec<&str> = ca
            .endpoints
            .iter()
            .filter(|e| self.networks.iter().any(|n| n.name == e.network && n.has_dns()))
            .map(|e| e.network.as_str())
            .collect();
        if dns_networks.is_empty() {
            return no(format!(
                "{} is only on the default bridge, which has no embedded DNS: containers there reach each other by IP only (or the legacy --link)",
                ca.name
            ));
        }
        for c in &self.containers {
            for e in &c.endpoints {
                if !dns_networks.contains(&e.network.as_str()) {
                    continue;
                }
                let answers = c.name == name || c.short_id() == name || e.aliases.iter().any(|al| al == name);
                if answers {
                    return match e.ip {
                        Some(ip) => Ok(Reach {
                            reachable: true,
                            ip: Some(ip),
                            why: format!(
                                "the embedded DNS server ({EMBEDDED_DNS}) on network {} answers {name} with {ip}",
                                e.network
                            ),
                        }),
                        None => no(format!(
                            "{} is on {} but not running, so the DNS server has no address for it",
                            c.name, e.network
                        )),
                    };
                }
            }
        }
        no(format!("no container called {name} shares a user-defined network with {}: the lookup fails", ca.name))
    }

    /// Can container `from` reach container `to` by its IP address?
    pub fn reach_by_ip(&self, from: &str, to: &str) -> Result<Reach, ContainerError> {
        let a = self.stack_of(self.find(from)?);
        let b = self.stack_of(self.find(to)?);
        let (ca, cb) = (&self.containers[a], &self.containers[b]);
        if !cb.is_running() {
            return Ok(Reach { reachable: false, ip: None, why: format!("{} is not running", cb.name) });
        }
        if a == b {
            return Ok(Reach {
                reachable: true,
                ip: Some(Ipv4Addr::LOCALHOST),
                why: "they share one network stack: localhost".into(),
            });
        }
        let shared = ca.endpoints.iter().find_map(|e| {
            cb.endpoints.iter().find(|f| f.network == e.network).and_then(|f| f.ip.map(|ip| (e.network.clone(), ip)))
        });
        if let Some((net, ip)) = shared {
            return Ok(Reach { reachable: true, ip: Some(ip), why: format!("both are on {net}") });
        }
        let ip = cb.endpoints.iter().find_map(|e| e.ip);
        if matches!(ca.host.network_mode, NetworkMode::Host) {
            return Ok(Reach {
                reachable: ip.is_some(),
                ip,
                why: "a host-network container is the host, and the host routes to every bridge".into(),
            });
        }
        Ok(Reach {
            reachable: false,
            ip,
            why: "they share no network: Docker isolates bridge networks from each other".into(),
        })
    }

    /// Is `port`/`protocol` of a container reachable from the host?
    pub fn host_reach(&self, container: &str, port: u16, protocol: Protocol) -> Result<HostReach, ContainerError> {
        let i = self.find(container)?;
        let c = &self.containers[i];
        if c.state.status != super::Status::Running {
            return Ok(HostReach::NotRunning);
        }
        if matches!(c.host.network_mode, NetworkMode::Host) {
            return Ok(HostReach::HostNetwork { port });
        }
        if let Some(b) = c.ports.iter().find(|b| b.container_port == port && b.protocol == protocol) {
            return Ok(HostReach::Published {
                host_ip: b.host_ip.map_or("0.0.0.0".to_string(), |ip| ip.to_string()),
                host_port: b.host_port,
            });
        }
        let exposed = c.config.exposed_ports.iter().any(|e| e == &format!("{port}/{protocol}"));
        let why = if exposed {
            format!(
                "EXPOSE {port}/{protocol} only documents the port; without -p or -P nothing on the host forwards to it"
            )
        } else {
            format!("{port}/{protocol} is not published (-p) on any host port")
        };
        Ok(HostReach::NotPublished { bridge_ip: c.endpoints.iter().find_map(|e| e.ip), why })
    }
}
