//! The lessons compiled at build time: `build.rs` reads and validates
//! `content/` and writes Rust code that constructs each lesson (see
//! `build/bake.rs`), included here with the few helpers it calls.

use crate::goals::Predicate;
use crate::markdown::Markdown;
use crate::model::{Choice, Edit, Example, Exercise, Goal, Lesson, ProjectSpec, SetupStep, Task};
use crate::parse::LoadError;
use std::collections::BTreeMap;

fn s(text: &str) -> String {
    text.to_owned()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (s(k), s(v))).collect()
}

/// Markdown the build script already read without error; should it fail
/// here anyway, the text stays, shown as one paragraph.
fn md(source: &str) -> Markdown {
    Markdown::parse(source).unwrap_or_else(|_| Markdown {
        source: s(source),
        blocks: vec![crate::markdown::Block::Paragraph { text: s(source) }],
    })
}

include!(concat!(env!("OUT_DIR"), "/baked.rs"));
