//! A drill: one generated question (the lessons crate's, from a seed),
//! graded by the engine like any exercise, and the next one on request.

use layerlab_lessons::Kind;
use yew::prelude::*;

use crate::components::exercise::ExerciseView;
use crate::state::{Action, LessonAction, Screen, Slot, State};

#[derive(Properties, PartialEq)]
pub struct DrillProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(DrillView)]
pub fn drill_view(props: &DrillProps) -> Html {
    let course = &props.state.course;
    let Some(exercise) = course.drill.clone() else { return html! {} };
    let kind = exercise.kind();
    let back = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(Screen::Index))))
    };
    let next = |kind: Kind| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| {
            let seed = js_sys::Date::now() as u64 ^ (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
            state.dispatch(Action::Lesson(LessonAction::Drill { kind, seed }))
        })
    };
    let (title, other, other_title) = match kind {
        Kind::PredictCache => ("Drill: the build cache", Kind::PredictArgv, "Switch to CMD and ENTRYPOINT"),
        _ => ("Drill: CMD and ENTRYPOINT", Kind::PredictCache, "Switch to the build cache"),
    };
    html! {
        <article class="lesson" data-testid="drill" data-kind={kind.as_str()}>
            <nav class="lesson-nav">
                <button class="header-button" data-testid="back-to-index" onclick={back}>{ "← All lessons" }</button>
                <span class="lesson-index-spacer"></span>
                <button class="header-button" data-testid="switch-drill" onclick={next(other)}>{ other_title }</button>
            </nav>
            <h2 class="lesson-title">{ title }</h2>
            <p class="drill-lead">{ "A question generated for you; the engine grades it. There is always another." }</p>
            <ExerciseView key={exercise.id.clone()} state={props.state.clone()} slot={Slot::Drill} />
            <div class="drill-next">
                <button class="exercise-check" data-testid="next-drill" onclick={next(kind)}>{ "Next question →" }</button>
            </div>
        </article>
    }
}
