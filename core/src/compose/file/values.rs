//! Compose's parsers for the short forms inside values: ports
//! (`[IP:][HOST:]CONTAINER[/PROTO]` with ranges, docker/go-connections'
//! `nat.ParsePortSpec`), volumes (`SRC:DST[:MODE]`, compose-go
//! `format/volume.go`), durations (Go's `time.ParseDuration`), byte sizes
//! (docker/go-units' `RAMInBytes`) and command strings (the shell words
//! mattn/go-shellwords splits).

use std::time::Duration;

use crate::compose::model::{MountKind, PortMapping, PortRange, Protocol, VolumeMount};

/// `8080-8081` or `80`.
fn port_range(text: &str) -> Result<PortRange, String> {
    let parse = |p: &str| p.parse::<u16>().map_err(|_| format!("invalid port number: {text}"));
    match text.split_once('-') {
        Some((a, b)) => {
            let (start, end) = (parse(a)?, parse(b)?);
            if end < start {
                return Err(format!("invalid range specified for port: {text}"));
            }
            Ok(PortRange { start, end })
        }
        None => Ok(PortRange::single(parse(text)?)),
    }
}

pub fn protocol(text: &str) -> Result<Protocol, String> {
    match text.to_ascii_lowercase().as_str() {
        "tcp" | "" => Ok(Protocol::Tcp),
        "udp" => Ok(Protocol::Udp),
        "sctp" => Ok(Protocol::Sctp),
        _ => Err(format!("invalid proto: {text}")),
    }
}

/// The short syntax of one `ports:` entry, one mapping per container port.
pub fn short_port(spec: &str) -> Result<Vec<PortMapping>, String> {
    let (rest, proto) = match spec.rsplit_once('/') {
        Some((rest, proto)) => (rest, protocol(proto)?),
        None => (spec, Protocol::Tcp),
    };
    // The container port is after the last `:`; an IPv6 host IP is bracketed.
    let (head, container) = match rest.rsplit_once(':') {
        Some((head, container)) => (Some(head), container),
        None => (None, rest),
    };
    let (host_ip, published) = match head {
        None => (None, None),
        Some(head) => match head.rsplit_once(':') {
            Some((ip, host)) => (Some(ip.trim_start_matches('[').trim_end_matches(']').to_string()), Some(host)),
            None => (None, Some(head)),
        },
    };
    if container.is_empty() {
        return Err(format!("no port specified: {spec}<empty>"));
    }
    let target = port_range(container).map_err(|_| format!("invalid containerPort: {container}"))?;
    let published = match published {
        None | Some("") => None,
        Some(p) => Some(port_range(p).map_err(|_| format!("invalid hostPort: {p}"))?),
    };
    let host_ip = host_ip.filter(|ip| !ip.is_empty());
    let count = u32::from(target.end - target.start) + 1;
    if let Some(p) = published {
        let host_count = u32::from(p.end - p.start) + 1;
        if host_count != count && count != 1 {
            return Err(format!("invalid ranges specified for container and host Ports: {container} and {}", p));
        }
    }
    Ok((0..count)
        .map(|i| {
            let target = target.start + i as u16;
            let published = published.map(|p| if count == 1 { p } else { PortRange::single(p.start + i as u16) });
            PortMapping { host_ip: host_ip.clone(), published, target, protocol: proto }
        })
        .collect())
}

/// A published port of the long syntax (`"8080"`, `"8000-8010"`).
pub fn published(text: &str) -> Result<PortRange, String> {
    port_range(text)
}

/// The short syntax of one service `volumes:` entry.
pub fn short_volume(spec: &str) -> Result<VolumeMount, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, *target, None),
        [source, target] => (Some(*source), *target, None),
        [source, target, mode] => (Some(*source), *target, Some(*mode)),
        _ => return Err(format!("invalid spec: {spec}: too many colons")),
    };
    if target.is_empty() {
        return Err(format!("invalid spec: {spec}: empty section between colons"));
    }
    let read_only = mode.is_some_and(|m| m.split(',').any(|o| o == "ro"));
    let kind = match source {
        Some(s) if s.starts_with(['.', '/', '~']) => MountKind::Bind,
        _ => MountKind::Volume,
    };
    Ok(VolumeMount { kind, source: source.map(str::to_string), target: target.to_string(), read_only })
}

/// Go's `time.ParseDuration` (`1m30s`, `1.5h`, `300ms`).
pub fn duration(text: &str) -> Result<Duration, String> {
    let invalid = || format!("time: invalid duration {text:?}");
    let mut rest = text.strip_prefix('+').unwrap_or(text);
    if rest == "0" {
        return Ok(Duration::ZERO);
    }
    if rest.is_empty() || rest.starts_with('-') {
        return Err(invalid());
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let nanos = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {text:?}")),
            unit => return Err(format!("time: unknown unit {unit:?} in duration {text:?}")),
        };
        total += number * nanos;
        rest = &rest[unit_len..];
    }
    if !total.is_finite() || total > u64::MAX as f64 {
        return Err(invalid());
    }
    Ok(Duration::from_nanos(total as u64))
}

/// Go's `Duration.String()` (`1m30s`, `500ms`, `0s`).
pub fn go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".to_string();
    }
    if nanos < 1_000_000_000 {
        let (unit, div) = if nanos < 1_000 {
            ("ns", 1)
        } else if nanos < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        return format!("{}{unit}", trim_fraction(nanos, div));
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = (nanos / 60_000_000_000) % 60;
    let seconds = trim_fraction(nanos % 60_000_000_000, 1_000_000_000);
    let mut out = String::new();
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{seconds}s"));
    out
}

fn trim_fraction(value: u128, div: u128) -> String {
    let whole = value / div;
    let frac = value % div;
    if frac == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// docker/go-units `RAMInBytes`: `512m`, `1GB`, `1.5g`, a plain number.
pub fn bytes(text: &str) -> Result<u64, String> {
    let invalid = || format!("invalid size: '{text}'");
    let lower = text.trim().to_ascii_lowercase();
    let number_len = lower.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(lower.len());
    let number: f64 = lower[..number_len].parse().map_err(|_| invalid())?;
    let unit = lower[number_len..].trim();
    let unit = unit.strip_suffix("ib").or_else(|| unit.strip_suffix('b')).unwrap_or(unit);
    let multiplier: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024f64.powi(2),
        "g" => 1024f64.powi(3),
        "t" => 1024f64.powi(4),
        "p" => 1024f64.powi(5),
        _ => return Err(invalid()),
    };
    Ok((number * multiplier) as u64)
}

/// Splits a command string into words as mattn/go-shellwords does for
/// compose-go: blanks separate, quotes group, a backslash escapes.
pub fn shell_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err(format!("invalid command line string: {text}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => word.push(ch),
                            Some(ch) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err(format!("invalid command line string: {text}")),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err(format!("invalid command line string: {text}")),
                    }
                }
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports(spec: &str) -> Vec<(Option<String>, Option<PortRange>, u16, Protocol)> {
        short_port(spec).unwrap().into_iter().map(|p| (p.host_ip, p.published, p.target, p.protocol)).collect()
    }

    // The forms of the Compose Specification's ports short syntax
    // (https://docs.docker.com/reference/compose-file/services/#ports).
    #[test]
    fn port_forms() {
        assert_eq!(ports("3000"), [(None, None, 3000, Protocol::Tcp)]);
        assert_eq!(ports("8000:8000"), [(None, Some(PortRange::single(8000)), 8000, Protocol::Tcp)]);
        assert_eq!(
            ports("127.0.0.1:8001:8001/udp"),
            [(Some("127.0.0.1".into()), Some(PortRange::single(8001)), 8001, Protocol::Udp)]
        );
        assert_eq!(ports("[::1]:6001:6001")[0].0.as_deref(), Some("::1"));
        assert_eq!(ports("9090-9091:8080-8081").len(), 2);
        assert_eq!(ports("9090-9091:8080-8081")[1].1, Some(PortRange::single(9091)));
        assert_eq!(ports("8000-9000:80")[0].1, Some(PortRange { start: 8000, end: 9000 }));
        assert_eq!(ports("127.0.0.1::5000")[0].1, None);
        assert!(short_port("80:abc").is_err());
    }

    #[test]
    fn volume_forms() {
        let v = short_volume("./data:/data:ro").unwrap();
        assert_eq!((v.kind, v.read_only), (MountKind::Bind, true));
        assert_eq!(short_volume("db:/var/lib/db").unwrap().kind, MountKind::Volume);
        assert_eq!(short_volume("/tmp/x").unwrap().source, None);
    }

    #[test]
    fn durations_and_sizes() {
        assert_eq!(duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert!(duration("10").is_err());
        assert_eq!(go_duration(Duration::from_secs(90)), "1m30s");
        assert_eq!(go_duration(Duration::from_secs(60)), "1m0s");
        assert_eq!(go_duration(Duration::from_millis(500)), "500ms");
        assert_eq!(go_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(bytes("512m").unwrap(), 512 * 1024 * 1024);
        assert_eq!(bytes("1GB").unwrap(), 1 << 30);
    }

    #[test]
    fn command_words() {
        assert_eq!(shell_words(r#"sh -c "echo 'hi there'""#).unwrap(), ["sh", "-c", "echo 'hi there'"]);
    }
}
