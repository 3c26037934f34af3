//! Package sizes for the command models, loaded once from the embedded
//! `core/data/packages.json`: Debian, PyPI and npm tables rebuilt from the
//! registries by `tools/packages/generate.py` (each entry names its source
//! and date); the Alpine and Go parts are the hand-gathered
//! `shared/reference/packages.json` ones.
//!
//! Figures the data does not have (Go binaries, Maven, the apk index,
//! downloads) are constants here, each marked as an estimate.

use super::markers::normalize;
use crate::catalog::OsFamily;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The fields of `core/data/packages.json` the model reads, written by
/// `tools/packages/compact.py` (the full table, with every entry's source and
/// date, stays in the repository; a test checks both read the same).
const DATA: &str = include_str!("../../data/packages.min.json");

const KIB: u64 = 1024;

/// One Debian package as `apt-cache show` gives it: its own Installed-Size,
/// what apt's install log prints of it (version, `.deb` size, architecture,
/// Multi-Arch, the suite it comes from) and its dependency groups
/// (alternatives, versions dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DebPackage {
    pub own_kib: u64,
    #[serde(default)]
    pub version: String,
    /// The `.deb`'s size (`Size:`), which `Get:` and `Need to get` print.
    #[serde(default)]
    pub deb_bytes: u64,
    /// `Architecture: all` (else amd64): the `Get:` line and the archive's name say it.
    #[serde(default, rename = "architecture", deserialize_with = "is_all")]
    pub arch_all: bool,
    /// `Multi-Arch: same`: dpkg prints the package as `name:amd64`.
    #[serde(default, rename = "multi_arch", deserialize_with = "is_same")]
    pub multi_arch_same: bool,
    /// apt's ordering score for the Priority (`required` 5, `important` 4,
    /// `standard` 3, `optional` 1, `extra` 0: pkgOrderList::Score).
    #[serde(default = "optional_score", rename = "priority", deserialize_with = "priority_score")]
    pub priority_score: u8,
    /// The package has Pre-Depends (apt orders it earlier).
    #[serde(default, rename = "pre_depends", deserialize_with = "non_empty")]
    pub has_pre_depends: bool,
    /// The suite the candidate comes from when it is not the release's own
    /// (`bookworm-security`, `bookworm-updates`).
    #[serde(default)]
    pub suite: Option<String>,
    /// Pre-Depends and Depends.
    #[serde(default)]
    pub depends: Vec<Vec<String>>,
    #[serde(default)]
    pub recommends: Vec<Vec<String>>,
    /// Not followed: apt lists them (`Suggested packages:`).
    #[serde(default)]
    pub suggests: Vec<Vec<String>>,
}

/// `Architecture: all` → true; amd64 (or a missing field) → false.
fn is_all<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<String>::deserialize(d)?.as_deref() == Some("all"))
}

/// `Multi-Arch: same` → true; `foreign`, `allowed` or none → false.
fn is_same<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<String>::deserialize(d)?.as_deref() == Some("same"))
}

fn optional_score() -> u8 {
    1
}

/// apt's PrioMap over the Priority field (a missing one counts as optional).
fn priority_score<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    Ok(match Option::<String>::deserialize(d)?.as_deref() {
        Some("required") => 5,
        Some("important") => 4,
        Some("standard") => 3,
        Some("extra") => 0,
        _ => 1,
    })
}

fn non_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(!Vec::<Vec<String>>::deserialize(d)?.is_empty())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AptLists {
    pub apt_lists_bytes: u64,
}

/// Which index of a suite `apt-get update` fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum AptIndex {
    InRelease,
    /// `main/binary-amd64/Packages`, fetched compressed.
    Packages,
}

/// One file `apt-get update` fetched from empty lists, in its `Get:` order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AptFetch {
    /// `http://deb.debian.org/debian` or `http://deb.debian.org/debian-security`.
    pub uri: String,
    pub suite: String,
    pub index: AptIndex,
    /// The download size apt prints in brackets (Packages.xz for a Packages index).
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AptUpdate {
    pub fetches: Vec<AptFetch>,
}

/// One Debian release's apt view: what `apt-get update` fetches and what
/// `apt-cache show` says of each package, from the release's own lists.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DebRelease {
    /// In the order the image's apt sources list them: `trixie`, `trixie-updates`,
    /// `trixie-security` (deb822 `debian.sources`); `bullseye`, `bullseye-security`,
    /// `bullseye-updates` (one-line `sources.list`).
    pub suites: Vec<String>,
    /// The binary packages of the release's `-slim` image.
    pub base_image_packages: Vec<String>,
    pub apt_lists: AptLists,
    /// What the generator's own `apt-get update` fetched.
    pub apt_update: AptUpdate,
    /// Virtual package → the real packages that provide it.
    #[serde(default, rename = "virtual")]
    pub virtual_: BTreeMap<String, Vec<String>>,
    pub packages: BTreeMap<String, DebPackage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Debian {
    /// Keyed by codename (`bullseye`, `bookworm`, `trixie`).
    pub releases: BTreeMap<String, DebRelease>,
}

/// The Debian releases the data has, each read from its own apt lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebianRelease {
    /// Debian 11.
    Bullseye,
    /// Debian 12.
    Bookworm,
    /// Debian 13.
    Trixie,
}

impl DebianRelease {
    pub fn codename(self) -> &'static str {
        match self {
            DebianRelease::Bullseye => "bullseye",
            DebianRelease::Bookworm => "bookworm",
            DebianRelease::Trixie => "trixie",
        }
    }

    /// What the estimate notes call it.
    pub fn title(self) -> &'static str {
        match self {
            DebianRelease::Bullseye => "Debian 11 bullseye",
            DebianRelease::Bookworm => "Debian 12 bookworm",
            DebianRelease::Trixie => "Debian 13 trixie",
        }
    }
}

/// Which release's apt data an image gets: its own (`exact`), or for a
/// release the data lacks the closest one. The catalog's `os_version` names
/// the codename in parentheses (`13 (trixie)`, `14 (forky, testing)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AptData {
    pub release: DebianRelease,
    pub exact: bool,
}

pub fn apt_data_for(os: OsFamily, os_version: Option<&str>) -> AptData {
    let codename = os_version
        .and_then(|v| v.split_once('('))
        .map(|(_, rest)| rest.trim_end_matches(')').split(',').next().unwrap_or_default().trim())
        .unwrap_or_default();
    let sid = os_version.is_some_and(|v| v.starts_with("sid"));
    let (release, exact) = match (os, codename) {
        (OsFamily::Debian, "bullseye") => (DebianRelease::Bullseye, true),
        (OsFamily::Debian, "bookworm") => (DebianRelease::Bookworm, true),
        (OsFamily::Debian, "trixie") => (DebianRelease::Trixie, true),
        // Newer than trixie (testing, unstable): trixie is the closest.
        (OsFamily::Debian, "forky" | "duke") => (DebianRelease::Trixie, false),
        (OsFamily::Debian, _) if sid => (DebianRelease::Trixie, false),
        // Older than bullseye: bullseye is the closest.
        (OsFamily::Debian, "buster" | "stretch" | "jessie") => (DebianRelease::Bullseye, false),
        // Ubuntu (its archive is not reachable here) and a Debian image without
        // a known codename: bookworm.
        _ => (DebianRelease::Bookworm, false),
    };
    AptData { release, exact }
}

fn release(r: DebianRelease) -> Option<&'static DebRelease> {
    packages().and_then(|p| p.debian.releases.get(r.codename()))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ApkPackage {
    pub name: String,
    pub installed_size_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Alpine {
    pub packages: Vec<ApkPackage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PipPackage {
    /// The release the data describes (what `pip install` would pick today).
    pub version: String,
    /// The wheel pip downloads (`flask-3.1.3-py3-none-any.whl`).
    #[serde(default)]
    pub wheel_file: Option<String>,
    pub wheel_bytes: u64,
    /// The size of the wheel's METADATA, which PyPI serves beside it as
    /// `FILE.metadata` (PEP 658) and pip fetches first.
    #[serde(default)]
    pub metadata_bytes: Option<u64>,
    /// The sum of the sizes the wheel's RECORD lists.
    pub installed_bytes: u64,
    #[serde(default)]
    pub requires_dist: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Pip {
    pub packages: BTreeMap<String, PipPackage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NpmPackage {
    pub unpacked_size_bytes: u64,
    pub tarball_bytes: u64,
    #[serde(default)]
    pub dependencies: BTreeMap<String, String>,
    #[serde(default)]
    pub optional_dependencies: BTreeMap<String, String>,
    /// Peer dependencies npm 7+ installs (the optional ones left out).
    #[serde(default)]
    pub peer_dependencies: BTreeMap<String, String>,
    /// package.json's `os`, `cpu` and `libc`: where npm installs the package.
    #[serde(default)]
    pub os: Vec<String>,
    #[serde(default)]
    pub cpu: Vec<String>,
    #[serde(default)]
    pub libc: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Npm {
    pub packages: BTreeMap<String, NpmPackage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Go {
    pub hello_world_binary_bytes: Option<u64>,
    pub net_http_server_binary_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// Bytes of `/var/lib/apt/lists` after `apt-get update` (measured per release).
pub fn apt_lists_bytes(r: DebianRelease) -> u64 {
    release(r).map_or(19_856_468, |d| d.apt_lists.apt_lists_bytes)
}

/// What `apt-get update` fetches from empty lists, in apt's `Get:` order
/// (empty when the data lacks the release).
pub fn apt_update_fetches(r: DebianRelease) -> &'static [AptFetch] {
    release(r).map_or(&[], |d| d.apt_update.fetches.as_slice())
}

/// ESTIMATE: a Debian package outside the data (about the median closure in it).
pub const DEB_UNKNOWN_KIB: u64 = 10 * 1024;

/// What `apt-get install` adds for `pkg` over the release's slim image: (KiB,
/// packages, known). The closure is walked over the data as APT resolves
/// it for a fresh install: a dependency group is met when any alternative (or
/// a provider of a virtual one) is in the base image or already chosen, else
/// its first alternative that exists is chosen (a virtual name's first
/// provider). Recommends are followed when `recommends`.
pub fn deb_closure(r: DebianRelease, pkg: &str, recommends: bool) -> (u64, Vec<String>, bool) {
    let Some(debian) = release(r).filter(|d| d.packages.contains_key(pkg)) else {
        return (DEB_UNKNOWN_KIB, vec![pkg.to_string()], false);
    };
    let base: BTreeSet<&str> = debian.base_image_packages.iter().map(String::as_str).collect();
    let mut chosen: Vec<String> = vec![pkg.to_string()];
    let mut next = 0;
    while let Some(name) = chosen.get(next).cloned() {
        next += 1;
        let Some(p) = debian.packages.get(&name) else { continue };
        let groups = p.depends.iter().chain(recommends.then_some(&p.recommends).into_iter().flatten());
        for group in groups {
            let met = |alt: &String| {
                let real = |n: &str| base.contains(n) || chosen.iter().any(|c| c == n);
                real(alt) || debian.virtual_.get(alt).is_some_and(|ps| ps.iter().any(|p| real(p)))
            };
            if group.iter().any(met) {
                continue;
            }
            let pick = group.iter().find_map(|alt| {
                if debian.packages.contains_key(alt) {
                    Some(alt.clone())
                } else {
                    debian
                        .virtual_
                        .get(alt)
                        .and_then(|ps| ps.iter().find(|p| debian.packages.contains_key(*p)))
                        .cloned()
                }
            });
            if let Some(pick) = pick {
                chosen.push(pick);
            }
        }
    }
    let kib = chosen.iter().filter_map(|c| debian.packages.get(c)).map(|p| p.own_kib).sum();
    (kib, chosen, true)
}

/// A Debian package's entry in the release's data.
pub fn deb_package(r: DebianRelease, pkg: &str) -> Option<&'static DebPackage> {
    release(r).and_then(|d| d.packages.get(pkg))
}

/// The real packages that provide a virtual name in the release's data.
pub fn deb_providers(r: DebianRelease, name: &str) -> &'static [String] {
    release(r).and_then(|d| d.virtual_.get(name)).map_or(&[], Vec::as_slice)
}

/// The own installed size of a Debian package in the data (for `apt-get remove`).
pub fn deb_own_kib(r: DebianRelease, pkg: &str) -> Option<u64> {
    release(r).and_then(|d| d.packages.get(pkg)).map(|d| d.own_kib)
}

/// True when `pkg` is one of the packages of the release's slim image
/// (debian:bullseye-slim's 96, debian:bookworm-slim's 88, debian:trixie-slim's 78).
pub fn deb_in_base(r: DebianRelease, pkg: &str) -> bool {
    release(r).is_some_and(|d| d.base_image_packages.iter().any(|b| b == pkg))
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

/// ESTIMATE: a wheel outside the data (installed, wheel).
pub const PIP_UNKNOWN: (u64, u64) = (3_000_000, 1_000_000);

/// A pip package: (installed bytes, wheel bytes, known).
pub fn pip_package(name: &str) -> (u64, u64, bool) {
    match packages().and_then(|p| p.pip.packages.get(&normalize(name))) {
        Some(p) => (p.installed_bytes, p.wheel_bytes, true),
        None => (PIP_UNKNOWN.0, PIP_UNKNOWN.1, false),
    }
}

/// The version of a package in the data.
pub fn pip_version(name: &str) -> Option<&'static str> {
    packages().and_then(|p| p.pip.packages.get(&normalize(name))).map(|p| p.version.as_str())
}

/// A pip package's entry in the data.
pub fn pip_data(name: &str) -> Option<&'static PipPackage> {
    packages().and_then(|p| p.pip.packages.get(&normalize(name)))
}

/// ESTIMATE: an npm package outside the data (unpacked, tarball).
pub const NPM_UNKNOWN: (u64, u64) = (200_000, 60_000);

/// An npm package in the data.
pub fn npm_data(name: &str) -> Option<&'static NpmPackage> {
    packages().and_then(|p| p.npm.packages.get(name))
}

/// An npm package: (unpacked bytes, tarball bytes, known).
pub fn npm_package(name: &str) -> (u64, u64, bool) {
    match npm_data(name) {
        Some(p) => (p.unpacked_size_bytes, p.tarball_bytes, true),
        None => (NPM_UNKNOWN.0, NPM_UNKNOWN.1, false),
    }
}

/// npm's platform check of `os`, `cpu` and `libc` lists (a `!name` excludes).
pub fn npm_platform_ok(fields: [&[String]; 3], values: [&str; 3]) -> bool {
    fields.iter().zip(values).all(|(list, value)| {
        if list.iter().any(|v| v.strip_prefix('!') == Some(value)) {
            return false;
        }
        let allowed: Vec<&String> = list.iter().filter(|v| !v.starts_with('!')).collect();
        allowed.is_empty() || allowed.iter().any(|v| *v == value)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded compact table is the reviewed one, field for field: what
    /// the model reads from `packages.min.json` is what `packages.json` says.
    /// (After `tools/packages/generate.py`, run `tools/packages/compact.py`.)
    #[test]
    fn the_embedded_table_is_the_reviewed_one() {
        let full: Packages =
            serde_json::from_str(include_str!("../../data/packages.json")).expect("packages.json parses");
        let embedded = packages().expect("packages.min.json parses");
        assert_eq!(embedded, &full);
        assert!(embedded.pip.packages.contains_key("flask") && embedded.npm.packages.contains_key("express"));
        assert_eq!(embedded.debian.releases.keys().collect::<Vec<_>>(), ["bookworm", "bullseye", "trixie"]);
    }

    /// The catalog's `os_version` picks the release: bullseye images read
    /// bullseye's data, older Debian the closest (bullseye), Ubuntu bookworm's.
    #[test]
    fn each_release_reads_its_own_data() {
        let data = |os, v| {
            let d = apt_data_for(os, Some(v));
            (d.release, d.exact)
        };
        assert_eq!(data(OsFamily::Debian, "11 (bullseye)"), (DebianRelease::Bullseye, true));
        assert_eq!(data(OsFamily::Debian, "12 (bookworm)"), (DebianRelease::Bookworm, true));
        assert_eq!(data(OsFamily::Debian, "13 (trixie)"), (DebianRelease::Trixie, true));
        assert_eq!(data(OsFamily::Debian, "10 (buster)"), (DebianRelease::Bullseye, false));
        assert_eq!(data(OsFamily::Debian, "14 (forky, testing)"), (DebianRelease::Trixie, false));
        assert_eq!(data(OsFamily::Ubuntu, "24.04 (noble)"), (DebianRelease::Bookworm, false));
    }
}
