//! Black-box tests of the `layerlab` binary: what a script or a teacher sees.

mod build;
mod build_mounts;
mod compose;
mod compose_config;
mod engine;
mod lessons;
mod lint;
mod parse;
mod registry;
mod run;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A state file no other invocation uses (each test starts from an empty daemon).
pub fn fresh_state() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("layerlab-state-{}-{n}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// Runs `layerlab ARGS` with `stdin` piped in, on a fresh state file unless
/// ARGS name one, at a fixed clock (`LAYERLAB_NOW`) so outputs are reproducible.
pub fn layerlab(args: &[&str], stdin: &str) -> Output {
    layerlab_at(T0, args, stdin)
}

/// The clock the tests run at (2026-11-18).
pub const T0: u64 = 1_795_000_000;

/// [`layerlab`] at another time: `CREATED` columns count from it.
pub fn layerlab_at(now: u64, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_layerlab"));
    if !args.contains(&"--state") {
        command.env("LAYERLAB_STATE", fresh_state());
    }
    let mut child = command
        .env("LAYERLAB_NOW", now.to_string())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the layerlab binary runs");
    child.stdin.take().expect("stdin is piped").write_all(stdin.as_bytes()).expect("stdin accepts input");
    child.wait_with_output().expect("layerlab finishes")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
