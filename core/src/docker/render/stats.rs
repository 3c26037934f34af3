//! `docker stats --no-stream`, `docker top`, `docker port` and `docker logs`
//! as the CLI prints them, from the rows the engine reports.

use crate::engine::containers::stats::{log_time, StatsRow, TopRow};
use crate::engine::containers::PortBinding;
use crate::engine::{human_size, short_id, tabwrite};
use crate::units::bytes_size;

/// `docker stats --no-stream`.
pub fn stats(rows: &[StatsRow]) -> String {
    let mut table =
        vec![["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]
            .map(String::from)
            .to_vec()];
    for r in rows {
        table.push(vec![
            short_id(&r.id),
            r.name.clone(),
            format!("{:.2}%", r.cpu_hundredths as f64 / 100.0),
            format!("{} / {}", bytes_size(r.memory), bytes_size(r.memory_limit)),
            format!("{:.2}%", r.memory as f64 / r.memory_limit as f64 * 100.0),
            format!("{} / {}", human_size(r.net_rx), human_size(r.net_tx)),
            format!("{} / {}", human_size(r.block_read), human_size(r.block_write)),
            r.pids.to_string(),
        ]);
    }
    tabwrite(&table)
}

/// `docker top`: `ps -ef`'s columns.
pub fn top(rows: &[TopRow]) -> String {
    let mut table: Vec<Vec<String>> = vec!["UID PID PPID C STIME TTY TIME CMD".split(' ').map(String::from).collect()];
    for r in rows {
        let stime = log_time(r.started);
        table.push(vec![
            r.uid.clone(),
            r.pid.to_string(),
            r.ppid.to_string(),
            "0".into(),
            stime.get(11..16).unwrap_or("00:00").to_string(),
            if r.tty { "pts/0" } else { "?" }.into(),
            "00:00:00".into(),
            r.command.clone(),
        ]);
    }
    tabwrite_top(&table)
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

/// `docker port CONTAINER [PORT]`: `80/tcp -> 0.0.0.0:8080`, one line per
/// address; with a port asked for, only the addresses.
pub fn port(bindings: &[PortBinding], filtered: bool) -> String {
    let mut out = String::new();
    for b in bindings {
        for ip in b.shown_ips() {
            let shown = if ip.contains(':') { format!("[{ip}]") } else { ip };
            if filtered {
                out.push_str(&format!("{shown}:{}\n", b.host_port));
            } else {
                out.push_str(&format!("{}/{} -> {shown}:{}\n", b.container_port, b.protocol, b.host_port));
            }
        }
    }
    out
}

/// `docker logs`: the lines, or a note when the program's output is not simulated.
pub fn logs(lines: &[String], simulated: bool) -> String {
    if lines.is_empty() && !simulated {
        return "(no output simulated)\n".to_string();
    }
    super::lines(lines)
}
