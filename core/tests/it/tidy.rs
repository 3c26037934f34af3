//! The code's house rules, checked: every Rust source file of the workspace
//! opens with a `//!` comment saying what it is for, and no file but tests
//! and data tables grows past 600 lines (split it along its seams instead).

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | "dist" | "node_modules" | ".git") {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn workspace_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for crate_dir in ["core", "lessons", "cli", "app", "tests", "xtask"] {
        rust_files(&root.join(crate_dir), &mut files);
    }
    assert!(files.len() > 100, "the walk found the workspace ({} files)", files.len());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let shown = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            (shown, text)
        })
        .collect()
}

/// Tests (a `tests.rs`, a `tests/` directory) and data tables (`data` in the
/// file name) may be long: they are read row by row, not as a design.
fn may_be_long(path: &str) -> bool {
    path.ends_with("/tests.rs") || path.contains("/tests/") || path.contains("data")
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let missing: Vec<String> = workspace_files()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(missing.is_empty(), "files without a `//!` header: {missing:#?}");
}

#[test]
fn no_source_file_but_tests_and_data_is_over_600_lines() {
    let long: Vec<String> = workspace_files()
        .into_iter()
        .filter(|(path, text)| !may_be_long(path) && text.lines().count() > MAX_LINES)
        .map(|(path, text)| format!("{path}: {} lines", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these along their seams: {long:#?}");
}
