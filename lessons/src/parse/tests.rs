//! Tests of reading lesson files: what is accepted, and each error with
//! the line and column it points at.

use super::*;

/// A small lesson that follows every rule; tests break one rule at a time.
const GOOD: &str = r#"id = "tiny"
number = 42
title = "Tiny"
topics = ["test"]
summary = "A lesson for tests."
explanation = """
One paragraph with `code`.
"""
interview_answer = "Short."

[example]
title = "Example"
walkthrough = "Look."
dockerfile = "FROM alpine:3.24\n"

[[exercises]]
id = "argv"
kind = "predict-argv"
title = "Argv"
prompt = "What runs?"
run = "docker run app"
[exercises.project]
dockerfile = "FROM alpine:3.24\nCMD [\"true\"]\n"

[[exercises]]
id = "fix"
kind = "fix-it"
title = "Fix"
prompt = "Fix it."
[exercises.project]
dockerfile = "FROM alpine:3.24\n"
[exercises.solution]
dockerfile = "FROM alpine:3.24\nUSER 1000\n"
[[exercises.goals]]
check = "runs-as-non-root"
hint = "Use USER."
"#;

fn errors(text: &str) -> Vec<String> {
    parse_lesson("42-tiny.toml", text).unwrap_err().iter().map(ToString::to_string).collect()
}

#[test]
fn a_lesson_that_follows_the_format_loads() {
    let lesson = parse_lesson("42-tiny.toml", GOOD).unwrap();
    assert_eq!(lesson.id, "tiny");
    assert_eq!(lesson.exercises.len(), 2);
    assert_eq!(lesson.exercises[0].kind(), Kind::PredictArgv);
    assert_eq!(lesson.exercises[0].line, 16);
    let Task::FixIt { solution, goals, .. } = &lesson.exercises[1].task else { panic!("a fix-it") };
    assert_eq!(solution.dockerfile, "FROM alpine:3.24\nUSER 1000\n");
    assert_eq!(goals[0].predicate, Predicate::RunsAsNonRoot { run: None });
    assert_eq!(goals[0].hint, "Use USER.");
}

#[test]
fn a_toml_error_has_its_line_and_column() {
    let text = GOOD.replace("title = \"Tiny\"", "title = Tiny");
    assert_eq!(errors(&text), ["42-tiny.toml:3:9: invalid string\nexpected `\"`, `'`"]);
}

#[test]
fn an_unknown_key_is_an_error_not_ignored() {
    let text = GOOD.replace("summary = ", "sumary = ");
    let errors = errors(&text);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("42-tiny.toml:5:1: unknown field `sumary`"), "{}", errors[0]);
}

#[test]
fn the_file_name_must_match_number_and_id() {
    let found: Vec<String> = parse_lesson("07-other.toml", GOOD).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(found, ["07-other.toml:1:6: the file of lesson 42 `tiny` must be named `42-tiny.toml`"]);
}

#[test]
fn a_markdown_error_points_into_the_string() {
    let text = GOOD.replace("One paragraph with `code`.", "Fine line.\n\n```sh\nnever closed");
    assert_eq!(errors(&text), ["42-tiny.toml:9:1: code block is never closed"]);
}

#[test]
fn an_unknown_kind_names_the_kinds() {
    let text = GOOD.replace("kind = \"predict-argv\"", "kind = \"quiz\"");
    let errors = errors(&text);
    assert!(errors[0].starts_with("42-tiny.toml:18:8: unknown kind `quiz` (one of predict-argv, "), "{errors:?}");
}

#[test]
fn keys_of_another_kind_are_errors() {
    let text = GOOD.replace("run = \"docker run app\"", "run = \"docker run app\"\ngoals = []");
    assert_eq!(errors(&text), ["42-tiny.toml:16:1: exercise `argv`: a predict-argv exercise takes no `goals`"]);
}

#[test]
fn a_missing_key_of_the_kind_is_an_error() {
    let text = GOOD.replace("run = \"docker run app\"\n", "");
    assert_eq!(errors(&text), ["42-tiny.toml:16:1: exercise `argv`: a predict-argv exercise needs `run`"]);
}

#[test]
fn goals_are_checked_by_name_parameters_and_scope() {
    let unknown = GOOD.replace("check = \"runs-as-non-root\"", "check = \"runs-fast\"");
    let found = errors(&unknown);
    assert!(found[0].starts_with("42-tiny.toml:34:1: exercise `fix`: goal: unknown variant `runs-fast`"), "{found:?}");
    let missing = GOOD.replace("check = \"runs-as-non-root\"", "check = \"image-size-under\"");
    let found = errors(&missing);
    assert!(found[0].contains("missing field `mb`"), "{found:?}");
    let daemon = GOOD.replace("check = \"runs-as-non-root\"", "check = \"no-dangling-images\"");
    assert_eq!(
        errors(&daemon),
        ["42-tiny.toml:34:1: exercise `fix`: `no dangling images are left` cannot be a goal of a fix-it exercise"]
    );
    let no_hint = GOOD.replace("hint = \"Use USER.\"\n", "");
    assert_eq!(errors(&no_hint), ["42-tiny.toml:34:1: exercise `fix`: every goal needs a `hint` string"]);
}

#[test]
fn edits_take_one_of_their_forms() {
    let text = GOOD.replace(
        "check = \"runs-as-non-root\"",
        "check = \"stays-cached\"\nstep = \"x\"\nedits = [{ file = \"a\", set = \"b\", append = \"c\" }]",
    );
    let found = errors(&text);
    assert!(found[0].contains("an edit is one of {file, set}"), "{found:?}");
    let good = GOOD.replace(
        "check = \"runs-as-non-root\"",
        "check = \"stays-cached\"\nstep = \"x\"\nedits = [{ build_arg = \"V\", value = \"2\" }, { no_cache = true }]",
    );
    let lesson = parse_lesson("42-tiny.toml", &good).unwrap();
    let Task::FixIt { goals, .. } = &lesson.exercises[1].task else { panic!("a fix-it") };
    assert_eq!(
        goals[0].predicate,
        Predicate::StaysCached {
            edits: vec![Edit::BuildArg { name: "V".into(), value: Some("2".into()) }, Edit::NoCache],
            step: "x".into()
        }
    );
}

#[test]
fn a_lesson_needs_two_engine_graded_exercises() {
    let cut = GOOD.find("[[exercises]]\nid = \"fix\"").unwrap();
    let one = &GOOD[..cut];
    assert_eq!(
        errors(one),
        ["42-tiny.toml:16:1: a lesson needs at least two exercises graded by the engine (any kind but `choose`)"]
    );
}

#[test]
fn project_paths_must_be_clean() {
    let text = GOOD.replace(
        "dockerfile = \"FROM alpine:3.24\\n\"\n\n[[exercises]]",
        "dockerfile = \"FROM alpine:3.24\\n\"\nfiles = { \"../x\" = \"\" }\nexecutable = [\"run.sh\"]\n\n[[exercises]]",
    );
    let found = errors(&text);
    assert_eq!(
        found,
        [
            "42-tiny.toml:13:15: the example: `../x` is not a clean relative path other than `Dockerfile`",
            "42-tiny.toml:13:15: the example: `run.sh` is executable but not in `files`",
        ]
    );
}

#[test]
fn the_dockerfile_path_is_the_cores() {
    assert_eq!(DOCKERFILE, layerlab_core::playground::DOCKERFILE);
}
