//! Catalog tests: the data loads whole, exact tags resolve exactly, near
//! tags resolve to the nearest entry of their family, unknown names fail.

use super::*;

#[test]
fn data_loads_every_entry() {
    let all = load_check();
    assert_eq!(all.len(), 39);
    assert!(all.iter().all(|i| !i.sources.is_empty()), "every entry cites a source");
}

fn load_check() -> Vec<BaseImage> {
    data::load(include_str!("../../data/base-images.json")).expect("catalog data parses")
}

#[test]
fn exact_entries() {
    let r = resolve("python:3.12-slim-bookworm").expect("in catalog");
    assert!(!r.estimated);
    assert_eq!(r.image.os, OsFamily::Debian);
    assert_eq!(r.image.config.cmd.as_deref(), Some(&["python3".to_string()][..]));
    let scratch = resolve("scratch").expect("scratch");
    assert_eq!(scratch.image.size_on_disk, Some(0));
    assert!(resolve("gcr.io/distroless/static-debian12:nonroot").expect("distroless").image.shell.is_none());
    assert_eq!(resolve("nginx").expect("latest").image.name, "nginx:latest");
}

#[test]
fn near_tags_are_estimated_from_their_family() {
    for (asked, expected) in [
        ("alpine:3.20", "alpine:3.22"),
        ("golang:1.22", "golang:1.25-bookworm"),
        ("golang:1.22-alpine", "golang:1.25-alpine"),
        ("node:20-alpine", "node:22-alpine"),
        ("node:20-slim", "node:22-bookworm-slim"),
        ("python:3.11-slim", "python:3.12-slim-bookworm"),
        ("nginx:1.27-alpine", "nginx:alpine"),
        ("eclipse-temurin:21-jre", "eclipse-temurin:21-jre-noble"),
        ("alpine", "alpine:3.24"),
    ] {
        let r = resolve(asked).unwrap_or_else(|e| panic!("{asked}: {e}"));
        assert_eq!(r.image.name, expected, "{asked}");
        assert!(r.estimated && r.note.as_deref().is_some_and(|n| n.contains(expected)), "{asked}");
    }
}

#[test]
fn digest_pins_are_noted() {
    let r = resolve(&format!("alpine@sha256:{}", "0".repeat(64))).expect("known repository");
    assert!(r.estimated);
    assert!(r.note.as_deref().is_some_and(|n| n.contains("pinned by digest")));
}

#[test]
fn unknown_repositories_suggest_close_names() {
    match resolve("pyhton:3.12") {
        Err(CatalogError::UnknownRepository { repository, suggestions }) => {
            assert_eq!(repository, "pyhton");
            assert_eq!(suggestions.first().map(String::as_str), Some("python"));
        }
        other => panic!("expected an unknown repository, got {other:?}"),
    }
    assert!(matches!(resolve("Alpine"), Err(CatalogError::Reference(ReferenceError::Uppercase { .. }))));
}

/// `python` is a symlink docker-library's python images create; distroless
/// python has `python3` only.
#[test]
fn python_images_have_the_docker_library_symlinks() {
    let slim = resolve("python:3.12-slim").expect("in the catalog").image;
    for tool in ["python", "python3", "pip", "pip3", "pydoc"] {
        assert!(slim.has(tool), "{tool}");
    }
    let distroless = resolve("gcr.io/distroless/python3-debian12").expect("in the catalog").image;
    assert!(distroless.has("python3"));
    assert!(!distroless.has("python"));
    assert!(!resolve("alpine:3.22").expect("in the catalog").image.has("python"));
}

#[test]
fn creation_dates_come_from_local_created() {
    assert_eq!(data::unix_seconds("2026-08-05T01:14:10Z"), Some(1_785_892_450));
    assert_eq!(data::unix_seconds("2000-02-29T23:59:59Z"), Some(951_868_799));
    for bad in ["2026-08-05", "2026-13-05T01:14:10Z", "2026-08-05T01:14:10+02:00", "x-y-zT1:2:3Z"] {
        assert_eq!(data::unix_seconds(bad), None, "{bad}");
    }
    let all = load_check();
    let slim = all.iter().find(|i| i.name == "python:3.12-slim-bookworm").expect("in the catalog");
    assert_eq!(slim.created, Some(1_785_892_450));
    // The data has no date for distroless images: none is made up.
    assert!(all.iter().filter(|i| i.repository.starts_with("gcr.io/distroless")).all(|i| i.created.is_none()));
}
