//! Grading through the public API, as the app calls it: right and wrong
//! answers of each kind, with the engine's explanation and the hint.

use layerlab_lessons::{grade, load_all, Answer, Exercise, Lesson, Task};
use std::collections::BTreeSet;

fn lesson(id: &str) -> Lesson {
    load_all().expect("lessons load").into_iter().find(|l| l.id == id).expect("the lesson exists")
}

fn exercise(lesson: &Lesson, id: &str) -> Exercise {
    lesson.exercise(id).expect("the exercise exists").clone()
}

fn words(ws: &[&str]) -> Answer {
    Answer::Argv(ws.iter().map(|w| w.to_string()).collect())
}

#[test]
fn predict_argv_right_and_wrong() {
    let l = lesson("cmd-vs-entrypoint");
    let e = exercise(&l, "args-replace-cmd");
    let right = grade(&e, &words(&["ping", "-c", "3", "example.com"]));
    assert!(right.passed, "{right:?}");
    assert_eq!(right.hint, None);
    // The classic mistake: the words replace the whole command.
    let wrong = grade(&e, &words(&["example.com"]));
    assert!(!wrong.passed);
    assert_eq!(wrong.hint.as_deref(), Some("Words after the image name replace one of the two; which one is fixed?"));
    assert!(wrong.explanation.iter().any(|line| line.contains("ENTRYPOINT")), "{:?}", wrong.explanation);
}

#[test]
fn predict_cache_marks_each_step() {
    let l = lesson("layers-and-cache");
    let e = exercise(&l, "code-edit");
    assert!(grade(&e, &Answer::Rebuilt(BTreeSet::from([5]))).passed);
    let wrong = grade(&e, &Answer::Rebuilt(BTreeSet::from([4, 5])));
    assert!(!wrong.passed);
    let failed: Vec<&str> = wrong.goals.iter().filter(|g| !g.passed).map(|g| g.goal.as_str()).collect();
    assert_eq!(failed, ["line 4 `RUN pip install --no-cache-dir -r requirements.txt` comes from the cache"]);
    let copy = wrong.explanation.iter().find(|l| l.starts_with("line 5 `COPY . .`")).expect("line 5 explained");
    assert!(copy.contains("app.py"), "the miss names the file that changed: {copy}");
    let stray = grade(&e, &Answer::Rebuilt(BTreeSet::from([5, 6])));
    assert!(!stray.passed, "CMD has no layer, so it cannot be marked as rebuilt");
}

#[test]
fn fix_it_grades_each_goal_and_hints_from_the_failed_one() {
    let l = lesson("cmd-vs-entrypoint");
    let e = exercise(&l, "signals");
    let Task::FixIt { project, solution, .. } = &e.task else { panic!("a fix-it") };
    let start = grade(&e, &Answer::Project { project: project.to_project(), run: None });
    assert!(!start.passed);
    assert_eq!(start.goals.len(), 2);
    assert!(!start.goals[0].passed);
    assert!(start.hint.as_deref().unwrap_or_default().starts_with("In shell form PID 1 is /bin/sh"));
    assert!(start.goals[0].detail.contains(&"PID 1 is `/bin/sh`".to_string()), "{:?}", start.goals[0].detail);
    let done = grade(&e, &Answer::Project { project: solution.to_project(), run: None });
    assert!(done.passed, "{done:?}");
    assert!(done.goals.iter().all(|g| g.hint.is_none()));
}

#[test]
fn terminal_tasks_replay_setup_then_the_learners_lines() {
    let l = lesson("images-and-containers");
    let e = exercise(&l, "stop-them-all");
    let half = grade(&e, &Answer::Commands(vec!["docker stop one".into()]));
    assert!(!half.passed);
    assert_eq!(half.goals[0].detail, ["`two` is running"]);
    assert_eq!(half.explanation[0], "$ docker stop one");
    let too_much = grade(&e, &Answer::Commands(vec!["docker rm -f one two".into(), "docker rmi web".into()]));
    assert!(too_much.goals[0].passed && !too_much.goals[1].passed, "{too_much:?}");
    assert!(grade(&e, &Answer::Commands(vec!["docker stop one two".into()])).passed);
}

#[test]
fn choose_explains_each_wrong_pick() {
    let l = lesson("cmd-vs-entrypoint");
    let e = exercise(&l, "which-replaces");
    assert!(grade(&e, &Answer::Choices(BTreeSet::from([0]))).passed);
    let wrong = grade(&e, &Answer::Choices(BTreeSet::from([0, 2])));
    assert!(!wrong.passed);
    assert_eq!(wrong.explanation, ["Overriding the entrypoint also drops the image's CMD, so it runs plain `sh`."]);
}

#[test]
fn an_answer_of_another_kind_is_refused() {
    let l = lesson("cmd-vs-entrypoint");
    let g = grade(&exercise(&l, "which-replaces"), &words(&["x"]));
    assert!(!g.passed);
    assert_eq!(g.explanation, ["this exercise takes the chosen options as its answer"]);
}

#[test]
fn results_serialize_for_the_app() {
    let l = lesson("cmd-vs-entrypoint");
    let g = grade(&exercise(&l, "entrypoint-flag"), &words(&["echo", "hello"]));
    let json = serde_json::to_value(&g).expect("a grade serializes");
    assert_eq!(json["passed"], true);
    assert_eq!(json["goals"][0]["passed"], true);
    let lesson_json = serde_json::to_value(&l).expect("a lesson serializes");
    assert_eq!(lesson_json["exercises"][0]["task"]["kind"], "predict-argv");
    assert_eq!(lesson_json["explanation"]["blocks"][0]["block"], "paragraph");
}

#[test]
fn a_fix_it_explains_the_failed_goals_with_the_engines_figures() {
    let l = lesson("image-size");
    let e = exercise(&l, "slim-base");
    let Task::FixIt { project, .. } = &e.task else { panic!("a fix-it") };
    let start = grade(&e, &Answer::Project { project: project.to_project(), run: None });
    assert!(!start.passed);
    // python:3.12-bookworm is about 1.02 GB on disk (core/data/base-images.json).
    assert_eq!(start.explanation.len(), 1, "only the failed goal: {:?}", start.explanation);
    assert!(
        start.explanation[0].starts_with("the image is smaller than 200 MB: the image is 1."),
        "{:?}",
        start.explanation
    );
    assert!(start.explanation[0].contains("GB"), "{:?}", start.explanation);
}

/// Teacher links carry exercises as JSON: every exercise of the course reads
/// back equal, and grades the same (its reference still passes).
#[test]
fn every_exercise_round_trips_through_json() {
    let lessons = layerlab_lessons::load_all().expect("the embedded lessons");
    for lesson in &lessons {
        for exercise in &lesson.exercises {
            let json = serde_json::to_string(exercise).expect("serializes");
            let back: layerlab_lessons::Exercise = serde_json::from_str(&json).expect("reads back");
            assert_eq!(&back, exercise, "{}/{}", lesson.id, exercise.id);
        }
    }
    let drill = layerlab_lessons::cache_drill(3);
    let back: layerlab_lessons::Exercise = serde_json::from_str(&serde_json::to_string(&drill).unwrap()).unwrap();
    assert_eq!(back, drill);
}
