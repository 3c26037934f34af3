//! The programs on `PATH` in each base image family, from the packages' own
//! file lists (`core/data/base-programs.json`, written by
//! `tools/base-programs/generate.py`, which names its sources):
//! - Debian bookworm and trixie: every program the binary packages of a
//!   `debian:<suite>-slim` image install under /bin, /sbin, /usr/bin and
//!   /usr/sbin (`dpkg -c`), plus their `update-alternatives` links (`awk`);
//! - Alpine: the applets of busybox as Alpine's aports configures it
//!   (`nslookup`, `wget`, `ping`, …), and apk-tools', musl-utils' (`getent`,
//!   `ldd`), scanelf's and ssl_client's programs.
//!
//! Ubuntu images read Debian's lists (Ubuntu's archive is not one the
//! generator can reach): jammy bookworm's, noble trixie's, the nearest
//! Debian releases of the same packages. The RPM-based families (Oracle
//! Linux, Red Hat UBI, Amazon Linux) have no list here; `shell::lookup` keeps
//! a short one for them.

use super::{BaseImage, OsFamily};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/base-programs.json");

/// One family's programs: name → the package that installs it.
#[derive(Debug, Deserialize)]
pub struct Programs {
    /// Where the list comes from.
    pub source: String,
    pub programs: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct Data {
    #[serde(rename = "debian-bookworm")]
    bookworm: Programs,
    #[serde(rename = "debian-trixie")]
    trixie: Programs,
    alpine: Programs,
}

fn data() -> Option<&'static Data> {
    static DATA_CELL: OnceLock<Option<Data>> = OnceLock::new();
    // Embedded and checked by a test: a parse failure can only be a bad edit of the file.
    DATA_CELL.get_or_init(|| serde_json::from_str(DATA).ok()).as_ref()
}

/// The list of the image's OS family and release, if there is one.
pub fn of(image: &BaseImage) -> Option<&'static Programs> {
    let data = data()?;
    let release = image.os_version.as_deref().unwrap_or_default();
    match image.os {
        OsFamily::Alpine => Some(&data.alpine),
        OsFamily::Debian | OsFamily::Ubuntu if release.contains("trixie") || release.contains("noble") => {
            Some(&data.trixie)
        }
        OsFamily::Debian | OsFamily::Ubuntu => Some(&data.bookworm),
        // docker-library's busybox image is one busybox binary and its links.
        OsFamily::None if image.has("busybox") => Some(&data.alpine),
        OsFamily::None | OsFamily::Distroless | OsFamily::OracleLinux | OsFamily::RedHatUbi | OsFamily::AmazonLinux => {
            None
        }
    }
}

/// Whether the image's own userland has `name` on `PATH`.
pub fn has(image: &BaseImage, name: &str) -> bool {
    of(image).and_then(|p| p.programs.get(name)).is_some_and(|package| {
        // The busybox image holds busybox alone, not Alpine's other packages.
        image.os != OsFamily::None || package == "busybox"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn image(name: &str) -> &'static BaseImage {
        catalog::resolve(name).expect("in the catalog").image
    }

    #[test]
    fn the_data_parses_with_a_source_per_family() {
        let data = data().expect("base-programs.json parses");
        for family in [&data.bookworm, &data.trixie, &data.alpine] {
            assert!(!family.source.is_empty() && family.programs.len() > 250, "{}", family.source);
        }
    }

    /// Alpine's busybox provides its applets (aports main/busybox/busyboxconfig:
    /// CONFIG_NSLOOKUP, CONFIG_WGET, CONFIG_PING, CONFIG_NC …), musl-utils
    /// getent and ldd; it has no bash, curl or GNU tools beyond the applets.
    #[test]
    fn alpine_has_busybox_applets_and_musl_utils() {
        let alpine = image("alpine:3.22");
        for program in ["nslookup", "wget", "ping", "nc", "getent", "ldd", "ip", "traceroute", "sh", "apk", "vi"] {
            assert!(has(alpine, program), "{program}");
        }
        for program in ["bash", "curl", "ps2pdf", "apt-get", "perl", "useradd"] {
            assert!(!has(alpine, program), "{program}");
        }
        // busybox's image: the applets, not Alpine's apk or musl-utils.
        let busybox = image("busybox");
        assert!(has(busybox, "wget") && has(busybox, "nslookup"));
        assert!(!has(busybox, "apk") && !has(busybox, "getent"));
    }

    /// Debian's required packages (bookworm: coreutils 9.1, util-linux 2.38,
    /// bash 5.2, dash 0.5.12, passwd, login, mawk …, `dpkg -c`): no procps
    /// (`ps`), no iputils (`ping`), no curl or wget.
    #[test]
    fn debian_has_its_required_packages_programs_only() {
        let slim = image("debian:bookworm-slim");
        for program in ["bash", "dash", "sh", "ls", "awk", "getent", "useradd", "adduser", "findmnt", "sed", "tar"] {
            assert!(has(slim, program), "{program}");
        }
        for program in ["ps", "ping", "curl", "wget", "nslookup", "ip", "less", "vi", "apk"] {
            assert!(!has(slim, program), "{program}");
        }
        // trixie's list is its own: e2fsprogs left the required set.
        let trixie = image("debian:trixie-slim");
        assert!(has(image("debian:bookworm-slim"), "mke2fs") && !has(trixie, "mke2fs"));
        assert!(has(trixie, "sqv") && has(trixie, "getent"));
    }

    #[test]
    fn ubuntu_reads_the_nearest_debian_list_and_others_have_none() {
        assert!(has(image("ubuntu:24.04"), "bash") && !has(image("ubuntu:24.04"), "ps"));
        assert!(of(image("gcr.io/distroless/static-debian12")).is_none());
        assert!(of(image("scratch")).is_none());
    }
}
