//! The header: name, examples, Build (Ctrl/Cmd+Enter), rebuild-on-edit,
//! Share (and the link it made), export/import, theme, presenter mode.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::boot;
use crate::components::app::Commit;
use crate::examples;
use crate::project::{Project, ProjectExt};
use crate::state::{Action, LessonAction, Notice, Screen, State};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let state = &props.state;
    let reader = use_mut_ref(|| None::<gloo_file::callbacks::FileReader>);

    let on_build = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Build))
    };
    let on_auto = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::AutoBuild(input.checked()));
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut extra = Vec::new();
            if let Some(layer) = state.layer {
                extra.push(("panel", state.panel.id().to_owned()));
                extra.push(("layer", layer.to_string()));
            }
            state.dispatch(Action::Shared(boot::share_url(&state.project.with_open(&state.open), &extra)));
        })
    };
    let on_copy = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(url), Some(window)) = (state.share_url.clone(), web_sys::window()) else { return };
            let _ = window.navigator().clipboard().write_text(&url);
            state.dispatch(Action::Status("Link copied.".into()));
        })
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Dark(!state.dark)))
    };
    let on_presenter = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Presenter(!state.presenter)))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            download("layerlab-project.json", &state.project.to_json());
            state.dispatch(Action::Status("Exported the project as layerlab-project.json.".into()));
        })
    };
    let on_import = {
        let state = state.clone();
        let commit = props.commit.clone();
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let name = file.name();
            let (state, commit) = (state.clone(), commit.clone());
            let task = gloo_file::callbacks::read_as_text(&gloo_file::File::from(file), move |text| {
                match text.map_err(|e| e.to_string()).and_then(|t| Project::from_json(&t)) {
                    Ok(project) => {
                        keep_previous(&state, &format!("the file {name}"));
                        commit.emit((project, format!("Imported {name}.")));
                    }
                    Err(why) => state.dispatch(Action::Status(format!("Could not import {name}: {why}."))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    let on_lessons = {
        let state = state.clone();
        let to = if state.course.screen == Screen::Playground { Screen::Index } else { Screen::Playground };
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(to))))
    };
    let in_lessons = state.course.screen != Screen::Playground;
    let gallery = examples::all().iter().map(|example| {
        let onclick = {
            let state = state.clone();
            let commit = props.commit.clone();
            Callback::from(move |e: MouseEvent| {
                close_menu(&e);
                keep_previous(&state, &format!("the {} example", example.title));
                commit
                    .emit((example.project(), format!("Opened the {} example. Build it: Ctrl+Enter.", example.title)));
            })
        };
        html! {
            <li>
                <button class="example" data-testid="example" data-name={example.name} {onclick}>
                    <span class="example-title">{ example.title }</span>
                    <span class="example-summary">{ example.summary }</span>
                </button>
            </li>
        }
    });

    html! {
        <header class="header">
            <div class="header-row">
                <h1 class="header-name">{ "Layerlab" }</h1>
                <button class="header-button" data-testid="nav-lessons" aria-pressed={in_lessons.to_string()} onclick={on_lessons}>
                    { if in_lessons { "Playground" } else { "Lessons" } }
                </button>
                <details class="header-examples">
                    <summary class="header-button">{ "Examples" }</summary>
                    <ul class="header-menu" aria-label="Examples">{ for gallery }</ul>
                </details>
                <button class="header-button header-build" data-testid="build-button" onclick={on_build}
                    aria-keyshortcuts="Control+Enter Meta+Enter" title="Build the image (Ctrl+Enter or ⌘+Enter)">
                    { "Build" }<kbd class="header-kbd">{ "Ctrl+Enter" }</kbd>
                </button>
                <label class="header-toggle">
                    <input type="checkbox" checked={state.auto_build} onchange={on_auto} />
                    { "Rebuild on every edit" }
                </label>
                <span class="header-spacer"></span>
                <button class="header-button" data-testid="share-button" onclick={on_share}>{ "Share" }</button>
                <button class="header-button" onclick={on_export}>{ "Export" }</button>
                <label class="header-button header-import">
                    { "Import" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" onchange={on_import} />
                </label>
                <button class="header-button" aria-pressed={state.dark.to_string()} onclick={on_theme}>
                    { if state.dark { "Light theme" } else { "Dark theme" } }
                </button>
                <button class="header-button" data-testid="presenter-toggle" aria-pressed={state.presenter.to_string()} onclick={on_presenter}>
                    { "Presenter" }
                </button>
            </div>
            if let Some(url) = state.share_url.clone() {
                <div class="header-share" role="group" aria-label="Share link">
                    <label for="share-url">{ "Link to this project (nothing is uploaded: the project is in the link)" }</label>
                    <input id="share-url" class="header-share-url" data-testid="share-url" readonly=true value={url.clone()} />
                    <button class="header-button" onclick={on_copy}>{ "Copy" }</button>
                </div>
                <div class="header-share" role="group" aria-label="Embed">
                    <label for="embed-code">{ "To embed it read-only in a page or slides" }</label>
                    <input id="embed-code" class="header-share-url" data-testid="embed-code" readonly=true
                        value={format!("<iframe src=\"{}\" width=\"1200\" height=\"640\" title=\"Layerlab\"></iframe>", url.replacen('#', "?embed#", 1))} />
                </div>
            }
        </header>
    }
}

/// Keeps the current project aside when it is not an untouched example,
/// and says how to get it back.
pub(crate) fn keep_previous(state: &UseReducerHandle<State>, what: &str) {
    let untouched = examples::all().iter().any(|e| e.project() == *state.project);
    if !untouched && !state.embed && storage::keep_previous(&state.project) {
        state.dispatch(Action::Notice(Notice::Replaced { what: what.to_owned() }));
    }
}

/// Closes the examples menu after a choice.
fn close_menu(e: &MouseEvent) {
    let details = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("details").ok().flatten());
    if let Some(details) = details {
        let _ = details.remove_attribute("open");
    }
}

/// Saves `text` as a file through a temporary link: nothing leaves the page.
pub(crate) fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a") {
        if let Some(a) = a.dyn_ref::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
