//! Package sizes for the command models, loaded once from the embedded
//! `core/data/packages.json` (a copy of `shared/reference/packages.json`,
//! gathered 2026-11-23; see the module doc of [`super`] for its sources).
//!
//! Figures the data does not have (Go binaries, Maven, the apk index,
//! downloads) are constants here, each marked as an estimate.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/packages.json");

const KIB: u64 = 1024;

/// One Debian package with its dependency closures over debian:bookworm-slim.
#[derive(Debug, Clone, Deserialize)]
pub struct DebPackage {
    pub own_kib: u64,
    pub closure_kib_no_recommends: u64,
    pub closure_kib_with_recommends: u64,
    #[serde(default)]
    pub closure_packages_no_recommends: Vec<String>,
    #[serde(default)]
    pub closure_packages_with_recommends: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AptLists {
    pub apt_lists_bytes: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Debian {
    pub base_image_packages: Vec<String>,
    pub apt_lists: AptLists,
    pub packages: BTreeMap<String, DebPackage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ApkPackage {
    pub name: String,
    pub installed_size_bytes: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Alpine {
    pub packages: Vec<ApkPackage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PipPackage {
    pub wheel_bytes: u64,
    pub unpacked_bytes: u64,
    #[serde(default)]
    pub requires_dist: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Pip {
    pub packages: BTreeMap<String, PipPackage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NpmPackage {
    pub unpacked_size_bytes: u64,
    pub tarball_bytes: u64,
    #[serde(default)]
    pub dependencies: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Npm {
    pub packages: BTreeMap<String, NpmPackage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Go {
    pub hello_world_binary_bytes: Option<u64>,
    pub net_http_server_binary_bytes: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Packages {
    pub debian: Debian,
    pub alpine: Alpine,
    pub pip: Pip,
    pub npm: Npm,
    pub go: Go,
}

/// The embedded data; a parse failure (a bad edit of the file) yields `None`,
/// and a test checks it parses.
pub fn packages() -> Option<&'static Packages> {
    static DATA_CELL: OnceLock<Option<Packages>> = OnceLock::new();
    DATA_CELL.get_or_init(|| serde_json::from_str(DATA).ok()).as_ref()
}

/// Bytes of `/var/lib/apt/lists` after `apt-get update` (measured on bookworm).
pub fn apt_lists_bytes() -> u64 {
    packages().map_or(19_856_468, |p| p.debian.apt_lists.apt_lists_bytes)
}

/// ESTIMATE: a Debian package outside the data (about the median closure in it).
pub const DEB_UNKNOWN_KIB: u64 = 10 * 1024;

/// What `apt-get install` adds for `pkg`: (KiB, packages, known).
pub fn deb_closure(pkg: &str, recommends: bool) -> (u64, Vec<String>, bool) {
    match packages().and_then(|p| p.debian.packages.get(pkg)) {
        Some(d) if recommends => (d.closure_kib_with_recommends, d.closure_packages_with_recommends.clone(), true),
        Some(d) => (d.closure_kib_no_recommends, d.closure_packages_no_recommends.clone(), true),
        None => (DEB_UNKNOWN_KIB, vec![pkg.to_string()], false),
    }
}

/// The own installed size of a Debian package in the data (for `apt-get remove`).
pub fn deb_own_kib(pkg: &str) -> Option<u64> {
    packages().and_then(|p| p.debian.packages.get(pkg)).map(|d| d.own_kib)
}

/// True when `pkg` is one of the 88 packages of debian:bookworm-slim.
pub fn deb_in_base(pkg: &str) -> bool {
    packages().is_some_and(|p| p.debian.base_image_packages.iter().any(|b| b == pkg))
}

/// ESTIMATE: an apk package outside the data.
pub const APK_UNKNOWN_BYTES: u64 = 2 * 1024 * KIB;

/// ESTIMATE (not in packages.json): `/var/cache/apk` after fetching the main
/// and community APKINDEX files of one Alpine release.
pub const APK_INDEX_BYTES: u64 = 2_600_000;

/// The installed size of an apk package (own size only: the data has no closures).
pub fn apk_size(pkg: &str) -> (u64, bool) {
    let found = packages().and_then(|p| p.alpine.packages.iter().rev().find(|a| a.name == pkg));
    match found {
        Some(a) => (a.installed_size_bytes, true),
        None => (APK_UNKNOWN_BYTES, false),
    }
}

/// ESTIMATE: a wheel outside the data (unpacked, wheel).
pub const PIP_UNKNOWN: (u64, u64) = (3_000_000, 1_000_000);

/// A pip package: (unpacked bytes, wheel bytes, direct requirements' names, known).
pub fn pip_package(name: &str) -> (u64, u64, Vec<String>, bool) {
    let key = name.to_ascii_lowercase().replace('_', "-");
    match packages().and_then(|p| p.pip.packages.get(&key)) {
        Some(p) => {
            let deps = p
                .requires_dist
                .iter()
                .filter(|r| !r.contains("sys_platform == \"win32\""))
                .map(|r| requirement_name(r))
                .filter(|n| !n.is_empty())
                .collect();
            (p.unpacked_bytes, p.wheel_bytes, deps, true)
        }
        None => (PIP_UNKNOWN.0, PIP_UNKNOWN.1, Vec::new(), false),
    }
}

/// `Django>=4.2 ; python_version…` → `django`.
pub fn requirement_name(spec: &str) -> String {
    spec.trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace('_', "-")
}

/// ESTIMATE: an npm package outside the data (unpacked, tarball).
pub const NPM_UNKNOWN: (u64, u64) = (200_000, 60_000);

/// An npm package: (unpacked bytes, tarball bytes, direct dependencies, known).
pub fn npm_package(name: &str) -> (u64, u64, Vec<String>, bool) {
    match packages().and_then(|p| p.npm.packages.get(name)) {
        Some(p) => (p.unpacked_size_bytes, p.tarball_bytes, p.dependencies.keys().cloned().collect(), true),
        None => (NPM_UNKNOWN.0, NPM_UNKNOWN.1, Vec::new(), false),
    }
}

/// ESTIMATE (packages.json `go.measured` is false): a stripped-less
/// `go build` of hello world / of a net/http server, Go 1.2x amd64.
pub fn go_binary_bytes(net_http: bool) -> (u64, bool) {
    let go = packages().map(|p| &p.go);
    let measured = if net_http {
        go.and_then(|g| g.net_http_server_binary_bytes)
    } else {
        go.and_then(|g| g.hello_world_binary_bytes)
    };
    match measured {
        Some(b) => (b, true),
        None if net_http => (7_500_000, false),
        None => (2_200_000, false),
    }
}

/// ESTIMATE: `mvn package` of a small Spring-less app: the jar, and the
/// `~/.m2/repository` Maven fills with plugins and dependencies.
pub const MVN_JAR_BYTES: u64 = 20_000;
pub const MVN_REPOSITORY_BYTES: u64 = 60_000_000;

/// ESTIMATE: a file fetched by `curl -o` / `wget -O`, and what `tar -x` unpacks.
pub const DOWNLOAD_BYTES: u64 = 10_000_000;
pub const EXTRACT_RATIO: u64 = 3;
