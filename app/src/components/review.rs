//! The review queue: the exercises due when it opened (missed ones, and
//! passed ones whose wait is over), each a fresh try; a Check reschedules
//! it (the progress's review card).

use yew::prelude::*;

use crate::components::exercise::ExerciseView;
use crate::state::{Action, LessonAction, Screen, Slot, State};

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(ReviewView)]
pub fn review_view(props: &ReviewProps) -> Html {
    let course = &props.state.course;
    let back = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(Screen::Index))))
    };
    let items = course.review.iter().map(|&(lesson, exercise)| {
        let title = course.lessons.get(lesson).map(|l| format!("{}. {}", l.number, l.title)).unwrap_or_default();
        let id = course.lessons.get(lesson).map(|l| l.id.clone()).unwrap_or_default();
        html! {
            <li class="review-item" data-testid="review-item" data-lesson={id.clone()} key={format!("{id}/{exercise}")}>
                <p class="review-from">{ "From lesson " }{ title }</p>
                <ExerciseView state={props.state.clone()} slot={Slot::Lesson { lesson, exercise }} />
            </li>
        }
    });
    let done = course
        .review
        .iter()
        .filter(|&&(lesson, exercise)| {
            course.attempt(Slot::Lesson { lesson, exercise }).grade.is_some_and(|g| g.passed)
        })
        .count();
    html! {
        <article class="lesson" data-testid="review">
            <nav class="lesson-nav">
                <button class="header-button" data-testid="back-to-index" onclick={back}>{ "← All lessons" }</button>
            </nav>
            <h2 class="lesson-title">{ "Review" }</h2>
            if course.review.is_empty() {
                <p class="review-empty">{ "Nothing is due. Exercises you miss come back here at once; the ones you pass return after a day, then two, four and longer." }</p>
            } else {
                <p class="review-lead" data-testid="review-count">{ format!("{} due · {done} passed this time. A miss brings an exercise straight back; a pass sends it further away.", course.review.len()) }</p>
                <ol class="review-items">{ for items }</ol>
            }
        </article>
    }
}
