//! The build checks an ordinary `docker build` reports after its progress
//! (` 2 warnings found (use docker --debug to expand):`). BuildKit lints
//! while it converts the Dockerfile (frontend/dockerfile/builder/build.go
//! passes a `Warn` to `Dockerfile2LLB`, each warning's short text made by
//! linter.go `LintFormatShort`): the checks made while parsing and over
//! every stage's FROM run for the whole file, but those made while
//! dispatching an instruction run only in the stages the target needs
//! (convert.go `dispatchStages` skips the others unless `AllStages`, which
//! only `--check` sets). So the warnings are `--check`'s findings, less the
//! dispatch-time ones located in a stage the build skips.

use super::{BuildRequest, BuildWarning, LocalImages};
use crate::instructions::Dockerfile;
use crate::lint::{BaseImageConfig, CatalogImages, ImageSource, LintInput};
use crate::syntax::Parsed;
use std::collections::BTreeSet;

/// The checks BuildKit makes while dispatching an instruction
/// (convert.go `dispatchCmd`, `dispatchEntrypoint`, `dispatchEnv`,
/// `dispatchLabel`, `dispatchWorkdir`, `dispatchArg`; validations.go from
/// `dispatch` and `dispatchCopy`; convert_expose.go; the reachable-only
/// `validateBaseImagePlatform`).
const AT_DISPATCH: &[&str] = &[
    "JSONArgsRecommended",
    "LegacyKeyValueFormat",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "SecretsUsedInArgOrEnv",
    "InvalidBaseImagePlatform",
    "CopyIgnoredFile",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

/// Base images as the daemon's build sees them: its local store first.
struct BuildImages<'a> {
    local: Option<&'a dyn LocalImages>,
}

impl ImageSource for BuildImages<'_> {
    fn image_config(&self, reference: &str) -> Option<BaseImageConfig> {
        match self.local.and_then(|l| l.local_image(reference)) {
            Some(image) => Some(BaseImageConfig {
                env: image.config.env.clone(),
                shell: image.config.shell.clone().unwrap_or_default(),
                platform: None,
            }),
            None => CatalogImages.image_config(reference),
        }
    }
}

/// What the checks say of a build.
pub(super) struct Checked {
    /// In BuildKit's order.
    pub warnings: Vec<BuildWarning>,
    /// Under `# check=error=true`, the error that fails the build before any
    /// step runs (convert.go `toDispatchState`: `dctx.lint.Error()`).
    pub error: Option<String>,
}

/// The checks of a build of `needed` stages.
pub(super) fn check(
    request: &BuildRequest<'_>,
    parsed: &Parsed,
    file: &Dockerfile,
    needed: &BTreeSet<usize>,
    local: Option<&dyn LocalImages>,
) -> Checked {
    let dockerignore = crate::lint::dockerignore_text(request.context);
    let images = BuildImages { local };
    let input = LintInput {
        source: request.dockerfile,
        build_args: &request.build_args,
        dockerignore: dockerignore.as_deref(),
        images: &images,
    };
    let result = crate::lint::buildkit::check_with(&input, Some((parsed, file)));
    // The stage a line belongs to: the last one whose FROM starts at or above it.
    let stage_of = |line: usize| file.stages.iter().rev().find(|s| s.from.common.start_line <= line).map(|s| s.index);
    let warnings: Vec<BuildWarning> = result
        .findings
        .into_iter()
        .filter(|f| !AT_DISPATCH.contains(&f.rule.name) || stage_of(f.line).is_none_or(|stage| needed.contains(&stage)))
        .map(|f| BuildWarning { rule: f.rule.name, message: f.message, line: f.line })
        .collect();
    // `error=true` fails on the rules that ran, here those the build reports
    // (named once each, in the order first reported; BuildKit's is map order).
    let failing = result.error.as_deref().is_some_and(|e| e.starts_with(LINT_VIOLATION)) && !warnings.is_empty();
    let error = failing.then(|| {
        let mut names: Vec<&str> = Vec::new();
        for w in &warnings {
            if !names.contains(&w.rule) {
                names.push(w.rule);
            }
        }
        format!("{LINT_VIOLATION}{}", names.join(", "))
    });
    Checked { warnings, error }
}

/// linter.go `Linter.Error`'s text.
const LINT_VIOLATION: &str = "lint violation found for rules: ";

#[cfg(test)]
mod tests {
    use crate::build::{build, BuildCache, BuildRequest};
    use crate::context::BuildContext;

    /// The warnings after an ordinary build (moby/buildkit builder/build.go:
    /// `Warn` → `LintFormatShort`; convert.go `dispatchStages` dispatches only
    /// the stages the target needs, while FROM-casing is checked as the file is parsed).
    #[test]
    fn a_build_reports_the_checks_of_what_it_parses_and_of_the_stages_it_dispatches() {
        let ctx = BuildContext::from_files(Vec::new()).expect("an empty context");
        let request = BuildRequest::new(
            "FROM alpine:3.21 as base\nCMD echo skipped\nFROM alpine:3.21\nMAINTAINER me\nCMD echo hi\n",
            &ctx,
        );
        let outcome = build(&request, &mut BuildCache::default());
        let warnings: Vec<(&str, usize)> = outcome.warnings.iter().map(|w| (w.rule, w.line)).collect();
        assert_eq!(warnings, [("FromAsCasing", 1), ("MaintainerDeprecated", 4), ("JSONArgsRecommended", 5)]);
        assert!(
            outcome.log.ends_with(
                "\n 3 warnings found (use docker --debug to expand):\n - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 4)\n - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 5)\n"
            ),
            "{}",
            outcome.log
        );
    }

    #[test]
    fn error_true_fails_the_build_before_any_step_with_the_rules_it_reported() {
        let ctx = BuildContext::from_files(Vec::new()).expect("an empty context");
        let request = BuildRequest::new("# check=error=true\nFROM alpine:3.21 as base\nRUN echo never\n", &ctx);
        let outcome = build(&request, &mut BuildCache::default());
        let error = outcome.error.as_ref().expect("the build fails");
        assert_eq!(error.message(), "lint violation found for rules: FromAsCasing");
        assert!(outcome.steps.iter().all(|s| !s.vertex), "no step runs: {:?}", outcome.steps);
        assert!(
            outcome.log.ends_with(
                " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)\nERROR: failed to build: failed to solve: lint violation found for rules: FromAsCasing\n"
            ),
            "{}",
            outcome.log
        );
    }
}
