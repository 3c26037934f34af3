//! The root component: owns the reducer, saves every change before it is
//! analysed, listens for the keyboard shortcut and the other tabs, and lays
//! out the page (header, files, editor, panels, status line).

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::boot;
use crate::components::drill::DrillView;
use crate::components::editor::Editor;
use crate::components::files::Files;
use crate::components::header::Header;
use crate::components::interview::InterviewView;
use crate::components::lesson::LessonView;
use crate::components::lesson_index::LessonIndex;
use crate::components::notices::Notices;
use crate::components::panels::Panels;
use crate::components::problems::Problems;
use crate::components::review::ReviewView;
use crate::components::runnable::Runner;
use crate::components::sheet::SheetView;
use crate::components::status_bar::StatusBar;
use crate::components::worksheet_editor::ComposeView;
use crate::project::{Project, ProjectExt, DOCKERFILE};
use crate::state::{Action, Notice, Screen};
use crate::storage::{self, Saved};

/// A change to the project, with the words for the status line.
pub type Commit = Callback<(Project, String)>;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(boot::init);
    // Mirrors "a conflict is pending" for the storage listener, which outlives renders.
    let conflicted = use_mut_ref(|| Cell::new(false));
    conflicted.borrow().set(state.notices.iter().any(|n| matches!(n, Notice::Conflict { .. })));

    let commit: Commit = {
        let state = state.clone();
        Callback::from(move |(project, status): (Project, String)| {
            if !state.embed {
                // Saved before the reducer analyses it: a panic there loses nothing.
                match storage::save(&project) {
                    Saved::Yes => {}
                    Saved::Conflict(theirs) => {
                        state.dispatch(Action::Notice(Notice::Conflict { theirs: Rc::new(theirs.project) }))
                    }
                    Saved::Unavailable => state.dispatch(Action::Notice(Notice::NotSaved)),
                }
            }
            state.dispatch(Action::SetProject { project, status });
        })
    };

    // Ctrl/Cmd+Enter builds, wherever the focus is.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            // After the first render: the browser benchmark reads this mark.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("layerlab-first-render");
            }
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "keydown", move |event| {
                    let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if key.key() == "Enter" && (key.ctrl_key() || key.meta_key()) {
                        key.prevent_default();
                        dispatcher.dispatch(Action::Build);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Another tab saved: follow it, unless this tab has unsaved edits (then the conflict notice asks).
    {
        let dispatcher = state.dispatcher();
        let conflicted = conflicted.clone();
        let embed = state.embed;
        use_effect_with((), move |()| {
            let listener = (!embed).then(web_sys::window).flatten().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
                    let Some(record) = storage::from_other_tab(event.key(), event.new_value()) else { return };
                    if conflicted.borrow().get() {
                        dispatcher.dispatch(Action::Notice(Notice::Conflict { theirs: Rc::new(record.project) }));
                    } else {
                        storage::adopt(&record);
                        dispatcher.dispatch(Action::FromOtherTab(record.project));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The theme and presenter mode live on <html>, so the whole page follows.
    {
        let (dark, presenter, embed) = (state.dark, state.presenter, state.embed);
        use_effect_with((dark, presenter), move |_| {
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
                let _ = root.class_list().toggle_with_force("presenter", presenter);
                let _ = root.class_list().toggle_with_force("embed", embed);
            }
            if !embed {
                boot::save_ui_prefs(dark, presenter);
            }
        });
    }

    // The lesson progress is saved whenever it changes (never in embed mode).
    {
        let (progress, embed) = (state.course.progress.clone(), state.embed);
        use_effect_with(progress, move |progress| {
            if !embed && !crate::progress::save(progress) {
                web_sys::console::warn_1(&"Layerlab: the lesson progress could not be saved in localStorage".into());
            }
        });
    }

    // The teacher's worksheet draft likewise.
    {
        let (draft, embed) = (state.course.draft.clone(), state.embed);
        use_effect_with(draft, move |draft| {
            if !embed && !crate::worksheet::save_draft(draft) {
                web_sys::console::warn_1(&"Layerlab: the worksheet draft could not be saved in localStorage".into());
            }
        });
    }

    // The open worksheet's work, saved as it changes (the forms, Checks,
    // hints): a reload or a second link finds it again.
    let sheet_saver = use_mut_ref(crate::sheet_work::Saver::default);
    sheet_saver.borrow_mut().latest = if state.embed { None } else { state.course.sheet_work() };
    {
        let saver = sheet_saver.clone();
        use_effect_with(sheet_saver.borrow().latest.clone(), move |_| {
            if !saver.borrow_mut().flush() {
                web_sys::console::warn_1(&"Layerlab: the worksheet's work could not be saved in localStorage".into());
            }
        });
    }

    // A link pasted into the address bar of this tab (or Back to an earlier
    // one) opens as a reload would, after the current work is written.
    {
        let (dispatcher, saver, embed) = (state.dispatcher(), sheet_saver.clone(), state.embed);
        use_effect_with((), move |()| {
            let listener = (!embed).then(web_sys::window).flatten().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    // Every change is saved as it is made; this only makes sure.
                    saver.borrow_mut().flush();
                    boot::follow_hash(&dispatcher);
                })
            });
            move || drop(listener)
        });
    }

    // The terminal's journal and screen are saved after every command (never in embed mode).
    {
        let state = state.clone();
        use_effect_with(state.terminal.clone(), move |_| {
            if !state.embed && !storage::save_terminal(&state.terminal_to_store()) {
                log_unsaved_terminal();
            }
        });
    }

    let open = state.open.clone();
    let text = state.project.text(&open).unwrap_or("").to_owned();
    let on_input = {
        let commit = commit.clone();
        let project = state.project.clone();
        let open = open.clone();
        Callback::from(move |text: String| {
            commit.emit((project.with_text(&open, &text), format!("Edited {open}. Build to see what changed.")))
        })
    };
    let dispatch = |action: fn(usize) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |line: usize| dispatcher.dispatch(action(line)))
    };
    let on_hover = {
        let dispatcher = state.dispatcher();
        Callback::from(move |line: Option<usize>| dispatcher.dispatch(Action::Hover(line)))
    };
    let is_dockerfile = open == DOCKERFILE;
    let selected_line = state
        .layer
        .and_then(|i| state.shown_entry()?.build.as_ref()?.steps.get(i).map(|s| s.line))
        .filter(|_| is_dockerfile);

    // Commands in text run in the terminal (not in a read-only embed).
    let runner = {
        // Made once, so the context's consumers do not re-render on every keystroke.
        let dispatcher = state.dispatcher();
        use_memo((), move |()| {
            Runner(Callback::from(move |line: String| dispatcher.dispatch(Action::RunCommand(line))))
        })
    };
    let class = classes!("app", state.embed.then_some("app-embed"));
    let page = html! {
        <div {class}>
            if !state.embed {
                <Header state={state.clone()} commit={commit.clone()} />
            }
            <Notices state={state.clone()} commit={commit.clone()} />
            <main class="app-main">
                if let (false, Some(screen)) = (state.embed, lesson_screen(&state, &commit)) {
                    <section class="app-lessons">{ screen }</section>
                } else {
                if !state.embed {
                    <Files state={state.clone()} commit={commit.clone()} />
                }
                <section class="app-editor" aria-label="Editor">
                    <Editor
                        path={open.clone()}
                        text={AttrValue::from(text)}
                        live={state.live.clone()}
                        marks={Rc::new(if is_dockerfile { state.line_marks() } else { Default::default() })}
                        hover_line={state.hover_line.filter(|_| is_dockerfile)}
                        {selected_line}
                        reveal={state.reveal.filter(|_| is_dockerfile)}
                        readonly={state.embed || state.project.file(&open).is_some_and(|f| f.text().is_none())}
                        build_error={state.build_error().filter(|_| is_dockerfile)}
                        {on_input}
                        on_select_line={dispatch(Action::SelectLine)}
                        on_hover={on_hover.clone()}
                    />
                    if is_dockerfile {
                        <Problems live={state.live.clone()} project={state.project.clone()} readonly={state.embed} commit={commit.clone()} on_hover={on_hover.clone()} />
                    }
                </section>
                }
                <Panels state={state.clone()} commit={commit.clone()} />
            </main>
            if !state.embed {
                <StatusBar state={state.clone()} />
            }
        </div>
    };
    if state.embed {
        page
    } else {
        html! { <ContextProvider<Runner> context={(*runner).clone()}>{ page }</ContextProvider<Runner>> }
    }
}

/// The lesson screen shown instead of the files and editor, if any.
fn lesson_screen(state: &UseReducerHandle<crate::state::State>, commit: &Commit) -> Option<Html> {
    let state = state.clone();
    Some(match state.course.screen {
        Screen::Playground => return None,
        Screen::Index => html! { <LessonIndex {state} /> },
        Screen::Lesson(lesson) => html! { <LessonView {state} commit={commit.clone()} {lesson} /> },
        Screen::Review => html! { <ReviewView {state} /> },
        Screen::Drill => html! { <DrillView {state} /> },
        Screen::Interview => html! { <InterviewView {state} /> },
        Screen::Sheet => html! { <SheetView {state} /> },
        Screen::Compose => html! { <ComposeView {state} /> },
    })
}

/// Storage refused the terminal (private mode, quota): the project's notice
/// already says so when it happens to the project; the console says it here.
fn log_unsaved_terminal() {
    web_sys::console::warn_1(&"Layerlab: the terminal could not be saved in localStorage".into());
}
