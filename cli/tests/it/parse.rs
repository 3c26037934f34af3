//! `layerlab parse`.

use super::{layerlab, text};

const SAMPLE: &str = "# syntax=docker/dockerfile:1
ARG GO=1.22
FROM golang:${GO} AS build
WORKDIR /src
COPY --link go.mod go.sum ./
RUN --mount=type=cache,target=/root/.cache \\
    go mod download
ONBUILD RUN echo child
COPY <<EOF /etc/motd
hello
EOF
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
";

#[test]
fn json_dump_of_a_valid_dockerfile() {
    let out = layerlab(&["parse", "-"], SAMPLE);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    insta::assert_json_snapshot!("parse_json_sample", json);
}

#[test]
fn buildkit_dump_of_a_valid_dockerfile() {
    let out = layerlab(&["parse", "--dump", "buildkit", "-"], SAMPLE);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("parse_buildkit_sample", text(&out.stdout));
}

#[test]
fn errors_are_located_with_a_snippet() {
    let out = layerlab(&["parse", "-"], "FROM alpine\nCOPPY a b\nCOPY onlyone\n");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("parse_errors", text(&out.stderr));
}

#[test]
fn syntax_error_prints_no_dump() {
    let out = layerlab(&["parse", "-"], "FROM alpine\nCMD [\"a\", 1]\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("<stdin>:2:5: error: when using JSON array syntax"), "{}", text(&out.stderr));
}

#[test]
fn reads_a_file_and_names_it() {
    let dir = std::env::temp_dir().join(format!("layerlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Dockerfile");
    std::fs::write(&path, "FROM a\nWORKDIR\n").expect("write Dockerfile");
    let out = layerlab(&["parse", path.to_str().expect("utf-8 path")], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{}:2:1: error: WORKDIR requires exactly one argument", path.display())),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(layerlab(&["parse", "--dump", "xml", "-"], "").status.code(), Some(2));
    // Any other word is a docker command; an unknown one gets docker's answer.
    let out = layerlab(&["frobnicate"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n"
    );
}

#[test]
fn missing_file_exits_1() {
    let out = layerlab(&["parse", "/nonexistent/Dockerfile"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("reading /nonexistent/Dockerfile"));
}
