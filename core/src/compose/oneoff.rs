//! `docker compose exec` and `docker compose run`.
//!
//! `exec SERVICE CMD` runs in the service's container number `--index`
//! (1 by default); the engine says what would run, and a name lookup
//! (`getent hosts NAME`) is answered by the engine's embedded DNS, which
//! knows each container by its name and its aliases — the service's name
//! among them — on the project's network.
//!
//! `run SERVICE [CMD]` creates and starts the service's dependencies
//! (`pkg/compose/run.go` `startDependencies`: a `create` then a `start`,
//! with the service itself left out, so its own conditions are not waited
//! for), then a one-off container `PROJECT-SERVICE-run-SLUG` labelled
//! `oneoff=True`, attached: its output, and its exit code as `run`'s.

use super::model::Project;
use super::up::{UpError, UpOptions};
use super::{create, names, order, state, Compose};
use crate::docker::Output;
use crate::engine::containers::process::Lifetime;
use crate::engine::EngineError;

/// `run`'s flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    pub service: String,
    pub command: Vec<String>,
    pub rm: bool,
    pub detach: bool,
    pub no_deps: bool,
    pub name: Option<String>,
    pub env: Vec<(String, String)>,
    pub entrypoint: Option<String>,
    pub user: Option<String>,
    pub use_aliases: bool,
}

impl Compose<'_> {
    /// `docker compose exec [--index N] [-u USER] SERVICE COMMAND…`.
    pub fn exec(
        &mut self,
        project: &Project,
        service: &str,
        index: u32,
        user: Option<&str>,
        argv: &[String],
    ) -> Output {
        if project.service(service).is_none() {
            return Output::error(format!("no such service: {service}"), 1);
        }
        self.engine.ps(&crate::engine::containers::PsOptions::default(), self.now);
        let container = state::service_containers(self.engine, &project.name, service)
            .into_iter()
            .find(|c| state::number(c) == index && c.state.status.is_up())
            .map(|c| c.name.clone());
        let Some(container) = container else {
            return Output::error(format!("service {service:?} is not running"), 1);
        };
        match self.engine.exec(&container, argv, user, self.now) {
            Ok(o) => match crate::docker::getent_hosts(self.engine, &container, argv) {
                Some(out) => out,
                None => Output::ok(format!(
                    "# layerlab: would run {} as {} in {} (PID {} in the container's PID namespace); commands are not executed\n",
                    serde_json::to_string(&o.argv).unwrap_or_default(),
                    o.user,
                    o.workdir,
                    o.pid
                )),
            },
            Err(e @ EngineError::Container(crate::engine::containers::ContainerError::ExecFailed { .. })) => {
                Output::error(e.to_string(), 126)
            }
            Err(e) => Output::error(e.to_string(), 1),
        }
    }

    /// `docker compose run`.
    pub fn run(&mut self, project: &Project, o: &RunOptions) -> Output {
        let Some(service) = project.service(&o.service).cloned() else {
            return Output::error(format!("no such service: {}", o.service), 1);
        };
        let mut out = Output::default();
        if !o.no_deps {
            let deps = match order::selection(project, std::slice::from_ref(&o.service), true) {
                Ok(d) => d.into_iter().filter(|s| *s != o.service).collect::<Vec<_>>(),
                Err(e) => return Output::error(e.to_string(), 1),
            };
            let mut p = self.progress("create", false);
            let up = UpOptions::default();
            if let Err(UpError(message)) = self.converge(project, &deps, &up, &mut p, &mut out) {
                out.stderr.push_str(&p.render());
                out.stderr.push_str(&format!("{message}\n"));
                out.status = 1;
                return out;
            }
            out.stderr.push_str(&p.render());
            let mut start = self.progress("start", false);
            start.clock = p.clock;
            let started = self.start_services(project, &deps, &mut start, None);
            out.stderr.push_str(&start.render());
            if let Err(UpError(message)) = started {
                out.stderr.push_str(&format!("{message}\n"));
                out.status = 1;
                return out;
            }
            self.now = self.at(&start);
        }
        // The image and the networks the service joins must exist even with --no-deps.
        let mut p = self.progress("run", false);
        let ready = self
            .ensure_image(project, &service, false, &mut p, &mut out)
            .and_then(|_| self.ensure_networks(project, std::slice::from_ref(&o.service), &mut p));
        if let Err(UpError(message)) = ready {
            out.stderr.push_str(&format!("{message}\n"));
            out.status = 1;
            return out;
        }
        let mut run_service = service.clone();
        for (key, value) in &o.env {
            run_service.environment.insert(key.clone(), Some(value.clone()));
        }
        if let Some(e) = &o.entrypoint {
            run_service.entrypoint = Some(vec![e.clone()]);
        }
        if o.user.is_some() {
            run_service.user = o.user.clone();
        }
        // `run` publishes no ports unless `--service-ports`.
        run_service.ports.clear();
        let seed = crate::engine::containers::names::generate(&format!("{}{}", o.service, self.now), 0);
        let slug: String = {
            use sha2::{Digest, Sha256};
            let d = Sha256::digest(
                format!("{}-{seed}-{}", project.name, self.engine.runtime().containers().len()).as_bytes(),
            );
            d.iter().map(|b| format!("{b:02x}")).collect()
        };
        let name = o.name.clone().unwrap_or_else(|| format!("{}-{}-run-{}", project.name, o.service, &slug[..12]));
        let command = (!o.command.is_empty()).then_some(o.command.as_slice());
        let mut run = create::run_command(project, &run_service, &name, 1, true, command);
        run.options.labels.push((names::SLUG.to_string(), slug.clone()));
        if !o.use_aliases {
            for n in &mut run.options.networks {
                n.aliases.clear();
            }
        }
        if let Err(e) = self.engine.create(&run, self.now) {
            out.stderr.push_str(&format!("{e}\n"));
            out.status = 1;
            return out;
        }
        if let Err(e) = self.engine.start(&name, self.now) {
            out.stderr.push_str(&format!("{e}\n"));
            out.status = 127;
            return out;
        }
        if o.detach {
            out.stdout.push_str(&format!("{name}\n"));
            return out;
        }
        let (end, serves) = match self.engine.runtime().container(&name) {
            Some(c) => match c.process.as_ref().map(|p| p.lifetime) {
                Some(Lifetime::Runs { seconds }) => (c.state.started_at.map(|s| s + seconds), false),
                Some(Lifetime::Serves | Lifetime::Assumed) => (None, true),
                _ => (c.state.finished_at.or(c.state.started_at), false),
            },
            None => (None, false),
        };
        let until = end.unwrap_or(self.now).max(self.now);
        self.engine.ps(&crate::engine::containers::PsOptions::default(), until);
        let Some(c) = self.engine.runtime().container(&name) else { return out };
        for (_, line) in &c.logs {
            out.stdout.push_str(line);
            out.stdout.push('\n');
        }
        if serves && c.state.status.is_up() {
            out.stderr.push_str(&format!(
                "# layerlab: {name} keeps running, so `docker compose run` would stay attached until it exits; the simulation leaves it running\n"
            ));
            return out;
        }
        out.status = u8::try_from(c.state.exit_code.rem_euclid(256)).unwrap_or(1);
        if o.rm {
            let _ = self.engine.rm(&name, true, true, until);
        }
        out
    }
}
