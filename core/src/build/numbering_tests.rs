//! How BuildKit names and numbers each step's vertex in its progress
//! (`[stage N/M]`), from moby/buildkit 73ed6825c,
//! `frontend/dockerfile/dockerfile2llb/convert.go`: `toDispatchState` counts
//! a stage's `cmdTotal` (a FROM only when it pulls an image, then every
//! RUN, COPY, ADD and WORKDIR), `prefixCommand` writes `[name i/total]`
//! with `i` padded to the width of `total`, and `buildStageDependencyGraph`
//! drops the name when the file makes one dispatch state.

use super::*;
use crate::context::BuildContext;

fn context() -> BuildContext {
    BuildContext::from_files([("x".to_string(), b"x\n".to_vec())]).expect("valid context")
}

/// The vertex names of the build's steps, in order (no internal vertices).
fn names(dockerfile: &str) -> Vec<String> {
    let ctx = context();
    let request = BuildRequest::new(dockerfile, &ctx);
    let outcome = build(&request, &mut BuildCache::default());
    // A digest is the catalog's; the name is what is checked here.
    outcome
        .steps
        .iter()
        .filter_map(|s| outcome.vertex_name(s))
        .map(|n| n.split('@').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_stage_from_an_earlier_stage_numbers_only_its_own_steps() {
    // `addState` sets the child's `base`, so its FROM is not counted (total
    // = 1 only `if BaseName != emptyImageName && ds.base == nil`) and has no vertex.
    let dockerfile =
        "FROM alpine:3.21 AS base\nRUN echo a\nWORKDIR /app\nFROM base AS test\nRUN echo b\nCOPY x /x\nENV X=1\n";
    assert_eq!(
        names(dockerfile),
        [
            "[base 1/3] FROM docker.io/library/alpine:3.21",
            "[base 2/3] RUN echo a",
            "[base 3/3] WORKDIR /app",
            "[test 1/2] RUN echo b",
            "[test 2/2] COPY x /x",
        ]
    );
}

#[test]
fn scratch_is_not_counted_and_a_stage_of_config_only_has_no_vertex() {
    // `FROM scratch` is `emptyImageName`: not counted, no vertex. A stage with
    // `cmdTotal == 0` gets no prefix at all, and here has nothing to show.
    let dockerfile = "FROM scratch AS files\nCOPY x /x\nFROM files AS final\nCMD [\"/x\"]\n";
    assert_eq!(names(dockerfile), ["[files 1/1] COPY x /x"]);
}

#[test]
fn a_single_stage_is_not_named_whatever_it_is_called() {
    // One dispatch state: `states[0].stageName = ""`, even for `AS build`.
    assert_eq!(
        names("FROM alpine:3.21\nRUN echo a\n"),
        ["[1/2] FROM docker.io/library/alpine:3.21", "[2/2] RUN echo a"]
    );
    assert_eq!(
        names("FROM alpine:3.21 AS build\nRUN echo a\n"),
        ["[1/2] FROM docker.io/library/alpine:3.21", "[2/2] RUN echo a"]
    );
}

#[test]
fn a_single_stage_that_copies_from_an_image_or_mounts_is_named() {
    // `toCommand` adds an unregistered dispatch state for `COPY --from=<image>`,
    // so the file has two and the stage keeps `stage-0`; the image's own FROM
    // vertex has no prefix (its `cmdTotal` is 0).
    assert_eq!(
        names("FROM alpine:3.21\nCOPY --from=busybox:1.37 /bin/busybox /bb\n"),
        [
            "[stage-0 1/2] FROM docker.io/library/alpine:3.21",
            "FROM docker.io/library/busybox:1.37",
            "[stage-0 2/2] COPY --from=busybox:1.37 /bin/busybox /bb",
        ]
    );
    // `detectRunMount` adds one for every mount whose `from` is no stage,
    // `scratch` when it names none: a cache mount is enough.
    assert_eq!(
        names("FROM alpine:3.21 AS build\nRUN --mount=type=cache,target=/root/.cache echo a\n"),
        [
            "[build 1/2] FROM docker.io/library/alpine:3.21",
            "[build 2/2] RUN --mount=type=cache,target=/root/.cache echo a",
        ]
    );
    // `COPY --from=0` is found by index: still one state.
    let own = names("FROM alpine:3.21\nRUN echo a\nCOPY --from=0 /etc/hostname /h\n");
    assert!(own.iter().all(|n| !n.contains("stage-0")), "{own:?}");
}

#[test]
fn the_index_is_padded_to_the_totals_width() {
    // `fmt.Sprintf("%*d/%d] ", int(1+math.Log10(float64(ds.cmdTotal))), …)`.
    let runs: String = (1..=10).map(|i| format!("RUN echo {i}\n")).collect();
    let got = names(&format!("FROM alpine:3.21\n{runs}"));
    assert_eq!(got[0], "[ 1/11] FROM docker.io/library/alpine:3.21");
    assert_eq!(got[10], "[11/11] RUN echo 10");
}

#[test]
fn a_failed_multi_stage_build_still_names_its_unnamed_stages() {
    // The names were once decided after the last stage, so a build that
    // stopped early printed `[2/2]` for `stage-1`.
    let ctx = context();
    let request = BuildRequest::new("FROM alpine:3.21\nRUN echo a\nFROM alpine:3.21\nCOPY missing /m\n", &ctx);
    let outcome = build(&request, &mut BuildCache::default());
    assert!(outcome.error.is_some());
    assert!(outcome.log.contains(" [stage-1 2/2] COPY missing /m\n"), "{}", outcome.log);
}

#[test]
fn a_workdir_of_the_root_is_counted_but_has_no_vertex() {
    // `dispatchWorkdir` makes its mkdir (and calls `prefixCommand`) only
    // `if wd != "/"`, but `cmdTotal` counted every WORKDIR: the RUN is 2/3
    // and no step is 3/3.
    assert_eq!(
        names("FROM alpine:3.21\nWORKDIR /\nRUN echo a\n"),
        ["[1/3] FROM docker.io/library/alpine:3.21", "[2/3] RUN echo a"]
    );
    // Resolved against the current directory first.
    assert_eq!(names("FROM alpine:3.21\nWORKDIR /app\nWORKDIR ..\n").len(), 2);
}

#[test]
fn a_workdir_of_the_root_leaves_an_empty_history_row_and_no_layer() {
    // `commitToHistory(&d.image, "WORKDIR "+wd, withLayer, …)` with
    // `withLayer` false when `wd == "/"`.
    let ctx = context();
    let request = BuildRequest::new("FROM alpine:3.21\nWORKDIR /\nRUN echo a\n", &ctx);
    let outcome = build(&request, &mut BuildCache::default());
    let workdir = outcome.steps.iter().find(|s| s.line == 2).expect("the WORKDIR's step");
    assert_eq!((workdir.kind, workdir.layer, workdir.vertex), (StepKind::Config, None, false));
    let image = outcome.image.expect("an image");
    let rows: Vec<(String, bool)> = crate::engine::built_history(&image, 0)
        .into_iter()
        .rev()
        .take(2)
        .map(|r| (r.created_by, r.empty_layer))
        .collect();
    assert_eq!(rows[1], ("WORKDIR /".to_string(), true));
    assert!(rows[0].0.starts_with("RUN "), "{rows:?}");
}
