//! Runs the upstream conformance corpora vendored in `core/tests/conformance/`
//! (`LAYERLAB_CONFORMANCE` overrides the path). A missing folder fails loudly,
//! and so does a corpus whose size or list of skipped cases is not the one
//! written down here: a case can neither vanish nor be skipped silently.

use std::io::Write;
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

/// The outcome of running one corpus. `total` counts every case, skipped
/// ones included; `skipped` holds each skipped case with the reason.
pub struct Tally {
    pub name: &'static str,
    pub passed: usize,
    pub total: usize,
    pub skipped: Vec<(String, String)>,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn new(name: &'static str) -> Tally {
        Tally { name, passed: 0, total: 0, skipped: Vec::new(), failures: Vec::new() }
    }

    /// `lint 87/88, 1 skipped: 088 needs a registry`.
    fn summary(&self) -> String {
        let mut line = format!("{} {}/{}", self.name, self.passed, self.total);
        if !self.skipped.is_empty() {
            let cases: Vec<String> = self.skipped.iter().map(|(case, why)| format!("{case} {why}")).collect();
            line.push_str(&format!(", {} skipped: {}", self.skipped.len(), cases.join(", ")));
        }
        line
    }
}

/// What each corpus holds, counted by hand from the vendored files (see the
/// README there): its cases, and the ones we skip with the reason.
struct Expected {
    name: &'static str,
    total: usize,
    skipped: &'static [(&'static str, &'static str)],
}

const EXPECTED: &[Expected] = &[
    // parser/*/ and parser-negative/*/: one case per directory.
    Expected { name: "parser", total: 33, skipped: &[] },
    Expected { name: "parser-negative", total: 4, skipped: &[] },
    // envVarTest's 230 case lines (2 of them Windows-only) and wordsTest's 24.
    Expected {
        name: "shell",
        total: 254,
        skipped: &[("envVarTest:25", "is Windows-only"), ("envVarTest:94", "is Windows-only")],
    },
    // cases.tsv's rows and readall.json's entries.
    Expected { name: "dockerignore", total: 138, skipped: &[] },
    Expected { name: "cmd-entrypoint", total: 9, skipped: &[] },
    // lint/cases/*/: 088 pushes an image for another platform to a test registry first.
    Expected { name: "lint", total: 88, skipped: &[("088", "needs a registry")] },
    // compose/template.tsv's rows: compose-go template_test.go's cases.
    Expected {
        name: "compose-template",
        total: 73,
        skipped: &[
            ("TestLazyRequiredMessageDoesNotWarn", "uses its own mapping (A=value) and checks logrus warnings"),
            ("TestSubstituteWithCustomFunc", "passes a Go substitution callback"),
            ("TestSubstituteWithReplacementAppliedFunc", "passes a Go replacement callback"),
            (
                "TestSubstitutionFunctionChoice",
                "calls an unexported Go function (the choice is covered by TestPrecedence)",
            ),
        ],
    },
    // compose/loader.txt's cases and using-variables.yaml.
    Expected { name: "compose-loader", total: 38, skipped: &[] },
];

mod cmd_entrypoint;
mod compose;
mod dockerignore;
mod lint;
mod parser;
mod shell;

/// Every corpus, each run once, with one summary line, e.g.
/// `conformance: parser 33/33; …; lint 87/88, 1 skipped: 088 needs a registry`.
///
/// The line goes to stderr through `std::io::stderr()` directly, not
/// `eprintln!`: the test harness captures only the print macros, so the
/// counts reach the log of a plain `cargo test` run without running the
/// corpora a second time under `--nocapture`.
#[test]
fn conformance_corpora() {
    let root = corpus_dir();
    let tallies = [
        parser::run_positive(&root),
        parser::run_negative(&root),
        shell::run(&root),
        dockerignore::run(&root),
        cmd_entrypoint::run(&root),
        lint::run(&root),
        compose::run_template(&root),
        compose::run_loader(&root),
    ];
    let summary: Vec<String> = tallies.iter().map(Tally::summary).collect();
    let mut report = format!("conformance: {}\n", summary.join("; "));
    for failure in tallies.iter().flat_map(|t| &t.failures) {
        report.push_str(&format!("FAILED {failure}\n"));
    }
    let _ = std::io::stderr().write_all(report.as_bytes());

    let failed: usize = tallies.iter().map(|t| t.failures.len()).sum();
    assert_eq!(failed, 0, "{failed} conformance case(s) failed (see above)");
    let names: Vec<&str> = tallies.iter().map(|t| t.name).collect();
    let expected_names: Vec<&str> = EXPECTED.iter().map(|e| e.name).collect();
    assert_eq!(names, expected_names);
    for (tally, expected) in tallies.iter().zip(EXPECTED) {
        let skipped: Vec<(&str, &str)> = tally.skipped.iter().map(|(c, w)| (c.as_str(), w.as_str())).collect();
        assert_eq!(
            (tally.total, skipped.as_slice()),
            (expected.total, expected.skipped),
            "{}: the corpus's size or skip list changed",
            tally.name
        );
        assert_eq!(tally.passed, expected.total - expected.skipped.len(), "{}", tally.summary());
    }
}
