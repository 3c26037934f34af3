//! The read-only container commands: `docker ps`, `logs`, `exec`,
//! `container inspect`, `stats`, `port` and `top`. Each first settles the
//! clock to `now` (a `sleep 30` that ended is shown exited).

use super::lifecycle::executables;
use crate::engine::containers::model::{Container, MountKind, Status};
use crate::engine::containers::process::Lifetime;
use crate::engine::containers::stats::{StatsRow, TopRow};
use crate::engine::containers::{inspect, stats, ContainerError, PortBinding};
use crate::engine::{Engine, EngineError};
use serde_json::Value;

/// What `docker exec` would run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutcome {
    pub argv: Vec<String>,
    pub user: String,
    pub workdir: String,
    /// The exec'd process's PID inside the container (PID 1 stays the main process).
    pub pid: u32,
    /// What the command did, when the shell model ran it (its file changes
    /// are in the container's writable layer); `None` when it only says what would run.
    pub ran: Option<super::ExecRun>,
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
    pub filters: Vec<PsFilter>,
}

impl Engine {
    /// The container state.
    pub fn runtime(&self) -> &crate::engine::containers::Runtime {
        &self.runtime
    }

    /// `docker ps`: the containers it lists, newest first.
    pub fn ps(&mut self, options: &PsOptions, now: u64) -> Vec<&Container> {
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
        crate::sort::by_key(&mut rows, |c| std::cmp::Reverse(c.created));
        rows
    }

    /// `docker logs`: the lines, and whether the program's output is simulated
    /// at all (a program the rule table does not know prints nothing here).
    pub fn logs(&mut self, reference: &str, now: u64) -> Result<(Vec<String>, bool), EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let simulated = !c.process.as_ref().is_some_and(|p| p.lifetime == Lifetime::Assumed);
        Ok((c.logs.iter().map(|(_, l)| l.clone()).collect(), simulated))
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
        let index = self.runtime.find(reference)?;
        let c = &self.runtime.containers[index];
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
        let user = user.map(str::to_string).unwrap_or_else(|| {
            if c.config.user.is_empty() {
                "root".into()
            } else {
                c.config.user.clone()
            }
        });
        let workdir = if c.config.working_dir.is_empty() { "/".into() } else { c.config.working_dir.clone() };
        let ran = self.exec_files(index, argv, &user, &workdir);
        Ok(ExecOutcome { argv: argv.to_vec(), user, workdir, pid: pids + 6, ran })
    }

    /// `docker container inspect` (one object; the CLI prints an array).
    pub fn container_inspect(&mut self, reference: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        Ok(inspect::container(&self.runtime, c))
    }

    /// `docker stats --no-stream [-a] [CONTAINER…]`.
    pub fn stats(&mut self, references: &[String], all: bool, now: u64) -> Result<Vec<StatsRow>, EngineError> {
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
        Ok(rows.into_iter().map(|c| stats::stats_row(c, now)).collect())
    }

    /// `docker port CONTAINER [PORT[/PROTO]]`: the bindings, sorted.
    pub fn port(&mut self, reference: &str, port: Option<&str>, now: u64) -> Result<Vec<PortBinding>, EngineError> {
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
        let bindings = stats::port_bindings(c, filter.as_ref().map(|(n, p, _)| (*n, p.as_str())));
        if let Some((_, _, shown)) = &filter {
            if bindings.is_empty() {
                return Err(
                    ContainerError::NoPublicPort { port: shown.clone(), container: reference.to_string() }.into()
                );
            }
        }
        Ok(bindings)
    }

    /// `docker top CONTAINER`.
    pub fn top(&mut self, reference: &str, now: u64) -> Result<Vec<TopRow>, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        if !c.is_running() {
            return Err(ContainerError::NotRunning { id: c.id.clone() }.into());
        }
        Ok(stats::top_rows(c, now))
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
