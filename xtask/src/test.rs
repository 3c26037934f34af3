//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::{cmd, tools};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const APT_INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";

pub fn run(root: &Path) -> Result<()> {
    let started = Instant::now();
    tools::ensure(root)?;
    ensure_browser()?;

    let wasm = "wasm32-unknown-unknown";
    step("cargo fmt --check", cmd::cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "clippy (native, all targets)",
        cmd::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    // The wasm32 build sees code the native one cfg's out (core/tests/wasm.rs).
    step(
        "clippy (wasm32: app, core's wasm tests)",
        cmd::cargo().args([
            "clippy",
            "-p",
            "layerlab-app",
            "-p",
            "layerlab-core",
            "--lib",
            "--bins",
            "--test",
            "wasm",
            "--target",
            wasm,
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The conformance corpora run here, once: their summary line (exact
    // totals and the skip list) is written past the harness's capture, so it
    // shows in this step's log (core/tests/it/conformance/mod.rs).
    step(
        "clippy (wasm32: lessons)",
        cmd::cargo().args(["clippy", "-p", "layerlab-lessons", "--lib", "--target", wasm, "--", "-D", "warnings"]),
    )?;
    step(
        "cargo test (native, every crate but the browser tests)",
        cmd::cargo().args(["test", "--workspace", "--exclude", "layerlab-tests"]),
    )?;
    step(
        "core tests on wasm32 (wasm-bindgen-test-runner, Node)",
        cmd::cargo()
            .args(["test", "-p", "layerlab-core", "--target", wasm, "--test", "wasm"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner"),
    )?;
    step("trunk build --release (into dist/)", cmd::new("trunk").args(["build", "--release"]))?;
    step(
        "browser tests (headless Chromium)",
        cmd::cargo()
            .args(["test", "-p", "layerlab-tests"])
            .env("LAYERLAB_DIST", root.join("dist"))
            .env("LAYERLAB_CHROMIUM", CHROMIUM)
            .env("LAYERLAB_CHROMEDRIVER", CHROMEDRIVER),
    )?;

    println!("\n==> all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

fn step(title: &str, command: &mut std::process::Command) -> Result<()> {
    cmd::header(title);
    let started = Instant::now();
    cmd::run(command)?;
    println!("    ({title}: {:.1?})", started.elapsed());
    Ok(())
}

/// Chromium and chromedriver from Debian; never a downloaded browser.
fn ensure_browser() -> Result<()> {
    cmd::header("ensure Chromium and chromedriver");
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("{CHROMIUM}, {CHROMEDRIVER}: ready");
        return Ok(());
    }
    let uid = cmd::output(cmd::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        bail!("Chromium or chromedriver is missing. Install them as root:\n  sudo sh -c '{APT_INSTALL}'");
    }
    cmd::run(cmd::new("sh").args(["-c", APT_INSTALL]))
}
