//! `layerlab-core`: Layerlab's Dockerfile pipeline in pure Rust.
//!
//! The pipeline follows BuildKit's split:
//! [`syntax`] (text → nodes with spans) → [`instructions`] (typed, validated)
//! → [`expansion`] (ARG/ENV and shell words).
//! → [`build`] (layers, cache, sizes) → [`engine`] and [`docker`] (the simulated
//! daemon and its command line) → [`run`]; [`lint`] reads every stage.
//! The app's façade is [`playground`]: the project as data and one call per
//! edit that returns everything the views show; [`analyze`] is the syntax-only
//! view the CLI's `layerlab parse` prints.
//!
//! Architecture invariant: this crate does no I/O, reads no clock and spawns no
//! threads, so it runs unchanged on `wasm32-unknown-unknown`.

pub mod analysis;
pub mod build;
pub mod catalog;
pub mod compose;
pub mod context;
pub mod diagnostic;
pub mod docker;
pub mod engine;
pub mod examples;
pub mod expansion;
pub mod highlight;
pub mod instructions;
pub mod json;
pub mod layers;
pub mod lint;
pub mod playground;
pub mod quote;
pub mod run;
pub mod shell;
pub mod sort;
pub mod span;
mod suggest;
pub mod syntax;
pub mod units;
pub mod versions;

pub use analysis::{analyze, Analysis, ArgView, InstructionView, StageView};
pub use diagnostic::{Diagnostic, Severity};
pub use span::{LineCol, LineIndex, Span};
