//! Lesson files → `Lesson`: TOML read with spans, then every rule of
//! `FORMAT.md` that serde cannot say, each error located at a file, line and
//! column. Engine checks (does the solution pass?) are `check.rs`'s.

use crate::goals::{Predicate, Scope};
use crate::markdown::Markdown;
use crate::model::{Choice, Edit, Example, Exercise, Goal, Kind, Lesson, ProjectSpec, SetupStep, Task};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use toml::Spanned;

/// The Dockerfile's path in a project: the core's `playground::DOCKERFILE`
/// (a test says so), named here because the build script compiles this
/// module without the core.
const DOCKERFILE: &str = "Dockerfile";

/// A lesson file that breaks the format, where it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for LoadError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    id: Spanned<String>,
    number: Spanned<u32>,
    title: String,
    topics: Spanned<Vec<String>>,
    summary: String,
    explanation: Spanned<String>,
    interview_answer: Spanned<String>,
    example: RawExample,
    exercises: Spanned<Vec<Spanned<RawExercise>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    title: String,
    walkthrough: Spanned<String>,
    dockerfile: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    executable: Vec<String>,
    #[serde(default)]
    build_args: BTreeMap<String, String>,
    target: Option<String>,
    run: Option<String>,
    #[serde(default)]
    commands: Vec<String>,
}

/// A project, or (every key optional) an overlay on one.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProject {
    dockerfile: Option<String>,
    files: Option<BTreeMap<String, String>>,
    executable: Option<Vec<String>>,
    build_args: Option<BTreeMap<String, String>>,
    target: Option<String>,
    run: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    id: String,
    kind: Spanned<String>,
    title: String,
    prompt: Spanned<String>,
    #[serde(default)]
    hints: Vec<String>,
    explanation: Option<Spanned<String>>,
    project: Option<RawProject>,
    run: Option<String>,
    answer: Option<toml::Value>,
    edits: Option<Vec<Edit>>,
    solution: Option<toml::Value>,
    goals: Option<Vec<Spanned<toml::Table>>>,
    setup: Option<Vec<RawSetup>>,
    options: Option<Vec<Choice>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawSetup {
    Line(String),
    Edit(Edit),
}

/// Turns byte offsets of one file into errors with lines and columns.
struct Locator<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<LoadError>,
}

impl Locator<'_> {
    fn at(&self, offset: usize, message: String) -> LoadError {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        LoadError { file: self.file.to_string(), line, column, message }
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let e = self.at(offset, message.into());
        self.errors.push(e);
    }

    /// Reads a Markdown string value; its errors point into the file, at the
    /// line inside the string.
    fn markdown(&mut self, value: &Spanned<String>) -> Markdown {
        match Markdown::parse(value.get_ref()) {
            Ok(md) => md,
            Err(e) => {
                let start = value.span().start;
                let quote = &self.text[start..];
                let mut content = start;
                if quote.starts_with("\"\"\"") || quote.starts_with("'''") {
                    content += 3;
                    if self.text[content..].starts_with('\n') {
                        content += 1;
                    } else if self.text[content..].starts_with("\r\n") {
                        content += 2;
                    }
                } else {
                    content += 1;
                }
                let line_start = self.text[content..].split_inclusive('\n').take(e.line).map(str::len).sum::<usize>();
                self.error(content + line_start, e.message);
                Markdown { source: value.get_ref().clone(), blocks: Vec::new() }
            }
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_clean_path(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && p.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads one lesson file. Every problem is reported, not only the first.
pub fn parse_lesson(file: &str, text: &str) -> Result<Lesson, Vec<LoadError>> {
    let mut loc = Locator { file, text, errors: Vec::new() };
    let raw: RawLesson = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().to_string();
            return Err(vec![loc.at(offset, message)]);
        }
    };
    if !is_slug(raw.id.get_ref()) {
        loc.error(raw.id.span().start, "`id` must be lowercase letters, digits and dashes");
    }
    let expected = format!("{:02}-{}.toml", raw.number.get_ref(), raw.id.get_ref());
    if file != expected {
        loc.error(
            raw.id.span().start,
            format!("the file of lesson {} `{}` must be named `{expected}`", raw.number.get_ref(), raw.id.get_ref()),
        );
    }
    if *raw.number.get_ref() == 0 {
        loc.error(raw.number.span().start, "`number` starts at 1");
    }
    if raw.topics.get_ref().is_empty() || !raw.topics.get_ref().iter().all(|t| is_slug(t)) {
        loc.error(
            raw.topics.span().start,
            "`topics` needs at least one tag, each lowercase letters, digits and dashes",
        );
    }
    let explanation = loc.markdown(&raw.explanation);
    let interview_answer = loc.markdown(&raw.interview_answer);
    let example = example(&mut loc, raw.example);
    let mut exercises = Vec::new();
    let mut seen = BTreeSet::new();
    for spanned in raw.exercises.get_ref() {
        let start = spanned.span().start;
        let ex = spanned.get_ref();
        if !is_slug(&ex.id) {
            loc.error(start, format!("exercise id `{}` must be lowercase letters, digits and dashes", ex.id));
        }
        if !seen.insert(ex.id.clone()) {
            loc.error(start, format!("two exercises are called `{}`", ex.id));
        }
        if let Some(exercise) = exercise(&mut loc, start, ex) {
            exercises.push(exercise);
        }
    }
    // Counted from the kinds as written, so a broken exercise reports its own
    // error and not also this one.
    let engine_graded = raw.exercises.get_ref().iter().filter(|e| e.get_ref().kind.get_ref() != "choose").count();
    if raw.exercises.get_ref().len() < 2 || engine_graded < 2 {
        loc.error(
            raw.exercises.span().start,
            "a lesson needs at least two exercises graded by the engine (any kind but `choose`)",
        );
    }
    if !loc.errors.is_empty() {
        return Err(loc.errors);
    }
    Ok(Lesson {
        id: raw.id.into_inner(),
        number: raw.number.into_inner(),
        title: raw.title,
        topics: raw.topics.into_inner(),
        summary: raw.summary,
        explanation,
        interview_answer,
        example,
        exercises,
        file: file.to_string(),
    })
}

/// Lessons from (file name, text) pairs, in course order, or every problem
/// found (numbers must be unique).
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Vec<Lesson>, Vec<LoadError>> {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in files {
        match parse_lesson(file, text) {
            Ok(lesson) => lessons.push(lesson),
            Err(e) => errors.extend(e),
        }
    }
    lessons.sort_by_key(|l| l.number);
    for pair in lessons.windows(2) {
        if pair[0].number == pair[1].number {
            errors.push(LoadError {
                file: pair[1].file.clone(),
                line: 1,
                column: 1,
                message: format!("lesson number {} is also `{}`'s", pair[1].number, pair[0].file),
            });
        }
    }
    if errors.is_empty() {
        Ok(lessons)
    } else {
        Err(errors)
    }
}

fn example(loc: &mut Locator<'_>, raw: RawExample) -> Example {
    let walkthrough = loc.markdown(&raw.walkthrough);
    let project = ProjectSpec {
        dockerfile: raw.dockerfile,
        files: raw.files,
        executable: raw.executable,
        build_args: raw.build_args,
        target: raw.target,
        run: raw.run,
    };
    check_project(loc, raw.walkthrough.span().start, &project, "the example");
    Example { title: raw.title, walkthrough, project, commands: raw.commands }
}

fn check_project(loc: &mut Locator<'_>, at: usize, project: &ProjectSpec, whose: &str) {
    for path in project.files.keys() {
        if !is_clean_path(path) || path == DOCKERFILE {
            loc.error(at, format!("{whose}: `{path}` is not a clean relative path other than `Dockerfile`"));
        }
    }
    for path in &project.executable {
        if !project.files.contains_key(path) {
            loc.error(at, format!("{whose}: `{path}` is executable but not in `files`"));
        }
    }
}

/// Which keys each kind takes beyond the common ones.
fn allowed(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::PredictArgv => &["project", "run", "answer"],
        Kind::PredictCache => &["project", "edits", "answer"],
        Kind::FixIt => &["project", "solution", "goals"],
        Kind::TerminalTask => &["project", "setup", "solution", "goals"],
        Kind::Choose => &["options"],
    }
}

fn exercise(loc: &mut Locator<'_>, at: usize, raw: &RawExercise) -> Option<Exercise> {
    let Some(kind) = Kind::parse(raw.kind.get_ref()) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        loc.error(
            raw.kind.span().start,
            format!("unknown kind `{}` (one of {})", raw.kind.get_ref(), names.join(", ")),
        );
        return None;
    };
    let given = [
        ("project", raw.project.is_some()),
        ("run", raw.run.is_some()),
        ("answer", raw.answer.is_some()),
        ("edits", raw.edits.is_some()),
        ("solution", raw.solution.is_some()),
        ("goals", raw.goals.is_some()),
        ("setup", raw.setup.is_some()),
        ("options", raw.options.is_some()),
    ];
    let errors_before = loc.errors.len();
    for (key, present) in given {
        if present && !allowed(kind).contains(&key) {
            loc.error(at, format!("exercise `{}`: a {} exercise takes no `{key}`", raw.id, kind.as_str()));
        }
    }
    for (key, present) in given {
        let optional = matches!(key, "answer" | "setup");
        if !present && !optional && allowed(kind).contains(&key) {
            loc.error(at, format!("exercise `{}`: a {} exercise needs `{key}`", raw.id, kind.as_str()));
        }
    }
    if loc.errors.len() > errors_before {
        return None;
    }
    let mut project = || {
        let none = RawProject::default();
        let p = raw.project.as_ref().unwrap_or(&none);
        let Some(dockerfile) = p.dockerfile.clone() else {
            loc.error(at, format!("exercise `{}`: `project` needs a `dockerfile`", raw.id));
            return ProjectSpec::default();
        };
        let spec = ProjectSpec {
            dockerfile,
            files: p.files.clone().unwrap_or_default(),
            executable: p.executable.clone().unwrap_or_default(),
            build_args: p.build_args.clone().unwrap_or_default(),
            target: p.target.clone(),
            run: p.run.clone(),
        };
        check_project(loc, at, &spec, &format!("exercise `{}`", raw.id));
        spec
    };
    let task = match kind {
        Kind::PredictArgv => {
            let project = project();
            let answer = match &raw.answer {
                None => None,
                Some(v) => match v.clone().try_into::<Vec<String>>() {
                    Ok(words) => Some(words),
                    Err(_) => {
                        loc.error(at, format!("exercise `{}`: `answer` is the argv, an array of strings", raw.id));
                        None
                    }
                },
            };
            Task::PredictArgv { project, run: raw.run.clone().unwrap_or_default(), answer }
        }
        Kind::PredictCache => {
            let project = project();
            let edits = raw.edits.clone().unwrap_or_default();
            if edits.is_empty() {
                loc.error(at, format!("exercise `{}`: `edits` needs at least one edit", raw.id));
            }
            let answer = match &raw.answer {
                None => None,
                Some(v) => match v.clone().try_into::<Vec<usize>>() {
                    Ok(lines) => Some(lines),
                    Err(_) => {
                        loc.error(
                            at,
                            format!("exercise `{}`: `answer` is the rebuilt lines, an array of integers", raw.id),
                        );
                        None
                    }
                },
            };
            Task::PredictCache { project, edits, answer }
        }
        Kind::FixIt => {
            let project = project();
            let overlay =
                raw.solution.clone().unwrap_or(toml::Value::Table(Default::default())).try_into::<RawProject>();
            let solution = match overlay {
                Ok(o) => overlay_on(&project, o),
                Err(e) => {
                    loc.error(at, format!("exercise `{}`: `solution` is a project overlay: {}", raw.id, e.message()));
                    project.clone()
                }
            };
            check_project(loc, at, &solution, &format!("exercise `{}`'s solution", raw.id));
            let goals = goals(loc, raw, Scope::Project);
            Task::FixIt { project, solution, goals }
        }
        Kind::TerminalTask => {
            let project = project();
            let solution =
                match raw.solution.clone().unwrap_or(toml::Value::Array(Vec::new())).try_into::<Vec<String>>() {
                    Ok(lines) => lines,
                    Err(_) => {
                        loc.error(at, format!("exercise `{}`: `solution` is an array of `docker …` lines", raw.id));
                        Vec::new()
                    }
                };
            let setup = raw
                .setup
                .iter()
                .flatten()
                .map(|s| match s {
                    RawSetup::Line(line) => SetupStep::Command { line: line.clone() },
                    RawSetup::Edit(edit) => SetupStep::Edit { edit: edit.clone() },
                })
                .collect();
            for line in solution.iter().chain(raw.setup.iter().flatten().filter_map(|s| match s {
                RawSetup::Line(l) => Some(l),
                RawSetup::Edit(_) => None,
            })) {
                if !line.starts_with("docker ") {
                    loc.error(at, format!("exercise `{}`: `{line}` is not a `docker …` line", raw.id));
                }
            }
            let goals = goals(loc, raw, Scope::Daemon);
            Task::TerminalTask { project, setup, solution, goals }
        }
        Kind::Choose => {
            let options = raw.options.clone().unwrap_or_default();
            if options.len() < 2 || !options.iter().any(|o| o.correct) {
                loc.error(
                    at,
                    format!("exercise `{}`: a choose exercise needs at least two options, one of them correct", raw.id),
                );
            }
            Task::Choose { options }
        }
    };
    Some(Exercise {
        id: raw.id.clone(),
        title: raw.title.clone(),
        prompt: loc.markdown(&raw.prompt),
        hints: raw.hints.clone(),
        explanation: raw.explanation.as_ref().map(|e| loc.markdown(e)),
        task,
        line: loc.at(at, String::new()).line,
    })
}

fn overlay_on(start: &ProjectSpec, o: RawProject) -> ProjectSpec {
    let mut files = start.files.clone();
    files.extend(o.files.unwrap_or_default());
    ProjectSpec {
        dockerfile: o.dockerfile.unwrap_or_else(|| start.dockerfile.clone()),
        files,
        executable: o.executable.unwrap_or_else(|| start.executable.clone()),
        build_args: o.build_args.unwrap_or_else(|| start.build_args.clone()),
        target: o.target.or_else(|| start.target.clone()),
        run: o.run.or_else(|| start.run.clone()),
    }
}

fn goals(loc: &mut Locator<'_>, raw: &RawExercise, scope: Scope) -> Vec<Goal> {
    let tables = raw.goals.as_deref().unwrap_or_default();
    if tables.is_empty() {
        loc.error(raw.kind.span().start, format!("exercise `{}`: `goals` needs at least one goal", raw.id));
    }
    let mut goals = Vec::new();
    for table in tables {
        let at = table.span().start;
        let mut rest = table.get_ref().clone();
        let hint = match rest.remove("hint") {
            Some(toml::Value::String(hint)) => hint,
            _ => {
                loc.error(at, format!("exercise `{}`: every goal needs a `hint` string", raw.id));
                continue;
            }
        };
        match toml::Value::Table(rest).try_into::<Predicate>() {
            Ok(predicate) if predicate.scope() == scope => goals.push(Goal { predicate, hint }),
            Ok(predicate) => {
                let whose = if scope == Scope::Project { "a fix-it" } else { "a terminal-task" };
                loc.error(
                    at,
                    format!("exercise `{}`: `{}` cannot be a goal of {whose} exercise", raw.id, predicate.describe()),
                );
            }
            Err(e) => loc.error(at, format!("exercise `{}`: goal: {}", raw.id, e.message())),
        }
    }
    goals
}

#[cfg(test)]
mod tests;
