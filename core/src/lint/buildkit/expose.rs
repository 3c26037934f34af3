//! EXPOSE ports as BuildKit reads them (`dockerfile2llb/convert_expose.go`):
//! `[ip:][hostPort:]containerPort[/proto]`. ExposeProtoCasing and
//! ExposeInvalidFormat fire per port while it is parsed; a port BuildKit
//! cannot read stops the check with its error.

use super::config::CheckConfig;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::quote::go_quote;
use std::net::IpAddr;

/// Checks every port (already expanded and split into words).
pub(super) fn check_ports(ports: &[String], cfg: &CheckConfig, loc: Loc, sink: &mut Sink) -> Result<(), String> {
    ports.iter().try_for_each(|port| check_port(port, cfg, loc, sink))
}

fn check_port(raw: &str, cfg: &CheckConfig, loc: Loc, sink: &mut Sink) -> Result<(), String> {
    let (ip, host_port, container) = split_parts(raw);
    let (proto, port) = split_proto(container).map_err(|e| format!("invalid port: {}: {e}", go_quote(raw)))?;
    if proto.to_lowercase() != proto {
        sink.report(cfg, RuleId::ExposeProtoCasing, rules::expose_proto_casing(raw), loc);
    }
    if !ip.is_empty() || !host_port.is_empty() {
        sink.report(cfg, RuleId::ExposeInvalidFormat, rules::expose_invalid_format(raw), loc);
    }
    let ip = if ip.starts_with('[') {
        split_bracketed(&ip).map_err(|e| format!("invalid IP address {ip}: {e}"))?
    } else {
        ip
    };
    if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    let (start, end) = port_range(port).ok_or_else(|| format!("invalid containerPort: {port}"))?;
    if !host_port.is_empty() {
        let (host_start, host_end) = port_range(host_port).ok_or_else(|| format!("invalid hostPort: {host_port}"))?;
        if end - start != host_end - host_start && end != start {
            return Err(format!("invalid ranges specified for container and host Ports: {port} and {host_port}"));
        }
    }
    Ok(())
}

/// Splits at `:`; with more than three parts the IP keeps the extra colons.
fn split_parts(raw: &str) -> (String, &str, &str) {
    let parts: Vec<&str> = raw.split(':').collect();
    match parts.as_slice() {
        [container] => (String::new(), "", container),
        [host, container] => (String::new(), host, container),
        [.., host, container] => (parts[..parts.len() - 2].join(":"), host, container),
        [] => (String::new(), "", ""),
    }
}

/// `port[/proto]`: the protocol as written, `tcp` when none.
fn split_proto(raw: &str) -> Result<(&str, &str), String> {
    let (port, proto) = raw.split_once('/').unwrap_or((raw, ""));
    if port.is_empty() {
        return Err("no port specified".to_string());
    }
    match proto.to_lowercase().as_str() {
        "" => Ok(("tcp", port)),
        "tcp" | "udp" | "sctp" => Ok((proto, port)),
        _ => Err(format!("invalid proto: {proto}")),
    }
}

/// Go's `net.SplitHostPort(ip + ":")` for a bracketed IPv6 address.
fn split_bracketed(ip: &str) -> Result<String, String> {
    let hostport = format!("{ip}:");
    let fail = |why: &str| Err(format!("address {hostport}: {why}"));
    let Some(end) = hostport.find(']') else { return fail("missing ']' in address") };
    let last = hostport.len() - 1;
    if end + 1 != last {
        return fail(if hostport.as_bytes().get(end + 1) == Some(&b':') {
            "too many colons in address"
        } else {
            "missing port in address"
        });
    }
    if hostport[1..].contains('[') {
        return fail("unexpected '[' in address");
    }
    if hostport[end + 1..].contains(']') {
        return fail("unexpected ']' in address");
    }
    Ok(hostport[1..end].to_string())
}

/// `start[-end]`, each 0–65535; `None` when BuildKit refuses it.
fn port_range(ports: &str) -> Option<(i64, i64)> {
    let (start, end) = match ports.split_once('-') {
        Some((start, end)) => (start, Some(end)),
        None => (ports, None),
    };
    let start_port = port_number(start)?;
    match end {
        None => Some((start_port, start_port)),
        Some(end) if end == start => Some((start_port, start_port)),
        Some(end) => Some((start_port, port_number(end).filter(|&e| e >= start_port)?)),
    }
}

/// Go's `strconv.ParseInt(s, 10, 0)` limited to port numbers.
fn port_number(raw: &str) -> Option<i64> {
    let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse::<i64>().ok().filter(|p| (0..=65535).contains(p))
}
