//! Unit tests: each rule fires on a small Dockerfile and stays silent on a
//! look-alike that should not trigger it; then the configuration, the errors
//! that stop a check, and the stage graph.

use super::*;
use std::collections::BTreeMap;

/// A fake registry: images by reference.
struct Images(Vec<(&'static str, BaseImageConfig)>);

impl ImageSource for Images {
    fn image_config(&self, reference: &str) -> Option<BaseImageConfig> {
        self.0.iter().find(|(r, _)| *r == reference).map(|(_, c)| c.clone())
    }
}

fn run_with(source: &str, args: &[(&str, &str)], ignore: Option<&str>, images: &dyn ImageSource) -> LintResult {
    let build_args: BTreeMap<String, String> = args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let input = LintInput { source, build_args: &build_args, dockerignore: ignore, images };
    check(&input)
}

fn run(source: &str) -> LintResult {
    run_with(source, &[], None, &Images(Vec::new()))
}

/// `rule@line: detail` for every finding.
fn findings(result: &LintResult) -> Vec<String> {
    result.findings.iter().map(|f| format!("{}@{}: {}", f.rule.name, f.line, f.message)).collect()
}

fn lint(source: &str) -> Vec<String> {
    let result = run(source);
    assert_eq!(result.error, None, "unexpected error for {source:?}");
    findings(&result)
}

fn count(source: &str, rule: &str) -> usize {
    run(source).findings.iter().filter(|f| f.rule.name == rule).count()
}

#[test]
fn stage_name_casing() {
    assert_eq!(lint("FROM scratch AS Build\n"), ["StageNameCasing@1: Stage name 'Build' should be lowercase"]);
    assert!(lint("FROM scratch AS build\n").is_empty());
}

#[test]
fn from_as_casing() {
    assert_eq!(lint("FROM scratch as a\n"), ["FromAsCasing@1: 'as' and 'FROM' keywords' casing do not match"]);
    assert!(lint("from scratch as a\nfrom scratch as b\n").is_empty());
}

#[test]
fn no_empty_continuation() {
    assert_eq!(lint("FROM scratch\nCOPY a \\\n\n  b\n"), ["NoEmptyContinuation@4: Empty continuation line"]);
    assert!(lint("FROM scratch\nCOPY a \\\n  b\n").is_empty());
}

#[test]
fn consistent_instruction_casing() {
    let got = lint("FROM scratch\nCOPY a /a\ncopy b /b\n");
    assert_eq!(
        got,
        ["ConsistentInstructionCasing@3: Command 'copy' should match the case of the command majority (uppercase)"]
    );
    // ARGs before the first FROM do not vote.
    assert!(lint("arg A=1\narg B=2\nFROM scratch\nCOPY a /a\n").is_empty());
}

#[test]
fn duplicate_and_reserved_stage_names() {
    assert_eq!(count("FROM scratch AS a\nFROM scratch AS A\n", "DuplicateStageName"), 1);
    assert_eq!(count("FROM scratch AS a\nFROM scratch AS b\n", "DuplicateStageName"), 0);
    assert_eq!(count("FROM scratch AS context\n", "ReservedStageName"), 1);
    assert_eq!(count("FROM scratch AS contexts\n", "ReservedStageName"), 0);
}

#[test]
fn json_args_recommended() {
    assert_eq!(count("FROM scratch\nENTRYPOINT\n", "JSONArgsRecommended"), 1);
    assert_eq!(count("FROM scratch\nENTRYPOINT []\nCMD [\"a\"]\n", "JSONArgsRecommended"), 0);
    // A SHELL from the base image silences it too.
    let images = Images(vec![("win", BaseImageConfig { shell: vec!["cmd".into()], ..BaseImageConfig::default() })]);
    assert!(run_with("FROM win\nCMD run\n", &[], None, &images).findings.is_empty());
}

#[test]
fn maintainer_deprecated() {
    assert_eq!(count("FROM scratch\nMAINTAINER me\n", "MaintainerDeprecated"), 1);
    assert_eq!(count("FROM scratch\nLABEL maintainer=me\n", "MaintainerDeprecated"), 0);
}

#[test]
fn undefined_arg_in_from() {
    assert_eq!(
        lint("ARG VERSION=1\nFROM alpine$VERSON\n"),
        ["UndefinedArgInFrom@2: FROM argument 'VERSON' is not declared (did you mean VERSION?)"]
    );
    assert!(lint("ARG VERSION\nFROM alpine${VERSION}\n").is_empty());
}

#[test]
fn workdir_relative_path() {
    assert_eq!(count("FROM scratch\nWORKDIR app\nWORKDIR more\n", "WorkdirRelativePath"), 1);
    assert_eq!(count("FROM scratch AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\n", "WorkdirRelativePath"), 0);
}

#[test]
fn undefined_var() {
    assert_eq!(
        lint("FROM scratch\nENV APP_HOME=/app\nCOPY $APP_HOM /\n"),
        ["UndefinedVar@3: Usage of undefined variable '$APP_HOM' (did you mean $APP_HOME?)"]
    );
    // RUN's text is the shell's business; a declared ARG without value is defined.
    assert!(lint("FROM scratch\nARG X\nRUN echo $Y\nCOPY $X /\n").is_empty());
    // Global ARGs are not in a stage's scope until declared again.
    assert_eq!(count("ARG G=1\nFROM scratch\nCOPY $G /\n", "UndefinedVar"), 1);
    // BuildKit's default PATH is in scope.
    assert!(lint("FROM scratch\nENV PATH=$PATH:/x\n").is_empty());
}

#[test]
fn undefined_var_sees_image_env() {
    let images =
        Images(vec![("app", BaseImageConfig { env: vec![("HOME_DIR".into(), "/h".into())], ..Default::default() })]);
    assert!(run_with("FROM app\nWORKDIR $HOME_DIR\n", &[], None, &images).findings.is_empty());
}

#[test]
fn multiple_instructions_disallowed() {
    assert_eq!(
        lint("FROM scratch\ncmd [\"a\"]\nCMD [\"b\"]\n").last().map(String::as_str),
        Some("MultipleInstructionsDisallowed@2: Multiple CMD instructions should not be used in the same stage because only the last one will be used")
    );
    assert_eq!(count("FROM scratch AS a\nCMD [\"a\"]\nFROM a\nCMD [\"b\"]\n", "MultipleInstructionsDisallowed"), 0);
}

#[test]
fn legacy_key_value_format() {
    assert_eq!(count("FROM scratch\nENV a b\nLABEL c d\n", "LegacyKeyValueFormat"), 2);
    assert_eq!(count("FROM scratch\nENV a=b\nLABEL c=\"d e\"\n", "LegacyKeyValueFormat"), 0);
}

#[test]
fn invalid_base_image_platform() {
    let images = Images(vec![("arm", BaseImageConfig { platform: Some("linux/arm64".into()), ..Default::default() })]);
    let result = run_with("FROM arm\n", &[], None, &images);
    assert_eq!(
        findings(&result),
        ["InvalidBaseImagePlatform@1: Base image arm was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for current build"]
    );
    let result = run_with("FROM --platform=$BUILDOS/arm64 arm\n", &[], None, &images);
    assert!(findings(&result).is_empty());
}

#[test]
fn redundant_target_platform() {
    assert_eq!(count("FROM --platform=${TARGETPLATFORM} scratch\n", "RedundantTargetPlatform"), 1);
    assert_eq!(count("FROM --platform=${TARGETPLATFORM:-linux/amd64} scratch\n", "RedundantTargetPlatform"), 1);
    assert_eq!(count("FROM --platform=$TARGETOS/$TARGETARCH scratch\n", "RedundantTargetPlatform"), 0);
}

#[test]
fn secrets_used_in_arg_or_env() {
    assert_eq!(
        lint("FROM scratch\nARG GITHUB_TOKEN\n"),
        ["SecretsUsedInArgOrEnv@2: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\")"]
    );
    assert!(lint("FROM scratch\nARG TOKENIZER PASSWORD_FILE\nENV MONKEY=1\n").is_empty());
    // Global ARGs are never dispatched, so never checked.
    assert!(lint("ARG API_KEY\nFROM scratch\n").is_empty());
}

#[test]
fn invalid_default_arg_in_from() {
    let result = run_with("ARG TAG\nFROM alpine:$TAG\n", &[("TAG", "3.20")], None, &Images(Vec::new()));
    assert_eq!(
        findings(&result),
        ["InvalidDefaultArgInFrom@2: Default value for ARG alpine:$TAG results in empty or invalid base image name"]
    );
    assert!(lint("ARG TAG=3.20\nFROM alpine:$TAG\n").is_empty());
}

#[test]
fn from_platform_flag_const_disallowed() {
    assert_eq!(count("FROM --platform=linux/arm64 scratch AS build\n", "FromPlatformFlagConstDisallowed"), 1);
    assert_eq!(count("FROM --platform=linux/arm64 scratch AS build-arm64\n", "FromPlatformFlagConstDisallowed"), 0);
}

#[test]
fn copy_ignored_file() {
    let images = Images(Vec::new());
    let result = run_with("FROM scratch\nCOPY ./secret.txt app/ /\n", &[], Some("secret.txt\n"), &images);
    assert_eq!(
        findings(&result),
        ["CopyIgnoredFile@2: Attempting to Copy file \"secret.txt\" that is excluded by .dockerignore"]
    );
    // An exception anywhere turns the rule off; COPY --from reads a stage.
    assert!(run_with("FROM scratch\nCOPY secret.txt /\n", &[], Some("secret.txt\n!x\n"), &images).findings.is_empty());
    let from_stage = "FROM scratch AS a\nFROM scratch\nCOPY --from=a secret.txt /\n";
    assert!(run_with(from_stage, &[], Some("secret.txt\n"), &images).findings.is_empty());
}

#[test]
fn invalid_definition_description() {
    let on = "# check=experimental=InvalidDefinitionDescription\n\n";
    assert_eq!(count(&format!("{on}# the version\nARG VERSION=1\nFROM scratch\n"), "InvalidDefinitionDescription"), 1);
    assert_eq!(
        count(&format!("{on}# VERSION the version\nARG VERSION=1\nFROM scratch\n"), "InvalidDefinitionDescription"),
        0
    );
    // Experimental: off unless asked for.
    assert_eq!(count("# the version\nARG VERSION=1\nFROM scratch\n", "InvalidDefinitionDescription"), 0);
}

#[test]
fn expose_rules() {
    assert_eq!(
        lint("FROM scratch\nEXPOSE 53/UDP 8080:80\n"),
        [
            "ExposeProtoCasing@2: Defined protocol '53/UDP' in EXPOSE instruction should be lowercase",
            "ExposeInvalidFormat@2: EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'",
        ]
    );
    assert!(lint("FROM scratch\nEXPOSE 53/udp 80-81/tcp\n").is_empty());
    assert_eq!(
        run("FROM scratch\nEXPOSE 80/foo\n").error.as_deref(),
        Some("invalid port: \"80/foo\": invalid proto: foo")
    );
}

#[test]
fn skip_comment_applies_to_one_instruction() {
    let source = "FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER a\nMAINTAINER b\n";
    assert_eq!(count(source, "MaintainerDeprecated"), 1);
    // A blank line between keeps the comment attached; a bare `#` detaches it.
    assert_eq!(count("FROM scratch\n# check=skip=all\n\nMAINTAINER a\n", "MaintainerDeprecated"), 0);
    assert_eq!(count("FROM scratch\n# check=skip=all\n#\nMAINTAINER a\n", "MaintainerDeprecated"), 1);
}

#[test]
fn build_arg_replaces_the_directive() {
    let images = Images(Vec::new());
    let source = "# check=skip=all\nFROM scratch as a\n";
    let result = run_with(source, &[(CHECK_BUILD_ARG, "error=true")], None, &images);
    assert_eq!(result.error.as_deref(), Some("lint violation found for rules: FromAsCasing"));
    let result = run_with(source, &[(CHECK_BUILD_ARG, "nonsense")], None, &images);
    assert_eq!(
        result.error.as_deref(),
        Some("failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: invalid check option \"nonsense\"")
    );
    assert_eq!(
        run("# check=error=maybe\nFROM scratch\n")
            .error
            .as_deref()
            .map(|e| e.starts_with("failed to parse check options: ")),
        Some(true)
    );
    assert_eq!(run("# check=error=true\nFROM scratch\n").error, None);
}

#[test]
fn errors_that_stop_the_check() {
    assert_eq!(run("").error.as_deref(), Some("the Dockerfile cannot be empty"));
    assert_eq!(run("# only a comment\n").error.as_deref(), Some("file with no instructions"));
    assert_eq!(run("ARG A\n").error.as_deref(), Some("dockerfile contains no stages to build"));
    assert_eq!(run("COPY a b\nFROM scratch\n").error.as_deref(), Some("no build stage in current context"));
    assert_eq!(
        run("FROM scratch AS a\nFROM scratch\nCOPY --from=$x a b\n")
            .error
            .as_deref()
            .map(|e| e.starts_with("variable expansion is not supported")),
        Some(true)
    );
    assert_eq!(
        run("FROM scratch\nCOPY --from=b a /\nFROM scratch AS b\n").error.as_deref(),
        Some("cannot copy from stage \"b\", it needs to be defined before current stage \"stage-0\"")
    );
    assert_eq!(
        run("FROM scratch AS a\nCOPY --from=a x /\nFROM scratch\n").error.as_deref(),
        Some("circular dependency detected on stage: a")
    );
    assert_eq!(
        run("FROM Alpine\n").error.as_deref(),
        Some("failed to parse stage name \"Alpine\": invalid reference format: repository name (library/Alpine) must be lowercase")
    );
    assert_eq!(
        run("FROM scratch\nCOPY https://example.com/x /\n").error.as_deref(),
        Some("source can't be a URL for COPY")
    );
    // Findings made before the error are kept, even those of the failing word.
    let result = run("FROM scratch\nMAINTAINER a\nWORKDIR ${X:?is required}\n");
    let rules: Vec<&str> = result.findings.iter().map(|f| f.rule.name).collect();
    assert_eq!(rules, ["MaintainerDeprecated", "UndefinedVar"]);
    assert_eq!(result.error.as_deref(), Some("failed to process \"${X:?is required}\": X: is required"));
}

#[test]
fn onbuild_triggers_run_in_reachable_children() {
    // The trigger's CMD is checked in the child, located at the child's FROM.
    let source = "FROM scratch AS base\nONBUILD CMD run\nFROM base\n";
    assert_eq!(
        lint(source),
        ["JSONArgsRecommended@3: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals"]
    );
    // A child the last stage does not need gets no triggers, even under --check.
    assert!(lint("FROM scratch AS base\nONBUILD CMD run\nFROM base AS child\nFROM scratch\n").is_empty());
}

#[test]
fn stage_inherits_args_and_env() {
    assert!(lint("FROM scratch AS a\nARG V=1\nENV E=2\nFROM a\nCOPY $V$E /\n").is_empty());
}
