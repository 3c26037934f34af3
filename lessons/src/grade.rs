//! Grading: the learner's answer against what the core computes. Every kind
//! but `choose` runs the engine; a result is per goal (or per step, or per
//! option), with the engine's reasoning as the explanation and the failed
//! goal's hint.

use crate::goals::{evaluate_daemon, evaluate_project, GoalResult};
use crate::model::{Edit, Exercise, ProjectSpec, SetupStep, Task};
use crate::project::{apply, Built, NOW};
use layerlab_core::build::StepReport;
use layerlab_core::playground::{Playground, Project};
use serde::Serialize;
use std::collections::BTreeSet;

/// A learner's answer, one form per kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// predict-argv: the words of the process.
    Argv(Vec<String>),
    /// predict-cache: the lines of the steps that rebuild.
    Rebuilt(BTreeSet<usize>),
    /// fix-it: the edited project, and the run line if the learner changed it.
    Project { project: Project, run: Option<String> },
    /// terminal-task: the `docker …` lines typed, in order.
    Commands(Vec<String>),
    /// choose: indexes of the options picked.
    Choices(BTreeSet<usize>),
}

/// The Check button's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub passed: bool,
    /// One row per goal, step or option, each with the engine's reasoning.
    pub goals: Vec<GoalResult>,
    /// The engine's own account of the answer (the resolver's steps, each
    /// step's cache decision, the commands' output).
    pub explanation: Vec<String>,
    /// The first failed goal's hint, else the exercise's first hint.
    pub hint: Option<String>,
}

/// What the engine says the answer to a predict exercise is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "answer", rename_all = "kebab-case")]
pub enum Solution {
    Argv { argv: Vec<String>, explanation: Vec<String> },
    Rebuilt { lines: Vec<usize>, steps: Vec<CacheStep> },
}

/// A layer step of the second build of a predict-cache exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStep {
    pub line: usize,
    pub instruction: String,
    pub rebuilt: bool,
    /// The simulator's decision in words (the cause of a miss).
    pub reason: String,
}

impl From<&StepReport> for CacheStep {
    fn from(s: &StepReport) -> CacheStep {
        CacheStep { line: s.line, instruction: s.instruction.clone(), rebuilt: s.rebuilt(), reason: s.reason() }
    }
}

/// Computes a predict exercise's answer with the engine.
pub fn solve(exercise: &Exercise) -> Result<Solution, String> {
    match &exercise.task {
        Task::PredictArgv { project, run, .. } => {
            let built = Built::new(&project.to_project());
            let dry = built.dry_run(run)?;
            Ok(Solution::Argv { argv: dry.argv.iter().map(|w| w.word.clone()).collect(), explanation: dry.explanation })
        }
        Task::PredictCache { project, edits, .. } => {
            let steps = cache_steps(project, edits)?;
            let lines = steps.iter().filter(|s| s.rebuilt).map(|s| s.line).collect();
            Ok(Solution::Rebuilt { lines, steps })
        }
        _ => Err(format!("`{}` is not a predict exercise", exercise.id)),
    }
}

/// Builds `project`, applies `edits`, builds again: the second build's
/// layer steps.
pub fn cache_steps(project: &ProjectSpec, edits: &[Edit]) -> Result<Vec<CacheStep>, String> {
    let first = Built::new(&project.to_project());
    first.image().map_err(|e| format!("the first build: {e}"))?;
    let mut edited = first.project.clone();
    let mut no_cache = false;
    for edit in edits {
        apply(&mut edited, edit, &mut no_cache)?;
    }
    let second = first.rebuild(&edited, no_cache);
    second.image().map_err(|e| format!("the build after the edit: {e}"))?;
    let outcome = second.outcome()?;
    Ok(outcome.steps.iter().filter(|s| s.cache.is_some()).map(CacheStep::from).collect())
}

/// The terminal after `setup` then `lines`: the playground (its daemon),
/// the project as the edits left it, and what each line printed.
pub struct TerminalRun {
    pub playground: Playground,
    pub project: Project,
    pub transcript: Vec<String>,
    /// A setup line that failed, with its output.
    pub setup_error: Option<String>,
}

/// Runs a terminal task's setup, then the learner's lines. The clock
/// starts at [`NOW`] and moves 10 seconds per line.
pub fn run_terminal(spec: &ProjectSpec, setup: &[SetupStep], lines: &[String]) -> TerminalRun {
    let mut run = TerminalRun {
        playground: Playground::new(),
        project: spec.to_project(),
        transcript: Vec::new(),
        setup_error: None,
    };
    let mut now = NOW;
    let mut no_cache = false;
    for step in setup {
        match step {
            SetupStep::Command { line } => {
                let out = run.playground.terminal(line, &run.project, now);
                now += 10;
                if out.status != 0 && run.setup_error.is_none() {
                    run.setup_error = Some(format!("`{line}` failed: {}", out.stderr.trim_end()));
                }
            }
            SetupStep::Edit { edit } => {
                if let Err(e) = apply(&mut run.project, edit, &mut no_cache) {
                    run.setup_error.get_or_insert(e);
                }
            }
        }
    }
    for line in lines {
        let out = run.playground.terminal(line, &run.project, now);
        now += 10;
        run.transcript.push(format!("$ {line}"));
        run.transcript.extend(out.stdout.lines().chain(out.stderr.lines()).map(str::to_string));
    }
    run
}

fn first_hint(goals: &[GoalResult], exercise: &Exercise) -> Option<String> {
    goals.iter().find_map(|g| g.hint.clone()).or_else(|| exercise.hints.first().cloned())
}

fn mismatch(kind: &str) -> Grade {
    Grade {
        passed: false,
        goals: Vec::new(),
        explanation: vec![format!("this exercise takes {kind} as its answer")],
        hint: None,
    }
}

fn engine_error(why: String) -> Grade {
    Grade { passed: false, goals: Vec::new(), explanation: vec![why], hint: None }
}

/// Grades `answer` to `exercise`.
pub fn grade(exercise: &Exercise, answer: &Answer) -> Grade {
    match (&exercise.task, answer) {
        (Task::PredictArgv { .. }, Answer::Argv(words)) => {
            let Ok(Solution::Argv { argv, explanation }) = solve(exercise) else {
                return engine_error(solve(exercise).err().unwrap_or_default());
            };
            let passed = &argv == words;
            let goal = GoalResult {
                goal: "the argv Docker starts".into(),
                passed,
                detail: vec![format!("you said {words:?}")],
                hint: None,
            };
            let goals = vec![goal];
            let hint = if passed { None } else { exercise.hints.first().cloned() };
            Grade { passed, goals, explanation: explanation.clone(), hint }
        }
        (Task::PredictCache { project, edits, .. }, Answer::Rebuilt(marked)) => {
            let steps = match cache_steps(project, edits) {
                Ok(steps) => steps,
                Err(why) => return engine_error(why),
            };
            let goals: Vec<GoalResult> = steps
                .iter()
                .map(|s| {
                    let said = marked.contains(&s.line);
                    let verb = if s.rebuilt { "runs again" } else { "comes from the cache" };
                    GoalResult {
                        goal: format!("line {} `{}` {verb}", s.line, s.instruction),
                        passed: said == s.rebuilt,
                        detail: vec![s.reason.clone()],
                        hint: None,
                    }
                })
                .collect();
            let known: BTreeSet<usize> = steps.iter().map(|s| s.line).collect();
            let stray: Vec<usize> = marked.difference(&known).copied().collect();
            let passed = goals.iter().all(|g| g.passed) && stray.is_empty();
            let mut explanation: Vec<String> =
                steps.iter().map(|s| format!("line {} `{}`: {}", s.line, s.instruction, s.reason)).collect();
            if !stray.is_empty() {
                explanation.push(format!("lines {stray:?} are not steps with a layer, so they have no cache decision"));
            }
            let hint = if passed { None } else { exercise.hints.first().cloned() };
            Grade { passed, goals, explanation, hint }
        }
        (Task::FixIt { project: spec, goals, .. }, Answer::Project { project, run }) => {
            let built = Built::new(project);
            let run = run.as_deref().unwrap_or_else(|| spec.run_line());
            let results: Vec<GoalResult> = goals.iter().map(|g| evaluate_project(g, &built, run)).collect();
            let passed = results.iter().all(|r| r.passed);
            // The goals that failed, each with the engine's figures (all of
            // them when everything passed), rather than a fresh build's steps,
            // which are all first builds.
            let explanation = results
                .iter()
                .filter(|r| passed || !r.passed)
                .map(|r| format!("{}: {}", r.goal, r.detail.join("; ")))
                .collect();
            let hint = if passed { None } else { first_hint(&results, exercise) };
            Grade { passed, goals: results, explanation, hint }
        }
        (Task::TerminalTask { project, setup, goals, .. }, Answer::Commands(lines)) => {
            let run = run_terminal(project, setup, lines);
            if let Some(why) = run.setup_error {
                return engine_error(format!("the exercise's setup failed: {why}"));
            }
            let results: Vec<GoalResult> = goals.iter().map(|g| evaluate_daemon(g, run.playground.session())).collect();
            let passed = results.iter().all(|r| r.passed);
            let hint = if passed { None } else { first_hint(&results, exercise) };
            Grade { passed, goals: results, explanation: run.transcript, hint }
        }
        (Task::Choose { options }, Answer::Choices(picked)) => {
            let goals: Vec<GoalResult> = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let chosen = picked.contains(&i);
                    GoalResult {
                        goal: o.text.clone(),
                        passed: chosen == o.correct,
                        detail: vec![o.why.clone()],
                        hint: None,
                    }
                })
                .collect();
            let passed = goals.iter().all(|g| g.passed) && picked.iter().all(|i| *i < options.len());
            let explanation = goals.iter().filter(|g| !g.passed).flat_map(|g| g.detail.clone()).collect();
            let hint = if passed { None } else { exercise.hints.first().cloned() };
            Grade { passed, goals, explanation, hint }
        }
        (Task::PredictArgv { .. }, _) => mismatch("an argv"),
        (Task::PredictCache { .. }, _) => mismatch("the rebuilt lines"),
        (Task::FixIt { .. }, _) => mismatch("a project"),
        (Task::TerminalTask { .. }, _) => mismatch("docker command lines"),
        (Task::Choose { .. }, _) => mismatch("the chosen options"),
    }
}
