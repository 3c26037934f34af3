//! The lesson screens in the browser: the index, a lesson's text and
//! interview answer, an exercise answered wrong (the engine's explanation,
//! the goal's hint, more hints on request) and right (the solution opens),
//! and the progress found again after a reload — also when the stored value
//! is garbage; a `terminal` line of lesson text runs in the terminal.

use fantoccini::Client;
use layerlab_lessons::{Kind, Solution};

use crate::page::{attrs, click, count, one, props, screenshots, testid};
use crate::wait::until;
use crate::{stored, with_app};

const PROGRESS_KEY: &str = "layerlab.progress.v1";

/// The first predict-argv exercise and its answer, asked of the engine (the
/// same call the app's "Show the solution" makes).
fn argv_exercise() -> (String, String, Vec<String>) {
    let lessons = layerlab_lessons::load_all().expect("the embedded lessons");
    for lesson in &lessons {
        for exercise in lesson.exercises.iter().filter(|e| e.kind() == Kind::PredictArgv) {
            if let Ok(Solution::Argv { argv, .. }) = layerlab_lessons::solve(exercise) {
                return (lesson.id.clone(), exercise.id.clone(), argv);
            }
        }
    }
    panic!("no predict-argv exercise");
}

fn in_exercise(exercise: &str, what: &str) -> String {
    format!("{}[data-id=\"{exercise}\"] {}", testid("exercise"), testid(what))
}

/// Waits until the exercise's grade says `passed`.
async fn graded(client: &Client, exercise: &str, passed: bool) {
    until(&format!("{exercise} graded {passed}"), || async {
        let got = attrs(client, &in_exercise(exercise, "grade"), "data-passed").await?.join("");
        if got == passed.to_string() {
            Ok(())
        } else {
            Err(got)
        }
    })
    .await;
}

async fn type_answer(client: &Client, exercise: &str, text: &str) {
    let input = one(client, &in_exercise(exercise, "argv-input")).await;
    input.send_keys("\u{E009}a").await.expect("selecting the answer");
    input.send_keys(text).await.expect("typing the answer");
    until("the typed answer", || async {
        let value = props(client, &in_exercise(exercise, "argv-input"), "value").await?.join("");
        if value == text {
            Ok(())
        } else {
            Err(value)
        }
    })
    .await;
}

async fn open_lesson(client: &Client, lesson: &str) {
    click(client, &testid("nav-lessons")).await;
    until("the lesson index", || async {
        let n = crate::page::all(client, &testid("lesson-card")).await?.len();
        if n >= 9 {
            Ok(())
        } else {
            Err(format!("{n} lessons"))
        }
    })
    .await;
    click(client, &format!("{}[data-id=\"{lesson}\"]", testid("lesson-card"))).await;
    count(client, &format!("{}[data-id=\"{lesson}\"]", testid("lesson")), 1).await;
}

#[tokio::test]
async fn a_lesson_is_walked_answered_wrong_then_right_and_kept_after_a_reload() {
    let (lesson, exercise, argv) = argv_exercise();
    with_app(|client, _| async move {
        open_lesson(&client, "images-and-containers").await;
        screenshots(&client, "lesson-text").await;
        click(&client, &testid("back-to-index")).await;
        screenshots(&client, "lesson-index").await;
        click(&client, &format!("{}[data-id=\"{lesson}\"]", testid("lesson-card"))).await;
        count(&client, &testid("lesson"), 1).await;

        // The interview answer is collapsed until asked for.
        let open = props(&client, &testid("interview-answer"), "open").await.expect("the interview answer");
        assert_eq!(open, ["false"]);

        // Wrong: the engine's explanation and the failed goal's hint.
        type_answer(&client, &exercise, "nothing like it").await;
        click(&client, &in_exercise(&exercise, "check")).await;
        graded(&client, &exercise, false).await;
        let hint = one(&client, &in_exercise(&exercise, "hint")).await.text().await.expect("the hint");
        assert!(hint.starts_with("Hint:") && hint.len() > 10, "{hint}");
        let why = one(&client, &in_exercise(&exercise, "explanation")).await.text().await.expect("the explanation");
        assert!(!why.trim().is_empty());
        assert!(crate::page::all(&client, &in_exercise(&exercise, "solution")).await.expect("no solution").is_empty());
        screenshots(&client, "lesson-wrong").await;

        // Right: every word quoted as a shell would read it.
        let typed = argv.iter().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect::<Vec<_>>().join(" ");
        type_answer(&client, &exercise, &typed).await;
        click(&client, &in_exercise(&exercise, "check")).await;
        graded(&client, &exercise, true).await;
        count(&client, &in_exercise(&exercise, "solution"), 1).await;
        count(&client, &in_exercise(&exercise, "exercise-done"), 1).await;
        screenshots(&client, "lesson-right").await;

        let saved = stored(&client, PROGRESS_KEY).await.expect("the progress is saved");
        assert!(saved.contains(&exercise), "{saved}");

        // After a reload the index shows the pass.
        client.refresh().await.expect("reloading");
        click(&client, &testid("nav-lessons")).await;
        let card = format!("{}[data-id=\"{lesson}\"] {}", testid("lesson-card"), testid("lesson-progress"));
        until("the progress after a reload", || async {
            let done = attrs(&client, &card, "data-done").await?.join("");
            if done == "1" {
                Ok(())
            } else {
                Err(done)
            }
        })
        .await;

        // A bad stored value never breaks the app: it starts fresh.
        client
            .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{not json');"), vec![])
            .await
            .expect("spoiling the progress");
        client.refresh().await.expect("reloading");
        open_lesson(&client, &lesson).await;
        let kept = stored(&client, "layerlab.progress.v1.unreadable").await;
        assert_eq!(kept.as_deref(), Some("{not json"));
    })
    .await;
}

#[tokio::test]
async fn a_terminal_line_in_a_lesson_runs_with_a_click() {
    with_app(|client, _| async move {
        open_lesson(&client, "images-and-containers").await;
        let lines = attrs(&client, &testid("run-command"), "data-line").await.expect("commands");
        assert!(!lines.is_empty() && lines.iter().all(|l| l.starts_with("docker ")), "{lines:?}");
        click(&client, &testid("run-command")).await;
        until("the command in the terminal", || async {
            let screen = crate::page::texts(&client, &testid("terminal-output")).await?.join("\n");
            if screen.contains(&lines[0]) {
                Ok(())
            } else {
                Err(screen)
            }
        })
        .await;
    })
    .await;
}
