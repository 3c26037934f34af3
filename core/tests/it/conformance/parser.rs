//! BuildKit's parser corpus: every `parser/NAME/Dockerfile` must dump to
//! exactly `result`; every `parser-negative/NAME/Dockerfile` must fail with a
//! located error.

use super::Tally;
use layerlab_core::{analyze, syntax};
use std::path::Path;

fn case_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases in {}", dir.display());
    dirs
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

pub fn run_positive(root: &Path) -> Tally {
    let mut tally = Tally::new("parser");
    for dir in case_dirs(&root.join("parser")) {
        tally.total += 1;
        let source = read(&dir.join("Dockerfile"));
        let expected = read(&dir.join("result"));
        let parsed = syntax::parse(&source);
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !parsed.errors.is_empty() {
            tally.failures.push(format!("parser/{name}: unexpected errors {:?}", parsed.errors));
            continue;
        }
        let got = syntax::dump(&parsed.nodes);
        if got == expected {
            tally.passed += 1;
        } else {
            tally.failures.push(format!("parser/{name}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    tally
}

pub fn run_negative(root: &Path) -> Tally {
    let mut tally = Tally::new("parser-negative");
    for dir in case_dirs(&root.join("parser-negative")) {
        tally.total += 1;
        let source = read(&dir.join("Dockerfile"));
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let analysis = analyze(&source);
        let syntax_failed = !syntax::parse(&source).errors.is_empty();
        match analysis.diagnostics.iter().find(|d| d.severity == layerlab_core::Severity::Error) {
            Some(d) if syntax_failed && d.start.line >= 1 && d.start.col >= 1 => tally.passed += 1,
            Some(d) => tally.failures.push(format!("parser-negative/{name}: error is not the parser's: {d:?}")),
            None => tally.failures.push(format!("parser-negative/{name}: accepted")),
        }
    }
    tally
}
