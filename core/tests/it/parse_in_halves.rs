//! The parse in two halves (`syntax::parse_in_halves`, which the CLI runs on
//! two threads for a large file) equals the parse in one go: split at every
//! line start of texts whose lines carry meaning into the next (by hand and
//! by proptest), of every file of BuildKit's parser corpora, and of their
//! concatenation, where files end mid-instruction.

use crate::conformance::corpus_dir;
use layerlab_core::syntax::{self, parse_in_halves, split_point, SecondHalf, Shared};
use proptest::prelude::*;

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

#[test]
fn a_split_inside_what_a_line_carries_on_falls_back_to_one_reader() {
    // Each text has a line that looks like an instruction but is read
    // as part of the one before it: a continuation (also across a
    // comment and a blank line), a heredoc body, comments for the next
    // instruction, and lines read under the backtick escape.
    for text in [
        "FROM a\nRUN echo \\\n\nRUN b\nCMD c\n",
        "FROM a\nRUN echo \\\n# note\nRUN b\n",
        "FROM a\nRUN <<EOF\n\nRUN b\nEOF\nCMD c\n",
        "FROM a\n# for b\n\nRUN b\n#\nRUN c\n",
        "# escape=`\nFROM a\nRUN echo `\n\nRUN b\n",
        "\u{feff}# escape=`\r\nFROM a\r\n\r\nRUN b `\r\nc\r\n",
        "# syntax=x\n\nFROM a\n",
        "",
        "\n\n",
    ] {
        // Both ways are taken in each: the second half at some line
        // starts (the file's start, a blank line's), not at others.
        let taken = check_splits(text, 1);
        let lines = text.matches('\n').count() + 1;
        assert!(taken > 0 && taken < lines || text.is_empty(), "{taken} of {lines} splits taken in {text:?}");
    }
}

#[test]
fn a_line_too_long_stops_both_readers_where_it_stops_one() {
    let long = "a".repeat(70 * 1024);
    assert!(check_splits(&format!("FROM a\n\nRUN {long}\n\nRUN b\n"), 1) > 0);
    assert!(check_splits(&format!("FROM a\n\nRUN b\n\nRUN {long}\nRUN c\n"), 1) > 0);
}

#[test]
fn the_split_point_is_a_line_after_a_blank_line_past_the_middle() {
    assert_eq!(split_point("FROM a\n\nRUN b\n"), None, "a small file is parsed in one go");
    // 2 MiB, past the 1 MiB below which a file is parsed in one go.
    let units = (2 << 20) / "FROM a\n\nRUN b\n".len();
    let text = "FROM a\n\nRUN b\n".repeat(units);
    let at = split_point(&text).expect("a split point");
    assert!(at >= text.len() / 2);
    assert_eq!(&text[at - 2..at + 5], "\n\nRUN b");
    let source = Shared::new(text);
    let halves = parse_in_halves(&source, at, || SecondHalf::parse(&source, at));
    assert_eq!(halves, syntax::parse_shared(&source));
    assert_eq!(halves.nodes.len(), units * 2);
}

/// Text built from the pieces whose meaning depends on earlier lines.
fn carried_over() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "FROM a\n",
        "RUN b",
        "RUN <<EOF\n",
        "EOF\n",
        "COPY <<-X y\n",
        "\tX\n",
        "# c\n",
        "#\n",
        "# escape=`\n",
        "# syntax=x\n",
        "\\\n",
        "`\n",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "ONBUILD RUN d\n",
        "ENV e=f \\\n",
        "\u{feff}",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn a_parse_in_halves_equals_the_parse_in_one_go(text in carried_over()) {
        check_splits(&text, 1);
    }
}
