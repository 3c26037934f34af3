//! Layerlab's lessons: TOML files in `lessons/content/` (format in
//! `lessons/FORMAT.md`), read and validated at build time and compiled into
//! code that constructs them (`build.rs`), and exercises graded by running
//! the core — the run resolver, the build's cache
//! decisions, lint, the daemon's state — never by comparing strings.
//!
//! The app calls [`load_all`] once, then [`grade`] per Check; every result
//! type is `Serialize`. Pure Rust, no I/O: builds for wasm32.

mod baked;
mod check;
mod drill;
mod edit;
mod goals;
mod grade;
mod interview;
mod markdown;
mod model;
mod parse;
mod project;
mod render;
mod review;

pub use check::{check_exercise, check_lesson, ExerciseCheck};
pub use drill::{argv_drill, cache_drill, Rng};
pub use goals::{evaluate_daemon, evaluate_project, GoalResult, Predicate, Scope};
pub use grade::{cache_steps, grade, run_terminal, solve, Answer, CacheStep, Grade, Solution, TerminalRun};
pub use interview::{interview_set, QUICK};
pub use markdown::{Block, Markdown};
pub use model::{
    Choice, Edit, Example, Exercise, Goal, Kind, Lesson, ProjectSpec, SetupStep, Task, DEFAULT_RUN, IMAGE_TAG,
};
pub use parse::{load, parse_lesson, LoadError};
pub use project::{apply, Built, NOW};
pub use render::{render, render_exercise};
pub use review::{due, Card, DAY_MS};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

/// Every lesson file embedded in the build: (file name, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// Every embedded lesson, in course order, or every problem found: what
/// [`load`] makes of [`files`], done at build time (`build.rs`), so this
/// only constructs the values.
pub fn load_all() -> Result<Vec<Lesson>, Vec<LoadError>> {
    baked::load()
}

/// An edit in words (`edit app.py`, `--build-arg BUILD_DATE=…`).
pub fn describe_edit(edit: &Edit) -> String {
    match edit {
        Edit::Set { file, .. } => format!("change {file}"),
        Edit::Append { file, text } => format!("append to {file}: {}", text.trim_end()),
        Edit::Replace { file, old, new } => {
            format!("in {file}, replace `{}` with `{}`", old.trim_end(), new.trim_end())
        }
        Edit::Delete { file } => format!("delete {file}"),
        Edit::BuildArg { name, value: Some(v) } => format!("build with --build-arg {name}={v}"),
        Edit::BuildArg { name, value: None } => format!("build without --build-arg {name}"),
        Edit::NoCache => "build with --no-cache".into(),
    }
}
