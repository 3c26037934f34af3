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
    // Every instruction, config-only ones included, each with its kind and layer.
    assert_eq!(
        instructions,
        ["FROM docker.io/library/alpine:3.22", "WORKDIR /app", "COPY . .", "ENV MODE=prod", "CMD [\"sh\"]"]
    );
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["base", "layer", "layer", "config", "config"]);
    let layers: Vec<&serde_json::Value> = steps.iter().map(|s| &s["layer"]).collect();
    assert_eq!(
        layers,
        [
            &serde_json::Value::Null,
            &serde_json::json!(0),
            &serde_json::json!(1),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    assert_eq!(steps[3]["cache"], serde_json::Value::Null);
    assert_eq!(steps[2]["cache"]["hit"], false);
    assert_eq!(steps[2]["cache"]["cause"]["kind"], "parent_missed");
    assert_eq!(steps[2]["cache"]["cause"]["step"], 1);
    // `COPY . .` copies the Dockerfile and .dockerignore too, as Docker does;
    // .dockerignore leaves debug.log out.
    let copied = dockerfile.len() + "echo hi\n".len() + "*.log\n".len();
    assert_eq!(steps[2]["size"], copied);
    let layer = &report["image"]["layers"][1];
    assert_eq!(layer["step"], 2);
    let files: Vec<&str> =
        layer["files"].as_array().expect("files").iter().map(|f| f["path"].as_str().expect("path")).collect();
    assert!(files.contains(&"/app/app.sh") && !files.contains(&"/app/debug.log"), "{files:?}");
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

/// `layerlab build --json` twice over one state: the second report's cache
/// decisions, with `change` applied to the context in between.
fn rebuild(
    name: &str,
    dockerfile: &str,
    args: &[&str],
    change: impl FnOnce(&std::path::Path) -> Vec<String>,
) -> serde_json::Value {
    let dir = context(name, &[("Dockerfile", dockerfile), ("app.py", "print(1)\n"), ("requirements.txt", "flask\n")]);
    let state = super::fresh_state();
    let state = state.to_str().expect("utf-8");
    let first = layerlab(&["--state", state, "build", "--json", dir.to_str().expect("utf-8")], "");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let extra = change(&dir);
    let mut words = vec!["--state", state, "build", "--json"];
    words.extend(args);
    words.extend(extra.iter().map(String::as_str));
    words.push(dir.to_str().expect("utf-8"));
    let second = layerlab(&words, "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    serde_json::from_slice(&second.stdout).expect("JSON")
}

fn causes(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["kind"] == "layer")
        .map(|s| (s["instruction"].as_str().unwrap_or_default().to_string(), s["cache"].clone()))
        .collect()
}

const FLASK: &str = "ARG PY=3.12\nFROM python:${PY}-slim\nWORKDIR /app\nCOPY requirements.txt .\nARG MODE=dev\nRUN pip install -r requirements.txt && echo $MODE\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

#[test]
fn a_rebuild_after_editing_one_file_names_the_file() {
    let report = rebuild("edit-file", FLASK, &[], |dir| {
        std::fs::write(dir.join("app.py"), "print(22)\n").expect("edit");
        Vec::new()
    });
    let causes = causes(&report);
    let hits: Vec<bool> = causes.iter().map(|(_, c)| c["hit"] == true).collect();
    assert_eq!(hits, [true, true, true, false]);
    let cause = &causes[3].1["cause"];
    assert_eq!(cause["kind"], "files_changed");
    assert_eq!(
        cause["files"],
        serde_json::json!([{ "path": "app.py", "change": "modified", "before": 9, "after": 10 }])
    );
}

#[test]
fn a_rebuild_after_changing_a_build_arg_names_it() {
    let report = rebuild("edit-arg", FLASK, &["--build-arg", "MODE=prod"], |_| Vec::new());
    let causes = causes(&report);
    assert_eq!(causes[2].0, "RUN pip install -r requirements.txt && echo prod");
    assert_eq!(
        causes[2].1["cause"],
        serde_json::json!({ "name": "MODE", "before": "dev", "after": "prod", "kind": "build_arg_changed", "words": "build arg MODE changed from `dev` to `prod`" })
    );
    assert_eq!(causes[3].1["cause"]["kind"], "parent_missed");
    assert_eq!(causes[3].1["cause"]["step"], 4);
}

#[test]
fn a_rebuild_after_changing_the_base_image_says_so_first() {
    let report = rebuild("edit-base", FLASK, &["--build-arg", "PY=3.13"], |_| Vec::new());
    let causes = causes(&report);
    assert_eq!(causes[0].1["cause"]["kind"], "base_changed");
    assert_eq!(causes[0].1["cause"]["before"], "python:3.12-slim");
    assert_eq!(causes[0].1["cause"]["after"], "python:3.13-slim");
    assert!(causes[1..].iter().all(|(_, c)| c["cause"]["kind"] == "parent_missed"), "{causes:?}");
}
