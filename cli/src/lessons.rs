//! `layerlab lessons`: the course from a terminal — list it (`--json` for
//! scripts), check every exercise against the engine (for authors and CI),
//! and show a lesson.

use anyhow::Context;
use clap::{Args, Subcommand};
use layerlab_lessons::{
    argv_drill, cache_drill, check_lesson, load, load_all, render, render_exercise, solve, Lesson, LoadError, Solution,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct LessonsArgs {
    /// Read the lesson files (*.toml) from this directory instead of those
    /// built in (for authors: no rebuild between edits).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[command(subcommand)]
    command: LessonsCommand,
}

#[derive(Subcommand)]
enum LessonsCommand {
    /// List the lessons in course order, with their exercises.
    List {
        /// One JSON array: [{"id", "title", "topics": [...], "exercises": [{"id", "kind"}]}].
        #[arg(long)]
        json: bool,
    },
    /// Grade every exercise against its reference: the solution meets its
    /// goals, the starting state does not, stored answers are the engine's,
    /// examples build. Exits 1 if any fails.
    Check {
        /// Check only this lesson.
        id: Option<String>,
    },
    /// Print a lesson: explanation, worked example, interview answer, exercises.
    Show {
        /// The lesson's id (as `lessons list` prints it) or number.
        id: String,
    },
    /// A generated question, the same for the same seed, answered by the engine
    /// with --answer.
    Drill {
        #[arg(value_enum)]
        kind: DrillKind,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also print the engine's answer and its reasoning.
        #[arg(long)]
        answer: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DrillKind {
    /// CMD, ENTRYPOINT and a run line: predict the argv.
    Argv,
    /// A Dockerfile and an edit: predict which steps rebuild.
    Cache,
}

pub fn run(args: &LessonsArgs) -> anyhow::Result<ExitCode> {
    if let LessonsCommand::Drill { kind, seed, answer } = &args.command {
        return Ok(drill(*kind, *seed, *answer));
    }
    let loaded = match &args.dir {
        Some(dir) => read_dir(dir)?,
        None => load_all(),
    };
    let lessons = match loaded {
        Ok(lessons) => lessons,
        Err(errors) => {
            for error in errors {
                eprintln!("{error}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    match &args.command {
        LessonsCommand::List { json } => {
            if *json {
                println!("{}", serde_json::to_string_pretty(&list_json(&lessons))?);
            } else {
                for lesson in &lessons {
                    println!(
                        "{:>2}  {:<28} {} ({} exercises)",
                        lesson.number,
                        lesson.id,
                        lesson.title,
                        lesson.exercises.len()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        LessonsCommand::Check { id } => {
            let chosen: Vec<&Lesson> = match id {
                Some(id) => match find(&lessons, id) {
                    Some(lesson) => vec![lesson],
                    None => return Ok(unknown(&lessons, id)),
                },
                None => lessons.iter().collect(),
            };
            let (mut passed, mut failed) = (0, 0);
            for lesson in chosen {
                for check in check_lesson(lesson) {
                    if check.ok() {
                        passed += 1;
                        println!("ok    {}/{}", check.lesson, check.exercise);
                    } else {
                        failed += 1;
                        println!("FAIL  {}/{}", check.lesson, check.exercise);
                        for problem in &check.problems {
                            println!("      {problem}");
                        }
                    }
                }
            }
            println!("{passed} passed, {failed} failed");
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        LessonsCommand::Drill { .. } => Ok(ExitCode::SUCCESS),
        LessonsCommand::Show { id } => match find(&lessons, id) {
            Some(lesson) => {
                print!("{}", render(lesson));
                Ok(ExitCode::SUCCESS)
            }
            None => Ok(unknown(&lessons, id)),
        },
    }
}

fn drill(kind: DrillKind, seed: u64, answer: bool) -> ExitCode {
    let exercise = match kind {
        DrillKind::Argv => argv_drill(seed),
        DrillKind::Cache => cache_drill(seed),
    };
    print!("{}", render_exercise(&format!("{} (seed {seed})", exercise.title), &exercise));
    if !answer {
        return ExitCode::SUCCESS;
    }
    match solve(&exercise) {
        Ok(Solution::Argv { argv, explanation }) => {
            println!("Answer: {argv:?}");
            for line in explanation {
                println!("  - {line}");
            }
        }
        Ok(Solution::Rebuilt { lines, steps }) => {
            println!("Answer: lines {lines:?} run again");
            for s in steps {
                println!("  - line {} `{}`: {}", s.line, s.instruction, s.reason);
            }
        }
        Err(why) => {
            eprintln!("layerlab: {why}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// The lessons of a directory, read as the built-in ones are.
fn read_dir(dir: &Path) -> anyhow::Result<Result<Vec<Lesson>, Vec<LoadError>>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            files.push((name, text));
        }
    }
    files.sort();
    Ok(load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))))
}

fn find<'a>(lessons: &'a [Lesson], id: &str) -> Option<&'a Lesson> {
    lessons.iter().find(|l| l.id == id || l.number.to_string() == id)
}

fn unknown(lessons: &[Lesson], id: &str) -> ExitCode {
    let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    eprintln!("layerlab: no lesson `{id}` (lessons: {})", ids.join(", "));
    ExitCode::from(1)
}

fn list_json(lessons: &[Lesson]) -> serde_json::Value {
    lessons
        .iter()
        .map(|l| {
            serde_json::json!({
                "id": l.id,
                "title": l.title,
                "topics": l.topics,
                "exercises": l.exercises.iter().map(|e| serde_json::json!({"id": e.id, "kind": e.kind().as_str()})).collect::<Vec<_>>(),
            })
        })
        .collect()
}
