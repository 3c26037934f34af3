//! `layerlab lessons`: the list scripts read, the check authors and CI run,
//! a lesson in the terminal.

use super::{layerlab, text};

#[test]
fn list_json_has_the_documented_shape() {
    let out = layerlab(&["lessons", "list", "--json"], "");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let lessons = json.as_array().expect("an array");
    let ids: Vec<&str> = lessons.iter().filter_map(|l| l["id"].as_str()).collect();
    for id in ["images-and-containers", "cmd-vs-entrypoint", "layers-and-cache", "copy-vs-add"] {
        assert!(ids.contains(&id), "{id} is listed: {ids:?}");
    }
    for lesson in lessons {
        let keys: Vec<&String> = lesson.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["id", "title", "topics", "exercises"]);
        assert!(lesson["topics"].as_array().is_some_and(|t| !t.is_empty()));
        for exercise in lesson["exercises"].as_array().expect("exercises") {
            let kind = exercise["kind"].as_str().expect("a kind");
            assert!(["predict-argv", "predict-cache", "fix-it", "terminal-task", "choose"].contains(&kind));
            assert!(exercise["id"].is_string());
        }
    }
    let lesson3 = lessons.iter().find(|l| l["id"] == "cmd-vs-entrypoint").expect("lesson 3");
    assert_eq!(lesson3["exercises"][0], serde_json::json!({"id": "args-replace-cmd", "kind": "predict-argv"}));
}

#[test]
fn check_passes_on_the_built_in_lessons() {
    let out = layerlab(&["lessons", "check"], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("ok    cmd-vs-entrypoint/signals\n"), "{stdout}");
    assert!(stdout.trim_end().ends_with(" 0 failed"), "{stdout}");
}

#[test]
fn show_prints_a_lesson() {
    let out = layerlab(&["lessons", "show", "cmd-vs-entrypoint"], "");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("lessons_show_cmd_vs_entrypoint", text(&out.stdout));
    let by_number = layerlab(&["lessons", "show", "3"], "");
    assert_eq!(by_number.stdout, out.stdout);
}

#[test]
fn an_unknown_lesson_lists_the_ids() {
    let out = layerlab(&["lessons", "show", "nope"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("layerlab: no lesson `nope` (lessons: images-and-containers, "));
}

/// A lesson whose fix-it solution does not meet its goal, and whose
/// predict answer is wrong, in a directory of its own.
const BROKEN: &str = r#"id = "broken"
number = 1
title = "Broken"
topics = ["test"]
summary = "Wrong on purpose."
explanation = "Text."
interview_answer = "Text."

[example]
title = "Example"
walkthrough = "Look."
dockerfile = "FROM alpine:3.24\n"

[[exercises]]
id = "argv"
kind = "predict-argv"
title = "Argv"
prompt = "What runs?"
run = "docker run app hello"
answer = ["hello"]
[exercises.project]
dockerfile = "FROM alpine:3.24\nENTRYPOINT [\"echo\"]\nCMD [\"hi\"]\n"

[[exercises]]
id = "fix"
kind = "fix-it"
title = "Fix"
prompt = "Fix it."
[exercises.project]
dockerfile = "FROM alpine:3.24\n"
[exercises.solution]
dockerfile = "FROM alpine:3.24\nRUN true\n"
[[exercises.goals]]
check = "runs-as-non-root"
hint = "Use USER."
"#;

fn lesson_dir(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-lessons-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    std::fs::write(dir.join("01-broken.toml"), text).expect("the lesson is written");
    dir
}

#[test]
fn check_fails_with_what_the_engine_computed() {
    let dir = lesson_dir("check", BROKEN);
    let out = layerlab(&["lessons", "--dir", dir.to_str().expect("utf-8"), "check"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "ok    broken/example\n\
         FAIL  broken/argv\n      \
         the stored answer is [\"hello\"], the engine computes [\"echo\", \"hello\"]\n\
         FAIL  broken/fix\n      \
         the solution fails `the container does not run as root`: the process runs as `root`\n\
         1 passed, 2 failed\n"
    );
}

#[test]
fn a_format_error_is_located() {
    let dir = lesson_dir("format", &BROKEN.replace("kind = \"fix-it\"", "kind = \"fixit\""));
    let out = layerlab(&["lessons", "--dir", dir.to_str().expect("utf-8"), "list"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("01-broken.toml:26:8: unknown kind `fixit`"), "{}", text(&out.stderr));
}

#[test]
fn drills_are_the_same_for_a_seed_and_answered_by_the_engine() {
    let out = layerlab(&["lessons", "drill", "argv", "--seed", "4", "--answer"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let again = layerlab(&["lessons", "drill", "argv", "--seed", "4", "--answer"], "");
    assert_eq!(out.stdout, again.stdout);
    // A shell-form ENTRYPOINT still gets the run line's words after its script
    // (moby joins Entrypoint and Cmd as they are): sh takes them as $0, $1, …
    assert!(
        text(&out.stdout).contains("Answer: [\"/bin/sh\", \"-c\", \"date -u\", \"localhost\"]\n"),
        "{}",
        text(&out.stdout)
    );
    let cache = layerlab(&["lessons", "drill", "cache", "--seed", "3", "--answer"], "");
    insta::assert_snapshot!("lessons_drill_cache_seed_3", text(&cache.stdout));
}
