//! Runs the upstream conformance corpora vendored in `core/tests/conformance/`
//! (`LAYERLAB_CONFORMANCE` overrides the path). A missing folder fails loudly.

use std::path::PathBuf;

/// The corpus root. Panics with a clear message when it is missing: a silent
/// skip would make a green run meaningless.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("LAYERLAB_CONFORMANCE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance"),
    };
    assert!(
        dir.is_dir(),
        "conformance corpus not found at {}: the corpora are vendored in core/tests/conformance; set LAYERLAB_CONFORMANCE to use another copy",
        dir.display()
    );
    dir
}

/// The outcome of running one corpus.
pub struct Tally {
    pub name: &'static str,
    pub passed: usize,
    pub total: usize,
    pub failures: Vec<String>,
}

mod cmd_entrypoint;
mod dockerignore;
mod lint;
mod parser;
mod shell;

/// Every corpus the core passes so far, with one summary line, e.g.
/// `conformance: parser 33/33, parser-negative 4/4, shell 252/252, dockerignore 138/138, cmd-entrypoint 9/9`.
#[test]
fn conformance_corpora() {
    let root = corpus_dir();
    let tallies = [
        parser::run_positive(&root),
        parser::run_negative(&root),
        shell::run(&root),
        dockerignore::run(&root),
        cmd_entrypoint::run(&root),
    ];
    let summary: Vec<String> = tallies.iter().map(|t| format!("{} {}/{}", t.name, t.passed, t.total)).collect();
    println!("conformance: {}", summary.join(", "));
    let failures: Vec<&String> = tallies.iter().flat_map(|t| &t.failures).collect();
    for failure in &failures {
        println!("FAILED {failure}");
    }
    assert!(failures.is_empty(), "{} conformance case(s) failed (see above)", failures.len());
    assert!(tallies.iter().all(|t| t.total > 0 && t.passed == t.total));
}
