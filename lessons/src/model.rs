//! A lesson as the app and the CLI read it, after parsing and validation:
//! plain, serializable data (`lessons/FORMAT.md` is the file format it comes from).

use crate::markdown::Markdown;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One lesson file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lesson {
    pub id: String,
    /// Position in the course (the topic number).
    pub number: u32,
    pub title: String,
    pub topics: Vec<String>,
    pub summary: String,
    pub explanation: Markdown,
    pub interview_answer: Markdown,
    pub example: Example,
    pub exercises: Vec<Exercise>,
    /// The file it was read from (`03-cmd-vs-entrypoint.toml`).
    pub file: String,
}

impl Lesson {
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }
}

/// The worked example: a project that opens in the playground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub title: String,
    pub walkthrough: Markdown,
    pub project: ProjectSpec,
    /// `docker …` lines to try in the terminal.
    pub commands: Vec<String>,
}

/// A build context as a lesson writes it: the Dockerfile, text files, and
/// what `docker build`/`docker run` are given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProjectSpec {
    pub dockerfile: String,
    /// Path (relative to the context) → text.
    pub files: BTreeMap<String, String>,
    /// Paths in `files` with the executable bit.
    pub executable: Vec<String>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    /// The `docker run …` line that goes with the project.
    pub run: Option<String>,
}

/// The run line goals and examples use when none is given.
pub const DEFAULT_RUN: &str = "docker run app";
/// The tag a project's build gets, which run lines name.
pub const IMAGE_TAG: &str = "app";

impl ProjectSpec {
    /// The project's run line, or `docker run app`.
    pub fn run_line(&self) -> &str {
        self.run.as_deref().unwrap_or(DEFAULT_RUN)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// Unique in its lesson.
    pub id: String,
    pub title: String,
    pub prompt: Markdown,
    /// General hints, shown one at a time.
    pub hints: Vec<String>,
    /// Why the answer is what it is, shown after a pass.
    pub explanation: Option<Markdown>,
    pub task: Task,
    /// The 1-based line of the exercise's `[[exercises]]` header.
    pub line: usize,
}

impl Exercise {
    pub fn kind(&self) -> Kind {
        match &self.task {
            Task::PredictArgv { .. } => Kind::PredictArgv,
            Task::PredictCache { .. } => Kind::PredictCache,
            Task::FixIt { .. } => Kind::FixIt,
            Task::TerminalTask { .. } => Kind::TerminalTask,
            Task::Choose { .. } => Kind::Choose,
        }
    }
}

/// The exercise kinds, as `kind = "…"` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    PredictArgv,
    PredictCache,
    FixIt,
    TerminalTask,
    Choose,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::PredictArgv, Kind::PredictCache, Kind::FixIt, Kind::TerminalTask, Kind::Choose];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PredictArgv => "predict-argv",
            Kind::PredictCache => "predict-cache",
            Kind::FixIt => "fix-it",
            Kind::TerminalTask => "terminal-task",
            Kind::Choose => "choose",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Graded by running the core (every kind but multiple choice).
    pub fn engine_graded(self) -> bool {
        self != Kind::Choose
    }
}

/// What the learner is asked to do, with what grading needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Task {
    PredictArgv {
        project: ProjectSpec,
        run: String,
        /// The author's expectation, checked against the engine.
        answer: Option<Vec<String>>,
    },
    PredictCache {
        project: ProjectSpec,
        edits: Vec<Edit>,
        /// Lines of the layer steps the author expects to rebuild.
        answer: Option<Vec<usize>>,
    },
    FixIt {
        project: ProjectSpec,
        /// The reference solution, already merged over `project`.
        solution: ProjectSpec,
        goals: Vec<Goal>,
    },
    TerminalTask {
        project: ProjectSpec,
        setup: Vec<SetupStep>,
        solution: Vec<String>,
        goals: Vec<Goal>,
    },
    Choose {
        options: Vec<Choice>,
    },
}

/// A change to a project between two builds.
///
/// Serialized tagged (`{"edit": "set", "file", "text"}`); read back from
/// that form or from a lesson file's inline table (`edit.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum Edit {
    Set { file: String, text: String },
    Append { file: String, text: String },
    Replace { file: String, old: String, new: String },
    Delete { file: String },
    BuildArg { name: String, value: Option<String> },
    NoCache,
}

/// What happened before a terminal task starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum SetupStep {
    Command { line: String },
    Edit { edit: Edit },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub why: String,
}

/// A predicate over the engine's results, with the hint shown when it fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub predicate: crate::goals::Predicate,
    pub hint: String,
}
