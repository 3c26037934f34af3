//! `docker build --check`, held to buildx's own tests and printers:
//! docker/buildx 461836ba `tests/build.go` `testBuildCheckCallOutput` (the
//! count lines, a failing exit with warnings, the Dockerfile path in the
//! excerpts) and `commands/build.go` `printResult`; moby/buildkit 73ed6825c
//! `frontend/subrequests/lint/lint.go` (`Warning.PrintTo`, the status code)
//! and `solver/errdefs/source.go` (`Source.Print`, the excerpt).

use super::*;
use crate::docker::test_support::T0;

fn check(dockerfile: &str, line: &str) -> Output {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", dockerfile).with_file("sub/Dockerfile", dockerfile);
    execute(&mut engine, line, &mut host, T0)
}

#[test]
fn a_clean_dockerfile_checks_with_no_warnings_and_exits_0() {
    // testBuildCheckCallOutput's first case.
    let out = check("\nFROM busybox AS base\nCOPY Dockerfile .\n\t", "docker build --call=check .");
    assert_eq!(out.stdout, "Check complete, no warnings found.\n");
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn warnings_print_with_their_url_detail_and_excerpt_and_exit_1() {
    // testBuildCheckCallOutput's third case: two warnings, a failing exit
    // (the texts are the lint conformance corpus's: neither keyword is
    // consistently cased, so FromAsCasing stays quiet).
    let out = check("\nfrOM busybox as base\ncOpy Dockerfile .\n\t", "docker build --check .");
    assert_eq!(out.status, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout, @r"
    Check complete, 2 warnings have been found!

    WARNING: ConsistentInstructionCasing - https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/
    Command 'frOM' should match the case of the command majority (uppercase)
    Dockerfile:2
    --------------------
       1 |     
       2 | >>> frOM busybox as base
       3 |     cOpy Dockerfile .
       4 |     	
    --------------------

    WARNING: ConsistentInstructionCasing - https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/
    Command 'cOpy' should match the case of the command majority (uppercase)
    Dockerfile:3
    --------------------
       1 |     
       2 |     frOM busybox as base
       3 | >>> cOpy Dockerfile .
       4 |     	
    --------------------
    ");
    // The progress goes to stderr and builds nothing.
    assert!(
        out.stderr.contains("#2 [internal] load metadata for docker.io/library/busybox:latest\n"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("FROM"), "{}", out.stderr);
}

#[test]
fn the_excerpt_names_the_dockerfile_as_given_to_f_and_ignorestatus_exits_0() {
    let out = check("FROM busybox as base\n", "docker buildx build --call=check,ignorestatus=true -f sub/Dockerfile .");
    assert!(out.stdout.starts_with("Check complete, 1 warning has been found!\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\nsub/Dockerfile:1\n"), "{}", out.stdout);
    assert_eq!(out.status, 0);
    // The first vertex names the file by its base name (buildx build/opt.go
    // `filepath.Base(inp.DockerfilePath)` → dockerui `load build definition from`).
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("ci/app.Dockerfile", "FROM busybox\n");
    let built = execute(&mut engine, "docker build -f ci/app.Dockerfile .", &mut host, T0);
    assert!(built.stderr.contains("#1 [internal] load build definition from app.Dockerfile\n"), "{}", built.stderr);
    // A failure's excerpt is headed by that name too (the frontend's source map).
    let mut host = MemoryHost::new().with_file("ci/app.Dockerfile", "FROM busybox\nRUN exit 3\n");
    let failed = execute(&mut engine, "docker build -f ci/app.Dockerfile .", &mut host, T0);
    assert!(failed.stderr.contains("\napp.Dockerfile:2\n--------------------\n"), "{}", failed.stderr);
    // Without -f: PATH/Dockerfile (build/opt.go `dockerfileSrcName`).
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("app/Dockerfile", "FROM busybox as base\n");
    let out = execute(&mut engine, "docker build --check app", &mut host, T0);
    assert!(out.stdout.contains("\napp/Dockerfile:1\n"), "{}", out.stdout);
}

#[test]
fn error_true_prints_the_warnings_then_buildkits_error_and_exits_1() {
    // printResult: the warnings, a blank line, then the error buildx's main
    // prints as `ERROR: %v\n` (its text ends in a newline of its own).
    let out = check("# check=error=true\nFROM busybox as base\n", "docker build --check .");
    assert_eq!(out.status, 1);
    assert!(
        out.stdout.starts_with("Check complete, 1 warning has been found!\n\nWARNING: FromAsCasing"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with("--------------------\n\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("no warnings"), "{}", out.stdout);
    assert!(out.stderr.ends_with("ERROR: lint violation found for rules: FromAsCasing\n\n"), "{}", out.stderr);
}

#[test]
fn other_calls_are_refused_as_not_simulated_and_bad_fields_as_buildx_does() {
    let out = check("FROM busybox\n", "docker build --call=outline .");
    assert_eq!(out.status, 125);
    assert!(out.stderr.contains("--call=outline is a real docker option"), "{}", out.stderr);
    // util/buildflags/callfunc.go `ParseCallFunc`.
    let out = check("FROM busybox\n", "docker build --call=check,colour=red .");
    assert_eq!(out.stderr, "ERROR: invalid print field: colour=red\n");
    // `--call=build` is an ordinary build.
    let out = check("FROM busybox\n", "docker build --call=build .");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("[1/1] FROM docker.io/library/busybox:latest"), "{}", out.stderr);
}

#[test]
fn a_parse_error_prints_its_excerpt_after_buildxs_error_line() {
    // printResult: `PrintErrorTo` writes the message and the located source
    // into the error buildx's main prints as `ERROR: %v`.
    let out = check("FROM alpine:3.21\nFOO bar\n", "docker build --check .");
    assert_eq!(out.status, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.ends_with(
            "ERROR: dockerfile parse error on line 2: unknown instruction: FOO (did you mean FROM?)\nDockerfile:2\n--------------------\n   1 |     FROM alpine:3.21\n   2 | >>> FOO bar\n   3 |     \n--------------------\n\n"
        ),
        "{}",
        out.stderr
    );
}
