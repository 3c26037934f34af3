//! The directories every Linux base image has. The catalog gives base images
//! sizes and configs, not file lists, so without this a `RUN echo x >
//! /tmp/f` or `cd /etc` on `python:3.12-slim` would fail as if the image
//! were empty. These are the Filesystem Hierarchy Standard's directories,
//! present in Debian, Ubuntu, Alpine and the distroless images alike (each
//! image's root listing: `docker run --rm IMAGE ls /`, and distroless's
//! `base` package tree). `scratch` has none of them.

use super::exec::Sh;

const STANDARD_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/lib",
    "/usr/sbin",
    "/usr/share",
    "/var",
    "/var/cache",
    "/var/lib",
    "/var/log",
    "/var/tmp",
];

/// Whether `path` is one of the standard directories `image` has (none for `scratch`).
pub(crate) fn is_standard_dir(image: &crate::catalog::BaseImage, path: &str) -> bool {
    image.repository != "scratch" && STANDARD_DIRS.contains(&path)
}

impl Sh<'_, '_, '_, '_> {
    /// Whether `path` is a directory: one the build's layers hold, or a
    /// standard directory of the base image that no layer replaced.
    pub(super) fn is_dir(&self, path: &str) -> bool {
        match self.exec.writer.get(path) {
            Some(entry) => entry.is_dir(),
            None => self.facts.image.repository != "scratch" && STANDARD_DIRS.contains(&path),
        }
    }
}
