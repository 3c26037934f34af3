//! `layerlab build` with BuildKit's session flags (`--secret`, `--ssh`,
//! `--allow`) in docker's syntax, and RUN mounts in the `--json` report.

use super::{fresh_state, layerlab, text};
use std::path::PathBuf;

fn context(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-mounts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
        std::fs::write(path, contents).expect("write file");
    }
    dir
}

const SECRET: &str = "FROM alpine:3.22\nRUN --mount=type=secret,id=token,required=true ls /run/secrets/token\n";

#[test]
fn a_secret_file_is_mounted_for_its_step() {
    let dir = context("secret", &[("Dockerfile", SECRET)]);
    let token = std::env::temp_dir().join(format!("layerlab-token-{}.txt", std::process::id()));
    std::fs::write(&token, "s3cr3t").expect("write token");
    let spec = format!("id=token,src={}", token.display());
    let out = layerlab(&["build", "--json", "--secret", &spec, dir.to_str().expect("utf-8")], "");
    let missing = layerlab(&["build", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&token);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mount = &report["steps"][1]["mounts"][0];
    assert_eq!((mount["type"].as_str(), mount["target"].as_str()), (Some("secret"), Some("/run/secrets/token")));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
    // session/secrets/secrets.go: "secret <id>: not found" for a required secret.
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).ends_with("ERROR: failed to build: failed to solve: secret token: not found\n"));
}

#[test]
fn insecure_needs_allow() {
    let dir = context("insecure", &[("Dockerfile", "FROM alpine:3.22\nRUN --security=insecure true\n")]);
    let denied = layerlab(&["build", dir.to_str().expect("utf-8")], "");
    let allowed = layerlab(&["build", "--allow", "security.insecure", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    // buildkit util/entitlements/entitlements.go `Set.Check`.
    assert!(text(&denied.stderr).contains("security.insecure is not allowed"), "{}", text(&denied.stderr));
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
}

#[test]
fn a_cache_mount_outlives_the_build_in_the_state() {
    let pip = |pkgs: &str| {
        format!("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install {pkgs}\n")
    };
    let dir = context("cache", &[("Dockerfile", &pip("flask"))]);
    let state = fresh_state();
    let state = state.to_str().expect("utf-8");
    let first = layerlab(&["--state", state, "build", dir.to_str().expect("utf-8")], "");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    std::fs::write(dir.join("Dockerfile"), pip("flask click")).expect("edit");
    let second = layerlab(&["--state", state, "build", "--json", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    let report: serde_json::Value = serde_json::from_slice(&second.stdout).expect("JSON");
    let step = &report["steps"][1];
    assert_eq!(step["cached"], false);
    assert!(step["notes"][0].as_str().unwrap_or_default().contains("was warm"), "{step}");
}
