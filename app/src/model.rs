//! The façade's results turned into what the panels draw: steps with their
//! kind, layers, problems with their fixes, wasted paths, stages.
//!
//! This is the one place that reads `layerlab_core::playground::View`'s
//! fields, so the components never depend on the core's build types and a
//! change of the façade is absorbed here.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use layerlab_core::build::{CacheDecision, Image, LayerChange, MissCause, StepKind as CoreKind};
use layerlab_core::lint::{Fix, Level};
use layerlab_core::playground::View;
use layerlab_core::units::human_size;
use layerlab_core::{Analysis, LineIndex, Severity};

use crate::project::{Project, ProjectExt};

/// Where a step's layer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// FROM: the base image's layers.
    Base,
    Cached,
    Rebuilt,
}

impl StepKind {
    /// The value of `data-cached`.
    pub fn attr(self) -> &'static str {
        match self {
            StepKind::Base => "base",
            StepKind::Cached => "true",
            StepKind::Rebuilt => "false",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            StepKind::Base => "base",
            StepKind::Cached => "cached",
            StepKind::Rebuilt => "MISS",
        }
    }

    pub fn shape(self) -> &'static str {
        match self {
            StepKind::Base => "▤",
            StepKind::Cached => "●",
            StepKind::Rebuilt => "○",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub stage: String,
    /// BuildKit's name for its vertex (`[build 2/3] RUN make`), `None` when
    /// BuildKit shows none (a FROM of an earlier stage or of scratch).
    pub vertex: Option<String>,
    pub instruction: String,
    /// 1-based Dockerfile line.
    pub line: usize,
    pub kind: StepKind,
    pub reason: String,
    pub size: u64,
    pub seconds: f64,
    pub output: Vec<String>,
    pub notes: Vec<String>,
    /// Set when the build stopped at this step.
    pub failed: bool,
    /// A miss forced by the miss of the step above (the cascade).
    pub cascade: bool,
    /// Whether its layer is in the final image (not a builder stage's).
    pub in_image: bool,
    /// Index into the image's layers.
    pub layer: Option<usize>,
}

/// An instruction that changes the image config only (ENV, CMD, …).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigStep {
    pub stage: Option<usize>,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Waste {
    pub path: String,
    pub size: u64,
    /// The instructions that stored and hid the bytes, and their lines.
    pub stored_by: String,
    pub hidden_by: String,
    pub stored_line: usize,
    pub hidden_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub index: usize,
    pub name: Option<String>,
    pub base: String,
    pub line: usize,
    /// Stages this one copies from (`COPY --from`) or builds on (`FROM stage`).
    pub copies_from: Vec<String>,
    pub from_stage: bool,
    pub skipped: bool,
    pub target: bool,
}

impl Stage {
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| format!("stage-{}", self.index))
    }
}

/// One build, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Build {
    pub steps: Vec<Step>,
    pub config: Vec<ConfigStep>,
    /// The stage whose steps make the final image.
    pub final_stage: Option<String>,
    pub image_size: Option<u64>,
    pub base_size: u64,
    pub base_layers: usize,
    pub wasted_bytes: u64,
    pub wasted: Vec<Waste>,
    pub error: Option<(String, usize)>,
    pub log: String,
    pub stages: Vec<Stage>,
    /// Declared ARG names, in order, for the build-args inputs.
    pub args: Vec<(String, Option<String>)>,
    /// The image, for its layers' files.
    pub image: Option<Rc<Image>>,
}

impl Build {
    pub fn seconds(&self) -> f64 {
        self.steps.iter().map(|s| s.seconds).sum()
    }

    /// Steps that could hit the cache (FROM is a pull, not a cache lookup).
    pub fn cache_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.kind != StepKind::Base)
    }

    pub fn cached_count(&self) -> (usize, usize) {
        let hits = self.cache_steps().filter(|s| s.kind == StepKind::Cached).count();
        (hits, self.cache_steps().count())
    }

    /// The layer size to draw for a step: the base image's size for the
    /// final stage's FROM.
    pub fn layer_size(&self, step: &Step) -> u64 {
        if step.kind == StepKind::Base && Some(&step.stage) == self.final_stage.as_ref() {
            self.base_size
        } else {
            step.size
        }
    }
}

/// The build in `view`, or `None` when the project did not build at all.
/// `dockerfile` is the text the view was made from (for the error's line).
pub fn build(view: &View, dockerfile: &str) -> Option<Build> {
    let outcome = view.build.as_ref()?;
    let analysis = &view.analysis;
    let lines = LineIndex::new(dockerfile);
    let error_line = outcome.error.as_ref().map(|e| {
        let span = e.span();
        if span.is_empty() && span.start() == 0 {
            1
        } else {
            lines.line_col(dockerfile, span.start()).line
        }
    });
    let failed_step =
        outcome.error.as_ref().and_then(|_| outcome.steps.iter().rposition(|s| s.kind != CoreKind::Config));
    let mut steps = Vec::new();
    let mut config = Vec::new();
    for (i, s) in outcome.steps.iter().enumerate() {
        let kind = match (s.kind, &s.cache) {
            (CoreKind::Config, _) => {
                config.push(ConfigStep { stage: Some(s.stage_index), line: s.line, text: s.instruction.clone() });
                continue;
            }
            (CoreKind::Base, _) => StepKind::Base,
            (CoreKind::Layer, Some(CacheDecision::Hit)) => StepKind::Cached,
            (CoreKind::Layer, _) => StepKind::Rebuilt,
        };
        let cascade = matches!(&s.cache, Some(CacheDecision::Miss(MissCause::ParentMissed { .. })));
        steps.push(Step {
            stage: s.stage.clone(),
            vertex: outcome.vertex_name(s),
            instruction: s.instruction.clone(),
            line: s.line,
            kind,
            reason: s.reason(),
            cascade,
            in_image: s.layer.is_some(),
            size: s.size,
            seconds: s.seconds,
            output: s.output.clone(),
            notes: s.notes.clone(),
            failed: failed_step == Some(i),
            layer: s.layer,
        });
    }
    let final_stage =
        outcome.steps.iter().rev().find(|s| s.layer.is_some()).or(outcome.steps.last()).map(|s| s.stage.clone());
    let image = outcome.image.as_ref();
    let name = |i: usize| outcome.steps.get(i).map_or_else(String::new, |s| s.instruction.clone());
    let wasted = outcome
        .wasted
        .iter()
        .map(|w| Waste {
            path: w.path.clone(),
            size: w.size,
            stored_by: name(w.stored_by),
            hidden_by: name(w.hidden_by),
            stored_line: w.stored_line,
            hidden_line: w.hidden_line,
        })
        .collect();
    Some(Build {
        stages: stages(analysis, &outcome.skipped_stages, final_stage.as_deref()),
        args: args(analysis),
        config,
        final_stage,
        image_size: image.map(|i| i.size()),
        base_size: image.map_or(0, |i| i.base_size),
        base_layers: image.map_or(0, |i| i.base_layers.len()),
        wasted_bytes: outcome.wasted_bytes,
        wasted,
        error: outcome.error.as_ref().zip(error_line).map(|(e, line)| (e.message(), line)),
        log: outcome.log.clone(),
        steps,
        image: image.cloned().map(Rc::new),
    })
}

/// One path a layer changed, as the layer detail lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    pub path: String,
    /// `added`, `modified`, `removed`.
    pub change: &'static str,
    pub size: u64,
    pub is_dir: bool,
}

/// The files of image layer `layer`: its own changes, or (`up_to`) the
/// image's files as they stand after it; largest first.
pub fn layer_files(build: &Build, layer: usize, up_to: bool) -> Vec<FileRow> {
    let Some(image) = &build.image else { return Vec::new() };
    let files = if up_to { image.files_up_to(layer) } else { image.layer_files(layer) };
    let mut rows: Vec<FileRow> = files
        .into_iter()
        .map(|f| FileRow {
            change: match f.change {
                LayerChange::Added => "added",
                LayerChange::Modified => "modified",
                LayerChange::Removed => "removed",
                LayerChange::Opaque => "replaced",
            },
            path: f.path,
            size: f.size,
            is_dir: f.is_dir,
        })
        .collect();
    layerlab_core::sort::by(&mut rows, |a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    rows
}

fn stages(analysis: &Analysis, skipped: &[String], final_stage: Option<&str>) -> Vec<Stage> {
    // The core says which stage each one builds on and copies from; only the
    // labels are made here, as BuildKit labels unnamed stages.
    let label = |index: usize| {
        analysis
            .stages
            .iter()
            .find(|t| t.index == index)
            .and_then(|t| t.name.clone())
            .unwrap_or_else(|| format!("stage-{index}"))
    };
    analysis
        .stages
        .iter()
        .map(|s| {
            let own = label(s.index);
            Stage {
                index: s.index,
                name: s.name.clone(),
                base: s.base.clone(),
                line: s.start_line,
                copies_from: s.copies_from.iter().map(|i| label(*i)).collect(),
                from_stage: s.from_stage.is_some(),
                skipped: skipped.contains(&own),
                target: final_stage == Some(own.as_str()),
            }
        })
        .collect()
}

fn args(analysis: &Analysis) -> Vec<(String, Option<String>)> {
    let mut seen = BTreeSet::new();
    analysis.args.iter().filter(|a| seen.insert(a.name.clone())).map(|a| (a.name.clone(), a.default.clone())).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemLevel {
    Error,
    Warning,
}

impl ProblemLevel {
    pub fn word(self) -> &'static str {
        match self {
            ProblemLevel::Error => "error",
            ProblemLevel::Warning => "warning",
        }
    }
}

/// A syntax error or a lint finding, at its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub level: ProblemLevel,
    pub rule: Option<&'static str>,
    pub message: String,
    pub explanation: Option<&'static str>,
    pub url: Option<&'static str>,
    /// What the engine measured, in words (`adds 12 MB`, `rebuilds 3 steps`).
    pub cost: Option<String>,
    pub fix: Option<Rc<Fix>>,
}

impl Problem {
    /// Whether the fix can be applied with a click.
    pub fn fixable(&self) -> bool {
        self.fix.as_ref().is_some_and(|f| !f.edits.is_empty())
    }
}

/// The view's syntax errors, context error and lint findings, by line.
pub fn problems(view: &View) -> Vec<Problem> {
    let mut out: Vec<Problem> = view
        .analysis
        .diagnostics
        .iter()
        .map(|d| Problem {
            line: d.start.line,
            col: d.start.col,
            level: match d.severity {
                Severity::Error => ProblemLevel::Error,
                Severity::Warning => ProblemLevel::Warning,
            },
            rule: None,
            message: d.message.clone(),
            explanation: None,
            url: None,
            cost: None,
            fix: None,
        })
        .collect();
    if let Some(error) = &view.context.error {
        out.push(Problem {
            line: 1,
            col: 1,
            level: ProblemLevel::Error,
            rule: None,
            message: match error.line {
                Some(line) => format!(".dockerignore line {line}: {}", error.message),
                None => format!(".dockerignore: {}", error.message),
            },
            explanation: None,
            url: None,
            cost: None,
            fix: None,
        });
    }
    out.extend(view.lint.findings.iter().map(|f| Problem {
        line: f.line.max(1),
        col: 1,
        level: match f.rule.level {
            Level::Error => ProblemLevel::Error,
            Level::Warning => ProblemLevel::Warning,
        },
        rule: Some(f.rule.name),
        message: f.message.clone(),
        explanation: Some(f.rule.page().explanation).filter(|e| !e.is_empty()),
        url: f.rule.url,
        cost: f.cost.and_then(|c| cost_words(&c)),
        fix: f.fix.clone().map(Rc::new),
    }));
    layerlab_core::sort::by_key(&mut out, |p| (p.line, p.level != ProblemLevel::Error));
    out
}

fn cost_words(cost: &layerlab_core::lint::Cost) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(bytes) = cost.bytes {
        parts.push(format!("{} in the image", human_size(bytes)));
    }
    if let Some(steps) = cost.rebuilt_steps {
        parts.push(format!("{steps} step{} rebuilt", if steps == 1 { "" } else { "s" }));
    }
    if let Some(seconds) = cost.seconds {
        parts.push(format!("{seconds:.1} s"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The project after a lint fix: the Dockerfile edited, `.dockerignore`
/// extended (created if missing).
pub fn apply_fix(project: &Project, fix: &Fix) -> Project {
    let mut next = project.with_text(crate::project::DOCKERFILE, &fix.apply(project.dockerfile()));
    if let Some(lines) = fix.dockerignore() {
        let mut ignore = next.text(".dockerignore").unwrap_or("").to_owned();
        if !ignore.is_empty() && !ignore.ends_with('\n') {
            ignore.push('\n');
        }
        ignore.push_str(&lines);
        next = next.with_text(".dockerignore", &ignore);
    }
    next
}

/// Why a file is left out of the build context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub pattern: String,
    /// The `.dockerignore` line, 1-based.
    pub line: Option<usize>,
}

/// The context's files that `.dockerignore` leaves out, with the deciding pattern.
pub fn ignored(view: &View) -> BTreeMap<String, Ignored> {
    view.context
        .files
        .iter()
        .filter_map(|f| {
            let by = f.ignored.as_ref()?;
            Some((f.path.clone(), Ignored { pattern: by.pattern.clone(), line: by.line }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_core::lint::Edit;
    use layerlab_core::playground::Playground;

    fn flask(app: &str) -> Project {
        crate::examples::first().project().with_text("app.py", app)
    }

    #[test]
    fn an_app_edit_rebuilds_the_copy_and_keeps_the_dependencies_cached() {
        let mut playground = Playground::new();
        let first = build(&playground.edit(&flask("print(1)\n")), "").expect("built");
        assert_eq!(first.steps[0].kind, StepKind::Base);
        assert!(first.cache_steps().all(|s| s.kind == StepKind::Rebuilt));
        assert!(first.image_size.is_some_and(|s| s > first.base_size));
        let second = build(&playground.edit(&flask("print(2)\n")), "").expect("built");
        let kinds: Vec<(&str, StepKind)> = second.steps.iter().map(|s| (s.instruction.as_str(), s.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("FROM docker.io/library/python:3.12-slim", StepKind::Base),
                ("RUN useradd --create-home --uid 10001 app", StepKind::Cached),
                ("WORKDIR /app", StepKind::Cached),
                ("COPY requirements.txt .", StepKind::Cached),
                ("RUN pip install --no-cache-dir -r requirements.txt", StepKind::Cached),
                ("COPY . .", StepKind::Rebuilt),
            ]
        );
        assert!(second.steps[5].reason.contains("app.py"), "{}", second.steps[5].reason);
        assert_eq!(second.cached_count(), (4, 5));
        assert!(!second.steps[5].cascade, "its own cause: the file changed");
        // A new dependency: the first miss is its COPY, and everything below follows it.
        let third = flask("print(2)\n").with_text("requirements.txt", "flask==3.0.3\nrequests==2.32.3\n");
        let third = build(&playground.edit(&third), "").expect("built");
        let cascade: Vec<(StepKind, bool)> = third.steps[3..].iter().map(|s| (s.kind, s.cascade)).collect();
        assert_eq!(cascade, [(StepKind::Rebuilt, false), (StepKind::Rebuilt, true), (StepKind::Rebuilt, true)]);
        let image_layers = third.steps.iter().filter(|s| s.layer.is_some()).count();
        assert_eq!(image_layers, 5);
        let files = layer_files(&third, 3, false);
        assert!(files.iter().any(|f| f.path.contains("flask") && f.change == "added"), "{files:?}");
        let config: Vec<&str> = second.config.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(config.len(), 4, "ENV, USER, EXPOSE, CMD: {config:?}");
        assert!(config[3].starts_with("CMD"), "{config:?}");
        assert_eq!(second.stages.len(), 1);
        assert!(second.stages[0].target);
    }

    #[test]
    fn stages_know_their_edges_and_what_the_target_skips() {
        let dockerfile = "FROM alpine:3.20 AS build\nRUN echo hi > /x\nFROM alpine:3.20 AS unused\nRUN true\nFROM scratch\nCOPY --from=build /x /x\n";
        let view = Playground::new().edit(&Project::from_files([("Dockerfile", dockerfile)]));
        let build = build(&view, dockerfile).expect("built");
        let edges: Vec<(String, Vec<String>, bool, bool)> =
            build.stages.iter().map(|s| (s.label(), s.copies_from.clone(), s.skipped, s.target)).collect();
        assert_eq!(
            edges,
            [
                ("build".into(), vec![], false, false),
                ("unused".into(), vec![], true, false),
                ("stage-2".into(), vec!["build".into()], false, true),
            ]
        );
    }

    #[test]
    fn ignored_files_name_their_pattern_and_line() {
        let project = crate::examples::first()
            .project()
            .with_text("README.md", "# notes\n")
            .with_text(".dockerignore", "# docs stay out\n.git\n*.md\n");
        let ignored = ignored(&Playground::new().edit(&project));
        let readme = ignored.get("README.md").expect("README.md is ignored");
        assert_eq!((readme.pattern.as_str(), readme.line), ("*.md", Some(3)));
        assert!(!ignored.contains_key("app.py"), "{ignored:?}");
    }

    #[test]
    fn a_fix_edits_the_dockerfile_and_the_dockerignore() {
        let project = Project::from_files([("Dockerfile", "FROM alpine\n"), (".dockerignore", "a")]);
        let fix = Fix {
            text: "t".into(),
            edits: vec![
                Edit::Dockerfile { span: layerlab_core::Span::new(5, 11), replacement: "alpine:3.20".into() },
                Edit::Dockerignore { append: ".git\n".into() },
            ],
        };
        let next = apply_fix(&project, &fix);
        assert_eq!(next.dockerfile(), "FROM alpine:3.20\n");
        assert_eq!(next.text(".dockerignore"), Some("a\n.git\n"));
    }
}
