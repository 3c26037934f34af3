//! Command lookup: which commands an image's `PATH` holds (its userland,
//! package manager, and what earlier steps installed), and the "not found"
//! error each shell prints.

use super::exec::{Sh, ShellKind};
use crate::catalog::{BaseImage, PackageManager};
use crate::layers::Kind;

/// The RPM-based families' userland has no list in `catalog::programs`: these
/// are the coreutils, findutils, gawk, grep, sed, tar, gzip, util-linux,
/// shadow-utils and glibc-common programs scripts use, a short list kept until
/// one is generated. First written for Oracle Linux (the mysql image's microdnf
/// base); every one of those packages is in the rpm lists docker-library/repo-info
/// prints for eclipse-temurin's UBI 9 image and maven's Amazon Linux 2023 image
/// (repos/eclipse-temurin/local/21.0.12_8-jdk-ubi9-minimal.md @ 6cffddb0,
/// repos/maven/local/3.9.16-amazoncorretto-21-al2023.md @ 01f20916).
const RPM_USERLAND: &[&str] = &[
    "sh",
    "bash",
    "cat",
    "ls",
    "mkdir",
    "rm",
    "rmdir",
    "cp",
    "mv",
    "ln",
    "chmod",
    "chown",
    "chgrp",
    "touch",
    "echo",
    "printf",
    "test",
    "[",
    "true",
    "false",
    "sed",
    "grep",
    "find",
    "head",
    "tail",
    "sort",
    "uniq",
    "wc",
    "tee",
    "xargs",
    "env",
    "id",
    "whoami",
    "sleep",
    "date",
    "tar",
    "gzip",
    "gunzip",
    "mktemp",
    "basename",
    "dirname",
    "uname",
    "du",
    "df",
    "cut",
    "tr",
    "awk",
    "readlink",
    "realpath",
    "stat",
    "kill",
    "pwd",
    "su",
    "expr",
    "seq",
    "yes",
    "md5sum",
    "sha256sum",
    "useradd",
    "groupadd",
    "usermod",
    "getent",
];

/// Whether a command name is on the `PATH` of a catalog image as published
/// (its userland, package manager and notable tools). The container model
/// (`engine::containers::process`) asks the same question for `docker run`.
pub(crate) fn base_has_command(image: &BaseImage, name: &str) -> bool {
    if image.has(name) || crate::catalog::programs::has(image, name) {
        return true;
    }
    let os = image.os.is_rpm_based() && RPM_USERLAND.contains(&name);
    let pm = match image.package_manager {
        Some(PackageManager::Apt) => matches!(name, "apt-get" | "apt" | "apt-cache" | "apt-config" | "apt-key"),
        Some(PackageManager::Apk) => name == "apk",
        Some(PackageManager::Microdnf) => name == "microdnf",
        // dnf 4 installs `dnf` and `yum` as links to `dnf-3`.
        Some(PackageManager::Dnf) => matches!(name, "dnf" | "yum" | "dnf-3"),
        None => false,
    };
    os || pm
}

impl Sh<'_, '_, '_, '_> {
    /// True when `name` runs in this container now.
    pub fn has_command(&self, name: &str) -> bool {
        if name.contains('/') {
            return self.exec.writer.get(&self.abs(name)).is_some_and(|e| matches!(e.kind, Kind::File { .. }));
        }
        if self.out.removed.iter().any(|r| r == name) {
            return false;
        }
        self.out.installed.iter().any(|c| c == name)
            || self.facts.installed.contains(name)
            || base_has_command(self.facts.image, name)
    }

    /// The shell's error when a command is missing.
    pub fn not_found_message(&self, name: &str) -> String {
        match self.kind {
            // Verified: `/bin/sh: 1: apt-get update: not found` (QT-DevOps/DevOpsIssues#727).
            ShellKind::Dash => format!("{}: {}: {name}: not found", self.sh_name, self.line),
            // Verified: `/bin/sh: apt-get: not found`, exit 127 (pemtajo/badge-readme#34, ente/ente#6579).
            ShellKind::Ash => format!("{}: {name}: not found", self.sh_name),
            // UNVERIFIED for the RPM families' bash-as-sh; bash 5 with -c prints `line N:`.
            ShellKind::Bash => format!("{}: line {}: {name}: command not found", self.sh_name, self.line),
        }
    }
}
