//! The reducer's tests: builds, marks, the run panel's dry runs and the terminal.

use super::*;

fn flask() -> State {
    State::new(crate::examples::first().project())
}

fn edit(state: Rc<State>, path: &str, text: &str) -> Rc<State> {
    let project = state.project.with_text(path, text);
    state.reduce(Action::SetProject { project, status: "edited".into() })
}

#[test]
fn builds_are_numbered_and_a_rebuild_after_an_app_edit_hits_the_cache() {
    let state = Rc::new(flask()).reduce(Action::Build);
    assert_eq!(state.history.len(), 1);
    assert!(state.status.starts_with("Build #1: "), "{}", state.status);
    // Editing alone does not build, and does not warm the cache.
    let state = edit(state, "app.py", "print('edited')\n");
    assert_eq!(state.history.len(), 1);
    let state = state.reduce(Action::Build);
    let entry = state.shown_entry().expect("shown");
    assert_eq!(entry.number, 2);
    assert_eq!(entry.cache_share(), Some((4, 5)));
    assert!(entry.saved_seconds > 0.0);
    assert!(state.status.contains("4/5 steps cached"), "{}", state.status);
    assert_eq!(state.previous_entry().map(|e| e.number), Some(1));
    let marks = state.line_marks();
    assert_eq!(marks.get(&15), Some(&LineMark::Step(StepKind::Cached)));
    assert_eq!(marks.get(&18), Some(&LineMark::Step(StepKind::Rebuilt)));
    assert_eq!(marks.get(&22), Some(&LineMark::Config));
    let state = state.reduce(Action::Build).reduce(Action::CompareWith(Some(1)));
    assert_eq!(state.previous_entry().map(|e| e.number), Some(1), "any two builds compare");
    let state = state.reduce(Action::CompareWith(None));
    assert_eq!(state.previous_entry().map(|e| e.number), Some(2));
}

#[test]
fn marks_disappear_when_the_dockerfile_changes_after_the_build() {
    let state = Rc::new(flask()).reduce(Action::Build);
    assert!(!state.line_marks().is_empty());
    let state = edit(state, DOCKERFILE, "FROM alpine:3.20\n");
    assert!(state.line_marks().is_empty());
}

#[test]
fn a_syntax_error_is_a_problem_and_a_build_that_does_not_start() {
    let state = edit(Rc::new(flask()), DOCKERFILE, "FROM alpine:3.20\nCOPY onlyone\n");
    assert!(state.live.problems.iter().any(|p| p.line == 2 && p.level == model::ProblemLevel::Error));
    let state = state.reduce(Action::Build);
    assert!(state.shown_entry().is_some_and(|e| e.build.is_none()));
    assert!(state.status.contains("did not start"), "{}", state.status);
}

#[test]
fn selecting_a_layer_reveals_its_line_and_a_line_selects_its_layer() {
    let state = Rc::new(flask()).reduce(Action::Build).reduce(Action::Open("app.py".into()));
    assert_eq!(state.open, "app.py");
    let state = state.reduce(Action::SelectLayer(Some(4)));
    assert_eq!(state.open, DOCKERFILE);
    assert_eq!(state.reveal.map(|(line, _)| line), Some(15));
    let state = state.reduce(Action::SelectLine(18));
    assert_eq!(state.layer, Some(5));
    assert_eq!(state.panel, Panel::Layers);
}

#[test]
fn auto_build_builds_on_every_edit_and_an_unchanged_project_changes_nothing() {
    let state = Rc::new(flask()).reduce(Action::AutoBuild(true));
    let state = edit(state, "app.py", "x\n");
    assert_eq!(state.history.len(), 1);
    let same = Rc::clone(&state).reduce(Action::SetProject { project: (*state.project).clone(), status: "".into() });
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn the_history_keeps_the_latest_builds_and_numbers_on() {
    let mut state = Rc::new(flask());
    for _ in 0..MAX_HISTORY + 2 {
        state = state.reduce(Action::Build);
    }
    assert_eq!(state.history.len(), MAX_HISTORY);
    assert_eq!(state.history.last().map(|e| e.number), Some(MAX_HISTORY + 2));
    assert_eq!(state.history[0].number, 3);
}

#[test]
fn a_failed_build_points_at_its_line() {
    let state = edit(Rc::new(flask()), DOCKERFILE, "FROM alpine:3.20\nRUN nosuchcommand --flag\n");
    let state = state.reduce(Action::Build);
    let (message, line) = state.build_error().expect("the build failed");
    assert_eq!(line, 2, "{message}");
    assert_eq!(state.line_marks().get(&2), Some(&LineMark::Failed));
}

#[test]
fn removing_the_open_file_opens_the_dockerfile() {
    let state = Rc::new(flask()).reduce(Action::Open("app.py".into()));
    let project = state.project.removed("app.py").expect("removed");
    let state = state.reduce(Action::SetProject { project, status: "removed".into() });
    assert_eq!(state.open, DOCKERFILE);
}

fn run_line(state: Rc<State>, line: &str) -> Rc<State> {
    state.reduce(Action::RunLine(line.into()))
}

fn argv(state: &State) -> Vec<String> {
    match state.run.as_deref() {
        Some(RunResult::Ready(run)) => run.argv.iter().map(|w| w.word.clone()).collect(),
        other => panic!("no dry run: {other:?}"),
    }
}

#[test]
fn the_run_line_resolves_against_the_built_image_as_it_is_typed() {
    let state = Rc::new(flask());
    assert!(state.run.is_none(), "nothing built, nothing to run");
    let state = state.reduce(Action::Build);
    assert_eq!(state.run_line, "docker run app");
    // The Flask example's exec-form CMD.
    assert_eq!(argv(&state), ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "app:app"]);
    // Arguments replace CMD.
    let state = run_line(state, "docker run app sh -c 'echo hi'");
    assert_eq!(argv(&state), ["sh", "-c", "echo hi"]);
    // --entrypoint clears CMD.
    let state = run_line(state, "docker run --entrypoint env app");
    assert_eq!(argv(&state), ["env"]);
    // A bad flag: Docker's words and the span of the word at fault.
    let state = run_line(state, "docker run --nope app");
    match state.run.as_deref() {
        Some(RunResult::Line { message, span: Some((start, end)) }) => {
            assert!(message.contains("unknown flag: --nope"), "{message}");
            assert_eq!(&state.run_line[*start..*end], "--nope");
        }
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn the_terminal_runs_docker_keeps_history_and_selects_the_container_it_started() {
    let state = Rc::new(flask()).reduce(Action::Terminal("run -d -p 8080:80 --name web nginx".into()));
    assert_eq!(state.terminal.entries.len(), 1);
    assert_eq!(state.terminal.entries[0].input, "docker run -d -p 8080:80 --name web nginx");
    assert_eq!(state.terminal.entries[0].status, 0, "{:?}", state.terminal.entries[0]);
    assert_eq!(state.container.as_ref().map(|c| c.name.as_str()), Some("web"));
    // Docker gives a container its own namespace of each kind but the user one
    // (no userns-remap): seven in all, in this order.
    let kinds: Vec<String> = state
        .container
        .as_ref()
        .map(|c| c.namespaces.iter().map(|n| format!("{:?}", n.kind)).collect())
        .unwrap_or_default();
    assert_eq!(kinds, ["Pid", "Net", "Mnt", "Uts", "Ipc", "User", "Cgroup"]);
    let state = state.reduce(Action::Terminal("docker ps".into()));
    assert!(state.terminal.entries[1].stdout.contains("0.0.0.0:8080->80/tcp"), "{}", state.terminal.entries[1].stdout);
    let state = state.reduce(Action::Terminal("clear".into()));
    assert!(state.terminal.entries.is_empty());
    assert_eq!(state.terminal.history, ["run -d -p 8080:80 --name web nginx", "docker ps", "clear"]);

    // The journal replays into the same daemon after a reload.
    let stored = state.terminal_to_store();
    let restored = State::new(crate::examples::first().project())
        .with_terminal(Playground::restore(&stored.journal).expect("replays"), stored);
    assert_eq!(restored.terminal.containers.len(), 1);
    assert_eq!(restored.terminal.containers[0].name, "web");
    assert_eq!(restored.terminal.containers[0].state, "running");
}

#[test]
fn docker_build_in_the_terminal_builds_the_project_as_it_is_now() {
    let state = Rc::new(flask()).reduce(Action::Terminal("docker build -t app .".into()));
    assert_eq!(state.terminal.entries[0].status, 0, "{}", state.terminal.entries[0].stderr);
    let state = state.reduce(Action::Terminal("docker images".into()));
    assert!(state.terminal.entries[1].stdout.contains("app:latest "), "{}", state.terminal.entries[1].stdout);
}

#[test]
fn a_comparison_resolves_both_lines_and_closes() {
    let state = Rc::new(flask()).reduce(Action::Build);
    assert!(state.compare_run.is_none());
    let state = state.reduce(Action::CompareLine(Some("docker run --entrypoint sh app".into())));
    let compared = match state.compare_run.as_deref() {
        Some(RunResult::Ready(run)) => run.argv.iter().map(|w| w.word.clone()).collect::<Vec<_>>(),
        other => panic!("no second dry run: {other:?}"),
    };
    assert_eq!(compared, ["sh"]);
    assert_eq!(argv(&state)[0], "gunicorn", "the first line is untouched");
    // A rebuild recomputes both.
    let state = state.reduce(Action::Build);
    assert!(matches!(state.compare_run.as_deref(), Some(RunResult::Ready(_))));
    let state = state.reduce(Action::CompareLine(None));
    assert!(state.compare_run.is_none() && state.compare_line.is_none());
}

#[test]
fn the_build_buttons_image_is_the_terminals_app() {
    let state = Rc::new(flask()).reduce(Action::Terminal("docker images".into()));
    assert!(!state.terminal.entries[0].stdout.contains("app:"), "{}", state.terminal.entries[0].stdout);
    let state = state.reduce(Action::Build).reduce(Action::Terminal("docker images".into()));
    let listed = &state.terminal.entries[1].stdout;
    assert!(listed.lines().any(|l| l.starts_with("app:latest ")), "{listed}");
    let state = state.reduce(Action::Terminal("docker run -d app".into()));
    assert_eq!(state.terminal.entries[2].status, 0, "{}", state.terminal.entries[2].stderr);
    assert_eq!(state.terminal.containers[0].image, "app");
    assert!(state.complete("docker rmi ap").candidates.contains(&"app".to_owned()));
    // Once per build: more commands do not build again.
    let journal = state.terminal_to_store().journal;
    let state = state.reduce(Action::Terminal("docker ps".into()));
    assert_eq!(
        state.terminal_to_store().journal.matches("docker build").count(),
        journal.matches("docker build").count()
    );
    // The saved journal replays with the image in it.
    let stored = state.terminal_to_store();
    let restored = State::new(crate::examples::first().project())
        .with_terminal(Playground::restore(&stored.journal).expect("replays"), stored);
    let restored = Rc::new(restored).reduce(Action::Terminal("docker images app".into()));
    assert!(restored.terminal.entries.last().is_some_and(|e| e.stdout.contains("app:latest")));
}

#[test]
fn the_build_line_quotes_build_args_for_the_shell() {
    let mut project = crate::examples::first().project();
    project.build_args.insert("GREETING".into(), "it's here".into());
    project.build_args.insert("V".into(), "1.2".into());
    project.target = Some("final".into());
    assert_eq!(
        run_side::build_line(&project),
        "docker build -t app --build-arg 'GREETING=it'\\''s here' --build-arg V=1.2 --target final ."
    );
}

#[test]
fn a_clicked_command_runs_in_the_terminal_and_shows_it() {
    let state = Rc::new(flask()).reduce(Action::RunCommand("docker run -d nginx".into()));
    assert_eq!(state.panel, Panel::Terminal);
    assert_eq!(state.terminal.entries[0].input, "docker run -d nginx");
    assert_eq!(state.terminal.containers.len(), 1);
}
