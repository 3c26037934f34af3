//! `docker rename`, `docker update` and `docker wait`, as moby's daemon
//! does them (`daemon/rename.go`, `daemon/update.go` with
//! `container.UpdateContainer` in `daemon/container/container_unix.go`,
//! `daemon/wait.go`).

use crate::engine::containers::model::Status;
use crate::engine::containers::process::Lifetime;
use crate::engine::containers::{host, names, ContainerError};
use crate::engine::{Engine, EngineError};
use crate::run::RestartPolicy;

/// What `docker update` changes; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    pub memory: Option<i64>,
    pub memory_swap: Option<i64>,
    pub nano_cpus: Option<i64>,
    pub pids_limit: Option<i64>,
    pub restart: Option<RestartPolicy>,
}

/// What `docker wait` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitOutcome {
    /// It is not running (or stopped while waited for): its exit code.
    Exited(i32),
    /// It runs until someone stops it: a real `docker wait` would block.
    Blocks,
}

/// moby's minimum `--memory` (`linuxMinMemory`, 6 MiB).
const MIN_MEMORY: i64 = 6 * 1024 * 1024;

impl Engine {
    /// `docker rename CONTAINER NEW_NAME`.
    pub fn rename(&mut self, reference: &str, new_name: &str, now: u64) -> Result<(), EngineError> {
        self.tick(now);
        let (old, new) = (reference.trim(), new_name.trim());
        if old.trim_start_matches('/').is_empty() || new.trim_start_matches('/').is_empty() {
            return Err(ContainerError::Daemon("Neither old nor new names may be empty".into()).into());
        }
        let i = self.runtime.find(old)?;
        let new = new.trim_start_matches('/');
        if self.runtime.containers[i].name == new {
            return Err(
                ContainerError::Daemon("Renaming a container with the same name as its current name".into()).into()
            );
        }
        if !names::valid(new) {
            return Err(ContainerError::InvalidName(new.to_string()).into());
        }
        if let Some(other) = self.runtime.containers.iter().find(|c| c.name == new) {
            return Err(ContainerError::NameInUse { name: new.to_string(), id: other.id.clone() }.into());
        }
        let c = &mut self.runtime.containers[i];
        let old_name = std::mem::replace(&mut c.name, new.to_string());
        let id = c.id.clone();
        self.emit(crate::engine::Event::ContainerRenamed { id, old_name, name: new.to_string() });
        Ok(())
    }

    /// `docker update`: limits take effect at once, a running container
    /// included (the cgroup files change); the restart policy applies from
    /// the next exit.
    pub fn update(&mut self, reference: &str, update: &Update, now: u64) -> Result<(), EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &self.runtime.containers[i];
        let cannot = |m: &str| -> EngineError {
            ContainerError::Daemon(format!("Cannot update container {}: {m}", c.id)).into()
        };
        // The daemon's `verifyContainerSettings` first (plain errors).
        if update.memory.is_some_and(|m| m != 0 && m < MIN_MEMORY) {
            return Err(ContainerError::Daemon("Minimum memory limit allowed is 6MB".into()).into());
        }
        if update.nano_cpus.is_some_and(|n| n < 0 || n > i64::from(host::CPUS) * 1_000_000_000) {
            return Err(ContainerError::Daemon(format!(
                "Range of CPUs is from 0.01 to {}.00, as there are only {} CPUs available",
                host::CPUS,
                host::CPUS
            ))
            .into());
        }
        // Then `UpdateContainer`: a new memory limit above the swap limit
        // already set, without a new swap limit, is refused — a container
        // run without `-m` has no swap limit (0), so `update -m` alone fails.
        let swap_now = c.host.memory_swap.unwrap_or(if c.host.memory > 0 { c.host.memory * 2 } else { 0 });
        if let Some(memory) = update.memory.filter(|&m| m != 0) {
            if memory > swap_now && update.memory_swap.is_none_or(|s| s == 0) {
                return Err(cannot(
                    "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time",
                ));
            }
        }
        if update.restart.is_some_and(|r| r != RestartPolicy::No) && c.host.auto_remove {
            return Err(cannot("Restart policy cannot be updated because AutoRemove is enabled for the container"));
        }
        let c = &mut self.runtime.containers[i];
        if let Some(m) = update.memory.filter(|&m| m != 0) {
            c.host.memory = m;
        }
        if let Some(s) = update.memory_swap.filter(|&s| s != 0) {
            c.host.memory_swap = Some(s);
        }
        if let Some(n) = update.nano_cpus.filter(|&n| n != 0) {
            c.host.nano_cpus = n;
        }
        if let Some(p) = update.pids_limit {
            c.host.pids_limit = (p > 0).then_some(p);
        }
        if let Some(r) = update.restart {
            c.host.restart = r;
        }
        let id = c.id.clone();
        self.emit(crate::engine::Event::ContainerUpdated { id });
        Ok(())
    }

    /// `docker wait CONTAINER`: its exit code once it is not running. A
    /// process with a known end (`sleep 30`) is waited for: the daemon's
    /// clock moves to that moment. One that serves until stopped blocks.
    pub fn wait(&mut self, reference: &str, now: u64) -> Result<WaitOutcome, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let id = c.id.clone();
        if !matches!(c.state.status, Status::Running | Status::Paused | Status::Restarting) {
            return Ok(WaitOutcome::Exited(c.state.exit_code));
        }
        let lifetime = c.process.as_ref().map(|p| p.lifetime);
        match (c.state.status, lifetime, c.state.started_at) {
            (Status::Running, Some(Lifetime::Runs { seconds }), Some(started))
                if c.host.restart == RestartPolicy::No =>
            {
                self.tick(started.saturating_add(seconds).max(now));
                // `--rm` may have removed it; its exit code was 0 either way.
                Ok(WaitOutcome::Exited(self.runtime.container(&id).map_or(0, |c| c.state.exit_code)))
            }
            _ => Ok(WaitOutcome::Blocks),
        }
    }
}
