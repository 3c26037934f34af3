//! An exercise's answer as the forms hold it (`Input`), turned into the
//! lessons crate's `Answer`; the reference solution as the views show it
//! (computed by the engine for predictions); a predict-cache exercise's
//! lines to tick.

use std::collections::BTreeSet;
use std::rc::Rc;

use layerlab_lessons::{Answer, CacheStep, Exercise, Solution, Task};
use serde::{Deserialize, Serialize};

/// What the learner entered, as the exercise's form holds it; the reducer
/// turns it into the crate's `Answer` (the words are split by the core).
/// Serialized as a worksheet's kept work (`sheet_work.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", content = "value", rename_all = "kebab-case")]
pub enum Input {
    /// predict-argv: the words as typed, split as a shell would.
    Words(String),
    /// predict-cache: the ticked Dockerfile lines.
    Lines(BTreeSet<usize>),
    /// fix-it: the edited Dockerfile and run line.
    Dockerfile { dockerfile: String, run: String },
    /// terminal-task: `docker …` lines, one per line.
    Commands(String),
    /// choose: the ticked options.
    Choices(BTreeSet<usize>),
}

impl Input {
    /// The empty answer of each kind (a fix-it starts from its project).
    pub fn first(exercise: &Exercise) -> Input {
        match &exercise.task {
            Task::PredictArgv { .. } => Input::Words(String::new()),
            Task::PredictCache { .. } => Input::Lines(BTreeSet::new()),
            Task::FixIt { project, .. } => {
                Input::Dockerfile { dockerfile: project.dockerfile.clone(), run: project.run_line().to_owned() }
            }
            Task::TerminalTask { .. } => Input::Commands(String::new()),
            Task::Choose { .. } => Input::Choices(BTreeSet::new()),
        }
    }

    /// Whether this form fits the exercise's kind (a kept value may not).
    pub fn fits(&self, task: &Task) -> bool {
        matches!(
            (self, task),
            (Input::Words(_), Task::PredictArgv { .. })
                | (Input::Lines(_), Task::PredictCache { .. })
                | (Input::Dockerfile { .. }, Task::FixIt { .. })
                | (Input::Commands(_), Task::TerminalTask { .. })
                | (Input::Choices(_), Task::Choose { .. })
        )
    }
}

/// The crate's answer for `input`, or why it cannot be read.
pub fn answer(task: &Task, input: Input) -> Result<Answer, String> {
    Ok(match (task, input) {
        (_, Input::Words(text)) => {
            let split = layerlab_core::run::words::split(&text).map_err(|e| e.to_string())?;
            Answer::Argv(split.words.into_iter().map(|w| w.text).collect())
        }
        (_, Input::Lines(lines)) => Answer::Rebuilt(lines),
        (Task::FixIt { project, .. }, Input::Dockerfile { dockerfile, run }) => {
            let mut spec = project.clone();
            spec.dockerfile = dockerfile;
            let run = run.trim();
            let changed = !run.is_empty() && run != project.run_line();
            Answer::Project { project: spec.to_project(), run: changed.then(|| run.to_owned()) }
        }
        (_, Input::Dockerfile { .. }) => return Err("not a fix-it exercise".into()),
        (_, Input::Commands(text)) => Answer::Commands(
            text.lines()
                .map(|l| l.trim().trim_start_matches("$ ").trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
        ),
        (_, Input::Choices(choices)) => Answer::Choices(choices),
    })
}

/// A predict-cache exercise's Dockerfile after the edits, and the lines of its layer steps.
pub type CacheLines = Rc<Result<(Vec<String>, Vec<usize>), String>>;

/// An exercise's reference answer in the form the view shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Reference {
    Argv {
        argv: Vec<String>,
        explanation: Vec<String>,
    },
    Rebuilt {
        steps: Vec<CacheStep>,
    },
    Dockerfile {
        dockerfile: String,
        run: Option<String>,
    },
    Commands(Vec<String>),
    /// Choose: the options' own explanations are shown instead.
    Options,
    /// The engine could not compute it (a lesson bug the crate's tests catch).
    Unavailable(String),
}

/// What "show the solution" shows: computed by the engine for predictions.
pub fn reference(exercise: &layerlab_lessons::Exercise) -> Reference {
    match &exercise.task {
        Task::PredictArgv { .. } | Task::PredictCache { .. } => match layerlab_lessons::solve(exercise) {
            Ok(Solution::Argv { argv, explanation }) => Reference::Argv { argv, explanation },
            Ok(Solution::Rebuilt { steps, .. }) => Reference::Rebuilt { steps },
            Err(why) => Reference::Unavailable(why),
        },
        Task::FixIt { project, solution, .. } => Reference::Dockerfile {
            dockerfile: solution.dockerfile.clone(),
            run: (solution.run != project.run).then(|| solution.run_line().to_owned()),
        },
        Task::TerminalTask { solution, .. } => Reference::Commands(solution.clone()),
        Task::Choose { .. } => Reference::Options,
    }
}

/// The layer steps of a predict-cache exercise's second build, as lines to
/// tick (the Dockerfile after the edits, each line with whether it is a step).
pub fn cache_lines(task: &Task) -> Result<(Vec<String>, Vec<usize>), String> {
    let Task::PredictCache { project, edits, .. } = task else { return Err("not a predict-cache exercise".into()) };
    let steps = layerlab_lessons::cache_steps(project, edits)?;
    let mut edited = project.to_project();
    let mut no_cache = false;
    for edit in edits {
        layerlab_lessons::apply(&mut edited, edit, &mut no_cache)?;
    }
    let lines = edited.dockerfile().lines().map(str::to_owned).collect();
    Ok((lines, steps.iter().map(|s| s.line).collect()))
}
