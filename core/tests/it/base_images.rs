//! Base images as people type them: every tag of an official image resolves
//! to its one catalog entry, a base image's `docker history` shows its own
//! rows, and a tag outside the data is an image of its own.

use layerlab_core::build::{BuildOutcome, BuildRequest, StepKind};
use layerlab_core::context::BuildContext;
use layerlab_core::docker::render;
use layerlab_core::engine::{Engine, ImageFilter};
use layerlab_core::examples;

const T0: u64 = 1_795_000_000;

fn flask() -> (String, BuildContext) {
    let example = examples::by_name("flask").expect("the flask example");
    let context = example.context().expect("a valid context");
    (example.dockerfile.to_string(), context)
}

/// The flask example's Dockerfile with another FROM line.
fn with_base(dockerfile: &str, base: &str) -> String {
    let from = dockerfile.lines().find(|l| l.starts_with("FROM ")).expect("a FROM line");
    dockerfile.replacen(from, &format!("FROM {base}"), 1)
}

fn build(engine: &mut Engine, dockerfile: &str, context: &BuildContext, now: u64) -> BuildOutcome {
    let request = BuildRequest { dockerfile, context, build_args: Default::default(), target: None, no_cache: false };
    let outcome = engine.build(&request, &["app".to_string()], now);
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    outcome
}

/// `docker images`, as the CLI prints it.
fn images(engine: &Engine, now: u64) -> String {
    render::images(&engine.images_filtered(&ImageFilter::default()), false, false, now)
}

fn notes(outcome: &BuildOutcome) -> Vec<&String> {
    outcome.steps.iter().flat_map(|s| &s.notes).collect()
}

/// The canonical first example, as people write it: `FROM python:3.12-slim` is
/// the real image (official-images lists it as a shared name of
/// `3.12-slim-trixie`), not an estimate.
#[test]
fn flask_on_python_3_12_slim_uses_no_estimated_base() {
    let (dockerfile, context) = flask();
    let mut engine = Engine::new();
    let outcome = build(&mut engine, &with_base(&dockerfile, "python:3.12-slim"), &context, T0);
    let notes = notes(&outcome);
    assert!(!notes.iter().any(|n| n.contains("not in Layerlab's catalog")), "{notes:#?}");
    assert!(!notes.iter().any(|n| n.contains("no published on-disk size")), "{notes:#?}");
    // `python:3.12-slim` and `python:3.12-slim-trixie` are one image with one id.
    engine.pull("python:3.12-slim-trixie", T0).expect("pull");
    let images = images(&engine, T0);
    let id_of = |repo_tag: &str| {
        let (repo, tag) = repo_tag.split_once(':').expect("repo:tag");
        images
            .lines()
            .find(|l| l.split_whitespace().take(2).eq([repo, tag]))
            .and_then(|l| l.split_whitespace().nth(2))
            .unwrap_or_else(|| panic!("{repo_tag} listed:\n{images}"))
            .to_string()
    };
    assert_eq!(id_of("python:3.12-slim"), id_of("python:3.12-slim-trixie"), "{images}");
}

/// Changing FROM from an exact tag to one outside the data misses every later
/// step (BuildKit keys each step on its parent, and the base is another image),
/// and `docker images` lists the two builds apart.
#[test]
fn an_estimated_base_is_another_image() {
    let (dockerfile, context) = flask();
    let mut engine = Engine::new();
    let exact = build(&mut engine, &with_base(&dockerfile, "python:3.12-slim"), &context, T0);
    let again = build(&mut engine, &with_base(&dockerfile, "python:3.12-slim"), &context, T0 + 60);
    assert!(again.steps.iter().filter(|s| s.kind == StepKind::Layer).all(|s| !s.rebuilt()), "same base: all cached");
    let estimated = build(&mut engine, &with_base(&dockerfile, "python:3.11-slim"), &context, T0 + 120);
    let notes = notes(&estimated);
    assert!(notes.iter().any(|n| n.contains("python:3.11-slim is not in Layerlab's catalog")), "{notes:#?}");
    let layers: Vec<_> = estimated.steps.iter().filter(|s| s.kind == StepKind::Layer).collect();
    assert!(!layers.is_empty());
    assert!(layers.iter().all(|s| s.rebuilt()), "every step after FROM misses: {:#?}", layers);
    let (a, b) = (exact.image.expect("image"), estimated.image.expect("image"));
    assert_ne!(a.id(), b.id());
    let images = images(&engine, T0 + 180);
    let app_rows: Vec<&str> = images.lines().filter(|l| l.starts_with("app ") || l.starts_with("<none> ")).collect();
    assert_eq!(app_rows.len(), 2, "the new app and the old one, dangling:\n{images}");
    assert!(images.lines().any(|l| l.starts_with("python ") && l.contains(" 3.11-slim ")), "{images}");
    assert!(images.lines().any(|l| l.starts_with("python ") && l.contains(" 3.12-slim ")), "{images}");
}

/// `docker history alpine:3.24` as Docker prints it: the image's own two rows
/// (docker-library/repo-info `repos/alpine/remote/3.24.md`), not rows Layerlab describes.
#[test]
fn a_base_image_history_shows_its_own_rows() {
    let mut engine = Engine::new();
    engine.pull("alpine:3.24", T0).expect("pull");
    let out = render::history(&engine.history("alpine:3.24").expect("pulled"), true, T0);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows[0].contains(r#"CMD ["/bin/sh"]"#) && rows[0].contains(" 0B "), "{out}");
    assert!(rows[1].contains("ADD alpine-minirootfs-3.24.2-x86_64.tar.gz / # buildkit"), "{out}");
    assert!(!out.contains("(base layer"), "{out}");
}
