//! `docker stats --no-stream`, `docker top`, `docker logs` and `docker port`.
//!
//! Usage figures are simulated and deterministic: a resident size per known
//! program (kept under `-m`), a small CPU share (under `--cpus`), traffic
//! that grows with uptime. They are illustrations, not measurements.

use super::host;
use super::model::{Container, Status};
use super::process::Lifetime;
use crate::engine::format::tabwrite;
use crate::units::{format_g, human_size};

/// `2026/11/23 11:30:00`, the time format nginx and many servers log with.
pub fn log_time(seconds: u64) -> String {
    let t = crate::engine::format::rfc3339(seconds);
    // 2026-11-23T11:30:00Z → 2026/11/23 11:30:00
    t.trim_end_matches('Z').replacen('-', "/", 2).replace('T', " ")
}

/// go-units `BytesSize`: binary units, `%.4g`.
pub fn bytes_size(bytes: u64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{}{}", format_g(value, 4), UNITS[unit])
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

/// The table for the given containers (running ones; others show zeros as Docker does).
pub fn stats_table(rows: &[&Container], now: u64) -> String {
    let mut table =
        vec![["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]
            .map(String::from)
            .to_vec()];
    for c in rows {
        let running = c.state.status == Status::Running;
        let (mem, pids) = if running { footprint(c) } else { (0, 0) };
        let limit = if c.host.memory > 0 { c.host.memory as u64 } else { host::MEMORY };
        let uptime = now.saturating_sub(c.state.started_at.unwrap_or(now));
        // A server idles at a few hundredths of a percent; never above the --cpus share.
        let cpu = if running {
            let idle =
                if matches!(c.process.as_ref().map(|p| p.lifetime), Some(Lifetime::Serves)) { 0.02 } else { 0.0 };
            let cap =
                if c.host.nano_cpus > 0 { c.host.nano_cpus as f64 / 1e9 * 100.0 } else { host::CPUS as f64 * 100.0 };
            f64::min(idle, cap)
        } else {
            0.0
        };
        let has_net =
            !c.endpoints.is_empty() && running && !matches!(c.host.network_mode, crate::run::NetworkMode::Host);
        let (rx, tx) = if has_net { (1_046 + uptime.min(86_400) * 3, 126 * (uptime > 0) as u64) } else { (0, 0) };
        table.push(vec![
            c.short_id().to_string(),
            c.name.clone(),
            format!("{cpu:.2}%"),
            format!("{} / {}", bytes_size(mem), bytes_size(limit)),
            format!("{:.2}%", mem as f64 / limit as f64 * 100.0),
            format!("{} / {}", human_size(rx), human_size(tx)),
            format!("{} / {}", human_size(0), human_size(0)),
            pids.to_string(),
        ]);
    }
    tabwrite(&table)
}

/// `docker top`: `ps -ef` columns from the host's view (host PIDs).
pub fn top(c: &Container, now: u64) -> String {
    let pid = c.state.pid;
    let stime = log_time(c.state.started_at.unwrap_or(now));
    let stime = stime.get(11..16).unwrap_or("00:00").to_string();
    let user = |u: &str| if u.is_empty() || u == "0" || u == "root" { "root".to_string() } else { u.to_string() };
    let main_user = user(&c.config.user);
    let mut rows: Vec<Vec<String>> = vec!["UID PID PPID C STIME TTY TIME CMD".split(' ').map(String::from).collect()];
    let tty = if c.config.tty { "pts/0" } else { "?" };
    let shim = pid.saturating_sub(21);
    let mut push = |uid: &str, p: u32, pp: u32, cmd: String| {
        rows.push(vec![
            uid.to_string(),
            p.to_string(),
            pp.to_string(),
            "0".into(),
            stime.clone(),
            tty.into(),
            "00:00:00".into(),
            cmd,
        ]);
    };
    let Some(process) = &c.process else { return tabwrite_top(&rows) };
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
    tabwrite_top(&rows)
}

/// `docker top` uses a tabwriter with a minimum width of 20.
fn tabwrite_top(rows: &[Vec<String>]) -> String {
    let mut widths = vec![0usize; rows.iter().map(Vec::len).max().unwrap_or(0)];
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(r.len().saturating_sub(1)) {
            widths[i] = widths[i].max((cell.chars().count() + 3).max(20));
        }
    }
    let mut out = String::new();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < r.len() {
                out.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

/// `docker port CONTAINER`: `80/tcp -> 0.0.0.0:8080` lines, one per address.
pub fn port_lines(c: &Container, filter: Option<(u16, &str)>) -> Vec<String> {
    let mut bindings = c.ports.clone();
    bindings.sort_by_key(|b| (b.container_port, b.protocol));
    let mut out = Vec::new();
    for b in bindings {
        if filter.is_some_and(|(p, proto)| p != b.container_port || proto != b.protocol.as_str()) {
            continue;
        }
        for ip in b.shown_ips() {
            let shown = if ip.contains(':') { format!("[{ip}]") } else { ip };
            let line = format!("{}/{} -> {shown}:{}", b.container_port, b.protocol, b.host_port);
            out.push(if filter.is_some() { line.split(" -> ").nth(1).unwrap_or_default().to_string() } else { line });
        }
    }
    out
}
