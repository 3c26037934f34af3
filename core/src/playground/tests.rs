//! The façade as the app uses it: edits, the project and its saved form, the
//! context kept between edits, the terminal.

use super::*;
use crate::build::{CacheDecision, FileChange, MissCause, SourceChange, StepKind, StepReport};
use crate::json::{project_from_json, project_to_json, ProjectFormatError};

const FLASK: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

fn project(app: &str) -> Project {
    let mut p = Project::new(FLASK);
    p.set_file("requirements.txt", b"flask==3.0.3\n");
    p.set_file("app.py", app.as_bytes());
    p
}

fn layer_steps(outcome: &BuildOutcome) -> Vec<&StepReport> {
    outcome.steps.iter().filter(|s| s.kind == StepKind::Layer).collect()
}

#[test]
fn an_edit_returns_every_view_and_the_cache_remembers_earlier_edits() {
    let mut playground = Playground::new();
    let first = playground.edit(&project("print(1)\n"));
    assert!(!first.analysis.has_errors());
    let build = first.build.expect("built");
    assert!(build.error.is_none(), "{:?}", build.error);
    // A first build: the first layer step has nothing to hit, each later one
    // misses because the step before it ran (its step number and line).
    let decisions: Vec<CacheDecision> = layer_steps(&build).iter().filter_map(|s| s.cache.clone()).collect();
    let parent = |step, line| CacheDecision::Miss(MissCause::ParentMissed { step, line });
    assert_eq!(decisions, [CacheDecision::Miss(MissCause::FirstBuild), parent(1, 2), parent(2, 3), parent(3, 4)]);
    // Every instruction has a step: FROM (base), four layers, CMD (config).
    let kinds: Vec<StepKind> = build.steps.iter().map(|s| s.kind).collect();
    use StepKind::{Base, Config, Layer};
    assert_eq!(kinds, [Base, Layer, Layer, Layer, Layer, Config]);
    // An app edit: only `COPY . .` runs again, and the cause names the file.
    let second = playground.edit(&project("print(22)\n")).build.expect("built");
    let missed: Vec<&str> =
        layer_steps(&second).iter().filter(|s| s.rebuilt()).map(|s| s.instruction.as_str()).collect();
    assert_eq!(missed, ["COPY . ."]);
    let copy = layer_steps(&second)[3];
    let change = FileChange { path: "app.py".into(), change: SourceChange::Modified, before: Some(9), after: Some(10) };
    assert_eq!(copy.cache, Some(CacheDecision::Miss(MissCause::FilesChanged { files: vec![change] })));
    // Each layer step names its layer, and the layer its step.
    for (i, layer) in second.layers.iter().enumerate() {
        assert_eq!(second.steps[layer.step].layer, Some(i));
    }
    // Reverting hits the first edit's entry.
    let third = playground.edit(&project("print(1)\n")).build.expect("built");
    assert!(layer_steps(&third).iter().all(|s| s.cached()));
}

#[test]
fn a_syntax_error_keeps_the_analysis_and_skips_the_build() {
    let mut playground = Playground::new();
    let view = playground.edit(&Project::new("FROM alpine:3.22\nCOPY onlyone\n"));
    assert!(view.analysis.has_errors());
    assert!(view.build.is_none());
}

#[test]
fn lint_sees_the_project_files_and_a_bad_dockerignore_is_reported_with_its_line() {
    let mut p = Project::new("FROM python:3.12-slim\nCOPY . .\nCMD python app.py\n");
    p.set_file("app.py", b"print(1)\n");
    p.set_file(".env", b"TOKEN=1\n");
    let view = Playground::new().edit(&p);
    let rules: Vec<&str> = view.lint.findings.iter().map(|f| f.rule.name).collect();
    assert!(rules.contains(&"SecretInLayer"), "{rules:?}");
    assert!(rules.contains(&"JSONArgsRecommended"), "{rules:?}");
    p.set_file(".dockerignore", b"*.md\n[\n");
    let view = Playground::new().edit(&p);
    let error = view.context.error.expect("refused");
    assert_eq!(error.line, Some(2), "{}", error.message);
    assert!(view.build.is_none());
    // The files are still listed, so the panel never goes blank.
    assert!(view.context.files.iter().any(|f| f.path == "app.py"));
}

#[test]
fn the_context_follows_each_edit_and_says_which_pattern_ignores_a_file() {
    let mut playground = Playground::new();
    let mut p = project("print(1)\n");
    p.set_file(".dockerignore", b"# logs\n*.log\n");
    p.set_file("debug.log", b"x");
    let view = playground.edit(&p);
    let log = view.context.files.iter().find(|f| f.path == "debug.log").expect("listed");
    assert_eq!(log.ignored, Some(IgnoredBy { pattern: "*.log".into(), line: Some(2) }));
    // Editing .dockerignore re-matches every file.
    p.set_file(".dockerignore", b"");
    let view = playground.edit(&p);
    assert!(view.context.files.iter().all(|f| f.ignored.is_none()));
    // Removing a file removes it from the build: COPY . . misses, naming it.
    p.remove_file("debug.log").expect("exists");
    let build = playground.edit(&p).build.expect("built");
    let copy = layer_steps(&build)[3];
    let Some(CacheDecision::Miss(MissCause::FilesChanged { files })) = &copy.cache else { panic!("{:?}", copy.cache) };
    assert!(files.iter().any(|f| f.path == "debug.log" && f.change == SourceChange::Removed), "{files:?}");
    // A file edited in place is the one the build sees.
    p.set_file("app.py", b"print(3)\n");
    let fresh = Playground::new().edit(&p).build.expect("built");
    let incremental = playground.edit(&p).build.expect("built");
    assert_eq!(fresh.image.map(|i| i.id()), incremental.image.map(|i| i.id()));
}

#[test]
fn a_stage_base_reads_the_build_args_as_the_build_does() {
    let mut p = Project::new("ARG V=3.12\nFROM python:${V}-slim\nRUN true\n");
    p.build_args.insert("V".into(), "3.13".into());
    let view = Playground::new().edit(&p);
    assert_eq!(view.analysis.stages[0].base, "python:3.13-slim");
    let build = view.build.expect("built");
    assert_eq!(build.steps[0].instruction, "FROM docker.io/library/python:3.13-slim");
}

#[test]
fn a_changed_base_image_is_the_cause_of_the_first_miss() {
    let mut playground = Playground::new();
    let mut p = Project::new("FROM python:3.12-slim\nRUN pip install flask\nRUN true\n");
    playground.edit(&p);
    p.set_dockerfile("FROM python:3.13-slim\nRUN pip install flask\nRUN true\n");
    let build = playground.edit(&p).build.expect("built");
    let steps = layer_steps(&build);
    let base = MissCause::BaseChanged { before: "python:3.12-slim".into(), after: "python:3.13-slim".into() };
    assert_eq!(steps[0].cache, Some(CacheDecision::Miss(base)));
    let parent = build.steps.iter().position(|s| std::ptr::eq(s, steps[0])).expect("listed");
    assert_eq!(steps[1].cache, Some(CacheDecision::Miss(MissCause::ParentMissed { step: parent, line: 2 })));
}

#[test]
fn the_project_round_trips_through_its_saved_form() {
    let mut p = project("print(1)\n");
    p.set_file_with_mode("entrypoint.sh", b"#!/bin/sh\nexec \"$@\"\n", MODE_EXECUTABLE);
    p.set_file("blob.bin", &[0, 159, 146, 150]);
    p.set_file("big.bin", &vec![0xffu8; BYTES_LIMIT + 1]);
    p.build_args.insert("V".into(), "2".into());
    p.target = Some("final".into());
    p.open = "app.py".into();
    let saved = project_to_json(&p);
    let back = project_from_json(&saved).expect("reads");
    assert_eq!(back, p);
    assert!(back.file("entrypoint.sh").is_some_and(ProjectFile::is_executable));
    assert!(
        matches!(back.file("big.bin").map(|f| &f.contents), Some(Contents::Summary { size, .. }) if *size == BYTES_LIMIT as u64 + 1)
    );
    assert!(saved.contains("\"mode\": \"0755\""), "{saved}");
}

#[test]
fn a_saved_project_is_read_leniently_and_refused_clearly() {
    // Keys this version does not know are ignored; missing ones take defaults.
    let minimal = r#"{"format":"layerlab-project","version":1,"later":true,"files":[{"path":"Dockerfile","text":"FROM alpine:3.22\n"}]}"#;
    let p = project_from_json(minimal).expect("reads");
    assert_eq!(p.dockerfile(), "FROM alpine:3.22\n");
    assert_eq!(p.open, DOCKERFILE);
    let newer = r#"{"format":"layerlab-project","version":99}"#;
    assert_eq!(project_from_json(newer), Err(ProjectFormatError::NewerVersion(99)));
    assert!(matches!(project_from_json("{\n  \"format\": "), Err(ProjectFormatError::Malformed { line: 2, .. })));
    assert_eq!(project_from_json(r#"{"format":"other","version":1}"#), Err(ProjectFormatError::NotAProject));
    let climbing = r#"{"format":"layerlab-project","version":1,"files":[{"path":"../etc/passwd","text":""}]}"#;
    assert!(matches!(project_from_json(climbing), Err(ProjectFormatError::BadFile { .. })));
}

#[test]
fn files_are_created_renamed_and_removed_but_the_dockerfile_stays() {
    let mut p = project("print(1)\n");
    p.create("src/main.py").expect("new");
    assert_eq!(p.create("src/main.py"), Err(ProjectError::AlreadyExists("src/main.py".into())));
    assert!(matches!(p.create("../x"), Err(ProjectError::BadPath(_))));
    p.open = "src/main.py".into();
    p.rename("src/main.py", "main.py").expect("renamed");
    assert_eq!(p.open, "main.py");
    assert_eq!(p.rename("Dockerfile", "x"), Err(ProjectError::DockerfileNeeded));
    assert_eq!(p.remove_file("Dockerfile"), Err(ProjectError::DockerfileNeeded));
    p.remove_file("main.py").expect("removed");
    assert_eq!(p.open, DOCKERFILE);
    p.set_mode("app.py", MODE_EXECUTABLE).expect("exists");
    assert!(p.file("app.py").is_some_and(ProjectFile::is_executable));
}

#[test]
fn an_executable_bit_reaches_the_image() {
    let mut p = Project::new("FROM alpine:3.22\nCOPY run.sh /run.sh\n");
    p.set_file_with_mode("run.sh", b"#!/bin/sh\n", MODE_EXECUTABLE);
    let build = Playground::new().edit(&p).build.expect("built");
    let image = build.image.expect("image");
    assert_eq!(image.layers.get("/run.sh").map(|e| e.mode), Some(0o755));
}

#[test]
fn the_terminal_builds_the_project_and_survives_a_reload() {
    let mut playground = Playground::new();
    let p = project("print(1)\n");
    let built = playground.terminal("docker build -t app .", &p, 1_795_000_000);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let ran = playground.terminal("docker run -d --name web app", &p, 1_795_000_010);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let ps = playground.terminal("docker ps", &p, 1_795_000_020);
    let mut restored = Playground::restore(&playground.save()).expect("replays");
    assert_eq!(restored.terminal("docker ps", &p, 1_795_000_020), ps);
    let declined = playground.terminal("docker image prune", &p, 1_795_000_030);
    assert_eq!(declined.status, 0);
    let saved = playground.terminal("docker save -o x.json app", &p, 1_795_000_040);
    assert_eq!(saved.stderr, "failed to save image: read-only file system\n");
}

#[test]
fn a_dry_run_reads_the_editors_image_and_changes_nothing() {
    use crate::run::WordOrigin;
    let mut playground = Playground::new();
    let p = project("print(1)\n");
    let build = playground.edit(&p).build.expect("built");
    let words =
        |run: &DryRun| -> Vec<(String, WordOrigin)> { run.argv.iter().map(|w| (w.word.clone(), w.origin)).collect() };
    let run = playground.dry_run("docker run -p 8000:8000 app", &build, "app", 1_795_000_000).expect("runs");
    assert_eq!(words(&run), [("python".into(), WordOrigin::Cmd), ("app.py".into(), WordOrigin::Cmd)]);
    // Arguments after the image replace CMD (no ENTRYPOINT in this image).
    let other = playground.dry_run("docker run app python -V", &build, "app", 1_795_000_000).expect("runs");
    assert_eq!(words(&other), [("python".into(), WordOrigin::Argument), ("-V".into(), WordOrigin::Argument)]);
    assert_eq!(run.ports.len(), 1);
    let setup = run.setup.as_ref().expect("the daemon would create it");
    // The overlay's lowerdirs are the image's layers, each with what made it.
    let made_by: Vec<&str> = setup.overlay.lowerdirs.iter().map(|l| l.created_by.as_str()).collect();
    assert!(made_by.iter().any(|c| c.contains("COPY . .")), "{made_by:?}");
    assert!(!setup.namespaces.is_empty());
    assert!(!setup.story.is_empty());
    // Nothing reached the terminal's daemon.
    assert_eq!(playground.terminal("docker ps -a -q", &p, 1_795_000_010).stdout, "");
    // A failed build has no image to run.
    let failed = playground.edit(&Project::new("FROM alpine:3.22\nRUN false\n")).build.expect("ran");
    assert!(matches!(
        playground.dry_run("docker run app", &failed, "app", 1_795_000_020),
        Err(PlaygroundRunError::Image(_))
    ));
}

#[test]
fn the_terminal_says_what_changed_and_its_containers_can_be_looked_up() {
    use crate::engine::Event;
    let mut playground = Playground::new();
    let p = project("print(1)\n");
    let built = playground.terminal("docker build -t app .", &p, 1_795_000_000);
    assert!(
        built
            .events
            .iter()
            .any(|e| matches!(e, Event::ImageBuilt { tags, .. } if tags.iter().any(|t| t.starts_with("app")))),
        "{:?}",
        built.events
    );
    let ran = playground.terminal("docker run -d --name web app", &p, 1_795_000_010);
    let id = ran
        .events
        .iter()
        .find_map(|e| match e {
            Event::ContainerCreated { id, .. } => Some(id.clone()),
            _ => None,
        })
        .expect("a container");
    assert!(ran.events.iter().any(|e| matches!(e, Event::ContainerStarted { story, .. } if !story.is_empty())));
    let view = playground.container(&id).expect("found by id");
    assert_eq!(view.name, "web");
    assert_eq!(playground.container("web").map(|c| c.id), Some(view.id));
}

#[test]
fn the_flask_example_stops_gracefully_under_gunicorn() {
    use crate::engine::containers::StopResult;
    let example = crate::examples::by_name("flask").expect("in the gallery");
    let mut playground = Playground::new();
    let build = playground.edit(&example.project()).build.expect("built");
    assert!(build.error.is_none(), "{:?}", build.error);
    let run = playground.dry_run("docker run app", &build, "app", 1_795_000_000).expect("runs");
    assert_eq!(run.argv.first().map(|w| w.word.as_str()), Some("gunicorn"));
    let stop = run.setup.expect("created").stop.expect("starts");
    // gunicorn's arbiter handles SIGTERM: `docker stop` returns without the 10 s SIGKILL.
    assert!(stop.reaches_app, "{}", stop.why);
    assert!(matches!(stop.result, StopResult::Exits { .. }), "{:?}: {}", stop.result, stop.why);
}

/// Issue 19's daemon commands run in the app's terminal (the same core
/// session) and replay after a reload: the writable layer `docker exec` and
/// `docker cp` (from the project's files) changed, the committed image, the
/// rename, the update, the event history.
#[test]
fn the_terminal_runs_the_daemon_commands_and_replays_them() {
    let mut playground = Playground::new();
    let p = project("print(1)\n");
    let t = 1_795_000_000;
    for (i, line) in [
        "docker build -t app .",
        "docker run -d --name web app",
        "docker exec web sh -c 'echo hi > /app/note'",
        "docker cp app.py web:/tmp/",
        "docker commit -m 'with note' web app:noted",
        "docker rename web front",
        "docker update --cpus 1 front",
    ]
    .iter()
    .enumerate()
    {
        let out = playground.terminal(line, &p, t + i as u64);
        assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    }
    let reads = [
        "docker diff front",
        "docker history app:noted",
        "docker info --format '{{.Containers}} {{.Images}} {{.Driver}}'",
        "docker inspect -f '{{.Name}} {{.HostConfig.NanoCpus}}' front",
        "docker events --since 0 --until 0s --filter container=front",
        "docker attach front",
        "docker wait front",
    ];
    let before: Vec<Output> = reads.iter().map(|l| playground.terminal(l, &p, t + 100)).collect();
    assert_eq!(before[0].stdout, "C /app\nA /app/note\nC /tmp\nA /tmp/app.py\n");
    assert!(before[1].stdout.lines().nth(1).is_some_and(|l| l.ends_with("with note")), "{}", before[1].stdout);
    assert!(before[2].stdout.ends_with(" overlay2\n"), "{}", before[2].stdout);
    assert_eq!(before[3].stdout, "/front 1000000000\n");
    assert!(before[4].stdout.contains(" container rename "), "{}", before[4].stdout);
    let mut restored = Playground::restore(&playground.save()).expect("replays");
    for (line, out) in reads.iter().zip(&before) {
        assert_eq!(&restored.terminal(line, &p, t + 100), out, "{line}");
    }
}
