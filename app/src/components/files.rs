//! The files panel: the build context's files, which one is open, which ones
//! `.dockerignore` leaves out (and by which pattern), new, rename, delete and
//! the executable bit.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::app::Commit;
use crate::model;
use crate::project::{ProjectExt, DOCKERFILE};
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
}

/// What the name field is for, when it is shown.
#[derive(Clone, PartialEq)]
enum Naming {
    New,
    Rename(String),
}

#[function_component(Files)]
pub fn files(props: &FilesProps) -> Html {
    let state = &props.state;
    let naming = use_state(|| None::<Naming>);
    let confirm_delete = use_state(|| false);
    let ignored = model::ignored(&state.live.view);
    let open = state.open.clone();

    let rows = state.project.files().map(|(path, file)| {
        let onclick = {
            let (state, path, confirm_delete) = (state.clone(), path.clone(), confirm_delete.clone());
            Callback::from(move |_: MouseEvent| {
                confirm_delete.set(false);
                state.dispatch(Action::Open(path.clone()));
            })
        };
        let why = ignored.get(path);
        // Docker still sends these two to the builder, which needs them; COPY and ADD skip them.
        let builder_reads = path == DOCKERFILE || path == ".dockerignore";
        let title = why.map(|w| {
            let rule = match w.line {
                Some(line) => format!(".dockerignore line {line} ({})", w.pattern),
                None => format!(".dockerignore pattern {}", w.pattern),
            };
            if builder_reads {
                format!("Sent to the builder, which reads it, but COPY and ADD skip it: {rule}")
            } else {
                format!("Not in the build context: {rule} leaves it out")
            }
        });
        let current = (*path == open).then_some("true");
        html! {
            <li class={classes!("files-row", (why.is_some() && !builder_reads).then_some("files-ignored"))}>
                <button class="file-tab" data-testid="file-tab" data-path={path.clone()} aria-current={current} {onclick} title={title.clone()}>
                    <span class="file-name">{ path }</span>
                    if file.is_executable() {
                        <span class="file-badge" title="executable (mode 755)">{ "x" }</span>
                    }
                </button>
                if let Some(w) = why {
                    <span class="file-ignored-note">
                        { if builder_reads { "COPY and ADD skip it" } else { "left out" } }
                        // The pattern is worth showing only when it is not the file's own name.
                        if w.pattern != *path { { " by " }<code>{ &w.pattern }</code> }
                        { w.line.map(|l| format!(" (.dockerignore line {l})")).unwrap_or_default() }
                        { if builder_reads { "; the builder still reads it" } else { "" } }
                    </span>
                }
            </li>
        }
    });

    let start_new = {
        let naming = naming.clone();
        Callback::from(move |_: MouseEvent| naming.set(Some(Naming::New)))
    };
    let start_rename = {
        let (naming, open) = (naming.clone(), open.clone());
        Callback::from(move |_: MouseEvent| naming.set(Some(Naming::Rename(open.clone()))))
    };
    let on_name_key = {
        let (state, commit, naming) = (state.clone(), props.commit.clone(), naming.clone());
        Callback::from(move |e: KeyboardEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match e.key().as_str() {
                "Escape" => naming.set(None),
                "Enter" => {
                    e.prevent_default();
                    let name = input.value();
                    let result = match &*naming {
                        Some(Naming::New) => {
                            state.project.with_new_file(&name).map(|p| (p, format!("Created {}.", name.trim())))
                        }
                        Some(Naming::Rename(from)) => state
                            .project
                            .renamed(from, &name)
                            .map(|p| (p, format!("Renamed {from} to {}.", name.trim()))),
                        None => return,
                    };
                    match result {
                        Ok((project, status)) => {
                            let path = project.paths().into_iter().find(|p| !state.project.has(p));
                            commit.emit((project, status));
                            if let Some(path) = path {
                                state.dispatch(Action::Open(path));
                            }
                            naming.set(None);
                        }
                        Err(why) => state.dispatch(Action::Status(why.to_string())),
                    }
                }
                _ => {}
            }
        })
    };
    let on_delete = {
        let (state, commit, confirm_delete, open) =
            (state.clone(), props.commit.clone(), confirm_delete.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            if !*confirm_delete {
                confirm_delete.set(true);
                return;
            }
            confirm_delete.set(false);
            match state.project.removed(&open) {
                Ok(project) => commit.emit((project, format!("Deleted {open}."))),
                Err(why) => state.dispatch(Action::Status(why.to_string())),
            }
        })
    };
    let cancel_delete = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: MouseEvent| confirm_delete.set(false))
    };
    let on_exec = {
        let (state, commit, open) = (state.clone(), props.commit.clone(), open.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let on = input.checked();
            let mode = if on { "755" } else { "644" };
            commit.emit((state.project.with_executable(&open, on), format!("{open} is now mode {mode}.")));
        })
    };
    let executable = state.project.file(&open).is_some_and(|f| f.is_executable());
    let name_label = match &*naming {
        Some(Naming::Rename(from)) => format!("New name for {from} (Enter to rename, Esc to cancel)"),
        _ => "New file's path (Enter to create, Esc to cancel)".to_owned(),
    };
    let name_value = match &*naming {
        Some(Naming::Rename(from)) => from.clone(),
        _ => String::new(),
    };

    html! {
        <nav class="files" aria-label="Build context files">
            <div class="files-head">
                <h2 class="panel-title">{ "Files" }</h2>
                <button class="files-button" data-testid="new-file" onclick={start_new} title="New file">{ "+ New" }</button>
            </div>
            if naming.is_some() {
                <label class="files-name">
                    <span class="files-name-label">{ name_label }</span>
                    <input class="files-name-input" data-testid="file-name" autofocus=true value={name_value} onkeydown={on_name_key} />
                </label>
            }
            <ul class="files-list">{ for rows }</ul>
            if open != DOCKERFILE {
                <div class="files-actions" aria-label={format!("Actions on {open}")}>
                    <button class="files-button" onclick={start_rename}>{ "Rename" }</button>
                    if *confirm_delete {
                        <button class="files-button files-danger" onclick={on_delete.clone()}>{ format!("Delete {open}") }</button>
                        <button class="files-button" onclick={cancel_delete}>{ "Keep" }</button>
                    } else {
                        <button class="files-button" onclick={on_delete}>{ "Delete" }</button>
                    }
                    <label class="files-exec">
                        <input type="checkbox" checked={executable} onchange={on_exec} />
                        { "Executable" }
                    </label>
                </div>
            }
        </nav>
    }
}
