//! `docker compose up` (and `create`'s half of it): images, then the
//! project's networks and volumes, then each service's containers —
//! created when missing, recreated when their configuration hash or image
//! changed, left `Running` when up to date — then started in dependency
//! order, each dependency waited for as its `depends_on` condition says
//! (docker/compose v5.5.0 `pkg/compose/up.go`, `create.go`,
//! `convergence.go` `waitDependencies`).
//!
//! Waiting takes simulated time: the engine's health model says when a
//! container becomes healthy, and Compose polls every 500 ms, so `up`
//! moves the engine's clock on by as long as the wait lasts.

use super::model::{DependencyCondition, Project, Service};
use super::progress::{loose_event, Progress, Status};
use super::{create, names, state, Compose};
use crate::docker::Output;
use crate::engine::containers::health::HealthStatus;
use crate::engine::containers::process::Lifetime;
use crate::engine::containers::{PsOptions, Status as CStatus};

/// `up`'s flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpOptions {
    pub detach: bool,
    pub build: bool,
    pub no_build: bool,
    pub no_deps: bool,
    pub force_recreate: bool,
    pub no_recreate: bool,
    pub no_start: bool,
    pub abort_on_container_exit: bool,
    pub exit_code_from: Option<String>,
    pub services: Vec<String>,
}

/// Compose polls a dependency every 500 ms (`waitDependencies`' ticker).
const POLL_MS: u64 = 500;
/// How long the simulation waits for a dependency before saying so
/// (Compose itself waits for ever unless `--wait-timeout` is given).
const WAIT_LIMIT_MS: u64 = 600_000;

/// Simulated durations of the daemon's calls, for the progress timers.
const CREATE_MS: u64 = 100;
const START_MS: u64 = 300;

/// Why `up` stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpError(pub String);

impl Compose<'_> {
    /// The engine's time now, with the command's simulated time added.
    pub(super) fn at(&self, progress: &Progress) -> u64 {
        self.now + progress.clock / 1000
    }

    pub(super) fn settle(&mut self, progress: &Progress) {
        let at = self.at(progress);
        self.engine.ps(&PsOptions::default(), at);
    }

    pub fn up(&mut self, project: &Project, o: &UpOptions) -> Output {
        let services = match super::order::selection(project, &o.services, !o.no_deps) {
            Ok(s) => s,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut out = Output::default();
        let mut p = self.progress("up", o.detach);
        match self.converge(project, &services, o, &mut p, &mut out) {
            Ok(_) => {}
            Err(UpError(message)) => {
                out.stderr.push_str(&p.render());
                out.stderr.push_str(&message);
                out.stderr.push('\n');
                out.status = 1;
                return out;
            }
        }
        if o.no_start {
            out.stderr.push_str(&p.render());
            return out;
        }
        if o.detach {
            let started = self.start_services(project, &services, &mut p, None);
            out.stderr.push_str(&p.render());
            if let Err(UpError(message)) = started {
                out.stderr.push_str(&message);
                out.stderr.push('\n');
                out.status = 1;
            }
            return out;
        }
        // Attached: the frame holds what was created; the start follows,
        // its waits printed as loose events, then the containers' output.
        out.stderr.push_str(&p.render());
        let attached: Vec<String> = services
            .iter()
            .flat_map(|s| state::service_containers(self.engine, &project.name, s))
            .map(|c| c.name.clone())
            .collect();
        let short: Vec<&str> = attached.iter().map(|n| names::short_name(&project.name, n)).collect();
        out.stdout.push_str(&format!("Attaching to {}\n", short.join(", ")));
        let mut loose = String::new();
        let started = self.start_services(project, &services, &mut p, Some(&mut loose));
        out.stderr.push_str(&loose);
        if let Err(UpError(message)) = started {
            out.stderr.push_str(&message);
            out.stderr.push('\n');
            out.status = 1;
            return out;
        }
        self.attach(project, &attached, o, &mut p, &mut out);
        out
    }

    /// Images, networks, volumes and containers; the containers created or
    /// recreated, by name.
    pub(super) fn converge(
        &mut self,
        project: &Project,
        services: &[String],
        o: &UpOptions,
        p: &mut Progress,
        out: &mut Output,
    ) -> Result<Vec<String>, UpError> {
        for name in services {
            let Some(service) = project.service(name) else { continue };
            self.ensure_image(project, service, o.build && !o.no_build, p, out)?;
        }
        self.ensure_networks(project, services, p)?;
        self.ensure_volumes(project, services, p)?;
        let mut created = Vec::new();
        for name in services {
            let Some(service) = project.service(name) else { continue };
            created.extend(self.converge_service(project, service, o, p)?);
        }
        Ok(created)
    }

    /// Builds or pulls the service's image when the engine lacks it (or `--build`).
    pub(super) fn ensure_image(
        &mut self,
        project: &Project,
        service: &Service,
        force_build: bool,
        p: &mut Progress,
        out: &mut Output,
    ) -> Result<(), UpError> {
        let image = names::image_name(&project.name, service);
        let present = self.engine.resolve(&image).is_ok();
        if service.build.is_some() && (force_build || !present) {
            let log = self.build_service(project, service, p)?;
            out.stderr.push_str(&log);
            return Ok(());
        }
        if present {
            return Ok(());
        }
        let id = format!("Image {image}");
        p.working(&id, "Pulling");
        p.advance(1500);
        match self.engine.pull(&image, self.at(p)) {
            Ok(_) => {
                p.done(&id, "Pulled");
                Ok(())
            }
            Err(e) => {
                p.on(&id, Status::Error, "Error", &e.to_string());
                Err(UpError(e.to_string()))
            }
        }
    }

    pub(super) fn ensure_networks(
        &mut self,
        project: &Project,
        services: &[String],
        p: &mut Progress,
    ) -> Result<(), UpError> {
        let mut keys: Vec<&str> = Vec::new();
        for name in services {
            if let Some(s) = project.service(name) {
                for k in s.network_keys() {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
        for key in keys {
            let name = names::network_name(project, key);
            let declared = project.networks.get(key).cloned().unwrap_or_default();
            if self.engine.runtime().network(&name).is_ok() {
                continue;
            }
            if declared.external {
                return Err(UpError(format!("network {name} declared as external, but could not be found")));
            }
            let id = format!("Network {name}");
            p.working(&id, "Creating");
            let labels = names::resource_labels(&project.name, names::NETWORK, key, &declared.labels);
            let at = self.at(p);
            p.advance(CREATE_MS);
            match self.engine.network_create(&name, None, declared.internal, labels, at) {
                Ok(_) => p.done(&id, "Created"),
                Err(e) => {
                    p.on(&id, Status::Error, "Error", &e.to_string());
                    return Err(UpError(format!("failed to create network {name}: {e}")));
                }
            }
        }
        Ok(())
    }

    fn ensure_volumes(&mut self, project: &Project, services: &[String], p: &mut Progress) -> Result<(), UpError> {
        let mut keys: Vec<&str> = Vec::new();
        for name in services {
            if let Some(s) = project.service(name) {
                for m in &s.volumes {
                    if let (super::model::MountKind::Volume, Some(key)) = (m.kind, &m.source) {
                        if !keys.contains(&key.as_str()) {
                            keys.push(key);
                        }
                    }
                }
            }
        }
        for key in keys {
            let Some(declared) = project.volumes.get(key) else {
                return Err(UpError(format!("service uses undefined volume {key}: invalid compose project")));
            };
            let name = names::volume_name(project, key);
            if self.engine.runtime().volume(&name).is_ok() {
                continue;
            }
            if declared.external {
                return Err(UpError(format!("external volume \"{name}\" not found")));
            }
            let id = format!("Volume {name}");
            p.working(&id, "Creating");
            let labels = names::resource_labels(&project.name, names::VOLUME, key, &declared.labels);
            let at = self.at(p);
            p.advance(CREATE_MS / 2);
            match self.engine.volume_create(Some(&name), labels, at) {
                Ok(_) => p.done(&id, "Created"),
                Err(e) => {
                    p.on(&id, Status::Error, "Error", &e.to_string());
                    return Err(UpError(e.to_string()));
                }
            }
        }
        Ok(())
    }

    /// One service's containers: created, recreated or left as they are.
    fn converge_service(
        &mut self,
        project: &Project,
        service: &Service,
        o: &UpOptions,
        p: &mut Progress,
    ) -> Result<Vec<String>, UpError> {
        let hash = names::config_hash(service);
        let image_id = self.engine.resolve(&names::image_name(&project.name, service)).ok();
        let existing: Vec<(String, u32, bool, bool)> =
            state::service_containers(self.engine, &project.name, &service.name)
                .iter()
                .map(|c| {
                    let diverged = c.config.labels.get(names::CONFIG_HASH) != Some(&hash)
                        || image_id.as_deref().is_some_and(|id| id != c.image_id);
                    (c.name.clone(), state::number(c), diverged, c.state.status == CStatus::Running)
                })
                .collect();
        let mut made = Vec::new();
        for n in 1..=service.replicas() {
            let name = names::container_name(&project.name, service, n);
            match existing.iter().find(|e| e.1 == n) {
                Some((old, _, diverged, running)) => {
                    let recreate = !o.no_recreate && (o.force_recreate || *diverged);
                    if !recreate {
                        if *running {
                            p.done(&format!("Container {old}"), "Running");
                        }
                        continue;
                    }
                    let id = format!("Container {old}");
                    p.working(&id, "Recreate");
                    let at = self.at(p);
                    p.advance(CREATE_MS);
                    if *running {
                        let _ = self.engine.stop(old, None, at);
                    }
                    let _ = self.engine.rm(old, true, false, at);
                    self.create_container(project, service, &name, n, p)?;
                    p.done(&id, "Recreated");
                    made.push(name);
                }
                None => {
                    let id = format!("Container {name}");
                    p.working(&id, "Creating");
                    self.create_container(project, service, &name, n, p).inspect_err(|e| {
                        p.on(&id, Status::Error, "Error", &e.0);
                    })?;
                    p.done(&id, "Created");
                    made.push(name);
                }
            }
        }
        // Containers above the scale are removed (`convergence.go`: scale down).
        for (old, n, _, running) in &existing {
            if *n > service.replicas() {
                let id = format!("Container {old}");
                let at = self.at(p);
                if *running {
                    p.working(&id, "Stopping");
                    let _ = self.engine.stop(old, None, at);
                }
                p.working(&id, "Removing");
                let _ = self.engine.rm(old, true, false, at);
                p.done(&id, "Removed");
            }
        }
        Ok(made)
    }

    pub(super) fn create_container(
        &mut self,
        project: &Project,
        service: &Service,
        name: &str,
        number: u32,
        p: &mut Progress,
    ) -> Result<(), UpError> {
        let run = create::run_command(project, service, name, number, false, None);
        let at = self.at(p);
        p.advance(CREATE_MS);
        self.engine.create(&run, at).map(|_| ()).map_err(|e| UpError(e.to_string()))
    }

    /// Starts the services in order, each after its dependencies are ready.
    /// Waiting and healthy events go to `loose` when given (attached `up`
    /// prints them after its frame), else into the frame.
    pub(super) fn start_services(
        &mut self,
        project: &Project,
        services: &[String],
        p: &mut Progress,
        mut loose: Option<&mut String>,
    ) -> Result<(), UpError> {
        for name in services {
            let Some(service) = project.service(name) else { continue };
            for (dep, d) in &service.depends_on {
                if d.condition == DependencyCondition::Started || project.service(dep).is_none() {
                    continue;
                }
                self.wait_for(project, &service.name, dep, d.condition, d.required, p, loose.as_deref_mut())?;
            }
            let containers: Vec<String> = state::service_containers(self.engine, &project.name, &service.name)
                .iter()
                .filter(|c| !c.state.status.is_up())
                .map(|c| c.name.clone())
                .collect();
            for c in containers {
                let id = format!("Container {c}");
                p.working(&id, "Starting");
                let at = self.at(p);
                p.advance(START_MS);
                match self.engine.start(&c, at) {
                    Ok(_) => p.done(&id, "Started"),
                    Err(e) => {
                        p.on(&id, Status::Error, "Error", "");
                        return Err(UpError(e.to_string()));
                    }
                }
            }
        }
        Ok(())
    }

    /// Waits for `dep`'s containers as `condition` says (`waitDependencies`).
    #[allow(clippy::too_many_arguments)]
    fn wait_for(
        &mut self,
        project: &Project,
        dependant: &str,
        dep: &str,
        condition: DependencyCondition,
        required: bool,
        p: &mut Progress,
        mut loose: Option<&mut String>,
    ) -> Result<(), UpError> {
        let mut emit =
            |p: &mut Progress, id: &str, status: Status, text: &str, details: &str| match loose.as_deref_mut() {
                Some(out) => out.push_str(&loose_event(id, text, details)),
                None => p.on(id, status, text, details),
            };
        let waiting: Vec<String> =
            state::service_containers(self.engine, &project.name, dep).iter().map(|c| c.name.clone()).collect();
        for c in &waiting {
            emit(p, &format!("Container {c}"), Status::Working, "Waiting", "");
        }
        if waiting.is_empty() {
            if required {
                return Err(UpError(format!("{dependant} is missing dependency {dep}")));
            }
            return Ok(());
        }
        let started = p.clock;
        loop {
            p.advance(POLL_MS);
            self.settle(p);
            let at = self.at(p);
            let verdict = self.check(&waiting, condition, at);
            match verdict {
                Check::Ready => {
                    let text =
                        if condition == DependencyCondition::CompletedSuccessfully { "Exited" } else { "Healthy" };
                    for c in &waiting {
                        emit(p, &format!("Container {c}"), Status::Done, text, "");
                    }
                    return Ok(());
                }
                Check::Never(message) => return Err(UpError(message)),
                Check::NotYet if p.clock - started < WAIT_LIMIT_MS => continue,
                Check::NotYet => {
                    return Err(UpError(format!(
                        "layerlab: {dep} was not ready after {} simulated minutes; Compose would go on waiting",
                        WAIT_LIMIT_MS / 60_000
                    )))
                }
                Check::Failed(message) => {
                    let details = match condition {
                        DependencyCondition::CompletedSuccessfully => format!("service {message}"),
                        _ => format!("dependency {dep} failed to start"),
                    };
                    if !required {
                        for c in &waiting {
                            emit(
                                p,
                                &format!("Container {c}"),
                                Status::Warning,
                                &format!("Skipped: optional dependency {dep:?} failed to start"),
                                "",
                            );
                        }
                        return Ok(());
                    }
                    for c in &waiting {
                        emit(p, &format!("Container {c}"), Status::Error, "Error", &details);
                    }
                    return Err(UpError(match condition {
                        DependencyCondition::CompletedSuccessfully => format!("service {message}"),
                        _ => format!("dependency failed to start: {message}"),
                    }));
                }
            }
        }
    }

    /// `isServiceHealthy` / `isServiceCompleted` at time `at`.
    fn check(&self, containers: &[String], condition: DependencyCondition, at: u64) -> Check {
        for name in containers {
            let Some(c) = self.engine.runtime().container(name) else {
                return Check::Failed(format!("no such container: {name}"));
            };
            match condition {
                DependencyCondition::CompletedSuccessfully => {
                    if c.state.status != CStatus::Exited {
                        let serves = c
                            .process
                            .as_ref()
                            .is_some_and(|p| matches!(p.lifetime, Lifetime::Serves | Lifetime::Assumed));
                        if serves && c.state.status == CStatus::Running {
                            return Check::Never(format!(
                                "layerlab: {name} keeps running (it serves), so it never completes; Compose would wait for ever"
                            ));
                        }
                        return Check::NotYet;
                    }
                    if c.state.exit_code != 0 {
                        let service = state::service_of(c);
                        return Check::Failed(format!(
                            "{service:?} didn't complete successfully: exit {}",
                            c.state.exit_code
                        ));
                    }
                }
                _ => {
                    if c.state.status == CStatus::Exited {
                        return Check::Failed(format!("container {name} exited ({})", c.state.exit_code));
                    }
                    let Some(health) = &c.health else {
                        return Check::Failed(format!("container {name} has no healthcheck configured"));
                    };
                    let since = c.state.started_at.unwrap_or(at);
                    match health.status(since, at).0 {
                        HealthStatus::Healthy => {}
                        HealthStatus::Unhealthy => return Check::Failed(format!("container {name} is unhealthy")),
                        HealthStatus::Starting => return Check::NotYet,
                    }
                }
            }
        }
        Check::Ready
    }
}

enum Check {
    Ready,
    NotYet,
    /// Never ready: a server waited on to complete.
    Never(String),
    Failed(String),
}
