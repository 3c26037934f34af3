//! The core's façade on `wasm32-unknown-unknown`, where the app runs it.
//!
//! Guards the invariant that core reads no clock and does no I/O: on wasm32
//! `SystemTime::now` and friends panic, so any such call fails these tests.
//! Run by `cargo xtask test` under `wasm-bindgen-test-runner` (Node).
//! Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use layerlab_core::{analyze, Severity};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn two_instructions_no_errors() {
    let analysis = analyze("FROM alpine\nRUN echo hi\n");
    assert_eq!(analysis.instructions.len(), 2);
    assert_eq!(analysis.instructions[0].keyword, "FROM");
    assert_eq!(analysis.instructions[1].keyword, "RUN");
    assert_eq!(analysis.stages.len(), 1);
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
}

#[wasm_bindgen_test]
fn copy_with_one_argument_is_an_error_on_its_line() {
    let analysis = analyze("FROM alpine\nCOPY onlyone\n");
    assert_eq!(analysis.instructions.len(), 2);
    let error = analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error for COPY with one argument");
    assert_eq!(error.start.line, 2);
    assert!(error.start.col >= 1);
}

#[wasm_bindgen_test]
fn multi_stage_with_continuation() {
    let source = "FROM rust:1.85 AS build\nRUN cargo build \\\n    --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
    let analysis = analyze(source);
    assert_eq!(analysis.instructions.len(), 5);
    assert_eq!(analysis.stages.len(), 2);
    assert_eq!(analysis.stages[0].name.as_deref(), Some("build"));
    let run = &analysis.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 3));
    assert_eq!(analysis.instructions[4].stage, Some(1));
    assert!(analysis.instructions[4].json);
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
}

#[wasm_bindgen_test]
fn arbitrary_text_does_not_panic() {
    // Garbage and an unterminated continuation must yield diagnostics, not a panic.
    let analysis = analyze("\u{feff}NOTANINSTRUCTION x\nFROM\nRUN a \\");
    assert!(analysis.has_errors());
}

/// The app's docker terminal: a session over an in-memory project, saved
/// and replayed (what localStorage will hold), all without a clock or files.
#[wasm_bindgen_test]
fn a_docker_session_builds_persists_and_replays() {
    use layerlab_core::docker::{MemoryHost, Session};
    let mut host = MemoryHost::new()
        .with_file("Dockerfile", "FROM python:3.12-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n")
        .with_file("app.py", "print(1)\n");
    let mut session = Session::new();
    let built = session.execute("docker build -t app .", &mut host, 1_795_000_000);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let images = session.execute("docker images", &mut host, 1_795_000_060);
    // CLI 29's default `docker images` is the tree view: `app:latest` heads its row.
    assert!(images.stdout.contains("app:latest "), "{}", images.stdout);
    let run = session.execute("docker run -d --name web -p 8080:80 app", &mut host, 1_795_000_070);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ps = session.execute("docker ps", &mut host, 1_795_000_080);
    assert!(ps.stdout.contains(" web\n"), "{}", ps.stdout);
    // Now a container uses `app`: the tree view marks it `U` in EXTRA.
    let images = session.execute("docker images", &mut host, 1_795_000_090);
    assert!(images.stdout.lines().any(|l| l.starts_with("app:latest ") && l.contains(" U ")), "{}", images.stdout);
    let mut restored = Session::from_json(&session.to_json()).expect("replays");
    assert_eq!(restored.execute("docker images", &mut host, 1_795_000_090), images);
    assert_eq!(restored.execute("docker ps", &mut host, 1_795_000_080), ps);
}

/// The app's per-keystroke call on wasm: analysis, lint and build together.
#[wasm_bindgen_test]
fn a_playground_edit_returns_every_view() {
    use layerlab_core::playground::{Playground, Project};
    let mut project = Project::new("FROM python:3.12-slim\nCOPY . .\nCMD python app.py\n");
    project.set_file("app.py", b"print(1)\n");
    let view = Playground::new().edit(&project);
    assert!(!view.analysis.has_errors());
    assert!(view.lint.findings.iter().any(|f| f.rule.name == "JSONArgsRecommended"));
    assert!(view.build.is_some_and(|b| b.error.is_none()));
}

/// The façade's typed build data on wasm: every instruction a step, each
/// layer step its layer, a rebuild's typed cause, the layer's files.
#[wasm_bindgen_test]
fn a_playground_rebuild_is_typed_data() {
    use layerlab_core::build::{CacheDecision, MissCause, StepKind};
    use layerlab_core::playground::{Playground, Project};
    let mut project = Project::new("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n");
    project.set_file("app.py", b"print(1)\n");
    let mut playground = Playground::new();
    playground.edit(&project);
    project.set_file("app.py", b"print(2)\n");
    let build = playground.edit(&project).build.expect("built");
    let kinds: Vec<StepKind> = build.steps.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [StepKind::Base, StepKind::Layer, StepKind::Layer, StepKind::Config]);
    assert_eq!(build.steps[1].cache, Some(CacheDecision::Hit));
    assert!(
        matches!(&build.steps[2].cache, Some(CacheDecision::Miss(MissCause::FilesChanged { files })) if files[0].path == "app.py")
    );
    let image = build.image.expect("image");
    let files = image.layer_files(build.steps[2].layer.expect("a layer"));
    assert!(files.iter().any(|f| f.path == "/app/app.py"), "{files:?}");
}

/// The project's saved form (localStorage, share links) round-trips on wasm.
#[wasm_bindgen_test]
fn a_project_round_trips_through_json() {
    use layerlab_core::json::{project_from_json, project_to_json};
    use layerlab_core::playground::{Project, MODE_EXECUTABLE};
    let mut project = Project::new("FROM alpine:3.22\nCOPY run.sh /\n");
    project.set_file_with_mode("run.sh", b"#!/bin/sh\n", MODE_EXECUTABLE);
    project.build_args.insert("V".into(), "1".into());
    assert_eq!(project_from_json(&project_to_json(&project)), Ok(project));
}

/// The terminal's typed events, the run panel's container view and a dry
/// run of the editor's image, on wasm.
#[wasm_bindgen_test]
fn events_container_view_and_dry_run() {
    use layerlab_core::build::{build, BuildCache, BuildRequest};
    use layerlab_core::context::BuildContext;
    use layerlab_core::docker::{Event, MemoryHost, Session};
    use layerlab_core::engine::containers::{dry_run, ImageSource};
    let now = 1_795_000_000;
    let mut session = Session::new();
    let mut host = MemoryHost::new();
    let run = session.execute("docker run -d --name web -p 8080:80 nginx", &mut host, now);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.events.iter().any(|e| matches!(e, Event::ContainerStarted { story, .. } if !story.is_empty())));
    let view = session.container("web").expect("the container");
    assert_eq!((view.state.as_str(), view.ports[0].host_port), ("running", 8080));
    assert!(!view.namespaces.is_empty());
    // The editor's image, added without rebuilding, then dry-run.
    let dockerfile = "FROM python:3.12-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n";
    let context = BuildContext::from_files([("app.py".to_string(), b"print(1)\n".to_vec())]).expect("context");
    let request = BuildRequest {
        dockerfile,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let outcome = build(&request, &mut BuildCache::default());
    let mut engine = session.engine().clone();
    let id = engine.add_built_image(&outcome, "app", now).expect("an image");
    let dry = dry_run(&engine, "docker run app", now).expect("a dry run");
    assert_eq!(dry.source, ImageSource::Local { id });
    assert!(dry.setup.is_ok_and(|s| !s.overlay.lowerdirs.is_empty() && !s.story.is_empty()));
}

/// The façade's dry run of the editor's image on wasm.
#[wasm_bindgen_test]
fn a_playground_dry_run_of_the_editors_image() {
    use layerlab_core::playground::{Playground, Project};
    let mut project = Project::new("FROM python:3.12-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n");
    project.set_file("app.py", b"print(1)\n");
    let mut playground = Playground::new();
    let build = playground.edit(&project).build.expect("built");
    let run = playground.dry_run("docker run -p 8080:8000 app", &build, "app", 1_795_000_000).expect("runs");
    assert_eq!(run.argv.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(), ["python", "app.py"]);
    assert!(run.setup.is_ok_and(|s| !s.overlay.lowerdirs.is_empty()));
}
