//! Which shell a base image's `sh` is, and whether it `exec`s the last
//! command of `sh -c SCRIPT` (so that command, not the shell, is PID 1).
//!
//! - BusyBox ash (Alpine's `/bin/sh`, the busybox image): `ash_main` runs
//!   the script with `evalstring(minusc, EV_EXIT)`, and `evalstring` keeps
//!   EV_EXIT for the command parsed last, which `evalcommand` then runs
//!   without forking unless a trap is set (busybox shell/ash.c,
//!   mirror/busybox 371fe9f7). Checked with BusyBox 1.35: `sh -c 'echo hi;
//!   sleep 3'` leaves `sleep` in the shell's PID; a pipeline or a `trap`
//!   keeps the shell.
//! - Debian's dash (`/bin/sh` of Debian and Ubuntu images): upstream dash
//!   execs the last command since 0.5.7, but Debian backs it out with
//!   debian/patches/0004-SHELL-Disable-sh-c-command-sh-c-exec-command-optimiza.diff
//!   (`evalstring(minusc, 0)`; dash 0.5.7-2, Debian bug #642922), still
//!   applied in bookworm's 0.5.12-2 and trixie's 0.5.12-12: dash stays PID 1
//!   and runs every command as its child. Checked with bookworm's dash:
//!   `dash -c 'sleep 3'` keeps `dash` in its PID with `sleep` as a child.
//!   Ubuntu's dash is built from Debian's source package and its patches.
//! - bash 5.1 and later (5.2 in every catalog image) exec a lone simple
//!   command (`should_suppress_fork`) and the last command of a `;`, `&&`
//!   or `||` list (`can_optimize_connection`, builtins/evalstring.c);
//!   checked with bookworm's bash 5.2.15. The RPM-based families' `sh` is
//!   bash (`OsFamily::is_rpm_based`): Oracle Linux, Red Hat UBI, Amazon Linux.

use super::{BaseImage, OsFamily};

/// A shell, as far as PID 1 is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    BusyboxAsh,
    /// Debian's dash, with Debian's patch against the `-c` exec.
    DebianDash,
    Bash,
}

impl Shell {
    /// Whether the last simple command of `-c SCRIPT` replaces the shell
    /// (when it is not in a pipeline and no trap is set).
    pub fn execs_last_command(self) -> bool {
        match self {
            Shell::BusyboxAsh | Shell::Bash => true,
            Shell::DebianDash => false,
        }
    }

    /// How the tutor names it.
    pub fn name(self) -> &'static str {
        match self {
            Shell::BusyboxAsh => "busybox ash",
            Shell::DebianDash => "dash",
            Shell::Bash => "bash",
        }
    }
}

/// The shell `program` (`sh`, `/bin/sh`, `bash`, `ash`, `dash`) is in
/// `image`; `None` when it is no shell or the image is unknown.
pub fn shell_of(image: Option<&BaseImage>, program: &str) -> Option<Shell> {
    match program.rsplit('/').next().unwrap_or(program) {
        "bash" => Some(Shell::Bash),
        "ash" | "busybox" => Some(Shell::BusyboxAsh),
        "dash" => Some(Shell::DebianDash),
        "sh" => match image?.os {
            OsFamily::Alpine => Some(Shell::BusyboxAsh),
            OsFamily::None if image?.has("busybox") => Some(Shell::BusyboxAsh),
            OsFamily::Debian | OsFamily::Ubuntu => Some(Shell::DebianDash),
            OsFamily::OracleLinux | OsFamily::RedHatUbi | OsFamily::AmazonLinux => Some(Shell::Bash),
            OsFamily::None | OsFamily::Distroless => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn image(name: &str) -> Option<&'static BaseImage> {
        Some(catalog::resolve(name).expect("in the catalog").image)
    }

    #[test]
    fn each_image_family_has_its_own_sh() {
        assert_eq!(shell_of(image("alpine:3.22"), "/bin/sh"), Some(Shell::BusyboxAsh));
        assert_eq!(shell_of(image("busybox"), "sh"), Some(Shell::BusyboxAsh));
        assert_eq!(shell_of(image("python:3.12-slim"), "/bin/sh"), Some(Shell::DebianDash));
        assert_eq!(shell_of(image("ubuntu:24.04"), "sh"), Some(Shell::DebianDash));
        assert_eq!(shell_of(image("mysql"), "sh"), Some(Shell::Bash));
        assert_eq!(shell_of(image("python:3.12-slim"), "bash"), Some(Shell::Bash));
        assert_eq!(shell_of(image("gcr.io/distroless/static-debian12"), "sh"), None);
        assert_eq!(shell_of(None, "python"), None);
        // Debian's patch 0004 keeps dash in front; busybox ash and bash exec.
        assert!(!Shell::DebianDash.execs_last_command());
        assert!(Shell::BusyboxAsh.execs_last_command() && Shell::Bash.execs_last_command());
    }
}
