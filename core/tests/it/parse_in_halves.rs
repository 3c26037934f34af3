//! The parse in two halves (`syntax::parse_in_halves`, which the CLI runs on
//! two threads for a large file) equals the parse in one go on BuildKit's
//! parser corpora, split at every line start of every file, and at every
//! line start of their concatenation, where files end mid-instruction.

use crate::conformance::corpus_dir;
use layerlab_core::syntax::{self, parse_in_halves, SecondHalf, Shared};

fn corpus_files() -> Vec<String> {
    let mut files = Vec::new();
    for set in ["parser", "parser-negative"] {
        let dir = corpus_dir().join(set);
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path().join("Dockerfile")))
            .filter(|path| path.is_file())
            .collect();
        cases.sort();
        for path in cases {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            files.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    assert!(files.len() > 30, "the parser corpora hold {} files", files.len());
    files
}

/// Splits `text` at every `step`th line start; returns how many splits took
/// the second half.
fn check_splits(text: &str, step: usize) -> usize {
    let source = Shared::new(text.to_owned());
    let whole = syntax::parse_shared(&source);
    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).step_by(step);
    let mut taken = 0;
    for at in starts {
        let halves = parse_in_halves(&source, at, || {
            taken += 1;
            SecondHalf::parse(&source, at)
        });
        assert_eq!(halves, whole, "split at byte {at}");
    }
    taken
}

#[test]
fn every_corpus_file_parses_the_same_split_at_any_line() {
    let taken: usize = corpus_files().iter().map(|text| check_splits(text, 1)).sum();
    assert!(taken > 100, "only {taken} splits took the second half");
}

#[test]
fn the_corpus_concatenated_parses_the_same_split_at_any_line() {
    let text = corpus_files().concat();
    assert!(check_splits(&text, 3) > 100);
}
