//! Build checks: BuildKit's 22 lint rules, run as `docker build --check` runs
//! them (the `frontend.lint` subrequest of moby/buildkit's Dockerfile
//! frontend, which checks every stage).
//!
//! [`check`] follows BuildKit's order of work, because that order decides
//! which rules get to fire before an error stops the check:
//!
//! 1. the check configuration ([`config`]): `# check=` directive, or the
//!    `BUILDKIT_DOCKERFILE_CHECK` build argument instead;
//! 2. parsing: parser errors stop everything; NoEmptyContinuation; then per
//!    instruction MaintainerDeprecated, StageNameCasing, FromAsCasing,
//!    InvalidDefinitionDescription, up to the first instruction that fails;
//! 3. whole-file rules: ReservedStageName, DuplicateStageName,
//!    ConsistentInstructionCasing, InvalidDefaultArgInFrom;
//! 4. stage headers: UndefinedArgInFrom, RedundantTargetPlatform,
//!    FromPlatformFlagConstDisallowed; the stage graph; base images
//!    (InvalidBaseImagePlatform);
//! 5. every stage's instructions: UndefinedVar, WorkdirRelativePath,
//!    JSONArgsRecommended, MultipleInstructionsDisallowed,
//!    LegacyKeyValueFormat, SecretsUsedInArgOrEnv, CopyIgnoredFile,
//!    ExposeProtoCasing, ExposeInvalidFormat;
//! 6. `error=true`: any reported rule fails with
//!    `lint violation found for rules: ...`.
//!
//! Findings made before an error are kept, as BuildKit returns them with it.
//! Base images come from an [`ImageSource`] ([`CatalogImages`] by default);
//! the build is simulated on linux/amd64 with no `--platform` requested.

mod args;
mod casing;
mod config;
mod copy_ignored;
mod dispatch;
mod env;
mod expose;
mod from;
mod parse_time;
mod platform;
mod reference;
mod rules;
mod stages;
#[cfg(test)]
mod tests;

pub use config::{check_directive, CheckConfig, CHECK_BUILD_ARG};
pub use rules::{by_name, rules, RuleId, RULES};

use super::images::{BaseImageConfig, CatalogImages, ImageSource};
use super::Finding;
use crate::expansion::Lexer;
use crate::instructions::{self, Common, Dockerfile};
use crate::span::Span;
use crate::syntax::{self, Node};
use std::collections::BTreeMap;

/// What a check reads besides the Dockerfile's text.
#[derive(Clone, Copy)]
pub struct LintInput<'a> {
    pub source: &'a str,
    /// `--build-arg NAME=VALUE`, including `BUILDKIT_DOCKERFILE_CHECK`.
    pub build_args: &'a BTreeMap<String, String>,
    /// The text of the build context's `.dockerignore`, if it has one.
    pub dockerignore: Option<&'a str>,
    /// Where base image configs come from.
    pub images: &'a dyn ImageSource,
}

impl<'a> LintInput<'a> {
    /// A check of `source` with Layerlab's image catalog and no `.dockerignore`.
    pub fn new(source: &'a str, build_args: &'a BTreeMap<String, String>) -> LintInput<'a> {
        LintInput { source, build_args, dockerignore: None, images: &CatalogImages }
    }
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LintResult {
    /// In the order BuildKit reports them.
    pub findings: Vec<Finding>,
    /// BuildKit's error text when the check fails: a parse or expansion error
    /// that stopped it, or `lint violation found for rules: ...` under `error=true`.
    pub error: Option<String>,
    /// Where a parse error points (BuildKit's `buildError.location`, which
    /// `docker build --check` prints as an excerpt); `None` for the others.
    pub error_span: Option<Span>,
}

/// Runs `docker build --check` semantics over every stage. With `error=true`
/// the rule names are listed once each in the order they were first reported
/// (BuildKit lists them in Go map order, which is unspecified).
pub fn check(input: &LintInput<'_>) -> LintResult {
    check_with(input, None)
}

/// [`check`] over `input.source` already parsed (lint parses once for every family of rules).
pub(crate) fn check_with(input: &LintInput<'_>, parsed: Option<(&syntax::Parsed, &Dockerfile)>) -> LintResult {
    let mut sink = Sink::default();
    let error = match run(input, parsed, &mut sink) {
        Err(message) => Some(message),
        Ok(fail_on_findings) if fail_on_findings && !sink.called.is_empty() => {
            let mut names: Vec<&str> = Vec::new();
            for name in &sink.called {
                if !names.contains(name) {
                    names.push(name);
                }
            }
            Some(format!("lint violation found for rules: {}", names.join(", ")))
        }
        Ok(_) => None,
    };
    // Set only where a parse error ended the check, and only then is there an error.
    let error_span = sink.error_span.filter(|_| error.is_some());
    LintResult { findings: sink.findings, error, error_span }
}

/// The whole check; `Ok(error)` says whether `error=true` is in force.
fn run(input: &LintInput<'_>, given: Option<(&syntax::Parsed, &Dockerfile)>, sink: &mut Sink) -> Result<bool, String> {
    let from_arg = input.build_args.get(CHECK_BUILD_ARG).map(String::as_str);
    if let Some(value) = from_arg {
        // A bad build argument fails before the Dockerfile is even looked at.
        config::base_config(input.source, Some(value))?;
    }
    if input.source.is_empty() {
        return Err("the Dockerfile cannot be empty".to_string());
    }
    let base = config::base_config(input.source, from_arg)?;

    let parsed_here;
    let parsed = match given {
        Some((parsed, _)) => parsed,
        None => {
            parsed_here = syntax::parse(input.source);
            &parsed_here
        }
    };
    if let Some(error) = parsed.errors.first() {
        sink.error_span = Some(error.span);
        return Err(parse_time::syntax_error_message(error));
    }
    parse_time::check_parser_warnings(parsed, &base, sink);
    let file_here;
    let file = match given {
        Some((_, file)) => file,
        None => {
            file_here = instructions::from_syntax(parsed);
            &file_here
        }
    };
    parse_time::check_nodes(parsed, file, &base, sink)?;
    let Some(last) = file.stages.last() else {
        return Err("dockerfile contains no stages to build".to_string());
    };

    stages::check_names(&file.stages, &base, sink);
    casing::check_commands(&file.stages, &base, sink);
    let lexer = Lexer::new(parsed.escape);
    let defaults = args::default_args(input.build_args, last.name.as_deref().unwrap_or("default"));
    args::check_default_base_names(file, &defaults, &lexer, &base, sink);
    let globals = args::meta_args(&defaults, &file.meta_args, Some(input.build_args), &lexer)?;
    let heads = from::expand_heads(file, &globals, &lexer, &base, sink)?;

    let mut graph = stages::Graph::build(file, &lexer)?;
    let origins = from::resolve_origins(file, &heads, input.images, &base, sink)?;
    graph.images.iter().try_for_each(|image| from::check_reference(image))?;
    for image in graph.add_triggers(file, &heads, &lexer)? {
        from::check_reference(&image)?;
    }
    let ignore = copy_ignored::load(input.dockerignore)?;

    let plan = dispatch::Plan {
        parsed,
        file,
        heads: &heads,
        origins: &origins,
        graph: &graph,
        globals: &globals.env,
        build_args: input.build_args,
        ignore: ignore.as_ref(),
        lexer,
        base: &base,
    };
    dispatch::run(&plan, sink)?;
    Ok(base.error)
}

/// Where BuildKit locates a finding: an instruction's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Loc {
    pub span: Span,
    pub start_line: usize,
    pub end_line: usize,
}

impl Loc {
    pub fn of(common: &Common) -> Loc {
        Loc { span: common.span, start_line: common.start_line, end_line: common.end_line }
    }

    pub fn of_node(node: &Node) -> Loc {
        Loc { span: node.span, start_line: node.start_line(), end_line: node.end_line() }
    }
}

/// Collects findings, and the rules that ran past the configuration
/// (BuildKit's `CalledRules`, which `error=true` fails on).
#[derive(Debug, Default)]
pub(super) struct Sink {
    findings: Vec<Finding>,
    called: Vec<&'static str>,
    /// Where the parse error that ended the check points (BuildKit's
    /// `buildError.location`): the first syntax error, or the instruction
    /// `check_nodes` failed on.
    error_span: Option<Span>,
}

impl Sink {
    pub fn report(&mut self, cfg: &CheckConfig, id: RuleId, detail: String, loc: Loc) {
        let rule = id.rule();
        if !cfg.allows(rule) {
            return;
        }
        self.called.push(rule.name);
        self.findings.push(Finding {
            rule,
            message: detail,
            span: loc.span,
            line: loc.start_line,
            end_line: loc.end_line,
            cost: None,
            fix: None,
        });
    }
}
