//! The one Docker Layerlab simulates: the releases whose behaviour and words
//! it follows, named once here (and in README.md and ARCHITECTURE.md), and
//! printed by `docker version`.
//!
//! Chosen as the newest stable releases whose sources could be read and
//! cited (public snapshots of the repositories, August 2026):
//! Docker Engine and CLI 29.7.2 (moby/moby tag `docker-v29.7.2`, docker/cli
//! tag `v29.7.2`, both 2026-08-05); the BuildKit that engine vendors, v0.32.2
//! (moby go.mod), with its Dockerfile frontend 1.26.0; buildx v0.36.1, which
//! `docker build` runs; containerd v2.3.3 and runc v1.4.3, the versions moby's
//! Dockerfile pins for that release's static binaries (`CONTAINERD_VERSION`,
//! `RUNC_VERSION`); docker-init is tini v0.19.0. Go 1.26.5 is moby's
//! `GO_VERSION` for the release. The API versions are moby's
//! `MaxAPIVersion` 1.55 and `defaultMinAPIVersion` 1.40
//! (daemon/config/config.go). Later 29.x CLI releases exist (pkg.go.dev lists
//! docker/cli v29.10.1, 2026-11-24), but their sources were not available to
//! check against, so Layerlab follows 29.7.2.
//!
//! The commits are the tags' commits; `Built` is the tagged commit's time
//! (the packages' real build time is not published in the sources).

/// A component's release and where it was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    pub version: &'static str,
    /// The commit as `docker version` shows it (short for the engine and
    /// CLI, full for containerd, `git describe` for runc, short for tini).
    pub commit: &'static str,
}

/// The Docker CLI (docker/cli).
pub const CLI: Release = Release { version: "29.7.2", commit: "a7dcaa6" };
/// The Docker Engine, dockerd (moby/moby).
pub const ENGINE: Release = Release { version: "29.7.2", commit: "6a43e3d" };
/// BuildKit as the engine vendors it (moby/buildkit).
pub const BUILDKIT: Release = Release { version: "v0.32.2", commit: "" };
/// The Dockerfile frontend built into that BuildKit (moby/buildkit `dockerfile/1.26.0`).
pub const DOCKERFILE_FRONTEND: &str = "1.26.0";
/// buildx, which `docker build` runs (docker/buildx).
pub const BUILDX: Release = Release { version: "v0.36.1", commit: "" };
/// containerd (containerd/containerd).
pub const CONTAINERD: Release = Release { version: "v2.3.3", commit: "aad11006b869517fcd3009450b6f82da282e1a9b" };
/// runc (opencontainers/runc).
pub const RUNC: Release = Release { version: "1.4.3", commit: "v1.4.3-0-gbb14dabe" };
/// docker-init, which is tini (krallin/tini).
pub const DOCKER_INIT: Release = Release { version: "0.19.0", commit: "de40ad0" };
/// The Go toolchain the engine and CLI are built with.
pub const GO: &str = "go1.26.5";
/// The highest Engine API version the CLI and daemon speak.
pub const API: &str = "1.55";
/// The lowest Engine API version the daemon accepts by default.
pub const MIN_API: &str = "1.40";
/// When the CLI's and the engine's tagged commits were made, as Go's
/// `time.ANSIC` prints them (UTC).
pub const CLI_BUILT: &str = "Wed Aug  5 17:34:15 2026";
pub const ENGINE_BUILT: &str = "Wed Aug  5 18:24:27 2026";
/// The product name both sides report on Linux packages.
pub const PLATFORM: &str = "Docker Engine - Community";
pub const OS_ARCH: &str = "linux/amd64";

/// `docker version`'s text: docker/cli cli/command/system/version.go's
/// default template, laid out by its tabwriter (minimum cell width 20,
/// padding 1, spaces), so every label column is 20 characters wide.
pub fn docker_version() -> String {
    let cell = |label: &str, value: &str| format!("{label:<20}{value}\n");
    let mut text = format!("Client: {PLATFORM}\n");
    for (label, value) in [
        ("Version", CLI.version),
        ("API version", API),
        ("Go version", GO),
        ("Git commit", CLI.commit),
        ("Built", CLI_BUILT),
        ("OS/Arch", OS_ARCH),
        ("Context", "default"),
    ] {
        text.push_str(&cell(&format!(" {label}:"), value));
    }
    text.push_str(&format!("\nServer: {PLATFORM}\n Engine:\n"));
    let api = format!("{API} (minimum version {MIN_API})");
    for (label, value) in [
        ("Version", ENGINE.version),
        ("API version", api.as_str()),
        ("Go version", GO),
        ("Git commit", ENGINE.commit),
        ("Built", ENGINE_BUILT),
        ("OS/Arch", OS_ARCH),
        ("Experimental", "false"),
    ] {
        text.push_str(&cell(&format!("  {label}:"), value));
    }
    for (name, release) in [("containerd", CONTAINERD), ("runc", RUNC), ("docker-init", DOCKER_INIT)] {
        text.push_str(&format!(" {name}:\n"));
        text.push_str(&cell("  Version:", release.version));
        text.push_str(&cell("  GitCommit:", release.commit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of `docker version` in Docker's own documentation
    /// (docs.docker.com reference/api/engine, "docker version" example for
    /// 29.0.4): two-space sections, labels padded to column 20.
    #[test]
    fn docker_version_is_laid_out_as_docker_prints_it() {
        insta::assert_snapshot!(docker_version());
        let text = docker_version();
        assert!(text.starts_with("Client: Docker Engine - Community\n Version:           29.7.2\n"), "{text}");
        assert!(text.contains("\n  API version:      1.55 (minimum version 1.40)\n"), "{text}");
        assert!(text.ends_with(" docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0\n"), "{text}");
    }
}
