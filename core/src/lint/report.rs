//! One finding type for all three sources of rules, and [`lint`], which runs
//! them all: BuildKit's checks, the best-practice rules and the engine rules.
//!
//! Every finding explains itself: the rule's page ([`super::docs`]) gives the
//! description and the explanation, the engine gives the cost it measured,
//! and a [`Fix`] gives the replacement text and, where it is mechanical, the
//! edits that apply it.

use super::docs::{self, RuleInfo};
use super::engine;
use super::practice::script::Scripts;
use super::practice::{self, PracticeFinding};
use super::{check_with, CatalogImages, ImageSource, LintInput};
use crate::build::{BuildCache, BuildOutcome};
use crate::context::BuildContext;
use crate::instructions::Dockerfile;
use crate::span::Span;
use crate::syntax::Parsed;
use std::collections::BTreeMap;

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// BuildKit's build checks (`docker build --check`).
    Buildkit,
    /// Best practices, with hadolint's code as an alias.
    BestPractice,
    /// Figures from Layerlab's build simulation.
    Engine,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Buildkit => "buildkit",
            Source::BestPractice => "best-practice",
            Source::Engine => "engine",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warning,
    /// The build (or the container) fails.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What the engine measured; `None` where it measured nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cost {
    pub bytes: Option<u64>,
    pub rebuilt_steps: Option<usize>,
    pub seconds: Option<f64>,
}

/// One change a fix makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replace a byte range of the Dockerfile (an empty range inserts).
    Dockerfile { span: Span, replacement: String },
    /// Append lines to the context's `.dockerignore` (created if missing).
    Dockerignore { append: String },
}

/// How to fix a finding: words and replacement text, and the edits when the
/// fix is mechanical (empty when it needs a person's judgement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub text: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn text_only(text: impl Into<String>) -> Fix {
        Fix { text: text.into(), edits: Vec::new() }
    }

    /// Applies the Dockerfile edits to `source` (edits must not overlap).
    pub fn apply(&self, source: &str) -> String {
        let mut edits: Vec<(&Span, &str)> = self
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::Dockerfile { span, replacement } => Some((span, replacement.as_str())),
                Edit::Dockerignore { .. } => None,
            })
            .collect();
        edits.sort_by_key(|(span, _)| (span.start, span.end));
        let mut out = String::with_capacity(source.len());
        let mut at = 0;
        for (span, replacement) in edits {
            let (start, end) = (span.start.max(at).min(source.len()), span.end.min(source.len()));
            let (Some(before), true) = (source.get(at..start), source.is_char_boundary(end.max(start))) else {
                continue;
            };
            out.push_str(before);
            out.push_str(replacement);
            at = end.max(start);
        }
        out.push_str(source.get(at..).unwrap_or(""));
        out
    }

    /// Lines the fix appends to `.dockerignore`.
    pub fn dockerignore(&self) -> Option<String> {
        let lines: Vec<&str> = self
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::Dockerignore { append } => Some(append.as_str()),
                Edit::Dockerfile { .. } => None,
            })
            .collect();
        (!lines.is_empty()).then(|| lines.concat())
    }
}

/// One finding, from any source.
#[derive(Debug, Clone, PartialEq)]
pub struct LintFinding {
    pub rule: RuleInfo,
    pub level: Level,
    pub message: String,
    /// The instruction (BuildKit's location for its checks).
    pub span: Span,
    /// The 1-based line the instruction starts on.
    pub line: usize,
    pub cost: Option<Cost>,
    pub fix: Option<Fix>,
}

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
    pub findings: Vec<LintFinding>,
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
    let mut report = LintReport { error: checked.error, ..LintReport::default() };
    for f in checked.findings {
        let Some(rule) = docs::rule_info(f.rule.name) else { continue };
        report.findings.push(LintFinding {
            rule,
            level: Level::Warning,
            message: f.detail,
            span: f.span,
            line: f.start_line,
            cost: None,
            fix: None,
        });
    }
    // `--target` names the stage that ships (stage names are lower-cased, as BuildKit matches them).
    let target = request.target.and_then(|t| {
        let lower = t.to_ascii_lowercase();
        file.stages.iter().position(|s| s.name.as_deref() == Some(lower.as_str()))
    });
    for p in practice::practices_of(request.source, file, &scripts, target) {
        if let Some(finding) = from_practice(p) {
            report.findings.push(finding);
        }
    }
    // The engine needs a Dockerfile that parses: BuildKit's error says why not.
    if parsed.errors.is_empty() {
        let engine = engine::check_with(request, parsed, file, &scripts);
        report.findings.extend(engine.findings);
        report.notes.extend(engine.notes);
    }
    report.findings.sort_by_key(|f| (f.span.start, f.rule.source, f.rule.name));
    report
}

fn from_practice(p: PracticeFinding) -> Option<LintFinding> {
    let rule = docs::rule_info(p.code)?;
    let fix = p.fix.map(|fix| Fix {
        text: fix.text.clone(),
        edits: vec![Edit::Dockerfile { span: p.span, replacement: fix.text }],
    });
    Some(LintFinding {
        rule,
        level: Level::Warning,
        message: p.message,
        span: p.span,
        line: p.start_line,
        cost: None,
        fix,
    })
}

/// The text of the context's `.dockerignore`, whether or not it ignores itself.
fn dockerignore_text(context: &BuildContext) -> Option<String> {
    context
        .files()
        .chain(context.ignored_files())
        .find(|(p, _)| *p == ".dockerignore")
        .and_then(|(_, f)| f.text.clone())
}
