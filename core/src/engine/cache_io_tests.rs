//! Cache export and import on a fresh builder: `--cache-to` with
//! `mode=max` and `mode=min`, `docker builder prune`, then `--cache-from`.
//! The driver is a `docker-container` builder's, which can export caches
//! (buildx `driver/docker-container`: `CacheExport` is always on).

use super::cache_io::{parse_entries, CacheOptions};
use super::Engine;
use crate::build::cache_io::CacheSource;
use crate::build::{BuildOutcome, BuildRequest, CacheDecision, MissCause, StepKind, StepReport};
use crate::context::BuildContext;

const T0: u64 = 1_795_000_000;

/// A builder stage and a final stage: three steps in `builder`, two in the result.
const TWO_STAGES: &str = "FROM alpine:3.22 AS builder\nWORKDIR /src\nCOPY main.c .\nRUN echo built > /src/app\n\nFROM alpine:3.22\nCOPY --from=builder /src/app /app\nRUN echo hi > /greeting\nCMD [\"/app\"]\n";

fn context() -> BuildContext {
    BuildContext::from_files([("main.c".to_string(), b"int main(){}\n".to_vec())]).expect("valid context")
}

fn options(from: &[&str], to: &[&str]) -> CacheOptions {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    CacheOptions {
        from: parse_entries(&strings(from)).expect("valid --cache-from"),
        to: parse_entries(&strings(to)).expect("valid --cache-to"),
        driver: "docker-container".into(),
        driver_exports_cache: true,
        context: ".".into(),
        dockerfile: "Dockerfile".into(),
    }
}

fn build(engine: &mut Engine, options: &CacheOptions, now: u64) -> BuildOutcome {
    let context = context();
    let request = BuildRequest {
        dockerfile: TWO_STAGES,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let outcome = engine.build_with_caches(&request, &["app".to_string()], now, options).expect("the build starts");
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    outcome
}

fn layer_steps(outcome: &BuildOutcome) -> Vec<&StepReport> {
    outcome.steps.iter().filter(|s| s.kind == StepKind::Layer).collect()
}

#[test]
fn max_mode_export_makes_every_step_hit_on_a_fresh_builder() {
    let mut engine = Engine::new();
    let exported = build(&mut engine, &options(&[], &["type=registry,ref=localhost:5000/app:cache,mode=max"]), T0);
    // BuildKit's registry exporter is a vertex of its own after the image's
    // (solver/llbsolver/solver.go: `preparing build cache for export`).
    assert!(exported.log.contains(" exporting cache to registry\n"), "{}", exported.log);
    assert!(exported.log.contains(" preparing build cache for export 0.1s done\n"), "{}", exported.log);
    insta::assert_snapshot!("export_to_registry_max", exported.log);
    engine.builder_prune();
    assert!(engine.cache().is_empty());

    let imported = build(&mut engine, &options(&["type=registry,ref=localhost:5000/app:cache"], &[]), T0 + 60);
    let steps = layer_steps(&imported);
    assert_eq!(steps.len(), 5);
    for step in &steps {
        assert_eq!(step.cache, Some(CacheDecision::Hit), "{}", step.instruction);
        assert_eq!(
            step.hit_from,
            Some(CacheSource::Registry("localhost:5000/app:cache".into())),
            "{}",
            step.instruction
        );
    }
    assert!(steps[0].reason().contains("the registry cache localhost:5000/app:cache"), "{}", steps[0].reason());
    insta::assert_snapshot!("import_from_registry_max", imported.log);
    // `layerlab build --json` names the cache a hit came from.
    let report = crate::json::build_report(&imported, &["app".to_string()], TWO_STAGES);
    let from = &report["steps"].as_array().expect("steps")[2]["cache_from"];
    assert_eq!(from, &serde_json::json!({ "type": "registry", "ref": "localhost:5000/app:cache" }));
    // The imported layers are the builder's own now: the next build hits locally.
    let again = build(&mut engine, &options(&[], &[]), T0 + 120);
    assert!(layer_steps(&again).iter().all(|s| s.cached() && s.hit_from.is_none()));
    assert_eq!(engine.system_df().build_cache.total, 5);
    assert!(engine.system_df().build_cache.size > 0);
}

#[test]
fn min_mode_export_keeps_only_the_result_stage() {
    let mut engine = Engine::new();
    build(&mut engine, &options(&[], &["type=registry,ref=localhost:5000/app:cache"]), T0);
    engine.builder_prune();
    let imported = build(&mut engine, &options(&["localhost:5000/app:cache"], &[]), T0 + 60);
    let steps = layer_steps(&imported);
    let (builder, result): (Vec<&StepReport>, Vec<&StepReport>) = steps.iter().partition(|s| s.stage == "builder");
    assert_eq!((builder.len(), result.len()), (3, 2));
    // The builder stage runs again (its cache was pruned and not exported)…
    assert_eq!(builder[0].cache, Some(CacheDecision::Miss(MissCause::Pruned)));
    assert!(builder.iter().all(|s| s.rebuilt()));
    // …and makes the same files, so the result stage's keys match the export.
    assert!(result.iter().all(|s| s.cached() && s.hit_from.is_some()), "{result:#?}");
}

#[test]
fn a_local_directory_export_is_imported_by_its_path() {
    let mut engine = Engine::new();
    let exported = build(&mut engine, &options(&[], &["type=local,dest=/tmp/cache,mode=max"]), T0);
    assert!(exported.log.contains(" exporting cache to client directory\n"), "{}", exported.log);
    engine.builder_prune();
    let imported = build(&mut engine, &options(&["type=local,src=/tmp/cache"], &[]), T0 + 60);
    assert!(layer_steps(&imported).iter().all(|s| s.hit_from == Some(CacheSource::Local("/tmp/cache".into()))));
    assert!(imported.log.contains(" importing cache manifest from local:"), "{}", imported.log);
}

#[test]
fn a_missing_import_is_reported_and_the_build_goes_on() {
    let mut engine = Engine::new();
    let outcome = build(&mut engine, &options(&["localhost:5000/nothing:here", "type=local,src=/nowhere"], &[]), T0);
    assert!(layer_steps(&outcome).iter().all(|s| s.rebuilt()));
    // BuildKit solver/llbsolver/bridge.go wraps the resolver's error.
    assert!(
        outcome
            .log
            .contains("ERROR: failed to configure registry cache importer: localhost:5000/nothing:here: not found\n"),
        "{}",
        outcome.log
    );
    // BuildKit client/solve.go: a local cache that is not there is a warning.
    assert!(
        outcome.log.starts_with("WARN[0000] local cache import at /nowhere not found due to err: "),
        "{}",
        outcome.log
    );
}

#[test]
fn exports_are_refused_or_checked_before_the_build() {
    let mut engine = Engine::new();
    let context = context();
    let request = BuildRequest {
        dockerfile: TWO_STAGES,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let docker =
        CacheOptions { driver: "docker".into(), driver_exports_cache: false, ..options(&[], &["type=local,dest=d"]) };
    let error = engine.build_with_caches(&request, &[], T0, &docker).unwrap_err().to_string();
    // buildx build/opt.go and build/utils.go `notSupported`.
    assert_eq!(
        error,
        "ERROR: failed to build: Cache export is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.\nLearn more at https://docs.docker.com/go/build-cache-backends/"
    );
    // Inline cache needs no driver feature.
    let inline =
        CacheOptions { driver: "docker".into(), driver_exports_cache: false, ..options(&[], &["type=inline"]) };
    assert!(engine.build_with_caches(&request, &[], T0, &inline).is_ok());
    let cases = [
        ("type=local", "ERROR: failed to build: local cache exporter requires dest"),
        ("type=registry,mode=max", "ERROR: failed to build: registry cache exporter requires ref"),
        ("type=floppy", "ERROR: failed to build: failed to solve: unknown cache exporter: \"floppy\""),
    ];
    for (to, message) in cases {
        let error = engine.build_with_caches(&request, &[], T0, &options(&[], &[to])).unwrap_err();
        assert_eq!(error.to_string(), message, "{to}");
    }
    let error = engine.build_with_caches(&request, &[], T0, &options(&["type=local"], &[])).unwrap_err();
    assert_eq!(error.to_string(), "ERROR: failed to build: local cache importer requires src");
    // Nothing was recorded for builds that never started.
    assert_eq!(engine.build_history().len(), 1);
}
