//! The lesson index: the practice modes (the review queue with how many
//! exercises are due, drills, interview mode, composing a worksheet), the
//! progress per topic, every lesson with its summary, topics and a progress
//! bar (exercises passed), and the progress's export and import.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::header::download;
use crate::progress::Progress;
use layerlab_lessons::Kind;

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
    let now = js_sys::Date::now() as u64;
    let due = course.progress.due(&course.lessons, now).len();
    let act = |make: fn(u64) -> LessonAction| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| {
            let now = js_sys::Date::now() as u64;
            state.dispatch(Action::Lesson(make(now)))
        })
    };
    let topics = course.progress.by_topic(&course.lessons).into_iter().map(|(topic, done, total)| {
        html! {
            <li class="topic-row" data-testid="topic-progress" data-topic={topic.clone()} data-done={done.to_string()} data-total={total.to_string()}>
                <span class="topic-name">{ topic }</span>
                <progress max={total.to_string()} value={done.to_string()}></progress>
                <span class="topic-count">{ format!("{done}/{total}") }</span>
            </li>
        }
    });
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
            <div class="practice" aria-label="Practice">
                <button class="practice-card" data-testid="start-review" data-due={due.to_string()} disabled={due == 0}
                    onclick={act(|now| LessonAction::StartReview { now })}>
                    <span class="practice-title">{ "Review" }</span>
                    <span class="practice-text">{ match due {
                        0 => "Nothing due. Missed exercises come back here, and passed ones after a day, then longer.".to_owned(),
                        1 => "1 exercise is due: missed, or passed a while ago.".to_owned(),
                        n => format!("{n} exercises are due: missed, or passed a while ago."),
                    } }</span>
                </button>
                <div class="practice-card">
                    <span class="practice-title">{ "Drills" }</span>
                    <span class="practice-text">{ "Endless generated questions, graded by the engine." }</span>
                    <span class="practice-buttons">
                        <button class="exercise-button" data-testid="start-drill" data-kind="predict-argv"
                            onclick={act(|now| LessonAction::Drill { kind: Kind::PredictArgv, seed: random_seed(now) })}>{ "CMD and ENTRYPOINT" }</button>
                        <button class="exercise-button" data-testid="start-drill" data-kind="predict-cache"
                            onclick={act(|now| LessonAction::Drill { kind: Kind::PredictCache, seed: random_seed(now) })}>{ "The build cache" }</button>
                    </span>
                </div>
                <div class="practice-card">
                    <span class="practice-title">{ "Interview mode" }</span>
                    <span class="practice-text">{ format!("{} questions across topics; the score and the model answers at the end.", crate::state::lessons::INTERVIEW_QUESTIONS) }</span>
                    <span class="practice-buttons">
                        <button class="exercise-button" data-testid="start-interview" data-timed="true"
                            onclick={act(|now| LessonAction::StartInterview { seed: random_seed(now), timed: true, now })}>{ "Timed" }</button>
                        <button class="exercise-button" data-testid="start-interview" data-timed="false"
                            onclick={act(|now| LessonAction::StartInterview { seed: random_seed(now), timed: false, now })}>{ "Untimed" }</button>
                    </span>
                </div>
                <button class="practice-card" data-testid="compose" onclick={act(|_| LessonAction::Show(Screen::Compose))}>
                    <span class="practice-title">{ "For teachers" }</span>
                    <span class="practice-text">{ "Compose a worksheet from these exercises, edit them, and share it as a link." }</span>
                </button>
            </div>
            <details class="topic-progress" open=true>
                <summary>{ "Progress by topic" }</summary>
                <ul class="topic-rows">{ for topics }</ul>
            </details>
            <h3 class="lesson-index-sub">{ "All lessons" }</h3>
            <ol class="lesson-cards">{ for cards }</ol>
        </section>
    }
}

/// A seed for a drill or an interview set: a different question each time.
fn random_seed(now: u64) -> u64 {
    now ^ (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}
