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
    let request = BuildRequest {
        dockerfile,
        context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
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
    // Every package pip installs has its size in the data (`size not in the data, N bytes assumed` otherwise).
    assert!(!notes.iter().any(|n| n.contains("assumed") || n.starts_with("estimated")), "{notes:#?}");
    assert!(outcome.steps.iter().all(|s| s.unknown_size.is_empty()), "{:#?}", outcome.steps);
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
    let estimated = build(&mut engine, &with_base(&dockerfile, "python:3.9-slim"), &context, T0 + 120);
    let notes = notes(&estimated);
    assert!(notes.iter().any(|n| n.contains("python:3.9-slim is not in Layerlab's catalog")), "{notes:#?}");
    let layers: Vec<_> = estimated.steps.iter().filter(|s| s.kind == StepKind::Layer).collect();
    assert!(!layers.is_empty());
    assert!(layers.iter().all(|s| s.rebuilt()), "every step after FROM misses: {:#?}", layers);
    let (a, b) = (exact.image.expect("image"), estimated.image.expect("image"));
    assert_ne!(a.id(), b.id());
    let images = images(&engine, T0 + 180);
    let app_rows: Vec<&str> = images.lines().filter(|l| l.starts_with("app ") || l.starts_with("<none> ")).collect();
    assert_eq!(app_rows.len(), 2, "the new app and the old one, dangling:\n{images}");
    assert!(images.lines().any(|l| l.starts_with("python ") && l.contains(" 3.9-slim ")), "{images}");
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

/// `docker history` of a pulled base image, as the CLI prints it, on 2026-12-04.
fn history_of(image: &str, no_trunc: bool) -> String {
    const DEC_4_2026: u64 = 1_796_342_400;
    let mut engine = Engine::new();
    engine.pull(image, DEC_4_2026).expect("pull");
    render::history(&engine.history(image).expect("pulled"), no_trunc, DEC_4_2026)
}

/// The image's own rows, newest first, from its repo-info record
/// (`repos/python/remote/3.12-slim.md`): debuerreotype's rootfs, the ENV rows with 0B,
/// BuildKit's `RUN /bin/sh -c … # buildkit` rows truncated at 45 characters, `CMD ["python3"]`.
#[test]
fn docker_history_python_3_12_slim() {
    insta::assert_snapshot!(history_of("python:3.12-slim", false));
}

/// `ADD alpine-minirootfs-… / # buildkit` and `CMD ["/bin/sh"]`
/// (docker-library/repo-info `repos/alpine/remote/3.22.md`), untruncated.
#[test]
fn docker_history_alpine_3_22() {
    insta::assert_snapshot!(history_of("alpine:3.22", true));
}

/// Ubuntu is built by the classic builder: its rows keep the `/bin/sh -c #(nop) ` prefix,
/// with moby's extra space before every instruction but ADD, COPY and WORKDIR.
#[test]
fn docker_history_ubuntu_24_04() {
    insta::assert_snapshot!(history_of("ubuntu:24.04", true));
}

/// Every entry that carries history rows shows only those rows: no `(base layer)` words of
/// Layerlab's, and one row per history entry. A row whose text holds newlines (rockcraft's
/// umoci label rows on ubuntu:26.04) spans that many more lines: docker/cli's
/// `historyContext.CreatedBy` (cli/command/image/formatter_history.go) replaces only tabs.
#[test]
fn every_base_history_is_the_image_own() {
    for image in layerlab_core::catalog::catalog().iter().filter(|i| !i.history.is_empty()) {
        let out = history_of(&image.name, true);
        let lines: usize = image.history.iter().map(|h| 1 + h.created_by.matches('\n').count()).sum();
        assert_eq!(out.lines().count(), lines + 1, "{}:\n{out}", image.name);
        assert!(!out.contains("(base layer"), "{}:\n{out}", image.name);
    }
}
