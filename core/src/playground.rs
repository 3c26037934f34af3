//! The app's façade: a project (a Dockerfile, its context's files, build
//! arguments, a target) and one call per edit that returns everything the
//! views show — the instructions and syntax errors, every lint finding with
//! its explanation, and the simulated build (each step CACHED or not and why,
//! sizes, wasted bytes, the log) — plus the docker terminal over the same
//! files.
//!
//! Edits build against a cache that keeps every earlier edit's steps, so the
//! cache view can say what the last keystroke invalidated and why. That
//! cache is the editor's own: the terminal's daemon is a [`Session`] that
//! records only what the user ran there, so its journal stays small and
//! replayable (what the app keeps in localStorage).

use crate::analysis::{analyze, Analysis};
use crate::build::{build, BuildCache, BuildOutcome, BuildRequest};
use crate::context::{BuildContext, ContextFile, DockerignoreError};
use crate::docker::{files_under, host_path, Host, HostError, Output, Session, StateError};
use crate::lint::{lint, LintReport, LintRequest};
use std::collections::BTreeMap;

/// What the user is editing.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub dockerfile: String,
    /// The context's files by `/`-separated path, summarised once when set
    /// (digest, size, small texts), so an edit never re-hashes them.
    files: BTreeMap<String, ContextFile>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
}

impl Project {
    pub fn new(dockerfile: &str) -> Project {
        Project { dockerfile: dockerfile.to_string(), ..Project::default() }
    }

    /// Adds or replaces a context file.
    pub fn set_file(&mut self, path: &str, contents: &[u8]) {
        self.files.insert(crate::context::clean(path), ContextFile::new(contents, 0o644));
    }

    pub fn remove_file(&mut self, path: &str) {
        self.files.remove(&crate::context::clean(path));
    }

    pub fn files(&self) -> impl Iterator<Item = (&String, &ContextFile)> {
        self.files.iter()
    }

    /// The build context: the files, with the Dockerfile as `Dockerfile` when
    /// no file of that name is there (it is part of what `COPY . .` sends).
    fn context(&self) -> Result<BuildContext, DockerignoreError> {
        let mut files = self.files.clone();
        files.entry("Dockerfile".into()).or_insert_with(|| ContextFile::new(self.dockerfile.as_bytes(), 0o644));
        BuildContext::from_context_files(files)
    }
}

/// Everything the views show after one edit.
#[derive(Debug, Clone)]
pub struct View {
    pub analysis: Analysis,
    pub lint: LintReport,
    /// `None` when the Dockerfile does not parse or `.dockerignore` is invalid
    /// (the reason is in `analysis.diagnostics` or `context_error`).
    pub build: Option<BuildOutcome>,
    /// Why the context could not be read (a bad `.dockerignore` pattern).
    pub context_error: Option<String>,
}

/// The editor's state between edits, and the docker terminal's daemon.
#[derive(Debug, Clone, Default)]
pub struct Playground {
    /// Every edit's build steps, so an edit that reverts hits again.
    cache: BuildCache,
    terminal: Session,
}

impl Playground {
    pub fn new() -> Playground {
        Playground::default()
    }

    /// One call per edit: parse, lint and build the project.
    pub fn edit(&mut self, project: &Project) -> View {
        let analysis = analyze(&project.dockerfile);
        let context = project.context();
        let context_error = context.as_ref().err().map(|e| format!(".dockerignore: {e}"));
        let mut request = LintRequest::new(&project.dockerfile, &project.build_args);
        request.context = context.as_ref().ok();
        request.target = project.target.as_deref();
        let lint = lint(&request);
        let build = match &context {
            Ok(context) if !analysis.has_errors() => Some(build(
                &BuildRequest {
                    dockerfile: &project.dockerfile,
                    context,
                    build_args: project.build_args.clone(),
                    target: project.target.clone(),
                    no_cache: false,
                },
                &mut self.cache,
            )),
            _ => None,
        };
        View { analysis, lint, build, context_error }
    }

    /// A `docker …` line typed in the terminal, over the project's files
    /// (`docker build .` builds the project as it is now).
    pub fn terminal(&mut self, line: &str, project: &Project, now: u64) -> Output {
        let mut host = ProjectHost { project };
        self.terminal.execute(line, &mut host, now)
    }

    /// The terminal's daemon.
    pub fn session(&self) -> &Session {
        &self.terminal
    }

    /// What to keep across reloads: the terminal's journal (the editor's
    /// cache is rebuilt by the next edit).
    pub fn save(&self) -> String {
        self.terminal.to_json()
    }

    pub fn restore(saved: &str) -> Result<Playground, StateError> {
        Ok(Playground { cache: BuildCache::default(), terminal: Session::from_json(saved)? })
    }
}

/// The project as the terminal's host: the context directory is the project
/// (`.`); nothing outside it exists, and prompts are declined (use `-f`).
struct ProjectHost<'a> {
    project: &'a Project,
}

impl Host for ProjectHost<'_> {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let mut files: Vec<(String, ContextFile)> =
            files_under(dir, self.project.files.iter().map(|(p, f)| (p, f.clone())));
        if host_path(dir) == "." && !files.iter().any(|(p, _)| p == "Dockerfile") {
            files.push(("Dockerfile".into(), ContextFile::new(self.project.dockerfile.as_bytes(), 0o644)));
        }
        if files.is_empty() {
            return Err("no such file or directory".into());
        }
        Ok(files)
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        let path = host_path(path);
        if path == "Dockerfile" && !self.project.files.contains_key("Dockerfile") {
            return Ok(self.project.dockerfile.clone());
        }
        self.project.files.get(&path).and_then(|f| f.text.clone()).ok_or_else(|| "no such file or directory".into())
    }

    fn write_file(&mut self, _: &str, _: &[u8]) -> Result<(), HostError> {
        Err("read-only file system".into())
    }

    fn env_var(&mut self, _: &str) -> Option<String> {
        None
    }

    fn confirm(&mut self, _: &str) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCKERFILE: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

    fn project(app: &str) -> Project {
        let mut p = Project::new(DOCKERFILE);
        p.set_file("requirements.txt", b"flask==3.0.3\n");
        p.set_file("app.py", app.as_bytes());
        p
    }

    #[test]
    fn an_edit_returns_every_view_and_the_cache_remembers_earlier_edits() {
        let mut playground = Playground::new();
        let first = playground.edit(&project("print(1)\n"));
        assert!(!first.analysis.has_errors());
        let build = first.build.expect("built");
        assert!(build.error.is_none(), "{:?}", build.error);
        assert!(build.steps.iter().all(|s| !s.cached || s.instruction.starts_with("FROM")));
        // An app edit: only `COPY . .` runs again, and the reason names the file.
        let second = playground.edit(&project("print(2)\n")).build.expect("built");
        let missed: Vec<&str> = second
            .steps
            .iter()
            .filter(|s| !s.cached && !s.instruction.starts_with("FROM"))
            .map(|s| s.instruction.as_str())
            .collect();
        assert_eq!(missed, ["COPY . ."]);
        let copy = second.steps.iter().find(|s| s.instruction == "COPY . .").expect("step");
        assert!(copy.reason.contains("app.py"), "{}", copy.reason);
        // Reverting hits the first edit's entry.
        let third = playground.edit(&project("print(1)\n")).build.expect("built");
        assert!(third.steps.iter().filter(|s| !s.instruction.starts_with("FROM")).all(|s| s.cached));
    }

    #[test]
    fn a_syntax_error_keeps_the_analysis_and_skips_the_build() {
        let mut playground = Playground::new();
        let view = playground.edit(&Project::new("FROM alpine:3.22\nCOPY onlyone\n"));
        assert!(view.analysis.has_errors());
        assert!(view.build.is_none());
    }

    #[test]
    fn lint_sees_the_project_files() {
        let mut p = Project::new("FROM python:3.12-slim\nCOPY . .\nCMD python app.py\n");
        p.set_file("app.py", b"print(1)\n");
        p.set_file(".env", b"TOKEN=1\n");
        let view = Playground::new().edit(&p);
        let rules: Vec<&str> = view.lint.findings.iter().map(|f| f.rule.name).collect();
        assert!(rules.contains(&"SecretInLayer"), "{rules:?}");
        assert!(rules.contains(&"JSONArgsRecommended"), "{rules:?}");
        p.set_file(".dockerignore", b"[\n");
        let view = Playground::new().edit(&p);
        assert!(view.context_error.is_some());
        assert!(view.build.is_none());
    }

    #[test]
    fn the_terminal_builds_the_project_and_survives_a_reload() {
        let mut playground = Playground::new();
        let p = project("print(1)\n");
        let built = playground.terminal("docker build -t app .", &p, 1_795_000_000);
        assert_eq!(built.status, 0, "{}", built.stderr);
        let ran = playground.terminal("docker run -d --name web app", &p, 1_795_000_010);
        assert_eq!(ran.status, 0, "{}", ran.stderr);
        let ps = playground.terminal("docker ps", &p, 1_795_000_020);
        let mut restored = Playground::restore(&playground.save()).expect("replays");
        assert_eq!(restored.terminal("docker ps", &p, 1_795_000_020), ps);
        let declined = playground.terminal("docker image prune", &p, 1_795_000_030);
        assert_eq!(declined.status, 0);
        let saved = playground.terminal("docker save -o x.json app", &p, 1_795_000_040);
        assert_eq!(saved.stderr, "failed to save image: read-only file system\n");
    }
}
