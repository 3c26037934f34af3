//! Catalog tests: the data loads whole, exact tags resolve exactly, near
//! tags resolve to the nearest entry of their family, unknown names fail.

use super::*;

#[test]
fn data_loads_every_entry() {
    let all = load_check();
    // Every entry of the reviewed file loads (the generator adds entries; a
    // count written here would only restate the file).
    let in_file = serde_json::from_str::<Vec<serde_json::Value>>(include_str!("../../data/base-images.json"))
        .expect("base-images.json is a JSON array")
        .len();
    assert!(in_file > 250, "the catalog lost entries: {in_file}");
    assert_eq!(all.len(), in_file);
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
        ("alpine:3.20", "alpine:3.21"),
        ("golang:1.22", "golang:1.25-bookworm"),
        ("golang:1.22-alpine", "golang:1.25-alpine"),
        ("node:20-alpine", "node:22-alpine"),
        ("node:20-slim", "node:22-bookworm-slim"),
        ("python:3.9-slim", "python:3.10-slim-bookworm"),
        // nginx 1.30 (stable) is the nearest real alpine line to 1.27 since its records are in the data.
        ("nginx:1.27-alpine", "nginx:1.30.4-alpine"),
        // Java 20 was never an eclipse-temurin tag; `resolute` is no distro word, so noble's JRE is nearest.
        ("eclipse-temurin:20-jre", "eclipse-temurin:21-jre-noble"),
        ("python:3.9", "python:3.10-bookworm"),
    ] {
        let r = resolve(asked).unwrap_or_else(|e| panic!("{asked}: {e}"));
        // An estimate is its own image: the reference asked for, with its nearest entry's figures.
        assert_eq!(r.image.name, asked, "{asked}");
        assert_eq!(r.image.estimated_from.as_deref(), Some(expected), "{asked}");
        assert!(r.estimated && r.note.as_deref().is_some_and(|n| n.contains(expected)), "{asked}");
        let nearest = catalog().iter().find(|i| i.name == expected).expect("entry");
        assert_eq!((&r.image.config, r.image.layers.clone()), (&nearest.config, nearest.layers.clone()), "{asked}");
        assert!(r.image.history.is_empty(), "{asked}: another build's rows are not borrowed");
        // Resolving again gives the same image, not a second copy.
        assert!(std::ptr::eq(r.image, resolve(asked).expect("again").image), "{asked}");
    }
}

/// Every tag and shared tag of an entry's image names that entry (official-images' library
/// files: `Tags: 3.12.14-slim-trixie, 3.12-slim-trixie, 3.12.14-slim, 3.12-slim`).
#[test]
fn every_tag_of_an_image_names_its_entry() {
    for (asked, entry) in [
        ("python:3.12-slim", "python:3.12-slim-trixie"),
        ("python:3.12-slim-trixie", "python:3.12-slim-trixie"),
        ("python:3.12-slim-bookworm", "python:3.12-slim-bookworm"),
        ("python:3.13-slim-trixie", "python:3.13-slim"),
        ("python:3-slim", "python:3.14-slim-trixie"),
        ("python:slim", "python:3.14-slim-trixie"),
        ("python:3.14.7-slim", "python:3.14-slim-trixie"),
        ("python:3.11", "python:3.11-trixie"),
        ("python:3.10-slim", "python:3.10-slim-trixie"),
        ("python:3.10.21-slim", "python:3.10-slim-trixie"),
        ("python:bookworm", "python:3.14-bookworm"),
        ("python:3-slim-bookworm", "python:3.14-slim-bookworm"),
        ("node:lts-trixie", "node:24-trixie"),
        ("node:jod-trixie-slim", "node:22-trixie-slim"),
        ("node:bookworm-slim", "node:26-bookworm-slim"),
        ("golang:1.26-alpine3.24", "golang:1.26-alpine"),
        ("rust:bookworm", "rust:1-bookworm"),
        ("rust:1.98-slim-bookworm", "rust:1-slim-bookworm"),
        ("python:alpine3.23", "python:3.14-alpine3.23"),
        ("python:3.10.21-alpine3.23", "python:3.10-alpine3.23"),
        ("golang:alpine3.23", "golang:1.27-alpine3.23"),
        ("golang:tip", "golang:tip-trixie"),
        ("node:lts-alpine3.23", "node:24-alpine3.23"),
        ("rust:alpine3.21", "rust:1-alpine3.21"),
        ("alpine:edge", "alpine:edge"),
        ("alpine:20260805", "alpine:edge"),
        ("node:lts-bullseye-slim", "node:24-bullseye-slim"),
        ("node:jod-bullseye", "node:22-bullseye"),
        ("node:current-bullseye", "node:26-bullseye"),
        ("node:26.7.0-bullseye", "node:26-bullseye"),
        ("node:26.7-bookworm-slim", "node:26-bookworm-slim"),
        ("node:22.23.2-bullseye", "node:22-bullseye"),
        ("python:3.10.21", "python:3.10-trixie"),
        ("golang:1.26.7-bookworm", "golang:1.26-bookworm"),
        ("golang:1.26.7", "golang:1.26-trixie"),
        ("node:26.7.0", "node:26-trixie"),
        ("node:26.7-slim", "node:26-slim"),
        ("python:3.13.15-slim-bookworm", "python:3.13-slim-bookworm"),
        ("python:3.14.7", "python:3.14-trixie"),
        ("python:3.13.15", "python:3.13-trixie"),
        ("rust:slim-bullseye", "rust:1-slim-bullseye"),
        ("ubuntu:devel", "ubuntu:26.10"),
        ("busybox:1-glibc", "busybox:glibc"),
        ("busybox:1.37.0", "busybox:1.37"),
        ("busybox:1.37-musl", "busybox:1.37-musl"),
        ("python:3.15-rc", "python:3.15-rc-trixie"),
        ("python:3.15-rc-slim", "python:3.15-rc-slim-trixie"),
        ("python:3.15.0rc1-alpine3.24", "python:3.15-rc-alpine"),
        ("python:3.15.0rc1-alpine3.23", "python:3.15-rc-alpine3.23"),
        ("golang:tip-bookworm", "golang:tip-bookworm"),
        ("golang:tip-alpine3.24", "golang:tip-alpine"),
        ("golang:tip-alpine3.23", "golang:tip-alpine3.23"),
        ("golang:alpine", "golang:1.27-alpine"),
        ("golang:1-alpine3.24", "golang:1.27-alpine"),
        ("node:22-alpine", "node:22-alpine"),
        ("node:22", "node:22-bookworm"),
        ("node:22-slim", "node:22-bookworm-slim"),
        ("nginx:alpine", "nginx:alpine"),
        ("nginx:mainline", "nginx:latest"),
        ("alpine:3.22", "alpine:3.22"),
        ("alpine:latest", "alpine:3.24"),
        ("alpine", "alpine:3.24"),
        ("debian:12-slim", "debian:bookworm-slim"),
        ("debian:latest", "debian:trixie"),
        ("ubuntu:noble", "ubuntu:24.04"),
        ("eclipse-temurin:21-noble", "eclipse-temurin:21-jdk-noble"),
        ("eclipse-temurin:21-jre", "eclipse-temurin:21-jre-resolute"),
        ("eclipse-temurin:17", "eclipse-temurin:17-jdk-resolute"),
        ("eclipse-temurin:17-alpine", "eclipse-temurin:17-jdk-alpine"),
        ("eclipse-temurin:11-jre-alpine-3.24", "eclipse-temurin:11-jre-alpine"),
        ("eclipse-temurin:8-jammy", "eclipse-temurin:8-jdk-jammy"),
        ("maven:3.9-eclipse-temurin-17", "maven:3-eclipse-temurin-17"),
        ("redis:8", "redis:latest"),
        ("postgres:18", "postgres:latest"),
        ("busybox:1.38", "busybox:latest"),
        ("docker.io/library/httpd:2.4", "httpd:latest"),
    ] {
        let r = resolve(asked).unwrap_or_else(|e| panic!("{asked}: {e}"));
        assert!(!r.estimated && r.note.is_none(), "{asked}: {:?}", r.note);
        assert_eq!(r.image.name, entry, "{asked}");
        assert!(std::ptr::eq(r.image, resolve(entry).expect("entry").image), "{asked}: one image");
    }
}

/// One name, one image: no tag is listed by two entries, and no entry lists its own name.
#[test]
fn no_tag_names_two_entries() {
    let mut seen = std::collections::BTreeMap::new();
    for image in catalog() {
        for tag in std::iter::once(&image.tag).chain(&image.tags) {
            let name = format!("{}:{tag}", image.repository);
            if let Some(other) = seen.insert(name.clone(), &image.name) {
                panic!("{name} names both {other} and {}", image.name);
            }
        }
    }
}

/// A record's history rows come with the entry: alpine's two rows, python's ENV rows
/// between its layers (docker-library/repo-info `repos/alpine/remote/3.24.md`).
#[test]
fn history_rows_match_the_layers() {
    let alpine = resolve("alpine:3.24").expect("entry").image;
    let rows: Vec<(&str, bool)> = alpine.history.iter().map(|h| (h.created_by.as_str(), h.empty_layer)).collect();
    assert_eq!(
        rows,
        [("ADD alpine-minirootfs-3.24.2-x86_64.tar.gz / # buildkit", false), (r#"CMD ["/bin/sh"]"#, true)]
    );
    for image in catalog().iter().filter(|i| !i.history.is_empty()) {
        assert_eq!(image.history.iter().filter(|h| !h.empty_layer).count(), image.layers.len(), "{}", image.name);
        assert!(image.history.iter().all(|h| h.created.is_some()), "{}", image.name);
    }
}

/// ubuntu:26.04 is made by rockcraft, not a Dockerfile: seven umoci rows, of which the two
/// `umoci raw add-layer` rows carry its two layers, and the label rows keep the description's
/// newlines (docker-library/repo-info `repos/ubuntu/remote/26.04.md` @ 1c2b9d9).
#[test]
fn rockcraft_rows_span_lines_and_only_add_layer_rows_make_layers() {
    let ubuntu = resolve("ubuntu:latest").expect("latest").image;
    assert_eq!(ubuntu.name, "ubuntu:26.04");
    assert_eq!(ubuntu.layers, [41_572_999, 391]);
    let layer_rows: Vec<bool> = ubuntu.history.iter().map(|h| !h.empty_layer).collect();
    assert_eq!(layer_rows, [true, false, false, false, false, false, true]);
    assert!(ubuntu.history.iter().all(|h| h.created_by.starts_with("umoci ")));
    let labels = &ubuntu.history[4].created_by;
    assert!(labels.contains("--config.label org.opencontainers.image.description=The Ubuntu container image maintained by Canonical\n\nUbuntu is a Debian-based"), "{labels}");
    assert!(labels.ends_with("Ubuntu powers millions of PCs worldwide."), "{labels}");
    // An image built FROM it keeps those rows below its own (eclipse-temurin's latest).
    let temurin = resolve("eclipse-temurin:latest").expect("latest").image;
    assert_eq!(temurin.name, "eclipse-temurin:25-jdk-resolute");
    assert_eq!(temurin.history.iter().filter(|h| !h.empty_layer).count(), 6);
}

/// The php variants carry their own config: fpm stops on SIGQUIT and listens on 9000, apache
/// on SIGWINCH and 80 (repo-info `repos/php/remote/8.5-fpm-trixie.md`, `8.5-apache-trixie.md`).
#[test]
fn php_variants_carry_their_own_config() {
    let fpm = resolve("php:fpm").expect("fpm").image;
    assert_eq!(fpm.name, "php:8.5-fpm-trixie");
    assert_eq!(fpm.config.stop_signal.as_deref(), Some("SIGQUIT"));
    assert_eq!(fpm.config.cmd.as_deref(), Some(&["php-fpm".to_string()][..]));
    let apache = resolve("php:apache").expect("apache").image;
    assert_eq!(apache.config.stop_signal.as_deref(), Some("SIGWINCH"));
    assert_eq!(apache.config.working_dir.as_deref(), Some("/var/www/html"));
    assert_eq!(resolve("php:cli-alpine").expect("alpine").image.name, "php:8.5-cli-alpine");
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

/// The official-images tag lists (docker-library/official-images `library/<repo>`, summarised
/// with their commit by tools/base-images/generate.py): every tag of an image the data holds
/// resolves to that one entry, and every tag the data does not hold is an estimate, so the
/// summary's `not_in_data` lists are exactly the catalog's gaps.
#[test]
fn official_images_tags_resolve_as_the_summary_says() {
    #[derive(serde::Deserialize)]
    struct Summary {
        source: String,
        tags: usize,
        tags_in_data: usize,
        images: Vec<Image>,
    }
    #[derive(serde::Deserialize)]
    struct Image {
        repository: String,
        tags: Vec<String>,
        entry: Option<String>,
        not_in_data: Vec<String>,
    }
    let summary: Summary =
        serde_json::from_str(include_str!("testdata/official_images_tags.json")).expect("summary parses");
    assert!(summary.source.contains("docker-library/official-images"), "{}", summary.source);
    let mut in_data = 0;
    for image in &summary.images {
        let entry = image.entry.as_deref().map(|e| resolve(e).expect("the entry resolves").image);
        for tag in &image.tags {
            let name = format!("{}:{tag}", image.repository);
            let r = resolve(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
            if image.not_in_data.contains(tag) {
                assert!(r.estimated, "{name} is listed as not in the data but resolves to {}", r.image.name);
                continue;
            }
            in_data += 1;
            assert!(!r.estimated, "{name}: {:?}", r.note);
            let entry = entry.unwrap_or_else(|| panic!("{name} resolves but its image names no entry"));
            // One image, one id: every tag of it is the same entry.
            assert!(std::ptr::eq(r.image, entry), "{name} resolves to {}, not {}", r.image.name, entry.name);
        }
    }
    assert_eq!(summary.images.iter().map(|i| i.tags.len()).sum::<usize>(), summary.tags);
    assert_eq!(in_data, summary.tags_in_data);
}

/// The images issue 11 names resolve to real entries, not estimates: the non-slim python, node's
/// LTS, golang's trixie and latest tags, rust and php.
#[test]
fn the_images_people_type_are_in_the_data() {
    for (asked, entry) in [
        ("python:3.12", "python:3.12-trixie"),
        ("python:3.12-trixie", "python:3.12-trixie"),
        ("node:24", "node:24-bookworm"),
        ("node:lts", "node:24-bookworm"),
        ("golang:1.27-trixie", "golang:1.27-trixie"),
        ("golang:latest", "golang:1.27-trixie"),
        ("golang", "golang:1.27-trixie"),
        ("rust", "rust:1-trixie"),
        ("rust:1", "rust:1-trixie"),
        ("rust:slim", "rust:1-slim-trixie"),
        ("php", "php:8.5-cli-trixie"),
        ("php:8.5-cli", "php:8.5-cli-trixie"),
        ("php:8", "php:8.5-cli-trixie"),
        ("python", "python:3.14-trixie"),
        ("python:3", "python:3.14-trixie"),
        ("node", "node:26-trixie"),
        ("node:lts-alpine", "node:24-alpine"),
        ("node:24-slim", "node:24-bookworm-slim"),
        ("node:alpine", "node:26-alpine"),
        ("python:alpine", "python:3.14-alpine"),
    ] {
        let r = resolve(asked).unwrap_or_else(|e| panic!("{asked}: {e}"));
        assert!(!r.estimated, "{asked}: {:?}", r.note);
        assert_eq!(r.image.name, entry, "{asked}");
        assert!(!r.image.history.is_empty(), "{asked}: its own history rows");
    }
    // BuildKit records `CMD ["php", "-a"]` as `CMD ["php" "-a"]` (Go's %q of the list); the
    // config is the list itself.
    let php = resolve("php").expect("in the data").image;
    assert_eq!(php.config.cmd.as_deref(), Some(&["php".to_string(), "-a".to_string()][..]));
    assert_eq!(php.config.entrypoint.as_deref(), Some(&["docker-php-entrypoint".to_string()][..]));
    // One ENV row that sets four variables (`ENV RUSTUP_HOME=… CARGO_HOME=… PATH=… RUST_VERSION=…`).
    let rust = resolve("rust").expect("in the data").image;
    let env: Vec<&str> = rust.config.env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(env, ["PATH", "RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"]);
    assert_eq!(rust.config.cmd.as_deref(), Some(&["bash".to_string()][..]), "debian's CMD, which has no row");
}

/// The distroless images the issue names. distroless publishes no sizes (only the static image's
/// "around 2 MiB" in its README), so these entries carry their config from the Bazel rules and
/// say that their sizes are estimates; java21 and nodejs22 on debian12 stopped being built on
/// 2026-02-27 (distroless b80e2842, 5cd38c1e), which their notes say too.
#[test]
fn distroless_images_carry_their_rules_config() {
    for (asked, entrypoint, user) in [
        ("gcr.io/distroless/cc-debian12", None, None),
        ("gcr.io/distroless/cc-debian12:nonroot", None, Some("65532")),
        ("gcr.io/distroless/java21-debian12", Some(&["/usr/bin/java", "-jar"][..]), None),
        ("gcr.io/distroless/nodejs22-debian12:nonroot", Some(&["/nodejs/bin/node"][..]), Some("65532")),
        ("gcr.io/distroless/nodejs22-debian12", Some(&["/nodejs/bin/node"][..]), None),
    ] {
        let r = resolve(asked).unwrap_or_else(|e| panic!("{asked}: {e}"));
        assert!(!r.estimated, "{asked}: the tag itself is in the data");
        let image = r.image;
        assert_eq!(image.os, OsFamily::Distroless, "{asked}");
        assert!(image.shell.is_none(), "{asked}: no shell");
        let expected: Option<Vec<String>> = entrypoint.map(|e| e.iter().map(|s| s.to_string()).collect());
        assert_eq!(image.config.entrypoint, expected, "{asked}");
        assert_eq!(image.config.user.as_deref(), user.or(Some("0")), "{asked}");
        assert!(image.size_on_disk.is_none() && image.layers.is_empty(), "{asked}: no published size");
        assert!(image.notes.iter().any(|n| n.contains("no size is published")), "{asked}");
    }
    let java = resolve("gcr.io/distroless/java21-debian12").expect("entry").image;
    assert!(java.config.env.contains(&("JAVA_VERSION".to_string(), "21.0.10".to_string())));
    assert!(java.notes.iter().any(|n| n.contains("b80e2842")));
}

/// The core embeds `base-images.min.json` (tools/base-images/compact.py); it reads the same as
/// the reviewed `base-images.json`.
#[test]
fn the_embedded_catalog_is_the_reviewed_one() {
    let compact = data::load(include_str!("../../data/base-images.min.json")).expect("compact catalog parses");
    assert_eq!(compact, load_check());
    assert_eq!(catalog(), &compact[..]);
}

/// Red Hat's UBI and Amazon Linux 2023 are families of their own, not Oracle Linux's.
/// Expected values come from the sources, not the data file:
/// - sizes and config: docker-library/repo-info repos/eclipse-temurin/remote/21.0.12_8-jdk-ubi9-minimal.md
///   @ 11bfd4f9 (Total Size 226501351, `ENV container oci`, JAVA_VERSION=jdk-21.0.12+8) and
///   repos/maven/remote/3.9.16-amazoncorretto-21-al2023.md @ 2609d6e7 (Total Size 378480451);
/// - package managers: UBI minimal's own label ("uses microdnf as a package manager"); the
///   corretto RUN's `dnf install` and maven's `yum install` rows on amazonlinux:2023;
/// - users: the `setup` package's /etc/passwd (setup-2.13.7 in both rpm lists repo-info prints);
/// - `sh`: bash, which the corretto RUN needs (`pushd`, a bash array under `/bin/sh -c`).
#[test]
fn ubi_and_amazon_linux_tags_resolve_to_their_own_rpm_families() {
    let setup_users: std::collections::BTreeSet<String> = [
        "root", "bin", "daemon", "adm", "lp", "sync", "shutdown", "halt", "mail", "operator", "games", "ftp", "nobody",
    ]
    .map(String::from)
    .into();

    let ubi = resolve("eclipse-temurin:21-jdk-ubi9-minimal").expect("in catalog");
    assert!(!ubi.estimated, "{:?}", ubi.note);
    assert_eq!(ubi.image.name, "eclipse-temurin:21.0.12_8-jdk-ubi9-minimal");
    assert_eq!(ubi.image.os, OsFamily::RedHatUbi);
    assert_eq!(ubi.image.size_compressed, Some(226_501_351));
    assert_eq!(ubi.image.package_manager, Some(PackageManager::Microdnf));
    assert!(ubi.image.config.env.contains(&("container".to_string(), "oci".to_string())));
    assert!(ubi.image.config.env.contains(&("JAVA_VERSION".to_string(), "jdk-21.0.12+8".to_string())));
    assert_eq!(ubi.image.users(), setup_users);
    assert_eq!(shells::shell_of(Some(ubi.image), "/bin/sh"), Some(shells::Shell::Bash));
    // The squashed UBI layer sits under its root-filesystem row; the buildah rows keep their prefix.
    let first_layer = ubi.image.history.iter().find(|h| !h.empty_layer).expect("a layer row");
    assert!(
        first_layer.created_by.starts_with("/bin/sh -c #(nop) COPY dir:") && first_layer.created_by.contains(" in / ")
    );

    let al = resolve("maven:3-amazoncorretto-21").expect("in catalog");
    assert!(!al.estimated, "{:?}", al.note);
    assert_eq!(al.image.name, "maven:3.9.16-amazoncorretto-21-al2023");
    assert_eq!(al.image.os, OsFamily::AmazonLinux);
    assert_eq!(al.image.os_version.as_deref(), Some("2023"));
    assert_eq!(al.image.size_compressed, Some(378_480_451));
    assert_eq!(al.image.package_manager, Some(PackageManager::Dnf));
    assert_eq!(al.image.users(), setup_users);
    assert_eq!(shells::shell_of(Some(al.image), "sh"), Some(shells::Shell::Bash));
    // The unsuffixed tag and its -al2023 twin are one image.
    let twin = resolve("maven:3.9-amazoncorretto-21-al2023").expect("in catalog");
    assert!(std::ptr::eq(al.image, twin.image));
    // Neither family borrows a Debian or Alpine program list.
    assert!(programs::of(ubi.image).is_none() && programs::of(al.image).is_none());
}
