//! `-p/--publish`: Docker's port specs, read as the CLI reads them
//! (`convertToStandardNotation`, then go-connections' `nat.ParsePortSpec`):
//! `[ip:][hostPort:]containerPort[/proto]` where each port may be a range,
//! `[::1]:8080:80` for IPv6, and the long form
//! `published=8080,target=80,protocol=udp`. A range of container ports
//! expands to one mapping per port; a host range with a single container
//! port is a range to pick a free host port from.

use std::fmt;
use std::net::IpAddr;

/// A transport protocol.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The host side of a published port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostPort {
    /// One host port.
    Port(u16),
    /// Any free port in `start..=end` (a host range with one container port).
    Range { start: u16, end: u16 },
}

/// One published container port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PortMapping {
    /// `None`: all host addresses.
    pub host_ip: Option<IpAddr>,
    /// `None`: an ephemeral port the daemon picks.
    pub host_port: Option<HostPort>,
    pub container_port: u16,
    pub protocol: Protocol,
}

impl fmt::Display for PortMapping {
    /// Docker's `docker port` form: `127.0.0.1:8080->80/tcp` (host side `0.0.0.0` when unset).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.host_ip {
            Some(IpAddr::V6(ip)) => write!(f, "[{ip}]")?,
            Some(ip) => write!(f, "{ip}")?,
            None => f.write_str("0.0.0.0")?,
        }
        match self.host_port {
            Some(HostPort::Port(p)) => write!(f, ":{p}")?,
            Some(HostPort::Range { start, end }) => write!(f, ":{start}-{end}")?,
            None => f.write_str(":")?,
        }
        write!(f, "->{}/{}", self.container_port, self.protocol)
    }
}

/// The CLI's and go-connections' messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishError {
    /// Long form field without `=`.
    InvalidOptsFormat {
        param: String,
    },
    /// `no port specified: <spec><empty>`.
    NoPort {
        spec: String,
    },
    InvalidProto {
        proto: String,
    },
    InvalidIp {
        ip: String,
    },
    InvalidContainerPort {
        port: String,
    },
    InvalidHostPort {
        port: String,
    },
    /// Ranges of different lengths.
    RangeMismatch {
        container: String,
        host: String,
    },
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::InvalidOptsFormat { param } => {
                write!(f, "invalid publish opts format (should be name=value but got '{param}')")
            }
            PublishError::NoPort { spec } => write!(f, "no port specified: {spec}<empty>"),
            PublishError::InvalidProto { proto } => write!(f, "invalid proto: {proto}"),
            PublishError::InvalidIp { ip } => write!(f, "invalid IP address: {ip}"),
            PublishError::InvalidContainerPort { port } => write!(f, "invalid containerPort: {port}"),
            PublishError::InvalidHostPort { port } => write!(f, "invalid hostPort: {port}"),
            PublishError::RangeMismatch { container, host } => {
                write!(f, "invalid ranges specified for container and host Ports: {container} and {host}")
            }
        }
    }
}

/// The CLI's `convertToStandardNotation` for one `-p` value: the long form
/// `published=…,target=…,protocol=…` becomes `published:target/protocol`.
pub(crate) fn standard_notation(spec: &str) -> Result<String, PublishError> {
    if !spec.contains('=') {
        return Ok(spec.to_string());
    }
    let (mut published, mut target, mut protocol) = ("", "", "tcp");
    for param in spec.split(',') {
        match param.split_once('=') {
            Some((k, v)) if !k.is_empty() => match k {
                "published" => published = v,
                "target" => target = v,
                "protocol" => protocol = v,
                _ => {}
            },
            _ => return Err(PublishError::InvalidOptsFormat { param: param.to_string() }),
        }
    }
    Ok(format!("{published}:{target}/{protocol}"))
}

/// go-connections' `parsePortNumber`: `strconv.ParseInt(s, 10, 0)` within 0–65535.
fn port_number(s: &str) -> Option<u16> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = super::units::atoi(s)?;
    u16::try_from(value).ok()
}

/// go-connections' `parsePortRange`: `80` or `8000-8010`.
fn port_range(s: &str) -> Option<(u16, u16)> {
    if s.is_empty() {
        return None;
    }
    let (start, end) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let first = port_number(start)?;
    match end {
        None => Some((first, first)),
        Some(end) if end == start => Some((first, first)),
        Some(end) => {
            let last = port_number(end)?;
            (last >= first).then_some((first, last))
        }
    }
}

/// Parses one `-p` value into its mappings, in Docker's order of checks.
pub fn parse_publish(spec: &str) -> Result<Vec<PortMapping>, PublishError> {
    let raw = standard_notation(spec)?;
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host, container) = match n {
        1 => (String::new(), "", parts[0]),
        2 => (String::new(), parts[0], parts[1]),
        _ => (parts[..n - 2].join(":"), parts[n - 2], parts[n - 1]),
    };
    let (container, proto) = match container.split_once('/') {
        Some((port, proto)) => (port, if proto.is_empty() { "tcp" } else { proto }),
        None => (container, "tcp"),
    };
    if container.is_empty() {
        return Err(PublishError::NoPort { spec: raw.clone() });
    }
    let protocol = match proto.to_lowercase().as_str() {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        "sctp" => Protocol::Sctp,
        other => return Err(PublishError::InvalidProto { proto: other.to_string() }),
    };
    let host_ip = if ip.is_empty() {
        None
    } else {
        // `[::1]` loses its brackets (Go's net.SplitHostPort on `ip + ":"`).
        let bare = match ip.strip_prefix('[') {
            Some(inner) => match inner.strip_suffix(']') {
                Some(addr) if !addr.contains(['[', ']']) => addr.to_string(),
                // Go's message here wraps net.SplitHostPort's error; approximated.
                _ => return Err(PublishError::InvalidIp { ip }),
            },
            None => ip.clone(),
        };
        match bare.parse::<IpAddr>() {
            Ok(addr) => Some(addr),
            Err(_) => return Err(PublishError::InvalidIp { ip: bare }),
        }
    };
    let (start, end) =
        port_range(container).ok_or_else(|| PublishError::InvalidContainerPort { port: container.to_string() })?;
    let host_range = if host.is_empty() {
        None
    } else {
        let (hs, he) = port_range(host).ok_or_else(|| PublishError::InvalidHostPort { port: host.to_string() })?;
        if end - start != he - hs && end != start {
            return Err(PublishError::RangeMismatch { container: container.to_string(), host: host.to_string() });
        }
        Some((hs, he))
    };
    let count = usize::from(end - start) + 1;
    let mut out = Vec::with_capacity(count);
    for i in 0..=(end - start) {
        let host_port = host_range.map(|(hs, he)| {
            if count == 1 && hs != he {
                HostPort::Range { start: hs, end: he }
            } else {
                // Equal lengths here, so this stays within the host range.
                HostPort::Port(hs.saturating_add(i))
            }
        });
        out.push(PortMapping { host_ip, host_port, container_port: start + i, protocol });
    }
    Ok(out)
}
