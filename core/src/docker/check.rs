//! `docker build --check` (`--call=check`): BuildKit's build checks instead
//! of a build, printed as buildx prints the lint subrequest's result
//! (docker/buildx `commands/build.go` `printResult`, BuildKit
//! `frontend/subrequests/lint/lint.go`): the progress on stderr; on stdout
//! `Check complete, N warnings have been found!`, then each warning as
//! `WARNING: Rule - URL`, its detail and the Dockerfile excerpt, or
//! `Check complete, no warnings found.`. The exit status is 1 when anything
//! was found (the result's `result.statuscode`), unless `ignorestatus=true`.

use super::Output;
use crate::build::{check_progress, source_excerpt, BuildRequest};
use crate::lint::{check, CatalogImages, LintInput};

/// What `--call` asks: `check` (or its old name `lint`), with
/// `ignorestatus`; `None` for `build`, the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CheckCall {
    pub ignore_status: bool,
}

/// Reads `--call` (and `--check`, its shorthand) as buildx's
/// `ParseCallFunc` does; `Err` is the output for a value it refuses or
/// Layerlab does not simulate.
pub(super) fn call(check_flag: bool, value: Option<&str>) -> Result<Option<CheckCall>, Output> {
    let value = match (check_flag, value) {
        (true, _) => "check",
        (false, Some(v)) => v,
        (false, None) => return Ok(None),
    };
    let mut name = "";
    let mut ignore_status = false;
    for field in value.split(',').filter(|f| !f.is_empty()) {
        match field.split_once('=') {
            Some(("ignorestatus", v)) => match v {
                "1" | "t" | "T" | "TRUE" | "true" | "True" => ignore_status = true,
                "0" | "f" | "F" | "FALSE" | "false" | "False" => ignore_status = false,
                _ => {
                    let message = format!(
                        "ERROR: invalid ignorestatus print value: {v}: strconv.ParseBool: parsing {}: invalid syntax",
                        crate::quote::go_quote(v)
                    );
                    return Err(Output::error(message, 1));
                }
            },
            Some(("format", _)) => return Err(not_simulated(value)),
            Some(_) => return Err(Output::error(format!("ERROR: invalid print field: {field}"), 1)),
            None if !name.is_empty() => return Err(Output::error(format!("ERROR: invalid print value: {value}"), 1)),
            None => name = field,
        }
    }
    match name {
        "" | "build" => Ok(None),
        "check" | "lint" => Ok(Some(CheckCall { ignore_status })),
        _ => Err(not_simulated(value)),
    }
}

fn not_simulated(value: &str) -> Output {
    Output::error(format!("layerlab: --call={value} is a real docker option, but Layerlab does not simulate it"), 125)
}

/// Runs the checks over `request` and prints their result. `dockerfile_name`
/// is the Dockerfile as buildx names it in the excerpts: `-f`'s path as
/// given, else the context's `Dockerfile` (build/opt.go, `dockerfileSrcName`).
pub(super) fn run(request: &BuildRequest<'_>, dockerfile_name: &str, how: CheckCall) -> Output {
    let dockerignore = crate::lint::dockerignore_text(request.context);
    let input = LintInput {
        source: request.dockerfile,
        build_args: &request.build_args,
        dockerignore: dockerignore.as_deref(),
        images: &CatalogImages,
    };
    let result = check(&input);
    let mut out = Output { stderr: check_progress(request), ..Output::default() };
    let count = result.findings.len();
    match count {
        0 => {}
        1 => out.stdout.push_str("Check complete, 1 warning has been found!\n"),
        n => out.stdout.push_str(&format!("Check complete, {n} warnings have been found!\n")),
    }
    // `LintResults.PrintTo` orders the warnings by line.
    let mut findings: Vec<_> = result.findings.iter().collect();
    crate::sort::by_key(&mut findings, |f| f.line);
    for finding in findings {
        out.stdout.push_str(&format!("\nWARNING: {}", finding.rule.name));
        if let Some(url) = finding.rule.url {
            out.stdout.push_str(&format!(" - {url}"));
        }
        out.stdout.push_str(&format!("\n{}\n", finding.message));
        source_excerpt(&mut out.stdout, dockerfile_name, request.dockerfile, finding.span);
    }
    match &result.error {
        Some(message) => {
            if count > 0 {
                out.stdout.push('\n');
            }
            // `PrintErrorTo` into the error buildx returns; its main prints
            // `ERROR: %v\n` after it, so the text's own newline doubles.
            let mut text = format!("{message}\n");
            if let Some(span) = result.error_span {
                source_excerpt(&mut text, dockerfile_name, request.dockerfile, span);
            }
            out.stderr.push_str(&format!("ERROR: {text}\n"));
            out.status = 1;
        }
        None if count == 0 => out.stdout.push_str("Check complete, no warnings found.\n"),
        None => out.status = if how.ignore_status { 0 } else { 1 },
    }
    out
}
