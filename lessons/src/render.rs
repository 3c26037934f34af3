//! A lesson as terminal text, for `layerlab lessons show`: the Markdown
//! blocks laid out plainly, the example's files, each exercise's prompt and
//! what it asks for. Answers and solutions are left out.

use crate::markdown::{plain_inline, Block, Markdown};
use crate::model::{Exercise, Lesson, ProjectSpec, Task};
use std::fmt::Write;

/// The whole lesson.
pub fn render(lesson: &Lesson) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}. {}", lesson.number, lesson.title);
    let _ = writeln!(out, "topics: {}\n", lesson.topics.join(", "));
    markdown(&mut out, &lesson.explanation);
    let _ = writeln!(out, "## Worked example: {}\n", lesson.example.title);
    markdown(&mut out, &lesson.example.walkthrough);
    project(&mut out, &lesson.example.project);
    if !lesson.example.commands.is_empty() {
        let _ = writeln!(out, "Try in the terminal:");
        for line in &lesson.example.commands {
            indented(&mut out, line);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Interview-ready answer\n");
    markdown(&mut out, &lesson.interview_answer);
    let _ = writeln!(out, "## Exercises\n");
    for (i, exercise) in lesson.exercises.iter().enumerate() {
        let heading =
            format!("### {}. {} [{}: {}/{}]", i + 1, exercise.title, exercise.kind().as_str(), lesson.id, exercise.id);
        out.push_str(&render_exercise(&heading, exercise));
    }
    out
}

/// One exercise under `heading`: its prompt and what it shows the learner
/// (never the answer).
pub fn render_exercise(heading: &str, exercise: &Exercise) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{heading}\n");
    markdown(&mut out, &exercise.prompt);
    match &exercise.task {
        Task::PredictArgv { project: p, run, .. } => {
            project(&mut out, p);
            let _ = writeln!(out, "Run line:\n    {run}\n");
        }
        Task::PredictCache { project: p, edits, .. } => {
            project(&mut out, p);
            let _ = writeln!(out, "Then:");
            for edit in edits {
                let _ = writeln!(out, "    {}", crate::describe_edit(edit));
            }
            out.push('\n');
        }
        Task::FixIt { project: p, goals, .. } => {
            project(&mut out, p);
            let _ = writeln!(out, "Goals:");
            for goal in goals {
                let _ = writeln!(out, "  - {}", goal.predicate.describe());
            }
            out.push('\n');
        }
        Task::TerminalTask { project: p, goals, .. } => {
            project(&mut out, p);
            let _ = writeln!(out, "Goals:");
            for goal in goals {
                let _ = writeln!(out, "  - {}", goal.predicate.describe());
            }
            out.push('\n');
        }
        Task::Choose { options } => {
            for (i, option) in options.iter().enumerate() {
                let _ = writeln!(out, "  {}) {}", (b'a' + i as u8) as char, plain_inline(&option.text));
            }
            out.push('\n');
        }
    }
    out
}

fn markdown(out: &mut String, md: &Markdown) {
    for block in &md.blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{}\n", wrap(&plain_inline(text), 88, ""));
            }
            Block::Heading { text, .. } => {
                let _ = writeln!(out, "{}\n{}\n", text, "-".repeat(text.chars().count()));
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let bullet = if *ordered { format!("{}. ", i + 1) } else { "- ".to_string() };
                    let body = wrap(&plain_inline(item), 86, "  ");
                    let _ = writeln!(out, "{bullet}{body}");
                }
                out.push('\n');
            }
            Block::Code { code, .. } => {
                for line in code.lines() {
                    indented(out, line);
                }
                out.push('\n');
            }
        }
    }
}

/// A line of code, indented four spaces (an empty one stays empty).
fn indented(out: &mut String, line: &str) {
    if line.is_empty() {
        out.push('\n');
    } else {
        let _ = writeln!(out, "    {line}");
    }
}

fn project(out: &mut String, p: &ProjectSpec) {
    let _ = writeln!(out, "Dockerfile:");
    for line in p.dockerfile.lines() {
        indented(out, line);
    }
    for (path, text) in &p.files {
        let _ = writeln!(out, "{path}:");
        for line in text.lines() {
            indented(out, line);
        }
    }
    out.push('\n');
}

/// Greedy word wrap; continuation lines start with `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.len();
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}
