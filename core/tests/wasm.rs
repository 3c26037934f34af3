//! The core's façade on `wasm32-unknown-unknown`, where the app runs it.
//!
//! Guards the invariant that core reads no clock and does no I/O: on wasm32
//! `SystemTime::now` and friends panic, so any such call fails these tests.
//! Run by `cargo xtask test` under `wasm-bindgen-test-runner` (Node).
//! Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use layerlab_core::{analyze, Severity};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn two_instructions_no_errors() {
    let analysis = analyze("FROM alpine\nRUN echo hi\n");
    assert_eq!(analysis.instructions.len(), 2);
    assert_eq!(analysis.instructions[0].keyword, "FROM");
    assert_eq!(analysis.instructions[1].keyword, "RUN");
    assert_eq!(analysis.stages.len(), 1);
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
}

#[wasm_bindgen_test]
fn copy_with_one_argument_is_an_error_on_its_line() {
    let analysis = analyze("FROM alpine\nCOPY onlyone\n");
    assert_eq!(analysis.instructions.len(), 2);
    let error = analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error for COPY with one argument");
    assert_eq!(error.start.line, 2);
    assert!(error.start.col >= 1);
}

#[wasm_bindgen_test]
fn multi_stage_with_continuation() {
    let source = "FROM rust:1.85 AS build\nRUN cargo build \\\n    --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
    let analysis = analyze(source);
    assert_eq!(analysis.instructions.len(), 5);
    assert_eq!(analysis.stages.len(), 2);
    assert_eq!(analysis.stages[0].name.as_deref(), Some("build"));
    let run = &analysis.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 3));
    assert_eq!(analysis.instructions[4].stage, Some(1));
    assert!(analysis.instructions[4].json);
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
}

#[wasm_bindgen_test]
fn arbitrary_text_does_not_panic() {
    // Garbage and an unterminated continuation must yield diagnostics, not a panic.
    let analysis = analyze("\u{feff}NOTANINSTRUCTION x\nFROM\nRUN a \\");
    assert!(analysis.has_errors());
}
