//! Engine rules: what only a simulator can see. Each rule runs (or reads)
//! the build simulation ([`crate::build`]) and quotes its figures: bytes a
//! layer stores, steps an edit rebuilds, simulated seconds.
//!
//! Semantics worth writing down:
//! - The rules follow the build of the target (`--target`, else the last
//!   stage): the stages it needs, and for image contents the target's own
//!   chain of FROM stages (what ships).
//! - Without a build context, every local COPY/ADD source becomes a
//!   placeholder file of unknown contents ([`placeholder`]), so the build
//!   can still run; figures that depend on file sizes are reported as
//!   unknown (`bytes: None`) and a note says so.
//! - A build that stops (a command fails) is reported as a note; rules that
//!   need the finished image then stay quiet rather than guess.

mod args;
mod order;
mod placeholder;
mod secrets;
mod signals;
#[cfg(test)]
mod tests;
mod tools;
mod users;
mod waste;

use super::practice::script::Scripts;
use super::rule::{rule_table, Level, Rule, Source};
use super::{Finding, LintRequest};
use crate::build::{build_with, BuildCache, BuildOptions, BuildOutcome, BuildRequest, Scratch, StepCache};
use crate::context::BuildContext;
use crate::instructions::{Dockerfile, Instruction, Stage};
use crate::span::{LineIndex, Span};
use crate::syntax::Parsed;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// An engine rule.
const fn info(name: &'static str, description: &'static str, level: Level) -> Rule {
    Rule { name, source: Source::Engine, hadolint: None, description, url: None, level, experimental: false }
}

rule_table! {
    /// The engine rules, in the order they are documented.
    pub enum EngineRule;
    pub static ENGINE_RULES;
    InstallAfterCopyAll => info(
        "InstallAfterCopyAll",
        "Install dependencies before copying the whole context, so an edit to app code does not reinstall them.",
        Level::Warning,
    ),
    DeletedInLaterLayer => info(
        "DeletedInLaterLayer",
        "Files deleted in a later layer still weigh in the layer that added them.",
        Level::Warning,
    ),
    ChownCopiesFiles => info(
        "ChownCopiesFiles",
        "A recursive chown/chmod after COPY stores every file a second time; use COPY --chown/--chmod.",
        Level::Warning,
    ),
    BuildToolsInFinalImage => info(
        "BuildToolsInFinalImage",
        "Compilers, toolchains and package caches in the final image belong in a build stage.",
        Level::Warning,
    ),
    ShellIsPid1 => info(
        "ShellIsPid1",
        "A shell as PID 1 does not pass SIGTERM on: `docker stop` waits 10 s, then kills.",
        Level::Warning,
    ),
    UserNotFound => info(
        "UserNotFound",
        "USER names a user that does not exist in the image when a RUN or the container needs it.",
        Level::Error,
    ),
    SecretInLayer => info(
        "SecretInLayer",
        "A secret copied into a layer stays in the image, even if a later step deletes it.",
        Level::Warning,
    ),
    ArgBustsCacheEarly => info(
        "ArgBustsCacheEarly",
        "An ARG declared long before its first use makes every RUN in between rebuild when its value changes.",
        Level::Warning,
    ),
}

/// The engine's findings and notes about its figures.
#[derive(Debug, Clone, Default)]
pub struct EngineReport {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

/// Builds the Dockerfile once (more when a rule asks "what if") and runs
/// every engine rule over the result, with `input.source` already parsed
/// (the builds reuse it too) and its RUN scripts already read. Never panics.
pub(in crate::lint) fn check_with(
    input: &LintRequest<'_>,
    parsed: &Parsed,
    file: &Dockerfile,
    scripts: &Scripts,
) -> EngineReport {
    let mut report = EngineReport::default();
    if !parsed.errors.is_empty() || !file.errors.is_empty() || file.stages.is_empty() {
        return report;
    }
    let placeholders = input.context.is_none();
    let synthesized;
    let context = match input.context {
        Some(context) => context,
        None => {
            synthesized = placeholder::context(file, scripts);
            &synthesized
        }
    };
    if placeholders && context.files().next().is_some() {
        report.notes.push(
            "no --context: COPY sources are placeholder files of unknown size, so byte figures that depend on them are unknown"
                .to_string(),
        );
    }
    let Some(target) = file.target_stage(input.target) else {
        report.notes.push(format!(
            "target stage {} not found: the engine rules did not run",
            crate::quote::go_quote(input.target.unwrap_or(""))
        ));
        return report;
    };
    let mut sim = Sim::new(input, (parsed, file, scripts), context, placeholders, target);
    if let Some(error) = &sim.outcome.error {
        let line = sim.line_of(error.span().start());
        report.notes.push(format!(
            "the simulated build stopped at line {line}: {}; rules that need the finished image were not checked",
            error.message()
        ));
    }
    let mut found = Vec::new();
    order::check(&mut sim, &mut found);
    waste::check(&sim, &mut found);
    tools::check(&sim, &mut found);
    signals::check(&sim, &mut found);
    users::check(&sim, &mut found);
    secrets::check(&sim, &mut found);
    args::check(&mut sim, &mut found);
    report.findings = found;
    report
}

/// The build and what the rules need to read it.
pub(super) struct Sim<'a> {
    pub source: &'a str,
    parsed: &'a Parsed,
    pub file: &'a Dockerfile,
    /// Every RUN's commands, read once.
    pub scripts: &'a Scripts,
    pub context: &'a BuildContext,
    pub placeholders: bool,
    pub build_args: BTreeMap<String, String>,
    pub target: usize,
    /// The target and the stages it is built FROM, root first.
    pub chain: Vec<usize>,
    /// The first build's cache: the caller's behind a scratch layer (so the
    /// "what if" builds see it without copying or changing it), or our own.
    cache: SimCache<'a>,
    /// The first build: the caller's, or one over a fresh cache.
    pub outcome: Cow<'a, BuildOutcome>,
    /// The line of the instruction behind each layer the target image added.
    pub layer_lines: Vec<usize>,
}

/// The cache the engine rules build over.
#[derive(Debug)]
enum SimCache<'a> {
    Caller(Scratch<'a>),
    Own(BuildCache),
}

impl<'a> Sim<'a> {
    fn new(
        input: &LintRequest<'a>,
        (parsed, file, scripts): (&'a Parsed, &'a Dockerfile, &'a Scripts),
        context: &'a BuildContext,
        placeholders: bool,
        target: usize,
    ) -> Sim<'a> {
        let build_args = input.build_args.clone();
        // The caller's build is of this very request, over the real context.
        let (cache, outcome) = match input.build.filter(|_| !placeholders) {
            Some(prior) => (SimCache::Caller(Scratch::over(prior.cache)), Cow::Borrowed(prior.outcome)),
            None => {
                let mut cache = BuildCache::default();
                let request = BuildRequest {
                    dockerfile: input.source,
                    context,
                    build_args: build_args.clone(),
                    target: file.stages.get(target).and_then(|s| s.name.clone()),
                    no_cache: false,
                    session: Default::default(),
                };
                let outcome = build_with(&request, &mut cache, &build_options(parsed, file));
                (SimCache::Own(cache), Cow::Owned(outcome))
            }
        };
        let chain = chain(file, target);
        let mut sim = Sim {
            source: input.source,
            parsed,
            file,
            scripts,
            context,
            placeholders,
            build_args,
            target,
            chain,
            cache,
            outcome,
            layer_lines: Vec::new(),
        };
        sim.layer_lines = sim.compute_layer_lines();
        sim
    }

    /// Builds again over the cache of the first build, with another context
    /// or other build arguments: the engine's "what if".
    pub fn rebuild(&mut self, context: &BuildContext, build_args: BTreeMap<String, String>) -> BuildOutcome {
        let request = BuildRequest {
            dockerfile: self.source,
            context,
            build_args,
            target: self.file.stages.get(self.target).and_then(|s| s.name.clone()),
            no_cache: false,
            session: Default::default(),
        };
        let cache: &mut dyn StepCache = match &mut self.cache {
            SimCache::Caller(scratch) => scratch,
            SimCache::Own(cache) => cache,
        };
        build_with(&request, cache, &build_options(self.parsed, self.file))
    }

    /// The stages of the target's chain, root first.
    pub fn chain_stages(&self) -> impl Iterator<Item = &'a Stage> + '_ {
        self.chain.iter().filter_map(|i| self.file.stages.get(*i))
    }

    /// The label the build log gives a stage.
    pub fn label(&self, index: usize) -> String {
        match self.file.stages.get(index).and_then(|s| s.name.clone()) {
            Some(name) => name,
            None => format!("stage-{index}"),
        }
    }

    /// The Dockerfile line of each layer the image added, in layer order
    /// (the build ties every layer to the step that made it).
    fn compute_layer_lines(&self) -> Vec<usize> {
        self.outcome.layers.iter().filter_map(|l| self.outcome.steps.get(l.step)).map(|s| s.line).collect()
    }

    /// The instruction that starts on `line`, in any stage.
    pub fn instruction_at(&self, line: usize) -> Option<&'a Instruction> {
        self.file.stages.iter().flat_map(|s| s.instructions.iter()).find(|i| i.common().start_line == line)
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        // Only a stopped build asks, once: the index is not worth keeping.
        LineIndex::new(self.source).line_col(self.source, offset).line
    }

    /// The instruction's text, as written.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.range()).unwrap_or("")
    }

    /// The span of an instruction with its line break, for deleting it whole.
    pub fn whole_line(&self, span: Span) -> Span {
        let end = match self.source.get(span.end()..).and_then(|rest| rest.find('\n')) {
            Some(i) => span.end() + i + 1,
            None => self.source.len(),
        };
        Span::new(span.start(), end)
    }
}

/// The engine reads the build's steps and image, never its log.
fn build_options<'a>(parsed: &'a Parsed, file: &'a Dockerfile) -> BuildOptions<'a> {
    BuildOptions { log: false, parsed: Some((parsed, file)) }
}

/// The target and the stages it is built FROM, root first.
fn chain(file: &Dockerfile, target: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut current = file.stages.get(target);
    while let Some(stage) = current {
        if out.contains(&stage.index) {
            break;
        }
        out.push(stage.index);
        current = file.base_stage(&stage.from.image, stage.index);
    }
    out.reverse();
    out
}

/// `19.5MB`, as Docker prints sizes.
pub(super) fn size(bytes: u64) -> String {
    crate::units::human_size(bytes)
}

/// `12.3 s`.
pub(super) fn seconds(s: f64) -> String {
    format!("{s:.1} s")
}
