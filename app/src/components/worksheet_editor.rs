//! A teacher composes a worksheet: exercises picked from the lessons, each
//! editable (title, prompt, hints; a fix-it's starting Dockerfile and model
//! answer; a fix-it's or terminal task's goals in `goal_editor.rs`), then
//! shared as a link that opens it in a student's browser. The draft is kept
//! in this browser until cleared.

use std::rc::Rc;

use layerlab_lessons::{Exercise, Goal, Markdown, Scope, Task};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::exercise::kind_title;
use crate::components::goal_editor::GoalEditor;
use crate::state::{Action, LessonAction, Screen, State};
use crate::worksheet::Worksheet;

#[derive(Properties, PartialEq)]
pub struct ComposeProps {
    pub state: UseReducerHandle<State>,
}

/// Changes the draft with `change` and dispatches it.
fn update(state: &UseReducerHandle<State>, change: impl FnOnce(&mut Worksheet)) {
    let mut draft = (*state.course.draft).clone();
    change(&mut draft);
    state.dispatch(Action::Lesson(LessonAction::Draft(Rc::new(draft))));
}

fn text_of(e: &InputEvent) -> String {
    let target = e.target();
    if let Some(area) = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<HtmlTextAreaElement>(t)) {
        return area.value();
    }
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(ComposeView)]
pub fn compose_view(props: &ComposeProps) -> Html {
    let state = &props.state;
    let course = &state.course;
    let draft = course.draft.clone();
    let picked_lesson = use_state(|| 0usize);
    let link = use_state(|| None::<String>);
    let back = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(Screen::Index))))
    };
    let on_title = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let title = text_of(&e);
            update(&state, |d| d.title = title)
        })
    };
    let on_lesson = {
        let picked = picked_lesson.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            picked.set(select.value().parse().unwrap_or(0));
        })
    };
    let lesson_options = course.lessons.iter().enumerate().map(|(i, l)| {
        html! { <option value={i.to_string()} selected={i == *picked_lesson}>{ format!("{}. {}", l.number, l.title) }</option> }
    });
    let catalogue = course.lessons.get(*picked_lesson).map(|lesson| {
        lesson.exercises.iter().map(|exercise| {
            let onclick = {
                let (state, exercise, link) = (state.clone(), exercise.clone(), link.clone());
                Callback::from(move |_: MouseEvent| {
                    link.set(None);
                    let exercise = exercise.clone();
                    update(&state, |d| d.exercises.push(exercise))
                })
            };
            html! {
                <li class="composer-pick">
                    <span class="exercise-kind">{ kind_title(exercise) }</span>
                    <span class="composer-pick-title">{ &exercise.title }</span>
                    <button class="exercise-button" data-testid="compose-add" data-id={exercise.id.clone()} {onclick}>{ "Add" }</button>
                </li>
            }
        }).collect::<Html>()
    }).unwrap_or_default();
    let items = draft.exercises.iter().enumerate().map(|(i, exercise)| item(state, i, exercise, &link));
    let on_share = {
        let (draft, link) = (draft.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let url = format!("{}#{}", crate::boot::page_url(), draft.fragment());
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&url);
            }
            link.set(Some(url));
        })
    };
    let on_try = {
        let (state, draft) = (state.clone(), draft.clone());
        Callback::from(move |_: MouseEvent| {
            let (open, unreadable) = crate::sheet_work::open(Ok(draft.clone()));
            state.dispatch(Action::Lesson(open));
            if let Some(why) = unreadable {
                state.dispatch(Action::Status(why));
            }
        })
    };
    let on_clear = {
        let (state, link) = (state.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            link.set(None);
            update(&state, |d| *d = Worksheet::default())
        })
    };
    let empty = draft.exercises.is_empty();
    html! {
        <article class="lesson composer" data-testid="compose-screen">
            <nav class="lesson-nav">
                <button class="header-button" data-testid="back-to-index" onclick={back}>{ "← All lessons" }</button>
            </nav>
            <h2 class="lesson-title">{ "Compose a worksheet" }</h2>
            <p class="composer-lead">{ "Pick exercises, adjust them, and share the worksheet as a link. The link carries everything: students open it, work and check in their own browser, and nothing is stored on a server." }</p>
            <label class="exercise-label">{ "Title" }
                <input class="exercise-input" data-testid="compose-title" value={draft.title.clone()} oninput={on_title} />
            </label>
            <section class="composer-catalogue">
                <label class="exercise-label">{ "Exercises from lesson" }
                    <select class="composer-select" data-testid="compose-lesson" onchange={on_lesson}>{ for lesson_options }</select>
                </label>
                <ul class="composer-picks">{ catalogue }</ul>
            </section>
            <h3>{ format!("In this worksheet ({})", draft.exercises.len()) }</h3>
            if empty {
                <p class="composer-empty">{ "No exercises yet: add some from the lessons above." }</p>
            }
            <ol class="composer-items">{ for items }</ol>
            <div class="exercise-actions">
                <button class="exercise-check" data-testid="compose-share" disabled={empty} onclick={on_share}>{ "Make the link" }</button>
                <button class="exercise-button" data-testid="compose-try" disabled={empty} onclick={on_try}>{ "Try it as a student" }</button>
                <button class="exercise-button" data-testid="compose-clear" disabled={empty} onclick={on_clear}>{ "Start over" }</button>
            </div>
            if let Some(url) = (*link).clone() {
                <label class="exercise-label">{ format!("The link ({} characters, copied to the clipboard)", url.len()) }
                    <input class="exercise-input" data-testid="compose-link" readonly=true value={url} />
                </label>
            }
        </article>
    }
}

/// One exercise of the draft with its editable parts.
fn item(state: &UseReducerHandle<State>, i: usize, exercise: &Exercise, link: &UseStateHandle<Option<String>>) -> Html {
    let edit = |change: fn(&mut Exercise, String)| {
        let (state, link) = (state.clone(), link.clone());
        Callback::from(move |e: InputEvent| {
            let text = text_of(&e);
            link.set(None);
            update(&state, |d| {
                if let Some(x) = d.exercises.get_mut(i) {
                    change(x, text)
                }
            })
        })
    };
    let remove = {
        let (state, link) = (state.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            link.set(None);
            update(&state, |d| {
                if i < d.exercises.len() {
                    d.exercises.remove(i);
                }
            })
        })
    };
    let on_goals = {
        let (state, link) = (state.clone(), link.clone());
        Callback::from(move |goals: Vec<Goal>| {
            link.set(None);
            update(&state, |d| {
                if let Some(Task::FixIt { goals: kept, .. } | Task::TerminalTask { goals: kept, .. }) =
                    d.exercises.get_mut(i).map(|x| &mut x.task)
                {
                    *kept = goals
                }
            })
        })
    };
    let goals = match &exercise.task {
        Task::FixIt { goals, .. } => Some((goals.clone(), Scope::Project)),
        Task::TerminalTask { goals, .. } => Some((goals.clone(), Scope::Daemon)),
        _ => None,
    };
    let fix_it = match &exercise.task {
        Task::FixIt { project, solution, .. } => Some(html! {
            <>
                <label class="exercise-label">{ "Starting Dockerfile" }
                    <textarea class="exercise-editor" data-testid="compose-start" spellcheck="false" rows={rows(&project.dockerfile)}
                        value={project.dockerfile.clone()} oninput={edit(|x, t| if let Task::FixIt { project, .. } = &mut x.task { project.dockerfile = t })} />
                </label>
                <label class="exercise-label">{ "Model answer" }
                    <textarea class="exercise-editor" data-testid="compose-solution" spellcheck="false" rows={rows(&solution.dockerfile)}
                        value={solution.dockerfile.clone()} oninput={edit(|x, t| if let Task::FixIt { solution, .. } = &mut x.task { solution.dockerfile = t })} />
                </label>
            </>
        }),
        _ => None,
    };
    html! {
        <li class="composer-item" data-testid="compose-item" data-kind={exercise.kind().as_str()}>
            <div class="composer-item-head">
                <span class="exercise-kind">{ kind_title(exercise) }</span>
                <input class="exercise-input" data-testid="compose-item-title" value={exercise.title.clone()} aria-label="Exercise title"
                    oninput={edit(|x, t| x.title = t)} />
                <button class="exercise-button" data-testid="compose-remove" onclick={remove}>{ "Remove" }</button>
            </div>
            <label class="exercise-label">{ "Prompt (Markdown)" }
                <textarea class="exercise-editor" data-testid="compose-prompt" rows={rows(&exercise.prompt.source)} value={exercise.prompt.source.clone()}
                    oninput={edit(|x, t| if let Ok(md) = Markdown::parse(&t) { x.prompt = md } else { x.prompt.source = t })} />
            </label>
            <label class="exercise-label">{ "Hints, one per line" }
                <textarea class="exercise-editor" data-testid="compose-hints" rows="3" value={exercise.hints.join("\n")}
                    oninput={edit(|x, t| x.hints = t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())} />
            </label>
            { fix_it.unwrap_or_default() }
            if let Some((goals, scope)) = goals {
                <GoalEditor {goals} {scope} on_change={on_goals} />
            }
        </li>
    }
}

fn rows(text: &str) -> String {
    (text.lines().count().clamp(2, 14) + 2).to_string()
}
