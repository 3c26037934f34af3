//! The reducer's run side: the Run panel's dry run of the shown build's
//! image, and the docker terminal, whose daemon is the builder's playground
//! (restored from and saved to storage by the callers, as the project is).

use std::cell::RefCell;
use std::rc::Rc;

use layerlab_core::docker::complete::Completion;
use layerlab_core::engine::containers::{DryRun, DryRunError};
use layerlab_core::engine::Event;
use layerlab_core::playground::{Playground, PlaygroundRunError};

use super::{Shared, State};
use crate::project::Project;
use crate::terminal::{self, ContainerRow, Entry, Transcript};

/// The tag the run panel gives the editor's image.
pub const IMAGE_TAG: &str = "app";

/// A dry run, or why there is none, in Docker's words.
#[derive(Debug)]
pub enum RunResult {
    Ready(Box<DryRun>),
    /// The line is wrong: Docker's message, and the bytes of the line at fault.
    Line {
        message: String,
        span: Option<(usize, usize)>,
    },
    /// The shown build has no image (it failed) or the line's image is unknown.
    Image(String),
}

/// Seconds since the epoch: the browser's clock, a fixed time in native tests.
pub fn now() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        1_767_225_600
    }
}

impl State {
    /// Puts back a terminal saved by an earlier visit: its daemon becomes
    /// the builder's playground.
    pub fn with_terminal(mut self, playground: Playground, stored: terminal::Stored) -> State {
        self.builder = Rc::new(RefCell::new(playground));
        let mut transcript = Transcript { entries: stored.entries, history: stored.history, ..Transcript::default() };
        transcript.containers = containers(&self.builder.borrow());
        self.terminal = Shared(Rc::new(transcript));
        self
    }

    /// What to store for the terminal: the daemon's journal and the screen.
    pub fn terminal_to_store(&self) -> terminal::Stored {
        terminal::Stored {
            format: terminal::FORMAT,
            journal: self.builder.borrow().save(),
            entries: self.terminal.entries.clone(),
            history: self.terminal.history.clone(),
        }
    }

    /// Dry runs of the run line (and of the comparison's line) against the
    /// shown build's image.
    pub(super) fn dry_run(&mut self) {
        self.run = self.dry_run_of(&self.run_line).map(|r| Shared(Rc::new(r)));
        self.compare_run =
            self.compare_line.as_deref().and_then(|line| self.dry_run_of(line)).map(|r| Shared(Rc::new(r)));
    }

    fn dry_run_of(&self, line: &str) -> Option<RunResult> {
        let entry = self.shown_entry()?;
        Some(match &entry.outcome {
            None => RunResult::Image("The Dockerfile has errors, so there is no image to run.".into()),
            Some(outcome) => match self.builder.borrow().dry_run(line, outcome, IMAGE_TAG, now()) {
                Ok(run) => RunResult::Ready(Box::new(run)),
                Err(PlaygroundRunError::Image(message)) => RunResult::Image(message),
                Err(PlaygroundRunError::Run(error)) => {
                    let span = match &error {
                        DryRunError::Line(e) => Some((e.span.start(), e.span.end())),
                        _ => None,
                    };
                    // Docker's words, then Layerlab's note on its own line.
                    let message = match error.note() {
                        Some(note) => format!("{error}\n{note}"),
                        None => error.to_string(),
                    };
                    RunResult::Line { message, span }
                }
            },
        })
    }

    /// Tab completion of a terminal line against the terminal's daemon
    /// (the latest build's image counts once the terminal has run a command).
    pub fn complete(&self, line: &str) -> Completion {
        self.builder.borrow().complete(line)
    }

    /// Puts the latest build's image into the terminal's daemon as `app`,
    /// as `docker build -t app .` over the project that was built, so the
    /// terminal's `docker images` and `docker run app` see what Build made.
    /// Done once per build, before the terminal's next command (not on every
    /// Build, so rebuilding on each keystroke does not grow the journal).
    fn sync_build(&mut self) {
        let Some(entry) = self.history.last() else { return };
        if self.synced_build == Some(entry.number) {
            return;
        }
        self.synced_build = Some(entry.number);
        if entry.build.as_ref().is_none_or(|b| b.error.is_some()) {
            return;
        }
        let project = Rc::clone(&entry.project);
        self.builder.borrow_mut().terminal(&build_line(&project), &project, now());
    }

    /// Runs a line typed at the terminal's prompt.
    pub(super) fn run_in_terminal(&mut self, typed: &str) {
        let mut transcript = (*self.terminal).clone();
        if typed.trim() == "clear" {
            transcript.remember("clear");
            transcript.entries.clear();
            self.terminal = Shared(Rc::new(transcript));
            return;
        }
        let Some(line) = terminal::command_line(typed) else { return };
        transcript.remember(typed.trim());
        self.sync_build();
        let output = self.builder.borrow_mut().terminal(&line, &self.project, now());
        // A container just created there is the one the panel shows.
        if let Some(id) = output.events.iter().rev().find_map(|e| match e {
            Event::ContainerCreated { id, .. } => Some(id.clone()),
            _ => None,
        }) {
            transcript.selected = Some(id);
        }
        transcript.push(Entry { input: line, stdout: output.stdout, stderr: output.stderr, status: output.status });
        transcript.containers = containers(&self.builder.borrow());
        if transcript.selected.as_ref().is_some_and(|id| !transcript.containers.iter().any(|c| &c.id == id)) {
            transcript.selected = None;
        }
        self.terminal = Shared(Rc::new(transcript));
        self.select_container();
        self.refresh_compose();
    }

    /// The service graph of the project's compose.yaml, as the daemon is now.
    pub(super) fn refresh_compose(&mut self) {
        let graph = self.builder.borrow().compose(&self.project, now());
        self.compose = graph.map(|g| Shared(Rc::new(g)));
    }

    pub(super) fn select_container(&mut self) {
        self.container = self
            .terminal
            .selected
            .as_ref()
            .and_then(|id| self.builder.borrow().container(id))
            .map(|view| Shared(Rc::new(view)));
    }
}

/// The `docker build` line that makes the Build button's image: its tag,
/// the project's build arguments and target, the project as the context.
pub fn build_line(project: &Project) -> String {
    let mut line = format!("docker build -t {IMAGE_TAG}");
    for (name, value) in &project.build_args {
        line.push_str(&format!(" --build-arg {}", shell_quote(&format!("{name}={value}"))));
    }
    if let Some(target) = project.target.as_deref().filter(|t| !t.is_empty()) {
        line.push_str(&format!(" --target {}", shell_quote(target)));
    }
    line.push_str(" .");
    line
}

/// A word as a POSIX shell reads it back: bare when safe, else single-quoted.
fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The terminal daemon's containers, newest first (as `docker ps -a` lists them).
pub(super) fn containers(playground: &Playground) -> Vec<ContainerRow> {
    let engine = playground.session().engine();
    engine
        .runtime()
        .containers()
        .iter()
        .rev()
        .filter_map(|c| playground.container(&c.id))
        .map(|v| ContainerRow { id: v.id, name: v.name, image: v.image, state: v.state })
        .collect()
}
