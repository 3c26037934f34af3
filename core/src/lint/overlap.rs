//! Best practices that say what a BuildKit check says: where both fire on
//! one instruction, Layerlab shows the finding once, under BuildKit's name
//! (what `docker build --check` prints), with the best practice's fix when
//! BuildKit's finding has none. Where only the best practice fires, it
//! stays: hadolint reports more cases than BuildKit does.
//!
//! - DL3000 `WorkdirNotAbsolute` (hadolint src/Hadolint/Rule/DL3000.hs: any
//!   WORKDIR not starting with `/`, `$` or a drive letter) and
//!   `WorkdirRelativePath` (moby/buildkit convert.go `dispatchWorkdir`: only
//!   while no WORKDIR was set in the stage or the stages it builds on).
//! - DL3025 `ShellFormCommand` (DL3025.hs: any shell-form CMD or ENTRYPOINT)
//!   and `JSONArgsRecommended` (`dispatchCmd`/`dispatchEntrypoint`: only
//!   while the image config has no SHELL).
//!
//! hadolint's DL4000 is no best practice of its own: it is exactly
//! `MaintainerDeprecated`, which carries the code.

use super::Finding;

/// (best practice, the BuildKit check that says the same where both fire).
const SAME_AS_BUILDKIT: &[(&str, &str)] =
    &[("WorkdirNotAbsolute", "WorkdirRelativePath"), ("ShellFormCommand", "JSONArgsRecommended")];

/// Drops each best-practice finding that a BuildKit finding repeats at the
/// same instruction, handing its fix over when BuildKit's has none.
pub(super) fn merge(findings: &mut Vec<Finding>) {
    let mut dropped = vec![false; findings.len()];
    for (i, practice) in findings.iter().enumerate() {
        let Some((_, twin)) = SAME_AS_BUILDKIT.iter().find(|(name, _)| *name == practice.rule.name) else { continue };
        dropped[i] = findings.iter().any(|f| f.rule.name == *twin && f.span == practice.span);
    }
    let fixes: Vec<(usize, super::Fix)> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| dropped[*i])
        .filter_map(|(_, practice)| {
            let twin = SAME_AS_BUILDKIT.iter().find(|(name, _)| *name == practice.rule.name)?.1;
            let at = findings.iter().position(|f| f.rule.name == twin && f.span == practice.span)?;
            Some((at, practice.fix.clone()?))
        })
        .collect();
    for (at, fix) in fixes {
        if let Some(finding) = findings.get_mut(at) {
            finding.fix.get_or_insert(fix);
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint, LintRequest};
    use std::collections::BTreeMap;

    fn rules(source: &str) -> Vec<(usize, &'static str)> {
        let args = BTreeMap::new();
        let report = lint(&LintRequest::new(source, &args));
        // The engine's figures are beside the point here.
        report
            .findings
            .iter()
            .filter(|f| f.rule.source != crate::lint::Source::Engine)
            .map(|f| (f.line, f.rule.name))
            .collect()
    }

    #[test]
    fn a_relative_workdir_is_reported_once_under_buildkits_name() {
        // Both fire on line 2; on line 4 BuildKit is quiet (the stage set a
        // WORKDIR: convert.go checks only `!d.workdirSet`), hadolint is not.
        assert_eq!(
            rules("FROM alpine:3.20\nWORKDIR app\nWORKDIR /srv\nWORKDIR data\n"),
            [(2, "WorkdirRelativePath"), (4, "WorkdirNotAbsolute")]
        );
    }

    #[test]
    fn a_shell_form_cmd_is_reported_once_with_the_json_fix() {
        let args = BTreeMap::new();
        let source = "FROM alpine:3.20\nCMD echo hi\n";
        let report = lint(&LintRequest::new(source, &args));
        let names: Vec<&str> = report.findings.iter().map(|f| f.rule.name).collect();
        assert!(names.contains(&"JSONArgsRecommended") && !names.contains(&"ShellFormCommand"), "{names:?}");
        let finding = report.findings.iter().find(|f| f.rule.name == "JSONArgsRecommended").expect("fires");
        let fix = finding.fix.as_ref().expect("the best practice's fix");
        assert_eq!(fix.apply(source), "FROM alpine:3.20\nCMD [\"echo\", \"hi\"]\n");
        // With a SHELL, BuildKit is quiet (`len(d.image.Config.Shell) == 0`); hadolint's DL3025 is not.
        assert_eq!(rules("FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-c\"]\nCMD echo hi\n"), [(3, "ShellFormCommand")]);
    }

    #[test]
    fn maintainer_is_one_finding_that_carries_hadolints_code() {
        let args = BTreeMap::new();
        let report = lint(&LintRequest::new("FROM alpine:3.20\nMAINTAINER me\n", &args));
        let hits: Vec<_> = report.findings.iter().filter(|f| f.line == 2).collect();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!((hits[0].rule.name, hits[0].rule.hadolint), ("MaintainerDeprecated", Some("DL4000")));
    }
}
