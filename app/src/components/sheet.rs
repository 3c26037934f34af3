//! A teacher's worksheet opened from a link: its exercises, worked and
//! checked here by the engine; nothing is sent anywhere and the course's
//! own progress is untouched.

use yew::prelude::*;

use crate::components::exercise::ExerciseView;
use crate::state::{Action, LessonAction, Screen, Slot, State};

#[derive(Properties, PartialEq)]
pub struct SheetProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(SheetView)]
pub fn sheet_view(props: &SheetProps) -> Html {
    let course = &props.state.course;
    let back = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(Screen::Index))))
    };
    let nav = html! {
        <nav class="lesson-nav">
            <button class="header-button" data-testid="back-to-index" onclick={back}>{ "← All lessons" }</button>
        </nav>
    };
    let sheet = match course.sheet.clone() {
        Some(Ok(sheet)) => sheet,
        Some(Err(why)) => {
            return html! {
                <article class="lesson" data-testid="sheet" data-error="true">
                    { nav }
                    <h2 class="lesson-title">{ "Worksheet" }</h2>
                    <p class="exercise-error" role="alert" data-testid="sheet-error">{ format!("This worksheet link does not open: {why}.") }</p>
                </article>
            }
        }
        None => return html! {},
    };
    let total = sheet.exercises.len();
    let done = (0..total).filter(|&i| course.passed(Slot::Sheet(i))).count();
    let title = if sheet.title.trim().is_empty() { "Worksheet".to_owned() } else { sheet.title.clone() };
    html! {
        <article class="lesson" data-testid="sheet">
            { nav }
            <h2 class="lesson-title" data-testid="sheet-title">{ title }</h2>
            <p class="lesson-progress" data-testid="sheet-progress" data-done={done.to_string()} data-total={total.to_string()}>
                <progress max={total.to_string()} value={done.to_string()}></progress>{ format!(" {done}/{total} exercises") }
            </p>
            <p class="sheet-lead">{ "Shared by your teacher as a link. Your answers are checked and kept here, in your browser (a reload finds them); nothing is sent anywhere." }</p>
            <section class="lesson-exercises">
                { for (0..total).map(|i| html! {
                    <ExerciseView key={format!("sheet/{i}/{}", sheet.exercises[i].id)} state={props.state.clone()} slot={Slot::Sheet(i)} />
                }) }
            </section>
        </article>
    }
}
