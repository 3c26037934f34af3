//! The app's single source of truth and its reducer.
//!
//! The state holds the project, the open file, the latest analysis of the
//! project (an `Rc`, made once per edit), the build history (#1, #2, …) and
//! what is selected. All calls into the core's façade happen here: one
//! `Playground::edit` per edit on the editor's own playground (the analyst,
//! for the analysis and lint), and one per build on the builder, a separate
//! playground whose cache holds explicit builds only — so "cached" in the
//! panels means "cached by an earlier build you ran", never by a keystroke.
//!
//! `reduce` touches no DOM and no storage: the callers save first (so a panic
//! here cannot lose work) and tests run it natively.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use layerlab_core::build::BuildOutcome;
use layerlab_core::engine::containers::ContainerView;
use layerlab_core::playground::{Playground, View};
use yew::Reducible;

use crate::model::{self, Build, Problem, StepKind};
use crate::project::{Project, ProjectExt, DOCKERFILE};
use crate::terminal::Transcript;

mod answer;
pub mod lessons;
mod practice;
mod run_side;
mod sheet;
pub use lessons::{Course, LessonAction, Screen, Slot};
pub use run_side::{now, RunResult, IMAGE_TAG};

/// A value compared by pointer, for props: the views are large and immutable.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The tabbed panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Log,
    Layers,
    Cache,
    Stages,
    Run,
    Terminal,
    Compose,
}

impl Panel {
    pub const ALL: [Panel; 7] =
        [Panel::Log, Panel::Layers, Panel::Cache, Panel::Stages, Panel::Run, Panel::Terminal, Panel::Compose];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Log => "Build log",
            Panel::Layers => "Layers",
            Panel::Cache => "Cache",
            Panel::Stages => "Stages",
            Panel::Run => "Run",
            Panel::Terminal => "Terminal",
            Panel::Compose => "Compose",
        }
    }

    /// The name in links (`&panel=layers`).
    pub fn id(self) -> &'static str {
        match self {
            Panel::Log => "log",
            Panel::Layers => "layers",
            Panel::Cache => "cache",
            Panel::Stages => "stages",
            Panel::Run => "run",
            Panel::Terminal => "terminal",
            Panel::Compose => "compose",
        }
    }

    pub fn from_id(id: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// The analysis of the project as it is now (editor marks, problems); the
/// Dockerfile's highlighting is `view.tokens`, from the same parse.
#[derive(Debug)]
pub struct Live {
    pub view: View,
    pub problems: Vec<Problem>,
}

/// One run of Build.
#[derive(Debug)]
pub struct BuildEntry {
    /// 1-based, as the history shows it (#1, #2, …).
    pub number: usize,
    /// The project that was built.
    pub project: Rc<Project>,
    /// `None` when the project could not be built (a syntax error).
    pub build: Option<Build>,
    /// Seconds the cache hits saved: what those steps took when they last ran.
    pub saved_seconds: f64,
    /// The core's outcome, for the run panel's dry runs of its image.
    pub outcome: Option<Rc<BuildOutcome>>,
}

impl BuildEntry {
    /// `4/5` style cache share, when there was a build.
    pub fn cache_share(&self) -> Option<(usize, usize)> {
        self.build.as_ref().map(Build::cached_count)
    }
}

/// Something the person must know about that outlives one action.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The stored project could not be read; it was copied to `kept_at`.
    Unreadable { reason: String, kept_at: Option<String> },
    /// Another tab saved a different version while this one had edits.
    Conflict { theirs: Rc<Project> },
    /// An example or a link replaced the project; the old one can come back.
    Replaced { what: String },
    /// A share link that could not be opened.
    BadLink(String),
    /// The terminal saved in this browser could not be read; it was copied to `kept_at`.
    TerminalUnreadable { reason: String, kept_at: Option<String> },
    /// localStorage is missing or full.
    NotSaved,
}

pub struct State {
    pub project: Rc<Project>,
    /// The path of the file in the editor.
    pub open: String,
    pub live: Shared<Live>,
    /// The editor's playground: one `edit` per change, its cache warm from
    /// earlier edits so a keystroke re-simulates only what it changed.
    analyst: Rc<RefCell<Playground>>,
    builder: Rc<RefCell<Playground>>,
    pub history: Vec<Shared<BuildEntry>>,
    /// The build the panels show (an index into `history`); the latest by default.
    pub shown: Option<usize>,
    pub panel: Panel,
    /// The selected step (index into the shown build's steps).
    pub layer: Option<usize>,
    /// A Dockerfile line a panel points at (hover), highlighted in the editor.
    pub hover_line: Option<usize>,
    /// What the last action did, in words.
    pub status: String,
    pub notices: Vec<Notice>,
    pub auto_build: bool,
    /// Read-only, no toolbars: `?embed`.
    pub embed: bool,
    /// A line to bring into view in the editor (bumped to re-trigger).
    pub reveal: Option<(usize, u32)>,
    pub dark: bool,
    /// Big type for a projector.
    pub presenter: bool,
    /// The last link Share made.
    pub share_url: Option<String>,
    /// The build (by number) the cache panel compares the shown one with;
    /// the one before it when `None`.
    pub compare: Option<usize>,
    /// The run panel's `docker run …` line.
    pub run_line: String,
    /// The dry run of `run_line` against the shown build's image; `None`
    /// until something is built.
    pub run: Option<Shared<RunResult>>,
    /// The second line of a comparison (`None`: not comparing) and its dry run.
    pub compare_line: Option<String>,
    pub compare_run: Option<Shared<RunResult>>,
    /// The build (by number) whose image the terminal's daemon holds as `app`.
    synced_build: Option<usize>,
    /// The docker terminal (its daemon is the builder's playground).
    pub terminal: Shared<Transcript>,
    /// The terminal's selected container, as the core sees it now.
    pub container: Option<Shared<ContainerView>>,
    /// The project's compose.yaml as a service graph against the terminal's
    /// daemon (`None`: no Compose file), refreshed after each terminal command.
    pub compose: Option<Shared<Result<layerlab_core::compose::view::ComposeGraph, String>>>,
    /// The lessons: the screen, each exercise's Check, the progress.
    pub course: Shared<Course>,
}

/// Cheap: the large parts are compared by pointer (the reducer makes new
/// ones whenever they change), so props holding the state re-render exactly
/// when something changed.
impl PartialEq for State {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.project, &o.project)
            && self.open == o.open
            && self.live == o.live
            && self.history == o.history
            && (self.shown, self.panel, self.layer, self.hover_line) == (o.shown, o.panel, o.layer, o.hover_line)
            && self.status == o.status
            && self.notices == o.notices
            && (self.auto_build, self.embed, self.reveal, self.dark, self.presenter)
                == (o.auto_build, o.embed, o.reveal, o.dark, o.presenter)
            && self.share_url == o.share_url
            && self.compare == o.compare
            && self.run_line == o.run_line
            && self.run == o.run
            && self.compare_line == o.compare_line
            && self.compare_run == o.compare_run
            && self.terminal == o.terminal
            && self.container == o.container
            && self.compose == o.compose
            && self.course == o.course
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    /// The project changed (already saved by the caller); `status` says how.
    SetProject {
        project: Project,
        status: String,
    },
    Open(String),
    Build,
    ShowBuild(usize),
    ShowPanel(Panel),
    SelectLayer(Option<usize>),
    Hover(Option<usize>),
    /// Select the step built from a Dockerfile line (a click in the editor's gutter).
    SelectLine(usize),
    AutoBuild(bool),
    Status(String),
    Notice(Notice),
    Dismiss(usize),
    Dark(bool),
    Presenter(bool),
    Shared(String),
    /// Compare the shown build with build number N (or the one before it).
    CompareWith(Option<usize>),
    /// Another tab saved this project and this tab had nothing unsaved.
    FromOtherTab(Project),
    /// The run panel's line was edited.
    RunLine(String),
    /// The comparison's second line was edited (`Some`) or closed (`None`).
    CompareLine(Option<String>),
    /// A command clicked in text: show the terminal and run it there.
    RunCommand(String),
    /// A line typed at the terminal's `$ docker` prompt (`clear` clears the screen).
    Terminal(String),
    /// Show a terminal container's namespaces (an id).
    SelectContainer(Option<String>),
    /// The lesson screens (`state/lessons.rs`).
    Lesson(LessonAction),
}

impl State {
    pub fn new(project: Project) -> State {
        let project = Rc::new(project);
        let open = open_file(&project, &project.open);
        let analyst = Rc::new(RefCell::new(Playground::new()));
        let live = Shared(Rc::new(analyse(&mut analyst.borrow_mut(), &project)));
        State {
            live,
            analyst,
            project,
            open,
            builder: Rc::new(RefCell::new(Playground::new())),
            history: Vec::new(),
            shown: None,
            panel: Panel::Log,
            layer: None,
            hover_line: None,
            status: "Ready. Press Build (Ctrl+Enter) to build the image.".to_owned(),
            notices: Vec::new(),
            auto_build: false,
            embed: false,
            reveal: None,
            dark: false,
            presenter: false,
            share_url: None,
            compare: None,
            run_line: format!("docker run {IMAGE_TAG}"),
            run: None,
            compare_line: None,
            compare_run: None,
            synced_build: None,
            terminal: Shared(Rc::new(Transcript::default())),
            container: None,
            compose: None,
            course: Shared(Rc::new(Course::default())),
        }
    }

    /// The build the panels show.
    pub fn shown_entry(&self) -> Option<&Shared<BuildEntry>> {
        self.shown.and_then(|i| self.history.get(i)).or(self.history.last())
    }

    /// The build before the shown one, for the cache comparison.
    pub fn previous_entry(&self) -> Option<&Shared<BuildEntry>> {
        let shown = self.shown.unwrap_or(self.history.len().checked_sub(1)?);
        match self.compare.and_then(|n| self.history.iter().find(|e| e.number == n)) {
            Some(chosen) if chosen.number != self.history[shown].number => Some(chosen),
            _ => self.history.get(shown.checked_sub(1)?),
        }
    }

    /// Each Dockerfile line's step state in the shown build, when that build
    /// is of the Dockerfile as it is now (otherwise the marks would lie).
    pub fn line_marks(&self) -> BTreeMap<usize, LineMark> {
        let mut marks = BTreeMap::new();
        let Some(entry) = self.shown_entry() else { return marks };
        let (Some(build), true) = (&entry.build, entry.project.dockerfile() == self.project.dockerfile()) else {
            return marks;
        };
        for c in &build.config {
            marks.insert(c.line, LineMark::Config);
        }
        for s in &build.steps {
            let mark = if s.failed { LineMark::Failed } else { LineMark::Step(s.kind) };
            marks.insert(s.line, mark);
        }
        marks
    }

    fn build(&mut self) {
        let view = self.builder.borrow_mut().edit(&self.project);
        let build = model::build(&view, self.project.dockerfile());
        let outcome = view.build.map(Rc::new);
        let saved_seconds = build.as_ref().map_or(0.0, |b| saved_seconds(b, &self.history));
        let number = self.history.last().map_or(1, |e| e.number + 1);
        self.status = match &build {
            None => format!("Build #{number} did not start: fix the errors marked in the editor."),
            Some(b) => match &b.error {
                Some((message, line)) => format!("Build #{number} failed at line {line}: {message}"),
                None => {
                    let (hits, steps) = b.cached_count();
                    let size = b.image_size.map(layerlab_core::units::human_size).unwrap_or_default();
                    if hits == 0 {
                        format!("Build #{number}: {size} · {steps} steps ran, none from the cache")
                    } else {
                        format!("Build #{number}: {size} · {hits}/{steps} steps cached · {saved_seconds:.1} s saved")
                    }
                }
            },
        };
        self.history.push(Shared(Rc::new(BuildEntry {
            number,
            project: Rc::clone(&self.project),
            build,
            saved_seconds,
            outcome,
        })));
        // Rebuilding on every edit makes a build per keystroke: keep the recent ones.
        if self.history.len() > MAX_HISTORY {
            self.history.drain(..self.history.len() - MAX_HISTORY);
        }
        self.shown = None;
        self.layer = None;
        self.dry_run();
    }

    /// The shown build's error and its line, when that build is of the
    /// Dockerfile as it is now (for the editor to show at the line).
    pub fn build_error(&self) -> Option<(String, usize)> {
        let entry = self.shown_entry()?;
        if entry.project.dockerfile() != self.project.dockerfile() {
            return None;
        }
        entry.build.as_ref()?.error.clone()
    }
}

/// Builds kept in the history.
pub const MAX_HISTORY: usize = 30;

/// A gutter mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMark {
    Step(StepKind),
    Config,
    Failed,
}

/// The file to keep open after a change: the one open, else the project's
/// own choice, else the Dockerfile.
fn open_file(project: &Project, open: &str) -> String {
    [open, project.open.as_str()].into_iter().find(|p| project.has(p)).unwrap_or(DOCKERFILE).to_owned()
}

/// The analysis and lint of `project`.
pub fn analyse(analyst: &mut Playground, project: &Project) -> Live {
    let view = analyst.edit(project);
    let problems = model::problems(&view);
    Live { view, problems }
}

/// What the cache hits of `build` would have cost: each hit step's duration
/// the last time it actually ran.
fn saved_seconds(build: &Build, history: &[Shared<BuildEntry>]) -> f64 {
    build
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Cached)
        .filter_map(|s| {
            history.iter().rev().filter_map(|e| e.build.as_ref()).find_map(|b| {
                b.steps
                    .iter()
                    .find(|t| t.kind == StepKind::Rebuilt && t.stage == s.stage && t.instruction == s.instruction)
                    .map(|t| t.seconds)
            })
        })
        .sum()
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = State {
            project: Rc::clone(&self.project),
            open: self.open.clone(),
            live: self.live.clone(),
            builder: Rc::clone(&self.builder),
            analyst: Rc::clone(&self.analyst),
            history: self.history.clone(),
            shown: self.shown,
            panel: self.panel,
            layer: self.layer,
            hover_line: self.hover_line,
            status: self.status.clone(),
            notices: self.notices.clone(),
            auto_build: self.auto_build,
            embed: self.embed,
            reveal: self.reveal,
            dark: self.dark,
            presenter: self.presenter,
            share_url: self.share_url.clone(),
            compare: self.compare,
            run_line: self.run_line.clone(),
            run: self.run.clone(),
            compare_line: self.compare_line.clone(),
            compare_run: self.compare_run.clone(),
            synced_build: self.synced_build,
            terminal: self.terminal.clone(),
            container: self.container.clone(),
            compose: self.compose.clone(),
            course: self.course.clone(),
        };
        match action {
            Action::SetProject { project, status } => {
                if project == *self.project {
                    return self;
                }
                next.project = Rc::new(project);
                next.live = Shared(Rc::new(analyse(&mut next.analyst.borrow_mut(), &next.project)));
                next.open = open_file(&next.project, &self.open);
                next.status = status;
                next.share_url = None;
                if next.auto_build {
                    next.build();
                }
                next.refresh_compose();
            }
            Action::Open(path) => {
                if !next.project.has(&path) || path == self.open {
                    return self;
                }
                next.open = path;
            }
            Action::Build => next.build(),
            Action::ShowBuild(i) if i < next.history.len() => {
                next.shown = (i + 1 != next.history.len()).then_some(i);
                next.layer = None;
                next.status = format!("Showing build #{}.", i + 1);
                next.dry_run();
            }
            Action::ShowBuild(_) => return self,
            Action::ShowPanel(panel) => {
                next.panel = panel;
                if panel == Panel::Compose {
                    next.refresh_compose();
                }
            }
            Action::SelectLayer(layer) => {
                next.layer = layer;
                let line = layer.and_then(|i| next.shown_entry()?.build.as_ref()?.steps.get(i).map(|s| s.line));
                if let Some(line) = line {
                    next.open = DOCKERFILE.to_owned();
                    next.reveal = Some((line, self.reveal.map_or(0, |(_, n)| n + 1)));
                }
            }
            Action::Hover(line) => {
                if line == self.hover_line {
                    return self;
                }
                next.hover_line = line;
            }
            Action::SelectLine(line) => {
                let found =
                    next.shown_entry().and_then(|e| e.build.as_ref()?.steps.iter().rposition(|s| s.line == line));
                match found {
                    Some(i) => {
                        next.layer = Some(i);
                        if next.panel != Panel::Cache && next.panel != Panel::Layers {
                            next.panel = Panel::Layers;
                        }
                    }
                    None => return self,
                }
            }
            Action::AutoBuild(on) => {
                next.auto_build = on;
                next.status = if on { "Rebuilding on every edit." } else { "Building on Ctrl+Enter only." }.into();
            }
            Action::Status(status) => next.status = status,
            Action::Notice(notice) => {
                if !next.notices.contains(&notice) {
                    next.notices.push(notice);
                }
            }
            Action::Dismiss(i) => {
                if i < next.notices.len() {
                    next.notices.remove(i);
                }
            }
            Action::Dark(dark) => next.dark = dark,
            Action::CompareWith(number) => next.compare = number,
            Action::Presenter(on) => {
                next.presenter = on;
                next.status = if on { "Presenter mode: big type." } else { "Presenter mode off." }.into();
            }
            Action::Shared(url) => {
                next.share_url = Some(url);
                next.status = "Share link ready: it holds the whole project, and nothing was sent anywhere.".into();
            }
            Action::FromOtherTab(project) => {
                if project == *self.project {
                    return self;
                }
                next.project = Rc::new(project);
                next.live = Shared(Rc::new(analyse(&mut next.analyst.borrow_mut(), &next.project)));
                next.open = open_file(&next.project, &self.open);
                next.status = "Updated with the changes saved in another tab.".into();
            }
            Action::RunLine(line) => {
                if line == self.run_line {
                    return self;
                }
                next.run_line = line;
                next.dry_run();
            }
            Action::CompareLine(line) => {
                if line == self.compare_line {
                    return self;
                }
                next.compare_line = line;
                next.dry_run();
            }
            Action::Terminal(typed) => next.run_in_terminal(&typed),
            Action::RunCommand(line) => {
                next.panel = Panel::Terminal;
                next.run_in_terminal(&line);
            }
            Action::SelectContainer(id) => {
                let mut transcript = (*next.terminal).clone();
                transcript.selected = id;
                next.terminal = Shared(Rc::new(transcript));
                next.select_container();
            }
            Action::Lesson(action) => match self.course.reduce(action) {
                Some(course) => next.course = Shared(Rc::new(course)),
                None => return self,
            },
        }
        Rc::new(next)
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
