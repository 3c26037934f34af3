//! Command lookup: which commands an image's `PATH` holds (its userland,
//! package manager, and what earlier steps installed), and the "not found"
//! error each shell prints.

use super::exec::{Sh, ShellKind};
use crate::catalog::{BaseImage, OsFamily, PackageManager};
use crate::layers::Kind;

const COMMON: &[&str] = &[
    "sh",
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
    "which",
    "pwd",
    "su",
    "expr",
    "seq",
    "yes",
    "md5sum",
    "sha256sum",
];
const DEBIAN: &[&str] = &[
    "bash",
    "dash",
    "dpkg",
    "dpkg-query",
    "useradd",
    "groupadd",
    "usermod",
    "userdel",
    "groupdel",
    "adduser",
    "addgroup",
    "deluser",
    "delgroup",
    "login",
    "passwd",
    "perl",
    "zcat",
    "debconf-set-selections",
];
const BUSYBOX: &[&str] = &[
    "ash", "wget", "adduser", "addgroup", "deluser", "delgroup", "unzip", "vi", "ps", "top", "ping", "nc", "passwd",
    "zcat", "less", "ifconfig", "netstat", "hostname",
];

/// Whether a command name is on the `PATH` of a catalog image as published
/// (its userland, package manager and notable tools). The container model
/// (`engine::containers::process`) asks the same question for `docker run`.
pub(crate) fn base_has_command(image: &BaseImage, name: &str) -> bool {
    if image.has(name) {
        return true;
    }
    let os = match image.os {
        OsFamily::Debian | OsFamily::Ubuntu => DEBIAN.contains(&name),
        OsFamily::Alpine | OsFamily::None => image.has("busybox") && BUSYBOX.contains(&name),
        OsFamily::OracleLinux => matches!(name, "bash" | "useradd" | "groupadd" | "usermod"),
        OsFamily::Distroless => false,
    };
    let pm = match image.package_manager {
        Some(PackageManager::Apt) => matches!(name, "apt-get" | "apt" | "apt-cache" | "apt-config" | "apt-key"),
        Some(PackageManager::Apk) => name == "apk",
        Some(PackageManager::Microdnf) => name == "microdnf",
        None => false,
    };
    let common = image.shell.is_some() && COMMON.contains(&name);
    os || pm || common
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
            // UNVERIFIED for Oracle Linux's bash-as-sh; bash 5 with -c prints `line N:`.
            ShellKind::Bash => format!("{}: line {}: {name}: command not found", self.sh_name, self.line),
        }
    }
}
