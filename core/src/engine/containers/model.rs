//! The container record and its state machine:
//!
//! ```text
//! created ──start──▶ running ──pause──▶ paused ──unpause──▶ running
//!    ▲  │ (start fails: stays created, exit 127)   │
//!    │  └──────────────────────────────────────────┴─exit/stop/kill──▶ exited ──rm──▶ removed
//!    └─ (create)              restart policy: exited ──▶ restarting ──▶ running
//! ```
//!
//! Restart policies follow moby's restart manager: `always` restarts on any
//! exit, `unless-stopped` too unless the user stopped it, `on-failure[:N]` on
//! a non-zero exit up to N times; `docker stop`, `docker kill` (SIGKILL or
//! the stop signal) cancel the restart. The delay starts at 100 ms and
//! doubles up to one minute (reset when a run lasted 10 s). `--rm` removes
//! the container (and its anonymous volumes) when it exits for good.

use super::network::{Endpoint, PortBinding};
use super::process::{Lifetime, Process};
use super::{ContainerError, Runtime};
use crate::run::{NetworkMode, RestartPolicy};
use std::collections::BTreeMap;

pub use super::signals::{signal_effect, Signal, SignalEffect};

/// `State.Status` in `docker inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Restarting => "restarting",
            Status::Exited => "exited",
            Status::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Some(match text {
            "created" => Status::Created,
            "running" => Status::Running,
            "paused" => Status::Paused,
            "restarting" => Status::Restarting,
            "exited" => Status::Exited,
            "dead" => Status::Dead,
            _ => return None,
        })
    }

    /// Shown by `docker ps` without `-a` (Docker lists containers whose State.Running is true).
    pub fn is_up(self) -> bool {
        matches!(self, Status::Running | Status::Paused | Status::Restarting)
    }
}

/// The container's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub exit_code: i32,
    /// PID 1's PID on the host; 0 when not running.
    pub pid: u32,
    pub started_at: Option<u64>,
    pub finished_at: Option<u64>,
    pub oom_killed: bool,
    /// The daemon's error when the last start failed.
    pub error: String,
    /// When a crash loop (a process that exits at once, restarted by policy) began.
    pub loop_since: Option<u64>,
    /// The restart count when that loop began: restarts are counted from the
    /// loop's start, so looking at the container in between changes nothing.
    pub loop_base: u32,
}

/// What `docker inspect` calls `Config`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerConfig {
    pub hostname: String,
    pub user: String,
    pub env: Vec<String>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: String,
    pub exposed_ports: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub volumes: Vec<String>,
    pub tty: bool,
    pub open_stdin: bool,
    /// The image as the user named it (`nginx`).
    pub image: String,
    pub stop_signal: Option<String>,
}

/// What `docker inspect` calls `HostConfig` (the parts the simulation uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostConfig {
    pub memory: i64,
    pub nano_cpus: i64,
    /// `None`: unlimited (`PidsLimit` null).
    pub pids_limit: Option<i64>,
    pub port_bindings: Vec<crate::run::PortMapping>,
    pub publish_all: bool,
    pub restart: RestartPolicy,
    pub network_mode: NetworkMode,
    pub pid_mode: crate::run::PidMode,
    pub auto_remove: bool,
    pub init: bool,
    pub read_only: bool,
    pub privileged: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    /// `--stop-timeout`, seconds.
    pub stop_timeout: Option<u64>,
}

/// A mount's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountKind {
    Volume,
    Bind,
    Tmpfs,
}

impl MountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Volume => "volume",
            MountKind::Bind => "bind",
            MountKind::Tmpfs => "tmpfs",
        }
    }
}

/// One entry of `Mounts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountPoint {
    pub kind: MountKind,
    /// The volume name (volumes only).
    pub name: Option<String>,
    /// Host path: the volume's `_data` directory or the bind source.
    pub source: String,
    pub destination: String,
    pub rw: bool,
    /// An anonymous volume (from `-v /path` or the image's VOLUME).
    pub anonymous: bool,
}

/// A container.
#[derive(Debug, Clone)]
pub struct Container {
    /// 64 hex digits.
    pub id: String,
    /// Without the leading `/`.
    pub name: String,
    /// `sha256:…` of the image.
    pub image_id: String,
    pub created: u64,
    /// `Path` and `Args`: the resolved argv.
    pub path: String,
    pub args: Vec<String>,
    pub config: ContainerConfig,
    pub host: HostConfig,
    /// The health check, if the image or the run line sets one.
    pub health: Option<super::health::HealthCheck>,
    pub state: State,
    /// `None` when the process cannot start (the runc error is kept instead).
    pub process: Option<Process>,
    /// Why the container cannot start, and the exit status `docker run` gives it.
    pub start_error: Option<(String, i32)>,
    pub mounts: Vec<MountPoint>,
    /// Network attachments; addresses only while running.
    pub endpoints: Vec<Endpoint>,
    /// Host ports bound while running.
    pub ports: Vec<PortBinding>,
    pub restart_count: u32,
    pub manually_stopped: bool,
    /// Bytes in the writable upper layer.
    pub upper_size: u64,
    /// The image's layer digests, bottom first (the overlay's lowerdirs).
    pub layers: Vec<String>,
    /// Bytes of the image (the "virtual" size).
    pub image_size: u64,
    /// `docker logs` lines with their time.
    pub logs: Vec<(u64, String)>,
    /// The image was pulled for this container (for the story).
    pub pulled_image: bool,
    /// The host PID its process had at its last start, kept after it exits
    /// for the story (`State.Pid` is 0 then, as Docker reports); 0 only
    /// before any start. Host PIDs start at `host::FIRST_PID`, never 0.
    pub last_pid: u32,
}

impl Container {
    pub fn short_id(&self) -> &str {
        &self.id[..12.min(self.id.len())]
    }

    /// `Path` + ` ` + `Args`, as `docker ps` shows COMMAND.
    pub fn command_line(&self) -> String {
        std::iter::once(self.path.as_str()).chain(self.args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state.status, Status::Running | Status::Paused)
    }

    /// The signal `docker stop` sends: the image's STOPSIGNAL, else SIGTERM.
    pub fn stop_signal(&self) -> Signal {
        self.config.stop_signal.as_deref().and_then(Signal::parse).unwrap_or(Signal::TERM)
    }

    /// The restart policy's decision for an exit (moby's `ShouldRestart`).
    fn should_restart(&self, exit_code: i32) -> bool {
        match self.host.restart {
            RestartPolicy::No => false,
            RestartPolicy::Always => true,
            RestartPolicy::UnlessStopped => !self.manually_stopped,
            RestartPolicy::OnFailure { max_retries } => {
                exit_code != 0 && max_retries.is_none_or(|n| n == 0 || self.restart_count < n)
            }
        }
    }
}

/// Milliseconds from the first exit of a crash loop to the k-th restart
/// (delays 100 ms, 200 ms, … capped at one minute).
fn restart_time_ms(k: u64) -> u64 {
    let mut total = 0u64;
    let mut delay = 100u64;
    for _ in 0..k.min(64) {
        total = total.saturating_add(delay);
        delay = (delay * 2).min(60_000);
    }
    if k > 64 {
        total = total.saturating_add((k - 64).saturating_mul(60_000));
    }
    total
}

/// How many restarts fit in `elapsed` seconds of a crash loop.
fn restarts_within(elapsed: u64) -> u64 {
    let ms = elapsed.saturating_mul(1000);
    // Delays reach the one-minute cap after 10 doublings.
    let mut k = 0;
    while k < 11 && restart_time_ms(k + 1) <= ms {
        k += 1;
    }
    if k == 11 {
        k += (ms - restart_time_ms(11)) / 60_000;
    }
    k
}

impl Runtime {
    /// Starts a created or exited container at `now`: binds its ports, gives
    /// it addresses, and lets its process do what the rule table says.
    pub(crate) fn start_at(&mut self, i: usize, now: u64) -> Result<(), ContainerError> {
        self.launch_at(i, now)?;
        if let Some(Lifetime::Exits { code }) = self.containers[i].process.as_ref().map(|p| p.lifetime) {
            self.exit_at(i, now, code);
        }
        Ok(())
    }

    /// The start up to the moment the process runs (ports bound, addresses
    /// given, PID 1 started), before it does anything: what a dry run shows.
    pub(crate) fn launch_at(&mut self, i: usize, now: u64) -> Result<(), ContainerError> {
        if let Some((message, exit_code)) = self.containers[i].start_error.clone() {
            let c = &mut self.containers[i];
            c.state.exit_code = exit_code;
            c.state.error = message.clone();
            return Err(ContainerError::StartFailed { message, exit_code });
        }
        if let NetworkMode::Container(other) = &self.containers[i].host.network_mode {
            let j = self.find(other)?;
            if !self.containers[j].is_running() {
                return Err(ContainerError::JoinedNotRunning { id: self.containers[j].id.clone() });
            }
        }
        let ports = self.bind_ports(i)?;
        self.attach_addresses(i);
        self.counter += 1;
        let pid = super::host::FIRST_PID + (self.counter as u32 % 60_000) * 7;
        let c = &mut self.containers[i];
        c.ports = ports;
        c.state.status = Status::Running;
        c.state.pid = pid;
        c.last_pid = pid;
        c.state.started_at = Some(now);
        c.state.error.clear();
        c.state.exit_code = 0;
        let started = crate::engine::Event::ContainerStarted {
            id: c.id.clone(),
            story: super::story::story(c, &c.config.image, c.pulled_image),
        };
        self.events.push(started);
        let c = &mut self.containers[i];
        let ts = super::stats::log_time(now);
        if let Some(p) = &c.process {
            let lines: Vec<(u64, String)> = p.logs.iter().map(|l| (now, l.replace("{ts}", &ts))).collect();
            c.logs.extend(lines);
        }
        Ok(())
    }

    /// The process ended at `at` with `code`: release the network, then the
    /// restart policy or `--rm` decides. Returns false if the container is gone.
    pub(crate) fn exit_at(&mut self, i: usize, at: u64, code: i32) -> bool {
        self.detach_addresses(i);
        let c = &mut self.containers[i];
        c.ports.clear();
        c.state.pid = 0;
        c.state.exit_code = code;
        c.state.finished_at = Some(at);
        let id = c.id.clone();
        self.events.push(crate::engine::Event::ContainerExited { id, exit_code: code });
        let c = &mut self.containers[i];
        if !c.manually_stopped && c.should_restart(code) {
            c.state.status = Status::Restarting;
            if c.state.loop_since.is_none() {
                c.state.loop_since = Some(at);
                c.state.loop_base = c.restart_count;
            }
            return true;
        }
        c.state.status = Status::Exited;
        c.state.loop_since = None;
        if c.host.auto_remove {
            self.remove_at(i, true);
            return false;
        }
        true
    }

    /// Removes a container; `volumes`: its anonymous volumes too (`rm -v`, `--rm`).
    pub(crate) fn remove_at(&mut self, i: usize, volumes: bool) -> Container {
        self.detach_addresses(i);
        let c = self.containers.remove(i);
        self.events.push(crate::engine::Event::ContainerRemoved { id: c.id.clone() });
        if volumes {
            for m in c.mounts.iter().filter(|m| m.anonymous) {
                if let Some(name) = &m.name {
                    let used = self.containers.iter().any(|o| o.mounts.iter().any(|n| n.name.as_ref() == Some(name)));
                    if !used && self.volumes.iter().any(|v| &v.name == name) {
                        self.volumes.retain(|v| &v.name != name);
                        self.events.push(crate::engine::Event::VolumeRemoved { name: name.clone() });
                    }
                }
            }
        }
        self.last_removed = Some(Box::new(c.clone()));
        c
    }

    /// Applies what happened up to `now`: timed processes that ended, restart loops.
    pub(crate) fn settle(&mut self, now: u64) {
        self.now = self.now.max(now);
        let mut i = 0;
        while i < self.containers.len() {
            if self.settle_one(i, now) {
                i += 1;
            }
        }
    }

    /// Returns false if the container was removed.
    fn settle_one(&mut self, i: usize, now: u64) -> bool {
        let c = &self.containers[i];
        let lifetime = c.process.as_ref().map(|p| p.lifetime);
        match (c.state.status, lifetime) {
            (Status::Running, Some(Lifetime::Runs { seconds })) => {
                let started = c.state.started_at.unwrap_or(now);
                let end = started.saturating_add(seconds);
                if end > now {
                    return true;
                }
                let restarts = matches!(c.host.restart, RestartPolicy::Always | RestartPolicy::UnlessStopped);
                if restarts && seconds > 0 && !c.manually_stopped {
                    // Each run ends with exit 0 and starts again (a run of 10 s or more resets the delay).
                    let cycles = (now - started) / seconds;
                    let c = &mut self.containers[i];
                    c.restart_count = c.restart_count.saturating_add(cycles as u32);
                    c.state.started_at = Some(started + cycles * seconds);
                    c.state.finished_at = Some(started + cycles * seconds);
                    return true;
                }
                self.exit_at(i, end, 0)
            }
            (Status::Restarting, Some(Lifetime::Exits { code })) => {
                // Counted from the loop's start (moby's backoff doubles from
                // 100 ms on every restart of a process that exits at once).
                let since = c.state.loop_since.unwrap_or(now);
                let total = restarts_within(now.saturating_sub(since));
                let limit = match c.host.restart {
                    RestartPolicy::OnFailure { max_retries: Some(n) } if n > 0 => Some(n as u64),
                    _ => None,
                };
                let base = c.state.loop_base as u64;
                let c = &mut self.containers[i];
                if let Some(n) = limit {
                    if base + total >= n {
                        c.restart_count = n as u32;
                        c.state.loop_since = None;
                        c.state.finished_at = Some(since + restart_time_ms(n.saturating_sub(base)) / 1000);
                        c.state.exit_code = code;
                        c.state.status = Status::Exited;
                        if c.host.auto_remove {
                            self.remove_at(i, true);
                            return false;
                        }
                        return true;
                    }
                }
                if total > 0 {
                    c.restart_count = (base + total).min(u32::MAX as u64) as u32;
                    c.state.started_at = Some(since + restart_time_ms(total) / 1000);
                    c.state.finished_at = c.state.started_at;
                }
                true
            }
            (Status::Restarting, _) => {
                // A process that keeps running: the restart brings it back up.
                let at = c.state.finished_at.unwrap_or(now);
                let c = &mut self.containers[i];
                c.restart_count = c.restart_count.saturating_add(1);
                c.state.loop_since = None;
                // A port taken meanwhile leaves it down, as Docker logs and gives up.
                let _ = self.start_at(i, at);
                true
            }
            _ => true,
        }
    }

    /// Sends `signal` to a running container at `now`; returns what it did and why.
    pub(crate) fn signal_at(&mut self, i: usize, signal: Signal, now: u64) -> (SignalEffect, String) {
        let c = &self.containers[i];
        let stop = c.stop_signal();
        let (effect, why) =
            signal_effect(c.process.as_ref(), signal, stop, c.host.pid_mode == crate::run::PidMode::Private);
        // moby's ExitOnNext: SIGKILL or the stop signal cancels the restart manager.
        let cancels = signal == Signal::KILL || signal == stop;
        let c = &mut self.containers[i];
        if cancels {
            c.manually_stopped = true;
        }
        if let SignalEffect::Exited(code) = effect {
            c.state.status = Status::Running;
            self.exit_at(i, now, code);
        }
        (effect, why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_loop_restart_times() {
        assert_eq!(restart_time_ms(1), 100);
        assert_eq!(restart_time_ms(3), 700);
        assert_eq!(restarts_within(0), 0);
        assert_eq!(restarts_within(1), 3); // 0.1 + 0.2 + 0.4 = 0.7 s; + 0.8 = 1.5 s
        assert_eq!(restarts_within(60), 9); // 51.1 s; the 10th comes at 102.3 s
        assert_eq!(restarts_within(3600), 11 + (3_600_000 - restart_time_ms(11)) / 60_000);
    }
}
