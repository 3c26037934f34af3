//! `docker build --cache-to/--cache-from` on the command line, inline cache
//! through a registry, `docker builder prune`, and `docker buildx history`.

use super::*;
use crate::docker::test_support::{run_at as run, T0};

const APP: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

fn project() -> MemoryHost {
    MemoryHost::new()
        .with_file("Dockerfile", APP)
        .with_file("requirements.txt", "flask==3.0\n")
        .with_file("app.py", "print(1)\n")
}

/// The classic CI recipe (docs.docker.com/build/cache/backends/inline/):
/// build with `--cache-to type=inline`, push, and on a fresh builder build
/// with `--cache-from` the pushed image. The docker driver supports it.
#[test]
fn inline_cache_travels_with_the_pushed_image() {
    let mut engine = Engine::new();
    let mut host = project();
    let out = run(&mut engine, &mut host, "docker build --cache-to type=inline -t localhost:5000/app .", T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // BuildKit's image exporter prepares the inline cache inside its vertex.
    assert!(out.stderr.contains(" preparing layers for inline cache 0.0s done\n"), "{}", out.stderr);
    assert_eq!(run(&mut engine, &mut host, "docker push localhost:5000/app", T0 + 10).status, 0);
    let pruned = run(&mut engine, &mut host, "docker builder prune -af", T0 + 20);
    assert!(pruned.stdout.starts_with("Deleted build cache objects:\n"), "{}", pruned.stdout);
    let df = run(&mut engine, &mut host, "docker system df", T0 + 20).stdout;
    let cache_row: Vec<&str> =
        df.lines().find(|l| l.starts_with("Build Cache")).map(|l| l.split_whitespace().collect()).unwrap_or_default();
    assert_eq!(cache_row, ["Build", "Cache", "0", "0", "0B", "0B"], "{df}");

    let out = run(&mut engine, &mut host, "docker buildx build --cache-from localhost:5000/app -t app2 .", T0 + 30);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("#4 importing cache manifest from localhost:5000/app\n#4 DONE 0.1s\n"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.matches(" CACHED\n").count(), 4, "{}", out.stderr);
    // Without --cache-from a fresh builder would have run every step.
    run(&mut engine, &mut host, "docker builder prune -af", T0 + 40);
    let cold = run(&mut engine, &mut host, "docker build -t app3 .", T0 + 50);
    assert_eq!(cold.stderr.matches(" CACHED\n").count(), 0);
}

/// buildx build/opt.go: the `BUILDKIT_INLINE_CACHE` build arg, read with
/// Go's `ParseBool`, adds an inline cache export.
#[test]
fn the_inline_cache_build_arg_exports_inline_cache() {
    let mut engine = Engine::new();
    let mut host = project();
    let out =
        run(&mut engine, &mut host, "docker build --build-arg BUILDKIT_INLINE_CACHE=1 -t localhost:5000/app .", T0);
    assert!(out.stderr.contains(" preparing layers for inline cache 0.0s done\n"), "{}", out.stderr);
    let out =
        run(&mut engine, &mut host, "docker build --build-arg BUILDKIT_INLINE_CACHE=0 -t localhost:5000/app .", T0);
    assert!(!out.stderr.contains("inline cache"), "{}", out.stderr);
}

#[test]
fn the_docker_driver_exports_inline_cache_only() {
    let mut engine = Engine::new();
    let mut host = project();
    let out = run(&mut engine, &mut host, "docker build --cache-to type=registry,ref=localhost:5000/app:cache .", T0);
    assert_eq!(out.status, 1);
    // buildx build/opt.go (`e.Type != "inline"` needs driver.CacheExport) and build/utils.go.
    assert_eq!(
        out.stderr,
        "ERROR: failed to build: Cache export is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.\nLearn more at https://docs.docker.com/go/build-cache-backends/\n"
    );
    let out = run(&mut engine, &mut host, "docker build --cache-from mode=max .", T0);
    assert_eq!(out.stderr, "ERROR: type required for \"mode=max\"\n");
    // Nothing ran, so nothing is in the history.
    assert!(run(&mut engine, &mut host, "docker buildx history ls", T0).stdout.lines().count() == 1);
}

#[test]
fn history_lists_and_inspects_earlier_builds() {
    let mut engine = Engine::new();
    let mut host = project();
    run(&mut engine, &mut host, "docker build -t app .", T0);
    let host_app = host.clone().with_file("app.py", "print(2)\n");
    let mut host = host_app;
    run(&mut engine, &mut host, "docker build --build-arg MODE=dev -t app .", T0 + 120);
    let broken = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.22 AS base\nRUN apt-get update\n");
    let mut broken = broken;
    run(&mut engine, &mut broken, "docker build --target=base .", T0 + 300);

    // buildx commands/history/ls.go: BUILD ID, NAME, STATUS, CREATED AT,
    // DURATION and the (empty, off a terminal) link column; newest first.
    let ls = run(&mut engine, &mut host, "docker buildx history ls", T0 + 3600);
    insta::assert_snapshot!("history_ls", ls.stdout);
    // buildx commands/history/inspect.go: without REF, the latest record, with `Ref:`.
    let latest = run(&mut engine, &mut host, "docker buildx history inspect", T0 + 3600);
    insta::assert_snapshot!("history_inspect_latest", latest.stdout);
    let second = run(&mut engine, &mut host, "docker buildx history inspect ^1", T0 + 3600);
    insta::assert_snapshot!("history_inspect_offset", second.stdout);
    let reference = second.stdout.lines().last().and_then(|l| l.rsplit('/').next()).unwrap_or_default().to_string();
    let by_ref = run(&mut engine, &mut host, &format!("docker buildx history inspect {reference}"), T0 + 3600);
    assert!(by_ref.stdout.starts_with("Name:\t\t.\nContext:\t.\n"), "{}", by_ref.stdout);
    let missing = run(&mut engine, &mut host, "docker buildx history inspect nosuchref", T0);
    assert_eq!(missing.stderr, "ERROR: no record found for ref \"nosuchref\"\n");
    assert_eq!(
        run(&mut Engine::new(), &mut host, "docker buildx history inspect", T0).stderr,
        "ERROR: no records found\n"
    );
}

/// Tab completion reaches the history's subcommands through both groups.
#[test]
fn completion_offers_the_history_subcommands() {
    let engine = Engine::new();
    let history = crate::docker::complete::complete(&engine, "docker buildx h");
    assert_eq!(history.candidates, ["history"]);
    let subcommands = crate::docker::complete::complete(&engine, "docker buildx history ");
    assert_eq!(subcommands.candidates, ["inspect", "ls"]);
}

/// The exported caches and the history live in the engine, so a saved
/// session's replay brings them back (the journal holds only the lines).
#[test]
fn a_replayed_session_has_the_same_caches_and_history() {
    let mut session = Session::new();
    let mut host = project();
    session.execute("docker build --cache-to type=inline -t localhost:5000/app .", &mut host, T0);
    session.execute("docker push localhost:5000/app", &mut host, T0 + 10);
    session.execute("docker builder prune -af", &mut host, T0 + 20);
    let imported = session.execute("docker build --cache-from localhost:5000/app -t app2 .", &mut host, T0 + 30);
    let mut restored = Session::from_json(&session.to_json()).expect("the journal replays");
    let ls = |s: &mut Session, host: &mut MemoryHost| s.execute("docker buildx history ls", host, T0 + 60).stdout;
    let before = ls(&mut session, &mut host);
    assert_eq!(before.lines().count(), 3, "{before}");
    assert_eq!(ls(&mut restored, &mut host), before);
    assert!(imported.stderr.contains(" CACHED\n"));
}
