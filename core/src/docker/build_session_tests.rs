//! `docker build --secret`, `--ssh` and `--allow` over an in-memory host:
//! docker's syntax, buildx's and BuildKit's errors, and what the image keeps.

use super::super::{execute, Engine, MemoryHost};
use crate::docker::test_support::T0;

fn project(dockerfile: &str) -> MemoryHost {
    MemoryHost::new().with_file("Dockerfile", dockerfile).with_file("token.txt", "s3cr3t\n")
}

const SECRET: &str = "FROM python:3.12-slim\nRUN --mount=type=secret,id=token,required=true ls /run/secrets/token\n";

#[test]
fn a_secret_from_a_file_reaches_the_step_and_not_the_image() {
    let mut engine = Engine::new();
    let mut host = project(SECRET);
    let out = execute(&mut engine, "docker build -t app --secret id=token,src=token.txt .", &mut host, T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // The plain log names the step as written, flags included.
    assert!(
        out.stderr.contains("RUN --mount=type=secret,id=token,required=true ls /run/secrets/token"),
        "{}",
        out.stderr
    );
    let history = execute(&mut engine, "docker history --no-trunc app", &mut host, T0 + 1);
    // BuildKit's history holds the command, never the mount or the value
    // (convert.go `runCommandString` writes the args only).
    assert!(history.stdout.contains("RUN /bin/sh -c ls /run/secrets/token # buildkit"), "{}", history.stdout);
    assert!(!history.stdout.contains("s3cr3t") && !history.stdout.contains("--mount"), "{}", history.stdout);
    let inspect = execute(&mut engine, "docker image inspect app", &mut host, T0 + 1);
    assert!(!inspect.stdout.contains("s3cr3t"), "{}", inspect.stdout);
}

#[test]
fn a_required_secret_left_out_fails_the_build() {
    let mut engine = Engine::new();
    let out = execute(&mut engine, "docker build -t app .", &mut project(SECRET), T0);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.ends_with("ERROR: failed to build: failed to solve: secret token: not found\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn secret_flag_errors_are_buildxs() {
    let mut engine = Engine::new();
    let mut host = project(SECRET);
    let cases = [
        // buildkit session/secrets/secretsprovider/store.go `NewStore`.
        ("docker build --secret src=token.txt .", "ERROR: secret missing ID\n"),
        (
            "docker build --secret id=token,src=missing.txt .",
            "ERROR: failed to build: failed to stat missing.txt: stat missing.txt: no such file or directory\n",
        ),
        // docker/buildx util/buildflags/secrets.go.
        ("docker build --secret id=token,path=x .", "ERROR: unexpected key 'path' in 'path=x'\n"),
        // buildkit util/entitlements `Parse`.
        ("docker build --allow network.hots .", "ERROR: unknown entitlement network.hots\n"),
    ];
    for (line, stderr) in cases {
        let out = execute(&mut engine, line, &mut host, T0);
        assert_eq!((out.status, out.stderr.as_str()), (1, stderr), "{line}");
    }
}

#[test]
fn an_id_alone_reads_the_variable_of_that_name() {
    let mut engine = Engine::new();
    let mut host = project(SECRET);
    host.env.insert("token".into(), "from-env".into());
    let out = execute(&mut engine, "docker build --secret id=token .", &mut host, T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
}

// util/entitlements/entitlements.go: "network.host is not allowed".
#[test]
fn host_network_needs_allow() {
    let mut engine = Engine::new();
    let mut host = project("FROM python:3.12-slim\nRUN --network=host pip install flask\n");
    let denied = execute(&mut engine, "docker build .", &mut host, T0);
    assert_eq!(denied.status, 1);
    assert!(
        denied.stderr.contains("ERROR: failed to build: failed to solve: network.host is not allowed"),
        "{}",
        denied.stderr
    );
    let allowed = execute(&mut engine, "docker build --allow network.host .", &mut host, T0);
    assert_eq!(allowed.status, 0, "{}", allowed.stderr);
}

#[test]
fn ssh_default_is_forwarded() {
    let mut engine = Engine::new();
    let mut host = project("FROM python:3.12-slim\nRUN --mount=type=ssh,required=true true\n");
    let missing = execute(&mut engine, "docker build .", &mut host, T0);
    assert!(missing.stderr.contains("no SSH key \"default\" forwarded from the client"), "{}", missing.stderr);
    let ok = execute(&mut engine, "docker build --ssh default .", &mut host, T0);
    assert_eq!(ok.status, 0, "{}", ok.stderr);
}

// Two builds on the engine's builder share the cache mount: the second,
// whose step misses, finds pip's wheels.
#[test]
fn builds_in_one_session_share_cache_mounts() {
    let mut engine = Engine::new();
    let df = |pkgs: &str| {
        format!("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install {pkgs}\n")
    };
    let first = execute(&mut engine, "docker build --json .", &mut project(&df("flask")), T0);
    let second = execute(&mut engine, "docker build --json .", &mut project(&df("flask click")), T0 + 60);
    let step = |out: &super::super::Output| {
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        report["steps"][1].clone()
    };
    let (a, b) = (step(&first), step(&second));
    assert_eq!(b["mounts"][0]["type"], "cache");
    assert_eq!(b["mounts"][0]["id"], "/root/.cache/pip");
    assert_eq!(b["mounts"][0]["target"], "/root/.cache/pip");
    assert_eq!(b["mounts"][0]["sharing"], "shared");
    assert!(b["notes"][0].as_str().unwrap_or_default().contains("was warm"), "{b}");
    assert!(b["seconds"].as_f64() < a["seconds"].as_f64(), "{a}\n{b}");
    // `docker builder prune` empties it.
    execute(&mut engine, "docker builder prune -af", &mut project(""), T0 + 120);
    let third = execute(&mut engine, "docker build --json .", &mut project(&df("flask click")), T0 + 180);
    assert!(step(&third)["notes"][0].as_str().unwrap_or_default().contains("was empty"));
}
