//! The pages are honest: every rule has one, each bad example makes its rule
//! fire, each good example does not, and where the finding carries edits,
//! applying them silences the rule.

use super::*;
use crate::context::BuildContext;
use crate::lint::{lint, LintReport, LintRequest, Source};
use crate::lint::{BaseImageConfig, CatalogImages, ImageSource};
use std::collections::BTreeMap;

/// The catalog records no platforms, so InvalidBaseImagePlatform's example
/// needs an image source that does: `arm64v8/...` is published for arm64 only.
struct Platforms;

impl ImageSource for Platforms {
    fn image_config(&self, reference: &str) -> Option<BaseImageConfig> {
        let mut config = CatalogImages.image_config(reference).unwrap_or_default();
        let arm = reference.starts_with("arm64v8/") || reference.starts_with("docker.io/arm64v8/");
        config.platform = Some(if arm { "linux/arm64" } else { "linux/amd64" }.to_string());
        Some(config)
    }
}

pub(crate) fn run(source: &str, context: &[(&str, &str)]) -> LintReport {
    let args = BTreeMap::new();
    let files: Vec<(String, Vec<u8>)> = context.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect();
    let built = (!files.is_empty()).then(|| BuildContext::from_files(files).expect("a valid .dockerignore"));
    let mut request = LintRequest::new(source, &args);
    request.context = built.as_ref();
    request.images = &Platforms;
    lint(&request)
}

/// Applies `fix` to `source` (its Dockerfile edits, and the lines it appends
/// to `.dockerignore`) and lints the result: the fixed text and its report.
pub(crate) fn run_fixed(source: &str, context: &[(&str, &str)], fix: &crate::lint::Fix) -> (String, LintReport) {
    let fixed = fix.apply(source);
    let mut context: Vec<(&str, String)> = context.iter().map(|(p, t)| (*p, t.to_string())).collect();
    if let Some(lines) = fix.dockerignore() {
        context.push((".dockerignore", lines));
    }
    let context: Vec<(&str, &str)> = context.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let report = run(&fixed, &context);
    (fixed, report)
}

fn fired(report: &LintReport, rule: &str) -> bool {
    report.findings.iter().any(|f| f.rule.name == rule)
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let rules: Vec<&Rule> = all_rules().collect();
    assert_eq!(rules.len(), 22 + 20 + 8, "{:?}", rules.iter().map(|r| r.name).collect::<Vec<_>>());
    let pages: Vec<&Page> = buildkit::PAGES.iter().chain(practice::PAGES).chain(simulated::PAGES).collect();
    assert_eq!(pages.len(), rules.len(), "a page without a rule");
    for rule in rules {
        assert!(page_of(rule.name).is_some(), "{} has no page", rule.name);
        assert!(!rule.page().explanation.is_empty() && !rule.description.is_empty(), "{}", rule.name);
        assert_ne!(rule.page().bad, rule.page().good, "{}", rule.name);
    }
}

/// Every rule with a hadolint code says how it compares with hadolint 2.x's
/// rule (hadolint/hadolint src/Hadolint/Rule/DL*.hs), and `--explain` shows it.
#[test]
fn every_hadolint_alias_is_compared_with_hadolints_rule() {
    for rule in all_rules() {
        let text = rule.page().versus_hadolint;
        match rule.hadolint {
            Some(code) => {
                assert!(text.contains("hadolint"), "{} ({code}) says nothing of hadolint", rule.name);
                assert!(render(rule).contains(&format!("\nCompared with hadolint: {text}\n")), "{}", rule.name);
            }
            None => assert!(text.is_empty(), "{}", rule.name),
        }
    }
}

#[test]
fn bad_examples_fire_and_good_examples_do_not() {
    let mut failures = Vec::new();
    for rule in all_rules() {
        let bad = run(rule.page().bad, rule.page().context);
        if !fired(&bad, rule.name) {
            failures.push(format!("{}: bad example is quiet: {:?} {:?}", rule.name, bad.findings, bad.notes));
        }
        let good = run(rule.page().good, rule.page().context);
        if fired(&good, rule.name) {
            failures.push(format!("{}: good example fires: {:?}", rule.name, good.findings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mechanical_fixes_on_the_bad_examples_silence_their_rule() {
    let mut applied = Vec::new();
    for rule in all_rules() {
        let bad = run(rule.page().bad, rule.page().context);
        for finding in bad.findings.iter().filter(|f| f.rule.name == rule.name) {
            let Some(fix) = finding.fix.as_ref().filter(|f| !f.edits.is_empty()) else { continue };
            let (fixed, again) = run_fixed(rule.page().bad, rule.page().context, fix);
            assert!(
                !fired(&again, rule.name),
                "{}: still fires after the fix:\n{fixed}\n{:?}",
                rule.name,
                again.findings
            );
            applied.push(rule.name);
        }
    }
    // The rules with a mechanical fix on their bad example, named so none silently drops out.
    assert_eq!(
        applied,
        [
            "JSONArgsRecommended",
            "AptNoYes",
            "AptRecommends",
            "ApkCache",
            "ShellFormCommand",
            "InstallAfterCopyAll",
            "DeletedInLaterLayer",
            "ChownCopiesFiles",
            "ShellIsPid1",
            "UserNotFound",
            "ArgBustsCacheEarly"
        ]
    );
}

#[test]
fn explain_finds_rules_by_name_or_code_and_suggests_close_names() {
    assert_eq!(find("dl3015").map(|r| r.name), Ok("AptRecommends"));
    assert_eq!(find("shellispid1").map(|r| r.name), Ok("ShellIsPid1"));
    assert_eq!(find("UndefinedVar").map(|r| r.source), Ok(Source::Buildkit));
    assert_eq!(find("UndefinedVars").map(|r| r.name), Err(vec!["UndefinedVar"]));
    assert_eq!(find("DL3016x").err().and_then(|n| n.first().copied()), Some("NpmNotPinned"));
    assert_eq!(find("zzzzzzzzzzzzzzzzzzzz"), Err(vec![]));
    let page = render(find("ArgBustsCacheEarly").expect("a rule"));
    assert!(page.contains("Bad:\n    FROM alpine:3.20\n    ARG CACHEBUST=1\n"), "{page}");
}
