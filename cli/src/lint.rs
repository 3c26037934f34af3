//! `layerlab lint`: BuildKit's build checks, the best-practice rules and the
//! engine rules, printed as a compiler prints warnings, or as JSON.
//!
//! Without `--context`, the engine rules build over placeholder files (one
//! per COPY source), so their byte figures are reported as unknown; a note
//! on stderr says so.

use clap::Args;
use layerlab_core::diagnostic::{Diagnostic, Severity, Stage};
use layerlab_core::json;
use layerlab_core::lint::docs;
use layerlab_core::lint::{lint, Finding, Level, LintRequest};
use layerlab_core::LineIndex;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct LintArgs {
    /// Print one JSON array of findings.
    #[arg(long)]
    json: bool,
    /// The build context: .dockerignore, and the files the engine rules build with.
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// Set a build-time variable (`KEY=VALUE`), e.g. BUILDKIT_DOCKERFILE_CHECK;
    /// `KEY` alone takes the value from the environment, as `build` does.
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    build_args: Vec<String>,
    /// The stage the engine rules build (BuildKit's checks and the best
    /// practices still read every stage).
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// Print a rule's page (by name or hadolint code) and exit.
    #[arg(long, value_name = "RULE")]
    explain: Option<String>,
    /// The Dockerfile; `-` reads standard input.
    #[arg(required_unless_present = "explain")]
    file: Option<PathBuf>,
}

pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    if let Some(query) = &args.explain {
        return Ok(explain(query));
    }
    let Some(file) = &args.file else {
        eprintln!("layerlab lint: a Dockerfile is required");
        return Ok(ExitCode::from(2));
    };
    let (name, text) = crate::parse::read_input(file)?;
    // `--build-arg NAME` takes NAME's value from the environment and is
    // dropped when it is unset, as docker build does (docker/buildx
    // commands/build.go, `listToMap(in.buildArgs, true)`).
    let build_args: BTreeMap<String, String> = args
        .build_args
        .iter()
        .filter_map(|pair| match pair.split_once('=') {
            Some((k, v)) => Some((k.to_string(), v.to_string())),
            None => std::env::var(pair).ok().map(|v| (pair.clone(), v)),
        })
        .collect();
    let context = args.context.as_deref().map(crate::context::read).transpose()?;
    let mut request = LintRequest::new(&text, &build_args);
    request.context = context.as_ref();
    request.target = args.target.as_deref();
    let report = lint(&request);
    let index = LineIndex::new(&text);
    if args.json {
        println!("{}", json::lint_report(&report, &text));
    } else {
        for f in &report.findings {
            print!("{}", finding_text(f, &name, &text, &index));
        }
    }
    for note in &report.notes {
        eprintln!("{name}: note: {note}");
    }
    if let Some(error) = &report.error {
        eprintln!("{name}: error: {error}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(query: &str) -> ExitCode {
    match docs::find(query) {
        Ok(rule) => {
            print!("{}", docs::render(rule));
            ExitCode::SUCCESS
        }
        Err(close) => {
            let hint = match close.as_slice() {
                [] => String::new(),
                names => format!(" (did you mean {}?)", names.join(", ")),
            };
            eprintln!("layerlab lint: no rule {query}{hint}");
            ExitCode::from(2)
        }
    }
}

/// `FILE:LINE:COL: warning[Rule]: message`, the snippet, then `= ` notes.
fn finding_text(f: &Finding, name: &str, text: &str, index: &LineIndex) -> String {
    let severity = match f.rule.level {
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let d = Diagnostic::new(severity, Stage::Instructions, f.rule.name, f.message.clone(), f.span, text, index);
    let head = format!(": {}: ", severity.as_str());
    let mut block =
        d.render(name, text, index).replacen(&head, &format!(": {}[{}]: ", severity.as_str(), f.rule.name), 1);
    let source = match f.rule.hadolint {
        Some(code) => format!("{}, hadolint {code}", f.rule.source.as_str()),
        None => f.rule.source.as_str().to_string(),
    };
    block.push_str(&format!("  = {source}: {}\n", f.rule.description));
    block.push_str(&format!("  = why: {}\n", f.rule.page().explanation));
    if let Some(cost) = &f.cost {
        let mut parts = Vec::new();
        if let Some(bytes) = cost.bytes {
            parts.push(layerlab_core::units::human_size(bytes));
        }
        if let Some(steps) = cost.rebuilt_steps {
            parts.push(format!("{steps} steps rebuilt"));
        }
        if let Some(seconds) = cost.seconds {
            parts.push(format!("{seconds:.1} s"));
        }
        if !parts.is_empty() {
            block.push_str(&format!("  = cost: {}\n", parts.join(", ")));
        }
    }
    if let Some(fix) = &f.fix {
        let how = if fix.edits.is_empty() { "fix" } else { "fix (mechanical)" };
        let mut lines = fix.text.lines();
        block.push_str(&format!("  = {how}: {}\n", lines.next().unwrap_or("")));
        for line in lines {
            block.push_str(&format!("      {line}\n"));
        }
    }
    if let Some(url) = f.rule.url {
        block.push_str(&format!("  = see: {url}\n"));
    }
    block
}
