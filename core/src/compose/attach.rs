//! Attached `up`: the containers' output with Compose's prefixes
//! (`web-1  | …`, the names padded to the longest plus one:
//! `cmd/formatter/logs.go`), `web-1 exited with code 0` when one ends
//! (`pkg/compose/printer.go`), and `--abort-on-container-exit` /
//! `--exit-code-from`, which stop the rest when the first container exits
//! and give its exit code (`pkg/compose/up.go`).
//!
//! Nothing runs for real, so a container that keeps running (a server)
//! would keep `up` attached until Ctrl+C; the simulation says so and leaves
//! it running, as `up -d` would.

use super::model::Project;
use super::progress::{loose_event, Progress};
use super::up::UpOptions;
use super::{names, Compose};
use crate::docker::Output;
use crate::engine::containers::process::Lifetime;

/// When an attached container's process ends, if it does.
fn end_of(c: &crate::engine::containers::Container) -> Option<u64> {
    if !c.state.status.is_up() {
        return c.state.finished_at.or(c.state.started_at);
    }
    let started = c.state.started_at?;
    match c.process.as_ref()?.lifetime {
        Lifetime::Exits { .. } => Some(started),
        Lifetime::Runs { seconds } => Some(started + seconds),
        Lifetime::Serves | Lifetime::Assumed => None,
    }
}

impl Compose<'_> {
    pub(super) fn attach(
        &mut self,
        project: &Project,
        attached: &[String],
        o: &UpOptions,
        p: &mut Progress,
        out: &mut Output,
    ) {
        let width = attached.iter().map(|n| names::short_name(&project.name, n).len()).max().unwrap_or(0) + 1;
        let ends: Vec<(String, Option<u64>)> =
            attached.iter().map(|n| (n.clone(), self.engine.runtime().container(n).and_then(end_of))).collect();
        let abort = o.abort_on_container_exit || o.exit_code_from.is_some();
        let first_exit = ends.iter().filter_map(|(_, e)| *e).min();
        let last_exit =
            if ends.iter().all(|(_, e)| e.is_some()) { ends.iter().filter_map(|(_, e)| *e).max() } else { None };
        let until = if abort { first_exit } else { last_exit };
        let horizon = until.unwrap_or_else(|| self.at(p));
        if horizon > self.at(p) {
            p.advance((horizon - self.at(p)) * 1000);
        }
        self.settle(p);
        // Every line with its time, so the containers' output interleaves.
        let mut lines: Vec<(u64, usize, String)> = Vec::new();
        for (k, name) in attached.iter().enumerate() {
            let Some(c) = self.engine.runtime().container(name) else { continue };
            let short = names::short_name(&project.name, name);
            for (at, line) in &c.logs {
                lines.push((*at, k, format!("{:<width$} | {line}\n", short)));
            }
            if !c.state.status.is_up() && c.state.started_at.is_some() {
                let at = c.state.finished_at.unwrap_or(horizon);
                lines.push((at, k, format!("{short} exited with code {}\n", c.state.exit_code)));
            }
        }
        crate::sort::by_key(&mut lines, |(at, k, _)| (*at, *k));
        for (_, _, line) in lines {
            out.stdout.push_str(&line);
        }
        let exited: Vec<(String, i32, u64)> = attached
            .iter()
            .filter_map(|n| {
                let c = self.engine.runtime().container(n)?;
                (!c.state.status.is_up() && c.state.started_at.is_some())
                    .then(|| (n.clone(), c.state.exit_code, c.state.finished_at.unwrap_or(0)))
            })
            .collect();
        if abort {
            if let Some((_, code, _)) = exited.iter().min_by_key(|(_, _, at)| *at) {
                out.stderr.push_str("Aborting on container exit...\n");
                let at = self.at(p);
                for name in attached {
                    let running = self.engine.runtime().container(name).is_some_and(|c| c.state.status.is_up());
                    if running {
                        let id = format!("Container {name}");
                        out.stderr.push_str(&loose_event(&id, "Stopping", ""));
                        let _ = self.engine.stop(name, None, at);
                        out.stderr.push_str(&loose_event(&id, "Stopped", ""));
                    }
                }
                let code = match &o.exit_code_from {
                    Some(service) => exited
                        .iter()
                        .find(|(n, _, _)| {
                            self.engine.runtime().container(n).is_some_and(|c| super::state::service_of(c) == service)
                        })
                        .map_or(0, |(_, c, _)| *c),
                    None => *code,
                };
                out.status = u8::try_from(code.rem_euclid(256)).unwrap_or(1);
                return;
            }
        }
        if until.is_none() {
            let running: Vec<&str> =
                ends.iter().filter(|(_, e)| e.is_none()).map(|(n, _)| names::short_name(&project.name, n)).collect();
            out.stderr.push_str(&format!(
                "# layerlab: {} keep{} running, so `docker compose up` would stay attached until Ctrl+C (which stops them); the simulation leaves them running, as with -d\n",
                running.join(", "),
                if running.len() == 1 { "s" } else { "" }
            ));
        }
    }
}
