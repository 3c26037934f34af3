//! The build loop: choose the stages the target needs, then run each
//! stage's steps against the cache.

use super::base::{full_reference, resolved_digest};
use super::cache::{explain_miss, BuildCache, StepCache};
use super::platforms::{self, PlatformBuild};
use super::report::{CacheDecision, LayerReport, MissCause, StepKind, WastedPath};
use super::selection::{self, later_uses, needed_stages, take_or_copy};
use super::sources;
use super::steps::{self, StageState, StepFailure};
use super::{checks, link, mounts, transfer};
use super::{log, BuildError, BuildOptions, BuildOutcome, BuildRecord, BuildRequest, Image, LocalImages, StepReport};
use crate::catalog;
use crate::expansion::scope::{expand_from, expand_stage, global_scope, BuildInputs};
use crate::expansion::Lexer;
use crate::instructions::{from_syntax, Common, Dockerfile, Instruction};
use crate::syntax::{self, Parsed};
use std::collections::{BTreeMap, BTreeSet};

/// Runs a build. Never panics; a failing build returns the steps done so far.
pub fn build(request: &BuildRequest<'_>, cache: &mut BuildCache) -> BuildOutcome {
    build_with(request, cache, &BuildOptions::default())
}

/// [`build`] with options, for callers other than `docker build` (lint).
pub fn build_with(request: &BuildRequest<'_>, cache: &mut dyn StepCache, options: &BuildOptions<'_>) -> BuildOutcome {
    let parsed_now;
    let (parsed, file) = match options.parsed {
        Some(given) => given,
        None => {
            let parsed = syntax::parse(request.dockerfile);
            let file = from_syntax(&parsed);
            parsed_now = (parsed, file);
            (&parsed_now.0, &parsed_now.1)
        }
    };
    run(request, cache, options.log, parsed, file, None, None)
}

/// [`build`] as the daemon runs it: a `FROM` names an image of the local
/// store (`local`) before the catalog, as Docker's default builder does.
pub fn build_on(request: &BuildRequest<'_>, cache: &mut dyn StepCache, local: &dyn LocalImages) -> BuildOutcome {
    let parsed = syntax::parse(request.dockerfile);
    let file = from_syntax(&parsed);
    run(request, cache, true, &parsed, &file, Some(local), None)
}

/// [`build_on`] for one target platform (`docker buildx build --platform`).
pub fn build_for(
    request: &BuildRequest<'_>,
    cache: &mut dyn StepCache,
    local: &dyn LocalImages,
    platform: &PlatformBuild,
) -> BuildOutcome {
    let parsed = syntax::parse(request.dockerfile);
    let file = from_syntax(&parsed);
    run(request, cache, true, &parsed, &file, Some(local), Some(platform))
}

fn run(
    request: &BuildRequest<'_>,
    cache: &mut dyn StepCache,
    render_log: bool,
    parsed: &Parsed,
    file: &Dockerfile,
    local: Option<&dyn LocalImages>,
    platform: Option<&PlatformBuild>,
) -> BuildOutcome {
    let mut outcome = BuildOutcome {
        steps: Vec::new(),
        skipped_stages: Vec::new(),
        stage_names: selection::names_stages(file),
        image: None,
        layers: Vec::new(),
        wasted: Vec::new(),
        error: None,
        wasted_bytes: 0,
        efficiency: 1.0,
        log: String::new(),
        warnings: Vec::new(),
    };
    if let Some(e) = parsed.errors.first() {
        outcome.error = Some(BuildError::Dockerfile { message: e.to_string(), span: e.span });
        return finish(outcome, request, cache, render_log);
    }
    if let Some(e) = file.errors.first() {
        outcome.error = Some(BuildError::Dockerfile { message: e.to_string(), span: e.span });
        return finish(outcome, request, cache, render_log);
    }
    let target = match file.target_stage(request.target.as_deref()) {
        Some(t) => t,
        None => {
            let target = request.target.clone().unwrap_or_default();
            outcome.error = Some(BuildError::TargetNotFound { target });
            return finish(outcome, request, cache, render_log);
        }
    };
    let mut inputs = BuildInputs { build_args: request.build_args.clone(), ..BuildInputs::linux_amd64() };
    if let Some(p) = platform {
        inputs.target_platform = p.target.to_string();
    }
    let lexer = Lexer::new(file.escape);
    let (global, global_errors) = global_scope(file, &inputs, &lexer);
    if let Some(e) = global_errors.first() {
        outcome.error = Some(BuildError::Expansion { message: e.error.to_string(), span: e.span });
        return finish(outcome, request, cache, render_log);
    }
    // Each stage's base, expanded once with the global scope: stage selection
    // and the build both read it (`ARG BASE=builder` + `FROM $BASE` depends on `builder`).
    // Like BuildKit (convert.go `buildDispatchStates`), every stage's FROM is
    // expanded before any stage runs, and the first error fails the build.
    let mut froms = Vec::with_capacity(file.stages.len());
    for stage in &file.stages {
        let (from, errors) = expand_from(stage, &global, &lexer);
        if let Some(e) = errors.first() {
            outcome.error = Some(BuildError::Expansion { message: e.error.to_string(), span: e.span });
            return finish(outcome, request, cache, render_log);
        }
        froms.push(from);
    }
    let bases: Vec<String> = froms.iter().map(|f| f.base.clone()).collect();
    let needed = needed_stages(file, &bases, target);
    // Only a build that prints its log reports them (lint's own builds do not).
    if render_log {
        let checked = checks::check(request, parsed, file, &needed, local);
        outcome.warnings = checked.warnings;
        if let Some(message) = checked.error {
            outcome.error = Some(BuildError::Dockerfile { message, span: crate::span::Span::default() });
            return finish(outcome, request, cache, render_log);
        }
    }
    outcome.skipped_stages =
        file.stages.iter().filter(|s| !needed.contains(&s.index)).map(|s| stage_label(file, s.index)).collect();

    if let Some((message, span)) = mounts::entitlements_missing(file, &needed, request) {
        outcome.error = Some(BuildError::Step { message, span });
        return finish(outcome, request, cache, render_log);
    }
    let mut uses = later_uses(file, &bases, &needed);
    let mut done: BTreeMap<usize, StageState> = BTreeMap::new();
    // Images `COPY --from` pulled so far: each is pulled (and logged) once.
    let mut pulled: BTreeSet<String> = BTreeSet::new();
    let mut stage_platforms: BTreeMap<usize, platforms::Platform> = BTreeMap::new();
    for stage in file.stages.iter().filter(|s| needed.contains(&s.index)) {
        let label = stage_label(file, stage.index);
        // The base: an earlier stage of this file, or an image from the catalog.
        let base_name = bases.get(stage.index).cloned().unwrap_or_default();
        let mut state = match file.base_stage(&base_name, stage.index) {
            // The last stage to use a parent takes its state instead of a copy.
            Some(parent) => match take_or_copy(&mut done, &mut uses, parent.index) {
                Some(parent_state) => parent_state.child(&base_name),
                None => {
                    let span = stage.from.image_span;
                    outcome.error = Some(BuildError::StageNotBuilt { stage: base_name, span });
                    return finish(outcome, request, cache, render_log);
                }
            },
            None => match local.and_then(|l| l.local_image(&base_name)) {
                Some(image) => StageState::from_local(image, &base_name),
                None => match catalog::resolve(&base_name) {
                    Ok(resolved) => {
                        let mut state = StageState::from_catalog(&resolved, &base_name);
                        if let Some(p) = platform {
                            let from = froms.get(stage.index).and_then(|f| f.platform.as_deref());
                            platforms::apply_base(&mut state, &platforms::stage_platform(p, from));
                        }
                        state
                    }
                    Err(error) => {
                        let span = stage.from.image_span;
                        outcome.error = Some(base_image_error(&base_name, error, span));
                        return finish(outcome, request, cache, render_log);
                    }
                },
            },
        };
        let base_env: BTreeMap<String, String> = state.config.env.iter().cloned().collect();
        let from = froms.get(stage.index).cloned().unwrap_or_default();
        let expanded = expand_stage(stage, from, &global, &base_env, &inputs, &lexer);
        if let Some(e) = expanded.errors.first() {
            outcome.error = Some(BuildError::Expansion { message: e.error.to_string(), span: e.span });
            return finish(outcome, request, cache, render_log);
        }
        // BuildKit counts FROM as a step only when it pulls an image (convert.go, cmdTotal).
        let from_is_step = state.from_image_step;
        let total = usize::from(from_is_step) + expanded.instructions.iter().filter(|i| steps::is_step(i)).count();
        // A stage on an earlier stage runs on that stage's platform (convert.go: the
        // child's platform is its base stage's); others on `--platform` or the target.
        let stage_platform = platform.map(|p| {
            let parent = file.base_stage(&base_name, stage.index);
            match parent.and_then(|s| stage_platforms.get(&s.index)) {
                Some(inherited) => inherited.clone(),
                None => platforms::stage_platform(p, froms.get(stage.index).and_then(|f| f.platform.as_deref())),
            }
        });
        if let Some(sp) = &stage_platform {
            stage_platforms.insert(stage.index, sp.clone());
        }
        outcome.steps.push(StepReport {
            position: usize::from(from_is_step),
            total,
            instruction: format!("FROM {}", state.from_display),
            digest: state.from_digest.clone().filter(|_| from_is_step),
            vertex: from_is_step,
            notes: state.notes.clone(),
            platform: platform.filter(|p| p.multi).and(stage_platform.as_ref()).map(ToString::to_string),
            ..blank_step(StepKind::Base, &label, stage.index, &stage.from.common)
        });
        let mut position = usize::from(from_is_step);
        let mut cmd_set = false;
        for instruction in &expanded.instructions {
            let common = instruction.common();
            let blank = blank_step(StepKind::Config, &label, stage.index, common);
            if !steps::is_step(instruction) || is_root_workdir(&state, instruction) {
                steps::apply_config(&mut state, instruction, &mut cmd_set);
                state.records.push(BuildRecord::Config(Box::new(instruction.clone())));
                outcome.steps.push(StepReport { instruction: steps::display(instruction), ..blank });
                continue;
            }
            position += 1;
            let step_key = format!("{label}/{position}");
            let name = steps::step_name(&state, instruction, file.escape);
            let mut report =
                StepReport { kind: StepKind::Layer, position, total, instruction: name.clone(), vertex: true, ..blank };
            if let (Some(p), Some(sp)) = (platform, &stage_platform) {
                platforms::mark_step(&mut report, instruction, p, sp, &state.args);
            }
            if let Some(note) = key_note(instruction) {
                report.notes.push(note);
            }
            // Sources are resolved once: the key reads them, and a miss copies them.
            // A source that names nothing fails here, as BuildKit fails computing the key.
            let mut resolution = match sources::resolve(instruction, request.context, &done, file) {
                Ok(resolution) => resolution,
                // The image's pull fails before the step starts: its metadata vertex fails.
                Err(StepFailure { image: Some(unknown), .. }) => {
                    let (name, error) = *unknown;
                    outcome.error = Some(base_image_error(&name, error, common.span));
                    return finish(outcome, request, cache, render_log);
                }
                Err(failure) => {
                    report.cache = Some(CacheDecision::Miss(MissCause::SourcesMissing));
                    report.output = failure.output;
                    outcome.steps.push(report);
                    outcome.error =
                        Some(BuildError::Sources { message: failure.message, span: common.span, note: failure.note });
                    return finish(outcome, request, cache, render_log);
                }
            };
            if let Err(message) = transfer::reshape(instruction, &mut resolution) {
                outcome.error = Some(BuildError::Dockerfile { message, span: common.span });
                return finish(outcome, request, cache, render_log);
            }
            if let Some((resolved, _)) = &resolution.image {
                if pulled.insert(resolved.image.name.clone()) {
                    outcome.steps.push(pull_step(&label, stage.index, resolved, common));
                }
            }
            let mut plan = match mounts::run_mounts(instruction, &state, request, &done, file, &*cache) {
                Ok(plan) => plan,
                Err(message) => {
                    outcome.error = Some(BuildError::Dockerfile { message, span: common.span });
                    return finish(outcome, request, cache, render_log);
                }
            };
            report.mounts = std::mem::take(&mut plan.described);
            let mut inputs_now = steps::inputs(&state, instruction, &name, &mut resolution);
            inputs_now.mounts = std::mem::take(&mut plan.key_files);
            inputs_now.mount_sizes = std::mem::take(&mut plan.key_sizes);
            // COPY --link: keyed without its parent (BuildKit copies onto
            // scratch and merges the result), so what ran below does not
            // invalidate it; the steps after it still chain on the merge.
            let linked = link::is_linked(instruction);
            let key = if linked { inputs_now.key("") } else { inputs_now.key(&state.key) };
            let hit = if request.no_cache || (state.parent_missed && !linked) { None } else { cache.get(&key) };
            match hit {
                Some(cached) => {
                    state.reruns.push(cached.runs);
                    state.replay(cached);
                    report.cache = Some(CacheDecision::Hit);
                    if state.parent_missed {
                        report.notes.push(link::reused_note(state.last_step.map_or(0, |(_, line)| line)));
                    }
                    report.size = cached.diff.size();
                    report.notes.extend(cached.notes.iter().cloned());
                    report.unknown_size.clone_from(&cached.unknown_size);
                }
                None => {
                    let parent = state.last_step.filter(|_| state.parent_missed && !linked);
                    let cause = explain_miss(cache.last_inputs(&step_key), &inputs_now, parent, request.no_cache);
                    report.cache = Some(CacheDecision::Miss(cause));
                    let runs = cache.get(&key).map_or(0, |earlier| earlier.runs.saturating_add(1));
                    match steps::execute(&mut state, instruction, &resolution, &mut plan) {
                        Ok(mut executed) => {
                            executed.runs = runs;
                            state.reruns.push(runs);
                            state.parent_missed = true;
                            for (id, contents) in plan.updates.drain(..) {
                                cache.store_cache_mount(id, contents);
                            }
                            // The report copies the step's small lists; the cache keeps the layer.
                            report.size = executed.diff.size();
                            report.seconds = executed.seconds;
                            report.notes.extend(executed.notes.iter().cloned());
                            report.output.clone_from(&executed.output);
                            platforms::ran(&mut report, stage_platform.as_ref());
                            report.unknown_size.clone_from(&executed.unknown_size);
                            cache.insert(key.clone(), executed);
                        }
                        Err(failure) => {
                            report.output = failure.output;
                            outcome.steps.push(report);
                            let span = common.span;
                            outcome.error = Some(match failure.user {
                                Some(user) => BuildError::UserNotFound { user, span },
                                None => BuildError::Step { message: failure.message, span },
                            });
                            return finish(outcome, request, cache, render_log);
                        }
                    }
                }
            }
            steps::apply_config(&mut state, instruction, &mut cmd_set);
            cache.remember(step_key, inputs_now);
            let index = outcome.steps.len();
            state.layer_steps.push(index);
            // A linked layer taken from the cache over a rebuilt parent: the
            // rebuild below stays the reason the next steps run.
            let reused_over_rebuild = linked && report.cached() && state.parent_missed;
            state.key = if linked { link::merge_key(&state.key, &key) } else { key };
            if !reused_over_rebuild {
                state.last_step = Some((index, report.line));
            }
            state.records.push(BuildRecord::Layer(steps::created_by(&state, instruction)));
            outcome.steps.push(report);
        }
        done.insert(stage.index, state);
    }
    if let Some(mut state) = done.remove(&target) {
        cache.share_merged(&mut state.layers);
        let efficiency = cache.efficiency(&state.layers);
        outcome.wasted_bytes = efficiency.wasted_bytes;
        outcome.efficiency = efficiency.score;
        outcome.layers = state
            .layer_steps
            .iter()
            .zip(state.layers.layers())
            .map(|(&step, diff)| LayerReport { step, size: diff.size() })
            .collect();
        for (i, layer) in outcome.layers.iter().enumerate() {
            if let Some(step) = outcome.steps.get_mut(layer.step) {
                step.layer = Some(i);
            }
        }
        let line_of = |layer: usize| {
            let step = state.layer_steps.get(layer).copied().unwrap_or_default();
            (step, outcome.steps.get(step).map_or(0, |s| s.line))
        };
        outcome.wasted = efficiency
            .paths
            .iter()
            .map(|w| {
                let (stored_by, stored_line) = line_of(w.stored_in);
                let (hidden_by, hidden_line) = line_of(w.hidden_by);
                WastedPath {
                    path: w.path.clone(),
                    size: w.size,
                    stored_by,
                    hidden_by,
                    stored_line,
                    hidden_line,
                    stored_layer: w.stored_in,
                    hidden_layer: w.hidden_by,
                }
            })
            .collect();
        outcome.image = Some(Image {
            config: state.config,
            base_size: state.base_size,
            base_layers: state.base_layers,
            layers: state.layers,
            records: state.records,
            reruns: state.reruns,
            users: state.users,
            estimated_base: state.image.estimated_from.as_ref().map(|_| state.image.name.clone()),
            installed: state.installed,
            local_base: state.local_base,
        });
    }
    finish(outcome, request, cache, render_log)
}

/// The pull `COPY --from=<image>` makes: BuildKit gives the image an
/// unregistered stage of its own (convert.go, `toCommand`) whose FROM vertex
/// has no `[n/m]` prefix (its `cmdTotal` is 0, see `prefixCommand`).
fn pull_step(label: &str, stage_index: usize, resolved: &catalog::Resolved, common: &Common) -> StepReport {
    // COPY --from names an image, not a stage: BuildKit pulls it.
    let notes = resolved.note.iter().cloned().collect();
    StepReport {
        instruction: format!("FROM {}", full_reference(&resolved.requested)),
        digest: resolved_digest(resolved),
        vertex: true,
        notes,
        ..blank_step(StepKind::Base, label, stage_index, common)
    }
}

/// A step of `kind` for the instruction at `common`, before the build
/// fills in what it did: unnumbered, no layer, no cache decision, nothing run.
fn blank_step(kind: StepKind, stage: &str, stage_index: usize, common: &Common) -> StepReport {
    StepReport {
        kind,
        stage: stage.to_string(),
        stage_index,
        position: 0,
        total: 0,
        instruction: String::new(),
        line: common.start_line,
        span: common.span,
        layer: None,
        cache: None,
        vertex: false,
        size: 0,
        seconds: 0.0,
        notes: Vec::new(),
        output: Vec::new(),
        unknown_size: Vec::new(),
        digest: None,
        hit_from: None,
        platform: None,
        emulated: false,
        mounts: Vec::new(),
    }
}

/// A WORKDIR that resolves to `/`: BuildKit counts it in the stage's total
/// but makes no vertex and no layer for it (convert.go `dispatchWorkdir`
/// adds the mkdir only `if wd != "/"`), so the steps after it keep their
/// numbers and the stage never shows its last one.
fn is_root_workdir(state: &StageState, instruction: &Instruction) -> bool {
    matches!(instruction, Instruction::Workdir(w) if crate::layers::normalize(&state.workdir(), &w.path) == "/")
}

/// What stands for a URL's content in the key, for ADD from a URL.
fn key_note(instruction: &Instruction) -> Option<String> {
    match instruction {
        Instruction::Add(add) => sources::url_key_note(add),
        _ => None,
    }
}

fn finish(
    mut outcome: BuildOutcome,
    request: &BuildRequest<'_>,
    cache: &mut dyn StepCache,
    render_log: bool,
) -> BuildOutcome {
    if render_log {
        let id = outcome.image.as_ref().map(|image| cache.image_id(image));
        outcome.log = log::render(&outcome, request, id.as_deref().unwrap_or_default());
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

/// Why a FROM's image could not be had, in BuildKit's words: a repository
/// the catalog lacks is, to BuildKit, one the registry refuses (its metadata
/// vertex fails with the registry's answer, and the solve error names the
/// FROM's text and the reference); the catalog's view is Layerlab's note.
fn base_image_error(base: &str, error: catalog::CatalogError, span: crate::span::Span) -> BuildError {
    match &error {
        catalog::CatalogError::UnknownRepository { .. } => {
            // Docker's normalized name: `:latest` when neither tag nor digest is given.
            let reference = match catalog::ImageRef::parse(base) {
                Ok(mut r) => {
                    if r.tag.is_none() && r.digest.is_none() {
                        r.tag = Some("latest".into());
                    }
                    full_reference(&r)
                }
                Err(_) => base.to_string(),
            };
            BuildError::BaseImage {
                message: format!("{base}: failed to resolve source metadata for {reference}: {DENIED}"),
                span,
                metadata: Some(reference),
                note: Some(error.to_string()),
            }
        }
        catalog::CatalogError::Reference(_) => {
            BuildError::BaseImage { message: error.to_string(), span, metadata: None, note: None }
        }
    }
}

/// A registry's answer to a pull of a repository that does not exist (or
/// needs a login), as BuildKit's resolver reports it.
pub(super) const DENIED: &str =
    "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";
