//! BuildKit's shell-lexer corpus (`shell/envVarTest`, `shell/wordsTest`):
//! variable expansion of one word, and splitting into words.

use super::Tally;
use layerlab_core::expansion::{ExpansionError, Lexer};
use std::path::Path;

/// Runs both files under `dir/shell/`; every test line is one case.
pub fn run(dir: &Path) -> Tally {
    let mut tally = Tally::new("shell");
    let shell = dir.join("shell");
    let env_var_test = std::fs::read_to_string(shell.join("envVarTest")).expect("shell/envVarTest is readable");
    run_env_var_test(&env_var_test, &mut tally);
    let words_test = std::fs::read_to_string(shell.join("wordsTest")).expect("shell/wordsTest is readable");
    run_words_test(&words_test, &mut tally);
    tally
}

/// `PLATFORM | INPUT | EXPECTED`, expanded as one word with a fixed
/// environment; platforms `A` and `U` run, `W` (Windows) is counted and
/// skipped.
fn run_env_var_test(text: &str, tally: &mut Tally) {
    let env: Vec<(String, String)> = [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lexer = Lexer::new('\\');
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let [platform, input, expected] = fields.as_slice() else {
            tally.total += 1;
            tally.failures.push(format!("envVarTest:{line_no}: malformed line {line:?}"));
            continue;
        };
        tally.total += 1;
        if *platform == "W" {
            tally.skipped.push((format!("envVarTest:{line_no}"), "is Windows-only".to_string()));
            continue;
        }
        let got = lexer.process_word(input, &env).map(|expanded| expanded.value);
        let ok = match &got {
            Ok(value) => *expected != "error" && value == expected,
            Err(_) => *expected == "error",
        };
        if ok {
            tally.passed += 1;
        } else {
            tally
                .failures
                .push(format!("envVarTest:{line_no}: input {input:?}: expected {expected:?}, got {}", shown(&got)));
        }
    }
}

/// `ENV NAME=VALUE` lines add to the environment; `INPUT | W1,W2,...` lines
/// are split into words.
fn run_words_test(text: &str, tally: &mut Tally) {
    let mut env: Vec<(String, String)> = Vec::new();
    let lexer = Lexer::new('\\');
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let assignment = assignment.trim_start_matches(' ');
            let (name, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            env.push((name.to_string(), value.to_string()));
            continue;
        }
        tally.total += 1;
        let Some((input, expected)) = line.split_once('|') else {
            tally.failures.push(format!("wordsTest:{line_no}: malformed line {line:?}"));
            continue;
        };
        let input = input.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        let got = lexer.process_words(input, &env);
        let ok = match &got {
            Ok(words) => expected != ["error"] && *words == expected,
            Err(_) => expected == ["error"],
        };
        if ok {
            tally.passed += 1;
        } else {
            tally
                .failures
                .push(format!("wordsTest:{line_no}: input {input:?}: expected {expected:?}, got {}", shown(&got)));
        }
    }
}

/// A result for a failure message: the value, or `error (<BuildKit's message>)`.
fn shown<T: std::fmt::Debug>(got: &Result<T, ExpansionError>) -> String {
    match got {
        Ok(value) => format!("{value:?}"),
        Err(err) => format!("error ({err})"),
    }
}
