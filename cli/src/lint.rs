//! `layerlab lint`: BuildKit's build checks (`docker build --check`), as a
//! compiler prints warnings.

use anyhow::Context;
use clap::Args;
use layerlab_core::diagnostic::{Diagnostic, Severity, Stage};
use layerlab_core::lint::practice::check_practices;
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
    let practices = check_practices(&text);
    let index = LineIndex::new(&text);
    let span_json = |span: layerlab_core::Span| {
        let start = index.line_col(&text, span.start);
        let end = index.line_col(&text, span.end);
        json!({ "start_line": start.line, "start_col": start.col, "end_line": end.line, "end_col": end.col })
    };
    if args.json {
        let mut findings: Vec<serde_json::Value> = result
            .findings
            .iter()
            .map(|f| {
                json!({
                    "rule": f.rule.name,
                    "source": "buildkit",
                    "hadolint": null,
                    "severity": "warning",
                    "line": f.start_line,
                    "span": span_json(f.span),
                    "message": f.detail,
                    "description": f.rule.description,
                    "url": f.rule.url,
                    "explanation": null,
                    "cost": null,
                    "fix": null,
                })
            })
            .collect();
        for p in &practices {
            let rule = layerlab_core::lint::practice::practice_rule(p.code);
            findings.push(json!({
                "rule": p.code,
                "source": "best-practice",
                "hadolint": p.hadolint,
                "severity": "warning",
                "line": p.start_line,
                "span": span_json(p.span),
                "message": p.message,
                "description": rule.map(|r| r.description),
                "url": format!("https://github.com/hadolint/hadolint/wiki/{}", p.hadolint),
                "explanation": null,
                "cost": null,
                "fix": p.fix.as_ref().map(|fix| json!({
                    "text": fix.text,
                    "description": fix.description,
                    "edits": [{ "span": span_json(p.span), "replacement": fix.text }],
                })),
            }));
        }
        println!("{}", serde_json::to_string_pretty(&findings)?);
    } else {
        // BuildKit's checks and the best-practice rules, merged in source order.
        let mut blocks: Vec<(usize, String)> = Vec::new();
        for f in &result.findings {
            let d = Diagnostic::new(Severity::Warning, Stage::Instructions, f.detail.clone(), f.span, &text, &index);
            let rendered = d.render(&name, &text, &index);
            // `warning[RuleName]:` names the rule, as compilers name their lints.
            let mut block = rendered.replacen(": warning: ", &format!(": warning[{}]: ", f.rule.name), 1);
            block.push_str(&format!("  = {}: {}\n", f.rule.description, f.rule.url));
            blocks.push((f.span.start, block));
        }
        for p in &practices {
            let d = Diagnostic::new(Severity::Warning, Stage::Instructions, p.message.clone(), p.span, &text, &index);
            let rendered = d.render(&name, &text, &index);
            let mut block = rendered.replacen(": warning: ", &format!(": warning[{}]: ", p.code), 1);
            block.push_str(&format!("  = best practice, hadolint {}\n", p.hadolint));
            if let Some(fix) = &p.fix {
                block.push_str(&format!("  = fix: {}\n", fix.description));
            }
            blocks.push((p.span.start, block));
        }
        blocks.sort_by_key(|(start, _)| *start);
        for (_, block) in blocks {
            print!("{block}");
        }
    }
    if let Some(error) = &result.error {
        eprintln!("{name}: error: {error}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
