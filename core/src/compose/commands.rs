//! The commands over a project already up: `down`, `ps`, `logs`, `start`,
//! `stop`, `restart`, `images`, `top`, `ls` and `pull`, each finding the
//! project's containers by their labels and printing Compose's words
//! (docker/compose v5.5.0 `pkg/compose/down.go`, `cmd/compose/ps.go` with
//! `cmd/formatter/container.go`'s table, `cmd/compose/images.go`,
//! `cmd/compose/top.go`, `cmd/compose/list.go` with `pkg/compose/ls.go`;
//! tables through `cmd/formatter/pretty.go`'s tabwriter, minimum width 20
//! and padding 3, except `ps`'s, which is docker/cli's, and `top`'s, 4 and 2).

use super::model::Project;
use super::progress::Status;
use super::{names, order, state, Compose};
use crate::docker::render::ps::{displayable_ports, listed_command, status_text};
use crate::docker::Output;
use crate::engine::containers::Container;
use crate::engine::{ago, ellipsis, human_size, tabwrite};
use crate::quote::go_quote;

/// Go's `text/tabwriter` with `minwidth` and `padding` (the last cell of
/// a line is not padded).
pub(super) fn tabwriter(rows: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (k, cell) in row.iter().enumerate() {
            if k + 1 < row.len() {
                widths[k] = widths[k].max((cell.chars().count() + padding).max(minwidth));
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        for (k, cell) in row.iter().enumerate() {
            if k + 1 < row.len() {
                out.push_str(&format!("{cell:<w$}", w = widths[k]));
            } else {
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}

/// `down`'s flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownOptions {
    pub volumes: bool,
    /// `--rmi local|all`.
    pub rmi: Option<String>,
    pub remove_orphans: bool,
}

impl Compose<'_> {
    /// `docker compose down`.
    pub fn down(&mut self, project: &Project, o: &DownOptions) -> Output {
        let mut out = Output::default();
        if let Some(rmi) = &o.rmi {
            if rmi != "local" && rmi != "all" {
                return Output::error(format!("invalid value for --rmi: {rmi:?}"), 1);
            }
        }
        let order = match order::stop_order(project, &[]) {
            Ok(order) => order,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("down", true);
        let mut touched = false;
        let mut names_in_order: Vec<String> = Vec::new();
        for service in &order {
            names_in_order
                .extend(state::service_containers(self.engine, &project.name, service).iter().map(|c| c.name.clone()));
        }
        let known: Vec<&str> = project.services.iter().map(|s| s.name.as_str()).collect();
        let others: Vec<String> = state::project_containers(self.engine, &project.name)
            .iter()
            .filter(|c| (o.remove_orphans || !state::is_oneoff(c)) && !names_in_order.contains(&c.name))
            .filter(|c| o.remove_orphans || known.contains(&state::service_of(c)))
            .map(|c| c.name.clone())
            .collect();
        names_in_order.extend(others);
        for name in &names_in_order {
            touched = true;
            let id = format!("Container {name}");
            let running = self.engine.runtime().container(name).is_some_and(|c| c.state.status.is_up());
            if running {
                p.working(&id, "Stopping");
                let at = self.at(&p);
                let waited = self.engine.stop(name, None, at).map(|s| s.waited).unwrap_or(0);
                p.advance(waited * 1000 + 200);
                p.done(&id, "Stopped");
            }
            p.working(&id, "Removing");
            let at = self.at(&p);
            p.advance(100);
            match self.engine.rm(name, true, o.volumes, at) {
                Ok(_) => p.done(&id, "Removed"),
                Err(e) => p.on(&id, Status::Error, "Error", &e.to_string()),
            }
        }
        for network in state::project_networks(self.engine, &project.name) {
            touched = true;
            let id = format!("Network {network}");
            p.working(&id, "Removing");
            let at = self.at(&p);
            p.advance(100);
            match self.engine.network_rm(&network, at) {
                Ok(_) => p.done(&id, "Removed"),
                Err(e) => p.on(&id, Status::Error, "Error", &e.to_string()),
            }
        }
        if let Some(rmi) = &o.rmi {
            for service in &project.services {
                if rmi == "local" && service.image.is_some() {
                    continue;
                }
                let image = names::image_name(&project.name, service);
                if self.engine.resolve(&image).is_err() {
                    continue;
                }
                touched = true;
                let id = format!("Image {image}");
                p.working(&id, "Removing");
                match self.engine.rmi(&image, false) {
                    Ok(_) => p.done(&id, "Removed"),
                    Err(e) => p.on(&id, Status::Error, "Error", &e.to_string()),
                }
            }
        }
        if o.volumes {
            for (key, declared) in &project.volumes {
                if declared.external {
                    continue;
                }
                let name = names::volume_name(project, key);
                if self.engine.runtime().volume(&name).is_err() {
                    continue;
                }
                touched = true;
                let id = format!("Volume {name}");
                p.working(&id, "Removing");
                let at = self.at(&p);
                match self.engine.volume_rm(&name, false, at) {
                    Ok(_) => p.done(&id, "Removed"),
                    Err(e) => p.on(&id, Status::Error, "Error", &e.to_string()),
                }
            }
        }
        out.stderr.push_str(&p.render());
        if !touched {
            // logrus' text formatter on a terminal.
            out.stderr.push_str(&format!(
                "WARN[0000] Warning: No resource found to remove for project {:?}.\n",
                project.name
            ));
        }
        out
    }

    /// `docker compose ps [-a] [-q] [--services] [SERVICE…]`.
    pub fn ps(&mut self, project: &Project, all: bool, quiet: bool, services_only: bool, wanted: &[String]) -> Output {
        self.engine.ps(&crate::engine::containers::PsOptions::default(), self.now);
        let mut rows: Vec<&Container> = state::project_containers(self.engine, &project.name)
            .into_iter()
            .filter(|c| all || c.state.status.is_up())
            .filter(|c| all || !state::is_oneoff(c))
            .filter(|c| wanted.is_empty() || wanted.iter().any(|w| w == state::service_of(c)))
            .collect();
        crate::sort::by(&mut rows, |a, b| a.name.cmp(&b.name));
        if quiet {
            return Output::ok(rows.iter().map(|c| format!("{}\n", c.id)).collect());
        }
        if services_only {
            let mut seen: Vec<&str> = Vec::new();
            for c in &rows {
                if !seen.contains(&state::service_of(c)) {
                    seen.push(state::service_of(c));
                }
            }
            return Output::ok(seen.iter().map(|s| format!("{s}\n")).collect());
        }
        let mut table: Vec<Vec<String>> =
            vec![["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"].map(String::from).to_vec()];
        for c in rows {
            table.push(vec![
                c.name.clone(),
                c.config.image.clone(),
                go_quote(&ellipsis(&listed_command(c), 20)),
                state::service_of(c).to_string(),
                ago(c.created, self.now),
                status_text(c, self.now),
                displayable_ports(c),
            ]);
        }
        Output::ok(tabwrite(&table))
    }

    /// `docker compose logs [--no-log-prefix] [SERVICE…]`.
    pub fn logs(&mut self, project: &Project, wanted: &[String], prefix: bool) -> Output {
        self.engine.ps(&crate::engine::containers::PsOptions::default(), self.now);
        let containers: Vec<&Container> = state::project_containers(self.engine, &project.name)
            .into_iter()
            .filter(|c| !state::is_oneoff(c))
            .filter(|c| wanted.is_empty() || wanted.iter().any(|w| w == state::service_of(c)))
            .collect();
        let width = containers.iter().map(|c| names::short_name(&project.name, &c.name).len()).max().unwrap_or(0) + 1;
        let mut lines: Vec<(u64, usize, String)> = Vec::new();
        for (k, c) in containers.iter().enumerate() {
            let short = names::short_name(&project.name, &c.name);
            for (at, line) in &c.logs {
                let text = if prefix { format!("{:<width$} | {line}\n", short) } else { format!("{line}\n") };
                lines.push((*at, k, text));
            }
        }
        crate::sort::by_key(&mut lines, |(at, k, _)| (*at, *k));
        Output::ok(lines.into_iter().map(|(_, _, l)| l).collect())
    }

    /// `docker compose stop [SERVICE…]`: dependents first.
    pub fn stop(&mut self, project: &Project, wanted: &[String]) -> Output {
        let order = match order::stop_order(project, wanted) {
            Ok(order) => order,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("stop", true);
        for service in &order {
            let running: Vec<String> = state::service_containers(self.engine, &project.name, service)
                .iter()
                .filter(|c| c.state.status.is_up())
                .map(|c| c.name.clone())
                .collect();
            for name in running {
                let id = format!("Container {name}");
                p.working(&id, "Stopping");
                let at = self.at(&p);
                let waited = self.engine.stop(&name, None, at).map(|s| s.waited).unwrap_or(0);
                p.advance(waited * 1000 + 200);
                p.done(&id, "Stopped");
            }
        }
        Output { stderr: p.render(), ..Output::default() }
    }

    /// `docker compose start [SERVICE…]`: the existing containers, in
    /// dependency order, with the same waits as `up`.
    pub fn start(&mut self, project: &Project, wanted: &[String]) -> Output {
        let services = match order::selection(project, wanted, false) {
            Ok(s) => s,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("start", true);
        let result = self.start_services(project, &services, &mut p, None);
        let mut out = Output { stderr: p.render(), ..Output::default() };
        if let Err(e) = result {
            out.stderr.push_str(&e.0);
            out.stderr.push('\n');
            out.status = 1;
        }
        out
    }

    /// `docker compose restart [SERVICE…]`.
    pub fn restart(&mut self, project: &Project, wanted: &[String]) -> Output {
        let services = match order::selection(project, wanted, false) {
            Ok(s) => s,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("restart", true);
        for service in &services {
            let names: Vec<String> =
                state::service_containers(self.engine, &project.name, service).iter().map(|c| c.name.clone()).collect();
            for name in names {
                let id = format!("Container {name}");
                p.working(&id, "Restarting");
                let at = self.at(&p);
                p.advance(500);
                match self.engine.restart(&name, None, at) {
                    Ok(_) => p.done(&id, "Started"),
                    Err(e) => p.on(&id, Status::Error, "Error", &e.to_string()),
                }
            }
        }
        Output { stderr: p.render(), ..Output::default() }
    }

    /// `docker compose images`: each container's image.
    pub fn images(&mut self, project: &Project) -> Output {
        let mut rows: Vec<(String, Vec<String>)> = Vec::new();
        for c in state::project_containers(self.engine, &project.name) {
            let Some(image) = self.engine.image(&c.image_id) else { continue };
            let tags = self.engine.tags_of(&c.image_id);
            let (repo, tag) = tags
                .first()
                .and_then(|t| t.rsplit_once(':'))
                .map_or(("<none>".to_string(), "<none>".to_string()), |(r, t)| (r.to_string(), t.to_string()));
            let id = c.image_id.trim_start_matches("sha256:");
            rows.push((
                c.name.clone(),
                vec![
                    c.name.clone(),
                    repo,
                    tag,
                    "linux/amd64".to_string(),
                    id[..12.min(id.len())].to_string(),
                    human_size(image.size),
                    ago(image.created, self.now),
                ],
            ));
        }
        crate::sort::by(&mut rows, |a, b| a.0.cmp(&b.0));
        let mut table = vec![["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"]
            .map(String::from)
            .to_vec()];
        table.extend(rows.into_iter().map(|(_, r)| r));
        Output::ok(tabwriter(&table, 20, 3))
    }

    /// `docker compose top`: every running container's processes, with its
    /// service and replica number in front.
    pub fn top(&mut self, project: &Project, wanted: &[String]) -> Output {
        let mut containers: Vec<(String, String, u32)> = state::project_containers(self.engine, &project.name)
            .iter()
            .filter(|c| c.is_running() && !state::is_oneoff(c))
            .filter(|c| wanted.is_empty() || wanted.iter().any(|w| w == state::service_of(c)))
            .map(|c| (c.name.clone(), state::service_of(c).to_string(), state::number(c)))
            .collect();
        crate::sort::ord(&mut containers);
        let mut table: Vec<Vec<String>> =
            vec!["SERVICE # UID PID PPID C STIME TTY TIME CMD".split(' ').map(String::from).collect()];
        for (name, service, number) in containers {
            let Ok(rows) = self.engine.top(&name, self.now) else { continue };
            for r in rows {
                let stime = crate::engine::rfc3339(r.started);
                table.push(vec![
                    service.clone(),
                    number.to_string(),
                    r.uid,
                    r.pid.to_string(),
                    r.ppid.to_string(),
                    "0".into(),
                    stime.get(11..16).unwrap_or("00:00").to_string(),
                    if r.tty { "pts/0" } else { "?" }.into(),
                    "00:00:00".into(),
                    r.command,
                ]);
            }
        }
        if table.len() == 1 {
            return Output::default();
        }
        Output::ok(tabwriter(&table, 4, 2))
    }

    /// `docker compose pull [SERVICE…]`.
    pub fn pull(&mut self, project: &Project, wanted: &[String]) -> Output {
        let services = match order::selection(project, wanted, false) {
            Ok(s) => s,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("pull", true);
        let mut status = 0;
        let mut seen: Vec<String> = Vec::new();
        for name in &services {
            let Some(service) = project.service(name) else { continue };
            let Some(image) = &service.image else {
                p.on(&service.name, Status::Done, "Skipped", "No image to be pulled");
                continue;
            };
            if seen.contains(image) {
                continue;
            }
            seen.push(image.clone());
            let id = format!("Image {image}");
            p.working(&id, "Pulling");
            p.advance(1500);
            let at = self.at(&p);
            match self.engine.pull(image, at) {
                Ok(_) => p.done(&id, "Pulled"),
                Err(e) => {
                    p.on(&id, Status::Error, "Error", &e.to_string());
                    status = 1;
                }
            }
        }
        Output { stderr: p.render(), status, ..Output::default() }
    }

    /// `docker compose build [SERVICE…]`.
    pub fn build(&mut self, project: &Project, wanted: &[String]) -> Output {
        let services = match order::selection(project, wanted, false) {
            Ok(s) => s,
            Err(e) => return Output::error(e.to_string(), 1),
        };
        let mut p = self.progress("build", true);
        let mut out = Output::default();
        for name in &services {
            let Some(service) = project.service(name) else { continue };
            match self.build_service(project, service, &mut p) {
                Ok(log) => out.stderr.push_str(&log),
                Err(e) => {
                    out.stderr.push_str(&p.render());
                    out.stderr.push_str(&e.0);
                    out.stderr.push('\n');
                    out.status = 1;
                    return out;
                }
            }
        }
        out.stderr.push_str(&p.render());
        out
    }
}

/// `docker compose ls [-a]`: every project the engine has containers of.
pub fn ls(engine: &mut crate::engine::Engine, all: bool, now: u64) -> Output {
    engine.ps(&crate::engine::containers::PsOptions::default(), now);
    let mut projects: Vec<(String, Vec<&'static str>, Vec<String>)> = Vec::new();
    for c in engine.runtime().containers() {
        let Some(project) = c.config.labels.get(names::PROJECT) else { continue };
        if !c.config.labels.contains_key(names::CONFIG_HASH) || (!all && !c.state.status.is_up()) {
            continue;
        }
        let files: Vec<String> = c
            .config
            .labels
            .get(names::CONFIG_FILES)
            .map(|f| f.split(',').filter(|f| !f.is_empty()).map(String::from).collect())
            .unwrap_or_default();
        let entry = match projects.iter_mut().find(|p| &p.0 == project) {
            Some(e) => e,
            None => {
                projects.push((project.clone(), Vec::new(), Vec::new()));
                projects.last_mut().expect("just pushed")
            }
        };
        entry.1.push(c.state.status.as_str());
        for f in files {
            if !entry.2.contains(&f) {
                entry.2.push(f);
            }
        }
    }
    crate::sort::by(&mut projects, |a, b| a.0.cmp(&b.0));
    let mut table = vec![["NAME", "STATUS", "CONFIG FILES"].map(String::from).to_vec()];
    for (name, statuses, files) in projects {
        table.push(vec![name, combined_status(&statuses), files.join(",")]);
    }
    Output::ok(tabwriter(&table, 20, 3))
}

/// `combinedStatus`: `running(2), exited(1)`, statuses sorted.
fn combined_status(statuses: &[&str]) -> String {
    let mut keys: Vec<&str> = statuses.to_vec();
    crate::sort::ord(&mut keys);
    keys.dedup();
    keys.iter().map(|k| format!("{k}({})", statuses.iter().filter(|s| *s == k).count())).collect::<Vec<_>>().join(", ")
}
