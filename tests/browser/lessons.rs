//! The lesson screens in the browser: the index, a lesson's text and
//! interview answer, an exercise answered wrong (the engine's explanation,
//! the goal's hint, more hints on request) and right (the solution opens),
//! and the progress found again after a reload — also when the stored value
//! is garbage; a `terminal` line of lesson text runs in the terminal; and
//! each kind — predict the cache, choose, fix it, a terminal task —
//! answered wrong then right, the page's goals compared with the crate's
//! grade of the same answer.

use fantoccini::Client;
use layerlab_lessons::{Answer, Exercise, Kind, Solution, Task};

use crate::page::{attrs, click, count, one, props, screenshots, testid};
use crate::wait::until;
use crate::{stored, with_app};

const PROGRESS_KEY: &str = "layerlab.progress.v1";

/// The first predict-argv exercise and its answer, asked of the engine (the
/// same call the app's "Show the solution" makes).
pub fn argv_exercise() -> (String, String, Vec<String>) {
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

pub fn in_exercise(exercise: &str, what: &str) -> String {
    format!("{}[data-id=\"{exercise}\"] {}", testid("exercise"), testid(what))
}

/// Waits until the exercise's grade says `passed`.
pub async fn graded(client: &Client, exercise: &str, passed: bool) {
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

pub async fn type_answer(client: &Client, exercise: &str, text: &str) {
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

pub async fn open_lesson(client: &Client, lesson: &str) {
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
        let lines = attrs(&client, &format!("{} {}", testid("lesson"), testid("runnable-command")), "data-command")
            .await
            .expect("commands");
        assert!(!lines.is_empty() && lines.iter().all(|l| l.starts_with("docker ")), "{lines:?}");
        click(&client, &format!("{} {}", testid("lesson"), testid("runnable-command"))).await;
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

/// The first exercise of `kind` that `usable` accepts, with its lesson's id.
fn exercise_of(kind: Kind, usable: impl Fn(&Exercise) -> bool) -> (String, Exercise) {
    let lessons = layerlab_lessons::load_all().expect("the embedded lessons");
    for lesson in &lessons {
        if let Some(exercise) = lesson.exercises.iter().find(|e| e.kind() == kind && usable(e)) {
            return (lesson.id.clone(), exercise.clone());
        }
    }
    panic!("no usable {kind:?} exercise");
}

/// Sets a form field's value as typing would (an `input` event Yew hears).
pub async fn set_value(client: &Client, css: &str, value: &str) {
    one(client, css).await;
    let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                  el.dispatchEvent(new Event('input', { bubbles: true }));";
    client.execute(script, vec![css.into(), value.into()]).await.expect("setting a field");
}

/// Checks the exercise and compares the page's grade, goal by goal, with
/// the crate's grade of the same answer.
async fn check_against_engine(client: &Client, exercise: &Exercise, answer: &Answer) -> layerlab_lessons::Grade {
    let expected = layerlab_lessons::grade(exercise, answer);
    click(client, &in_exercise(&exercise.id, "check")).await;
    graded(client, &exercise.id, expected.passed).await;
    let goals = attrs(client, &in_exercise(&exercise.id, "goal"), "data-passed").await.expect("the goals");
    let want: Vec<String> = expected.goals.iter().map(|g| g.passed.to_string()).collect();
    assert_eq!(goals, want, "{}: the page's goals are the engine's", exercise.id);
    expected
}

/// A wrong answer and then the right one, each graded as the crate grades it.
async fn wrong_then_right(
    client: &Client,
    lesson: &str,
    exercise: &Exercise,
    wrong: (Answer, String),
    right: (Answer, String),
) {
    open_lesson(client, lesson).await;
    let id = exercise.id.clone();
    enter(client, exercise, &wrong.1).await;
    let graded_wrong = check_against_engine(client, exercise, &wrong.0).await;
    assert!(!graded_wrong.passed, "{id}: the wrong answer fails in the engine too");
    count(client, &in_exercise(&id, "hint"), usize::from(graded_wrong.hint.is_some())).await;
    screenshots(client, &format!("exercise-{}-wrong", exercise.kind().as_str())).await;
    enter(client, exercise, &right.1).await;
    let graded_right = check_against_engine(client, exercise, &right.0).await;
    assert!(graded_right.passed, "{id}: the reference passes");
    count(client, &in_exercise(&id, "solution"), 1).await;
    count(client, &in_exercise(&id, "exercise-done"), 1).await;
    screenshots(client, &format!("exercise-{}-right", exercise.kind().as_str())).await;
}

/// Puts `form` (the kind's encoding, see each test) into the exercise's form.
async fn enter(client: &Client, exercise: &Exercise, form: &str) {
    let id = &exercise.id;
    match exercise.kind() {
        Kind::PredictCache | Kind::Choose => {
            // `form` lists the boxes to be ticked: untick the others.
            let (hook, attr) =
                if exercise.kind() == Kind::Choose { ("choice", "data-index") } else { ("cache-tick", "data-line") };
            let want: Vec<&str> = form.split(',').filter(|s| !s.is_empty()).collect();
            let css = in_exercise(id, hook);
            let keys = attrs(client, &css, attr).await.expect("the boxes");
            for key in keys {
                let box_css = format!("{css}[{attr}=\"{key}\"]");
                let checked = props(client, &box_css, "checked").await.expect("a box").join("") == "true";
                if checked != want.contains(&key.as_str()) {
                    click(client, &box_css).await;
                }
            }
        }
        Kind::FixIt => {
            let (dockerfile, run) = form.split_once('\u{0}').unwrap_or((form, ""));
            set_value(client, &in_exercise(id, "fix-editor"), dockerfile).await;
            set_value(client, &in_exercise(id, "fix-run"), run).await;
        }
        Kind::TerminalTask => set_value(client, &in_exercise(id, "task-commands"), form).await,
        Kind::PredictArgv => type_answer(client, id, form).await,
    }
}

fn joined(items: impl IntoIterator<Item = usize>) -> String {
    items.into_iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

#[tokio::test]
async fn predict_the_cache_is_graded_by_the_simulators_decisions() {
    let (lesson, exercise) = exercise_of(Kind::PredictCache, |_| true);
    let Ok(Solution::Rebuilt { lines, steps }) = layerlab_lessons::solve(&exercise) else {
        panic!("the engine's answer")
    };
    // Wrong: every step ticked, or none if all rebuild.
    let wrong: Vec<usize> =
        if lines.len() == steps.len() { Vec::new() } else { steps.iter().map(|s| s.line).collect() };
    let answer = |l: &[usize]| Answer::Rebuilt(l.iter().copied().collect());
    with_app(|client, _| async move {
        let right = (answer(&lines), joined(lines.iter().copied()));
        wrong_then_right(&client, &lesson, &exercise, (answer(&wrong), joined(wrong.iter().copied())), right).await;
    })
    .await;
}

#[tokio::test]
async fn choose_is_graded_option_by_option() {
    let (lesson, exercise) = exercise_of(Kind::Choose, |_| true);
    let Task::Choose { options } = &exercise.task else { unreachable!() };
    let correct: Vec<usize> = (0..options.len()).filter(|&i| options[i].correct).collect();
    let wrong: Vec<usize> = vec![(0..options.len()).find(|&i| !options[i].correct).expect("a wrong option")];
    let answer = |l: &[usize]| Answer::Choices(l.iter().copied().collect());
    with_app(|client, _| async move {
        let right = (answer(&correct), joined(correct.iter().copied()));
        wrong_then_right(&client, &lesson, &exercise, (answer(&wrong), joined(wrong.iter().copied())), right).await;
    })
    .await;
}

#[tokio::test]
async fn fix_it_is_graded_by_its_goals_over_the_engines_build() {
    // The form edits the Dockerfile and the run line; the solution must need no other file.
    let (lesson, exercise) = exercise_of(
        Kind::FixIt,
        |e| matches!(&e.task, Task::FixIt { project, solution, .. } if project.files == solution.files && project.build_args == solution.build_args),
    );
    let Task::FixIt { project, solution, .. } = &exercise.task else { unreachable!() };
    let answer = |dockerfile: &str, run: &str| {
        let mut spec = project.clone();
        spec.dockerfile = dockerfile.to_owned();
        let changed = run != project.run_line();
        (
            Answer::Project { project: spec.to_project(), run: changed.then(|| run.to_owned()) },
            format!("{dockerfile}\u{0}{run}"),
        )
    };
    let wrong = answer(&project.dockerfile, project.run_line());
    let right = answer(&solution.dockerfile, solution.run_line());
    with_app(|client, _| async move {
        wrong_then_right(&client, &lesson, &exercise, wrong, right).await;
    })
    .await;
}

#[tokio::test]
async fn a_terminal_task_is_graded_on_the_daemons_state() {
    let (lesson, exercise) = exercise_of(Kind::TerminalTask, |_| true);
    let Task::TerminalTask { solution, .. } = &exercise.task else { unreachable!() };
    let right = (Answer::Commands(solution.clone()), solution.join("\n"));
    let wrong = (Answer::Commands(vec!["docker ps".into()]), "docker ps".to_owned());
    with_app(|client, _| async move {
        wrong_then_right(&client, &lesson, &exercise, wrong, right).await;
    })
    .await;
}
