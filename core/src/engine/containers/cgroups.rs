//! The cgroup v2 files runc writes for `-m`, `--cpus` and `--pids-limit`,
//! under the systemd driver's path `/sys/fs/cgroup/system.slice/docker-<id>.scope`.
//! `cpu.max` is `QUOTA PERIOD` with runc's 100 ms period (`--cpus 1.5` →
//! `150000 100000`); `-m` without `--memory-swap` allows as much swap again
//! (`--memory-swap` defaults to twice `-m`, and v2's `memory.swap.max` counts swap only).

use super::model::HostConfig;

/// The CFS period runc uses when `--cpus` is given.
pub const CPU_PERIOD_US: i64 = 100_000;

/// One cgroup interface file and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgroupFile {
    pub name: &'static str,
    pub value: String,
}

/// The cgroup's directory.
pub fn path(id: &str) -> String {
    format!("/sys/fs/cgroup/system.slice/docker-{id}.scope")
}

/// The limit files, in a fixed order.
pub fn files(host: &HostConfig) -> Vec<CgroupFile> {
    let memory = if host.memory > 0 { host.memory.to_string() } else { "max".to_string() };
    let swap = if host.memory > 0 { host.memory.to_string() } else { "max".to_string() };
    let cpu = if host.nano_cpus > 0 {
        format!("{} {CPU_PERIOD_US}", host.nano_cpus * CPU_PERIOD_US / 1_000_000_000)
    } else {
        format!("max {CPU_PERIOD_US}")
    };
    let pids = match host.pids_limit {
        Some(n) if n > 0 => n.to_string(),
        _ => "max".to_string(),
    };
    vec![
        CgroupFile { name: "memory.max", value: memory },
        CgroupFile { name: "memory.swap.max", value: swap },
        CgroupFile { name: "cpu.max", value: cpu },
        CgroupFile { name: "pids.max", value: pids },
    ]
}
