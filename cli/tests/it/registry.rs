//! The simulated registry through the `layerlab` binary: a login, pushes
//! that share layers, `rmi` and a pull back to the same digest, across
//! separate invocations on one `--state` file (the registry and the login
//! are part of the daemon's state). Texts: docker/cli
//! `cli/command/registry/login.go`, moby `distribution/push_v2.go` and
//! `distribution/pull_v2.go`.

use super::{fresh_state, layerlab_at, text, T0};
use std::path::PathBuf;

const DOCKERFILE: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n";

fn project(name: &str, app: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-registry-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create dir");
    std::fs::write(dir.join("Dockerfile"), DOCKERFILE).expect("write");
    std::fs::write(dir.join("app.py"), app).expect("write");
    dir
}

/// `layerlab --state STATE ARGS…`: stdout, stderr, status.
fn run(state: &std::path::Path, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["--state", state.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    let out = layerlab_at(T0, &all, "");
    (text(&out.stdout), text(&out.stderr), out.status.code().unwrap_or(-1))
}

fn digest_of(push: &str) -> String {
    push.lines().last().and_then(|l| l.split(' ').nth(2)).unwrap_or_default().to_string()
}

#[test]
fn login_push_share_layers_rmi_and_pull_back() {
    let state = fresh_state();
    let v1 = project("v1", "print(1)\n");
    let v2 = project("v2", "print(2)\n");
    let dir = |p: &PathBuf| p.to_str().expect("utf-8").to_string();
    assert_eq!(run(&state, &["build", "-t", "alice/app:1.0", &dir(&v1)]).2, 0);
    assert_eq!(run(&state, &["build", "-t", "alice/app:2.0", &dir(&v2)]).2, 0);
    let (_, denied, status) = run(&state, &["push", "alice/app:1.0"]);
    assert_eq!((denied.as_str(), status), ("denied: requested access to the resource is denied\n", 1));
    let (out, err, status) = run(&state, &["login", "-u", "alice", "-p", "secret"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(out, "Login Succeeded\n");
    assert!(err.contains("WARNING! Your credentials are stored unencrypted"), "{err}");
    // Layerlab's note, on a line of its own.
    assert!(err.lines().any(|l| l.starts_with("layerlab: ") && l.contains("nothing leaves this machine")), "{err}");
    let (first, err, status) = run(&state, &["push", "alice/app:1.0"]);
    assert_eq!(status, 0, "{err}");
    let (second, _, _) = run(&state, &["push", "alice/app:2.0"]);
    insta::assert_snapshot!("push_first", first);
    insta::assert_snapshot!("push_second", second);
    let digest = digest_of(&first);
    assert_eq!(run(&state, &["rmi", "alice/app:1.0"]).2, 0);
    let (pulled, err, status) = run(&state, &["pull", "alice/app:1.0"]);
    assert_eq!(status, 0, "{err}");
    assert!(pulled.contains(&format!("Digest: {digest}\n")), "{pulled}");
    insta::assert_snapshot!("pull_back", pulled);
    // Pushed again after the pull: nothing to upload, the same digest.
    let (again, _, _) = run(&state, &["push", "alice/app:1.0"]);
    assert_eq!(digest_of(&again), digest);
    assert!(!again.contains(": Pushed"), "{again}");
    let (out, _, _) = run(&state, &["logout"]);
    assert_eq!(out, "Removing login credentials for https://index.docker.io/v1/\n");
    let _ = std::fs::remove_dir_all(&v1);
    let _ = std::fs::remove_dir_all(&v2);
}
