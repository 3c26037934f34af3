//! `layerlab build`.

use super::{layerlab, text};
use std::path::PathBuf;

/// A throwaway context directory with the given files.
fn context(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
        std::fs::write(path, contents).expect("write file");
    }
    dir
}

#[test]
fn json_report_has_the_image_steps_and_log() {
    let dockerfile = "FROM alpine:3.22\nWORKDIR /app\nCOPY . .\nENV MODE=prod\nCMD [\"sh\"]\n";
    let dir = context(
        "ok",
        &[("Dockerfile", dockerfile), ("app.sh", "echo hi\n"), (".dockerignore", "*.log\n"), ("debug.log", "noise\n")],
    );
    let out = layerlab(&["build", "--json", "-t", "demo:1", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["image"]["tags"], serde_json::json!(["demo:1"]));
    assert_eq!(report["image"]["config"]["WorkingDir"], "/app");
    assert_eq!(report["image"]["config"]["Cmd"], serde_json::json!(["sh"]));
    assert!(report["image"]["config"]["Env"].as_array().expect("Env").iter().any(|e| e == "MODE=prod"));
    assert!(report["image"]["id"].as_str().expect("id").starts_with("sha256:"));
    let steps = report["steps"].as_array().expect("steps");
    let instructions: Vec<&str> = steps.iter().map(|s| s["instruction"].as_str().expect("text")).collect();
    assert_eq!(instructions, ["FROM docker.io/library/alpine:3.22", "WORKDIR /app", "COPY . ."]);
    // `COPY . .` copies the Dockerfile and .dockerignore too, as Docker does;
    // .dockerignore leaves debug.log out.
    assert_eq!(steps[2]["size"], dockerfile.len() + "echo hi\n".len() + "*.log\n".len());
    assert!(report["log"].as_str().expect("log").contains("#5 [2/3] WORKDIR /app"));
}

#[test]
fn a_failed_build_exits_1_with_a_located_error() {
    let dir = context("fail", &[("Dockerfile", "FROM alpine:3.22\nRUN apt-get install -y curl\n")]);
    let out = layerlab(&["build", "--json", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["error"]["line"], 2);
    assert_eq!(report["error"]["column"], 1);
    assert!(report["error"]["message"].as_str().expect("message").contains("exit code: 127"));
    assert_eq!(report["steps"].as_array().map(Vec::len), Some(2));
}

#[test]
fn plain_log_goes_to_stderr() {
    let dir = context("plain", &[("Dockerfile", "FROM scratch\nCOPY a /a\n"), ("a", "x")]);
    let out = layerlab(&["build", dir.to_str().expect("utf-8")], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0));
    let log = text(&out.stderr);
    assert!(log.contains("] COPY a /a") && log.contains("[1/1] COPY a /a"), "{log}");
    assert!(!log.contains("load metadata"), "scratch is never pulled: {log}");
}
