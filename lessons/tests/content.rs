//! Every embedded lesson loads, and every exercise grades as its file says:
//! the reference solution meets its goals, the starting state does not, a
//! stored answer is the engine's, and every example builds.

use layerlab_lessons::{check_lesson, files, load, load_all};

#[test]
fn every_lesson_loads() {
    let lessons = load_all().unwrap_or_else(|errors| {
        panic!("{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"));
    });
    assert!(!lessons.is_empty());
}

/// The lessons compiled at build time are what the reader makes of the files.
#[test]
fn the_baked_lessons_are_the_files_read_now() {
    let baked = load_all().expect("lessons load (every_lesson_loads says why not)");
    let read = load(files().iter().copied()).expect("lessons load");
    assert_eq!(baked.len(), files().len());
    assert_eq!(baked, read);
}

#[test]
fn every_exercise_checks() {
    let lessons = load_all().expect("lessons load (every_lesson_loads says why not)");
    let failures: Vec<String> = lessons
        .iter()
        .flat_map(check_lesson)
        .filter(|c| !c.ok())
        .map(|c| format!("{}/{}: {}", c.lesson, c.exercise, c.problems.join("; ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
