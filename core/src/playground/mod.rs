//! The app's façade: the project (every file, build arguments, target, the
//! open file) and one call per edit that returns everything the views show —
//! the instructions and syntax errors, every lint finding with its
//! explanation, and the simulated build (each step with its kind, layer and
//! typed cache decision, the layers' files, the wasted copies, the log) —
//! plus the docker terminal over the same files.
//!
//! One parse per edit, shared by the analysis, lint and the build. Edits
//! build against a cache that keeps every earlier edit's steps, so the cache
//! view can say what the last keystroke invalidated and why. That cache is
//! the editor's own: the terminal's daemon is a [`Session`] that records only
//! what the user ran there, so its journal stays small and replayable.

mod context;
mod project;

pub use context::{ContextEntry, ContextError, ContextView, IgnoredBy};
pub use project::{
    Contents, Project, ProjectError, ProjectFile, BYTES_LIMIT, DOCKERFILE, MODE_EXECUTABLE, MODE_FILE, TEXT_LIMIT,
};

use crate::analysis::{analyze_parsed, Analysis};
use crate::build::{build_with, BuildCache, BuildOptions, BuildOutcome, BuildRequest};
use crate::context::ContextFile;
use crate::docker::complete::Completion;
use crate::docker::{files_under, host_path, Host, HostError, Output, Session, StateError};
use crate::engine::containers::{dry_run, ContainerView, DryRun, DryRunError};
use crate::highlight::{tokens_of, Token};
use crate::instructions::from_syntax;
use crate::lint::{lint, LintReport, LintRequest, PriorBuild};
use crate::syntax;
use context::SyncedContext;

/// Everything the views show after one edit: plain data, comparable, so the
/// app can hand it to components as props.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub analysis: Analysis,
    /// The Dockerfile's highlighting, from the same parse as everything else.
    pub tokens: Vec<Token>,
    pub lint: LintReport,
    /// `None` when the Dockerfile does not parse or `.dockerignore` is invalid
    /// (the reason is in `analysis.diagnostics` or `context.error`).
    pub build: Option<BuildOutcome>,
    /// The build context: every file, sent or left out by `.dockerignore` and why.
    pub context: ContextView,
}

/// Why a dry run from the editor could not be made.
#[derive(Debug)]
pub enum PlaygroundRunError {
    /// The editor's build has no image (it failed); Docker's words.
    Image(String),
    /// The line, its image or its command (with a span into the line).
    Run(DryRunError),
}

impl std::fmt::Display for PlaygroundRunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaygroundRunError::Image(message) => f.write_str(message),
            PlaygroundRunError::Run(error) => error.fmt(f),
        }
    }
}

/// The editor's state between edits, and the docker terminal's daemon.
#[derive(Debug, Clone, Default)]
pub struct Playground {
    /// Every edit's build steps, so an edit that reverts hits again.
    cache: BuildCache,
    /// The context as of the last edit, updated file by file.
    context: SyncedContext,
    terminal: Session,
}

impl Playground {
    pub fn new() -> Playground {
        Playground::default()
    }

    /// One call per edit: parse once, then analyse, build and lint that parse.
    pub fn edit(&mut self, project: &Project) -> View {
        let source = project.dockerfile();
        let parsed = syntax::parse(source);
        let file = from_syntax(&parsed);
        let analysis = analyze_parsed(source, &parsed, &file, &project.build_args);
        self.context.sync(project);
        let context_view = self.context.view(project);
        let context = self.context.current();
        let build = match context {
            Some(context) if !analysis.has_errors() => {
                let request = BuildRequest {
                    dockerfile: source,
                    context,
                    build_args: project.build_args.clone(),
                    target: project.target.clone(),
                    no_cache: false,
                    session: Default::default(),
                };
                let options = BuildOptions { log: true, parsed: Some((&parsed, &file)) };
                Some(build_with(&request, &mut self.cache, &options))
            }
            _ => None,
        };
        // Lint reads the same parse, and its engine rules take this build as
        // their first (their "what if" builds run on a scratch layer over the cache).
        let mut request = LintRequest::new(source, &project.build_args);
        request.context = context;
        request.target = project.target.as_deref();
        request.parsed = Some((&parsed, &file));
        request.build = build.as_ref().map(|outcome| PriorBuild { outcome, cache: &self.cache });
        let lint = lint(&request);
        let tokens = tokens_of(source, &parsed);
        View { analysis, tokens, lint, build, context: context_view }
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

    /// A container of the terminal's daemon, by id, name or id prefix, as
    /// the run panel shows it (after a `docker run` event names it).
    pub fn container(&self, reference: &str) -> Option<ContainerView> {
        self.terminal.container(reference)
    }

    /// What `docker run …` would do with the editor's image, without running
    /// it: the line's image named `tag` is `built`'s image (the other images
    /// are the terminal's and the catalog's). Nothing is recorded; the
    /// terminal's daemon is not changed.
    pub fn dry_run(&self, line: &str, built: &BuildOutcome, tag: &str, now: u64) -> Result<DryRun, PlaygroundRunError> {
        let mut engine = self.terminal.engine().scratch();
        engine.add_built_image(built, tag, now).map_err(|e| PlaygroundRunError::Image(e.to_string()))?;
        dry_run(&engine, line, now).map_err(PlaygroundRunError::Run)
    }

    /// Tab completion of the terminal's line against its daemon (image,
    /// container, network and volume names, commands and flags).
    pub fn complete(&self, line: &str) -> Completion {
        crate::docker::complete::complete(self.terminal.engine(), line)
    }

    /// The project's Compose file as the service graph draws it, against
    /// the terminal's daemon now; `None` without a Compose file, the reader's
    /// message when the file does not load.
    pub fn compose(&self, project: &Project, now: u64) -> Option<Result<crate::compose::view::ComposeGraph, String>> {
        let mut host = ProjectHost { project };
        crate::compose::cli::project_graph(&mut host, self.terminal.engine(), now)
    }

    /// What to keep across reloads beside the project: the terminal's
    /// journal (the editor's cache is rebuilt by the next edit).
    pub fn save(&self) -> String {
        self.terminal.to_json()
    }

    pub fn restore(saved: &str) -> Result<Playground, StateError> {
        Ok(Playground { terminal: Session::from_json(saved)?, ..Playground::default() })
    }
}

/// The project as the terminal's host: the context directory is the project
/// (`.`); nothing outside it exists, and prompts are declined (use `-f`).
/// The width the app's terminal reports (`COLUMNS`).
pub const TERMINAL_COLUMNS: usize = 60;

struct ProjectHost<'a> {
    project: &'a Project,
}

impl Host for ProjectHost<'_> {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let files: Vec<(String, ContextFile)> =
            files_under(dir, self.project.files().map(|(p, f)| (p, f.context_file().clone())));
        if files.is_empty() {
            return Err("no such file or directory".into());
        }
        Ok(files)
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        let path = host_path(path);
        self.project
            .file(&path)
            .and_then(|f| f.text().map(str::to_string))
            .ok_or_else(|| "no such file or directory".into())
    }

    fn write_file(&mut self, _: &str, _: &[u8]) -> Result<(), HostError> {
        Err("read-only file system".into())
    }

    /// The app's terminal panel holds about 60 columns at 1366×768, and says
    /// so as a shell does, so `docker compose`'s frame fits it unwrapped.
    fn env_var(&mut self, name: &str) -> Option<String> {
        (name == "COLUMNS").then(|| TERMINAL_COLUMNS.to_string())
    }

    fn confirm(&mut self, _: &str) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;
