//! Compiles the lessons at build time. It reads every lesson file of
//! `content/` with the crate's own reader (`src/parse.rs` and the modules it
//! needs, included below: none of them uses the core), and writes two files
//! to `$OUT_DIR`:
//! - `lessons.rs`: a table of (file name, `include_str!`) in file-name order,
//!   for [`files`](crate::files) and `layerlab lessons check`;
//! - `baked.rs`: the validated lessons as Rust code that constructs them (or
//!   the errors found), which `load_all` returns, so nothing parses TOML at
//!   run time and the `toml` crate stays out of the app's wasm.
//!
//! Adding a lesson needs no code change.

// The library's modules, compiled here for part of their use; items public
// there are private here, which clippy judges by other rules.
#![allow(dead_code, clippy::enum_variant_names)]

use std::{env, fs, path::PathBuf};

#[path = "build/bake.rs"]
mod bake;
#[path = "src/edit.rs"]
#[rustfmt::skip] // formatted as the library's module
mod edit;
#[path = "src/markdown.rs"]
#[rustfmt::skip] // formatted as the library's module
mod markdown;
#[path = "src/model.rs"]
#[rustfmt::skip] // formatted as the library's module
mod model;
#[path = "src/parse.rs"]
#[rustfmt::skip] // formatted as the library's module
mod parse;
#[path = "src/goals/predicate.rs"]
#[rustfmt::skip] // formatted as the library's module
mod predicate;
mod goals {
    pub use super::predicate::{Predicate, Scope};
}

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("content");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("lessons/content exists")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    let mut table =
        String::from("/// Every lesson file: its name and its text.\npub static FILES: &[(&str, &str)] = &[\n");
    let mut files = Vec::new();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        table.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
        files.push((name.clone(), fs::read_to_string(&path).expect("a lesson file is UTF-8 text")));
    }
    table.push_str("];\n");
    let loaded = parse::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    if let Err(errors) = &loaded {
        // Still a build: `load_all` returns these, and `lessons check` says them too.
        for e in errors {
            println!("cargo:warning={e}");
        }
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("lessons.rs"), table).expect("OUT_DIR is writable");
    fs::write(out.join("baked.rs"), bake::module(&loaded)).expect("OUT_DIR is writable");
}
