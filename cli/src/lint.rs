//! `layerlab lint`: BuildKit's build checks (`docker build --check`), as a
//! compiler prints warnings.

use anyhow::Context;
use clap::Args;
use layerlab_core::diagnostic::{Diagnostic, Severity, Stage};
use layerlab_core::lint::{check, LintInput};
use layerlab_core::LineIndex;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct LintArgs {
    /// Print one JSON array of findings.
    #[arg(long)]
    json: bool,
    /// The build context, for .dockerignore (CopyIgnoredFile).
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// Set a build-time variable (`KEY=VALUE`), e.g. BUILDKIT_DOCKERFILE_CHECK.
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    build_args: Vec<String>,
    /// The Dockerfile; `-` reads standard input.
    file: PathBuf,
}

pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let (name, text) = crate::parse::read_input(&args.file)?;
    let build_args: BTreeMap<String, String> = args
        .build_args
        .iter()
        .filter_map(|pair| pair.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let dockerignore = match &args.context {
        Some(dir) => {
            let path = dir.join(".dockerignore");
            if path.exists() {
                Some(std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?)
            } else {
                None
            }
        }
        None => None,
    };
    let mut input = LintInput::new(&text, &build_args);
    input.dockerignore = dockerignore.as_deref();
    let mut result = check(&input);
    result.findings.sort_by_key(|f| (f.span.start, f.rule.name));
    let index = LineIndex::new(&text);
    if args.json {
        let findings: Vec<serde_json::Value> = result
            .findings
            .iter()
            .map(|f| {
                let start = index.line_col(&text, f.span.start);
                let end = index.line_col(&text, f.span.end);
                json!({
                    "rule": f.rule.name,
                    "source": "buildkit",
                    "hadolint": null,
                    "severity": "warning",
                    "line": f.start_line,
                    "span": { "start_line": start.line, "start_col": start.col, "end_line": end.line, "end_col": end.col },
                    "message": f.detail,
                    "description": f.rule.description,
                    "url": f.rule.url,
                    "explanation": null,
                    "cost": null,
                    "fix": null,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&findings)?);
    } else {
        for f in &result.findings {
            let d = Diagnostic::new(Severity::Warning, Stage::Instructions, f.detail.clone(), f.span, &text, &index);
            let rendered = d.render(&name, &text, &index);
            // `warning[RuleName]:` names the rule, as compilers name their lints.
            let rendered = rendered.replacen(": warning: ", &format!(": warning[{}]: ", f.rule.name), 1);
            print!("{rendered}");
            println!("  = {}: {}", f.rule.description, f.rule.url);
        }
    }
    if let Some(error) = &result.error {
        eprintln!("{name}: error: {error}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
