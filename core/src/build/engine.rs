//! The build loop: choose the stages the target needs, then run each
//! stage's steps against the cache.

use super::cache::{explain_miss, BuildCache, StepInputs};
use super::config::ImageConfig;
use super::sources;
use super::steps::{self, StageState};
use super::{log, BuildError, BuildOptions, BuildOutcome, BuildRecord, BuildRequest, BuildWarning, Image, StepReport};
use crate::catalog;
use crate::expansion::scope::{expand_from, expand_stage, global_scope, BuildInputs};
use crate::expansion::Lexer;
use crate::instructions::{from_syntax, Dockerfile, Instruction};
use crate::layers::LayerStack;
use crate::syntax::{self, Parsed};
use std::collections::{BTreeMap, BTreeSet};

/// Runs a build. Never panics; a failing build returns the steps done so far.
pub fn build(request: &BuildRequest<'_>, cache: &mut BuildCache) -> BuildOutcome {
    build_with(request, cache, &BuildOptions::default())
}

/// [`build`] with options, for callers other than `docker build` (lint).
pub fn build_with(request: &BuildRequest<'_>, cache: &mut BuildCache, options: &BuildOptions<'_>) -> BuildOutcome {
    match options.parsed {
        Some((parsed, file)) => run(request, cache, options.log, parsed, file),
        None => {
            let parsed = syntax::parse(request.dockerfile);
            let file = from_syntax(&parsed);
            run(request, cache, options.log, &parsed, &file)
        }
    }
}

fn run(
    request: &BuildRequest<'_>,
    cache: &mut BuildCache,
    render_log: bool,
    parsed: &Parsed,
    file: &Dockerfile,
) -> BuildOutcome {
    let mut outcome = BuildOutcome {
        steps: Vec::new(),
        skipped_stages: Vec::new(),
        stage_count: 0,
        image: None,
        error: None,
        wasted_bytes: 0,
        efficiency: 1.0,
        log: String::new(),
        warnings: Vec::new(),
    };
    if let Some(e) = parsed.errors.first() {
        outcome.error = Some(BuildError { message: e.to_string(), span: e.span });
        return finish(outcome, request, render_log);
    }
    if let Some(e) = file.errors.first() {
        outcome.error = Some(BuildError { message: e.to_string(), span: e.span });
        return finish(outcome, request, render_log);
    }
    // MAINTAINER is deprecated: BuildKit's MaintainerDeprecated check fires while
    // parsing (instructions/parse.go), for every stage, and the build still runs.
    for stage in &file.stages {
        for instruction in &stage.instructions {
            if let Instruction::Maintainer(m) = instruction {
                outcome.warnings.push(BuildWarning {
                    rule: "MaintainerDeprecated",
                    message: "Maintainer instruction is deprecated in favor of using label".to_string(),
                    line: m.common.start_line,
                });
            }
        }
    }
    let target = match target_index(file, request.target.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            outcome.error = Some(e);
            return finish(outcome, request, render_log);
        }
    };
    let inputs = BuildInputs { build_args: request.build_args.clone(), ..BuildInputs::linux_amd64() };
    let lexer = Lexer::new(file.escape);
    let (global, global_errors) = global_scope(file, &inputs, &lexer);
    if let Some(e) = global_errors.first() {
        outcome.error = Some(BuildError { message: e.error.to_string(), span: e.span });
        return finish(outcome, request, render_log);
    }
    // Each stage's base, expanded once with the global scope: stage selection
    // and the build both read it (`ARG BASE=builder` + `FROM $BASE` depends on `builder`).
    // Like BuildKit (convert.go `buildDispatchStates`), every stage's FROM is
    // expanded before any stage runs, and the first error fails the build.
    let mut froms = Vec::with_capacity(file.stages.len());
    for stage in &file.stages {
        let (from, errors) = expand_from(stage, &global, &lexer);
        if let Some(e) = errors.first() {
            outcome.error = Some(BuildError { message: e.error.to_string(), span: e.span });
            return finish(outcome, request, render_log);
        }
        froms.push(from);
    }
    let bases: Vec<String> = froms.iter().map(|f| f.base.clone()).collect();
    let needed = needed_stages(file, &bases, target);
    outcome.skipped_stages =
        file.stages.iter().filter(|s| !needed.contains(&s.index)).map(|s| stage_label(file, s.index)).collect();

    let mut done: BTreeMap<usize, StageState> = BTreeMap::new();
    // Images `COPY --from` pulled so far: each is pulled (and logged) once.
    let mut pulled: BTreeSet<String> = BTreeSet::new();
    for stage in file.stages.iter().filter(|s| needed.contains(&s.index)) {
        let label = stage_label(file, stage.index);
        // The base: an earlier stage of this file, or an image from the catalog.
        let base_name = bases.get(stage.index).cloned().unwrap_or_default();
        let mut state = match file.stage_by_ref(&base_name).filter(|s| s.index < stage.index) {
            Some(parent) => match done.get(&parent.index) {
                Some(parent_state) => parent_state.child(&base_name),
                None => {
                    outcome.error = Some(BuildError {
                        message: format!("stage {base_name} was not built"),
                        span: stage.from.image_span,
                    });
                    return finish(outcome, request, render_log);
                }
            },
            None => match catalog::resolve(&base_name) {
                Ok(resolved) => StageState::from_catalog(&resolved),
                Err(error) => {
                    outcome.error = Some(BuildError { message: error.to_string(), span: stage.from.image_span });
                    return finish(outcome, request, render_log);
                }
            },
        };
        let base_env: BTreeMap<String, String> = state.config.env.iter().cloned().collect();
        let from = froms.get(stage.index).cloned().unwrap_or_default();
        let expanded = expand_stage(stage, from, &global, &base_env, &inputs, &lexer);
        if let Some(e) = expanded.errors.first() {
            outcome.error = Some(BuildError { message: e.error.to_string(), span: e.span });
            return finish(outcome, request, render_log);
        }
        // BuildKit counts FROM as a step only when it pulls an image (convert.go, cmdTotal).
        let from_is_step = state.from_image_step;
        let total = usize::from(from_is_step) + expanded.instructions.iter().filter(|i| steps::is_step(i)).count();
        if from_is_step {
            outcome.steps.push(StepReport {
                stage: label.clone(),
                position: 1,
                total,
                instruction: format!("FROM {}", state.from_display),
                line: stage.from.common.start_line,
                cached: false,
                reason: state.from_reason.clone(),
                size: 0,
                seconds: 0.0,
                notes: state.notes.clone(),
                output: Vec::new(),
                unknown_size: Vec::new(),
            });
        }
        let mut position = usize::from(from_is_step);
        let mut cmd_set = false;
        for instruction in &expanded.instructions {
            if !steps::is_step(instruction) {
                steps::apply_config(&mut state, instruction, &mut cmd_set);
                state.records.push(BuildRecord::Config(Box::new(instruction.clone())));
                continue;
            }
            position += 1;
            let step_key = format!("{label}/{position}");
            let name = steps::step_name(&state, instruction, file.escape);
            let report_base = StepReport {
                stage: label.clone(),
                position,
                total,
                instruction: name.clone(),
                line: instruction.common().start_line,
                cached: false,
                reason: String::new(),
                size: 0,
                seconds: 0.0,
                notes: Vec::new(),
                output: Vec::new(),
                unknown_size: Vec::new(),
            };
            // Sources are resolved once: the key reads them, and a miss copies them.
            // A source that names nothing fails here, as BuildKit fails computing the key.
            let resolution = match sources::resolve(&state, instruction, request.context, &done, file) {
                Ok(resolution) => resolution,
                Err(failure) => {
                    let reason = "its sources could not be resolved, so it has no cache key".to_string();
                    outcome.steps.push(StepReport { reason, output: failure.output, ..report_base });
                    outcome.error = Some(BuildError { message: failure.message, span: instruction.common().span });
                    return finish(outcome, request, render_log);
                }
            };
            if let Some((resolved, _)) = &resolution.image {
                if pulled.insert(resolved.image.name.clone()) {
                    outcome.steps.push(pull_step(&label, resolved, instruction.common().start_line));
                }
            }
            let inputs_now = steps::inputs(&state, instruction, &name, &resolution);
            let key = inputs_now.key(&state.key);
            let hit = if request.no_cache || state.parent_missed { None } else { cache.get(&key) };
            let report = match hit {
                Some(cached) => {
                    state.replay(cached);
                    StepReport {
                        cached: true,
                        reason: with_key_note(
                            "same instruction, same inputs, same parent: taken from the cache".into(),
                            instruction,
                        ),
                        size: cached.diff.size(),
                        notes: cached.notes.clone(),
                        unknown_size: cached.unknown_size.clone(),
                        ..report_base
                    }
                }
                None => {
                    let reason =
                        explain_miss(cache.last_inputs(&step_key), &inputs_now, state.parent_missed, request.no_cache);
                    let reason = with_key_note(reason, instruction);
                    let result = steps::execute(&mut state, instruction, &resolution);
                    match result {
                        Ok(executed) => {
                            state.parent_missed = true;
                            // The report copies the step's small lists; the cache keeps the layer.
                            let report = StepReport {
                                reason,
                                size: executed.diff.size(),
                                seconds: executed.seconds,
                                notes: executed.notes.clone(),
                                output: executed.output.clone(),
                                unknown_size: executed.unknown_size.clone(),
                                ..report_base
                            };
                            cache.insert(key.clone(), executed);
                            report
                        }
                        Err(failure) => {
                            outcome.steps.push(StepReport { reason, output: failure.output, ..report_base });
                            let span = instruction.common().span;
                            outcome.error = Some(BuildError { message: failure.message, span });
                            return finish(outcome, request, render_log);
                        }
                    }
                }
            };
            steps::apply_config(&mut state, instruction, &mut cmd_set);
            cache.remember(step_key, inputs_now);
            state.key = key;
            state.history.push(report.instruction.clone());
            state.records.push(BuildRecord::Layer(steps::created_by(&state, instruction)));
            outcome.steps.push(report);
        }
        done.insert(stage.index, state);
    }
    outcome.stage_count = file.stages.len();
    if let Some(state) = done.remove(&target) {
        let efficiency = state.layers.efficiency();
        outcome.wasted_bytes = efficiency.wasted_bytes;
        outcome.efficiency = efficiency.score;
        outcome.image = Some(Image {
            config: state.config,
            base_size: state.base_size,
            base_layers: state.base_layers,
            layers: state.layers,
            layer_history: state.history,
            records: state.records,
            users: state.users,
        });
    }
    finish(outcome, request, render_log)
}

/// The pull `COPY --from=<image>` makes: BuildKit gives the image an
/// unregistered stage of its own (convert.go, `toCommand`) whose FROM vertex
/// has no `[n/m]` prefix (its `cmdTotal` is 0, see `prefixCommand`).
fn pull_step(label: &str, resolved: &catalog::Resolved, line: usize) -> StepReport {
    StepReport {
        stage: label.to_string(),
        position: 0,
        total: 0,
        instruction: format!("FROM {}", full_reference(&resolved.requested)),
        line,
        cached: false,
        reason: "COPY --from names an image, not a stage: BuildKit pulls it; resolved from Layerlab's image catalog"
            .to_string(),
        size: 0,
        seconds: 0.0,
        notes: resolved.note.iter().cloned().collect(),
        output: Vec::new(),
        unknown_size: Vec::new(),
    }
}

/// Appends what stands for a URL's content in the key, for ADD from a URL.
fn with_key_note(reason: String, instruction: &Instruction) -> String {
    match instruction {
        Instruction::Add(add) => match sources::url_key_note(add) {
            Some(note) => format!("{reason} ({note})"),
            None => reason,
        },
        _ => reason,
    }
}

fn finish(mut outcome: BuildOutcome, request: &BuildRequest<'_>, render_log: bool) -> BuildOutcome {
    if render_log {
        outcome.log = log::render(&outcome, request);
    }
    outcome
}

/// `stage-N` for unnamed stages, as BuildKit labels them.
pub(super) fn stage_label(file: &Dockerfile, index: usize) -> String {
    match file.stages.get(index).and_then(|s| s.name.clone()) {
        Some(name) => name,
        None => format!("stage-{index}"),
    }
}

fn target_index(file: &Dockerfile, target: Option<&str>) -> Result<usize, BuildError> {
    match target {
        None => Ok(file.stages.len().saturating_sub(1)),
        Some(name) => {
            file.stages.iter().find(|s| s.name.as_deref() == Some(&name.to_ascii_lowercase())).map(|s| s.index).ok_or(
                BuildError { message: format!("target stage \"{name}\" could not be found"), span: Default::default() },
            )
        }
    }
}

/// The target and every stage it depends on, through FROM and COPY --from.
fn needed_stages(file: &Dockerfile, bases: &[String], target: usize) -> BTreeSet<usize> {
    let mut needed = BTreeSet::new();
    let mut queue = vec![target];
    while let Some(index) = queue.pop() {
        if !needed.insert(index) {
            continue;
        }
        let Some(stage) = file.stages.get(index) else {
            continue;
        };
        let base = bases.get(index).map_or(stage.from.image.as_str(), String::as_str);
        if let Some(dep) = file.stage_by_ref(base).filter(|s| s.index < index) {
            queue.push(dep.index);
        }
        for instruction in &stage.instructions {
            if let Instruction::Copy(copy) = instruction {
                if let Some(dep) = copy.from.as_deref().and_then(|f| file.stage_by_ref(f)) {
                    queue.push(dep.index);
                }
            }
        }
    }
    needed
}

impl StageState {
    /// A stage built FROM an earlier stage: its layers and config, new history.
    fn child(&self, name: &str) -> StageState {
        let mut child = self.clone();
        child.from_display = name.to_string();
        child.from_reason = format!("builds on stage {name}");
        child.from_image_step = false;
        child.notes.clear();
        child
    }

    fn from_catalog(resolved: &catalog::Resolved) -> StageState {
        let image = resolved.image;
        let mut notes = Vec::new();
        if let Some(note) = &resolved.note {
            notes.push(note.clone());
        }
        let base_size = image.size_on_disk.unwrap_or_else(|| estimate_on_disk(image));
        if image.size_on_disk.is_none() {
            notes.push(format!("{}: no published on-disk size; estimated from its compressed size", image.name));
        }
        StageState {
            config: ImageConfig::from_base(&image.config),
            layers: LayerStack::new(),
            base_size,
            base_layers: image.layers.clone(),
            key: StepInputs { source: Some(image.name.clone()), ..StepInputs::default() }.key(""),
            parent_missed: false,
            from_display: full_reference(&resolved.requested),
            from_reason: "resolved from Layerlab's image catalog".to_string(),
            notes,
            history: Vec::new(),
            records: Vec::new(),
            build_args: Vec::new(),
            installed: image.installed.iter().cloned().collect(),
            image,
            args: BTreeMap::new(),
            users: base_users(image),
            texts: BTreeMap::new(),
            from_image_step: image.repository != "scratch",
        }
    }
}

/// The users a base image has (its /etc/passwd, from the catalog).
fn base_users(image: &catalog::BaseImage) -> BTreeSet<String> {
    image.users()
}

/// `docker.io/library/python:3.12-slim`, as BuildKit names images in its log.
fn full_reference(reference: &catalog::ImageRef) -> String {
    let name = format!("{}/{}", reference.registry, reference.path);
    match (&reference.tag, &reference.digest) {
        (_, Some(digest)) => format!("{name}@{digest}"),
        (Some(tag), None) => format!("{name}:{tag}"),
        (None, None) => name,
    }
}

/// On-disk size from the compressed size, with the ratios measured in
/// `shared/reference/base-images.md` (Debian ×2.65, Ubuntu ×2.6, Alpine ×2.2).
fn estimate_on_disk(image: &catalog::BaseImage) -> u64 {
    let ratio = match image.os {
        catalog::OsFamily::Alpine => 2.2,
        catalog::OsFamily::Ubuntu => 2.6,
        _ => 2.65,
    };
    image.size_compressed.map_or(0, |c| (c as f64 * ratio) as u64)
}
