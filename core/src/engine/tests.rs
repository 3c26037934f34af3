//! The simulated daemon against what the Docker CLI prints.

use super::*;
use crate::context::BuildContext;
use serde_json::json;

const T0: u64 = 1_795_000_000;

fn context(files: &[(&str, &str)]) -> BuildContext {
    BuildContext::from_files(files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))).expect("valid context")
}

const APP: &str = "FROM python:3.12-slim\nWORKDIR /app\nENV MODE=prod\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

fn build(engine: &mut Engine, dockerfile: &str, ctx: &BuildContext, tags: &[&str], now: u64) -> BuildOutcome {
    let request = BuildRequest {
        dockerfile,
        context: ctx,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    let outcome = engine.build(&request, &tags, now);
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    outcome
}

fn app(n: &str) -> BuildContext {
    context(&[("requirements.txt", "flask==3.0\n"), ("app.py", n)])
}

/// Builds `app` twice with an edit in between: the first image dangles.
fn scenario() -> Engine {
    let mut engine = Engine::new();
    build(&mut engine, APP, &app("print(1)\n"), &["app"], T0);
    build(&mut engine, APP, &app("print(2)\n"), &["app"], T0 + 90);
    engine
}

#[test]
fn go_units_sizes() {
    let cases = [
        (0, "0B"),
        (999, "999B"),
        (1000, "1kB"),
        (1500, "1.5kB"),
        (2_048, "2.05kB"),
        (77_900_000, "77.9MB"),
        (77_949_999, "77.9MB"),
        (120_000_000, "120MB"),
        (999_600_000, "1e+03MB"),
        (1_234_567_890, "1.23GB"),
    ];
    for (bytes, want) in cases {
        assert_eq!(human_size(bytes), want, "{bytes}");
    }
    assert_eq!(human_size4(1_234_567_890), "1.235GB");
    assert_eq!(human_size4(245_400_000), "245.4MB");
}

#[test]
fn go_units_durations() {
    let cases = [
        (0, "Less than a second"),
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (3599, "59 minutes"),
        (3600, "About an hour"),
        (5399, "About an hour"),
        (5400, "2 hours"),
        (47 * 3600, "47 hours"),
        (48 * 3600, "2 days"),
        (14 * 86_400, "2 weeks"),
        (60 * 86_400, "2 months"),
        (800 * 86_400, "2 years"),
    ];
    for (seconds, want) in cases {
        assert_eq!(human_duration(seconds), want, "{seconds}");
    }
}

#[test]
fn rfc3339_from_seconds() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
}

#[test]
fn tabwriter_pads_like_the_docker_cli() {
    let rows = vec![vec!["TYPE".to_string(), "TOTAL".into()], vec!["Local Volumes".into(), "0".into()]];
    assert_eq!(tabwrite(&rows), "TYPE            TOTAL\nLocal Volumes   0\n");
}

#[test]
fn ellipsis_keeps_45_characters() {
    let long = "RUN /bin/sh -c pip install -r requirements.txt # buildkit";
    let short = ellipsis(long, 45);
    assert_eq!(short.chars().count(), 45);
    assert!(short.ends_with('…'));
    assert_eq!(ellipsis("WORKDIR /app", 45), "WORKDIR /app");
}

#[test]
fn a_rebuild_that_takes_the_tag_leaves_the_old_image_dangling() {
    let engine = scenario();
    let rows = engine.image_rows(None);
    let names: Vec<(&str, &str)> = rows.iter().map(|r| (r.repository.as_str(), r.tag.as_str())).collect();
    assert_eq!(names, [("app", "latest"), ("<none>", "<none>"), ("python", "3.12-slim")]);
    assert_eq!(engine.dangling().len(), 1);
    assert_eq!(engine.image_rows(Some(true)).len(), 1);
    assert_eq!(engine.image_rows(Some(false)).len(), 2);
}

#[test]
fn an_unchanged_rebuild_keeps_the_image() {
    let mut engine = Engine::new();
    build(&mut engine, APP, &app("x"), &["app"], T0);
    build(&mut engine, APP, &app("x"), &["app"], T0 + 60);
    assert!(engine.dangling().is_empty());
    assert_eq!(engine.images_by_id().len(), 2);
}

#[test]
fn images_output() {
    let engine = scenario();
    let out = crate::docker::render::images(&engine.images_filtered(&ImageFilter::default()), false, false, T0 + 210);
    assert!(out.starts_with("REPOSITORY   TAG         IMAGE ID       CREATED"), "{out}");
    insta::assert_snapshot!(out);
    let quiet = crate::docker::render::images(
        &engine.images_filtered(&ImageFilter { dangling: Some(true), reference: None }),
        true,
        false,
        T0 + 210,
    );
    assert_eq!(quiet.lines().count(), 1);
    assert_eq!(quiet.trim().len(), 12);
}

#[test]
fn history_output() {
    let engine = scenario();
    let out =
        engine.history("app").map(|rows| crate::docker::render::history(&rows, false, T0 + 210)).expect("app exists");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("IMAGE          CREATED"), "{out}");
    assert!(lines[1].contains("CMD [\"python\" \"app.py\"]"), "{out}");
    assert!(lines[2].starts_with("<missing>"), "{out}");
    assert!(out.contains("ENV MODE=prod"), "{out}");
    assert!(out.contains("RUN /bin/sh -c pip install -r requirements.t…"), "{out}");
    insta::assert_snapshot!(out);
    let full = engine
        .history("app:latest")
        .map(|rows| crate::docker::render::history(&rows, true, T0 + 210))
        .expect("app exists");
    assert!(full.contains("RUN /bin/sh -c pip install -r requirements.txt # buildkit"), "{full}");
    assert!(full.contains("sha256:"), "{full}");
}

#[test]
fn system_df_and_prunes() {
    let mut engine = scenario();
    let before = crate::docker::render::system_df(&engine.system_df());
    assert!(before.starts_with("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"), "{before}");
    insta::assert_snapshot!("system_df_before_prune", before);
    let pruned = engine.image_prune(false);
    assert_eq!(pruned.deleted().len(), 1);
    assert!(pruned.untagged().is_empty());
    assert!(
        crate::docker::render::image_prune(&pruned).starts_with("Deleted Images:\ndeleted: sha256:"),
        "{}",
        crate::docker::render::image_prune(&pruned)
    );
    // Only the edited `COPY . .` layer (app.py and requirements.txt) was the dangling image's own.
    assert_eq!(pruned.reclaimed, ("print(1)\n".len() + "flask==3.0\n".len()) as u64);
    assert!(
        crate::docker::render::image_prune(&pruned).ends_with("\nTotal reclaimed space: 20B\n"),
        "{}",
        crate::docker::render::image_prune(&pruned)
    );
    assert!(engine.dangling().is_empty());
    let again = engine.image_prune(false);
    assert_eq!(crate::docker::render::image_prune(&again), "Total reclaimed space: 0B\n");
    let records = engine.cache_record_ids();
    let freed = engine.builder_prune();
    let text = crate::docker::render::builder_prune(&records, freed);
    assert!(freed > 0);
    // docker/cli cli/command/builder/prune.go: the deleted records, a blank
    // line, then `Total reclaimed space:`.
    assert!(text.starts_with("Deleted build cache objects:\n"), "{text}");
    assert!(text.ends_with(&format!("\n\nTotal reclaimed space: {}\n", crate::units::human_size4(freed))), "{text}");
    assert!(engine.cache().is_empty());
    insta::assert_snapshot!("system_df_after_prunes", crate::docker::render::system_df(&engine.system_df()));
    let all = engine.image_prune(true);
    let mut untagged = all.untagged();
    untagged.sort();
    assert_eq!(untagged, ["app:latest", "python:3.12-slim"]);
    assert_eq!(all.deleted().len(), 2);
    assert!(engine.images_by_id().is_empty());
    assert_eq!(engine.images_disk_size(), 0);
}

#[test]
fn tag_and_rmi() {
    let mut engine = scenario();
    let (tagged, tag) = engine.tag("app", "app:v1").expect("app exists");
    assert_eq!((tagged, tag.as_str()), (engine.resolve("app").expect("tagged"), "app:v1"));
    assert_eq!(
        engine.tag("nope", "x").unwrap_err().to_string(),
        "Error response from daemon: No such image: nope:latest"
    );
    let id = engine.resolve("app").expect("tagged");
    let err = engine.rmi(&short_id(&id), false).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Error response from daemon: conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
            short_id(&id)
        )
    );
    let untag = engine.rmi("app:v1", false).expect("tagged");
    assert_eq!(crate::docker::render::rmi(&untag), "Untagged: app:v1\n");
    let gone = engine.rmi("app", false).expect("tagged");
    assert_eq!(crate::docker::render::rmi(&gone), format!("Untagged: app:latest\nDeleted: {id}\n"));
    assert_eq!(
        engine.rmi("app", false).unwrap_err().to_string(),
        "Error response from daemon: No such image: app:latest"
    );
    let err = engine.tag("python:3.12-slim", "Bad").unwrap_err();
    assert!(err.to_string().contains("must be lowercase"), "{err}");
}

#[test]
fn pull_from_the_catalog() {
    let mut engine = Engine::new();
    let report = engine.pull("alpine", T0).expect("alpine is in the catalog");
    assert!(report.default_tag && !report.up_to_date && !report.layers.is_empty(), "{report:?}");
    let out = crate::docker::render::pull(&report);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Using default tag: latest");
    assert_eq!(lines[1], "latest: Pulling from library/alpine");
    assert!(out.contains(": Pull complete\n"), "{out}");
    assert!(out.contains("Status: Downloaded newer image for alpine:latest\n"), "{out}");
    assert!(out.ends_with("docker.io/library/alpine:latest\n"), "{out}");
    let again = engine.pull("alpine:latest", T0 + 5).expect("still there");
    assert!(again.up_to_date && again.layers.is_empty());
    let again = crate::docker::render::pull(&again);
    assert!(again.contains("Status: Image is up to date for alpine:latest\n"), "{again}");
    assert!(!again.contains("Pull complete"), "{again}");
    assert_eq!(engine.pull("scratch", T0).unwrap_err(), EngineError::ReservedName("scratch".into()),);
    assert!(matches!(engine.pull("no-such-thing-xyz", T0), Err(EngineError::PullAccessDenied { .. })));
}

#[test]
fn inspect_has_dockers_keys() {
    let engine = scenario();
    let value = engine.inspect("app").expect("app exists");
    assert_eq!(value["RepoTags"], json!(["app:latest"]));
    assert_eq!(value["Created"], json!(rfc3339(T0 + 90)));
    assert_eq!(value["Config"]["WorkingDir"], json!("/app"));
    assert_eq!(value["Config"]["Cmd"], json!(["python", "app.py"]));
    assert!(value["Config"]["Env"].as_array().is_some_and(|e| e.contains(&json!("MODE=prod"))));
    assert_eq!(value["RootFS"]["Type"], json!("layers"));
    let image = engine.image(value["Id"].as_str().unwrap_or_default()).expect("stored");
    assert_eq!(value["Size"], json!(image.size));
    assert_eq!(value["RootFS"]["Layers"].as_array().map(Vec::len), Some(image.layers.len()));
    assert_eq!(
        engine.inspect("ghost").unwrap_err().to_string(),
        "Error response from daemon: No such image: ghost:latest"
    );
}

#[test]
fn a_failed_build_stores_no_image() {
    let mut engine = Engine::new();
    let request = BuildRequest {
        dockerfile: "FROM alpine:3.22\nRUN apt-get update\n",
        context: &context(&[]),
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let outcome = engine.build(&request, &["broken".to_string()], T0);
    assert!(outcome.error.is_some());
    assert!(engine.resolve("broken").is_err());
}

#[test]
fn config_only_instructions_as_buildkit_records_them() {
    let dockerfile = "FROM alpine:3.22\nARG V=1\nLABEL org.opencontainers.image.title=demo\nEXPOSE 80 53/UDP\nUSER nobody\nVOLUME /data\nSTOPSIGNAL SIGTERM\nENTRYPOINT [\"/bin/sh\"]\nCMD echo \"hi\"\n";
    let mut engine = Engine::new();
    build(&mut engine, dockerfile, &context(&[]), &["demo"], T0);
    let out =
        engine.history("demo").map(|rows| crate::docker::render::history(&rows, true, T0 + 5)).expect("demo exists");
    for want in [
        "ARG V=1",
        "LABEL org.opencontainers.image.title=demo",
        "EXPOSE map[53/udp:{} 80/tcp:{}]",
        "USER nobody",
        "VOLUME [/data]",
        "STOPSIGNAL SIGTERM",
        "ENTRYPOINT [\"/bin/sh\"]",
        "CMD [\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\"]",
    ] {
        assert!(out.contains(want), "{want} in\n{out}");
    }
    // Every built row is 0B and `<missing>` but the top one.
    let built: Vec<&str> = out.lines().filter(|l| l.contains(BUILDKIT_COMMENT)).collect();
    assert_eq!(built.len(), 8);
    assert!(built.iter().all(|l| l.contains(" 0B ")), "{out}");
    assert!(built[1..].iter().all(|l| l.starts_with("<missing>")), "{out}");
}

#[test]
fn multi_stage_history_and_scratch_images() {
    let dockerfile = "FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY main.go .\n\nFROM scratch\nCOPY --from=build /src/main.go /main.go\nENTRYPOINT [\"/main\"]\n";
    let mut engine = Engine::new();
    build(&mut engine, dockerfile, &context(&[("main.go", "package main\n")]), &["tiny"], T0);
    let id = engine.resolve("tiny").expect("tagged");
    let image = engine.image(&id).expect("stored");
    assert_eq!(image.parent_base, None);
    assert_eq!(image.size, 13);
    let created_by: Vec<&str> = image.history.iter().map(|h| h.created_by.as_str()).collect();
    assert_eq!(created_by, ["COPY /src/main.go /main.go # buildkit", "ENTRYPOINT [\"/main\"]"]);
    // The builder stage's base was pulled, and shows in `docker images`.
    assert!(engine.resolve("golang:1.25-alpine").is_ok());
    let out = crate::docker::render::images(&engine.images_filtered(&ImageFilter::default()), false, false, T0 + 1);
    assert!(out.contains("tiny "), "{out}");
    assert!(out.contains("13B"), "{out}");
}

#[test]
fn a_stage_built_from_another_stage_keeps_its_steps() {
    let dockerfile = "FROM alpine:3.22 AS base\nWORKDIR /app\n\nFROM base\nENV A=1\nCOPY f .\n";
    let mut engine = Engine::new();
    build(&mut engine, dockerfile, &context(&[("f", "x")]), &["child"], T0);
    let image = engine.image(&engine.resolve("child").expect("tagged")).expect("stored");
    assert_eq!(image.parent_base.as_deref(), Some("alpine:3.22"));
    let built: Vec<&str> =
        image.history.iter().filter(|h| h.comment == BUILDKIT_COMMENT).map(|h| h.created_by.as_str()).collect();
    assert_eq!(built, ["WORKDIR /app", "ENV A=1", "COPY f . # buildkit"]);
}

#[test]
fn tags_move_and_untagged_builds_dangle() {
    let mut engine = Engine::new();
    build(&mut engine, "FROM alpine:3.22\nENV V=1\n", &context(&[]), &[], T0);
    assert_eq!(engine.dangling().len(), 1, "a build without -t makes a <none> image");
    build(&mut engine, "FROM alpine:3.22\nENV V=2\n", &context(&[]), &["a", "b:v2"], T0 + 1);
    build(&mut engine, "FROM alpine:3.22\nENV V=3\n", &context(&[]), &["a"], T0 + 2);
    // V=2 keeps b:v2, so it does not dangle.
    assert_eq!(engine.dangling().len(), 1);
    let v2 = engine.resolve("b:v2").expect("tagged");
    assert_eq!(engine.tags_of(&v2), ["b:v2"]);
    engine.tag("a", "b:v2").expect("both exist");
    assert_eq!(engine.dangling().len(), 2);
    let removal = engine.rmi("b:v2", false).expect("tagged");
    assert_eq!(removal.untagged(), ["b:v2"]);
    assert!(removal.deleted().is_empty(), "a:latest still holds the image");
}

#[test]
fn a_pulled_image_has_the_catalogs_layers() {
    // An image with no history rows of its own: an estimate (`python:3.12.9-slim-bookworm`, from
    // `python:3.12-slim-bookworm`) does not borrow another build's rows, so its rows say what each
    // layer holds. Catalog entries show their own rows (tests/it/base_images.rs).
    let mut engine = Engine::new();
    engine.pull("python:3.12.9-slim-bookworm", T0).expect("estimated from the catalog");
    let out = engine
        .history("python:3.12.9-slim-bookworm")
        .map(|rows| crate::docker::render::history(&rows, false, T0 + 7200))
        .expect("pulled");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(rows[0].starts_with(&short_id(&engine.resolve("python:3.12.9-slim-bookworm").expect("tagged"))), "{out}");
    // Pulled two hours ago, but Docker shows when the image was made: the
    // catalog's `local_created` (2026-08-05T01:14:10Z), about 105 days before T0.
    assert!(rows.iter().all(|r| r.contains("3 months ago") && r.contains("base image ")), "{out}");
    assert!(rows.iter().all(|r| r.contains("(base layer) ")), "{out}");
    let image = engine.image(&engine.resolve("python:3.12.9-slim-bookworm").expect("tagged")).expect("stored");
    assert_eq!(image.history.iter().map(|h| h.size).sum::<u64>(), image.size);
    assert!(image.size > 100_000_000, "python:3.12-slim-bookworm is over 100MB on disk: {}", image.size);
}

#[test]
fn inspect_snapshot() {
    let engine = scenario();
    let value = engine.inspect("app").expect("app exists");
    let text = serde_json::to_string_pretty(&json!([value])).unwrap_or_default();
    insta::assert_snapshot!(text);
}

/// BuildKit 0.32's history row for HEALTHCHECK is the config printed with
/// its field names (frontend/dockerfile/dockerfile2llb/convert.go,
/// dispatchHealthcheck: `HEALTHCHECK %+v`, since moby/buildkit d67dafeb8,
/// dockerfile 1.24); flags left out are zero.
#[test]
fn healthcheck_history_prints_the_config_with_field_names() {
    let text = "FROM alpine:3.22\nHEALTHCHECK --interval=30s --retries=3 CMD wget -q -O- http://localhost/ || exit 1\nHEALTHCHECK NONE\n";
    let parsed = crate::syntax::parse(text);
    let file = crate::instructions::from_syntax(&parsed);
    let rows: Vec<String> = file.stages[0]
        .instructions
        .iter()
        .filter_map(|i| super::config_created_by(i, &["/bin/sh".into(), "-c".into()]))
        .collect();
    assert_eq!(
        rows,
        [
            "HEALTHCHECK {Test:[CMD-SHELL wget -q -O- http://localhost/ || exit 1] Interval:30s Timeout:0s StartPeriod:0s StartInterval:0s Retries:3}",
            "HEALTHCHECK {Test:[NONE] Interval:0s Timeout:0s StartPeriod:0s StartInterval:0s Retries:0}",
        ]
    );
}

#[test]
fn a_base_without_a_published_disk_size_weighs_the_same_pulled_and_built_on() {
    // mysql:8.4's record gives compressed sizes only: `docker images` and an
    // image built FROM it must use one estimate (Oracle Linux: the ×2.65 ratio
    // of shared/reference/base-images.md), not the compressed size for one of them.
    let base = crate::catalog::resolve("mysql:8.4").expect("in the catalog").image;
    assert_eq!(base.size_on_disk, None, "the test needs an entry without a published on-disk size");
    let compressed: u64 = base.layers.iter().sum();
    let mut e = Engine::new();
    e.pull("mysql:8.4", 0).expect("pulled");
    let pulled = e.image(&e.resolve("mysql:8.4").expect("tagged")).expect("stored").size;
    assert_eq!(pulled, (compressed as f64 * 2.65) as u64);
    let built = build(&mut e, "FROM mysql:8.4\nLABEL a=b\n", &context(&[]), &["db:1"], 1);
    assert_eq!(built.image.expect("an image").size(), pulled);
}
