//! The container, network and volume commands, as `Engine` methods with
//! typed arguments (the caller parses command lines; `run`/`create` take the
//! `RunCommand` of `run::parse_run`). Each takes `now` when time matters and
//! first applies what happened since the last command ([`Runtime::settle`]).
//! Outputs are what the Docker CLI prints on stdout; errors carry Docker's text.
//!
//! `docker stop`: the stop signal (the image's STOPSIGNAL, else SIGTERM) goes
//! to PID 1. An app that handles it exits 0 at once; a PID 1 without a
//! handler (a shell-form `/bin/sh -c`, or an exec-form app like `sleep`,
//! `python`, `node` that installs none) ignores it, so `docker stop` waits
//! the whole timeout (10 s by default) and SIGKILLs: exit 137. With `--init`,
//! tini forwards the signal and an app without a handler dies of it: 143.

use super::model::{Container, ContainerConfig, HostConfig, MountKind, Signal, SignalEffect, State, Status};
use super::network::Endpoint;
use super::process::{self, Executables, Launch, Lifetime};
use super::story::{story, Step};
use super::{inspect, names, ps, stats, ContainerError};
use crate::catalog;
use crate::engine::format::{short_id, tabwrite};
use crate::engine::{human_size4, Engine, EngineError, StoredImage};
use crate::run::{NetworkMode, RestartPolicy, RunCommand};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

/// What `docker create` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOutcome {
    pub container_id: String,
    /// The id, as the CLI prints it.
    pub stdout: String,
    /// `Unable to find image … locally` and the pull progress, when the image was pulled.
    pub stderr: String,
    pub pulled: bool,
}

/// What `docker run` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub container_id: String,
    /// `-d`: the id. Attached: the container's output so far.
    pub stdout: String,
    pub stderr: String,
    /// Attached: the container's exit code once it exited (`None` while it runs, and with `-d`).
    pub exit_code: Option<i32>,
    /// The steps from the CLI to the process, for the app to animate.
    pub story: Vec<Step>,
}

/// What `docker stop` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopOutcome {
    pub text: String,
    /// Seconds `docker stop` took.
    pub waited: u64,
    /// The exit code, if it was running.
    pub exit_code: Option<i32>,
    pub why: String,
}

/// What `docker exec` would run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutcome {
    pub argv: Vec<String>,
    pub user: String,
    pub workdir: String,
    /// The exec'd process's PID inside the container (PID 1 stays the main process).
    pub pid: u32,
}

/// One row of `docker system df`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DfRow {
    pub total: usize,
    pub active: usize,
    pub size: u64,
    pub reclaimable: u64,
}

/// One `docker ps --filter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PsFilter {
    Status(Status),
    /// Substring of the name, as Docker matches it.
    Name(String),
    /// An image reference or id (the container's image).
    Ancestor(String),
    Label {
        key: String,
        value: Option<String>,
    },
    /// An id prefix.
    Id(String),
}

/// `docker ps` flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PsOptions {
    pub all: bool,
    pub quiet: bool,
    pub no_trunc: bool,
    pub filters: Vec<PsFilter>,
}

fn labels_from(options: &crate::run::RunOptions, image: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut labels = image.clone();
    for o in options.other.iter().filter(|o| o.name == "label") {
        let (k, v) = o.value.split_once('=').unwrap_or((o.value.as_str(), ""));
        labels.insert(k.to_string(), v.to_string());
    }
    labels
}

/// The catalog entry a stored image is (pulled) or was built from.
fn base_of(image: &StoredImage) -> Option<&'static catalog::BaseImage> {
    if image.pulled {
        return catalog::catalog().iter().find(|b| crate::engine::sha256(&[b"base", b.name.as_bytes()]) == image.id);
    }
    let name = image.parent_base.as_deref()?;
    catalog::catalog().iter().find(|b| b.name == name)
}

/// One section of a prune's report (`Deleted Containers:` and its ids, then
/// a blank line), as docker/cli prints it; nothing when nothing went.
fn prune_section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(title);
    out.push('\n');
    for item in items {
        out.push_str(item);
        out.push('\n');
    }
    out.push('\n');
}

fn executables(image: &StoredImage) -> Executables<'static> {
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
    /// The container state.
    pub fn runtime(&self) -> &super::Runtime {
        &self.runtime
    }

    fn tick(&mut self, now: u64) {
        self.runtime.boot(now);
        self.runtime.settle(now);
    }

    /// Finds the image for a run line, pulling it from the catalog if missing.
    fn image_for_run(&mut self, reference: &str, now: u64) -> Result<(String, String, bool), EngineError> {
        match self.resolve(reference) {
            Ok(id) => Ok((id, String::new(), false)),
            Err(EngineError::NoSuchImage(_)) => {
                let shown = crate::engine::normalize_tag(reference).unwrap_or_else(|_| reference.to_string());
                let mut stderr = format!("Unable to find image '{shown}' locally\n");
                stderr.push_str(&self.pull(reference, now)?);
                let id = self.resolve(reference)?;
                Ok((id, stderr, true))
            }
            Err(e) => Err(e),
        }
    }

    /// `docker create`: the container, in state `created`.
    pub fn create(&mut self, run: &RunCommand, now: u64) -> Result<CreateOutcome, EngineError> {
        self.tick(now);
        let (image_id, stderr, pulled) = self.image_for_run(&run.image, now)?;
        let image = self.images.get(&image_id).cloned().ok_or_else(|| EngineError::NoSuchImage(run.image.clone()))?;
        let i = self.create_from(run, &image, now, pulled)?;
        let id = self.runtime.containers[i].id.clone();
        Ok(CreateOutcome { stdout: format!("{id}\n"), container_id: id, stderr, pulled })
    }

    fn create_from(
        &mut self,
        run: &RunCommand,
        image: &StoredImage,
        now: u64,
        pulled: bool,
    ) -> Result<usize, EngineError> {
        let options = &run.options;
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
        let resolution = crate::run::resolve(run, &image.config).map_err(|_| ContainerError::NoCommand)?;
        // Networks first: a missing one fails the create.
        let mode = options.network_mode();
        let mut endpoints = Vec::new();
        let aliases: Vec<String> =
            options.other.iter().filter(|o| o.name == "network-alias").map(|o| o.value.clone()).collect();
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
            (None, NetworkMode::Host) => "docker-host".to_string(),
            (None, _) => id[..12].to_string(),
        };
        let stop_signal = options.other_value("stop-signal").map(str::to_string).or(image.config.stop_signal.clone());
        let stop_timeout = options.other_value("stop-timeout").and_then(|v| v.parse::<u64>().ok());
        let init = options.init == Some(true);
        let exe = executables(image);
        let process = process::plan(
            &Launch {
                argv: &resolution.argv,
                image: &image.config,
                env: &resolution.env,
                interactive: options.interactive,
                tty: options.tty,
                init,
            },
            &exe,
        );
        // A user given by name must be in the image's /etc/passwd; the daemon
        // checks it when it starts the container (moby `getUser`), so the
        // container is left Created and `docker run` exits 125 (docker/cli's
        // `runStartContainerErr`: no "not found" wording, so not 127).
        // With no user set at all, runc runs as uid 0 without a lookup.
        let explicit = options.user.as_deref().filter(|u| !u.is_empty()).unwrap_or(image.config.user.as_str());
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
        let upper_size = match process.as_ref().and_then(|p| p.app.first()).map(String::as_str) {
            // What nginx's entrypoint and start write (conf edits, cache dirs, pid file), as `docker ps -s` shows it.
            Some("nginx") => 1_093,
            _ => 0,
        };
        let (path, args) = match resolution.argv.split_first() {
            Some((p, a)) => (p.clone(), a.to_vec()),
            None => (String::new(), Vec::new()),
        };
        let health = super::health::configure(&image.config, &options.health, options.no_healthcheck, &|program| {
            exe.has(program)
        });
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
                nano_cpus: options.nano_cpus.unwrap_or(0),
                pids_limit: options.pids_limit.filter(|&n| n > 0),
                port_bindings: options.publish.clone(),
                publish_all: options.publish_all,
                restart: options.restart.unwrap_or(RestartPolicy::No),
                network_mode: match mode {
                    NetworkMode::Default => NetworkMode::Bridge,
                    m => m,
                },
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
            layers: image.layers.iter().map(|l| l.digest.clone()).collect(),
            image_size: image.size,
            logs: Vec::new(),
            pulled_image: pulled,
        };
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
        let story = snapshot.as_ref().map(|c| story(c, &run.image, created.pulled)).unwrap_or_default();
        let detach = run.options.detach;
        let (stdout, exit_code) = match &snapshot {
            _ if detach => (format!("{id}\n"), None),
            Some(c) => {
                let out: String = c.logs.iter().map(|(_, l)| format!("{l}\n")).collect();
                let code = match c.state.status {
                    Status::Exited => Some(c.state.exit_code),
                    _ => None,
                };
                (out, code)
            }
            None => (String::new(), None),
        };
        // With --rm the container is gone; its exit code was the one it exited with.
        let exit_code = match (&snapshot, self.runtime.container(&id)) {
            (Some(c), None) if !detach => Some(c.state.exit_code),
            _ => exit_code,
        };
        Ok(RunOutcome { container_id: id, stdout, stderr: created.stderr, exit_code, story })
    }

    /// The story of a container (as if it had just been run).
    pub fn container_story(&self, reference: &str) -> Result<Vec<Step>, EngineError> {
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        Ok(story(c, &c.config.image, c.pulled_image))
    }

    /// `docker start`: prints the reference.
    pub fn start(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        match self.runtime.containers[i].state.status {
            Status::Paused => return Err(ContainerError::StartPaused.into()),
            Status::Running | Status::Restarting => return Ok(format!("{reference}\n")),
            _ => {}
        }
        self.runtime.containers[i].manually_stopped = false;
        self.runtime.start_at(i, now)?;
        Ok(format!("{reference}\n"))
    }

    /// `docker stop [-t N]`.
    pub fn stop(&mut self, reference: &str, timeout: Option<u64>, now: u64) -> Result<StopOutcome, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let text = format!("{reference}\n");
        let c = &mut self.runtime.containers[i];
        match c.state.status {
            Status::Running | Status::Paused => {}
            Status::Restarting => {
                // Stopping a restart loop cancels it.
                c.manually_stopped = true;
                c.state.status = Status::Exited;
                c.state.loop_since = None;
                return Ok(StopOutcome {
                    text,
                    waited: 0,
                    exit_code: Some(c.state.exit_code),
                    why: "the restart loop is cancelled".into(),
                });
            }
            _ => return Ok(StopOutcome { text, waited: 0, exit_code: None, why: "it was not running".into() }),
        }
        c.state.status = Status::Running;
        let timeout = timeout.or(c.host.stop_timeout).unwrap_or(10);
        let signal = c.stop_signal();
        let (effect, why) = self.runtime.signal_at(i, signal, now);
        match effect {
            SignalEffect::Exited(code) => Ok(StopOutcome { text, waited: 0, exit_code: Some(code), why }),
            SignalEffect::Ignored => {
                let why = format!("{why}; after {timeout} s docker stop sends SIGKILL: exit 137");
                self.runtime.exit_at(i, now + timeout, 137);
                Ok(StopOutcome { text, waited: timeout, exit_code: Some(137), why })
            }
        }
    }

    /// `docker kill [-s SIGNAL]` (SIGKILL by default).
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
        self.runtime.signal_at(i, signal, now);
        Ok(format!("{reference}\n"))
    }

    /// `docker restart [-t N]`: stop (if running), then start.
    pub fn restart(&mut self, reference: &str, timeout: Option<u64>, now: u64) -> Result<String, EngineError> {
        let stopped = self.stop(reference, timeout, now)?;
        let at = now + stopped.waited;
        let i = self.runtime.find(reference)?;
        self.runtime.containers[i].manually_stopped = false;
        self.runtime.start_at(i, at)?;
        Ok(format!("{reference}\n"))
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
        Ok(format!("{reference}\n"))
    }

    pub fn unpause(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &mut self.runtime.containers[i];
        if c.state.status != Status::Paused {
            return Err(ContainerError::NotPaused { id: c.id.clone() }.into());
        }
        c.state.status = Status::Running;
        Ok(format!("{reference}\n"))
    }

    /// `docker rm [-f] [-v]`.
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
        self.runtime.remove_at(i, volumes);
        Ok(format!("{reference}\n"))
    }

    /// `docker ps`.
    pub fn ps(&mut self, options: &PsOptions, now: u64) -> String {
        self.tick(now);
        let status_filters: Vec<Status> =
            options.filters.iter().filter_map(|f| if let PsFilter::Status(s) = f { Some(*s) } else { None }).collect();
        let all = options.all || !status_filters.is_empty();
        let image_ids: Vec<Option<String>> = options
            .filters
            .iter()
            .map(|f| if let PsFilter::Ancestor(r) = f { self.resolve(r).ok() } else { None })
            .collect();
        let mut rows: Vec<&Container> = self
            .runtime
            .containers
            .iter()
            .filter(|c| all || c.state.status.is_up())
            .filter(|c| {
                // Same kind: any matches; different kinds: all must.
                let kinds = ["status", "name", "ancestor", "label", "id"];
                kinds.iter().all(|kind| {
                    let mut of_kind =
                        options.filters.iter().zip(&image_ids).filter(|(f, _)| kind_of(f) == *kind).peekable();
                    of_kind.peek().is_none() || of_kind.any(|(f, image)| matches(c, f, image.as_deref()))
                })
            })
            .collect();
        rows.reverse();
        rows.sort_by_key(|c| std::cmp::Reverse(c.created));
        ps::table(&rows, options.quiet, options.no_trunc, now)
    }

    /// `docker logs`.
    pub fn logs(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        if c.logs.is_empty() && c.process.as_ref().is_some_and(|p| p.lifetime == Lifetime::Assumed) {
            return Ok("(no output simulated)\n".to_string());
        }
        Ok(c.logs.iter().map(|(_, l)| format!("{l}\n")).collect())
    }

    /// `docker exec [-it] CONTAINER COMMAND…`: what would run, or Docker's error.
    pub fn exec(
        &mut self,
        reference: &str,
        argv: &[String],
        user: Option<&str>,
        now: u64,
    ) -> Result<ExecOutcome, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        match c.state.status {
            Status::Running => {}
            Status::Paused => return Err(ContainerError::ExecPaused { id: c.id.clone() }.into()),
            Status::Restarting => return Err(ContainerError::Restarting { id: c.id.clone() }.into()),
            _ => return Err(ContainerError::NotRunning { id: c.id.clone() }.into()),
        }
        let image = self.images.get(&c.image_id).ok_or_else(|| EngineError::NoSuchImage(c.image_id.clone()))?;
        let exe = executables(image);
        let Some(program) = argv.first() else { return Err(ContainerError::NoCommand.into()) };
        if !exe.has(program) {
            let cause = if program.contains('/') {
                format!("exec: {}: stat {program}: no such file or directory", crate::quote::go_quote(program))
            } else {
                format!("exec: {}: executable file not found in $PATH", crate::quote::go_quote(program))
            };
            return Err(ContainerError::ExecFailed {
                message: format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: {cause}: unknown"
                ),
            }
            .into());
        }
        let pids = c.process.as_ref().map_or(1, |p| 1 + p.init as u32 + p.shell_parent as u32);
        Ok(ExecOutcome {
            argv: argv.to_vec(),
            user: user.map(str::to_string).unwrap_or_else(|| {
                if c.config.user.is_empty() {
                    "root".into()
                } else {
                    c.config.user.clone()
                }
            }),
            workdir: if c.config.working_dir.is_empty() { "/".into() } else { c.config.working_dir.clone() },
            pid: pids + 6,
        })
    }

    /// `docker container inspect` (one object; the CLI prints an array).
    pub fn container_inspect(&mut self, reference: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        Ok(inspect::container(&self.runtime, c))
    }

    /// `docker stats --no-stream [-a] [CONTAINER…]`.
    pub fn stats(&mut self, references: &[String], all: bool, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let rows: Vec<&Container> = if references.is_empty() {
            self.runtime.containers.iter().filter(|c| all || c.state.status.is_up()).collect()
        } else {
            let mut rows = Vec::new();
            for r in references {
                rows.push(&self.runtime.containers[self.runtime.find(r)?]);
            }
            rows
        };
        Ok(stats::stats_table(&rows, now))
    }

    /// `docker port CONTAINER [PORT[/PROTO]]`.
    pub fn port(&mut self, reference: &str, port: Option<&str>, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let filter = match port {
            Some(p) => {
                let (n, proto) = p.split_once('/').unwrap_or((p, "tcp"));
                let number = n.parse::<u16>().map_err(|_| ContainerError::NoPublicPort {
                    port: p.to_string(),
                    container: reference.to_string(),
                })?;
                Some((number, proto.to_string(), format!("{n}/{proto}")))
            }
            None => None,
        };
        let lines = stats::port_lines(c, filter.as_ref().map(|(n, p, _)| (*n, p.as_str())));
        if let Some((_, _, shown)) = &filter {
            if lines.is_empty() {
                return Err(
                    ContainerError::NoPublicPort { port: shown.clone(), container: reference.to_string() }.into()
                );
            }
        }
        Ok(lines.iter().map(|l| format!("{l}\n")).collect())
    }

    /// `docker top CONTAINER`.
    pub fn top(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        if !c.is_running() {
            return Err(ContainerError::NotRunning { id: c.id.clone() }.into());
        }
        Ok(stats::top(c, now))
    }

    /// `docker network ls` (sorted by name, as the CLI sorts).
    pub fn network_ls(&mut self, quiet: bool, now: u64) -> String {
        self.tick(now);
        let mut nets: Vec<_> = self.runtime.networks.iter().collect();
        nets.sort_by(|a, b| a.name.cmp(&b.name));
        if quiet {
            return nets.iter().map(|n| format!("{}\n", &n.id[..12])).collect();
        }
        let mut table = vec![["NETWORK ID", "NAME", "DRIVER", "SCOPE"].map(String::from).to_vec()];
        for n in nets {
            table.push(vec![n.id[..12].to_string(), n.name.clone(), n.driver.as_str().to_string(), "local".into()]);
        }
        tabwrite(&table)
    }

    /// `docker network create [--subnet CIDR] [--internal] NAME`: prints the id.
    pub fn network_create(
        &mut self,
        name: &str,
        subnet: Option<&str>,
        internal: bool,
        labels: BTreeMap<String, String>,
        now: u64,
    ) -> Result<String, EngineError> {
        self.tick(now);
        let subnet = match subnet {
            Some(text) => {
                let bad = || ContainerError::InvalidCidr(text.to_string());
                let (a, p) = text.split_once('/').ok_or_else(bad)?;
                let addr: Ipv4Addr = a.parse().map_err(|_| bad())?;
                let prefix: u8 = p.parse().ok().filter(|p| *p <= 30).ok_or_else(bad)?;
                Some((addr, prefix))
            }
            None => None,
        };
        let n = self.runtime.create_network(name, subnet, internal, labels, now)?;
        Ok(format!("{}\n", n.id))
    }

    /// `docker network rm NAME`.
    pub fn network_rm(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.network_index(reference)?;
        let n = &self.runtime.networks[i];
        if !n.user_defined() {
            return Err(ContainerError::PredefinedNetwork(n.name.clone()).into());
        }
        let users: Vec<String> = self
            .runtime
            .containers
            .iter()
            .filter(|c| c.endpoints.iter().any(|e| e.network == n.name && e.ip.is_some()))
            .map(|c| c.name.clone())
            .collect();
        if !users.is_empty() {
            return Err(ContainerError::NetworkInUse { name: n.name.clone(), containers: users }.into());
        }
        let name = n.name.clone();
        self.runtime.networks.remove(i);
        for c in &mut self.runtime.containers {
            c.endpoints.retain(|e| e.network != name);
        }
        Ok(format!("{reference}\n"))
    }

    pub fn network_inspect(&mut self, reference: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        let n = self.runtime.network(reference)?;
        Ok(inspect::network(&self.runtime, n))
    }

    /// `docker network connect [--alias A] NETWORK CONTAINER`.
    pub fn network_connect(
        &mut self,
        network: &str,
        container: &str,
        aliases: &[String],
        now: u64,
    ) -> Result<String, EngineError> {
        self.tick(now);
        let ni = self.runtime.network_index(network)?;
        let ci = self.runtime.find(container)?;
        let net_name = self.runtime.networks[ni].name.clone();
        let c = &self.runtime.containers[ci];
        match (&c.host.network_mode, net_name.as_str()) {
            (NetworkMode::Host, _) | (_, "host") => {
                return Err(ContainerError::NetworkConnectRefused(
                    "container cannot be disconnected from host network or connected to host network".into(),
                )
                .into())
            }
            (NetworkMode::None, _) | (_, "none") => {
                return Err(ContainerError::NetworkConnectRefused(
                    "container cannot be disconnected from none network or connected to none network".into(),
                )
                .into())
            }
            (NetworkMode::Container(_), _) => {
                return Err(ContainerError::NetworkConnectRefused(
                    "conflicting options: container type network can't be used with other networks".into(),
                )
                .into())
            }
            _ => {}
        }
        if c.endpoints.iter().any(|e| e.network == net_name) {
            return Err(ContainerError::AlreadyConnected { container: c.name.clone(), network: net_name }.into());
        }
        let running = c.is_running();
        let seed = format!("{}{net_name}", c.id);
        let endpoint_id = self.runtime.new_id("endpoint", &seed, now);
        let ip = if running { self.runtime.networks.get(ni).and_then(|n| self.runtime.free_ip(n)) } else { None };
        self.runtime.containers[ci].endpoints.push(Endpoint {
            network: net_name,
            endpoint_id,
            ip,
            aliases: aliases.to_vec(),
        });
        Ok(String::new())
    }

    /// `docker network disconnect NETWORK CONTAINER`.
    pub fn network_disconnect(&mut self, network: &str, container: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let ni = self.runtime.network_index(network)?;
        let ci = self.runtime.find(container)?;
        let net_name = self.runtime.networks[ni].name.clone();
        let c = &mut self.runtime.containers[ci];
        if matches!(c.host.network_mode, NetworkMode::Host) || net_name == "host" {
            return Err(ContainerError::NetworkConnectRefused(
                "container cannot be disconnected from host network or connected to host network".into(),
            )
            .into());
        }
        let before = c.endpoints.len();
        c.endpoints.retain(|e| e.network != net_name);
        if c.endpoints.len() == before {
            return Err(ContainerError::NotConnected { container: c.id.clone(), network: net_name }.into());
        }
        Ok(String::new())
    }

    /// `docker volume ls [-q]`.
    pub fn volume_ls(&mut self, quiet: bool, now: u64) -> String {
        self.tick(now);
        let mut vols: Vec<_> = self.runtime.volumes.iter().collect();
        vols.sort_by(|a, b| a.name.cmp(&b.name));
        if quiet {
            return vols.iter().map(|v| format!("{}\n", v.name)).collect();
        }
        let mut table = vec![["DRIVER", "VOLUME NAME"].map(String::from).to_vec()];
        for v in vols {
            table.push(vec![v.driver.clone(), v.name.clone()]);
        }
        tabwrite(&table)
    }

    /// `docker volume create [NAME]`: prints the name.
    pub fn volume_create(
        &mut self,
        name: Option<&str>,
        labels: BTreeMap<String, String>,
        now: u64,
    ) -> Result<String, EngineError> {
        self.tick(now);
        if let Some(n) = name {
            if n.len() == 1 {
                return Err(ContainerError::InvalidVolume(
                    crate::run::volume::VolumeError::VolumeNameTooShort { name: n.to_string() }.to_string(),
                )
                .into());
            }
            if !crate::run::volume::valid_name(n) {
                return Err(ContainerError::InvalidVolume(format!(
                    "create {n}: {} includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                    crate::quote::go_quote(n)
                ))
                .into());
            }
        }
        Ok(format!("{}\n", self.runtime.ensure_volume(name, labels, now)))
    }

    /// `docker volume rm [-f] NAME`.
    pub fn volume_rm(&mut self, name: &str, force: bool, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        if self.runtime.volume(name).is_err() {
            if force {
                return Ok(format!("{name}\n"));
            }
            return Err(ContainerError::NoSuchVolume(name.to_string()).into());
        }
        let users = self.runtime.volume_users(name);
        if !users.is_empty() {
            return Err(ContainerError::VolumeInUse { name: name.to_string(), containers: users }.into());
        }
        self.runtime.volumes.retain(|v| v.name != name);
        Ok(format!("{name}\n"))
    }

    pub fn volume_inspect(&mut self, name: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        Ok(inspect::volume(self.runtime.volume(name)?))
    }

    /// Removes stopped containers; returns their ids and the bytes freed.
    fn prune_containers(&mut self) -> (Vec<String>, u64) {
        let mut ids = Vec::new();
        let mut freed = 0;
        let mut i = 0;
        while i < self.runtime.containers.len() {
            let c = &self.runtime.containers[i];
            if matches!(c.state.status, Status::Created | Status::Exited | Status::Dead) {
                freed += c.upper_size;
                ids.push(c.id.clone());
                self.runtime.remove_at(i, false);
            } else {
                i += 1;
            }
        }
        (ids, freed)
    }

    /// `docker container prune -f`.
    pub fn container_prune(&mut self, now: u64) -> String {
        self.tick(now);
        let (ids, freed) = self.prune_containers();
        let mut out = String::new();
        prune_section(&mut out, "Deleted Containers:", &ids);
        out.push_str(&format!("Total reclaimed space: {}\n", human_size4(freed)));
        out
    }

    /// `docker system prune -f [-a] [--volumes]`: stopped containers, unused
    /// networks, (anonymous unused volumes), dangling (or, with `-a`, unused)
    /// images and the build cache, each section as its own prune prints it.
    pub fn system_prune(&mut self, all: bool, volumes: bool, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        let mut total = 0u64;
        let (ids, freed) = self.prune_containers();
        total += freed;
        prune_section(&mut out, "Deleted Containers:", &ids);
        let networks = self.prune_networks();
        prune_section(&mut out, "Deleted Networks:", &networks);
        if volumes {
            // Since Docker 23, prune takes anonymous volumes only (named ones need `volume prune -a`).
            let doomed = self.prune_volumes(false);
            prune_section(&mut out, "Deleted Volumes:", &doomed);
        }
        let removal = self.image_prune(all);
        total += removal.reclaimed;
        // The image section as `docker image prune` prints it (each image's
        // untags, then its deletion), without its total.
        if let Some((images, _)) = removal.text.split_once("Total reclaimed space:") {
            out.push_str(images);
        }
        let records = self.cache_record_ids();
        let (cache, _) = self.builder_prune();
        total += cache;
        prune_section(&mut out, "Deleted build cache objects:", &records);
        out.push_str(&format!("Total reclaimed space: {}\n", human_size4(total)));
        out
    }

    /// User-defined networks no container is attached to, removed; their names.
    fn prune_networks(&mut self) -> Vec<String> {
        let unused: Vec<String> = self
            .runtime
            .networks
            .iter()
            .filter(|n| n.user_defined())
            .filter(|n| !self.runtime.containers.iter().any(|c| c.endpoints.iter().any(|e| e.network == n.name)))
            .map(|n| n.name.clone())
            .collect();
        self.runtime.networks.retain(|n| !unused.contains(&n.name));
        unused
    }

    /// Volumes no container mounts (anonymous ones only unless `all`), removed; their names.
    fn prune_volumes(&mut self, all: bool) -> Vec<String> {
        let doomed: Vec<String> = self
            .runtime
            .volumes
            .iter()
            .filter(|v| (all || v.anonymous) && self.runtime.volume_users(&v.name).is_empty())
            .map(|v| v.name.clone())
            .collect();
        self.runtime.volumes.retain(|v| !doomed.contains(&v.name));
        doomed
    }

    /// `docker network prune -f`: prints the networks it removed (no size: networks take none).
    pub fn network_prune(&mut self, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        prune_section(&mut out, "Deleted Networks:", &self.prune_networks());
        out
    }

    /// `docker volume prune [-a] -f`: anonymous unused volumes, or every unused one with `-a`
    /// (Docker 23 and later).
    pub fn volume_prune(&mut self, all: bool, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        prune_section(&mut out, "Deleted Volumes:", &self.prune_volumes(all));
        // Simulated volumes hold no bytes.
        out.push_str("Total reclaimed space: 0B\n");
        out
    }

    /// The `rmi` check: a container (in any state) using the image refuses its last reference.
    pub(crate) fn check_image_unused(
        &self,
        reference: &str,
        id: &str,
        by_tag: bool,
        force: bool,
        last_tag: bool,
    ) -> Result<(), EngineError> {
        let Some(c) = self.runtime.image_in_use(id) else { return Ok(()) };
        if by_tag && last_tag && !force {
            return Err(ContainerError::ImageInUse {
                reference: reference.to_string(),
                short_container: c.short_id().to_string(),
                image: short_id(id),
            }
            .into());
        }
        if !by_tag && (!force || c.is_running()) {
            return Err(ContainerError::ImageDeleteInUse {
                short_image: short_id(id),
                short_container: c.short_id().to_string(),
                running: c.is_running(),
            }
            .into());
        }
        Ok(())
    }

    /// `docker system df`'s container and volume rows: (total, active, size, reclaimable).
    pub(crate) fn container_usage(&self) -> (DfRow, DfRow) {
        let cs = &self.runtime.containers;
        let size: u64 = cs.iter().map(|c| c.upper_size).sum();
        let reclaimable: u64 = cs.iter().filter(|c| !c.is_running()).map(|c| c.upper_size).sum();
        let active = cs.iter().filter(|c| c.is_running()).count();
        let vols = &self.runtime.volumes;
        let vactive = vols.iter().filter(|v| !self.runtime.volume_users(&v.name).is_empty()).count();
        let vsize: u64 = vols.iter().map(|v| v.size).sum();
        let vreclaim: u64 = vols.iter().filter(|v| self.runtime.volume_users(&v.name).is_empty()).map(|v| v.size).sum();
        (
            DfRow { total: cs.len(), active, size, reclaimable },
            DfRow { total: vols.len(), active: vactive, size: vsize, reclaimable: vreclaim },
        )
    }

    /// Images some container uses.
    pub(crate) fn images_in_use(&self) -> BTreeSet<String> {
        self.runtime.containers.iter().map(|c| c.image_id.clone()).collect()
    }

    /// Whether a mount is a bind of the host path (for the tutor).
    pub fn binds(&self, reference: &str) -> Result<Vec<String>, EngineError> {
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        Ok(c.mounts
            .iter()
            .filter(|m| m.kind == MountKind::Bind)
            .map(|m| format!("{}:{}", m.source, m.destination))
            .collect())
    }
}

fn kind_of(f: &PsFilter) -> &'static str {
    match f {
        PsFilter::Status(_) => "status",
        PsFilter::Name(_) => "name",
        PsFilter::Ancestor(_) => "ancestor",
        PsFilter::Label { .. } => "label",
        PsFilter::Id(_) => "id",
    }
}

fn matches(c: &Container, f: &PsFilter, image_id: Option<&str>) -> bool {
    match f {
        PsFilter::Status(s) => {
            c.state.status == *s
                || (*s == Status::Created && c.state.status == Status::Exited && c.state.started_at.is_none())
        }
        PsFilter::Name(n) => c.name.contains(n.trim_start_matches('/')),
        PsFilter::Ancestor(r) => image_id == Some(c.image_id.as_str()) || &c.config.image == r,
        PsFilter::Label { key, value } => {
            c.config.labels.get(key).is_some_and(|v| value.as_ref().is_none_or(|want| want == v))
        }
        PsFilter::Id(p) => c.id.starts_with(p.as_str()),
    }
}
