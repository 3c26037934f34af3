//! The lifecycle commands: `docker create`, `run`, `start`, `stop`, `kill`,
//! `restart`, `pause`, `unpause` and `rm`, as `Engine` methods with typed
//! arguments (`run`/`create` take the `RunCommand` of `run::parse_run`).
//!
//! `docker stop`: the stop signal (the image's STOPSIGNAL, else SIGTERM) goes
//! to PID 1. An app that handles it exits 0 at once; a PID 1 without a
//! handler (a shell-form `/bin/sh -c`, or an exec-form app like `sleep`,
//! `python`, `node` that installs none) ignores it, so `docker stop` waits
//! the whole timeout (10 s by default) and SIGKILLs: exit 137. With `--init`,
//! tini forwards the signal and an app without a handler dies of it: 143.

use crate::catalog;
use crate::engine::containers::model::{Container, ContainerConfig, HostConfig, Signal, SignalEffect, State, Status};
use crate::engine::containers::network::Endpoint;
use crate::engine::containers::process::{self, Executables, Launch};
use crate::engine::containers::story::{story, Step};
use crate::engine::containers::{names, ContainerError};
use crate::engine::{Engine, EngineError, Event, PullReport, StoredImage};
use crate::run::{NetworkMode, RestartPolicy, RunCommand};
use std::collections::{BTreeMap, BTreeSet};

/// What `docker create` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOutcome {
    pub container_id: String,
    /// The pull `docker create` made first, when the image was not in the daemon.
    pub pull: Option<PullReport>,
    /// The daemon's warnings (the create response's `Warnings`), which the
    /// CLI prints as `WARNING: …` on stderr.
    pub warnings: Vec<String>,
}

/// What `docker run` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub container_id: String,
    /// `-d`: the CLI prints the id and nothing of the output.
    pub detached: bool,
    /// The container's output so far, a line each (attached, the CLI prints it).
    pub logs: Vec<String>,
    /// The pull `docker run` made first, when the image was not in the daemon.
    pub pull: Option<PullReport>,
    /// Attached: the container's exit code once it exited (`None` while it runs, and with `-d`).
    pub exit_code: Option<i32>,
    /// The steps from the CLI to the process, for the app to animate.
    pub story: Vec<Step>,
    /// The daemon's warnings about the container it created.
    pub warnings: Vec<String>,
}

/// What `docker stop` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopOutcome {
    /// The container's full id.
    pub container_id: String,
    /// Seconds `docker stop` took.
    pub waited: u64,
    /// The exit code, if it was running.
    pub exit_code: Option<i32>,
    pub why: String,
}

/// The daemon's warnings on create. moby's `verifyPlatformContainerSettings`
/// warns when host networking meets published ports (`-p`; `-P` alone sets
/// no PortBindings), and the ports are not bound: daemon/daemon_unix.go,
/// tested by `TestContainerWarningHostAndPublishPorts`.
pub(in crate::engine::containers) fn create_warnings(options: &crate::run::RunOptions) -> Vec<String> {
    let mut warnings = Vec::new();
    if options.network_mode() == NetworkMode::Host && !options.publish.is_empty() {
        warnings.push("Published ports are discarded when using host network mode".to_string());
    }
    warnings
}

fn labels_from(options: &crate::run::RunOptions, image: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut labels = image.clone();
    labels.extend(options.labels.iter().cloned());
    labels
}

/// The catalog entry a stored image is (pulled) or was built from.
pub(in crate::engine::containers) fn base_of(image: &StoredImage) -> Option<&'static catalog::BaseImage> {
    crate::engine::local::root_of(image).filter(|b| b.repository != "scratch" || image.parent_base.is_some())
}

pub(super) fn executables(image: &StoredImage) -> Executables<'static> {
    let mut configured = BTreeSet::new();
    configured.extend(image.config.entrypoint.iter().flatten().take(1).cloned());
    configured.extend(image.config.cmd.iter().flatten().take(1).cloned());
    let built_words = if image.pulled {
        BTreeSet::new()
    } else {
        process::history_words(
            image.history.iter().filter(|h| !h.comment.starts_with("base image ")).map(|h| h.created_by.as_str()),
        )
    };
    Executables { base: base_of(image), built_words, configured }
}

impl Engine {
    pub(super) fn tick(&mut self, now: u64) {
        self.runtime.boot(now);
        self.runtime.settle(now);
    }

    /// Finds the image for a run line, pulling it from the catalog if missing.
    fn image_for_run(&mut self, reference: &str, now: u64) -> Result<(String, Option<PullReport>), EngineError> {
        match self.resolve(reference) {
            Ok(id) => Ok((id, None)),
            Err(EngineError::NoSuchImage(_)) => {
                let pull = self.pull(reference, now)?;
                let id = self.resolve(reference)?;
                Ok((id, Some(pull)))
            }
            Err(e) => Err(e),
        }
    }

    /// `docker create`: the container, in state `created`.
    pub fn create(&mut self, run: &RunCommand, now: u64) -> Result<CreateOutcome, EngineError> {
        self.tick(now);
        let (image_id, pull) = self.image_for_run(&run.image, now)?;
        let image = self.images.get(&image_id).cloned().ok_or_else(|| EngineError::NoSuchImage(run.image.clone()))?;
        let i = self.create_from(run, &image, now, pull.is_some())?;
        let id = self.runtime.containers[i].id.clone();
        Ok(CreateOutcome { container_id: id, pull, warnings: create_warnings(&run.options) })
    }

    fn create_from(
        &mut self,
        run: &RunCommand,
        image: &StoredImage,
        now: u64,
        pulled: bool,
    ) -> Result<usize, EngineError> {
        let options = &run.options;
        // The daemon checks the settings (moby's `verifyContainerSettings`:
        // the stop signal with `signal.ParseSignal`) before it reserves the name.
        if let Some(s) = &options.stop_signal {
            if Signal::parse(s).is_none() {
                return Err(ContainerError::InvalidSignal(s.clone()).into());
            }
        }
        let rt = &mut self.runtime;
        if let Some(name) = &options.name {
            if !names::valid(name) {
                return Err(ContainerError::InvalidName(name.clone()).into());
            }
            let bare = name.trim_start_matches('/');
            if let Some(other) = rt.containers.iter().find(|c| c.name == bare) {
                return Err(ContainerError::NameInUse { name: bare.to_string(), id: other.id.clone() }.into());
            }
        }
        let resolution =
            crate::run::resolve_in(run, &image.config, base_of(image)).map_err(|_| ContainerError::NoCommand)?;
        // Networks first: a missing one fails the create.
        let mode = options.network_mode();
        let mut endpoints = Vec::new();
        let aliases = &options.network_aliases;
        match &mode {
            NetworkMode::Container(other) => {
                rt.find(other)?;
            }
            NetworkMode::Default | NetworkMode::Bridge => endpoints.push(("bridge".to_string(), Vec::new())),
            NetworkMode::Host => endpoints.push(("host".to_string(), Vec::new())),
            NetworkMode::None => endpoints.push(("none".to_string(), Vec::new())),
            NetworkMode::UserDefined(_) => {
                for (k, n) in options.networks.iter().enumerate() {
                    let idx = rt.network_index(&n.target)?;
                    let mut al = n.aliases.clone();
                    if k == 0 {
                        al.extend(aliases.iter().cloned());
                    }
                    endpoints.push((rt.networks[idx].name.clone(), al));
                }
            }
        }
        let seed_name = options.name.clone().unwrap_or_default();
        let id = rt.new_id("container", &seed_name, now);
        let name = match &options.name {
            Some(n) => n.trim_start_matches('/').to_string(),
            None => {
                let mut retry = 0;
                loop {
                    let candidate = names::generate(&id, retry);
                    if !rt.containers.iter().any(|c| c.name == candidate) || retry > 20 {
                        break candidate;
                    }
                    retry += 1;
                }
            }
        };
        let endpoints: Vec<Endpoint> = endpoints
            .into_iter()
            .map(|(network, aliases)| Endpoint {
                endpoint_id: rt.new_id("endpoint", &format!("{id}{network}"), now),
                network,
                ip: None,
                aliases,
            })
            .collect();
        let image_volumes: Vec<String> = image.config.volumes.iter().cloned().collect();
        let mounts = rt.mounts_for(options, &image_volumes, now)?;
        let hostname = match (&options.hostname, &mode) {
            (Some(h), _) => h.clone(),
            (None, NetworkMode::Host) => crate::engine::containers::host::NAME.to_string(),
            (None, _) => id[..12].to_string(),
        };
        let stop_signal = options.stop_signal.clone().or(image.config.stop_signal.clone());
        // A negative timeout waits forever, which the simulation cannot show: the default applies.
        let stop_timeout = options.stop_timeout.and_then(|t| u64::try_from(t).ok());
        let init = options.init == Some(true);
        let exe = executables(image);
        let explicit = options.user.as_deref().filter(|u| !u.is_empty()).unwrap_or(image.config.user.as_str());
        // Under --read-only only the container's rw mounts take writes
        // (`--tmpfs PATH[:OPTIONS]` too, though it is not modelled as a mount).
        let writable: Vec<String> = if options.read_only {
            let tmpfs = options.other.iter().filter(|o| o.name == "tmpfs");
            let tmpfs = tmpfs.map(|o| o.value.split(':').next().unwrap_or_default().to_string());
            mounts.iter().filter(|m| m.rw).map(|m| m.destination.clone()).chain(tmpfs).collect()
        } else {
            Vec::new()
        };
        let process_env = with_home(&daemon_environment(&hostname, options.tty, &resolution.env), explicit);
        let process = process::plan(
            &Launch {
                argv: &resolution.argv,
                image: &image.config,
                env: &process_env,
                interactive: options.interactive,
                tty: options.tty,
                init,
                workdir: &resolution.workdir,
                hostname: &hostname,
                read_only: options.read_only.then_some(writable.as_slice()),
                user: explicit,
            },
            &exe,
        );
        // A user given by name must be in the image's /etc/passwd; the daemon
        // checks it when it starts the container (moby `getUser`), so the
        // container is left Created and `docker run` exits 125 (docker/cli's
        // `runStartContainerErr`: no "not found" wording, so not 127).
        // With no user set at all, runc runs as uid 0 without a lookup.
        let user_name = explicit.split(':').next().unwrap_or_default().to_string();
        let unknown_user = !user_name.is_empty()
            && !user_name.bytes().all(|b| b.is_ascii_digit())
            && !image.users.contains(&user_name);
        let (process, start_error) = match process {
            _ if unknown_user => {
                (None, Some((format!("unable to find user {user_name}: no matching entries in passwd file"), 125)))
            }
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some((e, 127))),
        };
        // What the process writes as it starts (the rule table's figure).
        let upper_size = process.as_ref().map_or(0, |p| p.writes);
        let (path, args) = match resolution.argv.split_first() {
            Some((p, a)) => (p.clone(), a.to_vec()),
            None => (String::new(), Vec::new()),
        };
        let health = crate::engine::containers::health::configure(
            &image.config,
            &options.health,
            options.no_healthcheck,
            &|program| exe.has(program),
        );
        let container = Container {
            health,
            id: id.clone(),
            name,
            image_id: image.id.clone(),
            created: now,
            path,
            args,
            config: ContainerConfig {
                hostname,
                user: options.user.clone().unwrap_or_else(|| image.config.user.clone()),
                env: resolution.env.clone(),
                cmd: resolution.cmd.clone(),
                entrypoint: resolution.entrypoint.clone(),
                working_dir: options.workdir.clone().unwrap_or_else(|| image.config.working_dir.clone()),
                exposed_ports: image.config.exposed_ports.iter().cloned().collect(),
                labels: labels_from(options, &image.config.labels),
                volumes: image_volumes,
                tty: options.tty,
                open_stdin: options.interactive,
                image: run.image.clone(),
                stop_signal,
            },
            host: HostConfig {
                memory: options.memory.unwrap_or(0),
                memory_swap: None,
                nano_cpus: options.nano_cpus.unwrap_or(0),
                pids_limit: options.pids_limit.filter(|&n| n > 0),
                port_bindings: options.publish.clone(),
                publish_all: options.publish_all,
                restart: options.restart.unwrap_or(RestartPolicy::No),
                network_mode: match mode {
                    NetworkMode::Default => NetworkMode::Bridge,
                    m => m,
                },
                pid_mode: options.pid.clone(),
                auto_remove: options.rm,
                init,
                read_only: options.read_only,
                privileged: options.privileged,
                cap_add: options.cap_add.clone(),
                cap_drop: options.cap_drop.clone(),
                stop_timeout,
            },
            state: State {
                status: Status::Created,
                exit_code: 0,
                pid: 0,
                started_at: None,
                finished_at: None,
                oom_killed: false,
                error: String::new(),
                loop_since: None,
                loop_base: 0,
            },
            process,
            start_error,
            mounts,
            endpoints,
            ports: Vec::new(),
            restart_count: 0,
            manually_stopped: false,
            upper_size,
            rootfs: image.files.clone(),
            upper: Default::default(),
            exec_installed: Default::default(),
            layers: image.layers.iter().map(|l| l.digest.clone()).collect(),
            image_size: image.size,
            logs: Vec::new(),
            pulled_image: pulled,
            last_pid: 0,
        };
        rt.events.push(Event::ContainerCreated { id, name: container.name.clone(), image: run.image.clone() });
        rt.containers.push(container);
        Ok(rt.containers.len() - 1)
    }

    /// `docker run`: create, then start. Attached (no `-d`), stdout is the
    /// container's output and `exit_code` its exit status once it has exited.
    pub fn run(&mut self, run: &RunCommand, now: u64) -> Result<RunOutcome, EngineError> {
        let created = self.create(run, now)?;
        let id = created.container_id.clone();
        let i = self.runtime.find(&id)?;
        let started = self.runtime.start_at(i, now);
        // The story is told of the container as it is after start (it may be gone with --rm).
        let snapshot = self
            .runtime
            .container(&id)
            .cloned()
            .or_else(|| self.runtime.last_removed.as_deref().filter(|c| c.id == id).cloned());
        started?;
        // The story as the start told it (the process's PID included, even if it has exited since).
        let told = self.runtime.events.iter().rev().find_map(|e| match e {
            Event::ContainerStarted { id: started, story } if *started == id => Some(story.clone()),
            _ => None,
        });
        let story = told
            .or_else(|| snapshot.as_ref().map(|c| story(c, &run.image, created.pull.is_some())))
            .unwrap_or_default();
        let detach = run.options.detach;
        let (logs, exit_code) = match &snapshot {
            _ if detach => (Vec::new(), None),
            Some(c) => {
                let out: Vec<String> = c.logs.iter().map(|(_, l)| l.clone()).collect();
                let code = match c.state.status {
                    Status::Exited => Some(c.state.exit_code),
                    _ => None,
                };
                (out, code)
            }
            None => (Vec::new(), None),
        };
        // With --rm the container is gone; its exit code was the one it exited with.
        let exit_code = match (&snapshot, self.runtime.container(&id)) {
            (Some(c), None) if !detach => Some(c.state.exit_code),
            _ => exit_code,
        };
        Ok(RunOutcome {
            container_id: id,
            detached: detach,
            logs,
            pull: created.pull,
            exit_code,
            story,
            warnings: created.warnings,
        })
    }

    /// The story of a container (as if it had just been run).
    pub fn container_story(&self, reference: &str) -> Result<Vec<Step>, EngineError> {
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        Ok(story(c, &c.config.image, c.pulled_image))
    }

    /// `docker start`: the container's id (the CLI prints the reference).
    pub fn start(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let id = self.runtime.containers[i].id.clone();
        match self.runtime.containers[i].state.status {
            Status::Paused => return Err(ContainerError::StartPaused.into()),
            Status::Running | Status::Restarting => return Ok(id),
            _ => {}
        }
        self.runtime.containers[i].manually_stopped = false;
        self.runtime.start_at(i, now)?;
        Ok(id)
    }

    /// `docker stop [-t N]`.
    pub fn stop(&mut self, reference: &str, timeout: Option<u64>, now: u64) -> Result<StopOutcome, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &mut self.runtime.containers[i];
        let container_id = c.id.clone();
        match c.state.status {
            Status::Running | Status::Paused => {}
            Status::Restarting => {
                // Stopping a restart loop cancels it.
                c.manually_stopped = true;
                c.state.status = Status::Exited;
                c.state.loop_since = None;
                let exited = Event::ContainerExited { id: container_id.clone(), exit_code: c.state.exit_code };
                self.runtime.events.push(exited);
                let c = &self.runtime.containers[i];
                return Ok(StopOutcome {
                    container_id,
                    waited: 0,
                    exit_code: Some(c.state.exit_code),
                    why: "the restart loop is cancelled".into(),
                });
            }
            _ => return Ok(StopOutcome { container_id, waited: 0, exit_code: None, why: "it was not running".into() }),
        }
        c.state.status = Status::Running;
        let timeout = timeout.or(c.host.stop_timeout).unwrap_or(10);
        let signal = c.stop_signal();
        let (effect, why) = self.runtime.signal_at(i, signal, now);
        match effect {
            SignalEffect::Exited(code) => Ok(StopOutcome { container_id, waited: 0, exit_code: Some(code), why }),
            SignalEffect::Ignored => {
                let why = format!("{why}; after {timeout} s docker stop sends SIGKILL: exit 137");
                self.runtime.exit_at(i, now + timeout, 137);
                Ok(StopOutcome { container_id, waited: timeout, exit_code: Some(137), why })
            }
        }
    }

    /// `docker kill [-s SIGNAL]` (SIGKILL by default); the container's id.
    pub fn kill(&mut self, reference: &str, signal: Option<&str>, now: u64) -> Result<String, EngineError> {
        let signal = match signal {
            Some(s) => Signal::parse(s).ok_or_else(|| ContainerError::InvalidSignal(s.to_string()))?,
            None => Signal::KILL,
        };
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &self.runtime.containers[i];
        if c.state.status != Status::Running && c.state.status != Status::Paused {
            return Err(ContainerError::CannotKill { name: reference.to_string(), id: c.id.clone() }.into());
        }
        let id = c.id.clone();
        self.runtime.signal_at(i, signal, now);
        Ok(id)
    }

    /// `docker restart [-t N]`: stop (if running), then start; the container's id.
    pub fn restart(&mut self, reference: &str, timeout: Option<u64>, now: u64) -> Result<String, EngineError> {
        let stopped = self.stop(reference, timeout, now)?;
        let at = now + stopped.waited;
        let i = self.runtime.find(reference)?;
        self.runtime.containers[i].manually_stopped = false;
        self.runtime.start_at(i, at)?;
        Ok(stopped.container_id)
    }

    pub fn pause(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &mut self.runtime.containers[i];
        match c.state.status {
            Status::Running => c.state.status = Status::Paused,
            Status::Paused => return Err(ContainerError::AlreadyPaused { id: c.id.clone() }.into()),
            Status::Restarting => return Err(ContainerError::Restarting { id: c.id.clone() }.into()),
            _ => return Err(ContainerError::NotRunning { id: c.id.clone() }.into()),
        }
        let id = c.id.clone();
        self.runtime.events.push(Event::ContainerPaused { id: id.clone() });
        Ok(id)
    }

    pub fn unpause(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &mut self.runtime.containers[i];
        if c.state.status != Status::Paused {
            return Err(ContainerError::NotPaused { id: c.id.clone() }.into());
        }
        c.state.status = Status::Running;
        let id = c.id.clone();
        self.runtime.events.push(Event::ContainerUnpaused { id: id.clone() });
        Ok(id)
    }

    /// `docker rm [-f] [-v]`: the removed container's id.
    pub fn rm(&mut self, reference: &str, force: bool, volumes: bool, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &self.runtime.containers[i];
        if !force {
            match c.state.status {
                Status::Paused => return Err(ContainerError::RemovePaused { name: c.name.clone() }.into()),
                Status::Running | Status::Restarting => {
                    return Err(
                        ContainerError::RemoveRunning { name: c.name.clone(), state: c.state.status.as_str() }.into()
                    )
                }
                _ => {}
            }
        }
        if c.is_running() {
            self.runtime.containers[i].manually_stopped = true;
            self.runtime.detach_addresses(i);
        }
        let id = self.runtime.containers[i].id.clone();
        self.runtime.remove_at(i, volumes);
        Ok(id)
    }
}

/// What the daemon gives every process before the container's own
/// variables (moby `container/container.go`, `CreateDaemonEnvironment`):
/// the default `PATH`, `HOSTNAME`, `TERM=xterm` with `-t`, then each of the
/// container's variables replacing its namesake in place or appended.
fn daemon_environment(hostname: &str, tty: bool, env: &[String]) -> Vec<String> {
    let mut out = vec![format!("PATH={}", crate::build::DEFAULT_PATH), format!("HOSTNAME={hostname}")];
    if tty {
        out.push("TERM=xterm".to_string());
    }
    for var in env {
        let key = var.split_once('=').map_or(var.as_str(), |(k, _)| k);
        match out.iter_mut().find(|e| e.split_once('=').is_some_and(|(k, _)| k == key)) {
            Some(slot) => slot.clone_from(var),
            None => out.push(var.clone()),
        }
    }
    out
}

/// The environment the process sees: runc sets `HOME` from the user's
/// passwd entry when the container's environment has none (runc
/// `libcontainer/init_linux.go`, "if we didn't get HOME already, set it
/// based on the user's HOME"), so `CMD echo $HOME` prints `/root` for root.
/// Another user's home directory is not in the catalog: left unset.
fn with_home(env: &[String], user: &str) -> Vec<String> {
    let mut env = env.to_vec();
    let name = user.split(':').next().unwrap_or_default();
    if !env.iter().any(|e| e.starts_with("HOME=")) && matches!(name, "" | "root" | "0") {
        env.push("HOME=/root".to_string());
    }
    env
}
