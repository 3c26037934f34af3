//! The lesson index: every lesson with its summary, topics and a progress
//! bar (exercises passed), and the progress's export and import.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::header::download;
use crate::progress::Progress;
use crate::state::{Action, LessonAction, Screen, State};

#[derive(Properties, PartialEq)]
pub struct LessonIndexProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(LessonIndex)]
pub fn lesson_index(props: &LessonIndexProps) -> Html {
    let course = &props.state.course;
    let reader = use_mut_ref(|| None::<gloo_file::callbacks::FileReader>);
    let cards = course.lessons.iter().enumerate().map(|(i, lesson)| {
        let total = lesson.exercises.len();
        let done = course.progress.passed_count(&lesson.id, lesson.exercises.iter().map(|e| e.id.as_str()));
        let onclick = {
            let state = props.state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(Screen::Lesson(i)))))
        };
        html! {
            <li>
                <button class="lesson-card" data-testid="lesson-card" data-id={lesson.id.clone()} {onclick}>
                    <span class="lesson-card-number">{ lesson.number }</span>
                    <span class="lesson-card-body">
                        <span class="lesson-card-title">{ &lesson.title }</span>
                        <span class="lesson-card-summary">{ &lesson.summary }</span>
                        <span class="lesson-card-topics">{ for lesson.topics.iter().map(|t| html! { <span class="topic">{ t }</span> }) }</span>
                    </span>
                    <span class="lesson-card-progress" data-testid="lesson-progress" data-done={done.to_string()} data-total={total.to_string()}>
                        <progress max={total.to_string()} value={done.to_string()}></progress>
                        <span>{ format!("{done}/{total}") }</span>
                    </span>
                </button>
            </li>
        }
    });
    let on_export = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| {
            download("layerlab-progress.json", &state.course.progress.to_json());
            state.dispatch(Action::Status("Exported your lesson progress as layerlab-progress.json.".into()));
        })
    };
    let on_import = {
        let state = props.state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let name = file.name();
            let state = state.clone();
            let task = gloo_file::callbacks::read_as_text(&gloo_file::File::from(file), move |text| {
                match text.map_err(|e| e.to_string()).and_then(|t| Progress::from_json(&t)) {
                    Ok(progress) => {
                        state.dispatch(Action::Lesson(LessonAction::Import(progress)));
                        state.dispatch(Action::Status(format!("Imported lesson progress from {name}.")));
                    }
                    Err(why) => state.dispatch(Action::Status(format!("Could not import {name}: {why}."))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    html! {
        <section class="lesson-index" data-testid="lesson-index" aria-label="Lessons">
            <div class="lesson-index-head">
                <h2>{ "Lessons" }</h2>
                <span class="lesson-index-spacer"></span>
                <button class="header-button" data-testid="export-progress" onclick={on_export}>{ "Export progress" }</button>
                <label class="header-button">
                    { "Import progress" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-progress" onchange={on_import} />
                </label>
            </div>
            if let Some(error) = course.load_error.clone() {
                <p class="exercise-error">{ format!("The lessons could not be loaded: {error}") }</p>
            }
            <ol class="lesson-cards">{ for cards }</ol>
        </section>
    }
}
