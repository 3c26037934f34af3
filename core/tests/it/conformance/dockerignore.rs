//! Docker's `.dockerignore` cases (moby/patternmatcher's tests): matching,
//! and reading a file into patterns.

use super::Tally;
use layerlab_core::context::{read_patterns, Dockerignore};
use std::path::Path;

pub fn run(root: &Path) -> Tally {
    let mut tally = Tally::new("dockerignore");
    let dir = root.join("dockerignore");
    let cases = std::fs::read_to_string(dir.join("cases.tsv")).expect("dockerignore/cases.tsv is readable");
    for (n, line) in cases.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        tally.total += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let [patterns, path, expected, ..] = fields.as_slice() else {
            tally.failures.push(format!("cases.tsv:{}: malformed line", n + 1));
            continue;
        };
        let patterns: Vec<String> = serde_json::from_str(patterns).expect("patterns are a JSON array");
        let got = match Dockerignore::from_patterns(&patterns) {
            Err(_) => "error",
            Ok(ignore) if ignore.is_ignored(path) => "ignored",
            Ok(_) => "kept",
        };
        if got == *expected {
            tally.passed += 1;
        } else {
            tally.failures.push(format!("cases.tsv:{}: {patterns:?} {path}: expected {expected}, got {got}", n + 1));
        }
    }
    let readall = std::fs::read_to_string(dir.join("readall.json")).expect("dockerignore/readall.json is readable");
    let readall: Vec<serde_json::Value> = serde_json::from_str(&readall).expect("readall.json is JSON");
    for case in readall {
        tally.total += 1;
        let text = case["text"].as_str().unwrap_or_default();
        let expected: Vec<String> = serde_json::from_value(case["patterns"].clone()).expect("patterns are strings");
        let got: Vec<String> = read_patterns(text).into_iter().map(|(p, _)| p).collect();
        if got == expected {
            tally.passed += 1;
        } else {
            tally.failures.push(format!("readall.json: expected {expected:?}, got {got:?}"));
        }
    }
    tally
}
