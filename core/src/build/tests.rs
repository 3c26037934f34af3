//! The build engine against the lessons it must teach.

use super::*;
use crate::context::BuildContext;

fn context(files: &[(&str, &str)]) -> BuildContext {
    BuildContext::from_files(files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))).expect("valid context")
}

fn run(dockerfile: &str, ctx: &BuildContext, cache: &mut BuildCache) -> BuildOutcome {
    let request =
        BuildRequest { dockerfile, context: ctx, build_args: Default::default(), target: None, no_cache: false };
    build(&request, cache)
}

/// `(instruction, cached)` for each step after FROM.
fn cached(outcome: &BuildOutcome) -> Vec<(&str, bool)> {
    outcome
        .steps
        .iter()
        .filter(|s| !s.instruction.starts_with("FROM "))
        .map(|s| (s.instruction.as_str(), s.cached))
        .collect()
}

const PIP_GOOD: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
const PIP_BAD: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";

#[test]
fn dependencies_first_means_an_app_edit_rebuilds_only_the_last_copy() {
    let mut cache = BuildCache::default();
    let v1 = context(&[("requirements.txt", "flask==3.0\n"), ("app.py", "print(1)\n")]);
    let first = run(PIP_GOOD, &v1, &mut cache);
    assert!(first.error.is_none(), "{:?}", first.error);
    assert!(cached(&first).iter().all(|(_, hit)| !hit));
    let v2 = context(&[("requirements.txt", "flask==3.0\n"), ("app.py", "print(2)\n")]);
    let second = run(PIP_GOOD, &v2, &mut cache);
    assert_eq!(
        cached(&second),
        [
            ("WORKDIR /app", true),
            ("COPY requirements.txt .", true),
            ("RUN pip install -r requirements.txt", true),
            ("COPY . .", false)
        ]
    );
    assert_eq!(second.steps.last().map(|s| s.reason.as_str()), Some("`app.py` changed"));
}

#[test]
fn copying_everything_first_reinstalls_on_every_app_edit() {
    let mut cache = BuildCache::default();
    run(PIP_BAD, &context(&[("requirements.txt", "flask\n"), ("app.py", "print(1)\n")]), &mut cache);
    let second = run(PIP_BAD, &context(&[("requirements.txt", "flask\n"), ("app.py", "print(2)\n")]), &mut cache);
    assert_eq!(
        cached(&second),
        [("WORKDIR /app", true), ("COPY . .", false), ("RUN pip install -r requirements.txt", false)]
    );
    assert!(second.steps[3].reason.contains("step before it was rebuilt"), "{}", second.steps[3].reason);
}

#[test]
fn editing_an_ignored_file_rebuilds_nothing() {
    let mut cache = BuildCache::default();
    let files = |log: &str| {
        context(&[(".dockerignore", "*.log\n"), ("requirements.txt", "flask\n"), ("app.py", "x"), ("debug.log", log)])
    };
    run(PIP_BAD, &files("a"), &mut cache);
    let second = run(PIP_BAD, &files("b"), &mut cache);
    assert!(cached(&second).iter().all(|(_, hit)| *hit), "{:?}", cached(&second));
}

#[test]
fn reverting_an_edit_hits_an_older_cache_entry() {
    let mut cache = BuildCache::default();
    let v = |n: &str| context(&[("requirements.txt", "flask\n"), ("app.py", n)]);
    run(PIP_GOOD, &v("1"), &mut cache);
    run(PIP_GOOD, &v("2"), &mut cache);
    let third = run(PIP_GOOD, &v("1"), &mut cache);
    assert!(cached(&third).iter().all(|(_, hit)| *hit));
}

#[test]
fn a_changed_build_arg_is_named() {
    let dockerfile = "FROM alpine:3.22\nARG VERSION=1\nRUN echo building\n";
    let ctx = context(&[]);
    let mut cache = BuildCache::default();
    let request = |v: &str| BuildRequest {
        dockerfile,
        context: &ctx,
        build_args: [("VERSION".to_string(), v.to_string())].into(),
        target: None,
        no_cache: false,
    };
    build(&request("1"), &mut cache);
    let second = build(&request("2"), &mut cache);
    assert_eq!(second.steps[1].reason, "build arg VERSION changed from `1` to `2`");
}

#[test]
fn from_scratch_plus_one_binary_weighs_the_binary() {
    let binary = "x".repeat(1_500_000);
    let ctx = context(&[("app", &binary)]);
    let outcome = run("FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n", &ctx, &mut BuildCache::default());
    let image = outcome.image.expect("an image");
    assert_eq!(image.size(), 1_500_000);
    assert_eq!(image.config.entrypoint.as_deref(), Some(&["/app".to_string()][..]));
}

#[test]
fn multi_stage_copies_from_the_stage_and_skips_unneeded_ones() {
    let dockerfile = "FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY main.go .\n\nFROM alpine:3.22 AS unused\nRUN echo never\n\nFROM scratch\nCOPY --from=build /src/main.go /main.go\n";
    let ctx = context(&[("main.go", "package main\n")]);
    let outcome = run(dockerfile, &ctx, &mut BuildCache::default());
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(outcome.skipped_stages, ["unused"]);
    let image = outcome.image.expect("an image");
    assert_eq!(image.size(), 13);
    assert!(image.layers.get("/main.go").is_some());
}

#[test]
fn entrypoint_resets_an_inherited_cmd_but_not_one_set_in_the_stage() {
    let ctx = context(&[]);
    let image = |text: &str| run(text, &ctx, &mut BuildCache::default()).image.expect("an image").config;
    let reset = image("FROM python:3.12-slim\nENTRYPOINT [\"python\"]\n");
    assert_eq!(reset.cmd, None);
    let kept = image("FROM python:3.12-slim\nCMD [\"app.py\"]\nENTRYPOINT [\"python\"]\n");
    assert_eq!(kept.cmd, Some(vec!["app.py".to_string()]));
    let shell = image("FROM alpine:3.22\nCMD echo hi\n");
    assert_eq!(shell.cmd, Some(vec!["/bin/sh".into(), "-c".into(), "echo hi".into()]));
}

#[test]
fn missing_and_ignored_sources_fail_with_the_reason() {
    let ctx = context(&[(".dockerignore", "secrets/\n"), ("secrets/key", "k")]);
    let outcome = run("FROM alpine:3.22\nCOPY secrets/key /key\n", &ctx, &mut BuildCache::default());
    let error = outcome.error.expect("a failure");
    assert!(error.message.contains("\"/secrets/key\": not found"), "{}", error.message);
    assert!(error.message.contains(".dockerignore line 1"), "{}", error.message);
}

#[test]
fn run_on_an_image_without_a_shell_fails() {
    let outcome =
        run("FROM gcr.io/distroless/static-debian12\nRUN echo hi\n", &context(&[]), &mut BuildCache::default());
    let error = outcome.error.expect("a failure");
    assert!(error.message.contains("/bin/sh: no such file or directory"), "{}", error.message);
}

#[test]
fn build_log_reads_like_buildkit() {
    let mut cache = BuildCache::default();
    let ctx = context(&[("requirements.txt", "flask==3.0\n"), ("app.py", "print(1)\n")]);
    run(PIP_GOOD, &ctx, &mut cache);
    let edited = context(&[("requirements.txt", "flask==3.0\n"), ("app.py", "print(2)\n")]);
    let outcome = run(PIP_GOOD, &edited, &mut cache);
    let id = outcome.image.as_ref().map(|i| i.id()).unwrap_or_default();
    insta::assert_snapshot!(outcome.log.replace(&id, "sha256:<id>"));
}

fn image_size(dockerfile: &str, ctx: &BuildContext) -> u64 {
    let outcome = run(dockerfile, ctx, &mut BuildCache::default());
    assert!(outcome.error.is_none(), "{dockerfile}: {:?}\n{}", outcome.error, outcome.log);
    outcome.image.expect("an image").size()
}

#[test]
fn cleaning_apt_lists_in_the_same_run_makes_a_smaller_image() {
    let ctx = context(&[]);
    let one = image_size(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        &ctx,
    );
    let two = image_size(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
        &ctx,
    );
    assert!(one < two, "one RUN {one} vs two RUNs {two}");
    let outcome = run(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
        &ctx,
        &mut BuildCache::default(),
    );
    assert!(outcome.wasted_bytes > 10_000_000, "the lists stay in the lower layer: {}", outcome.wasted_bytes);
    assert!(outcome.efficiency < 1.0);
}

#[test]
fn a_multi_stage_go_build_is_a_small_fraction_of_the_single_stage_one() {
    let ctx = context(&[("go.mod", "module app\n"), ("main.go", "package main\nfunc main() {}\n")]);
    let single =
        image_size("FROM golang:1.25-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n", &ctx);
    let multi = image_size(
        "FROM golang:1.25-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
        &ctx,
    );
    assert!(multi * 20 < single, "multi-stage {multi} vs single-stage {single}");
}

#[test]
fn a_failing_run_stops_the_build_with_dockers_message() {
    let outcome = run("FROM alpine:3.22\nRUN apt-get update\n", &context(&[]), &mut BuildCache::default());
    let error = outcome.error.expect("apt-get is not on alpine");
    assert_eq!(error.message, "process \"/bin/sh -c apt-get update\" did not complete successfully: exit code: 127");
    assert!(outcome.log.contains("/bin/sh: apt-get: not found"), "{}", outcome.log);
    assert!(outcome.log.ends_with(
        "ERROR: failed to solve: process \"/bin/sh -c apt-get update\" did not complete successfully: exit code: 127\n"
    ));
}

#[test]
fn run_as_a_user_that_does_not_exist_fails() {
    let outcome = run("FROM alpine:3.22\nUSER app\nRUN echo hi\n", &context(&[]), &mut BuildCache::default());
    assert_eq!(
        outcome.error.map(|e| e.message).as_deref(),
        Some("unable to find user app: no matching entries in passwd file")
    );
    let ok =
        run("FROM alpine:3.22\nRUN adduser -D app\nUSER app\nRUN echo hi\n", &context(&[]), &mut BuildCache::default());
    assert!(ok.error.is_none(), "{:?}", ok.error);
}

#[test]
fn pip_reads_requirements_copied_from_the_context() {
    let ctx = context(&[("requirements.txt", "flask\nrequests\n")]);
    let outcome = run(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        &ctx,
        &mut BuildCache::default(),
    );
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    let pip = outcome.steps.last().expect("the pip step");
    assert!(pip.size > 1_000_000, "flask and requests weigh something: {}", pip.size);
}
