//! What the docker tests share: the clock they start at, and running a
//! line against an engine and a host (`ok` also requires it to succeed).

use super::{execute, Engine, MemoryHost, Output};

/// The simulated clock's start for every docker test (2026-11-18).
pub(super) const T0: u64 = 1_795_000_000;

/// Runs `line` at `T0`.
pub(super) fn run(engine: &mut Engine, host: &mut MemoryHost, line: &str) -> Output {
    run_at(engine, host, line, T0)
}

/// Runs `line` at `now`.
pub(super) fn run_at(engine: &mut Engine, host: &mut MemoryHost, line: &str, now: u64) -> Output {
    execute(engine, line, host, now)
}

/// Runs `line` at `T0` and fails the test unless it exits 0.
pub(super) fn ok(engine: &mut Engine, host: &mut MemoryHost, line: &str) -> Output {
    let out = run(engine, host, line);
    assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    out
}
