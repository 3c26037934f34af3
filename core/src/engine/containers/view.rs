//! One container as plain data, for the app's run panel: what runs (argv,
//! user, workdir, env), where it is reachable (ports, networks and their
//! addresses), PID 1 and what `docker stop` does to it, its namespaces with
//! their contents, its cgroup limits and its mounts. Built from the engine's
//! records; nothing here is rendered text.

use super::cgroups::{self, CgroupFile};
use super::model::{signal_effect, Container, MountPoint, SignalEffect, Status};
use super::namespaces::Namespace;
use super::process::Process;
use super::Runtime;

/// A published port: `host_ip` is `None` for every address (`0.0.0.0` and `::`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortView {
    pub host_ip: Option<String>,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: String,
}

/// A network the container is attached to; `ip` only while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkView {
    pub name: String,
    pub ip: Option<String>,
    pub aliases: Vec<String>,
}

/// What `docker stop` ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopResult {
    /// The process exits with this code as soon as the signal arrives (0: a clean shutdown; 143: died of SIGTERM).
    Exits { code: i32 },
    /// Nobody acts on the signal: `docker stop` waits this long, then SIGKILLs (exit 137).
    KilledAfter { seconds: u64 },
}

/// What `docker stop` does to a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopView {
    /// The stop signal (the image's STOPSIGNAL or `--stop-signal`, else SIGTERM).
    pub signal: String,
    /// Whether the signal reaches the application (not only a shell or an init in front of it).
    pub reaches_app: bool,
    /// Seconds `docker stop` waits before SIGKILL (`--stop-timeout`, else 10).
    pub timeout: u64,
    pub result: StopResult,
    pub why: String,
}

/// PID 1 and the application it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessView {
    /// PID 1's argv (`/sbin/docker-init -- …` with `--init`, `/bin/sh -c …` for a shell form).
    pub pid1: Vec<String>,
    /// The application (what an entrypoint script or a shell ends up running).
    pub app: Vec<String>,
    pub stop: StopView,
    /// How the simulation decided what the process does, in words.
    pub reason: String,
}

/// One container, as the run panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerView {
    pub id: String,
    pub name: String,
    /// The image as the run line named it (`nginx`), and its id.
    pub image: String,
    pub image_id: String,
    /// Docker's state word: `created`, `running`, `paused`, `restarting`, `exited`, `dead`.
    pub state: String,
    /// Once the process has exited (or failed to start).
    pub exit_code: Option<i32>,
    pub argv: Vec<String>,
    pub user: String,
    pub workdir: String,
    pub env: Vec<String>,
    pub ports: Vec<PortView>,
    pub networks: Vec<NetworkView>,
    /// `None` when the process could not start (the program is missing, an unknown user).
    pub process: Option<ProcessView>,
    pub namespaces: Vec<Namespace>,
    pub cgroup_path: String,
    pub cgroup_limits: Vec<CgroupFile>,
    pub mounts: Vec<MountPoint>,
}

/// What `docker stop` would do to a container running `process`.
pub fn stop_view(c: &Container, process: &Process) -> StopView {
    let signal = c.stop_signal();
    let timeout = c.host.stop_timeout.unwrap_or(10);
    let own = c.host.pid_mode == crate::run::PidMode::Private;
    let (effect, why) = signal_effect(Some(process), signal, signal, own);
    let result = match effect {
        SignalEffect::Exited(code) => StopResult::Exits { code },
        SignalEffect::Ignored => StopResult::KilledAfter { seconds: timeout },
    };
    StopView { signal: signal.name(), reaches_app: process.init || !process.shell_parent, timeout, result, why }
}

impl Runtime {
    /// The view of a container by id, name or id prefix.
    pub fn view(&self, reference: &str) -> Option<ContainerView> {
        let c = self.container(reference)?;
        let exited = matches!(c.state.status, Status::Exited | Status::Dead)
            || (c.state.status == Status::Created && c.start_error.is_some());
        let exit_code = exited.then_some(c.state.exit_code);
        let argv = std::iter::once(c.path.clone()).chain(c.args.iter().cloned()).filter(|w| !w.is_empty()).collect();
        let process = c.process.as_ref().map(|p| ProcessView {
            pid1: p.pid1.clone(),
            app: p.app.clone(),
            stop: stop_view(c, p),
            reason: p.reason.clone(),
        });
        Some(ContainerView {
            id: c.id.clone(),
            name: c.name.clone(),
            image: c.config.image.clone(),
            image_id: c.image_id.clone(),
            state: c.state.status.as_str().to_string(),
            exit_code,
            argv,
            user: if c.config.user.is_empty() { "root".into() } else { c.config.user.clone() },
            workdir: if c.config.working_dir.is_empty() { "/".into() } else { c.config.working_dir.clone() },
            env: c.config.env.clone(),
            ports: c
                .ports
                .iter()
                .map(|p| PortView {
                    host_ip: p.host_ip.map(|ip| ip.to_string()),
                    host_port: p.host_port,
                    container_port: p.container_port,
                    protocol: p.protocol.to_string(),
                })
                .collect(),
            networks: c
                .endpoints
                .iter()
                .map(|e| NetworkView {
                    name: e.network.clone(),
                    ip: e.ip.map(|ip| ip.to_string()),
                    aliases: e.aliases.clone(),
                })
                .collect(),
            process,
            namespaces: self.namespaces(&c.id).unwrap_or_default(),
            cgroup_path: cgroups::path(&c.id),
            cgroup_limits: cgroups::files(&c.host),
            mounts: c.mounts.clone(),
        })
    }
}
