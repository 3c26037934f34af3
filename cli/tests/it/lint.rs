//! `layerlab lint`.

use super::{layerlab, text};

// hadolint's DL3000 and DL3025 fire on lines 2 and 3 too, but where a BuildKit
// check says the same, lint shows BuildKit's finding alone (core lint::overlap).
#[test]
fn findings_print_like_compiler_warnings_in_source_order() {
    let out = layerlab(&["lint", "-"], "from alpine AS Builder\nWORKDIR app\nCMD echo hi\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let heads: Vec<&str> = stdout.lines().filter(|l| l.starts_with("<stdin>:")).collect();
    assert_eq!(
        heads,
        [
            "<stdin>:1:1: warning[ConsistentInstructionCasing]: Command 'from' should match the case of the command majority (uppercase)",
            "<stdin>:1:1: warning[FromAsCasing]: 'AS' and 'from' keywords' casing do not match",
            "<stdin>:1:1: warning[StageNameCasing]: Stage name 'Builder' should be lowercase",
            "<stdin>:1:1: warning[ImageNotTagged]: Always tag the image explicitly: `alpine` has no tag.",
            "<stdin>:2:1: warning[WorkdirRelativePath]: Relative workdir \"app\" can have unexpected results if the base image changes",
            "<stdin>:3:1: warning[JSONArgsRecommended]: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
            "<stdin>:3:1: warning[ShellIsPid1]: /bin/sh is PID 1 and runs `echo hi` as its child: it does not forward SIGTERM, so `docker stop` waits 10 s and then kills the app with SIGKILL",
        ]
    );
}

#[test]
fn json_findings_carry_rule_span_and_url() {
    let out = layerlab(&["lint", "--json", "-"], "FROM alpine\nMAINTAINER me\n");
    assert_eq!(out.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let maintainer = findings
        .as_array()
        .expect("an array")
        .iter()
        .find(|f| f["rule"] == "MaintainerDeprecated")
        .expect("MaintainerDeprecated fires");
    assert_eq!(maintainer["source"], "buildkit");
    assert_eq!(maintainer["span"]["start_line"], 2);
    assert_eq!(maintainer["url"], "https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/");
    // hadolint's DL4000 is the same check (src/Hadolint/Rule/DL4000.hs): one finding, with its code.
    assert_eq!(maintainer["hadolint"], "DL4000");
    let on_line_2 = findings.as_array().expect("an array").iter().filter(|f| f["span"]["start_line"] == 2).count();
    assert_eq!(on_line_2, 1, "{findings:#}");
}

#[test]
fn check_error_true_fails_with_buildkits_message() {
    let out = layerlab(&["lint", "-"], "# check=error=true\nFROM alpine AS Builder\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("lint violation found for rules: StageNameCasing"), "{}", text(&out.stderr));
    // A tagged image, so no best-practice rule fires either.
    let quiet = layerlab(
        &["lint", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK=skip=all", "-"],
        "# check=error=true\nFROM alpine:3.22 AS Builder\n",
    );
    assert_eq!(quiet.status.code(), Some(0), "the build arg replaces the directive");
    assert_eq!(text(&quiet.stdout), "");
}

#[test]
fn best_practice_findings_carry_the_hadolint_code_and_a_fix() {
    let out = layerlab(
        &["lint", "--json", "-"],
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let recommends =
        findings.as_array().expect("an array").iter().find(|f| f["hadolint"] == "DL3015").expect("DL3015 fires");
    assert_eq!(recommends["source"], "best-practice");
    assert_eq!(recommends["line"], 2);
    let fixed = recommends["fix"]["text"].as_str().expect("a fix");
    assert_eq!(fixed, "RUN apt-get update && apt-get install --no-install-recommends -y curl");
    // Applying the fix makes the rule go quiet.
    let again = layerlab(&["lint", "--json", "-"], &format!("FROM debian:bookworm-slim\n{fixed}\n"));
    let findings: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert!(findings.as_array().expect("an array").iter().all(|f| f["hadolint"] != "DL3015"));
}

/// The whole output for a small Dockerfile with findings from all three
/// sources, so a reader can check it reads like a compiler's.
const SAMPLE: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nCMD curl --version\n";

#[test]
fn text_output_explains_costs_and_fixes() {
    let out = layerlab(&["lint", "-"], SAMPLE);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn json_output_has_every_key() {
    let out = layerlab(&["lint", "--json", "-"], SAMPLE);
    assert_eq!(out.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let keys = [
        "rule",
        "source",
        "hadolint",
        "severity",
        "line",
        "span",
        "message",
        "description",
        "url",
        "explanation",
        "cost",
        "fix",
    ];
    for f in findings.as_array().expect("an array") {
        let object = f.as_object().expect("an object");
        assert_eq!(object.len(), keys.len(), "{f}");
        assert!(keys.iter().all(|k| object.contains_key(*k)), "{f}");
    }
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn explain_prints_a_page_and_unknown_rules_exit_2_with_suggestions() {
    let out = layerlab(&["lint", "--explain", "dl3019"], "");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(text(&out.stdout));
    let unknown = layerlab(&["lint", "--explain", "ShellIsPid"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(text(&unknown.stderr), "layerlab lint: no rule ShellIsPid (did you mean ShellIsPid1?)\n");
}

#[test]
fn context_directory_feeds_the_engine_rules() {
    let dir = std::env::temp_dir().join(format!("layerlab-lint-context-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    std::fs::write(dir.join(".env"), "TOKEN=secret\n").expect("write");
    std::fs::write(dir.join("app.py"), "print(1)\n").expect("write");
    let out = layerlab(
        &["lint", "--json", "--context", dir.to_str().expect("utf-8 path"), "-"],
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    );
    let _ = std::fs::remove_dir_all(&dir);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let secret = findings.as_array().expect("an array").iter().find(|f| f["rule"] == "SecretInLayer").expect("fires");
    assert_eq!(secret["cost"]["bytes"], 13);
    assert_eq!(secret["fix"]["edits"][0], serde_json::json!({ "file": ".dockerignore", "append": ".env\n" }));
}

/// `--build-arg NAME` without `=` takes NAME's value from the environment,
/// and is left out when NAME is unset, as `docker build` does (docker/buildx
/// commands/build.go, `listToMap` with `defaultEnv`).
#[test]
fn a_build_arg_without_a_value_comes_from_the_environment() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let lint = |env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_layerlab"));
        command.env_remove("BUILDKIT_DOCKERFILE_CHECK");
        if let Some(value) = env {
            command.env("BUILDKIT_DOCKERFILE_CHECK", value);
        }
        let mut child = command
            .args(["lint", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the layerlab binary runs");
        let dockerfile = "# check=error=true\nFROM alpine:3.22 AS Builder\n";
        child.stdin.take().expect("stdin").write_all(dockerfile.as_bytes()).expect("write");
        child.wait_with_output().expect("layerlab finishes").status.code()
    };
    assert_eq!(lint(Some("skip=all")), Some(0), "the environment's value replaces the directive");
    assert_eq!(lint(None), Some(1), "unset: the argument is left out and the directive applies");
}
