//! `layerlab lessons check`: every exercise graded against its own
//! reference — the solution passes, the starting state does not, a predict
//! exercise's stored answer is the engine's — and every example builds.

use crate::goals::evaluate_project;
use crate::grade::{grade, run_terminal, solve, Answer, Solution};
use crate::model::{Exercise, Kind, Lesson, Task};
use crate::project::Built;
use serde::Serialize;
use std::collections::BTreeSet;

/// One exercise's validation (or the example's, with `exercise` = `example`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseCheck {
    pub lesson: String,
    pub exercise: String,
    pub kind: Option<Kind>,
    /// Empty when the exercise is sound.
    pub problems: Vec<String>,
}

impl ExerciseCheck {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the lesson's example and every exercise.
pub fn check_lesson(lesson: &Lesson) -> Vec<ExerciseCheck> {
    let mut checks = vec![ExerciseCheck {
        lesson: lesson.id.clone(),
        exercise: "example".into(),
        kind: None,
        problems: check_example(lesson),
    }];
    checks.extend(lesson.exercises.iter().map(|e| ExerciseCheck {
        lesson: lesson.id.clone(),
        exercise: e.id.clone(),
        kind: Some(e.kind()),
        problems: check_exercise(e),
    }));
    checks
}

fn check_example(lesson: &Lesson) -> Vec<String> {
    let spec = &lesson.example.project;
    let built = Built::new(&spec.to_project());
    if let Err(why) = built.image() {
        return vec![format!("the example does not build: {why}")];
    }
    match &spec.run {
        Some(line) => built.dry_run(line).err().map(|e| format!("the example's run line: {e}")).into_iter().collect(),
        None => Vec::new(),
    }
}

/// What is wrong with one exercise, by the engine's own answers.
pub fn check_exercise(exercise: &Exercise) -> Vec<String> {
    let mut problems = Vec::new();
    match &exercise.task {
        Task::PredictArgv { answer, .. } => match solve(exercise) {
            Ok(Solution::Argv { argv, .. }) => {
                if let Some(expected) = answer {
                    if expected != &argv {
                        problems.push(format!("the stored answer is {expected:?}, the engine computes {argv:?}"));
                    }
                }
                if !grade(exercise, &Answer::Argv(argv)).passed {
                    problems.push("the engine's own argv does not pass".into());
                }
            }
            Ok(other) => problems.push(format!("the engine answered {other:?}")),
            Err(why) => problems.push(why),
        },
        Task::PredictCache { answer, .. } => match solve(exercise) {
            Ok(Solution::Rebuilt { lines, steps }) => {
                if let Some(expected) = answer {
                    if expected != &lines {
                        problems
                            .push(format!("the stored answer is {expected:?}, the engine rebuilds lines {lines:?}"));
                    }
                }
                if steps.is_empty() {
                    problems.push("the second build has no step with a layer: nothing to predict".into());
                }
                if !grade(exercise, &Answer::Rebuilt(lines.into_iter().collect())).passed {
                    problems.push("the engine's own answer does not pass".into());
                }
            }
            Ok(other) => problems.push(format!("the engine answered {other:?}")),
            Err(why) => problems.push(why),
        },
        Task::FixIt { project, solution, goals } => {
            let start = Built::new(&project.to_project());
            let run = project.run_line();
            if goals.iter().all(|g| evaluate_project(g, &start, run).passed) {
                problems.push("the starting project already meets every goal".into());
            }
            let answer = Answer::Project { project: solution.to_project(), run: solution.run.clone() };
            for goal in grade(exercise, &answer).goals.iter().filter(|g| !g.passed) {
                problems.push(format!("the solution fails `{}`: {}", goal.goal, goal.detail.join("; ")));
            }
        }
        Task::TerminalTask { project, setup, solution, goals } => {
            let before = run_terminal(project, setup, &[]);
            if let Some(why) = before.setup_error {
                problems.push(format!("the setup fails: {why}"));
            } else {
                let session = before.playground.session();
                if goals.iter().all(|g| crate::goals::evaluate_daemon(g, session).passed) {
                    problems.push("every goal holds before the learner types anything".into());
                }
                let graded = grade(exercise, &Answer::Commands(solution.clone()));
                for goal in graded.goals.iter().filter(|g| !g.passed) {
                    problems.push(format!("the solution fails `{}`: {}", goal.goal, goal.detail.join("; ")));
                }
            }
        }
        Task::Choose { options } => {
            let correct: BTreeSet<usize> =
                options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect();
            if !grade(exercise, &Answer::Choices(correct)).passed {
                problems.push("picking exactly the correct options does not pass".into());
            }
            if grade(exercise, &Answer::Choices(BTreeSet::new())).passed {
                problems.push("picking nothing passes".into());
            }
        }
    }
    problems
}
