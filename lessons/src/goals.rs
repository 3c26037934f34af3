//! The goal predicates of fix-it and terminal exercises, and their
//! evaluation against the core: a project's build, dry run and lint
//! (`Built`), or a terminal daemon's state (`Session`). Each result carries
//! the engine's own reasoning, never a verdict alone.

use crate::model::{Edit, Goal};
use crate::project::{apply, Built};
use layerlab_core::build::platforms::Platform;
use layerlab_core::docker::Session;
use layerlab_core::engine::containers::network::HostReach;
use layerlab_core::engine::containers::MountKind;
use layerlab_core::run::Protocol;
use layerlab_core::units::human_size;
use serde::Serialize;

mod predicate;
pub use predicate::{Predicate, Scope};

/// One goal's result, for the Check button.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalResult {
    /// What the goal asks, in words.
    pub goal: String,
    pub passed: bool,
    /// The engine's reasoning: the figures, decisions and steps it is based on.
    pub detail: Vec<String>,
    /// The goal's hint, when it failed.
    pub hint: Option<String>,
}

const MB: f64 = 1_000_000.0;

fn result(goal: &Goal, passed: bool, detail: Vec<String>) -> GoalResult {
    GoalResult { goal: goal.predicate.describe(), passed, detail, hint: (!passed).then(|| goal.hint.clone()) }
}

fn failed(goal: &Goal, why: String) -> GoalResult {
    result(goal, false, vec![why])
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("");
    name.is_empty() || name == "root" || name == "0"
}

/// Evaluates a project goal against a build of the project; `run` is the
/// project's run line, used when the goal names none.
pub fn evaluate_project(goal: &Goal, built: &Built, run: &str) -> GoalResult {
    use Predicate::*;
    let image = match built.image() {
        Ok(image) => image,
        Err(why) => return failed(goal, why),
    };
    let dry_run = |line: &Option<String>| built.dry_run(line.as_deref().unwrap_or(run));
    match &goal.predicate {
        Builds => result(goal, true, vec![format!("the build made an image of {}", human_size(image.size()))]),
        ImageSizeUnder { mb } => {
            let size = image.size();
            let detail = format!(
                "the image is {} ({} of base image, {} added by this Dockerfile); the limit is {mb} MB",
                human_size(size),
                human_size(image.base_size),
                human_size(image.layers.size())
            );
            result(goal, (size as f64) < mb * MB, vec![detail])
        }
        LayersAtMost { count } => {
            let layers = built.outcome().map(|o| o.layers.len()).unwrap_or(0);
            result(goal, layers <= *count, vec![format!("the Dockerfile adds {layers} layers over its base")])
        }
        NoLayerWastes { mb } => {
            let outcome = match built.outcome() {
                Ok(outcome) => outcome,
                Err(why) => return failed(goal, why),
            };
            let mut per_line: std::collections::BTreeMap<usize, u64> = std::collections::BTreeMap::new();
            for w in &outcome.wasted {
                *per_line.entry(w.stored_line).or_default() += w.size;
            }
            let worst = per_line.iter().max_by_key(|(_, bytes)| **bytes).map(|(l, b)| (*l, *b));
            let mut detail: Vec<String> = outcome
                .wasted
                .iter()
                .take(5)
                .map(|w| {
                    format!(
                        "line {} stored {} of `{}`, which line {} hides",
                        w.stored_line,
                        human_size(w.size),
                        w.path,
                        w.hidden_line
                    )
                })
                .collect();
            let passed = match worst {
                Some((line, bytes)) => {
                    detail.insert(0, format!("the layer of line {line} wastes {}", human_size(bytes)));
                    (bytes as f64) <= mb * MB
                }
                None => {
                    detail.push("no layer stores anything a later layer hides".into());
                    true
                }
            };
            result(goal, passed, detail)
        }
        RunsAsNonRoot { run } => match dry_run(run) {
            Ok(d) => {
                let shown = if d.user.is_empty() { "root (no USER set)".to_string() } else { format!("`{}`", d.user) };
                result(goal, !is_root(&d.user), vec![format!("the process runs as {shown}")])
            }
            Err(why) => failed(goal, why),
        },
        ArgvIs { argv, run } => match dry_run(run) {
            Ok(d) => {
                let words: Vec<String> = d.argv.iter().map(|w| w.word.clone()).collect();
                let mut detail = vec![format!("the container runs {words:?}")];
                detail.extend(d.explanation.iter().cloned());
                result(goal, &words == argv, detail)
            }
            Err(why) => failed(goal, why),
        },
        StopReachesApp { run } => match dry_run(run) {
            Ok(d) => {
                let mut detail = vec![format!("PID 1 is `{}`", d.pid1)];
                detail.extend(d.explanation.iter().cloned());
                result(goal, d.signals_reach_app, detail)
            }
            Err(why) => failed(goal, why),
        },
        PortPublished { port, run } => match dry_run(run) {
            Ok(d) => {
                let passed = d.ports.iter().any(|p| p.container_port == *port && p.protocol == "tcp");
                result(goal, passed, port_detail(&d))
            }
            Err(why) => failed(goal, why),
        },
        PortOnLoopbackOnly { port, run } => match dry_run(run) {
            Ok(d) => {
                let bindings: Vec<_> =
                    d.ports.iter().filter(|p| p.container_port == *port && p.protocol == "tcp").collect();
                let passed = !bindings.is_empty() && bindings.iter().all(|p| is_loopback(&p.host_ip));
                result(goal, passed, port_detail(&d))
            }
            Err(why) => failed(goal, why),
        },
        MemoryLimitAtMost { mb, run } => match dry_run(run) {
            Ok(d) => {
                let file = d.setup.as_ref().ok().and_then(|s| s.cgroup_limits.iter().find(|f| f.name == "memory.max"));
                let Some(file) = file else {
                    return failed(goal, "the daemon would not create this container".into());
                };
                let limit = file.value.parse::<u64>().ok();
                let detail = match limit {
                    Some(bytes) => format!("memory.max is {bytes} ({}); the limit is {mb} MB", human_size(bytes)),
                    None => {
                        format!("memory.max is `{}`: no limit, the container may use all the host's memory", file.value)
                    }
                };
                result(goal, limit.is_some_and(|bytes| (bytes as f64) <= mb * MB), vec![detail])
            }
            Err(why) => failed(goal, why),
        },
        Exposes { port } => {
            let ports = &image.config.exposed_ports;
            let listed = ports.iter().cloned().collect::<Vec<_>>().join(", ");
            let detail = if listed.is_empty() {
                "the image exposes no port".into()
            } else {
                format!("the image exposes {listed}")
            };
            result(goal, ports.contains(&format!("{port}/tcp")), vec![detail])
        }
        HasHealthcheck => {
            let check = image.config.healthcheck.as_ref().filter(|h| h.test.first().is_some_and(|t| t != "NONE"));
            let detail = match check {
                Some(h) => format!("HEALTHCHECK runs {:?}", h.test),
                None => "the image has no HEALTHCHECK".into(),
            };
            result(goal, check.is_some(), vec![detail])
        }
        HasLabel { key } => {
            let labels: Vec<String> = image.config.labels.keys().cloned().collect();
            let detail = if labels.is_empty() {
                "the image has no labels".into()
            } else {
                format!("labels: {}", labels.join(", "))
            };
            result(goal, image.config.labels.contains_key(key), vec![detail])
        }
        LintSilent { rule } => {
            let findings: Vec<String> = built
                .view
                .lint
                .findings
                .iter()
                .filter(|f| f.rule.name == rule || f.rule.hadolint == Some(rule.as_str()))
                .map(|f| format!("line {}: {} ({})", f.line, f.message, f.rule.name))
                .collect();
            let passed = findings.is_empty();
            let detail = if passed { vec![format!("no `{rule}` finding")] } else { findings };
            result(goal, passed, detail)
        }
        FileInImage { path } | FileNotInImage { path } => {
            let wanted = layerlab_core::layers::normalize("/", path);
            let present = image.layers.get(&wanted).is_some();
            let detail = format!("`{wanted}` is {}in the image's layers", if present { "" } else { "not " });
            let passed = present == matches!(goal.predicate, FileInImage { .. });
            result(goal, passed, vec![detail])
        }
        NotInContext { path } => {
            let entry = built.view.context.files.iter().find(|e| &e.path == path);
            let (passed, detail) = match entry.map(|e| &e.ignored) {
                None => (true, format!("the project has no `{path}`")),
                Some(Some(by)) => {
                    let line = by.line.map(|l| format!(" (line {l} of .dockerignore)")).unwrap_or_default();
                    (true, format!("`{path}` is left out by `{}`{line}", by.pattern))
                }
                Some(None) => (false, format!("`{path}` is sent to the builder with the build context")),
            };
            result(goal, passed, vec![detail])
        }
        CommandAbsent { command } => {
            let present = image.installed.contains(command);
            let detail = format!("`{command}` is {}in the final image", if present { "" } else { "not " });
            result(goal, !present, vec![detail])
        }
        StaysCached { edits, step } => cache_goal(goal, built, edits, |steps| {
            let matching: Vec<_> = steps.iter().filter(|s| s.instruction.contains(step.as_str())).collect();
            !matching.is_empty() && matching.iter().all(|s| s.cached())
        }),
        ReusesCache { edits, first } => cache_goal(goal, built, edits, |steps| {
            let last_stage = steps.last().map(|s| s.stage_index);
            let own: Vec<_> = steps.iter().filter(|s| Some(s.stage_index) == last_stage).collect();
            own.len() >= *first && own.iter().take(*first).all(|s| s.cached())
        }),
        NoDanglingImages
        | ImageExists { .. }
        | ImageAbsent { .. }
        | AllContainersStopped
        | NoContainers
        | ContainerRunning { .. }
        | ContainerAbsent { .. }
        | HostReaches { .. }
        | ContainersReach { .. }
        | NetworkExists { .. }
        | NetworkAbsent { .. }
        | VolumeExists { .. }
        | VolumeMounted { .. }
        | PushedForPlatforms { .. } => failed(goal, "this goal is about the terminal, not a project".into()),
    }
}

/// A dry run's published ports and unpublished EXPOSEs, one line each.
fn port_detail(d: &layerlab_core::engine::containers::DryRun) -> Vec<String> {
    let mut detail: Vec<String> = d
        .ports
        .iter()
        .map(|p| match p.host_port {
            Some(h) => format!("{}:{h} on the host → {}/{} in the container", p.host_ip, p.container_port, p.protocol),
            None => {
                format!("an ephemeral port on {} → {}/{} in the container", p.host_ip, p.container_port, p.protocol)
            }
        })
        .collect();
    if detail.is_empty() {
        detail.push("the run line publishes no port".into());
    }
    for exposed in &d.unpublished {
        detail.push(format!("{exposed} is exposed by the image but not published"));
    }
    detail
}

/// Whether a published port's host address is loopback: only processes on
/// the host itself can connect (docker run reference, --publish).
fn is_loopback(ip: &str) -> bool {
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    ip.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback())
}

/// Builds the project, applies `edits`, builds again, and judges the second
/// build's layer steps; the detail is each step's cache decision in the
/// simulator's words.
fn cache_goal(
    goal: &Goal,
    built: &Built,
    edits: &[Edit],
    judge: impl Fn(&[layerlab_core::build::StepReport]) -> bool,
) -> GoalResult {
    let mut project = built.project.clone();
    let mut no_cache = false;
    for edit in edits {
        if let Err(why) = apply(&mut project, edit, &mut no_cache) {
            return failed(goal, why);
        }
    }
    let rebuilt = built.rebuild(&project, no_cache);
    let outcome = match rebuilt.outcome() {
        Ok(outcome) if outcome.image.is_some() => outcome,
        Ok(_) | Err(_) => return failed(goal, rebuilt.image().err().unwrap_or_default()),
    };
    let steps: Vec<_> = outcome.steps.iter().filter(|s| s.cache.is_some()).cloned().collect();
    let detail = steps.iter().map(|s| format!("line {} `{}`: {}", s.line, s.instruction, s.reason())).collect();
    result(goal, judge(&steps), detail)
}

/// Evaluates a terminal goal against the daemon's state.
pub fn evaluate_daemon(goal: &Goal, session: &Session) -> GoalResult {
    use Predicate::*;
    let engine = session.engine();
    let runtime = engine.runtime();
    match &goal.predicate {
        NoDanglingImages => {
            let dangling = engine.dangling();
            let detail = if dangling.is_empty() {
                vec!["`docker images -f dangling=true` lists nothing".into()]
            } else {
                dangling.iter().map(|id| format!("dangling: {}", short_id(id))).collect()
            };
            result(goal, dangling.is_empty(), detail)
        }
        ImageExists { reference } | ImageAbsent { reference } => {
            let found = engine.resolve(reference);
            let detail = match &found {
                Ok(id) => format!("`{reference}` is {}", short_id(id)),
                Err(e) => e.to_string(),
            };
            result(goal, found.is_ok() == matches!(goal.predicate, ImageExists { .. }), vec![detail])
        }
        AllContainersStopped | NoContainers => {
            let all = matches!(goal.predicate, NoContainers);
            let left: Vec<String> = runtime
                .containers()
                .iter()
                .filter(|c| all || c.is_running())
                .map(|c| format!("`{}` is {}", c.name, c.state.status.as_str()))
                .collect();
            let passed = left.is_empty();
            let detail = if passed { vec!["none left".to_string()] } else { left };
            result(goal, passed, detail)
        }
        ContainerRunning { name } => match runtime.container(name) {
            Some(c) => result(goal, c.is_running(), vec![format!("`{name}` is {}", c.state.status.as_str())]),
            None => failed(goal, format!("there is no container `{name}`")),
        },
        ContainerAbsent { name } => match runtime.container(name) {
            Some(c) => failed(goal, format!("`{name}` still exists ({})", c.state.status.as_str())),
            None => result(goal, true, vec![format!("there is no container `{name}`")]),
        },
        HostReaches { name, port, address } => match runtime.host_reach(name, *port, Protocol::Tcp) {
            Ok(HostReach::Published { host_ip, host_port }) => {
                let detail = format!("{host_ip}:{host_port} on the host forwards to port {port} of `{name}`");
                let passed = address.as_ref().is_none_or(|a| a == &host_ip);
                result(goal, passed, vec![detail])
            }
            Ok(HostReach::HostNetwork { port }) => {
                let detail =
                    format!("`{name}` uses the host's network: port {port} is the host's own, on every interface");
                result(goal, address.is_none(), vec![detail])
            }
            Ok(HostReach::NotPublished { why, .. }) => failed(goal, why),
            Ok(HostReach::NotRunning) => failed(goal, format!("`{name}` is not running")),
            Err(e) => failed(goal, e.to_string()),
        },
        ContainersReach { from, to } => match runtime.resolve_name(from, to) {
            Ok(reach) => result(goal, reach.reachable, vec![reach.why]),
            Err(e) => failed(goal, e.to_string()),
        },
        NetworkExists { name } => match runtime.network(name) {
            Ok(n) => result(goal, true, vec![format!("`{name}` is a {} network", n.driver.as_str())]),
            Err(e) => failed(goal, e.to_string()),
        },
        NetworkAbsent { name } => match runtime.network(name) {
            Ok(n) => result(goal, false, vec![format!("`{name}` is still there, a {} network", n.driver.as_str())]),
            Err(e) => result(goal, true, vec![e.to_string()]),
        },
        VolumeExists { name } => {
            let found = runtime.volumes().iter().any(|v| &v.name == name);
            result(
                goal,
                found,
                vec![format!("the volume `{name}` {}", if found { "exists" } else { "does not exist" })],
            )
        }
        VolumeMounted { container, volume, destination } => match runtime.container(container) {
            Some(c) => {
                let mut detail: Vec<String> = c
                    .mounts
                    .iter()
                    .map(|m| match &m.name {
                        Some(name) => format!("the {} `{name}` is at `{}`", m.kind.as_str(), m.destination),
                        None => format!("a {} from `{}` is at `{}`", m.kind.as_str(), m.source, m.destination),
                    })
                    .collect();
                if detail.is_empty() {
                    detail.push(format!("`{container}` has no mounts: its files live in its writable layer"));
                }
                let passed = c.mounts.iter().any(|m| {
                    m.kind == MountKind::Volume && m.name.as_deref() == Some(volume) && &m.destination == destination
                });
                result(goal, passed, detail)
            }
            None => failed(goal, format!("there is no container `{container}`")),
        },
        PushedForPlatforms { reference, platforms } => pushed_for_platforms(goal, session, reference, platforms),
        _ => failed(goal, "this goal is about a project, not the terminal".into()),
    }
}

/// Whether a multi-platform push left an image index under `reference`
/// with an image for each platform (containerd's normalization:
/// `linux/arm64/v8` is `linux/arm64`).
fn pushed_for_platforms(goal: &Goal, session: &Session, reference: &str, platforms: &[String]) -> GoalResult {
    let Some(index) = session.engine().image_index(reference) else {
        return failed(
            goal,
            format!("no multi-platform image was pushed as `{reference}` (a build of one platform pushes a plain manifest, or nothing without --push)"),
        );
    };
    let pushed: Vec<String> = index.manifests.iter().map(|m| m.platform.to_string()).collect();
    let mut detail = vec![format!("`{reference}`'s index lists {}", pushed.join(", "))];
    let mut passed = true;
    for wanted in platforms {
        match Platform::parse(wanted) {
            Ok(p) if index.manifests.iter().any(|m| m.platform == p) => {}
            Ok(p) => {
                passed = false;
                detail.push(format!("no image for {p}"));
            }
            Err(e) => return failed(goal, format!("`{wanted}` is not a platform: {e}")),
        }
    }
    result(goal, passed, detail)
}

fn short_id(id: &str) -> String {
    id.trim_start_matches("sha256:").chars().take(12).collect()
}

#[cfg(test)]
mod tests;
