//! The practice screens in the browser: the review queue brings a missed
//! exercise back and a pass sends it away; a drill is graded by the engine;
//! interview mode reveals nothing until the end, then the score, each
//! grade and the model answers; a teacher's worksheet goes through a link
//! and opens, edits and all, in a fresh browser. Every expected verdict is
//! the lessons crate's grade of the same answer.

use fantoccini::Client;
use layerlab_lessons::{Answer, Exercise, Kind, Solution, Task};
use serde_json::Value;

use crate::lessons::{argv_exercise, graded, in_exercise, open_lesson, set_value, type_answer};
use crate::page::{attr_is, attrs, click, count, one, props, screenshots, testid};
use crate::wait::until;
use crate::{stored, with_app};

fn quote(argv: &[String]) -> String {
    argv.iter().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect::<Vec<_>>().join(" ")
}

async fn to_index(client: &Client) {
    click(client, &testid("back-to-index")).await;
    one(client, &testid("lesson-index")).await;
}

#[tokio::test]
async fn a_missed_exercise_comes_back_in_the_review_queue() {
    let (lesson, exercise, argv) = argv_exercise();
    with_app(|client, _| async move {
        open_lesson(&client, &lesson).await;
        type_answer(&client, &exercise, "not the argv").await;
        click(&client, &in_exercise(&exercise, "check")).await;
        graded(&client, &exercise, false).await;
        to_index(&client).await;
        attr_is(&client, &testid("start-review"), "data-due", "1").await;
        screenshots(&client, "practice-index").await;
        click(&client, &testid("start-review")).await;
        attr_is(&client, &testid("review-item"), "data-lesson", &lesson).await;
        count(&client, &in_exercise(&exercise, "grade"), 0).await;
        type_answer(&client, &exercise, &quote(&argv)).await;
        click(&client, &in_exercise(&exercise, "check")).await;
        graded(&client, &exercise, true).await;
        screenshots(&client, "practice-review").await;

        // The pass sends it a day away: the stored card says so, and the queue is empty.
        let saved: Value =
            serde_json::from_str(&stored(&client, "layerlab.progress.v1").await.expect("saved")).unwrap();
        let card = &saved["lessons"][&lesson]["exercises"][&exercise]["review"];
        let now = client.execute("return Date.now();", vec![]).await.unwrap().as_f64().unwrap() as u64;
        let due = card["due"].as_u64().expect("a review card");
        assert!(due > now + layerlab_lessons::DAY_MS - 600_000 && due <= now + layerlab_lessons::DAY_MS, "{card}");
        to_index(&client).await;
        attr_is(&client, &testid("start-review"), "data-due", "0").await;
    })
    .await;
}

#[tokio::test]
async fn a_drill_question_is_graded_by_the_engine() {
    with_app(|client, _| async move {
        click(&client, &testid("nav-lessons")).await;
        click(&client, &format!("{}[data-kind=\"predict-argv\"]", testid("start-drill"))).await;
        let id = attrs(&client, &testid("exercise"), "data-id").await.expect("the drill").join("");
        let seed: u64 = id.strip_prefix("argv-").and_then(|s| s.parse().ok()).expect("argv-SEED");
        let drill = layerlab_lessons::argv_drill(seed);
        let Ok(Solution::Argv { argv, .. }) = layerlab_lessons::solve(&drill) else { panic!("the engine's answer") };
        type_answer(&client, &id, &quote(&argv)).await;
        click(&client, &in_exercise(&id, "check")).await;
        graded(&client, &id, true).await;
        screenshots(&client, "practice-drill").await;
        click(&client, &testid("next-drill")).await;
        until("another question", || async {
            let next = attrs(&client, &testid("exercise"), "data-id").await?.join("");
            if next != id && next.starts_with("argv-") {
                Ok(())
            } else {
                Err(next)
            }
        })
        .await;
    })
    .await;
}

/// The right answer to a quick question, as the engine computes it: (the
/// crate's answer, the boxes or words the page takes).
fn right_answer(exercise: &Exercise) -> (Answer, Vec<String>) {
    match (&exercise.task, layerlab_lessons::solve(exercise)) {
        (Task::Choose { options }, _) => {
            let picked: Vec<usize> = (0..options.len()).filter(|&i| options[i].correct).collect();
            (Answer::Choices(picked.iter().copied().collect()), picked.iter().map(|i| i.to_string()).collect())
        }
        (_, Ok(Solution::Argv { argv, .. })) => (Answer::Argv(argv.clone()), vec![quote(&argv)]),
        (_, Ok(Solution::Rebuilt { lines, .. })) => {
            (Answer::Rebuilt(lines.iter().copied().collect()), lines.iter().map(|l| l.to_string()).collect())
        }
        (_, Err(e)) => panic!("{e}"),
    }
}

async fn enter_quick(client: &Client, exercise: &Exercise, form: &[String]) {
    let id = &exercise.id;
    match exercise.kind() {
        Kind::PredictArgv => type_answer(client, id, &form.join(" ")).await,
        kind => {
            let (hook, attr) =
                if kind == Kind::Choose { ("choice", "data-index") } else { ("cache-tick", "data-line") };
            for key in form {
                click(client, &format!("{}[{attr}=\"{key}\"]", in_exercise(id, hook))).await;
            }
        }
    }
}

#[tokio::test]
async fn an_interview_reveals_the_score_and_model_answers_at_the_end() {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    with_app(|client, _| async move {
        click(&client, &testid("nav-lessons")).await;
        // Timed: a clock counts down.
        click(&client, &format!("{}[data-timed=\"true\"]", testid("start-interview"))).await;
        let timer = one(&client, &testid("interview-timer")).await.text().await.expect("the timer");
        assert!(timer.ends_with(" left") && timer.contains(':'), "{timer}");
        screenshots(&client, "practice-interview").await;
        to_index(&client).await;

        click(&client, &format!("{}[data-timed=\"false\"]", testid("start-interview"))).await;
        let mut expected = Vec::new();
        for (question, right) in [(0, true), (1, false)] {
            attr_is(&client, &testid("interview"), "data-question", &question.to_string()).await;
            let lesson_id = attrs(&client, &testid("interview"), "data-lesson").await.unwrap().join("");
            let id = attrs(&client, &testid("exercise"), "data-id").await.unwrap().join("");
            let lesson = lessons.iter().find(|l| l.id == lesson_id).expect("the question's lesson");
            let exercise = lesson.exercise(&id).expect("the question").clone();
            let (answer, form) = if right {
                right_answer(&exercise)
            } else if exercise.kind() == Kind::PredictArgv {
                (Answer::Argv(vec!["nothing".into()]), vec!["nothing".into()])
            } else {
                (
                    match exercise.kind() {
                        Kind::Choose => Answer::Choices(Default::default()),
                        _ => Answer::Rebuilt(Default::default()),
                    },
                    Vec::new(),
                )
            };
            enter_quick(&client, &exercise, &form).await;
            // Nothing is marked while the interview runs.
            count(&client, &in_exercise(&id, "grade"), 0).await;
            click(&client, &in_exercise(&id, "check")).await;
            expected.push(layerlab_lessons::grade(&exercise, &answer).passed);
        }
        attr_is(&client, &testid("interview"), "data-question", "2").await;
        click(&client, &testid("finish-interview")).await;
        attr_is(&client, &testid("interview"), "data-finished", "true").await;
        let passed = expected.iter().filter(|p| **p).count();
        attr_is(&client, &testid("interview-score"), "data-passed", &passed.to_string()).await;
        let verdicts = attrs(&client, &testid("interview-result"), "data-verdict").await.unwrap();
        assert!(verdicts.len() > 2, "{verdicts:?}");
        attr_is(&client, &testid("interview-score"), "data-total", &verdicts.len().to_string()).await;
        let want: Vec<&str> = expected.iter().map(|p| if *p { "right" } else { "wrong" }).collect();
        assert_eq!(verdicts[..2], want[..]);
        assert!(verdicts[2..].iter().all(|v| v == "unanswered"), "{verdicts:?}");
        count(&client, &testid("model-answer"), verdicts.len()).await;
        screenshots(&client, "practice-interview-results").await;
    })
    .await;
}

#[tokio::test]
async fn a_teachers_worksheet_goes_through_a_link() {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    // A fix-it whose model answer needs only the Dockerfile and run line the form edits.
    let (index, lesson, exercise) = lessons
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            let e = l.exercises.iter().find(|e| {
                matches!(&e.task, Task::FixIt { project, solution, .. } if project.files == solution.files && project.build_args == solution.build_args)
            })?;
            Some((i, l.clone(), e.clone()))
        })
        .expect("a fix-it");
    let Task::FixIt { project, solution, goals } = exercise.task.clone() else { unreachable!() };
    let hint = "Ask: what does the teacher's hint say?";
    with_app(|client, url| async move {
        click(&client, &testid("nav-lessons")).await;
        click(&client, &testid("compose")).await;
        set_value(&client, &testid("compose-title"), "Week 5 worksheet").await;
        let select = testid("compose-lesson");
        one(&client, &select).await;
        client
            .execute(
                "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![select.clone().into(), index.to_string().into()],
            )
            .await
            .expect("picking the lesson");
        click(&client, &format!("{}[data-id=\"{}\"]", testid("compose-add"), exercise.id)).await;
        count(&client, &testid("compose-item"), 1).await;
        set_value(&client, &testid("compose-hints"), hint).await;
        screenshots(&client, "practice-compose").await;
        click(&client, &testid("compose-share")).await;
        let link = until("the worksheet link", || async {
            let link = props(&client, &testid("compose-link"), "value").await?.join("");
            if link.contains("#w1=") {
                Ok(link)
            } else {
                Err(link)
            }
        })
        .await;
        assert!(link.starts_with(&url), "{link}");

        // A student's browser: nothing stored, the link loaded fresh.
        client.execute("localStorage.clear();", vec![]).await.expect("clearing storage");
        client.goto(&link).await.expect("opening the link");
        client.refresh().await.expect("loading the link");
        attr_is(&client, &testid("sheet-title"), "data-testid", "sheet-title").await;
        let title = one(&client, &testid("sheet-title")).await.text().await.unwrap();
        assert_eq!(title, "Week 5 worksheet");
        count(&client, &format!("{}[data-id=\"{}\"]", testid("exercise"), exercise.id), 1).await;

        // Wrong (the starting project), then the teacher's hint among the hints.
        let expected = layerlab_lessons::grade(&exercise, &Answer::Project { project: project.to_project(), run: None });
        click(&client, &in_exercise(&exercise.id, "check")).await;
        graded(&client, &exercise.id, expected.passed).await;
        let shown = attrs(&client, &in_exercise(&exercise.id, "goal"), "data-passed").await.unwrap();
        assert_eq!(shown, expected.goals.iter().map(|g| g.passed.to_string()).collect::<Vec<_>>());
        assert_eq!(shown.len(), goals.len());
        click(&client, &in_exercise(&exercise.id, "more-hint")).await;
        let hints = one(&client, &in_exercise(&exercise.id, "hints")).await.text().await.unwrap();
        assert!(hints.contains(hint), "{hints}");

        // Right: the model answer.
        set_value(&client, &in_exercise(&exercise.id, "fix-editor"), &solution.dockerfile).await;
        set_value(&client, &in_exercise(&exercise.id, "fix-run"), solution.run_line()).await;
        let mut spec = project.clone();
        spec.dockerfile = solution.dockerfile.clone();
        let run = (solution.run_line() != project.run_line()).then(|| solution.run_line().to_owned());
        let expected = layerlab_lessons::grade(&exercise, &Answer::Project { project: spec.to_project(), run });
        assert!(expected.passed, "the model answer passes in the engine");
        click(&client, &in_exercise(&exercise.id, "check")).await;
        graded(&client, &exercise.id, true).await;
        attr_is(&client, &testid("sheet-progress"), "data-done", "1").await;
        screenshots(&client, "practice-sheet").await;
        // The course's own progress is untouched.
        let saved = stored(&client, "layerlab.progress.v1").await.unwrap_or_default();
        assert!(!saved.contains(&lesson.id), "{saved}");
    })
    .await;
}
