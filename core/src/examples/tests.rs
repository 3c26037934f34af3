//! Every example parses, builds, and teaches what its summary says, checked
//! with the core's own figures (sizes, cache decisions, lint findings).

use super::*;
use crate::build::{
    build, BuildCache, BuildOutcome, BuildRequest, CacheDecision, Image, MissCause, SourceChange, StepKind,
};
use crate::lint::{lint, LintRequest};
use std::collections::BTreeSet;

const BAD: &str = "bad-dockerfile";

fn example(name: &str) -> &'static Example {
    by_name(name).unwrap_or_else(|| panic!("no example {name}"))
}

fn build_in(example: &Example, context: &BuildContext, cache: &mut BuildCache) -> BuildOutcome {
    let request = BuildRequest {
        dockerfile: example.dockerfile,
        context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    build(&request, cache)
}

/// A fresh build of the example; panics with the error when it fails.
fn built(name: &str) -> Image {
    let example = example(name);
    let context = example.context().expect("valid .dockerignore");
    let outcome = build_in(example, &context, &mut BuildCache::default());
    assert_eq!(outcome.error, None, "{name} fails to build");
    outcome.image.unwrap_or_else(|| panic!("{name} built no image"))
}

fn lint_rules(example: &Example) -> BTreeSet<&'static str> {
    let build_args = Default::default();
    let context = example.context().expect("valid .dockerignore");
    let mut request = LintRequest::new(example.dockerfile, &build_args);
    request.context = Some(&context);
    lint(&request).findings.iter().map(|f| f.rule.name).collect()
}

/// The catalog's size for a base image (exact entries only).
fn base_size(reference: &str) -> u64 {
    let resolved = crate::catalog::resolve(reference).expect("in the catalog");
    assert!(!resolved.estimated, "{reference} is not a catalog entry");
    resolved.image.size_on_disk.expect("size known")
}

/// Whether any layer the build added stores a path under `dir`.
fn stores_under(image: &Image, dir: &str) -> bool {
    image.layers.under(dir).next().is_some()
}

/// `(instruction, cached)` for each step that makes a layer.
fn cache_hits(outcome: &BuildOutcome) -> Vec<(&str, bool)> {
    outcome.steps.iter().filter(|s| s.kind == StepKind::Layer).map(|s| (s.instruction.as_str(), s.cached())).collect()
}

#[test]
fn the_gallery_has_the_projects_the_playground_promises() {
    let names: Vec<&str> = all().iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            "flask",
            "node-express",
            "vite-nginx",
            "go-alpine",
            "go-scratch",
            "java-maven",
            "nginx-static",
            "compose-web-db-cache",
            BAD
        ]
    );
    for e in all() {
        assert_eq!(by_name(e.name), Some(e));
        assert!(e.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", e.name);
        // One sentence: a capital, a full stop at the end and none before it.
        let summary = e.summary;
        assert!(summary.ends_with('.') && !summary[..summary.len() - 1].contains(". "), "{summary}");
        assert!(!e.title.is_empty());
        let paths: Vec<&str> = e.files.iter().map(|f| f.path).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(paths, sorted, "{}: files sorted, no duplicates", e.name);
        assert!(e.file("Dockerfile").is_none(), "the Dockerfile is its own field");
    }
    assert_eq!(by_name("no-such-example"), None);
}

#[test]
fn every_example_parses_without_errors() {
    for e in all() {
        let parsed = crate::syntax::parse(e.dockerfile);
        assert!(parsed.is_ok(), "{}: {:?}", e.name, parsed.errors);
        assert!(parsed.warnings.is_empty(), "{}: {:?}", e.name, parsed.warnings);
        let file = crate::instructions::from_syntax(&parsed);
        assert!(file.errors.is_empty(), "{}: {:?}", e.name, file.errors);
    }
}

#[test]
fn every_base_image_is_a_catalog_entry() {
    for e in all() {
        let parsed = crate::syntax::parse(e.dockerfile);
        let file = crate::instructions::from_syntax(&parsed);
        let stage_names: Vec<&str> = file.stages.iter().filter_map(|s| s.name.as_deref()).collect();
        for stage in &file.stages {
            let image = stage.from.image.as_str();
            if image == "scratch" || stage_names.contains(&image) {
                continue;
            }
            let resolved = crate::catalog::resolve(image).unwrap_or_else(|err| panic!("{}: {err}", e.name));
            assert!(!resolved.estimated, "{}: {image} resolves only to an estimate ({:?})", e.name, resolved.note);
        }
    }
}

#[test]
fn every_example_but_the_bad_one_builds() {
    for e in all().iter().filter(|e| e.name != BAD) {
        let image = built(e.name);
        assert!(image.size() > 0, "{}", e.name);
    }
    // The bad one builds too: its faults are in how, not whether.
    assert!(built(BAD).size() > 0);
}

#[test]
fn the_good_examples_make_none_of_the_mistakes_the_bad_one_teaches() {
    let mistakes = [
        "InstallAfterCopyAll",
        "SecretInLayer",
        "SecretsUsedInArgOrEnv",
        "ShellIsPid1",
        "JSONArgsRecommended",
        "AptListsNotDeleted",
        "PipCache",
        "ApkCache",
        "LastUserRoot",
        "BuildToolsInFinalImage",
        "DeletedInLaterLayer",
        "UserNotFound",
        "ConsecutiveRuns",
    ];
    for e in all().iter().filter(|e| e.name != BAD) {
        let found = lint_rules(e);
        let made: Vec<&&str> = mistakes.iter().filter(|m| found.contains(**m)).collect();
        assert!(made.is_empty(), "{} makes {made:?}", e.name);
    }
}

#[test]
fn the_bad_example_shows_the_interview_classics_by_rule_name() {
    let found = lint_rules(example(BAD));
    for rule in [
        // COPY . . before pip install: every code edit reinstalls.
        "InstallAfterCopyAll",
        // apt-get update in its own RUN, lists never deleted.
        "AptListsNotDeleted",
        "AptRecommends",
        "ConsecutiveRuns",
        "PipCache",
        // .env sent with COPY . . (no .dockerignore), a secret in ENV.
        "SecretInLayer",
        "SecretsUsedInArgOrEnv",
        // CMD in shell form: /bin/sh is PID 1 and swallows SIGTERM (hadolint's
        // DL3025 says so too, but lint shows BuildKit's finding alone: lint::overlap).
        "JSONArgsRecommended",
        "ShellIsPid1",
    ] {
        assert!(found.contains(rule), "{rule} missing from {found:?}");
    }
    // Root: no rule fires without an explicit `USER root` (hadolint's DL3002
    // does the same), so the image config shows it: no USER at all.
    let image = built(BAD);
    assert_eq!(image.config.user, "");
    // The .env file the context sent is in the image.
    assert!(image.layers.get("/app/.env").is_some());
}

#[test]
fn editing_flask_app_py_rebuilds_only_from_copy_all() {
    let flask = example("flask");
    let context = flask.context().expect("context");
    let mut cache = BuildCache::default();
    let first = build_in(flask, &context, &mut cache);
    assert!(first.error.is_none());
    let edited = context.with_file("app.py", b"from flask import Flask\napp = Flask(__name__)\n");
    let second = build_in(flask, &edited, &mut cache);
    assert_eq!(
        cache_hits(&second),
        [
            ("RUN useradd --create-home --uid 10001 app", true),
            ("WORKDIR /app", true),
            ("COPY requirements.txt .", true),
            ("RUN pip install --no-cache-dir -r requirements.txt", true),
            ("COPY . .", false),
        ]
    );
    // And it says why: app.py, the only file that changed.
    let copy_all = second.steps.iter().find(|s| s.instruction == "COPY . .").expect("COPY . . step");
    let Some(CacheDecision::Miss(MissCause::FilesChanged { files })) = &copy_all.cache else {
        panic!("{:?}", copy_all.cache)
    };
    let changed: Vec<(&str, SourceChange)> = files.iter().map(|f| (f.path.as_str(), f.change)).collect();
    assert_eq!(changed, [("app.py", SourceChange::Modified)]);
    // A change to requirements.txt reinstalls, as it should.
    let upgraded = context.with_file("requirements.txt", b"flask==3.1.3\ngunicorn==27.0.1\nrequests==2.34.2\n");
    let third = build_in(flask, &upgraded, &mut cache);
    let pip = third.steps.iter().find(|s| s.instruction.starts_with("RUN pip")).expect("pip step");
    assert!(!pip.cached());
    // .dockerignore keeps local state out: a .env never reaches the image.
    let with_env = context.with_file(".env", b"SECRET=1\n");
    assert!(with_env.get(".env").is_none());
    assert_eq!(built("flask").config.user, "app");
}

#[test]
fn editing_the_express_server_keeps_npm_ci_cached_and_runs_as_node() {
    let express = example("node-express");
    let context = express.context().expect("context");
    let mut cache = BuildCache::default();
    assert!(build_in(express, &context, &mut cache).error.is_none());
    let edited = context.with_file("server.js", b"console.log('changed');\n");
    let second = build_in(express, &edited, &mut cache);
    let npm = second.steps.iter().find(|s| s.instruction.starts_with("RUN npm ci")).expect("npm step");
    assert!(npm.cached(), "{}", npm.reason());
    let image = built("node-express");
    assert_eq!(image.config.user, "node");
    assert!(stores_under(&image, "/app/node_modules/express"));
    // npm's cache was cleaned in the same RUN: no bytes of it in the image.
    assert!(!stores_under(&image, "/root/.npm/_cacache"));
}

#[test]
fn the_vite_site_ships_on_nginx_without_node() {
    let image = built("vite-nginx");
    assert_eq!(image.base_size, base_size("nginx:alpine"));
    assert!(!stores_under(&image, "/app/node_modules"));
    assert!(image.size() < base_size("node:22-alpine"));
    // Only the nginx config and the built files are added (their sizes are
    // the shell model's estimate of `vite build`).
    assert!(image.layers.size() < 100_000, "{}", image.layers.size());
    for built in ["index.html", "favicon.svg", "assets/index.js", "assets/index.css"] {
        let path = format!("/usr/share/nginx/html/{built}");
        assert!(image.layers.get(&path).is_some_and(|e| e.size() > 0), "{path} missing");
    }
}

#[test]
fn go_on_alpine_leaves_the_toolchain_behind() {
    let image = built("go-alpine");
    let builder = base_size("golang:1.25-alpine");
    assert_eq!(image.base_size, base_size("alpine:3.24"));
    assert!(image.size() * 5 < builder, "{} vs builder {builder}", image.size());
    assert!(image.layers.get("/usr/local/bin/server").is_some());
    assert!(!stores_under(&image, "/root/.cache/go-build"));
    assert_eq!(image.config.user, "app");
}

#[test]
fn go_on_scratch_is_the_binary_alone() {
    let image = built("go-scratch");
    assert_eq!(image.base_size, 0);
    // Under 10 MB (the binary; its size is the core's estimate, see
    // `shell::packages::go_binary_bytes`) and tiny next to the builder.
    assert!(image.size() < 10_000_000, "{}", image.size());
    assert!(image.size() * 20 < base_size("golang:1.25-alpine"));
    let files: Vec<&String> = image.layers.merged().iter().filter(|(_, e)| e.size() > 0).map(|(p, _)| p).collect();
    assert_eq!(files, ["/hello"]);
    assert_eq!(image.config.user, "65534:65534");
}

#[test]
fn java_runs_on_a_jre_without_maven_or_its_repository() {
    let image = built("java-maven");
    assert_eq!(image.base_size, base_size("eclipse-temurin:17-jre-noble"));
    assert!(image.size() < base_size("maven:3-eclipse-temurin-17"));
    assert!(image.layers.get("/app/app.jar").is_some());
    assert!(!stores_under(&image, "/root/.m2"));
    assert_eq!(
        image.config.entrypoint.as_deref(),
        Some(&["java".to_string(), "-jar".into(), "/app/app.jar".into()][..])
    );
}

#[test]
fn the_static_site_keeps_its_start_up_script_executable() {
    let nginx = example("nginx-static");
    assert!(nginx.file("40-site-config.sh").is_some_and(|f| f.executable && f.mode() == 0o755));
    assert!(nginx.files.iter().filter(|f| f.executable).count() == 1);
    let image = built("nginx-static");
    let script = image.layers.get("/docker-entrypoint.d/40-site-config.sh").expect("script copied");
    assert_eq!(script.mode & 0o111, 0o111, "COPY keeps the executable bit");
    assert!(image.layers.get("/usr/share/nginx/html/index.html").is_some());
    // The base image's CMD is kept: the Dockerfile sets none.
    assert_eq!(image.config.cmd, crate::catalog::resolve("nginx:alpine").expect("catalog").image.config.cmd);
}

#[test]
fn every_example_opens_in_the_playground_and_builds() {
    for e in all() {
        let project = e.project();
        assert_eq!(project.dockerfile(), e.dockerfile);
        for file in e.files {
            let stored = project.file(file.path).unwrap_or_else(|| panic!("{}: {} missing", e.name, file.path));
            assert_eq!(stored.size(), file.contents.len() as u64);
            assert_eq!(stored.is_executable(), file.executable, "{}: {}", e.name, file.path);
        }
        let view = crate::playground::Playground::new().edit(&project);
        let outcome = view.build.unwrap_or_else(|| panic!("{}: no build", e.name));
        assert!(outcome.error.is_none(), "{}: {:?}", e.name, outcome.error);
        // The playground builds the same image as a plain build of the context.
        assert_eq!(outcome.image.map(|i| i.size()), Some(built(e.name).size()), "{}", e.name);
    }
}

/// A fresh build of the example, every step's notes and output with the step's instruction.
fn notes_and_output(name: &str) -> (Vec<String>, Vec<String>) {
    let example = example(name);
    let context = example.context().expect("valid .dockerignore");
    let outcome = build_in(example, &context, &mut BuildCache::default());
    assert_eq!(outcome.error, None, "{name} fails to build");
    let notes = outcome.steps.iter().flat_map(|s| s.notes.iter().map(|n| format!("{}: {n}", s.instruction))).collect();
    let output = outcome.steps.iter().flat_map(|s| s.output.clone()).collect();
    (notes, output)
}

#[test]
fn flask_installs_flask_3_dependencies_with_sizes_from_the_data() {
    let (notes, output) = notes_and_output("flask");
    let package_notes: Vec<&String> =
        notes.iter().filter(|n| n.contains("assumed") || n.contains("not in the data")).collect();
    assert!(package_notes.is_empty(), "{package_notes:#?}");
    let installed = output.iter().find(|l| l.starts_with("Successfully installed")).expect("pip ran");
    for name in ["flask", "gunicorn", "jinja2", "werkzeug", "click", "itsdangerous", "blinker", "markupsafe"] {
        // pip prints `name-version` (its `installed_packages_summary`).
        let prefix = format!("{name}-");
        assert!(installed.split(' ').any(|w| w.starts_with(&prefix)), "{name} missing from {installed}");
    }
    // Flask 3 requires importlib-metadata only where `python_version < '3.10'`;
    // the image's Python is 3.12 (its PYTHON_VERSION).
    assert!(!installed.contains("importlib"), "{installed}");
}

#[test]
fn express_installs_its_lockfile_with_sizes_from_the_data() {
    let (notes, output) = notes_and_output("node-express");
    let package_notes: Vec<&String> =
        notes.iter().filter(|n| n.contains("assumed") || n.contains("not in the data")).collect();
    assert!(package_notes.is_empty(), "{package_notes:#?}");
    let lock: serde_json::Value =
        serde_json::from_slice(example("node-express").file("package-lock.json").expect("lockfile").contents)
            .expect("lockfile parses");
    let locked = lock["packages"].as_object().expect("packages").keys().filter(|k| !k.is_empty()).count();
    assert!(output.iter().any(|l| l.starts_with(&format!("added {locked} packages"))), "{output:?}");
}
