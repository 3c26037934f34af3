//! What a `RUN` does to the filesystem: a small shell model over the layer
//! [`Writer`], with models for the commands that decide image size and
//! correctness. Nothing is ever run; file changes are recorded in the layer,
//! and the build log lines, exit code and a deterministic duration come back
//! in an [`Outcome`].
//!
//! - [`parse`]: the `sh -c` script syntax (and what is refused as "not simulated").
//! - [`exec`]: the interpreter: `&&`, `||`, `;`, pipes, redirections;
//!   [`builtins`] (`cd`, `set -e/-x/-o pipefail`), [`expand`] (variables,
//!   globs), [`lookup`] (what is on the `PATH`, "not found" errors).
//! - [`apt`], [`apk`], [`pip`], [`npm`], [`build`] (go, mvn), [`files`]
//!   (mkdir, cp, chown, curl, tar…), [`users`] (useradd, adduser): the models.
//! - [`packages`]: the size data; [`markers`]: PEP 508 requirements and
//!   environment markers, evaluated for the image's Python.
//!
//! Data sources (`core/data/packages.json`; each section's `method` field says
//! how, each entry its source and date). The Debian, pip and npm tables are
//! rebuilt by `python3 tools/packages/generate.py` (see its README):
//! - Debian: `apt-cache show` Installed-Size, Depends and Recommends on the
//!   bookworm lists; the closure over debian:bookworm-slim (88 packages per
//!   `docker-library/repo-info repos/debian/local/bookworm-slim.md
//!   @ 321a824e8fd6c5a8a1291b74697c33ecb0fb81be`) is walked here;
//!   `/var/lib/apt/lists` size measured after `apt-get update` (2026-11-23).
//! - pip: PyPI's JSON API, the wheel for CPython 3.12 linux x86_64: its size,
//!   the sum of its RECORD sizes, its Requires-Dist with markers.
//! - npm: the npm registry's manifests; sizes summed from each tarball.
//! - Alpine: `apk info` installed sizes from docker-library/repo-info local files (2026-11-23).
//! - Go binaries, Maven, the apk index, downloads: not measured; estimates in
//!   [`packages`], and the log says "estimated".
//!
//! Messages whose exact wording was not checked against the real tool carry an
//! `UNVERIFIED` comment where they are produced.

mod apk;
mod apt;
mod apt_install_log;
mod base_fs;
mod build;
mod builtins;
mod exec;
mod expand;
mod files;
mod lookup;
pub mod markers;
mod npm;
pub mod packages;
pub mod parse;
mod pip;
mod pip_log;
mod pip_order;
mod pip_req;
mod pip_resolve;
mod users;

pub(crate) use base_fs::is_standard_dir;
pub(crate) use lookup::base_has_command;

#[cfg(test)]
mod tests;

use crate::catalog::BaseImage;
use crate::layers::Writer;
use std::collections::BTreeSet;

/// What the engine knows about the stage when a `RUN` starts.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The stage's base image.
    pub image: &'a BaseImage,
    /// Commands available now: the base's `installed` plus what earlier `RUN`s installed.
    pub installed: &'a BTreeSet<String>,
    /// The `USER` the command runs as (`root` when unset).
    pub user: &'a str,
    /// Users that exist (from the base and earlier `RUN`s).
    pub users: &'a BTreeSet<String>,
}

/// Reads a small text file of the build context (`requirements.txt`,
/// `package.json`) by its path in the image; `None` when unknown.
pub type Contents<'c> = &'c dyn Fn(&str) -> Option<String>;

/// The running step: the layer being written and the process environment.
pub struct Exec<'a, 'w> {
    pub writer: &'w mut Writer<'a>,
    /// The `WORKDIR` (absolute).
    pub workdir: String,
    /// `ENV` and `ARG` values visible to the command.
    pub env: Vec<(String, String)>,
    /// The `SHELL` instruction's value; empty means the default `["/bin/sh", "-c"]`.
    pub shell: Vec<String>,
    /// Contents of small text files copied from the build context.
    pub contents: Option<Contents<'w>>,
    /// `RUN --network=none`: commands that download fail as they would offline.
    pub offline: bool,
}

impl<'a, 'w> Exec<'a, 'w> {
    pub fn new(writer: &'w mut Writer<'a>, workdir: &str) -> Exec<'a, 'w> {
        Exec {
            writer,
            workdir: workdir.to_string(),
            env: Vec::new(),
            shell: Vec::new(),
            contents: None,
            offline: false,
        }
    }
}

/// What a `RUN` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The exit status of the script (127: not found; the step fails when non-zero).
    pub exit_code: i32,
    /// Lines as the build log would show them.
    pub log: Vec<String>,
    /// Commands now available (to add to [`Facts::installed`] for later steps).
    pub installed: Vec<String>,
    /// Commands no longer available (`apt-get purge`, `apk del`).
    pub removed: Vec<String>,
    pub users_added: Vec<String>,
    /// Commands (or shell syntax) run without a model: no filesystem change is assumed for them.
    pub not_simulated: Vec<String>,
    /// Figures that are assumptions rather than data (downloads, unknown packages).
    pub estimated: Vec<String>,
    /// Set when the process could not start at all (no `/bin/sh`, exec form
    /// with a missing binary): runc's message, which BuildKit shows after
    /// `process "…" did not complete successfully:`.
    pub failed_to_start: Option<String>,
    /// Deterministic simulated duration in seconds.
    pub seconds: f64,
}

/// Runs a shell-form `RUN` script.
pub fn run_shell(script: &str, exec: &mut Exec, facts: &Facts) -> Outcome {
    exec::run_script(script, exec, facts)
}

/// Runs an exec-form `RUN ["cmd", "arg"]`: no shell, no expansion.
pub fn run_exec(argv: &[String], exec: &mut Exec, facts: &Facts) -> Outcome {
    exec::run_argv(argv, exec, facts)
}
