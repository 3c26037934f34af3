//! Stages as a whole: the name rules (ReservedStageName, DuplicateStageName,
//! `validateStageNames`) and the dependency graph BuildKit builds before
//! dispatching (`buildStageDependencyGraph`, `resolveStages`): `COPY --from`
//! and `RUN --mount=from=` sources, circular dependencies, and which stages
//! receive their base stage's ONBUILD triggers.

use super::config::CheckConfig;
use super::from::Head;
use super::parse_time::csv_fields;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::expansion::{EmptyEnv, Lexer};
use crate::instructions::{Dockerfile, Instruction, Stage};

const RESERVED: [&str; 2] = ["context", "scratch"];

/// ReservedStageName and DuplicateStageName, under the file's configuration
/// (a `# check=` comment above the FROM does not apply to them).
pub(super) fn check_names(stages: &[Stage], cfg: &CheckConfig, sink: &mut Sink) {
    let mut seen: Vec<&str> = Vec::new();
    for stage in stages {
        let Some(name) = stage.name.as_deref() else { continue };
        let loc = Loc::of(&stage.from.common);
        if RESERVED.contains(&name) {
            sink.report(cfg, RuleId::ReservedStageName, rules::reserved_stage_name(name), loc);
        }
        if seen.contains(&name) {
            sink.report(cfg, RuleId::DuplicateStageName, rules::duplicate_stage_name(name), loc);
        }
        seen.push(name);
    }
}

/// What a `--from` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    Stage(usize),
    /// Not a stage: an image to pull (or `scratch`).
    Image(String),
}

/// The stage a name refers to once every stage is known: the last one of
/// that name, case-insensitively (`findStateByName`).
fn stage_by_name(file: &Dockerfile, name: &str) -> Option<usize> {
    let lower = name.to_lowercase();
    file.stages.iter().rposition(|s| s.name.as_deref() == Some(lower.as_str()))
}

/// `COPY --from=...` resolved as BuildKit's `toCommand` does: never expanded,
/// a number is a stage index, a known name a stage, anything else an image.
pub(super) fn copy_source(file: &Dockerfile, from: &str, lexer: &Lexer) -> Result<Source, String> {
    let expanded = lexer.process_word(from, &EmptyEnv).map_err(|e| e.buildkit_message(from))?;
    if expanded.value != from {
        return Err("variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround".to_string());
    }
    if let Some(index) = parse_go_int(from) {
        return match usize::try_from(index).ok().filter(|&i| i < file.stages.len()) {
            Some(i) => Ok(Source::Stage(i)),
            None => Err(format!("invalid stage index {index}")),
        };
    }
    Ok(stage_by_name(file, from).map_or_else(|| Source::Image(from.to_string()), Source::Stage))
}

/// `RUN --mount` sources: the `from=` of each mount, `scratch` when none.
fn mount_sources(file: &Dockerfile, mounts: &[String]) -> Vec<Source> {
    mounts
        .iter()
        .map(|mount| {
            let from = csv_fields(mount)
                .into_iter()
                .find_map(|f| {
                    f.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("from")).map(|(_, v)| v.to_string())
                })
                .unwrap_or_else(|| "scratch".to_string());
            stage_by_name(file, &from).map_or(Source::Image(from), Source::Stage)
        })
        .collect()
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
fn parse_go_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The sources of one instruction.
fn sources_of(file: &Dockerfile, instruction: &Instruction, lexer: &Lexer) -> Result<Vec<Source>, String> {
    Ok(match instruction {
        Instruction::Copy(copy) => match &copy.from {
            Some(from) => vec![copy_source(file, from, lexer)?],
            None => Vec::new(),
        },
        Instruction::Run(run) => mount_sources(file, &run.mounts),
        _ => Vec::new(),
    })
}

/// The graph of stages.
#[derive(Debug, Clone)]
pub(super) struct Graph {
    /// Stages each stage reads from (`COPY --from`, mounts), not its base.
    pub deps: Vec<Vec<usize>>,
    /// Images named by `--from` or mounts, in the order BuildKit meets them.
    pub images: Vec<String>,
    /// The name BuildKit uses in messages: the stage name, `stage-N`, or
    /// nothing when the build has a single state.
    pub names: Vec<String>,
    /// Stages that run their base stage's ONBUILD triggers first.
    pub triggered: Vec<bool>,
}

impl Graph {
    /// The dependency graph and its errors (bad `--from`, cycles).
    pub fn build(file: &Dockerfile, lexer: &Lexer) -> Result<Graph, String> {
        let mut deps = vec![Vec::new(); file.stages.len()];
        let mut images = Vec::new();
        for (index, stage) in file.stages.iter().enumerate() {
            for instruction in &stage.instructions {
                for source in sources_of(file, instruction, lexer)? {
                    match source {
                        Source::Stage(j) => deps[index].push(j),
                        Source::Image(name) => images.push(name),
                    }
                }
            }
        }
        let single = file.stages.len() + images.len() == 1;
        let names = file
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| match &s.name {
                _ if single => String::new(),
                Some(name) => name.clone(),
                None => format!("stage-{i}"),
            })
            .collect();
        let graph = Graph { deps, images, names, triggered: vec![false; file.stages.len()] };
        graph.check_cycles()?;
        Ok(graph)
    }

    /// `validateCircularDependency`: a depth-first walk from each stage in
    /// order; the message names the stage the walk started from.
    fn check_cycles(&self) -> Result<(), String> {
        let n = self.deps.len();
        let (mut visited, mut on_path) = (vec![false; n], vec![false; n]);
        for root in 0..n {
            if visited[root] {
                continue;
            }
            visited[root] = true;
            on_path[root] = true;
            let mut stack = vec![(root, 0usize)];
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(&dep) = self.deps[node].get(*next) else {
                    on_path[node] = false;
                    stack.pop();
                    continue;
                };
                *next += 1;
                if on_path[dep] {
                    return Err(format!("circular dependency detected on stage: {}", self.names[root]));
                }
                if !visited[dep] {
                    visited[dep] = true;
                    on_path[dep] = true;
                    stack.push((dep, 0));
                }
            }
        }
        Ok(())
    }

    /// Stages reachable from the last one through bases and sources.
    fn reachable(&self, heads: &[Head]) -> Vec<bool> {
        let mut seen = vec![false; heads.len()];
        let mut stack: Vec<usize> = heads.len().checked_sub(1).into_iter().collect();
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut seen[s], true) {
                continue;
            }
            stack.extend(heads[s].base_stage);
            stack.extend(self.deps[s].iter().copied());
        }
        seen
    }

    /// Hands ONBUILD triggers to the stages built on a stage that declares
    /// them. BuildKit does this only for stages reachable from the last one,
    /// even under `--check` (`resolveStages`); a trigger's sources can make
    /// more stages reachable, so this repeats until nothing changes.
    /// Returns the images the triggers name.
    pub fn add_triggers(&mut self, file: &Dockerfile, heads: &[Head], lexer: &Lexer) -> Result<Vec<String>, String> {
        let mut images = Vec::new();
        loop {
            let reachable = self.reachable(heads);
            let mut new_deps = false;
            for s in 0..heads.len() {
                let Some(base) = heads[s].base_stage.filter(|_| reachable[s] && !self.triggered[s]) else { continue };
                self.triggered[s] = true;
                for trigger in triggers(&file.stages[base]) {
                    let sources = sources_of(file, trigger, lexer)?;
                    new_deps |= !sources.is_empty();
                    for source in sources {
                        match source {
                            Source::Stage(j) => self.deps[s].push(j),
                            Source::Image(name) => images.push(name),
                        }
                    }
                }
            }
            if !new_deps {
                return Ok(images);
            }
        }
    }
}

/// The instructions a stage's ONBUILDs register for stages built on it.
pub(super) fn triggers(stage: &Stage) -> impl Iterator<Item = &Instruction> {
    stage.instructions.iter().filter_map(|i| match i {
        Instruction::Onbuild(onbuild) => Some(onbuild.trigger.as_ref()),
        _ => None,
    })
}
