//! Runs the external conformance corpora in `../shared/conformance/`
//! (`LAYERLAB_CONFORMANCE` overrides the path). A missing folder fails loudly.

use std::path::PathBuf;

/// The corpus root. Panics with a clear message when it is missing: a silent
/// skip would make a green run meaningless.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("LAYERLAB_CONFORMANCE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"),
    };
    assert!(
        dir.is_dir(),
        "conformance corpus not found at {}: check out `shared/` beside the repository or set LAYERLAB_CONFORMANCE",
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
