//! What `docker stats --no-stream`, `docker top` and `docker port` report,
//! as data (`docker::render` prints the tables), and the log time format.
//!
//! Usage figures are simulated and deterministic: a resident size per known
//! program (kept under `-m`), a small CPU share (under `--cpus`), traffic
//! that grows with uptime. They are illustrations, not measurements.

use super::host;
use super::model::{Container, Status};
use super::process::Lifetime;

/// `2026/11/23 11:30:00`, the time format nginx and many servers log with.
pub fn log_time(seconds: u64) -> String {
    let t = crate::engine::format::rfc3339(seconds);
    // 2026-11-23T11:30:00Z → 2026/11/23 11:30:00
    t.trim_end_matches('Z').replacen('-', "/", 2).replace('T', " ")
}

/// Resident memory and process count of a known program (simulated).
fn footprint(c: &Container) -> (u64, u32) {
    let app = c.process.as_ref().and_then(|p| p.app.first()).map(|a| a.rsplit('/').next().unwrap_or(a).to_string());
    let (mem, procs): (u64, u32) = match app.as_deref() {
        Some("nginx") => (7_340_032 + host::CPUS as u64 * 1_048_576, 1 + host::CPUS),
        Some("redis-server") => (4_194_304 * 2, 6),
        Some("postgres") => (41_943_040, 6),
        Some("mysqld") => (419_430_400, 37),
        Some("httpd-foreground" | "httpd") => (11_534_336, 3),
        Some(a) if a.starts_with("python") => (18_874_368, 1),
        Some("node") => (44_040_192, 7),
        Some("sleep" | "tail") => (450_560, 1),
        _ => (2_097_152, 1),
    };
    let shell = c.process.as_ref().is_some_and(|p| p.shell_parent) as u32;
    let init = c.host.init as u32;
    let pids = match c.host.pids_limit {
        Some(n) if n > 0 => (procs + shell + init).min(n as u32),
        _ => procs + shell + init,
    };
    let mem = if c.host.memory > 0 { mem.min(c.host.memory as u64 * 9 / 10) } else { mem };
    (mem, pids)
}

/// One row of `docker stats`: what a running container uses (zeros for the others, as Docker shows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsRow {
    pub id: String,
    pub name: String,
    /// CPU use in hundredths of a percent of one CPU.
    pub cpu_hundredths: u64,
    pub memory: u64,
    /// `-m`, else the host's memory.
    pub memory_limit: u64,
    pub net_rx: u64,
    pub net_tx: u64,
    pub block_read: u64,
    pub block_write: u64,
    pub pids: u32,
}

/// The simulated usage of a container at `now`.
pub fn stats_row(c: &Container, now: u64) -> StatsRow {
    let running = c.state.status == Status::Running;
    let (memory, pids) = if running { footprint(c) } else { (0, 0) };
    let memory_limit = if c.host.memory > 0 { c.host.memory as u64 } else { host::MEMORY };
    let uptime = now.saturating_sub(c.state.started_at.unwrap_or(now));
    // A server idles at a few hundredths of a percent; never above the --cpus share.
    let cpu_hundredths = if running {
        let idle = if matches!(c.process.as_ref().map(|p| p.lifetime), Some(Lifetime::Serves)) { 2 } else { 0 };
        let cap = if c.host.nano_cpus > 0 { c.host.nano_cpus as u64 / 100_000 } else { host::CPUS as u64 * 10_000 };
        idle.min(cap)
    } else {
        0
    };
    let has_net = !c.endpoints.is_empty() && running && !matches!(c.host.network_mode, crate::run::NetworkMode::Host);
    let (net_rx, net_tx) = if has_net { (1_046 + uptime.min(86_400) * 3, 126 * (uptime > 0) as u64) } else { (0, 0) };
    StatsRow {
        id: c.id.clone(),
        name: c.name.clone(),
        cpu_hundredths,
        memory,
        memory_limit,
        net_rx,
        net_tx,
        block_read: 0,
        block_write: 0,
        pids,
    }
}

/// One process of `docker top`, from the host's view (host PIDs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopRow {
    pub uid: String,
    pub pid: u32,
    pub ppid: u32,
    /// When it started (the container's start).
    pub started: u64,
    pub tty: bool,
    pub command: String,
}

/// The processes of a running container, parents first.
pub fn top_rows(c: &Container, now: u64) -> Vec<TopRow> {
    let pid = c.state.pid;
    let started = c.state.started_at.unwrap_or(now);
    let user = |u: &str| if u.is_empty() || u == "0" || u == "root" { "root".to_string() } else { u.to_string() };
    let main_user = user(&c.config.user);
    let tty = c.config.tty;
    let shim = pid.saturating_sub(21);
    let mut rows = Vec::new();
    let mut push = |uid: &str, p: u32, pp: u32, command: String| {
        rows.push(TopRow { uid: uid.to_string(), pid: p, ppid: pp, started, tty, command });
    };
    let Some(process) = &c.process else { return rows };
    let mut next = pid;
    let mut parent = shim;
    if process.init {
        push("root", next, parent, "/sbin/docker-init -- ".to_string() + &c.command_line());
        parent = next;
        next += 1;
    }
    if process.shell_parent {
        push(
            &main_user,
            next,
            parent,
            process
                .pid1
                .iter()
                .filter(|w| *w != "/sbin/docker-init" && *w != "--")
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        );
        parent = next;
        next += 1;
    }
    let app = process.app.join(" ");
    if process.app.first().is_some_and(|a| a == "nginx") {
        push("root", next, parent, format!("nginx: master process {app}"));
        let master = next;
        for k in 1..=host::CPUS {
            push("101", next + 28 + k, master, "nginx: worker process".to_string());
        }
    } else {
        push(&main_user, next, parent, app);
    }
    rows
}

/// The published ports, sorted by container port (`docker port`), those of
/// `filter` (port, protocol) only when given.
pub fn port_bindings(c: &Container, filter: Option<(u16, &str)>) -> Vec<super::PortBinding> {
    let mut bindings = c.ports.clone();
    crate::sort::by_key(&mut bindings, |b| (b.container_port, b.protocol));
    bindings.retain(|b| filter.is_none_or(|(p, proto)| p == b.container_port && proto == b.protocol.as_str()));
    bindings
}
