//! Lint: every rule Layerlab checks a Dockerfile against, from three sources,
//! run by one call ([`lint`]) over one parse of the Dockerfile:
//!
//! - [`buildkit`]: BuildKit's 22 build checks, as `docker build --check` runs them;
//! - [`practice`]: best practices, with hadolint's codes as aliases (one
//!   finding per instruction where a BuildKit check says the same: [`overlap`]);
//! - [`simulated`]: the engine rules, which run the build simulation and quote its figures.
//!
//! Each source reports the one [`Finding`] type, with one [`Fix`] type;
//! [`docs`] holds every rule as data with its page. Base images come from an
//! [`ImageSource`] ([`images`]).

pub mod buildkit;
pub mod docs;
mod finding;
mod images;
mod overlap;
pub mod practice;
mod rule;
pub mod simulated;

// BuildKit's own table and configuration stay under `buildkit::`: at the
// root, "rules" would read as every source's (that is `docs::all_rules`).
pub use buildkit::{check, LintInput, LintResult};
pub use finding::{Cost, Edit, Finding, Fix};
pub use images::{BaseImageConfig, CatalogImages, ImageSource};
pub use practice::check_practices;
pub use rule::{Level, Rule, Source};

use crate::build::{BuildCache, BuildOutcome};
use crate::context::BuildContext;
use crate::instructions::Dockerfile;
use crate::syntax::Parsed;
use buildkit::check_with;
use practice::script::Scripts;
use std::collections::BTreeMap;

/// What `layerlab lint` is asked.
#[derive(Clone, Copy)]
pub struct LintRequest<'a> {
    pub source: &'a str,
    pub build_args: &'a BTreeMap<String, String>,
    /// The build context; `None` runs the engine rules over placeholders.
    pub context: Option<&'a BuildContext>,
    /// `--target`: the engine rules build this stage (and what it needs).
    pub target: Option<&'a str>,
    pub images: &'a dyn ImageSource,
    /// `source` already parsed (`syntax::parse`, then `instructions::from_syntax`
    /// of that parse), so lint does not parse it again.
    pub parsed: Option<(&'a Parsed, &'a Dockerfile)>,
    /// The build of this same request, so the engine rules do not build it
    /// again. Used only with a `context` (without one, the engine rules build
    /// over placeholder files, which this build did not).
    pub build: Option<PriorBuild<'a>>,
}

/// A build the caller already ran: the outcome of building the request's
/// `source` over its `context`, `build_args` and `target` (without
/// `--no-cache`), and a cache that holds that build's steps. The engine rules
/// take the outcome as their first build and run their "what if" builds over
/// a clone of the cache (made only when a rule needs one).
#[derive(Clone, Copy)]
pub struct PriorBuild<'a> {
    pub outcome: &'a BuildOutcome,
    pub cache: &'a BuildCache,
}

impl<'a> LintRequest<'a> {
    pub fn new(source: &'a str, build_args: &'a BTreeMap<String, String>) -> LintRequest<'a> {
        LintRequest {
            source,
            build_args,
            context: None,
            target: None,
            images: &CatalogImages,
            parsed: None,
            build: None,
        }
    }
}

/// Everything `layerlab lint` reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintReport {
    /// In source order; at one place, BuildKit's first, then best practices, then the engine's, by name.
    pub findings: Vec<Finding>,
    /// BuildKit's error when the check fails (a parse error, or `error=true`).
    pub error: Option<String>,
    /// What the reader should know about the figures (placeholders, a build that stopped).
    pub notes: Vec<String>,
}

/// Runs every rule. Never panics.
pub fn lint(request: &LintRequest<'_>) -> LintReport {
    let dockerignore = request.context.and_then(dockerignore_text);
    let input = LintInput {
        source: request.source,
        build_args: request.build_args,
        dockerignore: dockerignore.as_deref(),
        images: request.images,
    };
    // Parsed once (RUN scripts read once): BuildKit's checks, the best practices
    // and every build of the engine rules read it.
    let parsed_here;
    let (parsed, file) = match request.parsed {
        Some(given) => given,
        None => {
            let parsed = crate::syntax::parse(request.source);
            let file = crate::instructions::from_syntax(&parsed);
            parsed_here = (parsed, file);
            (&parsed_here.0, &parsed_here.1)
        }
    };
    let scripts = Scripts::of(file);
    let checked = check_with(&input, Some((parsed, file)));
    let mut report = LintReport { findings: checked.findings, error: checked.error, notes: Vec::new() };
    // `--target` names the stage that ships (the last one when it names none).
    let target = file.target_stage(request.target);
    report.findings.extend(practice::practices_of(request.source, file, &scripts, target));
    // The engine needs a Dockerfile that parses: BuildKit's error says why not.
    if parsed.errors.is_empty() {
        let simulated = simulated::check_with(request, parsed, file, &scripts);
        report.findings.extend(simulated.findings);
        report.notes.extend(simulated.notes);
    }
    overlap::merge(&mut report.findings);
    crate::sort::by_key(&mut report.findings, |f| (f.span.start(), f.rule.source, f.rule.name));
    report
}

/// The text of the context's `.dockerignore`, whether or not it ignores itself.
pub(crate) fn dockerignore_text(context: &BuildContext) -> Option<String> {
    context
        .files()
        .chain(context.ignored_files())
        .find(|(p, _)| *p == ".dockerignore")
        .and_then(|(_, f)| f.text.clone())
}
